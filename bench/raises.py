"""Raise injection into the engine: whether the tests fail when any one block of it raises.

For each block of the engine's modules (a function's body, each branch of if/elif/else, the
body and else of for and while, try's body, handlers, else and finally, with's body, each case
of a match), a copy of the tree gets `raise AssertionError("injected")` as the block's first
statement (after a function's docstring), and the tests that run that block are run against it,
stopping at the first failure. A block whose tests all still pass *survived*: nothing checks
that it runs. The tests are found first, in one run of the suite under coverage that records
which test ran each line (a context per test), so each block costs a second or two; the whole
engine takes about 25 minutes on two busy cores. Tests that fail unchanged are named and left
out. `--sample N` injects into N blocks of each
module, spread over it.

    python -m pip install -e . --group dev
    python bench/raises.py                              # every block of every engine module
    python bench/raises.py --sample 30                  # 30 blocks of each
    python bench/raises.py --module solve --module claims
    python bench/raises.py --tests tests/test_check.py  # find the covering tests among these

Also a pytest plugin: `-p raises` (with bench/ on the path) names each test's coverage context
after its node id.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "fairstats"
# The engine's modules by name (each name is unique): every module of the engine package, and
# the intervals it computes with.
ENGINE = {
    path.stem: path.relative_to(SOURCE)
    for path in sorted([*SOURCE.glob("engine/**/*.py"), SOURCE / "model" / "intervals.py"])
    if path.name != "__init__.py"
}
# the tree as it is, with what the tests read (README, docs, .ci), less what they do not
IGNORED = shutil.ignore_patterns(
    ".git", "__pycache__", ".hypothesis", ".*_cache", ".coverage*", "*.egg-info", "venv", ".venv"
)
INJECTED = 'raise AssertionError("injected")'
# a block's first tests are run alone first: most blocks fail the first test that runs them,
# and collecting fewer test files is faster
FIRST_TESTS = 20


def pytest_runtest_setup(item: Any) -> None:
    """(As a pytest plugin) each test's lines under a context of its own: its node id."""
    import coverage

    current = coverage.Coverage.current()
    if current is not None:
        current.switch_context(item.nodeid)


def pytest_runtest_logreport(report: Any) -> None:
    """(As a pytest plugin) the tests that fail unchanged, which kill nothing."""
    if report.failed and FAILED in os.environ:
        with open(os.environ[FAILED], "a", encoding="utf-8") as failed:
            failed.write(report.nodeid + "\n")


FAILED = "FAIRSTATS_RAISES_FAILED"  # the file the plugin lists failing tests in


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=ENGINE, help="(default: all)")
    parser.add_argument("--sample", type=int, help="inject into this many blocks of each module")
    parser.add_argument("--tests", nargs="+", default=["tests"], help="(default: all tests)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per block")
    arguments = parser.parse_args(argv)
    modules = arguments.module or list(ENGINE)
    with tempfile.TemporaryDirectory(prefix="fairstats-raises-") as scratch:
        tree = Path(scratch) / "tree"
        shutil.copytree(ROOT, tree, ignore=IGNORED)
        print(f"finding the tests of each line: {' '.join(arguments.tests)}", flush=True)
        covering = _covering_tests(tree, modules, arguments.tests)
        print(_line(("module", "blocks", "killed", "survived")), flush=True)
        survivors: list[str] = []
        for module in modules:
            path = tree / "src" / "fairstats" / ENGINE[module]
            original = path.read_text(encoding="utf-8")
            blocks = list(_blocks(original))
            if arguments.sample is not None and arguments.sample < len(blocks):
                step = len(blocks) / arguments.sample
                blocks = [blocks[int(index * step)] for index in range(arguments.sample)]
            killed = 0
            for line, indent, lines in blocks:
                tests = sorted(
                    {test for each in lines for test in covering.get((module, each), [])},
                    key=_cost,
                )
                try:
                    path.write_text(_inject(original, line, indent), encoding="utf-8")
                    failed = bool(tests) and _fails(tree, tests, arguments.timeout)
                finally:
                    path.write_text(original, encoding="utf-8")
                if failed:
                    killed += 1
                else:
                    reason = "" if tests else " (no test runs it)"
                    survivors.append(f"  {module}.py:{line}{reason}")
            print(_line((module, str(len(blocks)), str(killed), str(len(blocks) - killed))))
            sys.stdout.flush()
        if survivors:
            print("survivors (the line of the block's first statement):", *survivors, sep="\n")
    return 0


WIDTHS = (-12, 8, 8, 10)  # negative: aligned left


def _line(cells: tuple[str, ...]) -> str:
    return "".join(
        f"{cell:<{-width}}" if width < 0 else f"{cell:>{width}}"
        for cell, width in zip(cells, WIDTHS, strict=True)
    )


