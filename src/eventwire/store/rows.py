"""Typed rows of the store's queries: one frozen dataclass per query, one field per column.

``Store.select("events", ...).rows()`` gives :class:`EventRow` objects; ``.arrow()`` an Arrow
table whose schema is :func:`row_schema` of the same class (derived by the function that derives
the tables' schemas), ``.df()`` a pandas DataFrame with these columns. The columns of
``eventwire query`` (jsonl, csv) and of ``eventwire export --format csv`` are these fields, in order.

The rows are flat (names next to codes, ``;``-joined lists) for people and spreadsheets; the records
themselves are ``Selection.records()``. Every row that stands for a record carries its global id
(``gid``, see :mod:`eventwire.store.ids`) and the global ids of the records it points to.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any, get_type_hints

import pyarrow as pa

from .tables import column_types


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event with its actors, place and article (``query events``)."""

    article_id: str
    event_id: str
    """Article-local event id (``e3``)."""
    date: str | None
    """The event's date (YYYY-MM-DD, YYYY-MM or YYYY), null if the text gives none."""
    published: str | None
    type: str
    mode: str | None
    status: str
    source: str | None
    """Name of the source actor."""
    source_country: str | None
    source_sector: str | None
    target: str | None
    target_country: str | None
    target_sector: str | None
    claimed_by: str | None
    """Name of the claimant (status claimed or denied)."""
    place: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    contexts: str
    """PLOVER contexts, ``;``-separated."""
    trigger: str
    evidence: str
    confidence: float
    title: str | None
    outlet: str | None
    url: str | None
    gid: str
    """Global id of the event (``<article_id>:<event_id>``)."""
    source_gid: str | None
    target_gid: str | None
    place_gid: str | None


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor of one article (``query actors``)."""

    article_id: str
    actor_id: str
    name: str
    country: str | None
    sector: str | None
    kind: str
    aliases: str
    """Other names, ``;``-separated."""
    mentions: int
    """Number of mentions in the article."""
    kb_id: str | None
    published: str | None
    title: str | None
    gid: str


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One quote or piece of reported speech (``query quotes``)."""

    article_id: str
    quote_id: str
    published: str | None
    speaker: str | None
    """The resolved speaker's name, else the words naming the speaker."""
    speaker_country: str | None
    speaker_sector: str | None
    cue: str | None
    direct: bool
    denial: bool
    via: str | None
    content: str
    evidence: str
    title: str | None
    outlet: str | None
    url: str | None
    gid: str
    speaker_gid: str | None


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One typed figure with its event (``query figures``)."""

    article_id: str
    figure_id: str
    date: str | None
    """The figure's event date, else the publication date."""
    figure: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    category: str
    unit: str | None
    event_id: str | None
    event_type: str | None
    parent: str | None
    evidence: str
    title: str | None
    outlet: str | None
    url: str | None
    gid: str
    event_gid: str | None


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One geocoded place of one article (``query places``)."""

    article_id: str
    place_id: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    gazetteer_id: str | None
    mentions: int
    published: str | None
    title: str | None
    gid: str


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One stored article without its text (``query articles``)."""

    article_id: str
    published: str | None
    published_inferred: bool
    title: str | None
    outlet: str | None
    url: str | None
    language: str | None
    input: str | None
    chars: int
    events: int
    actors: int
    quotes: int
    figures: int
    places: int
    extractor: str


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """One input that produced no record (``query skipped``)."""

    input: str
    line: int | None
    code: str
    reason: str
    message: str


ROW_TYPES: dict[str, type] = {
    "events": EventRow,
    "actors": ActorRow,
    "quotes": QuoteRow,
    "figures": FigureRow,
    "places": PlaceRow,
    "articles": ArticleRow,
    "skipped": SkippedRow,
}
"""Query name -> its row type."""


@cache
def row_schema(row_type: type) -> pa.Schema:
    """The Arrow schema of a row type (same type mapping as the tables)."""
    hints = get_type_hints(row_type)
    return pa.schema([pa.field(f.name, column_types(hints[f.name])[1]) for f in dataclasses.fields(row_type)])


def row_fields(row_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(row_type))


def make_rows(row_type: type, table: pa.Table) -> list[Any]:
    """Row objects from an Arrow table with the row type's columns."""
    return [row_type(**d) for d in table.to_pylist()]


__all__ = [
    "ROW_TYPES",
    "ActorRow",
    "ArticleRow",
    "EventRow",
    "FigureRow",
    "PlaceRow",
    "QuoteRow",
    "SkippedRow",
    "make_rows",
    "row_fields",
    "row_schema",
]
