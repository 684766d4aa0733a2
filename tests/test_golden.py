"""Whole outputs pinned: each command's output in each format is compared, byte for byte,
with its committed file in tests/golden/. After an intended change, `python -m tests.golden`
rewrites them, and the diff shows what changed."""

from __future__ import annotations

import json

import pytest

from tests.golden import EXIT_CODES, GOLDEN, cases, output

CASES = dict(cases())


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_the_committed_one(name: str) -> None:
    code, text = output(CASES[name])
    assert code == json.loads(EXIT_CODES.read_text(encoding="utf-8"))[name]
    with open(GOLDEN / name, encoding="utf-8", newline="") as committed:
        expected = committed.read()
    assert text == expected, f"stale tests/golden/{name}: run python -m tests.golden"


def test_every_committed_output_is_a_case() -> None:
    committed = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.*")}
    assert committed - {EXIT_CODES.name} == set(CASES)
    assert set(json.loads(EXIT_CODES.read_text(encoding="utf-8"))) == set(CASES)
