"""The loader on the bundled file, and its exact messages for files it must refuse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fairstats.dataset import BUNDLED_DATASET, load_dataset
from fairstats.errors import DataError
from tests.helpers import WriteDataset


def test_bundled_dataset_holds_the_source_figures_exactly() -> None:
    dataset = load_dataset()
    assert dataset.file == str(BUNDLED_DATASET)
    assert (dataset.fair.short_name, dataset.fair.edition, dataset.fair.city) == (
        "Liao Fair",
        2022,
        "Shenyang",
    )
    assert (dataset.fair.start_date, dataset.fair.end_date) == (
        date(2022, 11, 18),
        date(2022, 11, 20),
    )
    assert len(dataset.fair.sponsors) == 3
    assert (dataset.currency, dataset.amount_unit) == ("CNY", "billion")
    (dalian,) = dataset.delegations
    assert dalian.signed.projects == 79
    assert dalian.signed.investment == Decimal("241.537")
    assert dalian.region_total.projects is None
    assert dalian.region_total.investment is None
    assert dalian.reported_share_of_region.investment == Decimal("42.4")
    assert dalian.reported_growth.projects == Decimal("338.9")
    assert dalian.reported_growth.investment == Decimal("131.2")
    funding, signing = dalian.breakdowns
    assert [(c.projects, c.investment) for c in funding.categories] == [
        (16, Decimal("12.047")),
        (63, Decimal("229.49")),
    ]
    assert [(c.projects, c.investment) for c in signing.categories] == [
        (6, Decimal("55.5")),
        (73, Decimal("186.037")),
    ]
    figures = {f.name: f for a in dalian.activities for f in a.figures}
    assert figures["area"].value == 1053
    assert figures["area"].unit == "m²"
    assert figures["sections"].named is not None
    assert len(figures["sections"].named.items) == 6
    assert str(figures["contracted amount"].value) == "0.900"  # 900 million, to the million


def test_printed_precision_is_kept() -> None:
    """229.49 is not 229.490: the number of printed decimals is part of the figure."""
    (dalian,) = load_dataset().delegations
    amounts = [c.investment for b in dalian.breakdowns for c in b.categories]
    assert [str(a) for a in amounts] == ["12.047", "229.49", "55.5", "186.037"]


def _set(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def _delete(document: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    target = document
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return document


D0 = ("delegations", 0)

CONTENT_ERRORS = [
    (
        (*D0, "signed", "projects"),
        "79",
        '$.delegations[0].signed.projects: expected a whole number, got "79"',
    ),
    (
        (*D0, "signed", "projects"),
        79.0,
        "$.delegations[0].signed.projects: expected a whole number, got 79.0",
    ),
    (
        (*D0, "signed", "projects"),
        True,
        "$.delegations[0].signed.projects: expected a whole number, got true",
    ),
    (
        (*D0, "signed", "projects"),
        None,
        "$.delegations[0].signed.projects: expected a whole number, got null",
    ),
    (
        (*D0, "signed", "projects"),
        -1,
        "$.delegations[0].signed.projects: must not be negative, got -1",
    ),
    (
        (*D0, "signed", "investment"),
        [1],
        "$.delegations[0].signed.investment: expected a number, got a list",
    ),
    (
        (*D0, "signed", "investment"),
        -0.5,
        "$.delegations[0].signed.investment: must not be negative, got -0.5",
    ),
    (
        (*D0, "breakdowns", 1, "categories", 0, "investment"),
        "55.5",
        '$.delegations[0].breakdowns[1].categories[0].investment: expected a number, got "55.5"',
    ),
    (
        ("fair", "start_date"),
        "18/11/2022",
        '$.fair.start_date: expected a date as YYYY-MM-DD, got "18/11/2022"',
    ),
    (("fair", "name"), "", "$.fair.name: expected text, got an empty string"),
    (("fair", "name"), 5, "$.fair.name: expected text, got 5"),
    (
        ("amount_unit",),
        "trillion",
        '$.amount_unit: expected one of yuan, wan, million, yi, billion, got "trillion"',
    ),
    (
        ("schema_version",),
        2,
        "$.schema_version: unsupported schema version 2 (this fairstats reads 1)",
    ),
    (("delegations",), [], "$.delegations: expected at least one entry, got an empty list"),
    (("delegations",), {}, "$.delegations: expected a list, got an object"),
    (
        ("schema_version",),
        10**40,
        "$.schema_version: number out of range (a number with 41 digits)",
    ),
    (("fair", "surprise"), 1, '$.fair: unknown field "surprise"'),
    (
        (*D0, "signed"),
        {"projects": 1},
        '$.delegations[0].signed: missing required field "investment"',
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), CONTENT_ERRORS)
def test_content_errors_name_the_json_path(
    document: dict[str, Any],
    write_dataset: WriteDataset,
    path: tuple[Any, ...],
    value: Any,
    message: str,
) -> None:
    file = write_dataset(_set(document, path, value))
    with pytest.raises(DataError) as caught:
        load_dataset(file)
    assert str(caught.value) == f"{file}: {message}"


def test_a_missing_required_field_is_named(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    file = write_dataset(_delete(document, ("source", "publisher")))
    with pytest.raises(DataError) as caught:
        load_dataset(file)
    assert str(caught.value) == f'{file}: $.source: missing required field "publisher"'


def test_duplicate_names_are_refused(document: dict[str, Any], write_dataset: WriteDataset) -> None:
    categories = document["delegations"][0]["breakdowns"][0]["categories"]
    categories[1]["name"] = categories[0]["name"]
    file = write_dataset(document)
    with pytest.raises(DataError) as caught:
        load_dataset(file)
    assert str(caught.value) == (
        f'{file}: $.delegations[0].breakdowns[0].categories[1]: duplicate category "foreign-funded"'
    )


def test_disagreeing_figures_still_load(
    document: dict[str, Any], write_dataset: WriteDataset
) -> None:
    """Inconsistent figures are `check`'s business, not the loader's."""
    document["delegations"][0]["signed"]["projects"] = 80
    document["delegations"][0]["reported_share_of_region"]["investment"] = 142.4
    (delegation,) = load_dataset(write_dataset(document)).delegations
    assert delegation.signed.projects == 80


def test_absent_optional_parts_load(write_dataset: WriteDataset, document: dict[str, Any]) -> None:
    minimal = {
        key: document[key]
        for key in ("schema_version", "fair", "source", "currency", "amount_unit")
    }
    minimal["delegations"] = [
        {"name": "A", "region": "R", "signed": {"projects": 0, "investment": 0}}
    ]
    (delegation,) = load_dataset(write_dataset(minimal)).delegations
    assert delegation.breakdowns == ()
    assert delegation.reported_growth.projects is None
    assert delegation.region_total.investment is None


SYNTAX_ERRORS = [
    (b"", "empty file, expected a JSON object"),
    (
        b'{"schema_version": 1,',
        "1:22: unexpected end of file (expecting property name enclosed in double quotes)",
    ),
    (b'{"a": 1} x', "1:10: unexpected data after the JSON document"),
    (b'{"a": NaN}', "1:7: NaN is not a JSON number"),
    (b'{"a": "x", "b": -Infinity}', "1:17: -Infinity is not a JSON number"),
    (b'{\n  "a": \xff}', "2:8: not UTF-8: invalid byte 0xff"),
    ('{"a": 1}'.encode("utf-16"), "not UTF-8: it starts with a UTF-16 or UTF-32 byte-order mark"),
    (b"[" * 100_000, "nesting too deep to be a dataset"),
    (b"[1, 2]", "$: expected an object, got a list"),
    (b'{"schema_version": 1, "schema_version": 1}', '$: duplicate key "schema_version"'),
]


@pytest.mark.parametrize(("content", "message"), SYNTAX_ERRORS)
def test_unreadable_files_are_refused_with_their_place(
    write_dataset: WriteDataset, content: bytes, message: str
) -> None:
    file = write_dataset(content)
    with pytest.raises(DataError) as caught:
        load_dataset(file)
    separator = "" if message[0].isdigit() else " "
    assert str(caught.value) == f"{file}:{separator}{message}"


def test_missing_file_and_directory(tmp_path: Any) -> None:
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path / "absent.json")
    assert str(caught.value) == f"{tmp_path / 'absent.json'}: no such file"
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a dataset file"


def test_a_utf8_byte_order_mark_is_accepted(
    write_dataset: WriteDataset, bundled_document: dict[str, Any]
) -> None:
    import json

    file = write_dataset(b"\xef\xbb\xbf" + json.dumps(bundled_document).encode())
    assert load_dataset(file).delegations[0].signed.projects == 79


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("1e400", "1E+400"),
        ("1e-400", "1E-400"),
        ("0.0000000000001", "0.0000000000001"),
        ("1000000000000000000000.5", "1000000000000000000000.5"),
    ],
)
def test_numbers_out_of_range_are_refused(
    write_dataset: WriteDataset, number: str, shown: str
) -> None:
    text = (
        Path(BUNDLED_DATASET)
        .read_text(encoding="utf-8")
        .replace('"investment": 241.537', f'"investment": {number}')
    )
    file = write_dataset(text)
    with pytest.raises(DataError) as caught:
        load_dataset(file)
    assert (
        str(caught.value)
        == f"{file}: $.delegations[0].signed.investment: number out of range ({shown})"
    )


@pytest.mark.parametrize(
    ("published", "accepted"),
    [
        ("2022-11-21T14:24", True),
        ("2022-11-21T14:24:05", True),
        ("2022-11-21T14:24Z", True),
        ("2022-11-21T14:24:05+08:00", True),
        ("2022-11-21 14:24", False),
        ("2022-11-21", False),
        ("2022-13-21T14:24", False),
        ("２０２２-11-21T14:24", False),
    ],
)
def test_publication_date_times(
    document: dict[str, Any], write_dataset: WriteDataset, published: str, accepted: bool
) -> None:
    document["source"]["published"] = published
    file = write_dataset(document)
    if accepted:
        assert load_dataset(file).source.published == published
    else:
        with pytest.raises(DataError, match=r"\$\.source\.published: expected a date-time"):
            load_dataset(file)


@pytest.mark.parametrize(
    "day", ["2022-02-30", "22-11-18", "2022-1-18", "2022/11/18", "２０２２-11-18"]
)
def test_malformed_dates_are_refused(
    document: dict[str, Any], write_dataset: WriteDataset, day: str
) -> None:
    document["fair"]["start_date"] = day
    with pytest.raises(DataError, match=r"\$\.fair\.start_date: expected a date as YYYY-MM-DD"):
        load_dataset(write_dataset(document))


def test_negative_zero_is_zero(write_dataset: WriteDataset) -> None:
    text = (
        Path(BUNDLED_DATASET)
        .read_text(encoding="utf-8")
        .replace('"investment": 12.047', '"investment": -0.0')
    )
    (delegation,) = load_dataset(write_dataset(text)).delegations
    assert str(delegation.breakdowns[0].categories[0].investment) == "0.0"
