"""Shared fixtures: the bundled dataset as raw JSON, writers for variants, and release files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from fairstats.input.dataset import BUNDLED_DATASET
from tests.helpers import WriteDataset

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "data" / "releases"


@pytest.fixture(scope="session")
def bundled_document() -> dict[str, Any]:
    return json.loads(Path(BUNDLED_DATASET).read_text(encoding="utf-8"))


@pytest.fixture
def document(bundled_document: dict[str, Any]) -> dict[str, Any]:
    """A fresh copy of the bundled dataset's JSON, for a test to change."""
    return copy.deepcopy(bundled_document)


@pytest.fixture
def write_dataset(tmp_path: Path) -> WriteDataset:
    """Write a JSON document (or raw text/bytes) to a file and return its path."""
    counter = iter(range(1_000_000))

    def write(content: Any, name: str | None = None) -> Path:
        path = tmp_path / (name or f"dataset{next(counter)}.json")
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def baseline_document(bundled_document: dict[str, Any]) -> dict[str, Any]:
    """An invented earlier edition (2021) of the same fair, for `--baseline` tests.

    Its totals are the ones the 2022 release's growth rates imply (18 projects, 104.471
    billion), so the computed growth agrees with the reported rates within their rounding.
    """
    earlier = copy.deepcopy(bundled_document)
    earlier["fair"].update(year=2021, start_date="2021-11-19", end_date="2021-11-21")
    earlier["sources"][0].update(title="An earlier release", published="2021-11-22T10:00")
    earlier["figures"] = [
        {"scope": "dalian", "measure": "projects", "value": 18},
        {"scope": "dalian", "measure": "investment", "value": 104.471},
        {"scope": "foreign-funded", "measure": "projects", "value": 5},
        {"scope": "foreign-funded", "measure": "investment", "value": 3.2},
        {"scope": "domestic-funded", "measure": "projects", "value": 13},
        {"scope": "domestic-funded", "measure": "investment", "value": 101.271},
    ]
    earlier["relations"] = []
    del earlier["lists"], earlier["notes"]
    return earlier