def _environment(tree: Path) -> dict[str, str]:
    # the copy's src first on the path, ahead of an editable install of the working tree;
    # bench for this file as a plugin
    path = os.pathsep.join((str(tree / "src"), str(ROOT / "bench")))
    return {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}


def _covering_tests(
    tree: Path, modules: tuple[str, ...] | list[str], tests: list[str]
) -> dict[tuple[str, int], list[str]]:
    """(module, line) -> the node ids of the tests that run it."""
    import coverage

    data_file = tree / ".coverage-contexts"
    config = tree / "contexts.toml"
    include = ", ".join(f'"*/fairstats/{ENGINE[module].as_posix()}"' for module in modules)
    config.write_text(
        f'[tool.coverage.run]\ndata_file = "{data_file}"\ninclude = [{include}]\n',
        encoding="utf-8",
    )
    pytest = ["pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-p", "raises"]
    failing = tree / "failing.txt"
    failing.touch()
    done = subprocess.run(
        [sys.executable, "-m", "coverage", "run", f"--rcfile={config}", "-m", *pytest, *tests],
        cwd=tree,
        env={**_environment(tree), FAILED: str(failing)},
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):  # (a failing test only loses its lines)
        raise SystemExit(f"the tests did not run:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    broken = set(failing.read_text(encoding="utf-8").split())
    if broken:
        print(f"failing unchanged, left out: {' '.join(sorted(broken))}")
    data = coverage.CoverageData(str(data_file))
    data.read()
    found: dict[tuple[str, int], list[str]] = {}
    for measured in data.measured_files():
        module = Path(measured).stem
        for line, contexts in data.contexts_by_lineno(measured).items():
            found[module, line] = [
                context for context in contexts if "::" in context and context not in broken
            ]
    return found


def _cost(node: str) -> tuple[int, str]:
    """Tests that drive the engine directly or through one small file first; the property
    tests (hypothesis) and the command matrix last."""
    slow = ("test_oracle", "test_solve", "test_intervals", "test_golden", "test_readme")
    return (any(name in node for name in slow), node)


def _blocks(source: str) -> Iterator[tuple[int, int, range]]:
    """Each block's first statement, in the order of the text: its line and indentation, and
    the lines whose running shows the block ran (the first statement with code, all of its
    lines: the tracer may give a condition over several lines any of them)."""
    found: dict[tuple[int, int], range] = {}
    for node in ast.walk(ast.parse(source)):
        for body in _bodies(node):
            first = body[0]
            # "name: type" alone has no code to run
            runs = next(
                (s for s in body if not (isinstance(s, ast.AnnAssign) and s.value is None)),
                first,
            )
            inner = getattr(runs, "body", None)
            last = inner[0].lineno - 1 if inner else (runs.end_lineno or runs.lineno)
            found[first.lineno, first.col_offset] = range(runs.lineno, last + 1)
    for (line, indent), lines in sorted(found.items()):
        yield line, indent, lines


def _bodies(node: ast.AST) -> Iterator[list[ast.stmt]]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        body = node.body
        if _is_docstring(body[0]):
            body = body[1:]  # (an abstract method's body is its docstring alone: no block)
        if body:
            yield body
    elif isinstance(node, ast.If):
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return  # for the type checker only: it never runs
        yield node.body
        # an elif is an If of its own; a plain else is a block
        if node.orelse and not (len(node.orelse) == 1 and _is_elif(node, node.orelse[0])):
            yield node.orelse
    elif isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)):
        yield node.body
        if not isinstance(node, (ast.With, ast.AsyncWith)) and node.orelse:
            yield node.orelse
    elif isinstance(node, ast.Try):
        yield from (node.body, *(handler.body for handler in node.handlers))
        yield from (body for body in (node.orelse, node.finalbody) if body)
    elif isinstance(node, ast.match_case):
        yield node.body


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _is_elif(parent: ast.If, child: ast.stmt) -> bool:
    # an elif sits on a line of its own, at the if's indentation
    return isinstance(child, ast.If) and child.col_offset == parent.col_offset


def _inject(source: str, line: int, indent: int) -> str:
    lines = source.splitlines(keepends=True)
    lines.insert(line - 1, " " * indent + INJECTED + "\n")
    return "".join(lines)


def _fails(tree: Path, tests: list[str], timeout: float) -> bool:
    """Whether the tests fail (or run out of time), the first few alone first."""
    for batch in (tests[:FIRST_TESTS], tests[FIRST_TESTS:]):
        if not batch:
            continue
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly"]
        command += ["-p", "no:cacheprovider", *batch]
        try:
            done = subprocess.run(
                command,
                cwd=tree,
                env=_environment(tree),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return True
        if done.returncode != 0:
            return True
    return False


if __name__ == "__main__":
    raise SystemExit(main())
