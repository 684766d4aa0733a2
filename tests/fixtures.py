"""Small version 2 documents for tests: a fair, a source, two measures, and what a test adds."""

from __future__ import annotations

import copy
from typing import Any

PROJECTS = {"id": "projects", "name": "projects", "kind": "count", "item": "project"}
INVESTMENT = {
    "id": "investment",
    "name": "investment",
    "kind": "amount",
    "unit": "CNY",
    "scale": "yi",
    "per": "projects",
}


def release(
    *,
    year: int = 2024,
    ordinal: int | None = None,
    fair: str = "test-fair",
    scopes: list[dict[str, Any]] | None = None,
    figures: list[dict[str, Any]] | None = None,
    relations: list[dict[str, Any]] | None = None,
    dimensions: list[dict[str, Any]] | None = None,
    sources: list[dict[str, Any]] | None = None,
    measures: list[dict[str, Any]] | None = None,
    **fair_fields: Any,
) -> dict[str, Any]:
    """A valid document with one scope `all` unless given others."""
    document: dict[str, Any] = {
        "schema_version": 2,
        "fair": {"id": fair, "name": "Test Fair", "year": year, **fair_fields},
        "sources": sources or [{"id": "release", "title": "A release"}],
        "measures": copy.deepcopy(measures or [PROJECTS, INVESTMENT]),
        "scopes": scopes or [{"id": "all", "name": "All"}],
    }
    if ordinal is not None:
        document["fair"]["ordinal"] = ordinal
    for key, value in (("figures", figures), ("relations", relations), ("dimensions", dimensions)):
        if value is not None:
            document[key] = value
    return document


def figure(scope: str, measure: str, value: Any, **extra: Any) -> dict[str, Any]:
    return {"scope": scope, "measure": measure, "value": value, **extra}


def ref(scope: str | list[str], measure: str | None = None, **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"scope": scope, **extra}
    if measure is not None:
        found["measure"] = measure
    return found
