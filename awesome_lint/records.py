"""Small value classes for what a warm run touches, without the ``dataclasses`` module.

A warm run answers from the cache in a few tens of milliseconds, and importing
``dataclasses`` (it pulls in ``inspect``, ``ast`` and ``dis``) and building a
dataclass (it compiles generated code) cost a third of that. The findings, the
run's options and results, the targets and the settings are written out by
hand on :class:`Record`, which gives equality, hashing and a readable ``repr``
from ``__slots__``. Everything off that path keeps using dataclasses.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


class Record:
    """Equality, hashing and ``repr`` over the fields in ``__slots__`` (minus ``_uncompared``)."""

    __slots__ = ()
    _uncompared: tuple[str, ...] = ()

    def _fields(self) -> Iterator[str]:
        for cls in reversed(type(self).__mro__):
            yield from getattr(cls, "__slots__", ())

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields() if name not in self._uncompared)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields() if name not in self._uncompared)
        return f"{type(self).__name__}({shown})"
