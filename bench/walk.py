"""The walk a command takes through fairstats' packages, traced call by call.

    python bench/walk.py                                   # check on the bundled dataset
    python bench/walk.py check -d data/releases -f csv     # any command line
    python bench/walk.py --calls summary                   # also every module-to-module call

It runs the command in this process with a profile hook, and counts only calls from one
fairstats module into another (the nearest fairstats frame is the caller, so a call through
click, functools or a comprehension still counts). It prints the modules the command enters,
in the order it first enters them, with their layer; then every call that goes back up a layer
(only a callback can: the imports cannot, see the contracts in pyproject.toml), every call
between the two packages of one layer, and every pair of modules that call each other both
ways. A walk that flows one way prints none of the three.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import sys
from collections import Counter
from types import FrameType

import fairstats
from fairstats.cli.commands import main

PACKAGE = os.path.dirname(os.path.abspath(fairstats.__file__))
# Higher calls lower. Two packages of one layer do not import each other.
LAYERS = {"cli": 3, "output": 2, "reports": 2, "engine": 1, "input": 1, "model": 0}


def module_of(frame: FrameType | None) -> str | None:
    """The fairstats module (as a dotted name below the package) a frame runs in, if any."""
    filename = frame.f_code.co_filename if frame is not None else ""
    if not filename.startswith(PACKAGE + os.sep):
        return None
    relative = os.path.relpath(filename, PACKAGE)[: -len(".py")]
    return relative.replace(os.sep, ".").removesuffix(".__init__")


def package_of(module: str) -> str:
    return module.partition(".")[0]


def layer(module: str) -> int:
    return LAYERS.get(package_of(module), LAYERS["cli"])  # __main__ is the shell's


class Walk:
    def __init__(self) -> None:
        self.entered: list[str] = []
        self.calls: Counter[tuple[str, str, str]] = Counter()  # caller, callee, function

    def profile(self, frame: FrameType, event: str, _: object) -> None:
        # an import's module and class bodies are not steps of the run
        if event != "call" or not frame.f_code.co_flags & inspect.CO_OPTIMIZED:
            return
        callee = module_of(frame)
        if callee is None:
            return
        if callee not in self.entered:
            self.entered.append(callee)
        caller_frame = frame.f_back
        while caller_frame is not None and module_of(caller_frame) is None:
            caller_frame = caller_frame.f_back
        caller = module_of(caller_frame)
        if caller is not None and caller != callee:
            self.calls[
                caller, callee, getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
            ] += 1


def run(arguments: list[str]) -> Walk:
    walk = Walk()
    sys.setprofile(walk.profile)
    try:
        with (
            open(os.devnull, "w", encoding="utf-8") as output,
            contextlib.redirect_stdout(output),
            contextlib.suppress(SystemExit),
        ):
            main(arguments)
    finally:
        sys.setprofile(None)
    return walk


def report(walk: Walk, *, every_call: bool) -> int:
    print(f"modules entered ({len(walk.entered)}), in order:")
    for module in walk.entered:
        print(f"  {layer(module)}  {module}")
    edges = Counter[tuple[str, str]]()
    for (caller, callee, _), count in walk.calls.items():
        edges[caller, callee] += count
    up = [call for call in walk.calls if layer(call[1]) > layer(call[0])]
    across = [
        call
        for call in walk.calls
        if layer(call[1]) == layer(call[0]) and package_of(call[0]) != package_of(call[1])
    ]
    both_ways = sorted({tuple(sorted(edge)) for edge in edges if edge[::-1] in edges})
    print(f"calls between modules: {sum(edges.values())} along {len(edges)} edges")
    for title, found in (
        ("calls back up a layer", [f"{a} -> {b}: {f}" for a, b, f in up]),
        ("calls across a layer", [f"{a} -> {b}: {f}" for a, b, f in across]),
        ("modules calling each other both ways", [f"{a} <-> {b}" for a, b in both_ways]),
    ):
        print(f"{title}: {len(found)}")
        for line in sorted(found):
            print(f"  {line}")
    if every_call:
        print("every module-to-module edge (calls):")
        for (caller, callee), count in sorted(edges.items()):
            print(f"  {caller} -> {callee}: {count}")
    return len(up) + len(across)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", action="store_true", help="list every module-to-module edge")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="(default: check)")
    options = parser.parse_args()
    sys.exit(1 if report(run(options.command or ["check"]), every_call=options.calls) else 0)
