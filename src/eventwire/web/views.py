"""What the API and the pages share: request filters, cursors, coded errors and the list views.

A *list view* is a named, filterable, keyset-paged list (events, articles, actors, quotes,
figures, contradictions, dead letter). The JSON API, the HTML table pages and the CSV/JSON
downloads are all generated from :data:`LIST_VIEWS`, so a new list is one query function in
``store/web_queries.py`` plus one :class:`ListView` entry here. The views across reports (figure
comparisons, series, contradictions with both sides) are computed rather than selected: they are
in :mod:`eventwire.web.across`, with their own endpoints and downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
from fastapi import Query

from ..errors import EventwireError
from ..store import web_queries as wq

MAX_LIST_ITEMS = 20
"""Most values one list filter (``country=POL,BLR,...``) takes."""
MAX_URL = 4096
"""Longest request URL (path and query) accepted."""
MAX_BODY = 16 * 1024
"""Largest request body accepted (the API only reads; nothing needs a body)."""
MAX_EXPORT = 100_000
"""Most rows one download contains."""


class ApiError(EventwireError):
    """A coded error with the HTTP status it is answered with."""

    def __init__(self, message: str, *, code: str = "EW310", status: int = 400) -> None:
        super().__init__(message, code=code)
        self.status = status

    def envelope(self) -> dict[str, Any]:
        return {"data": None, "next": None, "error": {"code": self.code, "message": self.detail, "hint": self.hint}}


def _split(value: str | None, name: str) -> tuple[str, ...]:
    if not value:
        return ()
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    if len(items) > MAX_LIST_ITEMS:
        raise ApiError(f"{name} takes at most {MAX_LIST_ITEMS} values", code="EW312", status=413)
    return items


def filter_params(
    since: str | None = Query(None, max_length=10, description="From this date, YYYY[-MM[-DD]]"),
    until: str | None = Query(None, max_length=10, description="Up to this date, YYYY[-MM[-DD]]"),
    country: str | None = Query(None, max_length=200, description="ISO alpha-3 codes, comma-separated"),
    type: str | None = Query(None, max_length=400, description="PLOVER types (events), kinds or categories"),
    actor: str | None = Query(None, max_length=200, description="Actor name contains (case/accent-insensitive)"),
    status: str | None = Query(None, max_length=200, description="Event statuses, comma-separated"),
    language: str | None = Query(None, max_length=100, description="Language codes, comma-separated"),
    text: str | None = Query(None, max_length=200, description="Evidence or text contains (case/accent-insensitive)"),
    place: str | None = Query(None, max_length=200, description="Exact place name (events)"),
    source: str | None = Query(None, max_length=200, description="Exact source actor name (events)"),
    target: str | None = Query(None, max_length=200, description="Exact target actor name (events)"),
    article: str | None = Query(None, max_length=100, description="One article id"),
    story: str | None = Query(None, max_length=100, description="One story id (event groups)"),
    group: str | None = Query(None, max_length=100, description="One event group id (events: its members)"),
) -> wq.WebFilters:
    """The filters of every list, map and timeline endpoint (also the pages' URL parameters)."""
    try:
        return wq.WebFilters(
            since=since or None,
            until=until or None,
            country=tuple(c.upper() for c in _split(country, "country")),
            type=_split(type, "type"),
            actor=actor or None,
            status=_split(status, "status"),
            language=_split(language, "language"),
            text=text or None,
            place=place or None,
            source=source or None,
            target=target or None,
            article=article or None,
            story=story or None,
            group=group or None,
        )
    except ValueError as e:
        raise ApiError(str(e)) from e


Lister = Callable[..., wq.Page]


@dataclass(frozen=True)
class ListView:
    """A list the API serves at ``/api/<name>``, the pages at ``/<name>`` and downloads as CSV/JSON."""

    name: str
    title: str
    lister: Lister
    columns: tuple[str, ...]
    """Columns of the HTML table (the API and downloads give every column)."""
    type_means: str = ""
    """What the ``type`` filter means for this list."""
    geo: bool = False
    """Rows have ``lat``/``lon`` and can be downloaded as GeoJSON."""

    def page(
        self, cur: duckdb.DuckDBPyConnection, f: wq.WebFilters, cursor: str | None, limit: int
    ) -> tuple[list[dict[str, Any]], str | None]:
        try:
            page = self.lister(cur, f, after=cursor, limit=limit)
        except ValueError as e:
            raise ApiError(str(e)) from e
        return page.rows, page.next


LIST_VIEWS: dict[str, ListView] = {
    v.name: v
    for v in (
        ListView(
            "events",
            "Events",
            wq.events,
            ("day", "type", "status", "source", "target", "place", "evidence", "outlet"),
            "PLOVER event type",
            geo=True,
        ),
        ListView(
            "articles", "Articles", wq.articles, ("day", "title", "outlet", "language", "events", "quotes", "figures")
        ),
        ListView("actors", "Actors", wq.actors, ("name", "country", "sector", "kind", "articles", "mentions"), "kind"),
        ListView(
            "quotes", "Quotes", wq.quotes, ("day", "speaker", "speaker_country", "cue", "content"), "direct|reported"
        ),
        ListView(
            "figures",
            "Figures",
            wq.figures,
            ("day", "figure", "category", "qualifier", "value", "low", "high", "event_type", "evidence"),
            "figure category",
        ),
        ListView(
            "contradictions",
            "Contradictions",
            wq.contradictions,
            ("day", "kind", "reason", "a_evidence", "b_evidence", "title"),
            "claim|figure",
        ),
        ListView("dead-letter", "Dead letter", wq.dead_letter, ("input", "line", "code", "reason", "message"), "code"),
        ListView(
            "groups",
            "Event groups",
            wq.groups,
            ("day", "type", "source", "target", "place", "articles", "outlets", "members", "story"),
            "PLOVER event type",
            geo=True,
        ),
        ListView("stories", "Stories", wq.stories, ("day", "label", "first_date", "last_date", "articles", "groups")),
    )
}
"""The across-report views (figure comparisons, series, contradictions with both sides) are computed,
not stored rows: they page over groups and stories in :mod:`eventwire.web.across`."""


def evidence_link(row: dict[str, Any]) -> str | None:
    """Where a row's evidence is: the article page, at the span's anchor when the row has one."""
    if row.get("group_id") and not row.get("article_id"):
        return f"/group/{row['group_id']}"
    if row.get("story_id") and not row.get("article_id") and "label" in row:
        return f"/story/{row['story_id']}"
    art = row.get("article_id")
    if not art:
        return None
    for col in ("event_id", "quote_id", "figure_id"):
        if row.get(col):
            return f"/article/{art}#{row[col]}"
    if row.get("contradiction_id") and row.get("a"):
        return f"/article/{art}#{row['a']}"
    return f"/article/{art}"


__all__ = [
    "LIST_VIEWS",
    "MAX_BODY",
    "MAX_EXPORT",
    "MAX_LIST_ITEMS",
    "MAX_URL",
    "ApiError",
    "ListView",
    "evidence_link",
    "filter_params",
]
