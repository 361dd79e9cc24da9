"""Figures and claims across reports, for the web: figure comparisons per event group, running
totals per story, contradictions with both sides (issue 16), in the JSONL shapes of
``eventwire query figures --compare``, ``query series`` and ``query contradictions``.

Nothing here computes a comparison, a series or a contradiction: like the CLI (``cli/figures.py``),
each answer reads the linking rows and only the articles that the page's groups or stories name,
and hands them to :mod:`eventwire.link.figures` and :mod:`eventwire.link.claims` (through the CLI's
own store readers where they fit). What this module adds is paging: a page is a bounded run of
event groups (comparisons) or stories (series, contradictions) in id order, so one request's cost
does not grow with the store; the cursor names the last group or story of the page. A page ends at
a group or story boundary (it may hold a few rows more than ``limit``) and, when the groups it
scanned gave nothing, it may be short or empty with a ``next`` cursor: follow ``next`` until it is
null.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from ..cli.figures import contradiction_rows, story_series
from ..link.figures import compare_figures
from ..records import Article, EventGroup
from ..store import web_queries as wq
from ..store.links import read_rows
from ..store.store import Store

SCAN_FACTOR = 10
"""A page scans at most ``limit * SCAN_FACTOR`` groups or stories (then answers with a cursor)."""


@dataclass(frozen=True)
class AcrossFilters:
    """What the across-report views take: one group, one story, a figure category, cross-article only."""

    group: str | None = None
    story: str | None = None
    category: str | None = None
    cross: bool = False


def _store(cur: duckdb.DuckDBPyConnection) -> Store:
    """The store's read API on a served snapshot cursor (the request's own; never closed here)."""
    return Store(":served:", cur, read_only=True)


def _ids(cur: duckdb.DuckDBPyConnection, table: str, f: AcrossFilters, after: str | None, n: int) -> list[str]:
    """The next ``n`` ids of ``event_groups`` or ``stories`` after the cursor, under the filters."""
    return wq.link_ids(cur, table, group=f.group, story=f.story, after=after, n=n)


def _paged(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    f: AcrossFilters,
    after: str | None,
    limit: int,
    rows_of: Callable[[list[str]], list[dict[str, Any]]],
) -> wq.Page:
    """Rows of consecutive groups/stories until ``limit`` rows or the scan bound; cursor = last id read."""
    limit = max(1, min(int(limit), wq.MAX_PAGE))
    rows: list[dict[str, Any]] = []
    cursor = after
    scanned = 0
    step = min(limit, 50)
    while len(rows) < limit and scanned < limit * SCAN_FACTOR:
        ids = _ids(cur, table, f, cursor, step)
        if not ids:
            return wq.Page(rows, None)
        rows.extend(rows_of(ids))
        scanned += len(ids)
        cursor = wq.encode_key([ids[-1]])
        if len(ids) < step:
            return wq.Page(rows, None)
    more = _ids(cur, table, f, cursor, 1)
    return wq.Page(rows, cursor if more else None)


def _articles(store: Store, groups: Iterable[EventGroup]) -> dict[str, Article]:
    wanted = list(dict.fromkeys(m.article_id for g in groups for m in g.members))
    return {a.id: a for a in store.articles_by_id(wanted)}


def comparisons(
    cur: duckdb.DuckDBPyConnection, f: AcrossFilters, *, after: str | None = None, limit: int = 50
) -> wq.Page:
    """Figure comparisons of event groups (``query figures --compare`` rows), in group id order."""
    store = _store(cur)

    def rows_of(ids: list[str]) -> list[dict[str, Any]]:
        groups: list[EventGroup] = read_rows(cur, "event_groups", "WHERE list_contains(?, id)", [ids])
        comps = compare_figures(groups, _articles(store, groups), category=f.category)
        return sorted((c.to_json() for c in comps), key=lambda c: (c["group_id"], c["category"]))

    return _paged(cur, "event_groups", f, after, limit, rows_of)


def series(cur: duckdb.DuckDBPyConnection, f: AcrossFilters, *, after: str | None = None, limit: int = 50) -> wq.Page:
    """Running totals by story and category (``query series`` rows), in story id order."""
    store = _store(cur)

    def rows_of(ids: list[str]) -> list[dict[str, Any]]:
        return [s.to_json() for sid in ids for s in story_series(store, story=sid, category=f.category)]

    return _paged(cur, "stories", f, after, limit, rows_of)


def contradictions(
    cur: duckdb.DuckDBPyConnection, f: AcrossFilters, *, after: str | None = None, limit: int = 50
) -> wq.Page:
    """Contradictions with both sides (``query contradictions`` rows) of one group, or story by story.

    In-article contradictions of articles in no event group are on the in-article list
    (``/api/contradictions``), not here: this view walks groups and stories."""
    store = _store(cur)

    def keep(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if r["cross_article"]] if f.cross else rows

    if f.group:
        if after:
            return wq.Page([])
        return wq.Page(keep(contradiction_rows(store, group=f.group)))

    def rows_of(ids: list[str]) -> list[dict[str, Any]]:
        return [r for sid in ids for r in keep(contradiction_rows(store, story=sid))]

    return _paged(cur, "stories", f, after, limit, rows_of)


# -- flat rows for CSV ----------------------------------------------------------------------------


def _evidence(row: dict[str, Any], item: str | None) -> str | None:
    art = row.get("article_id")
    if not art:
        return None
    return f"/article/{art}#{item}" if item else f"/article/{art}"


def comparison_csv_rows(comps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One CSV row per report's figure (the comparison's range and conflict flag repeated)."""
    out = []
    for c in comps:
        for v in c["values"]:
            out.append(
                {
                    "group_id": c["group_id"],
                    "category": c["category"],
                    "conflict": c["conflict"],
                    "range_low": c["low"],
                    "range_high": c["high"],
                    "value": v["value"],
                    "low": v["low"],
                    "high": v["high"],
                    "qualifier": v["qualifier"],
                    "text": v["text"],
                    "outlet": v["outlet"],
                    "claimant": v["claimant"],
                    "via": v["via"],
                    "date": v["date"],
                    "article_id": v["article_id"],
                    "figure_id": v["figure_id"],
                    "copied_by": v["copied_by"],
                    "evidence": v["evidence"]["text"],
                    "evidence_link": _evidence(v, v["figure_id"]),
                }
            )
    return out


