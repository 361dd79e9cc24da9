"""``eventwire link`` (rebuild the linking across articles) and ``eventwire story ID`` (a story's timeline)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..errors import EventwireError, StoreError
from ..records import EventGroup
from ..store import DEFAULT_DB, Store, open_store
from ..store.ingest import relink
from ._app import console, err_console
from .figures import story_sections

app = typer.Typer()  # registered in pyproject.toml [project.entry-points."eventwire.commands"]

DbOption = Annotated[str, typer.Option("--db", help=f"DuckDB database file (default ./{DEFAULT_DB}).")]


def _fail(e: EventwireError) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


@app.command("link")
def link_cmd(
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Rebuild every link across the stored articles (copies, stories, actor entities, event groups), in publication order."""
    try:
        with open_store(db) as store:
            if quiet or not err_console.is_terminal:
                linked = relink(store)
            else:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

                total = store.counts()["articles"]
                columns = (TextColumn("[bold]link"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
                with Progress(*columns, console=err_console, transient=True) as prog:
                    task = prog.add_task("link", total=total)
                    linked = relink(store, on_progress=lambda n: prog.advance(task, n))
            counts = store.link_counts()
    except EventwireError as e:
        raise _fail(e) from e
    if not quiet:
        err_console.print(
            f"{db}: {linked} articles linked: {counts['stories']} stories, {counts['copies']} copies, "
            f"{counts['event_groups']} event groups, {counts['actor_entities']} actor entities",
            highlight=False,
            soft_wrap=True,
        )


def _names(store: Store, ids: list[str]) -> str:
    out = []
    for eid in ids:
        ent = store.entity(eid)
        out.append(ent.name if ent is not None else eid)
    return ", ".join(out)


def _happening(store: Store, g: EventGroup) -> Text:
    """Type (mode): source -> target, place; then who asserts, claims, denies it."""
    head = Text(g.type, style="bold")
    if g.mode:
        head.append(f" ({g.mode})")
    dyad = " → ".join(x for x in (g.source_name or "?", g.target_name) if x)
    head.append(f": {dyad}")
    if g.place:
        head.append(f", {g.place}" + (f" [{g.place_country}]" if g.place_country else ""))
    if g.claimed_by:
        head.append(f"\nclaimed by {_names(store, g.claimed_by)}", style="yellow")
    if g.denied_by:
        head.append(f"\ndenied by {_names(store, g.denied_by)}", style="red")
    return head


def _outlets(g: EventGroup) -> str:
    seen: list[str] = []
    for m in g.members:
        name = (m.outlet or m.article_id) + (" (copy)" if m.copy_of else "")
        if name not in seen:
            seen.append(name)
    return f"{g.article_count} report(s), {g.outlet_count} outlet(s): " + "; ".join(seen)


def _when(g: EventGroup) -> str:
    if g.date:
        return g.date
    if g.date_start and g.date_end and g.date_start != g.date_end:
        return f"{g.date_start}..{g.date_end}"
    return g.date_start or "undated"


@app.command("story")
def story_cmd(
    story_id: Annotated[str, typer.Argument(help="Story id (`eventwire query stories` lists them).", metavar="ID")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """A story's timeline: its event groups by date, each with what happened and which outlets carry it;
    then each group's figures side by side, the running totals and the contradictions."""
    try:
        with open_store(db, read_only=True) as store:
            story = store.story(story_id)
            if story is None:
                raise StoreError(
                    f"no story {story_id!r} in {db}; `eventwire query stories --db {db}` lists the stories",
                    code="EW303",
                )
            groups = store.story_groups(story_id)
            copies = sum(1 for a in story.article_ids if (link := store.article_link(a)) and link.copy_of)
            title = Text(story.label or story.id, style="bold")
            console.print(title)
            console.print(
                f"{story.id} · {story.first_date or '?'} – {story.last_date or '?'} · "
                f"{len(story.article_ids)} article(s), {copies} of them copies · {len(groups)} event group(s)",
                highlight=False,
            )
            t = Table(show_lines=True, expand=True, box=None, pad_edge=False)
            t.add_column("date", no_wrap=True, width=10)
            t.add_column("what happened", ratio=3, overflow="fold")
            t.add_column("reported by", ratio=2, overflow="fold")
            for g in groups:
                t.add_row(_when(g), _happening(store, g), _outlets(g))
            console.print(t)
            for part in story_sections(store, story_id, groups):
                console.print(part, highlight=False)
    except EventwireError as e:
        raise _fail(e) from e
