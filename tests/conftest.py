"""Shared fixtures: the bundled dataset as raw JSON, writers for variants, and a CLI runner."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from fairstats.dataset import BUNDLED_DATASET
from tests.helpers import WriteDataset


@pytest.fixture(scope="session")
def bundled_document() -> dict[str, Any]:
    return json.loads(BUNDLED_DATASET.read_text(encoding="utf-8"))


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
