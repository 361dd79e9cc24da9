"""A read-only, hashable, picklable mapping for configuration values (stage options).

``FrozenMap({"words": ["a", "b"]})`` turns lists into tuples and dicts into ``FrozenMap``s, so a
configuration built from JSON, YAML or keyword arguments can be hashed, compared and sent to
worker processes as one value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def freeze(value: Any) -> Any:
    """A hashable equivalent of ``value``: lists and tuples become tuples, mappings ``FrozenMap``s.

    Raises TypeError for values that cannot be hashed (sets of lists, objects without ``__hash__``).
    """
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(freeze(v) for v in value)
    hash(value)  # raises TypeError for an unhashable value
    return value


class FrozenMap(Mapping[str, Any]):
    """An immutable mapping with string keys, ordered by key; equal maps hash equally."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None, /, **kwargs: Any) -> None:
        merged = {**(items or {}), **kwargs}
        for key in merged:
            if not isinstance(key, str):
                raise TypeError(f"keys must be strings, got {key!r}")
        self._items: tuple[tuple[str, Any], ...] = tuple(sorted((k, freeze(v)) for k, v in merged.items()))

    def __getitem__(self, key: str) -> Any:
        for k, v in self._items:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._items == other._items
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({dict(self._items)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (dict(self._items),))

    def thaw(self) -> dict[str, Any]:
        """A plain ``dict`` (nested maps thawed too; tuples stay tuples), e.g. for JSON."""
        return {k: v.thaw() if isinstance(v, FrozenMap) else v for k, v in self._items}


__all__ = ["FrozenMap", "freeze"]
