"""Figures and claims across reports on the command line: ``query figures --compare``, ``query series``,
``query contradictions`` and the figure part of ``eventwire story ID`` (docs/cli.md, docs/linking.md).

The store gives the linking rows and the article records; :mod:`eventwire.link.figures` and
:mod:`eventwire.link.claims` compute the views (nothing is precomputed or stored). Every view reads
the groups it needs and only the articles those groups or stories name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..link.claims import contradictions
from ..link.figures import FigureComparison, Series, compare_figures, series
from ..records import ActorEntity, Article, ArticleLink, EventGroup
from ..store.links import read_rows
from ..store.store import Store


def _groups(store: Store, *, group: str | None = None, story: str | None = None) -> list[EventGroup]:
    if group is not None:
        return list(read_rows(store.con, "event_groups", "WHERE id = ?", [group]))
    if story is not None:
        return list(read_rows(store.con, "event_groups", "WHERE story_id = ?", [story]))
    return list(read_rows(store.con, "event_groups"))


def _articles(store: Store, ids: Iterable[str]) -> dict[str, Article]:
    wanted = list(dict.fromkeys(ids))
    return {a.id: a for a in store.articles_by_id(wanted)}


def _entities(store: Store, groups: Iterable[EventGroup]) -> dict[str, ActorEntity]:
    ids: set[str] = set()
    for g in groups:
        ids.update(x for x in (g.source_entity, g.target_entity) if x)
        ids.update(g.claimed_by)
        ids.update(g.denied_by)
        for m in g.members:
            ids.update(m.source_entities)
            ids.update(m.target_entities)
            if m.claimed_by:
                ids.add(m.claimed_by)
    if not ids:
        return {}
    rows: list[ActorEntity] = read_rows(store.con, "actor_entities", "WHERE list_contains(?, id)", [sorted(ids)])
    return {e.id: e for e in rows}


def comparisons(
    store: Store, *, group: str | None = None, story: str | None = None, category: str | None = None
) -> list[FigureComparison]:
    """Figure comparisons of the stored event groups (one group, one story's, or all)."""
    groups = _groups(store, group=group, story=story)
    articles = _articles(store, (m.article_id for g in groups for m in g.members))
    return compare_figures(groups, articles, category=category)


def story_series(store: Store, *, story: str | None = None, category: str | None = None) -> list[Series]:
    """Running totals by story and category (one story's, or every story's)."""
    where, params = ("WHERE story_id = ?", [story]) if story is not None else ("", [])
    links: list[ArticleLink] = read_rows(store.con, "article_links", where, params)
    by_id = {x.article_id: x for x in links}
    articles = _articles(store, by_id)
    return series(articles.values(), by_id, story_id=story, category=category)


def _links(store: Store, story_ids: Iterable[str] | None) -> dict[str, ArticleLink]:
    """Article links of the given stories (every story's when None)."""
    if story_ids is None:
        rows: list[ArticleLink] = read_rows(store.con, "article_links")
    else:
        wanted = sorted(set(story_ids))
        rows = read_rows(store.con, "article_links", "WHERE list_contains(?, story_id)", [wanted]) if wanted else []
    return {x.article_id: x for x in rows}


def contradiction_rows(store: Store, *, story: str | None = None, group: str | None = None) -> list[dict[str, Any]]:
    """Every contradiction (in-article and across reports) as ``query contradictions`` prints it.

    With ``story`` or ``group``, the articles read are the groups' members and the story's other
    reports (a quote-only denial has no event of its own in a group).
    """
    groups = _groups(store, group=group, story=story)
    whole = story is None and group is None
    links = _links(store, None if whole else [g.story_id for g in groups] or ([story] if story else []))
    ids = store.article_ids() if whole else [*(m.article_id for g in groups for m in g.members), *links]
    articles = _articles(store, ids)
    comps = compare_figures(groups, articles)
    found = contradictions(articles, groups, comps, _entities(store, groups), links)
    if group is not None:  # the story's other reports came in for quote-only denials: keep the group's
        members = {m.article_id for g in groups for m in g.members}
        found = [c for c in found if c.group_id == group or (c.group_id is None and c.a.article_id in members)]
    return [c.to_json() for c in found]


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if v == int(v) else str(v)


def comparison_table(comps: list[FigureComparison]) -> Table:
    """The readable view: one row per report's figure, grouped by group and category."""
    t = Table(title=f"{len(comps)} figure comparisons", expand=True, show_lines=False)
    for name, kw in (
        ("group", {"max_width": 18}),
        ("category", {"max_width": 12}),
        ("range", {"max_width": 12}),
        ("value", {"max_width": 18}),
        ("outlet", {"max_width": 18}),
        ("claimant", {"max_width": 18}),
        ("date", {"max_width": 10}),
        ("evidence", {"ratio": 1}),
    ):
        t.add_column(name, overflow="fold", **kw)  # type: ignore[arg-type]
    for c in comps:
        span = f"{_num(c.low)}–{_num(c.high)}" if c.low != c.high else _num(c.low)
        for i, v in enumerate(c.values):
            flag = " CONFLICT" if c.conflict and i == 0 else ""
            outlet = (v.outlet or v.article_id) + (f" (+{', '.join(v.copied_by)})" if v.copied_by else "")
            t.add_row(
                c.group_id if i == 0 else "",
                (c.category + flag) if i == 0 else "",
                span if i == 0 else "",
                v.text,
                outlet,
                v.claimant or "",
                v.date or "",
                v.evidence.text,
            )
    return t


def series_table(items: list[Series]) -> Table:
    """Running totals: one row per point, conflicts marked."""
    t = Table(title=f"{len(items)} series", expand=True)
    for name in ("story", "category", "as of", "value", "outlet", "claimant", "note", "evidence"):
        t.add_column(name, overflow="fold", ratio=1 if name == "evidence" else None)
    for s in items:
        bad = {c["b"]: c["kind"] for c in s.conflicts}
        for i, p in enumerate(s.points):
            t.add_row(
                s.story_id if i == 0 else "",
                s.category if i == 0 else "",
                p.date or "",
                p.text,
                p.outlet or p.article_id,
                p.claimant or "",
                bad.get(i, ""),
                p.evidence.text,
            )
    return t


def contradictions_table(rows: list[dict[str, Any]]) -> Table:
    """Contradictions: both sides' speakers, dates and evidence."""
    t = Table(title=f"{len(rows)} contradictions", expand=True)
    for name in ("kind", "across", "a: speaker", "a: date", "a: evidence", "b: speaker", "b: date", "b: evidence"):
        t.add_column(name, overflow="fold", ratio=1 if "evidence" in name else None)
    for r in rows:
        a, b = r["a"], r["b"]
        t.add_row(
            r["kind"],
            "yes" if r["cross_article"] else "no",
            a["speaker"] or a.get("outlet") or "",
            a["date"] or "",
            a["evidence"]["text"],
            b["speaker"] or b.get("outlet") or "",
            b["date"] or "",
            b["evidence"]["text"],
        )
    return t


# -- the story view (``eventwire story ID``): cards that read at 80 columns ---------------------------


def group_label(g: EventGroup) -> str:
    """ "ASSAULT (crowd-control) 2025-06-01, Tolvik: police -> protesters" for a group's heading."""
    kind = g.type + (f" ({g.mode})" if g.mode else "")
    when = g.date or g.date_start or "undated"
    dyad = " -> ".join(x for x in (g.source_name or "?", g.target_name) if x)
    return f"{kind} {when}" + (f", {g.place}" if g.place else "") + f": {dyad}"


def _indented(text: str, level: int = 1, style: str = "") -> Padding:
    return Padding(Text(text, style=style, overflow="fold"), (0, 0, 0, 2 * level), expand=False)


def _who(speaker: str | None, via: str | None, outlet: str | None) -> str:
    who = f"per {speaker}" if speaker else "in its own voice"
    if via:
        who += f" via {via}"
    return f"{outlet or '?'}, {who}"


def comparison_cards(comps: Iterable[FigureComparison], labels: Mapping[str, str]) -> list[RenderableType]:
    """Each group's figures by category: the range, CONFLICT when reports disagree, one line per report."""
    out: list[RenderableType] = []
    for c in comps:
        span = f"{_num(c.low)}-{_num(c.high)}" if c.low != c.high else _num(c.low)
        head = f"{c.category}: {span}" + ("  CONFLICT" if c.conflict else "")
        out.append(Text(labels.get(c.group_id, c.group_id), style="bold", overflow="fold"))
        out.append(_indented(head, style="red" if c.conflict else ""))
        clash = {i for pair in c.conflicts for i in pair}
        for i, v in enumerate(c.values):
            outlet = (v.outlet or v.article_id) + (f" (+{', '.join(v.copied_by)})" if v.copied_by else "")
            mark = "! " if i in clash else "- "
            out.append(_indented(f"{mark}{v.text!r} {_who(v.claimant, v.via, outlet)}, {v.date or 'undated'}", 2))
    return out


def series_cards(items: Iterable[Series]) -> list[RenderableType]:
    """Running totals: one line per point, lower-later and same-date conflicts marked."""
    out: list[RenderableType] = []
    for s in items:
        bad = {c["b"]: c["kind"] for c in s.conflicts}
        out.append(Text(f"{s.category} (running total)" + ("  CONFLICT" if s.conflicts else ""), style="bold"))
        for i, p in enumerate(s.points):
            note = f"  [{bad[i].replace('_', ' ')}]" if i in bad else ""
            out.append(_indented(f"{p.date or '?'}: {p.text!r} {_who(p.claimant, p.via, p.outlet)}{note}"))
    return out


def contradiction_cards(rows: Iterable[Mapping[str, Any]], labels: Mapping[str, str]) -> list[RenderableType]:
    """Both sides of each contradiction: who says it (and through whom), when, the evidence."""
    out: list[RenderableType] = []
    for r in rows:
        where = "across reports" if r["cross_article"] else "in one report"
        about = labels.get(r.get("group_id") or "", "")
        out.append(Text(f"{r['kind']} contradiction, {where}" + (f": {about}" if about else ""), style="bold"))
        for name, side in (("A", r["a"]), ("B", r["b"])):
            status = f" [{side['status']}]" if side.get("status") else ""
            said = side.get("published")
            when = (side.get("date") or "undated") + (f", reported {said}" if said and said != side.get("date") else "")
            who = _who(side.get("speaker"), side.get("via"), side.get("outlet"))
            out.append(_indented(f"{name}: {who}, {when}{status}"))
            out.append(_indented(side["evidence"]["text"], 2, style="dim"))
    return out


def story_sections(store: Store, story_id: str, groups: Iterable[EventGroup]) -> list[RenderableType]:
    """The figure and contradiction part of ``eventwire story ID`` (nothing when there is none)."""
    labels = {g.id: group_label(g) for g in groups}
    parts: list[RenderableType] = []
    for title, cards in (
        ("Figures by event group", comparison_cards(comparisons(store, story=story_id), labels)),
        ("Running totals", series_cards(story_series(store, story=story_id))),
        ("Contradictions", contradiction_cards(contradiction_rows(store, story=story_id), labels)),
    ):
        if cards:
            parts += [Text(""), Text(title, style="bold underline"), *cards]
    return parts


def jsonl(items: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for x in items:
        yield x if isinstance(x, dict) else x.to_json()


__all__ = [
    "comparison_cards",
    "comparison_table",
    "comparisons",
    "contradiction_cards",
    "contradiction_rows",
    "contradictions_table",
    "group_label",
    "jsonl",
    "series_cards",
    "series_table",
    "story_sections",
    "story_series",
]
