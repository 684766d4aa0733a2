"""The dataset ships inside the wheel, and the installed layout runs from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fairstats.dataset import BUNDLED_DATASET
from tests.helpers import csv_rows, find_row, run_module

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("fairstats-*.whl")
    return built


def test_wheel_carries_the_one_copy_of_the_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "fairstats/data/fair2022.json" in names
        assert (
            archive.read("fairstats/data/fair2022.json")
            == (ROOT / "data" / "fair2022.json").read_bytes()
        )
        assert "fairstats/data/fairstats-dataset.schema.json" in names


def test_installed_layout_runs_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(site)}
    stdout = run_module("summary", "--format", "csv", cwd=elsewhere, env=environment)
    assert find_row(csv_rows(stdout), subject="signed", measure="projects")["value"] == "79"
    located = subprocess.run(
        [sys.executable, "-c", "import fairstats.dataset as d; print(d.BUNDLED_DATASET)"],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(located.stdout.strip()) == site / "fairstats" / "data" / "fair2022.json"


def test_source_checkout_finds_the_top_level_file() -> None:
    assert Path(BUNDLED_DATASET).is_file()
    assert Path(BUNDLED_DATASET).read_bytes() == (ROOT / "data" / "fair2022.json").read_bytes()
