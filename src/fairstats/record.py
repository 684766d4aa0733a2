"""A base for the small immutable value types, cheap to define at start-up and to make.

A frozen dataclass costs about half a millisecond to create (it compiles its methods) and a
typed named tuple about a tenth of that; a subclass of `Record` costs almost nothing to define.
Its `__init__` is compiled on the class's first use, so a run pays only for the classes it
makes, and then makes each record several times faster than a generic loop would: a large file
makes hundreds of thousands of them.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        return lambda cls: cls


@dataclass_transform(frozen_default=True)
class Record:
    """Fields are the class annotations, in order; values are given by position or name.

    A subclass declares fields only (no ClassVar annotations) and should postpone the
    evaluation of its annotations, which `Record` never needs.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **options: Any) -> None:
        # `kw_only=True` in a class statement is for type checkers; values may always be named.
        own = list(inspect.get_annotations(cls))  # as strings: nothing is evaluated
        cls._fields = (*cls._fields, *own)
        defaults = {name: cls.__dict__[name] for name in own if name in cls.__dict__}
        cls._defaults = {**cls._defaults, **defaults}
        cls.__init__ = _first_init  # type: ignore[method-assign,assignment]  # each its own

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        values = self.__dict__
        return tuple(values[name] for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        # records are keys of large dicts (quantities, editions): hashed once, then remembered
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash(self._values())
            self.__dict__["_hash"] = found
        return found

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"


def _first_init(self: Record, *args: Any, **kwargs: Any) -> None:
    """A class's first record compiles the class's own __init__, then uses it."""
    cls = type(self)
    init = _compile_init(cls)
    cls.__init__ = init  # type: ignore[method-assign]
    init(self, *args, **kwargs)


_MISSING: Any = object()


def _compile_init(cls: type[Record]) -> Any:
    """def __init__(self, a=_MISSING, b=<default>, ...): each value straight into __dict__."""
    fields = cls._fields
    namespace: dict[str, Any] = {
        "_MISSING": _MISSING,
        "_refuse": _refuse,
        "_missing": _missing,
        **{f"_d{i}": cls._defaults.get(name, _MISSING) for i, name in enumerate(fields)},
    }
    parameters = "".join(f"{name}=_d{i}, " for i, name in enumerate(fields))
    lines = [
        f"def __init__(self, {parameters}*_more, **_extra):",
        "    if _more or _extra:",
        "        _refuse(self, _more, _extra)",
        *(
            f"    if {name} is _MISSING:\n        _missing(self, {name!r})"
            for name in fields
            if name not in cls._defaults
        ),
        "    _values = self.__dict__",
        *(f"    _values[{name!r}] = {name}" for name in fields),
    ]
    exec("\n".join(lines), namespace)  # the names are class annotations, so identifiers
    return namespace["__init__"]


def _refuse(record: Record, more: tuple[Any, ...], extra: dict[str, Any]) -> None:
    name = type(record).__name__
    if more:
        raise TypeError(f"{name} takes {len(record._fields)} values")
    raise TypeError(f"{name}: unexpected or repeated {next(iter(extra))!r}")


def _missing(record: Record, field: str) -> None:
    raise TypeError(f"{type(record).__name__}: missing {field!r}")
