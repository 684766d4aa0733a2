"""The value-type base of the model."""

from __future__ import annotations

import pytest

from fairstats.model.record import COMPILE_AFTER, Record
from fairstats.model.release import THIS, Edition, Note


class Point(Record):
    x: int
    y: int = 0
    label: str = ""


class Pair(Record):
    """Point's fields under another name: equal values, another type."""

    x: int
    y: int = 0
    label: str = ""


class Labelled(Record, kw_only=True):
    label: str


class LabelledPoint(Labelled, kw_only=True):
    x: int = 0


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
        ((1,), {"x": 2}, "got multiple values for argument 'x'"),
        ((1,), {"z": 2}, "Point: unexpected or repeated 'z'"),
    ],
)
def test_wrong_arguments_are_refused(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        Point(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "Busy: missing 'x'"),
        ((1, 2, "a", 4), {}, "Busy takes 3 values"),
        ((1,), {"x": 2}, "got multiple values for argument 'x'"),
        ((1,), {"z": 2}, "Busy: unexpected or repeated 'z'"),
    ],
)
def test_a_compiled_init_behaves_as_the_generic_one(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    """A class that has made many records gets a compiled __init__: same values, same
    refusals."""

    class Busy(Record):
        x: int
        y: int = 0
        label: str = ""

    for index in range(COMPILE_AFTER + 1):
        assert Busy(index, label="a") == Busy(x=index, y=0, label="a")
    assert Busy.__init__ is not Point.__init__  # compiled: its own
    with pytest.raises(TypeError, match=message):
        Busy(*args, **kwargs)


def test_attributes_are_stored_in_field_order_whatever_order_they_are_named_in() -> None:
    """The generic and the compiled __init__ store fields in one order, so that the instances
    of a class share one key table (a different order costs each record its own)."""

    class Stored(Record):
        x: int
        y: int = 0
        label: str = ""

    records = [Stored(label="a", y=2, x=index) for index in range(COMPILE_AFTER + 2)]
    assert Stored.__init__ is not Point.__init__
    assert {tuple(vars(record)) for record in (records[0], records[-1])} == {("x", "y", "label")}


def test_equality_needs_the_same_type() -> None:
    assert Point(1, 2) != Pair(1, 2)
    assert Edition("year", 2022) != Note("year", 2022)  # type: ignore[arg-type]
    assert Edition("year", 2022) == Edition(kind="year", number=2022)
    assert Edition("this") == THIS


def test_fields_are_inherited_and_kw_only_is_accepted() -> None:
    # `kw_only=True` is for type checkers; a subclass adds its fields after its base's
    assert LabelledPoint._fields == ("label", "x")
    assert LabelledPoint(label="a") == LabelledPoint("a", 0)  # type: ignore[misc]
    with pytest.raises(TypeError, match="LabelledPoint: missing 'label'"):
        LabelledPoint(x=1)
