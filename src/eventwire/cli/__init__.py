"""The ``eventwire`` command line. Commands only translate: parse options, call one library
function, turn typed exceptions into a clean message and an exit code.

Each command group lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

from . import bench as _bench  # noqa: F401
from . import evaluate as _evaluate  # noqa: F401
from . import extract as _extract  # noqa: F401  (registers commands)
from . import gazetteer as _gazetteer  # noqa: F401
from . import spark as _spark  # noqa: F401  (until commands load from the eventwire.commands entry points)
from . import store as _store  # noqa: F401
from ._app import app, console, err_console


def main() -> None:
    app()


__all__ = ["app", "console", "err_console", "main"]
