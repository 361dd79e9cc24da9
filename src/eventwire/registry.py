"""One registration style for everything pluggable: stages, exporters, scorers and CLI commands.

Built-ins register exactly the way an outside package does, through Python entry points declared
in ``pyproject.toml`` (spaCy registers its own components through the same registry third parties
use; datasette ships its default features as plugins)::

    [project.entry-points."eventwire.exporters"]
    geojson = "my_package.export:GEOJSON"        # an object of the kind the group expects

A :class:`Registry` loads its group's entry points on first use, checks that each object is of the
expected type and that no name is claimed twice, and caches the result. ``register`` adds an object
at run time (tests, notebooks); it follows the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from .errors import PipelineError

T = TypeVar("T")

GROUP_PREFIX = "eventwire."


class Registry(Generic[T]):
    """Named objects of one kind, loaded from the entry-point group ``eventwire.<kind>``.

    ``check`` validates a loaded object (raise TypeError with a reason) and returns it typed.
    """

    def __init__(self, kind: str, check: Callable[[object], T]) -> None:
        self.kind = kind
        self.group = GROUP_PREFIX + kind
        self._check = check
        self._items: dict[str, T] | None = None
        self._origin: dict[str, str] = {}

    # -- reading ------------------------------------------------------------------------------
    def get(self, name: str) -> T:
        """The object registered as ``name``; PipelineError EW203 naming the known ones if absent."""
        items = self._load()
        if name not in items:
            known = ", ".join(sorted(items)) or "none"
            raise PipelineError(f"no {self.kind} named {name!r} (registered: {known})", code="EW203")
        return items[name]

    def names(self) -> list[str]:
        return sorted(self._load())

    def items(self) -> dict[str, T]:
        return dict(self._load())

    def origin(self, name: str) -> str:
        """Where ``name`` came from: the entry point's ``module:attr`` or ``register()``."""
        self._load()
        return self._origin[name]

    def __contains__(self, name: object) -> bool:
        return name in self._load()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    # -- writing ------------------------------------------------------------------------------
    def register(self, name: str, obj: object) -> T:
        """Add ``obj`` under ``name`` at run time (same checks as entry points)."""
        items = self._load()
        self._add(items, name, obj, "register()")
        return items[name]

    def unregister(self, name: str) -> None:
        """Remove a run-time registration (tests)."""
        items = self._load()
        items.pop(name, None)
        self._origin.pop(name, None)

    def reload(self) -> None:
        """Forget what was loaded; the next read scans the entry points again."""
        self._items = None
        self._origin = {}

    # -- internals ----------------------------------------------------------------------------
    def _load(self) -> dict[str, T]:
        if self._items is None:
            items: dict[str, T] = {}
            for ep in sorted(entry_points(group=self.group), key=lambda e: (e.name, e.value)):
                self._add(items, ep.name, _load_entry_point(ep, self.group), ep.value)
            self._items = items
        return self._items

    def _add(self, items: dict[str, T], name: str, obj: object, origin: str) -> None:
        if name in items and self._origin.get(name) != origin:
            raise PipelineError(
                f"{self.kind} {name!r} is registered twice ({self._origin[name]} and {origin}); "
                "uninstall one of the packages or rename the entry point",
                code="EW206",
            )
        try:
            items[name] = self._check(obj)
        except TypeError as e:
            raise PipelineError(f"{self.kind} {name!r} from {origin}: {e}", code="EW206") from e
        self._origin[name] = origin


def _load_entry_point(ep: EntryPoint, group: str) -> object:
    try:
        return ep.load()
    except Exception as e:  # an outside package's import error must say which package
        raise PipelineError(
            f"entry point {ep.name!r} in group {group!r} ({ep.value}) failed to load: {type(e).__name__}: {e}",
            code="EW206",
        ) from e


def instance_of(cls: type[T]) -> Callable[[object], T]:
    """A ``check`` that accepts instances of ``cls``."""

    def check(obj: object) -> T:
        if not isinstance(obj, cls):
            raise TypeError(f"expected a {cls.__name__}, got {type(obj).__name__}")
        return obj

    return check


__all__ = ["GROUP_PREFIX", "Registry", "instance_of"]
