"""The dataset ships inside the wheel, and the installed layout runs from any directory."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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
        assert (
            archive.read("fairstats/data/fairstats-dataset.schema.json")
            == (ROOT / "schema" / "fairstats-dataset.schema.json").read_bytes()
        )
        # one copy of each: the release files and the tests' version 1 copy are not shipped
        assert sorted(name for name in names if name.endswith(".json")) == [
            "fairstats/data/fair2022.json",
            "fairstats/data/fairstats-dataset.schema.json",
        ]


def test_wheel_metadata_declares_the_licence_it_ships(wheel: Path) -> None:
    """License-Expression needs metadata 2.4 (hatchling 1.27 on); the licence text ships."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        headers = archive.read(metadata_name).decode("utf-8").split("\n\n", 1)[0].splitlines()
        licence = metadata_name.replace("METADATA", "licenses/LICENSE")
        assert archive.read(licence) == (ROOT / "LICENSE").read_bytes()
    version = next(h.split(": ", 1)[1] for h in headers if h.startswith("Metadata-Version: "))
    assert tuple(int(part) for part in version.split(".")) >= (2, 4)
    assert "License-Expression: MIT" in headers
    assert "License-File: LICENSE" in headers


def test_installed_layout_runs_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(site)}
    stdout = run_module("summary", "--format", "csv", cwd=elsewhere, env=environment)
    dalian = find_row(csv_rows(stdout), scope="Dalian", measure="projects", statistic="value")
    assert (dalian["release"], dalian["value"]) == ("fair2022", "79")
    schema = json.loads(run_module("schema", cwd=elsewhere, env=environment))
    assert schema == json.loads((ROOT / "schema" / "fairstats-dataset.schema.json").read_bytes())
    located = subprocess.run(
        [
            sys.executable,
            "-c",
            "from fairstats.input import dataset as d;"
            "print(d.BUNDLED_DATASET); print(d.BUNDLED_SCHEMA)",
        ],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [Path(line) for line in located.stdout.splitlines()] == [
        site / "fairstats" / "data" / "fair2022.json",
        site / "fairstats" / "data" / "fairstats-dataset.schema.json",
    ]


def test_the_source_tree_holds_one_copy_of_each_bundled_file() -> None:
    """The wheel's build places the top-level files in the package (see the test above); a
    second copy under src/ would be found first by an editable install, and could drift."""
    assert not (ROOT / "src" / "fairstats" / "data").exists()
    assert sorted(path.name for path in (ROOT / "data").glob("*.json")) == ["fair2022.json"]
    assert (ROOT / "schema" / "fairstats-dataset.schema.json").is_file()


def test_the_pythons_claimed_are_the_pythons_ci_tests() -> None:
    """The classifiers name each Python .ci/run tests, and requires-python starts at the
    oldest: a claim that nothing tests would be a guess."""
    metadata = importlib.metadata.metadata("fairstats")
    claimed = [
        classifier.rsplit(" :: ", 1)[1]
        for classifier in metadata.get_all("Classifier") or []
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    ]
    listed = re.search(r'^PYTHONS="([^"]+)"$', (ROOT / ".ci" / "run").read_text(), re.M)
    assert listed, ".ci/run lists the Pythons it tests in PYTHONS"
    assert claimed == listed[1].split()
    assert metadata["Requires-Python"] == f">={claimed[0]}"
