"""A readable summary of one Article for the terminal (used by ``eventwire demo``)."""

from __future__ import annotations

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
    console.print(f"[dim]{article.input} · {date} · {len(article.text.split())} words · id {article.id}[/dim]")
    if article.events:
        t = Table(title="Events", show_lines=False, expand=True)
        t.add_column("type", no_wrap=True)  # PLOVER types are short; a wrapped type is unreadable
        for col in ("mode", "source", "target", "status", "date", "trigger", "evidence"):
            t.add_column(col, overflow="fold")
        for e in article.events:
            status = e.status + (f" by {_name(article, e.claimed_by)}" if e.claimed_by else "")
            t.add_row(
                e.type,
                e.mode or "",
                _name(article, e.source),
                _name(article, e.target),
                status,
                e.date or "",
                e.trigger.text,
                _clip(e.evidence.text, 120),
            )
        console.print(t)
    if article.quotes:
        t = _table("Quotes and claims", ("speaker", "cue", "via", "content"))
        for q in article.quotes:
            speaker = _name(article, q.speaker) if q.speaker else (q.speaker_text or "-")
            t.add_row(speaker, q.cue or "", q.via or "", _clip(q.content or "(denies or disputes an earlier claim)"))
        console.print(t)
    if article.quantities:
        t = _table("Figures", ("figure", "qualifier", "value", "low", "high", "category", "counts"))
        for n in article.quantities:
            t.add_row(n.text, n.qualifier, _num(n.value), _num(n.low), _num(n.high), n.category, n.unit or "")
        console.print(t)
    if article.places:
        t = _table("Places", ("name", "country", "admin1", "lat", "lon", "mentions"))
        for p in article.places:
            t.add_row(p.name, p.country or "", p.admin1 or "", _num(p.lat), _num(p.lon), str(len(p.mentions)))
        console.print(t)
    if article.contradictions:
        t = _table("Contradictions", ("kind", "a", "b", "reason"))
        for c in article.contradictions:
            t.add_row(c.kind, c.a, c.b, c.reason)
        console.print(t)


def _table(title: str, columns: tuple[str, ...]) -> Table:
    t = Table(title=title, expand=True)
    for col in columns:
        t.add_column(col, overflow="fold")
    return t


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if x == int(x) else f"{x:.4f}"
