"""``eventwire eval DATASET PATH``: score eventwire on a public gold dataset (docs/metrics.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import EventwireError
from ..eval import SCORERS, EvalResult, canonical_name
from ..eval.progress import ProgressFn, reporting
from ..eval.run import run_dataset
from ._app import app, console, err_console

# Per-class columns in the order a reader expects; any other numeric keys follow.
_CLASS_COLUMNS = ("precision", "recall", "f1", "support", "tp", "fp", "fn")
_COUNT_KEYS = frozenset({"support", "tp", "fp", "fn", "n"})


def _is_count(key: str) -> bool:
    return key in _COUNT_KEYS or key.endswith("_n") or key.startswith("n_")


def _fmt(key: str, value: Any) -> str:
    if isinstance(value, float) and not _is_count(key):
        return f"{value:.3f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_result(result: EvalResult, out: Console) -> None:
    """Print per-class and overall metrics, baselines, the unscored count and the notes."""
    if result.per_class:
        keys: list[str] = [k for k in _CLASS_COLUMNS if any(k in row for row in result.per_class.values())]
        keys += sorted({k for row in result.per_class.values() for k in row} - set(keys))
        t = Table(title=f"{result.dataset}: per class", title_justify="left")
        t.add_column("class")
        for k in keys:
            t.add_column(k, justify="right")
        for label in sorted(result.per_class):
            row = result.per_class[label]
            t.add_row(label, *(_fmt(k, row[k]) if k in row else "" for k in keys))
        out.print(t)
    if result.metrics or result.baselines:
        out.print(_overall_table(result))
    out.print(f"scored items: {result.n}   could not score: {result.unscored}")
    for note in result.notes:
        out.print(f"note: {note}", highlight=False)


def _overall_table(result: EvalResult) -> Table:
    t = Table(title=f"{result.dataset}: overall", title_justify="left")
    t.add_column("metric")
    t.add_column("eventwire", justify="right")
    systems = sorted(result.baselines)
    for s in systems:
        t.add_column(s, justify="right")
    names = list(result.metrics) + sorted({m for b in result.baselines.values() for m in b} - set(result.metrics))
    for m in names:
        ours = _fmt(m, result.metrics[m]) if m in result.metrics else ""
        t.add_row(m, ours, *(_fmt(m, result.baselines[s][m]) if m in result.baselines[s] else "" for s in systems))
    return t


@contextmanager
def _bar(show: bool, label: str) -> Iterator[ProgressFn | None]:
    """A progress bar on stderr fed by the scorer's progress hook (nothing when not ``show``)."""
    if not show:
        yield None
        return
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as prog:
        task = prog.add_task(label, total=None)

        def hook(done: int, total: int | None) -> None:
            prog.update(task, completed=done, total=total)

        yield hook


@app.command("eval")
def eval_command(
    dataset: Annotated[str, typer.Argument(help=f"Dataset name ({', '.join(sorted(SCORERS))}); '-' and '_' alike.")],
    path: Annotated[str, typer.Argument(help="Folder of the dataset, e.g. ../shared/data/plover_gsr.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (EvalResult.to_dict()).")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N items (quick runs).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")] = False,
) -> None:
    """Score eventwire against a gold dataset: per-class and overall metrics, unscored items, notes."""
    name = canonical_name(dataset)
    try:
        with _bar(not quiet, name) as hook, reporting(hook):
            result = run_dataset(name, path, limit=limit)
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(1) from e
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, sort_keys=False))
    else:
        render_result(result, console)
