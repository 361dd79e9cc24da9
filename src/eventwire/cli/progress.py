"""Progress on stderr (rich) and the skipped-inputs summary, shared by the batch commands."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import Skipped
from ._app import err_console

T = TypeVar("T")


def progress_over(items: Iterable[T], *, total: int | None, show: bool, label: str) -> Iterator[T]:
    """Yield ``items`` while drawing a progress bar on stderr when ``show``."""
    if not show:
        yield from items
        return
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as prog:
        task = prog.add_task(label, total=total)
        for item in items:
            yield item
            prog.advance(task)


def print_skipped(skipped: list[Skipped]) -> None:
    """Print every skipped input with path, line and reason on stderr."""
    table = Table(title=f"{len(skipped)} input(s) skipped", title_style="bold yellow", show_lines=False)
    for col in ("input", "line", "reason", "message"):
        table.add_column(col, overflow="fold")
    for s in skipped:
        table.add_row(s.input, "" if s.line is None else str(s.line), s.reason, s.message)
    err_console.print(table)
