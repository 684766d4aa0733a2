"""A base for the dataset's small immutable value types, cheap to define at start-up.

A frozen dataclass costs about half a millisecond to create (it compiles its methods) and a
typed named tuple about a tenth of that; a subclass of `Record` costs almost nothing, which
matters for a command line whose whole run is a few tens of milliseconds.
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Values go straight into the instance's __dict__ (a subclass has one): a record is
        # made hundreds of thousands of times for a large file, and setting attributes one by
        # one through object.__setattr__ costs several times more.
        fields = self._fields
        name = type(self).__name__
        if args:
            if len(args) > len(fields):
                raise TypeError(f"{name} takes {len(fields)} values")
            values = dict(zip(fields, args, strict=False))
            for key in kwargs:
                if key in values:
                    raise TypeError(f"{name}: unexpected or repeated {key!r}")
            values.update(kwargs)
        else:
            values = kwargs
        if not self._field_set.issuperset(values):
            key = next(key for key in values if key not in self._field_set)
            raise TypeError(f"{name}: unexpected or repeated {key!r}")
        if len(values) != len(fields):
            values = {**self._defaults, **values}
            if len(values) != len(fields):
                key = next(key for key in fields if key not in values)
                raise TypeError(f"{name}: missing {key!r}")
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[name] for name in self._fields)

    def __eq__(self, other: object) -> bool:
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
