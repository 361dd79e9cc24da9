"""The Typer application object and the two consoles (data on stdout, progress on stderr)."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="eventwire",
    help="Turn news reports into sourced, queryable event data (PLOVER events, quotes, figures, places).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)
