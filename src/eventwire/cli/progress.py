"""Progress on stderr (rich), per-article warnings and the skipped-inputs summary, shared by the batch commands."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import Skipped
from ._app import err_console

T = TypeVar("T")


def progress_over(items: Iterable[T], *, total: int | None, show: bool, label: str) -> Iterator[T]:
    """Yield ``items`` while drawing a progress bar on stderr when ``show`` and stderr is a terminal.

    ``total=None`` draws an indeterminate bar with a running count, so the caller can stream
    its inputs instead of listing them first to count them.
    """
    if not show or not err_console.is_terminal:
        yield from items
        return
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as prog:
        task = prog.add_task(label, total=total)
        for item in items:
            yield item
            prog.advance(task)


def print_warning(where: str, message: str) -> None:
    """One line on stderr: ``warning: <input>: <message>``."""
    err_console.print(f"[yellow]warning:[/yellow] {escape(where)}: {escape(message)}", highlight=False, soft_wrap=True)


def print_skipped(skipped: list[Skipped]) -> None:
    """Print every skipped input on stderr, one line each: reason, then path:line, what is wrong and what to do."""
    err_console.print(f"[bold yellow]{len(skipped)} input(s) skipped:[/bold yellow]", highlight=False)
    for s in skipped:
        err_console.print(f"  {s.reason:<14} {escape(s.message)}", highlight=False, soft_wrap=True)


def print_totals(label: str, done: int, skipped: int) -> None:
    """The last line of a batch run: how many records were written and how many inputs skipped."""
    err_console.print(f"{label}: {done} record(s) written, {skipped} input(s) skipped", highlight=False, soft_wrap=True)
