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
from ..store.parquet_io import RELINKED, is_parquet_folder, load_parquet_dir
from . import figures as figures_view
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
    no_link: Annotated[
        bool,
        typer.Option(
            "--no-link",
            help="Do not link across articles (stories, copies, event groups); `eventwire link` does it later.",
        ),
    ] = False,
) -> None:
    """Extract records from the inputs and store them in DuckDB, linked across articles (idempotent, resumable).

    A folder written by `eventwire spark extract` (or `export --format parquet`: OUTPUT/articles/,
    events/, ..., dead_letter/) is loaded as it is, without extracting again, and its articles are
    then linked like ingested ones (docs/spark.md).
    """
    policy: ErrorPolicy = "raise" if errors is Policy.raise_ else errors.value  # type: ignore[assignment]
    folders = [p for p in paths if p != "-" and is_parquet_folder(p)]
    paths = [p for p in paths if p not in folders]
    loaded_skipped = 0
    loaded: list[dict[str, int]] = []
    try:
        with open_store(db) as store:
            for folder in folders:
                added = load_parquet_dir(store, folder, replace=replace)
                loaded.append(added)
                loaded_skipped += added.get("dead_letter", 0)
                if not quiet:
                    err_console.print(
                        f"{db}: {added['articles']} article(s) loaded from the Parquet folder {folder} "
                        f"({added.get('dead_letter', 0)} dead-letter row(s)); already stored ones kept",
                        highlight=False,
                        soft_wrap=True,
                    )
            if folders and no_link and any(r.get(RELINKED) for r in loaded):
                err_console.print(
                    f"{db}: replaced article(s) link differently now: the links were emptied; "
                    f"run `eventwire link --db {db}` to rebuild them",
                    highlight=False,
                    soft_wrap=True,
                )
            if folders and not no_link:
                linked = link_loaded(store)
                if not quiet:
                    err_console.print(f"{db}: {linked} loaded article(s) linked", highlight=False)
            if not paths:
                if loaded_skipped:
                    raise typer.Exit(EXIT_SKIPPED)
                return
            pipe = Pipeline(pipeline_config(published=published))
            if quiet:
                report = ingest(
                    store,
                    paths,
                    pipeline=pipe,
                    workers=workers,
                    errors=policy,
                    replace=replace,
                    batch_size=batch_size,
                    link=not no_link,
                )
            else:
                report = _ingest_with_progress(store, paths, pipe, workers, policy, replace, batch_size, not no_link)
    except EventwireError as e:
        raise _fail(e) from e
    c = report.counts
    if not quiet:
        err_console.print(
            f"{db}: {c.stored} stored, {c.replaced} replaced, {c.duplicates} already stored, "
            f"{report.resumed} done by an earlier run, {c.skipped} skipped, {report.linked} linked",
            highlight=False,
            soft_wrap=True,
        )
        if report.relinked:
            err_console.print(
                f"{db}: {c.relinked} replaced article(s) link differently now: every article was linked again",
                highlight=False,
            )
        elif c.relinked:
            err_console.print(
                f"{db}: {c.relinked} replaced article(s) link differently now: the links were emptied; "
                f"run `eventwire link --db {db}` to rebuild them",
                highlight=False,
                soft_wrap=True,
            )
        if report.skipped and policy == "record":
            print_skipped(report.skipped)
    if report.skipped or loaded_skipped:
        raise typer.Exit(EXIT_SKIPPED)


def link_loaded(store: Store) -> int:
    """Link the stored articles not linked yet (a loaded Parquet folder's), in publication order, as
    ingest links what it stores; returns how many."""
    from ..knowledge import load_knowledge
    from ..link import Linker
    from ..store.ingest import link_stored

    linker = Linker(snapshot=store.link_snapshot(), kb=load_knowledge().actors)
    return link_stored(store, linker, store.unlinked_article_ids())


def _ingest_with_progress(
    store: Store,
    paths: list[str],
    pipe: Pipeline,
    workers: int,
    policy: ErrorPolicy,
    replace: bool,
    batch_size: int,
    link: bool,
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
            link=link,
        )


class What(StrEnum):
    events = "events"
    actors = "actors"
    quotes = "quotes"
    figures = "figures"
    places = "places"
    articles = "articles"
    skipped = "skipped"
    stories = "stories"
    groups = "groups"
    series = "series"
    contradictions = "contradictions"


FIGURE_VIEWS = frozenset({"series", "contradictions"})
"""What ``query`` computes across reports from the linking tables (cli/figures.py) rather than selects."""


class QueryFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _flat(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v


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
            "quotes: direct|reported; groups: PLOVER type (comma-separated for several).",
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
    story: Annotated[
        str | None,
        typer.Option(
            help="groups, stories, articles: only these story ids (comma-separated); figures --compare, series, contradictions: one story id."
        ),
    ] = None,
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
    compare: Annotated[
        bool,
        typer.Option("--compare", help="figures: per event group and category, every report's value side by side."),
    ] = False,
    group: Annotated[str | None, typer.Option(help="figures --compare, contradictions: one event group id.")] = None,
    category: Annotated[
        str | None, typer.Option(help="figures --compare, series: one figure category (killed, injured, ...).")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List events, actors, quotes, figures, places, articles, skipped inputs, stories or event groups; compare
    figures across reports (figures --compare), running totals (series) and contradictions within and across reports."""
    if what.value in FIGURE_VIEWS or (compare and what is What.figures):
        _figure_view(what.value, group=group, story=story, category=category, format=format, db=db)
        return
    filters = {
        "type": type,
        "country": country,
        "actor": actor,
        "since": since,
        "until": until,
        "text": text,
        "status": status,
        "story": story,
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
            elif format is QueryFormat.csv:  # nested values (lists, members) as JSON text in their cell
                write_csv(sys.stdout, selection.columns, ([_flat(v) for v in r.values()] for r in rows))
            else:
                console.print(views.render(what.value, selection.columns, list(rows), console.width))
    except EventwireError as e:
        raise _fail(e) from e
    if next_page is not None:
        err_console.print(f"next page: --after {next_page}", highlight=False, soft_wrap=True)


def _figure_view(
    what: str, *, group: str | None, story: str | None, category: str | None, format: QueryFormat, db: str
) -> None:
    """``query figures --compare``, ``query series``, ``query contradictions`` (cli/figures.py)."""
    if format is QueryFormat.csv:
        err_console.print(f"[red]error:[/red] query {what} prints nested values: use --format jsonl or table")
        raise typer.Exit(2)
    try:
        with open_store(db, read_only=True) as store:
            rows: list[dict[str, Any]]
            if what == "series":
                found = figures_view.story_series(store, story=story, category=category)
                rows, table = [s.to_json() for s in found], figures_view.series_table(found)
            elif what == "contradictions":
                rows = figures_view.contradiction_rows(store, story=story, group=group)
                table = figures_view.contradictions_table(rows)
            else:
                comps = figures_view.comparisons(store, group=group, story=story, category=category)
                rows, table = [c.to_json() for c in comps], figures_view.comparison_table(comps)
    except EventwireError as e:
        raise _fail(e) from e
    if format is QueryFormat.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        console.print(table)


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
    groups: Annotated[
        bool,
        typer.Option(
            "--groups", help="One row per event group instead of one per mention (acled, jsonl; needs linking)."
        ),
    ] = False,
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Export the database with a registered exporter: the record contract (jsonl, csv, parquet), PLOVER JSONL,
    ACLED-style CSV, or a format an installed package adds."""
    if groups:
        format = _check_format(f"{format}-groups")
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
