"""Every way writing the output can fail ends cleanly: no traceback, at most one line on
stderr, and a documented exit status (141 when the reader went away, 74 when the output could
not be written), which wins over check's 1. These run fairstats as a process, since the
streams are the process's own."""

from __future__ import annotations

import codecs
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairstats.output import streams
from tests.conftest import RELEASES, ROOT
from tests.fixtures import figure, release
from tests.helpers import WriteDataset, csv_rows, run

FAIRSTATS = [sys.executable, "-m", "fairstats"]
REUTERS = str(RELEASES / "ciie-2021-reuters.json")  # check exits 1 on it
HAS_DEV_FULL = Path("/dev/full").exists()


def _environment(**extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FAIRSTATS")}
    environment.pop("PYTHONUNBUFFERED", None)
    return {**environment, "NO_COLOR": "1", **extra}


def _run(args: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
    options.setdefault("env", _environment())
    return subprocess.run([*FAIRSTATS, *args], cwd=ROOT, check=False, **options)


def _with_closed(redirection: str, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """fairstats started by a shell with one of its streams closed (`>&-`, `<&-`)."""
    command = " ".join(shlex.quote(word) for word in [*FAIRSTATS, *args])
    return subprocess.run(
        ["sh", "-c", f"exec {command} {redirection}"],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        check=False,
    )


def _one_line_or_none(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    assert text.count("\n") <= 1, text
    return text


@pytest.fixture
def large(write_dataset: WriteDataset) -> Path:
    """A dataset whose csv summary is far larger than a pipe's buffer (64 KiB)."""
    categories = [{"id": f"c{i}", "name": f"category {i}"} for i in range(3000)]
    return write_dataset(
        release(
            scopes=[{"id": "all", "name": "All"}],
            dimensions=[
                {"id": "by", "name": "by kind", "of": "all", "complete": False,
                 "categories": categories}
            ],
            figures=[figure(c["id"], "projects", 1) for c in categories],
        )
    )  # fmt: skip


def _closed_reader() -> Iterator[int]:
    read, write = os.pipe()
    os.close(read)  # every write to `write` now fails with EPIPE
    try:
        yield write
    finally:
        os.close(write)


@pytest.fixture
def closed_pipe() -> Iterator[int]:
    yield from _closed_reader()


# The reader goes away ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "-f", "csv"],
        ["summary"],
        ["--help"],
        ["--version"],
        ["summary", "--help"],
        ["schema"],
        ["check", "-d", REUTERS],
    ],
    ids=["csv", "table", "help", "version", "command-help", "schema", "check-inconsistent"],
)
def test_a_reader_that_is_gone_gives_141(closed_pipe: int, args: list[str]) -> None:
    result = _run(args, stdout=closed_pipe, stderr=subprocess.PIPE)
    assert result.returncode == streams.EXIT_CLOSED_PIPE
    assert _one_line_or_none(result.stderr) == ""


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("output_format", ["csv", "tsv", "json", "table"])
def test_a_reader_that_leaves_early_is_never_a_0(
    large: Path, unbuffered: bool, output_format: str
) -> None:
    """The reader takes one line and goes: a large output cannot all be written, and the
    status says so (an unbuffered stream once dropped the rest in silence, with 0)."""
    environment = _environment(**({"PYTHONUNBUFFERED": "1"} if unbuffered else {}))
    with subprocess.Popen(
        [*FAIRSTATS, "summary", "-d", str(large), "-f", output_format],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait() == streams.EXIT_CLOSED_PIPE
    assert _one_line_or_none(stderr) == ""


def test_an_output_that_fits_the_pipe_is_written_whole_with_0() -> None:
    with subprocess.Popen(
        [*FAIRSTATS, "--version"], cwd=ROOT, env=_environment(), stdout=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.wait() == 0  # written into the pipe before anyone read it
        assert process.stdout.read().decode() == f"fairstats {_version()}\n"


def _version() -> str:
    from fairstats import __version__

    return __version__


# The output cannot be written ----------------------------------------------------------------


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["summary"], ["summary", "-f", "json"], ["--help"], ["check", "-d", REUTERS]],
    ids=["table", "json", "help", "check-inconsistent"],
)
def test_a_full_disk_gives_74_and_one_line(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = _run(args, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == streams.EXIT_WRITE_FAILED
    assert _one_line_or_none(result.stderr) == (
        "fairstats: standard output: cannot write: No space left on device\n"
    )


@pytest.mark.parametrize("args", [["summary", "-f", "csv"], ["--version"]])
def test_a_closed_stdout_gives_74_and_one_line(args: list[str]) -> None:
    result = _with_closed(">&-", args)
    assert result.returncode == streams.EXIT_WRITE_FAILED
    assert _one_line_or_none(result.stderr) == (
        "fairstats: standard output: cannot write: it is closed\n"
    )


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
def test_an_unwritable_stderr_keeps_the_exit_status() -> None:
    with open("/dev/full", "wb") as full:
        bad = _run(["summary", "-d", "no-such-file.json"], stdout=subprocess.PIPE, stderr=full)
        usage = _run(["summary", "--no-such-option"], stdout=subprocess.PIPE, stderr=full)
    assert (bad.returncode, bad.stdout) == (2, b"")
    assert (usage.returncode, usage.stdout) == (2, b"")


def test_an_ascii_only_stdout_gets_escapes_and_valid_json() -> None:
    environment = _environment(PYTHONIOENCODING="ascii")
    document = _run(["summary", "-f", "json"], env=environment, stdout=subprocess.PIPE)
    assert document.returncode == 0
    assert document.stdout.isascii()
    rows = json.loads(document.stdout)["rows"]
    assert any(row["unit"] == "m²" for row in rows)  # written \u00b2, read back exact
    text = _run(["summary", "-f", "csv"], env=environment, stdout=subprocess.PIPE)
    assert text.returncode == 0
    assert b"m\\xb2" in text.stdout  # csv and tables escape what the encoding lacks


def test_an_ascii_only_stderr_gets_escapes() -> None:
    environment = _environment(PYTHONIOENCODING="ascii")
    bad = _run(["summary", "-d", "donn\u00e9es-\u20ac.json"], env=environment, capture_output=True)
    assert bad.returncode == 2
    assert bad.stderr == b"fairstats: donn\\xe9es-\\u20ac.json: no such file\n"
    usage = _run(["summary", "--n\u00f6"], env=environment, capture_output=True)
    assert usage.returncode == 2
    assert usage.stderr.isascii()
    assert b"Error: No such option '--n\\xf6'" in usage.stderr


# -o FILE -----------------------------------------------------------------------------------


def test_output_goes_to_the_file(tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    result = run("summary", "-f", "csv", "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert csv_rows(target.read_text(encoding="utf-8")) == csv_rows(
        run("summary", "-f", "csv").stdout
    )
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]  # no temporary left


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(ROOT / "data" / "fair2022.json"), "-f", "csv"],
        ["schema"],
        ["upgrade", str(ROOT / "tests" / "data" / "fair2022-v1.json")],
    ],
    ids=["validate", "schema", "upgrade"],
)
def test_every_command_writes_to_a_file(tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "out"
    result = run(*args, "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == run(*args).stdout


@pytest.mark.parametrize(
    "args",
    [
        ["summary"],
        ["summary", "-f", "xlsx"],
        ["validate", str(ROOT / "data" / "fair2022.json")],
        ["schema"],
        ["upgrade", str(ROOT / "tests" / "data" / "fair2022-v1.json")],
    ],
    ids=["summary", "xlsx", "validate", "schema", "upgrade"],
)
def test_an_empty_output_name_is_refused_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run(*args, "-o", "")
    assert result.exit_code == 2
    assert result.stderr == "fairstats: -o/--output: the file name is empty ('-' is stdout)\n"
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == [work]  # no temporary file beside the folder
    assert list(work.iterdir()) == []


def _inputs_named_as_output(tmp_path: Path) -> Iterator[tuple[list[str], Path, str]]:
    """Commands whose -o names a file they read, however it is spelt: the arguments, the
    file, and the name -o gives it."""
    data = tmp_path / "data"
    data.mkdir()
    dataset = data / "fair.json"
    dataset.write_bytes((ROOT / "data" / "fair2022.json").read_bytes())
    earlier = data / "earlier.json"
    earlier.write_bytes((RELEASES / "wmc-2019.json").read_bytes())
    old = tmp_path / "old.json"
    old.write_bytes((ROOT / "tests" / "data" / "fair2022-v1.json").read_bytes())
    (tmp_path / "link.json").symlink_to(dataset)
    os.link(dataset, tmp_path / "hard.json")
    yield ["summary", "-d", str(dataset)], dataset, str(dataset)
    yield ["summary", "-d", str(data)], dataset, str(dataset)  # in a folder read
    yield ["summary", "-d", str(dataset)], dataset, str(tmp_path / "link.json")
    yield ["summary", "-d", str(dataset)], dataset, str(tmp_path / "hard.json")
    yield ["check", "-d", str(dataset)], dataset, f"{data}/../data/./fair.json"
    yield ["growth", "-d", str(dataset), "--baseline", str(earlier)], earlier, str(earlier)
    yield ["validate", str(earlier), str(dataset), "-f", "xlsx"], dataset, str(dataset)
    yield ["upgrade", str(old)], old, str(old)


def test_output_naming_an_input_is_refused(tmp_path: Path) -> None:
    for args, read, named in _inputs_named_as_output(tmp_path):
        before = read.read_bytes()
        result = run(*args, "-o", named)
        assert result.exit_code == 2, args
        assert result.stderr == (
            f"fairstats: -o {named} is the input {read}: the output would replace it\n"
        )
        assert read.read_bytes() == before
    assert not list(tmp_path.rglob(".fairstats-*"))


def test_output_naming_the_bundled_dataset_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fairstats.input import dataset

    bundled = tmp_path / "fair2022.json"  # a copy: the test must not risk the real one
    bundled.write_bytes(Path(dataset.BUNDLED_DATASET).read_bytes())
    monkeypatch.setattr(dataset, "BUNDLED_DATASET", str(bundled))
    result = run("summary", "-o", bundled)
    assert result.exit_code == 2
    assert result.stderr == (
        f"fairstats: -o {bundled} is the bundled dataset (fair2022.json): the output would "
        "replace it\n"
    )
    assert bundled.read_bytes() == Path(ROOT / "data" / "fair2022.json").read_bytes()


@pytest.mark.parametrize("args", [["summary", "-d", "-"], ["validate", "-"], ["upgrade", "-"]])
def test_output_naming_the_file_on_stdin_is_refused(tmp_path: Path, args: list[str]) -> None:
    version_1 = ROOT / "tests" / "data" / "fair2022-v1.json"
    source = version_1 if args[0] == "upgrade" else ROOT / "data" / "fair2022.json"
    dataset = tmp_path / "fair.json"
    dataset.write_bytes(source.read_bytes())
    before = dataset.read_bytes()
    with dataset.open("rb") as stdin:
        result = _run([*args, "-o", str(dataset)], stdin=stdin, capture_output=True)
    assert result.returncode == 2
    assert result.stderr == (
        f"fairstats: -o {dataset} is standard input: the output would replace it\n".encode()
    )
    assert dataset.read_bytes() == before


def test_output_beside_its_input_is_written(tmp_path: Path) -> None:
    dataset = tmp_path / "fair.json"
    dataset.write_bytes((ROOT / "data" / "fair2022.json").read_bytes())
    result = run("summary", "-d", dataset, "-o", tmp_path / "fair.txt")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "fair.txt").read_text(encoding="utf-8").startswith("Liao Fair 2022")


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("the old contents\n", encoding="utf-8")

    def interrupted() -> None:
        with streams.file_sink(str(target)) as sink:
            sink.write("half of the new")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        interrupted()
    assert target.read_text(encoding="utf-8") == "the old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.csv"]


def test_a_file_that_cannot_be_created_gives_74(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.csv"
    result = run("summary", "-o", target)
    assert result.exit_code == streams.EXIT_WRITE_FAILED
    assert result.stderr == f"fairstats: {target}: cannot write: No such file or directory\n"


def test_a_replaced_file_keeps_its_mode_and_its_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run("schema", "-o", link)
    assert result.exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["title"].startswith("fairstats")
    assert real.stat().st_mode & 0o777 == 0o600


def test_a_device_is_written_directly(tmp_path: Path) -> None:
    result = run("summary", "-o", os.devnull)
    assert result.exit_code == 0
    assert Path(os.devnull).exists()
    assert not Path(os.devnull).is_file()  # still the device, not replaced by a file


# --color -----------------------------------------------------------------------------------

ESCAPE = "\x1b["
COLOUR = re.compile(r"\x1b\[[0-9;]*\b3[0-7]m")  # a foreground colour, not only bold


@pytest.mark.parametrize(
    ("choice", "environment", "coloured"),
    [
        ("always", {"NO_COLOR": "1"}, True),
        ("never", {"FORCE_COLOR": "1"}, False),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ("auto", {"FORCE_COLOR": "1"}, True),
        ("auto", {"FORCE_COLOR": "1", "TERM": "dumb"}, True),
        ("auto", {"TERM": "dumb"}, False),
        ("auto", {}, False),  # not a terminal
    ],
    ids=["always-beats-NO_COLOR", "never-beats-FORCE_COLOR", "NO_COLOR-beats-FORCE_COLOR",
         "FORCE_COLOR", "FORCE_COLOR-beats-dumb", "dumb-terminal", "not-a-terminal"],
)  # fmt: skip
def test_color_and_its_precedence(choice: str, environment: dict[str, str], coloured: bool) -> None:
    unset = {name: None for name in ("NO_COLOR", "FORCE_COLOR", "TERM") if name not in environment}
    result = run("check", "--color", choice, env={**unset, **environment})  # type: ignore[dict-item]
    assert result.exit_code == 0
    assert (ESCAPE in result.stdout) is coloured
    assert bool(COLOUR.search(result.stdout)) is coloured


@pytest.mark.parametrize("output_format", ["csv", "tsv", "json", "markdown"])
def test_color_never_reaches_machine_formats(output_format: str) -> None:
    result = run("summary", "-f", output_format, "--color", "always")
    assert result.exit_code == 0
    assert ESCAPE not in result.stdout


@pytest.mark.parametrize("args", [["summary", "-d", "-"], ["upgrade", "-"]])
def test_a_closed_stdin_is_one_line_and_exit_2(args: list[str]) -> None:
    result = _with_closed("<&-", args)
    assert result.returncode == 2
    assert _one_line_or_none(result.stderr) == "fairstats: -: standard input is closed\n"


def test_o_dev_stdout_writes_through_stdout_without_truncating(tmp_path: Path) -> None:
    """`-o /dev/stdout >> log` must append, as `>> log` would: never replace the log."""
    log = tmp_path / "log.txt"
    log.write_text("line 1\n", encoding="utf-8")
    with log.open("ab") as appended:
        result = _run(["schema", "-o", "/dev/stdout"], stdout=appended, stderr=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("line 1\n{")
    assert json.loads(text.removeprefix("line 1\n"))["title"].startswith("fairstats")


def test_a_path_ending_in_a_slash_is_refused(tmp_path: Path) -> None:
    result = run("summary", "-o", f"{tmp_path / 'new'}/")
    assert result.exit_code == streams.EXIT_WRITE_FAILED
    assert result.stderr == f"fairstats: {tmp_path / 'new'}/: cannot write: Is a directory\n"
    assert list(tmp_path.iterdir()) == []


def test_a_file_with_other_hard_links_is_written_in_place(tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    first.write_text("{}", encoding="utf-8")
    second = tmp_path / "second.json"
    os.link(first, second)
    assert run("schema", "-o", first).exit_code == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8") != "{}"
    assert first.stat().st_ino == second.stat().st_ino


def test_a_long_file_name_still_gets_its_whole_write(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 240 + ".json")  # a temporary name built on it would be too long
    assert run("schema", "-o", target).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"].startswith("fairstats")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        assert run("schema", "-o", tmp_path / "new.json").exit_code == 0
    finally:
        os.umask(mask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_write_protected_file_is_refused_as_the_shell_would(tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o444)
    result = run("schema", "-o", target)
    assert result.exit_code == streams.EXIT_WRITE_FAILED
    assert result.stderr == f"fairstats: {target}: cannot write: Permission denied\n"
    assert target.read_text(encoding="utf-8") == "{}"


def test_sigterm_while_writing_unwinds_so_the_temporary_file_goes() -> None:
    import signal

    with pytest.raises(SystemExit) as stopped, streams._terminated_as_exit():
        os.kill(os.getpid(), signal.SIGTERM)
    assert stopped.value.code == 128 + signal.SIGTERM


# fairstats with a signal sent to it while xlsx writes a sheet's rows, between two rows (where
# a real signal most often lands: building the cells takes most of the time).
_SIGNALLED_WHILE_WRITING = """
import os, signal, sys
from fairstats.cli import commands as cli
from fairstats.output import xlsx
cell, calls = xlsx._cell, []
def signalled(*args):
    calls.append(args)
    if len(calls) == 100:
        os.kill(os.getpid(), signal.{name})
    return cell(*args)
xlsx._cell = signalled
cli.main(sys.argv[1:])
"""


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_signal_while_xlsx_is_written_keeps_the_file_and_says_nothing(
    signal_name: str, tmp_path: Path
) -> None:
    import signal

    target = tmp_path / "kept.xlsx"
    target.write_bytes(b"the old contents")
    scratch = tmp_path / "scratch"  # where openpyxl makes its own temporary file for a sheet
    scratch.mkdir()
    script = _SIGNALLED_WHILE_WRITING.format(name=signal_name)
    result = subprocess.run(
        [sys.executable, "-c", script, "summary", "-f", "xlsx", "-o", str(target)],
        cwd=ROOT,
        env=_environment(TMPDIR=str(scratch)),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 128 + getattr(signal, signal_name)
    assert result.stdout == b""
    assert result.stderr.strip() == b""  # Ctrl-C ends the line a terminal echoed ^C on
    assert target.read_bytes() == b"the old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.xlsx", "scratch"]
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_an_encoding_with_a_byte_order_mark_gets_one(encoding: str, large: Path) -> None:
    result = _run(
        ["summary", "-d", str(large), "--width", "100"],
        env=_environment(PYTHONIOENCODING=encoding),
        stdout=subprocess.PIPE,
    )
    assert result.returncode == 0
    mark = codecs.BOM_UTF8 if encoding == "utf-8-sig" else codecs.BOM_UTF16
    assert result.stdout.count(mark) == 1
    assert result.stdout.startswith(mark)
