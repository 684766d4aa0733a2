"""What the cog blocks of README.md and docs/*.md print: the output of real commands at a stated
width, entries quoted from the real release files, the format reference rendered from the JSON
Schema, and every command's --help; and the manual page docs/fairstats.1, made of that help.

    cog -r -I docs README.md docs/*.md docs/fairstats.1          # regenerate
    cog --check -I docs README.md docs/*.md docs/fairstats.1     # CI: fails if a page is stale
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import cog
from click.testing import CliRunner

from fairstats.cli.commands import cli

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema" / "fairstats-dataset.schema.json"
# The same output on every machine: no colour, a stated width, no settings from the shell.
ENVIRONMENT = {"NO_COLOR": "1", "FAIRSTATS_DATA": None, "FAIRSTATS_FORMAT": None, "TERM": None}


def output(
    command: str,
    *,
    columns: int = 100,
    head: int | None = None,
    help_width: int | None = None,
    typed: str | None = None,
) -> str:
    """The text `fairstats ...` prints (and its exit status when not 0); `fairstats ... |
    fairstats ...` gives the second what the first printed. Help is laid out help_width wide,
    else 78 wide as in an 80-column terminal: click's test runner fixes that width, whatever
    COLUMNS says. `typed` is what the first command reads on standard input."""
    piped = typed
    for stage in command.split(" | "):
        args = shlex.split(stage)
        assert args[0] == "fairstats"
        environment = {**ENVIRONMENT, "COLUMNS": str(columns)}
        result = CliRunner().invoke(
            cli,
            args[1:],
            prog_name="fairstats",
            env=environment,
            input=piped,
            terminal_width=help_width,
        )
        piped = result.stdout
    text = result.stdout
    if head is not None:
        lines = text.splitlines()
        text = "\n".join(lines[:head]) + ("\n...\n" if len(lines) > head else "\n")
    if result.exit_code:
        text += f"(exit status {result.exit_code})\n"
    return text


def shell(command: str, *, columns: int = 100, head: int | None = None) -> None:
    """A fenced block: the command as typed, then what it prints."""
    cog.outl("```text")
    cog.outl(f"$ {command}")
    cog.out(output(command, columns=columns, head=head))
    cog.outl("```")


def typed_example(sentences: str, command: str, *, head: int | None = None) -> None:
    """A command reading sentences typed on standard input (a here-document), and its output."""
    cog.outl("```text")
    first, bar, rest = command.partition(" | ")
    cog.outl(f"$ {first} <<'END'{' ' + bar + rest if bar else ''}")
    cog.out(sentences)
    cog.outl("END")
    cog.out(output(command, head=head, typed=sentences))
    cog.outl("```")


def typo_example(columns: int = 120) -> None:
    """The excerpt drafted into a folder of its own, one digit of its countries (181) changed
    by hand, and checked there: the commands as typed, and what they print."""
    import shutil
    import tempfile

    # (os.chdir by hand: contextlib.chdir is Python 3.11's, and the docs build on 3.10 too)
    home = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(ROOT / "docs" / "ciie-2019-excerpt.txt", folder)
        os.chdir(folder)
        try:
            output("fairstats draft ciie-2019-excerpt.txt -o ciie-2019.json")
            written = Path("ciie-2019.json").read_text("utf-8")
            Path("ciie-2019.json").write_text(written.replace('"value": 181', '"value": 131'))
            cog.outl("```text")
            cog.outl("$ fairstats draft ciie-2019-excerpt.txt -o ciie-2019.json")
            cog.outl("$ # 181 countries typed as 131 in ciie-2019.json")
            command = "fairstats check -d ciie-2019.json"
            cog.outl(f"$ {command}")
            cog.out(output(command, columns=columns))
            cog.outl("```")
        finally:
            os.chdir(home)


def entries(release: str, key: str, *indices: int) -> None:
    """Entries of one list of a real release file, as a fenced JSON block."""
    document = json.loads((ROOT / "data" / "releases" / f"{release}.json").read_text("utf-8"))
    chosen = [document[key][index] for index in indices] if indices else document[key]
    cog.outl("```json")
    cog.outl(f'"{key}": [')
    for position, entry in enumerate(chosen):
        comma = "," if position < len(chosen) - 1 else ""
        cog.outl("  " + json.dumps(entry, ensure_ascii=False) + comma)
    cog.outl("]")
    cog.outl("```")


def entry(release: str, key: str) -> None:
    """One field of a real release file, as a fenced JSON block."""
    document = json.loads((ROOT / "data" / "releases" / f"{release}.json").read_text("utf-8"))
    cog.outl("```json")
    cog.outl(f'"{key}": ' + json.dumps(document[key], ensure_ascii=False, indent=2))
    cog.outl("```")


# The format reference ----------------------------------------------------------------------


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _type_of(schema: dict[str, Any], node: dict[str, Any], field: str = "") -> str:
    """A short name for what a field holds; a list of entries is named by its field."""
    if "anyOf" in node and any(option.get("type") == "null" for option in node["anyOf"]):
        node = next(option for option in node["anyOf"] if option.get("type") != "null")
    name = node["$ref"].rsplit("/", 1)[1] if "$ref" in node else None
    node = _resolve(schema, node)
    if "const" in node:
        return f"`{json.dumps(node['const'])}`"
    if "enum" in node:
        return " \\| ".join(f"`{value}`" for value in node["enum"])
    # a share's whole (ref) names its measure or not; every other quantity does
    names = {"scopes": "id or list of ids", "edition": "edition", "ref": "quantity"}
    names["quantity"] = names["ref"]
    if name in names:
        return names[name]
    if node.get("type") == "array":
        items = _resolve(schema, node.get("items", {}))
        if "oneOf" in items or items.get("type") == "object":
            return f"list of {field}" if field else "list"
        return f"list of {_type_of(schema, node.get('items', {}))}"
    if node.get("type") == "object":
        return "object"
    return name or str(node.get("type", "value"))


def _description(node: dict[str, Any]) -> str:
    text: str = node.get("description", "")
    if not text and "anyOf" in node:
        text = next((o.get("description", "") for o in node["anyOf"] if "description" in o), "")
    return text


def _fields_table(schema: dict[str, Any], node: dict[str, Any]) -> None:
    node = _resolve(schema, node)
    required = set(node.get("required", ()))
    cog.outl("| field | holds | required | meaning |")
    cog.outl("|---|---|---|---|")
    for name, field in node["properties"].items():
        if name in ("$schema", "type"):
            continue
        meaning = _description(field) or _description(_resolve(schema, field))
        cog.outl(
            f"| `{name}` | {_type_of(schema, field, name)} | {'yes' if name in required else ''} "
            f"| {meaning} |"
        )


def _items(schema: dict[str, Any], name: str) -> dict[str, Any]:
    node = schema["properties"][name]
    if "anyOf" in node:
        node = next(option for option in node["anyOf"] if option.get("type") != "null")
    items: dict[str, Any] = node["items"]
    return items


def reference() -> None:
    """Every part of the format, a table each, from the schema's own descriptions."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cog.outl(schema["description"])
    cog.outl()
    cog.outl("**The file**")
    cog.outl()
    _fields_table(schema, schema)
    parts = [
        ("fair", schema["properties"]["fair"]),
        ("a source (`sources`)", _items(schema, "sources")),
        ("a number left out (a source's `left_out`)", schema["$defs"]["left_out"]),
        ("a measure (`measures`)", _items(schema, "measures")),
        ("a scope (`scopes`)", _items(schema, "scopes")),
        ("a dimension (`dimensions`)", _items(schema, "dimensions")),
        ("a figure (`figures`)", _items(schema, "figures")),
        ("a quantity (in relations)", schema["$defs"]["ref"]),
    ]
    parts += [
        (f"a relation: `{kind}`", schema["$defs"][kind])
        for kind in ("share", "growth", "average", "record", "rank")
    ]
    parts += [
        ("a list (`lists`)", _items(schema, "lists")),
        ("a note (`notes`)", _items(schema, "notes")),
    ]
    for title, node in parts:
        cog.outl()
        description = _resolve(schema, node).get("description", "")
        heading = f"**{title[0].upper() + title[1:]}**"
        cog.outl(heading + (f": {description}" if description else ""))
        cog.outl()
        _fields_table(schema, node)
    cog.outl()
    cog.outl("**Values**")
    cog.outl()
    for name in (
        "id", "text", "number", "amount", "count", "currency", "date", "date-time", "moment",
        "scale", "edition", "scopes",
    ):  # fmt: skip
        cog.outl(f"- {name}: {schema['$defs'][name].get('description', '')}")


