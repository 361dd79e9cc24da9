"""``eventwire ingest``, ``query`` and ``export``: thin translations onto :mod:`eventwire.store`."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

import pyarrow as pa
import typer
from typer.core import TyperCommand

from ..errors import ErrorPolicy, EventwireError
from ..export import EXPORTERS, export, write_csv
from ..pipeline import Pipeline
from ..store import DEFAULT_DB, IngestReport, Store, ingest, open_store
from . import views
from ._app import console, err_console
from .config import pipeline_config
from .extract import EXIT_SKIPPED, Policy, check_date
from .progress import print_skipped

app = typer.Typer()  # this module's commands: registered in pyproject.toml [project.entry-points."eventwire.commands"]

DbOption = Annotated[str, typer.Option("--db", help=f"DuckDB database file (default ./{DEFAULT_DB}).")]


def _fail(e: EventwireError) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    errors: Annotated[
        Policy, typer.Option(help="record: store bad inputs in the dead-letter table; skip: drop them; raise: stop.")
    ] = Policy.record,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for inputs whose metadata has none.", callback=check_date),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Re-extract inputs seen before and replace stored records with the same id."),
    ] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents per transaction (work lost at most on a crash).")
    ] = 32,
) -> None:
    """Extract records from the inputs and store them in DuckDB (idempotent, resumable after a crash)."""
    policy: ErrorPolicy = "raise" if errors is Policy.raise_ else errors.value  # type: ignore[assignment]
    try:
        with open_store(db) as store:
            pipe = Pipeline(pipeline_config(published=published))
            if quiet:
                report = ingest(
                    store, paths, pipeline=pipe, workers=workers, errors=policy, replace=replace, batch_size=batch_size
                )
            else:
                report = _ingest_with_progress(store, paths, pipe, workers, policy, replace, batch_size)
    except EventwireError as e:
        raise _fail(e) from e
    c = report.counts
    if not quiet:
        err_console.print(
            f"{db}: {c.stored} stored, {c.replaced} replaced, {c.duplicates} already stored, "
            f"{report.resumed} done by an earlier run, {c.skipped} skipped",
            highlight=False,
            soft_wrap=True,
        )
        if report.skipped and policy == "record":
            print_skipped(report.skipped)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _ingest_with_progress(
    store: Store, paths: list[str], pipe: Pipeline, workers: int, policy: ErrorPolicy, replace: bool, batch_size: int
) -> IngestReport:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("[bold]ingest[/bold] {task.completed} documents"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as prog:
        task = prog.add_task("ingest", total=None)
        return ingest(
            store,
            paths,
            pipeline=pipe,
            workers=workers,
            errors=policy,
            replace=replace,
            batch_size=batch_size,
            on_result=lambda _: prog.advance(task),
        )


class What(StrEnum):
    events = "events"
    actors = "actors"
    quotes = "quotes"
    figures = "figures"
    places = "places"
    articles = "articles"
    skipped = "skipped"


class QueryFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _json_value(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


@app.command("query")
def query_cmd(
    what: Annotated[What, typer.Argument(help="What to list.")],
    type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="events: PLOVER type; figures: category; actors: kind; places: feature; "
            "quotes: direct|reported (comma-separated for several).",
        ),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO3 code; events and figures: of an actor on either side (comma-separated).")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(help="Part of an actor's name or alias, case and accents ignored (quotes: the speaker)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="On or after YYYY-MM-DD (event date, else publication date).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="On or before YYYY-MM-DD.")] = None,
    text: Annotated[str | None, typer.Option(help="Part of the evidence sentence, case and accents ignored.")] = None,
    status: Annotated[str | None, typer.Option(help="events: only these statuses (asserted, claimed, ...).")] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=0, help="At most this many rows: one page (the next page's --after goes to stderr)."),
    ] = None,
    after: Annotated[
        str | None, typer.Option(help="Cursor: the page after the one that printed it (use with --limit).")
    ] = None,
    format: Annotated[
        QueryFormat, typer.Option("--format", "-f", help="table (terminal), jsonl or csv.")
    ] = QueryFormat.table,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List events, actors, quotes, figures, places, articles or skipped inputs from the database."""
    filters = {
        "type": type,
        "country": country,
        "actor": actor,
        "since": since,
        "until": until,
        "text": text,
        "status": status,
        "limit": limit,
        "after": after,
    }
    next_page: str | None = None
    try:
        with open_store(db, read_only=True) as store:
            selection = store.select(what.value, **filters)
            if limit is not None:
                page = selection.page()
                batches: Iterable[pa.RecordBatch] = page.table.to_batches()
                next_page = page.next
            else:
                batches = selection.batches()
            rows = (row for batch in batches for row in batch.to_pylist())
            if format is QueryFormat.jsonl:
                for r in rows:
                    sys.stdout.write(json.dumps({k: _json_value(v) for k, v in r.items()}, ensure_ascii=False) + "\n")
            elif format is QueryFormat.csv:
                write_csv(sys.stdout, selection.columns, (r.values() for r in rows))
            else:
                console.print(views.render(what.value, selection.columns, list(rows), console.width))
    except EventwireError as e:
        raise _fail(e) from e
    if next_page is not None:
        err_console.print(f"next page: --after {next_page}", highlight=False, soft_wrap=True)


def _exporter_help() -> str:
    try:
        return "; ".join(f"{name}: {EXPORTERS.get(name).description}" for name in EXPORTERS.names())
    except EventwireError as e:  # a broken plugin must not break every command's --help
        return f"a registered export format (listing them failed: {e})"


def _check_format(name: str) -> str:
    try:
        if name in EXPORTERS:
            return name
        known = ", ".join(EXPORTERS.names())
    except EventwireError as e:
        raise typer.BadParameter(str(e)) from e
    raise typer.BadParameter(f"{name!r} is not a registered export format (registered: {known})")


class _ExportCommand(TyperCommand):
    """``export`` lists the exporters registered when help is asked for (a package installed later shows up)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            if param.name == "format":
                param.help = _exporter_help()  # type: ignore[attr-defined]  # an Option (typer's own click copy)
        super().format_help(ctx, formatter)


@app.command("export", cls=_ExportCommand)
def export_cmd(
    out: Annotated[str, typer.Argument(help="Output file (parquet: a directory, one per table).")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="A registered export format.", callback=_check_format)
    ] = "jsonl",
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Export the database with a registered exporter: the record contract (jsonl, csv, parquet), PLOVER JSONL,
    ACLED-style CSV, or a format an installed package adds."""
    try:
        with open_store(db, read_only=True) as store:
            report = export(store, format, out)
    except EventwireError as e:
        raise _fail(e) from e
    except OSError as e:
        err_console.print(f"[red]error:[/red] cannot write {out}: {e.strerror}", highlight=False)
        raise typer.Exit(1) from e
    if not quiet:
        err_console.print(
            f"{report.rows} rows written to {', '.join(report.files[:3])}{' ...' if len(report.files) > 3 else ''}",
            highlight=False,
            soft_wrap=True,
        )
