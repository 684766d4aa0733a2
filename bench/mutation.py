"""Mutation testing of the engine with cosmic-ray: the share of mutants the engine's tests kill,
per module.

Each module is mutated in a copy of the tree (src, tests and what they read), never in the
working tree: cosmic-ray writes each mutant to disk while its tests run. The tests are the
engine's own (the fast ones that exercise it directly), stopped at the first failure. A full run
takes hours on two cores; `--sample N` runs N mutants of each module, spread evenly over it,
for a rough score in minutes. Too slow for CI: run it before a release (target: 95% or more for
every engine module).

    python -m pip install -e . --group test --group mutation
    python bench/mutation.py                        # every mutant of every engine module
    python bench/mutation.py --sample 40            # 40 mutants of each
    python bench/mutation.py --module intervals --sample 100
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "fairstats"
# The engine's modules, by the name --module takes (each unique): every module of the engine
# package, and the intervals it computes with.
ENGINE = {
    path.stem: path.relative_to(SOURCE).as_posix()
    for path in sorted([*SOURCE.glob("engine/**/*.py"), SOURCE / "model" / "intervals.py"])
    if path.name != "__init__.py"
}
# the engine's tests, as .ci/run's coverage step runs them (the fastest first: -x stops at the
# first failure)
TESTS = (
    "tests/test_engine_branches.py",
    "tests/test_intervals.py",
    "tests/test_engine_edges.py",
    "tests/test_solve.py",
    "tests/test_check.py",
    "tests/test_wording.py",
    "tests/test_oracle.py",
)
COPIED = ("src", "tests", "data", "schema", "pyproject.toml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=ENGINE, help="(default: all)")
    parser.add_argument("--sample", type=int, help="run this many mutants of each module")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant")
    parser.add_argument("--survivors", action="store_true", help="print each survivor's diff")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fairstats-mutation-") as scratch:
        tree = Path(scratch) / "tree"
        tree.mkdir()
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, tree / name)
        print(_line(("module", "mutants", "run", "killed", "survived", "score")))
        for module in arguments.module or ENGINE:
            counts, survivors = _score(tree, module, arguments.sample, arguments.timeout)
            print(_line((module, *counts)))
            if arguments.survivors:
                print(*survivors, sep="\n")
            sys.stdout.flush()
    return 0


WIDTHS = (-12, 9, 7, 8, 10, 8)  # negative: aligned left


def _line(cells: tuple[str, ...]) -> str:
    return "".join(
        f"{cell:<{-width}}" if width < 0 else f"{cell:>{width}}"
        for cell, width in zip(cells, WIDTHS, strict=True)
    )


def _score(
    tree: Path, module: str, sample: int | None, timeout: float
) -> tuple[tuple[str, ...], list[str]]:
    """Mutants, run, killed, survived and the score of one module; the survivors' diffs."""
    config = tree / f"{module}.toml"
    session = tree / f"{module}.sqlite"
    # the copy's src first on the path, ahead of an editable install of the working tree
    command = shlex.join([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"])
    config.write_text(
        "[cosmic-ray]\n"
        f'module-path = "src/fairstats/{ENGINE[module]}"\n'
        f"timeout = {timeout}\n"
        "excluded-modules = []\n"
        f'test-command = "{command} {" ".join(TESTS)}"\n'
        '[cosmic-ray.distributor]\nname = "local"\n',
        encoding="utf-8",
    )
    environment = {**os.environ, "PYTHONPATH": str(tree / "src")}
    cosmic = [sys.executable, "-m", "cosmic_ray.cli"]
    subprocess.run(
        [*cosmic, "init", str(config), str(session)], cwd=tree, env=environment, check=True
    )
    with use_db(str(session), WorkDB.Mode.open) as db:
        # in the order of the module's text (the database gives them in any order)
        items = sorted(db.pending_work_items, key=lambda item: item.mutations[0].start_pos)
        if sample is not None and sample < len(items):
            # evenly spread over the module, so every part of it is sampled
            step = len(items) / sample
            kept = {items[int(index * step)].job_id for index in range(sample)}
            skipped = WorkResult(worker_outcome=WorkerOutcome.SKIPPED)
            for item in items:
                if item.job_id not in kept:
                    db.set_result(item.job_id, skipped)
    subprocess.run(
        [*cosmic, "exec", str(config), str(session)],
        cwd=tree,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with use_db(str(session), WorkDB.Mode.open) as db:
        results = [result for _, result in db.results]
    outcomes = [result.test_outcome for result in results]
    survivors = [r.diff or "" for r in results if r.test_outcome == TestOutcome.SURVIVED]
    killed = sum(outcome in (TestOutcome.KILLED, TestOutcome.INCOMPETENT) for outcome in outcomes)
    survived = sum(outcome == TestOutcome.SURVIVED for outcome in outcomes)
    run = killed + survived
    score = f"{100 * killed / run:.1f}%" if run else "n/a"
    return (str(len(items)), str(run), str(killed), str(survived), score), survivors


if __name__ == "__main__":
    raise SystemExit(main())
