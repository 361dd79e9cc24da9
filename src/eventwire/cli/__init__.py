"""The ``eventwire`` command line. Commands only translate: parse options, call one library
function, turn typed exceptions into a clean message and an exit code.

Each command group is a module with its own ``typer.Typer`` (``app``), registered in the
``eventwire.commands`` entry-point group (see :mod:`eventwire.cli._app`); :data:`app` is the
application built from every registered group, on first use.
"""

from __future__ import annotations

import typer

from ..errors import EventwireError
from ._app import COMMANDS, build_app, console, err_console

_built: typer.Typer | None = None


def get_app() -> typer.Typer:
    """The ``eventwire`` application (built once from the registered command groups)."""
    global _built
    if _built is None:
        _built = build_app()
    return _built


def __getattr__(name: str) -> typer.Typer:
    # `from eventwire.cli import app` builds the application then, not at import: a broken outside
    # command group is then reported by main() as a coded error instead of an import traceback.
    if name == "app":
        return get_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    try:
        app = get_app()
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise SystemExit(1) from e
    app()


__all__ = ["COMMANDS", "app", "build_app", "console", "err_console", "get_app", "main"]
