"""The value-type base of the model."""

from __future__ import annotations

import pytest

from fairstats.model import Category, Totals
from fairstats.record import Record


class Point(Record):
    x: int
    y: int = 0
    label: str = ""


def test_fields_defaults_and_names() -> None:
    assert Point._fields == ("x", "y", "label")
    assert Point(1) == Point(x=1, y=0, label="")
    assert Point(1, 2, label="a").label == "a"
    assert repr(Point(1, 2)) == "Point(x=1, y=2, label='')"


def test_records_are_immutable_and_hashable() -> None:
    point = Point(1, 2)
    with pytest.raises(AttributeError, match="Point is immutable"):
        point.x = 3  # type: ignore[misc]
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "Point: missing 'x'"),
        ((1, 2, "a", 4), {}, "Point takes 3 values"),
        ((1,), {"x": 2}, "Point: unexpected or repeated 'x'"),
        ((1,), {"z": 2}, "Point: unexpected or repeated 'z'"),
    ],
)
def test_wrong_arguments_are_refused(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        Point(*args, **kwargs)


def test_equality_needs_the_same_type() -> None:
    assert Totals(1, None) != Category("a", 1, None)  # type: ignore[arg-type]
    assert Totals(1, None) == Totals(projects=1, investment=None)
