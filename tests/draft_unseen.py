"""How `draft` does on releases it was not tuned on: the held-out texts in /work/unseen (beside
the checkout; kept out of the repository), each against its reviewed dataset in data/releases.

Besides the figures of `tests.draft_metrics`, two that matter most on an unseen release:
- false conflicts: statements `check` finds inconsistent on the draft (the reviewed files have
  none, so every one is a false alarm);
- scopes to fix: the draft's scopes that are neither the fair nor named as a scope or a category
  in the reviewed file, nor a piece of such a name (compared without spaces, traditional
  characters read as simplified).

`python -m tests.draft_unseen` prints the table.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from fairstats.cli.commands import cli
from fairstats.input import jsonfile
from fairstats.input.drafting import draft
from fairstats.input.drafttext import prepare
from fairstats.input.jsonwrite import version_2_text
from fairstats.model.record import Record
from tests.draft_metrics import HEADERS, RELEASES, ROOT, Row, cells, compare, total

UNSEEN = ROOT.parent / "unseen"
# Each held-out text and the reviewed dataset it is compared with.
HELD_OUT = {
    "xiqiahui-2021": "xiqiahui-2021",
    "touqiahui-2024": "cifit-2024-closing",
    "xibohui-2013": "xibohui-2013",
    "silkroad-2023": "silkroad-2023",
    "canton-2018-spring": "canton-2018-spring",
}


class Unseen(Record):
    row: Row
    false_conflicts: int
    scopes_to_fix: list[str]


def measure(name: str) -> Unseen:
    text = (UNSEEN / f"{name}.txt").read_text("utf-8")
    dataset = jsonfile.load(str(RELEASES / f"{HELD_OUT[name]}.json"))
    drafted = draft(text)
    return Unseen(
        compare(name, text, dataset, drafted),
        len(false_conflicts(drafted)),
        scopes_to_fix(drafted, dataset),
    )


def false_conflicts(drafted: dict[str, Any]) -> list[str]:
    """The statements `check` finds inconsistent in a draft (a conflict is a row of its own)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.json"
        path.write_text(version_2_text(drafted, "  "), "utf-8")
        result = CliRunner().invoke(cli, ["check", "-f", "json", "-d", str(path)])
    assert result.exit_code in (0, 1), result.output
    rows = json.loads(result.stdout)["rows"]
    return [
        row["check"]
        for row in rows
        if row["verdict"] == "inconsistent" and row["rule"] != "conflict"
    ]


def scopes_to_fix(drafted: dict[str, Any], dataset: dict[str, Any]) -> list[str]:
    known = {_plain(scope["name"]) for scope in dataset["scopes"]}
    for dimension in dataset.get("dimensions") or []:
        known |= {_plain(category["name"]) for category in dimension["categories"]}
    top = drafted["scopes"][0]["id"]
    names = [s["name"] for s in drafted["scopes"] if s["id"] != top]
    names += [c["name"] for d in drafted.get("dimensions") or [] for c in d["categories"]]
    # a name that is a piece of the reviewed one (内资 of 內資項目) names the same scope
    return [name for name in names if not any(_plain(name) in scope for scope in known)]


def _plain(name: str) -> str:
    return "".join(prepare(name).folded.split())


def table(results: list[Unseen]) -> str:
    from tabulate import tabulate

    lines = [
        [*cells(result.row), result.false_conflicts, len(result.scopes_to_fix)]
        for result in results
    ]
    lines.append(
        [
            *cells(total([result.row for result in results])),
            sum(result.false_conflicts for result in results),
            sum(len(result.scopes_to_fix) for result in results),
        ]
    )
    headers = [*HEADERS, "false conflicts", "scopes to fix"]
    return tabulate(lines, headers, tablefmt="github")


def main() -> None:
    results = [measure(name) for name in HELD_OUT if (UNSEEN / f"{name}.txt").is_file()]
    print(table(results))
    for result in results:
        if result.scopes_to_fix:
            print(f"{result.row.name}: {', '.join(result.scopes_to_fix)}")


if __name__ == "__main__":
    main()
