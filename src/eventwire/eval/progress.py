"""An optional progress hook for scorers: the CLI draws a bar, the gate and tests see nothing.

Scorers wrap their item loop in :func:`tracked`; whoever runs them installs a callback with
:func:`reporting`. Without a callback, :func:`tracked` is a plain pass-through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

ProgressFn = Callable[[int, int | None], None]
"""Called with (items done, total items or None) as a scorer works."""

_HOOK: ContextVar[ProgressFn | None] = ContextVar("eventwire_eval_progress", default=None)


@contextmanager
def reporting(hook: ProgressFn | None) -> Iterator[None]:
    """Install ``hook`` for scorers run inside the ``with`` block."""
    token = _HOOK.set(hook)
    try:
        yield
    finally:
        _HOOK.reset(token)


def tracked(items: Iterable[T], total: int | None) -> Iterator[T]:
    """Yield ``items``, reporting each one done to the installed hook (if any)."""
    hook = _HOOK.get()
    if hook is None:
        yield from items
        return
    hook(0, total)
    for done, item in enumerate(items, 1):
        yield item
        hook(done, total)


__all__ = ["ProgressFn", "reporting", "tracked"]
