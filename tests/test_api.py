"""The public API: the modules a script would import to load releases, judge them and render
the reports without the CLI declare `__all__`, and only those; the rest are internal."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import fairstats

# load (dataset, series, model, errors), judge (intervals, numbers, audit), report (reports,
# checks, results), render (render), and the CLI's entry points (cli)
PUBLIC = {
    "fairstats",
    "fairstats.audit",
    "fairstats.checks",
    "fairstats.cli",
    "fairstats.dataset",
    "fairstats.drafting",
    "fairstats.errors",
    "fairstats.intervals",
    "fairstats.model",
    "fairstats.numbers",
    "fairstats.render",
    "fairstats.reports",
    "fairstats.results",
    "fairstats.series",
}


def modules() -> dict[str, object]:
    names = [
        name
        for _, name, _ in pkgutil.iter_modules(fairstats.__path__, "fairstats.")
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
