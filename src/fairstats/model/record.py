"""A base for the small immutable value types, cheap to define at start-up and to make.

A frozen dataclass costs about half a millisecond to create (it compiles its methods) and a
typed named tuple about a tenth of that; a subclass of `Record` costs almost nothing to define.
A class that makes many records gets a compiled `__init__`, several times faster than a
generic loop (a large file makes hundreds of thousands of them); a small run never pays for
compiling one.
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
    _field_set: ClassVar[frozenset[str]] = frozenset()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **options: Any) -> None:
        # `kw_only=True` in a class statement is for type checkers; values may always be named.
        own = list(inspect.get_annotations(cls))  # as strings: nothing is evaluated
        cls._fields = (*cls._fields, *own)
        cls._field_set = frozenset(cls._fields)
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
    """The generic __init__ of a class's first records; after COMPILE_AFTER of them, the class
    gets a compiled one. Compiling costs about 0.3 ms a class, more than a small run spends
    on all its records, and saves about 1 us on each record after it."""
    cls = type(self)
    made = _MADE[cls] = _MADE.get(cls, 0) + 1
    if made > COMPILE_AFTER:
        init = _compile_init(cls)
        cls.__init__ = init  # type: ignore[method-assign]
        init(self, *args, **kwargs)
        return
    fields = cls._fields
    values = dict(zip(fields, args, strict=False)) if args else {}
    if len(args) > len(fields):
        _refuse(self, args[len(fields) :], {})
    for key in kwargs:
        if key in values:  # as the compiled __init__ would say it
            raise TypeError(f"{cls.__name__}() got multiple values for argument {key!r}")
        if key not in cls._field_set:
            _refuse(self, (), {key: None})
    values.update(kwargs)
    attributes = self.__dict__
    # Always in field order, as the compiled __init__ stores them: the instances of a class
    # then share one key table (on a large file, a quarter less memory for the whole run).
    for key in fields:
        if key in values:
            attributes[key] = values[key]
        elif key in cls._defaults:
            attributes[key] = cls._defaults[key]
        else:
            _missing(self, key)


COMPILE_AFTER = 500
_MADE: dict[type, int] = {}
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
