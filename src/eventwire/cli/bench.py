"""``eventwire bench``: articles/s and words/s of bare spaCy, read+clean+spaCy and the full pipeline."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..bench import MODES, TARGET_RATIO, BenchResult, run_bench
from ..errors import EventwireError
from ._app import console, err_console

app = typer.Typer()  # this module's commands: registered in pyproject.toml [project.entry-points."eventwire.commands"]


def bench_table(result: BenchResult) -> Table:
    """The results table: one row per mode and worker count."""
    m0 = result.machine
    t = Table(
        title=f"eventwire bench: {result.articles} articles, {result.words:,} words, median of {result.repeat} "
        f"({m0.get('cpu')}, {m0.get('cores')} cores)",
        title_justify="left",
    )
    for col in (
        "mode",
        "workers",
        "art/s",
        "words/s",
        "median s",
        "x spaCy",
        "CPU s",
        "x spaCy CPU",
        "RSS MB",
        "start s",
    ):
        t.add_column(col, justify="left" if col == "mode" else "right", no_wrap=True)
    for m in result.measurements:
        ratio = "" if m.ratio is None else f"{m.ratio:.2f}"
        cpu_ratio = "" if m.cpu_ratio is None else f"{m.cpu_ratio:.2f}"
        if m.mode == "full" and m.cpu_ratio is not None:
            cpu_ratio = f"[{'green' if m.cpu_ratio <= TARGET_RATIO else 'red'}]{cpu_ratio}[/]"
        t.add_row(
            m.mode,
            str(m.workers),
            f"{m.articles_per_s:.1f}",
            f"{m.words_per_s:,.0f}",
            f"{m.seconds:.2f}",
            ratio,
            f"{m.cpu_seconds:.2f}",
            cpu_ratio,
            f"{m.peak_rss_mb:.0f}",
            f"{m.startup_s:.1f}" if m.workers > 1 else "",
        )
    return t


def steps_table(spent: dict[str, float]) -> Table:
    """CPU seconds per pipeline step, with each step's share of the parse."""
    parse = spent.get("parse") or 0.0
    t = Table(title="CPU seconds per step (1 worker, one pass)", title_justify="left")
    for col in ("step", "CPU s", "% of parse"):
        t.add_column(col, justify="left" if col == "step" else "right", no_wrap=True)
    for name, secs in spent.items():
        t.add_row(name, f"{secs:.2f}", f"{100 * secs / parse:.1f}" if parse else "")
    stages = sum(v for k, v in spent.items() if k not in ("read", "clean", "parse"))
    t.add_row("[bold]all stages[/bold]", f"{stages:.2f}", f"{100 * stages / parse:.1f}" if parse else "")
    return t


@app.command()
def bench(
    input: Annotated[
        str | None, typer.Option("--input", help="Corpus to use (file, folder, glob) instead of the bundled samples.")
    ] = None,
    articles: Annotated[
        int | None, typer.Option(min=1, help="Articles in the corpus (default 200 from the samples; all of --input).")
    ] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Timed runs per measurement (the median is reported).")] = 3,
    workers: Annotated[list[int] | None, typer.Option(min=1, help="Worker counts to measure (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    stages: Annotated[
        bool, typer.Option("--stages", help="Also time each step (read, clean, parse, each stage) once.")
    ] = False,
) -> None:
    """Measure speed: bare spaCy vs read+clean+spaCy vs the full pipeline, on 1 and 2 workers."""

    def say(msg: str) -> None:
        err_console.print(f"[dim]bench:[/dim] {msg}", highlight=False)

    try:
        result = run_bench(
            articles=articles,
            input_path=input,
            repeat=repeat,
            workers=tuple(workers or (1, 2)),
            modes=MODES,
            progress=None if quiet else say,
            stages=stages,
        )
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(1) from e
    if as_json:
        typer.echo(result.to_json())
        return
    # piped output (make bench > file) gets room for the whole table instead of 80 columns
    out = console if console.is_terminal else Console(width=120)
    out.print(bench_table(result))
    if result.stage_seconds:
        out.print(steps_table(result.stage_seconds))
    full = [m for m in result.measurements if m.mode == "full" and m.ratio is not None]
    for m in full:
        cpu = m.cpu_ratio or 0.0
        verdict = "within" if cpu <= TARGET_RATIO else "ABOVE"
        out.print(
            f"full pipeline on {m.workers} worker(s): {cpu:.2f}x bare spaCy CPU time ({m.ratio:.2f}x wall time), "
            f"{verdict} the {TARGET_RATIO:.1f}x target (overhead {100 * (cpu - 1):.0f} % of CPU)",
            highlight=False,
        )