def series_csv_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One CSV row per point of a series (``conflict`` names the rule a later point breaks)."""
    out = []
    for s in items:
        bad = {c["b"]: c["kind"] for c in s["conflicts"]}
        for i, p in enumerate(s["points"]):
            out.append(
                {
                    "story_id": s["story_id"],
                    "category": s["category"],
                    "as_of": p.get("as_of") or p["date"],
                    "value": p["value"],
                    "qualifier": p["qualifier"],
                    "text": p["text"],
                    "outlet": p["outlet"],
                    "claimant": p["claimant"],
                    "conflict": bad.get(i),
                    "article_id": p["article_id"],
                    "figure_id": p["figure_id"],
                    "evidence": p["evidence"]["text"],
                    "evidence_link": _evidence(p, p["figure_id"]),
                }
            )
    return out


def contradiction_csv_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One CSV row per contradiction, both sides flattened (``a_…``, ``b_…``)."""
    out = []
    for r in rows:
        flat: dict[str, Any] = {k: r.get(k) for k in ("id", "kind", "cross_article", "group_id", "category", "reason")}
        for side in ("a", "b"):
            s = r[side]
            flat.update(
                {
                    f"{side}_speaker": s["speaker"],
                    f"{side}_via": s["via"],
                    f"{side}_outlet": s.get("outlet"),
                    f"{side}_status": s.get("status"),
                    f"{side}_date": s["date"],
                    f"{side}_evidence": s["evidence"]["text"],
                    f"{side}_evidence_link": _evidence(s, s["item_id"]),
                }
            )
        out.append(flat)
    return out


@dataclass(frozen=True)
class AcrossView:
    """One across-report view: its API path, lister and CSV flattening."""

    name: str
    title: str
    lister: Callable[..., wq.Page]
    csv_rows: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


ACROSS_VIEWS: dict[str, AcrossView] = {
    v.name: v
    for v in (
        AcrossView("figures-compare", "Figure comparisons", comparisons, comparison_csv_rows),
        AcrossView("series", "Running totals", series, series_csv_rows),
        AcrossView("contradiction-sides", "Contradictions with both sides", contradictions, contradiction_csv_rows),
    )
}
"""Download names (``/export/<name>.csv|json``) of the across-report views."""


__all__ = [
    "ACROSS_VIEWS",
    "AcrossFilters",
    "AcrossView",
    "comparison_csv_rows",
    "comparisons",
    "contradiction_csv_rows",
    "contradictions",
    "series",
    "series_csv_rows",
]
