"""Small data structures: a case-insensitive dict, the context bag and ETag."""

from __future__ import annotations

import enum
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    MutableMapping,
    ValuesView,
)
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar

__all__ = ["CaseInsensitiveDict", "Context", "ETag"]

_T = TypeVar("_T")


class CaseInsensitiveDict(MutableMapping[str, Any]):
    """Map string keys case-insensitively, remembering the last spelling set.

    Lookups, deletion and membership ignore case; iteration, ``keys()`` and
    ``items()`` yield keys as they were last written.

    Args:
        data: Initial items, as a mapping or an iterable of pairs.
        **kwargs: More initial items.
    """

    __slots__ = ("_store",)

    def __init__(
        self,
        data: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self._store: dict[str, tuple[str, Any]] = {}
        if data is not None:
            self.update(data)
        if kwargs:
            self.update(kwargs)

    def __setitem__(self, key: str, value: Any) -> None:
        self._store[key.lower()] = (key, value)

    def __getitem__(self, key: str) -> Any:
        return self._store[key.lower()][1]

    def __delitem__(self, key: str) -> None:
        del self._store[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return (pair[0] for pair in self._store.values())

    def __len__(self) -> int:
        return len(self._store)

    def lower_items(self) -> Iterator[tuple[str, Any]]:
        """Iterate over ``(lowercase key, value)`` pairs."""
        return ((lower, pair[1]) for lower, pair in self._store.items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self.lower_items()) == dict(
            CaseInsensitiveDict(other).lower_items()
        )

    __hash__ = None  # type: ignore[assignment]  # mutable mapping, like dict

    def copy(self) -> CaseInsensitiveDict:
        """Return a shallow copy."""
        return CaseInsensitiveDict(self._store.values())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"


class Context:
    """Hold per-request (or per-response) data as attributes.

    Attributes double as mapping items (``ctx.user`` is ``ctx['user']``), as in
    Falcon, where this class replaced a plain ``dict``. Construction does no
    work: the instance ``__dict__`` is the storage.
    """

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...

        def __setattr__(self, name: str, value: Any) -> None: ...

        def __delattr__(self, name: str) -> None: ...

    def __contains__(self, key: str) -> bool:
        return key in self.__dict__

    def __getitem__(self, key: str) -> Any:
        return self.__dict__[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.__dict__[key] = value

    def __delitem__(self, key: str) -> None:
        del self.__dict__[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.__dict__)

    def __len__(self) -> int:
        return len(self.__dict__)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self.__dict__ == other.__dict__
        return self.__dict__.__eq__(other)

    def __ne__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self.__dict__ != other.__dict__
        return self.__dict__.__ne__(other)

    def __hash__(self) -> int:
        # Like Falcon: hashing the underlying dict raises TypeError.
        return hash(self.__dict__)  # raises TypeError, as Falcon

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!s})"

    def clear(self) -> None:
        """Remove every attribute."""
        self.__dict__.clear()

    def copy(self) -> Context:
        """Return a shallow copy of the same type."""
        duplicate = type(self)()
        duplicate.__dict__.update(self.__dict__)
        return duplicate

    def get(self, key: str, default: Any | None = None) -> Any | None:
        """Return the attribute `key`, or `default` if it is not set."""
        return self.__dict__.get(key, default)

    def items(self) -> ItemsView[str, Any]:
        """Return a view of ``(name, value)`` pairs."""
        return self.__dict__.items()

    def keys(self) -> KeysView[str]:
        """Return a view of attribute names."""
        return self.__dict__.keys()

    def values(self) -> ValuesView[Any]:
        """Return a view of attribute values."""
        return self.__dict__.values()

    def pop(self, key: str, default: Any | None = None) -> Any | None:
        """Remove the attribute `key` and return its value (or `default`)."""
        return self.__dict__.pop(key, default)

    def popitem(self) -> tuple[str, Any]:
        """Remove and return the last set ``(name, value)`` pair."""
        return self.__dict__.popitem()

    def setdefault(self, key: str, default_value: Any | None = None) -> Any | None:
        """Return the attribute `key`, setting it to `default_value` if absent."""
        return self.__dict__.setdefault(key, default_value)

    def update(self, items: Mapping[str, Any]) -> None:
        """Set attributes from a mapping."""
        self.__dict__.update(items)


class ETag(str):
    """An entity-tag (RFC 9110 §8.8.3): the opaque tag, plus weakness.

    The string value is the opaque tag without quotes or the ``W/`` prefix,
    so ``==`` performs the weak comparison.
    """

    is_weak: bool = False
    """Whether the entity-tag is weak."""

    def strong_compare(self, other: ETag) -> bool:
        """Compare strongly: both tags strong and character-for-character equal."""
        return self == other and not (self.is_weak or other.is_weak)

    def dumps(self) -> str:
        """Serialize as a header value: quoted, with ``W/`` if weak."""
        if self.is_weak:
            return f'W/"{self}"'
        return f'"{self}"'

    @classmethod
    def loads(cls, etag_str: str) -> ETag:
        """Parse one entity-tag (quotes optional, ``W/`` or ``w/`` for weak)."""
        is_weak = etag_str[:2] in ("W/", "w/")
        value = etag_str[2:] if is_weak else etag_str
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        elif value == '"':
            value = ""
        etag = cls(value)
        etag.is_weak = is_weak
        return etag


class LazyContext:
    """Class attribute that creates an instance's ``context`` on first read.

    A non-data descriptor: the created object is stored in the instance
    ``__dict__`` under the same name, which then shadows the descriptor, so
    later reads cost a dict lookup and assigning ``obj.context`` just works.
    The object comes from ``obj.context_type()``: looked up on the instance, a
    plain function set as ``context_type`` gets the request or response as its
    argument (as in Falcon).
    """

    __slots__ = ()

    def __get__(self, instance: Any, owner: type[Any] | None = None) -> Any:
        if instance is None:
            return self
        context = instance.__dict__["context"] = instance.context_type()
        return context


class UnsetType(enum.Enum):
    """The type of ``UNSET``: "no value yet", where None is a valid value.

    An enum member, so that ``value is UNSET`` narrows ``UnsetOr[T]`` to ``T``
    for type checkers; restcore has this one sentinel.
    """

    UNSET = 0

    def __repr__(self) -> str:
        return "<UNSET>"


UNSET: Final[Literal[UnsetType.UNSET]] = UnsetType.UNSET
# A value, or UNSET before it is known.
UnsetOr: TypeAlias = Literal[UnsetType.UNSET] | _T
