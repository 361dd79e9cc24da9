"""A readable summary of one Article for the terminal (used by ``eventwire demo``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from ..records import Article


def _name(article: Article, actor_id: str | None) -> str:
    if actor_id is None:
        return "-"
    for a in article.actors:
        if a.id == actor_id:
            code = "/".join(x for x in (a.country, a.sector) if x)
            return f"{a.name} ({code})" if code else a.name
    return actor_id


def print_summary(article: Article, console: Console) -> None:
    """Print title, date, events, quotes, figures, places and contradictions of ``article``."""
    date = article.published or "date unknown"
    if article.published_inferred:
        date += " (inferred)"
    console.rule(f"[bold]{article.title or article.input or article.id}")
    # soft_wrap: the terminal folds a long line, so the path and the id stay whole for copy and paste
    meta = f"[dim]id {article.id} · {date} · {len(article.text.split())} words · {article.input}[/dim]"
    console.print(meta, soft_wrap=True, highlight=False)
    rows: list[tuple[str, ...]]
    if article.events:
        rows = []
        for e in article.events:
            status = e.status + (f" by {_name(article, e.claimed_by)}" if e.claimed_by else "")
            rows.append(
                (
                    e.type,
                    e.mode or "",
                    _name(article, e.source),
                    _name(article, e.target),
                    status,
                    e.date or "",
                    e.trigger.text,
                    _clip(e.evidence.text, 120),
                )
            )
        _show(console, "Events", ("type", "mode", "source", "target", "status", "date", "trigger", "evidence"), rows)
    if article.quotes:
        rows = []
        for q in article.quotes:
            speaker = _name(article, q.speaker) if q.speaker else (q.speaker_text or "-")
            rows.append(
                (speaker, q.cue or "", q.via or "", _clip(q.content or "(denies or disputes an earlier claim)"))
            )
        _show(console, "Quotes and claims", ("speaker", "cue", "via", "content"), rows)
    if article.quantities:
        rows = [
            (n.text, n.qualifier, _num(n.value), _num(n.low), _num(n.high), n.category, n.unit or "")
            for n in article.quantities
        ]
        _show(console, "Figures", ("figure", "qualifier", "value", "low", "high", "category", "counts"), rows)
    if article.places:
        rows = [
            (p.name, p.country or "", p.admin1 or "", _num(p.lat), _num(p.lon), str(len(p.mentions)))
            for p in article.places
        ]
        _show(console, "Places", ("name", "country", "admin1", "lat", "lon", "mentions"), rows)
    if article.contradictions:
        rows = [(c.kind, c.a, c.b, c.reason) for c in article.contradictions]
        _show(console, "Contradictions", ("kind", "a", "b", "reason"), rows)


COLUMN_WIDTH = 11
"""Narrowest useful table column (content, padding and border); a narrower terminal gets a list."""


def _show(console: Console, title: str, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """A table when the console has room for every column, else one ``column: value`` block per row.

    A table squeezed below ~10 characters a column folds every word into letters (a 40-column
    terminal), so below that each row becomes a small block whose values wrap at word boundaries.
    """
    if console.width >= COLUMN_WIDTH * len(columns) + 1:
        t = Table(title=title, expand=True)
        for i, col in enumerate(columns):
            # the first column is a short code or name; a wrapped PLOVER type is unreadable
            t.add_column(col, no_wrap=i == 0 and title == "Events", overflow="fold")
        for row in rows:
            t.add_row(*row)
        console.print(t)
        return
    console.print(title, style="italic", justify="center")
    label = max(len(c) for c in columns)
    for row in rows:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim", width=label)
        grid.add_column()
        for col, value in zip(columns, row, strict=True):
            if value:
                grid.add_row(col, value)
        console.print(grid)
        console.print()


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if x == int(x) else f"{x:.4f}"
