"""The public API: the modules a script would import to load releases, judge them and render
the reports without the CLI declare `__all__`, and only those; the rest are internal."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import fairstats

# load (input.dataset, model.series, model.release, model.errors), judge (model.intervals,
# model.rounding, engine.audit), report (a module of reports each command, model.results),
# render (output.render and its options, output.cells), and the CLI's entry (cli.commands)
PUBLIC = {
    "fairstats",
    "fairstats.cli.commands",
    "fairstats.engine.audit",
    "fairstats.input.dataset",
    "fairstats.input.drafting",
    "fairstats.model.errors",
    "fairstats.model.intervals",
    "fairstats.model.release",
    "fairstats.model.results",
    "fairstats.model.rounding",
    "fairstats.model.series",
    "fairstats.output.cells",
    "fairstats.output.render",
    "fairstats.reports.breakdown",
    "fairstats.reports.check",
    "fairstats.reports.growth",
    "fairstats.reports.rows",
    "fairstats.reports.series",
    "fairstats.reports.share",
    "fairstats.reports.summary",
}


def modules() -> dict[str, object]:
    names = [
        name
        for _, name, _ in pkgutil.walk_packages(fairstats.__path__, "fairstats.")
        if name != "fairstats.__main__"  # importing it runs the CLI
    ]
    return {"fairstats": fairstats} | {name: importlib.import_module(name) for name in names}


def test_the_public_modules_and_only_they_declare_all() -> None:
    declaring = {name for name, module in modules().items() if hasattr(module, "__all__")}
    assert declaring == PUBLIC


def test_all_names_what_its_module_defines() -> None:
    found = modules()
    for name in PUBLIC:
        module = found[name]
        exported = module.__all__  # type: ignore[attr-defined]
        assert exported, name
        for item in exported:
            value = getattr(module, item)  # an undefined name fails here
            if inspect.isclass(value) or inspect.isfunction(value):
                assert value.__module__ == name, f"{name} re-exports {item} of {value.__module__}"
