"""``eventwire eval DATASET PATH``: score eventwire on a public gold dataset (docs/metrics.md).

Scores the tune half, the check half and all items in one run (see :mod:`eventwire.eval.split`);
the overall metrics of the three are printed side by side, the per-class and baseline tables and
the notes for the split ``--split`` names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import EventwireError
from ..eval import EvalReport, EvalResult, canonical_name, evaluate
from ..eval.progress import ProgressFn, reporting
from ..eval.split import SPLITS, SplitName
from ._app import console, err_console

app = typer.Typer()  # this module's commands: registered in pyproject.toml [project.entry-points."eventwire.commands"]


class Split(StrEnum):
    """The halves of every dev set (eventwire.eval.split) and all items."""

    tune = "tune"
    check = "check"
    all = "all"


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


def render_result(result: EvalResult, out: Console, *, overall: bool = True, split: str = "") -> None:
    """Print per-class and overall metrics (with baselines), the unscored count and the notes."""
    where = f" ({split})" if split else ""
    if result.per_class:
        keys: list[str] = [k for k in _CLASS_COLUMNS if any(k in row for row in result.per_class.values())]
        keys += sorted({k for row in result.per_class.values() for k in row} - set(keys))
        t = Table(title=f"{result.dataset}{where}: per class", title_justify="left")
        t.add_column("class")
        for k in keys:
            t.add_column(k, justify="right")
        for label in sorted(result.per_class):
            row = result.per_class[label]
            t.add_row(label, *(_fmt(k, row[k]) if k in row else "" for k in keys))
        out.print(t)
    if overall and (result.metrics or result.baselines):
        out.print(_overall_table(result, where))
    out.print(f"scored items: {result.n}   could not score: {result.unscored}")
    for note in result.notes:
        out.print(f"note: {note}", highlight=False)


def render_report(report: EvalReport, split: SplitName, out: Console) -> None:
    """The overall metrics of tune, check and all side by side, then ``split``'s details."""
    t = Table(title=f"{report.dataset}: tune / check / all", title_justify="left")
    t.add_column("metric")
    for name in SPLITS:
        t.add_column(name + (" *" if name == split else ""), justify="right")
    t.add_row("items scored", *(str(report[name].n) for name in SPLITS))
    names = list(dict.fromkeys(m for name in SPLITS for m in report[name].metrics))
    for m in names:
        t.add_row(m, *(_fmt(m, report[name].metrics[m]) if m in report[name].metrics else "" for name in SPLITS))
    out.print(t)
    out.print(f"* details below are for the {split} split; the split rule: docs/metrics.md", highlight=False)
    render_result(report[split], out, overall=bool(report[split].baselines), split=split)


def _overall_table(result: EvalResult, where: str = "") -> Table:
    t = Table(title=f"{result.dataset}{where}: eventwire and the baselines of the same run", title_justify="left")
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
    dataset: Annotated[
        str, typer.Argument(help="Dataset name, e.g. plover_gsr ('-' and '_' alike); an unknown name lists them all.")
    ],
    path: Annotated[str, typer.Argument(help="Dataset folder (published layout or dev sample), or its data file.")],
    split: Annotated[
        Split, typer.Option("--split", help="Split whose per-class table, baselines and notes are shown.")
    ] = Split.all,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON: the --split result, and all three under 'splits'.")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N items (quick runs).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")] = False,
) -> None:
    """Score eventwire against a gold dataset: tune, check and all side by side, per class, baselines, notes."""
    chosen: SplitName = split.value
    name = canonical_name(dataset)
    try:
        with _bar(not quiet, name) as hook, reporting(hook):
            report = evaluate(name, path, limit=limit)
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from e
    if as_json:
        typer.echo(json.dumps(report.to_dict(chosen), indent=2, ensure_ascii=False, sort_keys=False))
    else:
        render_report(report, chosen, console)