def _command_lines(command: click.Command, line: str) -> Iterator[str]:
    """`fairstats`, then each command under it as typed, subcommands after their group."""
    yield line
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            subcommand = command.get_command(context, name)
            assert subcommand is not None
            yield from _command_lines(subcommand, f"{line} {name}")


def help_reference() -> None:
    """Every command's --help, a section each, in the order `fairstats --help` lists them."""
    for line in _command_lines(cli, "fairstats"):
        cog.outl(f"### `{line}`")
        cog.outl()
        shell(f"{line} --help")
        cog.outl()


def chart(command: str, alt: str) -> None:
    """A chart command as typed, run from the top folder (it writes the image `-o` names, under
    docs/), and the image shown, linked from the page being generated."""
    args = shlex.split(command)
    assert args[0] == "fairstats"
    result = CliRunner().invoke(cli, args[1:], env=ENVIRONMENT)
    assert result.exit_code == 0, result.output
    cog.outl("```sh")
    cog.outl(command)
    cog.outl("```")
    cog.outl("")
    image = os.path.relpath(args[args.index("-o") + 1], os.path.dirname(cog.inFile))
    cog.outl(f"![{alt}]({Path(image).as_posix()})")


# The manual page ---------------------------------------------------------------------------


def _roff_literal(text: str) -> None:
    """Text as roff prints it unfilled: backslashes and hyphens escaped, and no line read as a
    request (one that starts with a dot or a quote)."""
    cog.outl(".nf")
    for line in text.rstrip("\n").split("\n"):
        escaped = line.replace("\\", "\\e").replace("-", "\\-")
        cog.outl("\\&" + escaped if escaped.startswith((".", "'")) else escaped)
    cog.outl(".fi")


def manual() -> None:
    """fairstats(1): the program's own --help, and each command's, narrow enough for the
    manual's indent in an 80-column terminal."""
    cog.outl('.TH FAIRSTATS 1 "" "fairstats" "User Commands"')
    cog.outl(".SH NAME")
    summary = cli.get_short_help_str(limit=200).rstrip(".")
    cog.outl("fairstats \\- " + (summary[0].lower() + summary[1:]).replace("-", "\\-"))
    cog.outl(".SH SYNOPSIS")
    cog.outl(".B fairstats")
    cog.outl('.RI [ OPTIONS ] " COMMAND " [ ARGS ]...')
    cog.outl(".SH DESCRIPTION")
    lines = list(_command_lines(cli, "fairstats"))
    _roff_literal(output(f"{lines[0]} --help", help_width=72))
    cog.outl(".SH COMMANDS")
    for line in lines[1:]:
        cog.outl(f'.SS "{line}"')
        _roff_literal(output(f"{line} --help", help_width=72))
    cog.outl(".SH SEE ALSO")
    cog.outl("The pages of docs/ in the source, and the site built from them:")
    cog.outl("the guide to checking a release, the dataset format, output formats,")
    cog.outl("machine columns, exit codes and input safety.")
