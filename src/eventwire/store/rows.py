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

from ..records import Span
from .tables import column_types, decode


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
    entity_id: str | None = None
    """The actor entity across articles (``kb:<kb id>`` or ``x<hash>``; docs/linking.md), null if not linked."""


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
    id: str = ""
    """The article id (same as ``article_id``; the name the linking contract uses)."""
    source: str | None = None
    """The outlet (same as ``outlet``)."""
    input_id: str | None = None
    """The input's own id (a JSONL ``id`` field), null if it had none."""
    copy_of: str | None = None
    """The earlier article this one copies (same wire text), null if it is an original or not linked."""
    story_id: str | None = None
    """The article's story, null if not linked."""


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """One input that produced no record (``query skipped``)."""

    input: str
    line: int | None
    code: str
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story: articles about one developing situation (``query stories``)."""

    id: str
    label: str
    """Its most named actors and place."""
    first_date: str | None
    last_date: str | None
    article_ids: list[str]
    """Its articles in linking order (copies included)."""


@dataclass(frozen=True, slots=True)
class GroupStatus:
    """Who reports a happening as fact, who claims it, who denies it."""

    asserted_by: list[str]
    """Outlets reporting it as fact."""
    claimed_by: list[str]
    """Entity ids of those who claim it."""
    denied_by: list[str]
    """Entity ids of those who deny it."""


@dataclass(frozen=True, slots=True)
class GroupMemberRow:
    """One mention of a happening: the event in one article, with its evidence."""

    article_id: str
    event_id: str
    """Global event id (``<article_id>:e3``)."""
    outlet: str | None
    evidence: Span
    """The sentence, with offsets in that article's text."""


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One event group: the mentions of one real-world happening across articles (``query groups``)."""

    id: str
    story_id: str
    type: str
    mode: str | None
    source: str | None
    """Name of the source entity."""
    target: str | None
    date: str | None
    """Most precise date its members agree on most often."""
    place: str | None
    status: GroupStatus
    article_count: int
    """Independent reports (a copy and its original count once)."""
    outlet_count: int
    """Distinct outlets carrying it (copies included)."""
    members: list[GroupMemberRow]
    source_entity: str | None
    target_entity: str | None
    date_start: str | None
    date_end: str | None
    place_country: str | None
    lat: float | None
    lon: float | None


ROW_TYPES: dict[str, type] = {
    "events": EventRow,
    "actors": ActorRow,
    "quotes": QuoteRow,
    "figures": FigureRow,
    "places": PlaceRow,
    "articles": ArticleRow,
    "skipped": SkippedRow,
    "stories": StoryRow,
    "groups": GroupRow,
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
    return [decode(row_type, d) for d in table.to_pylist()]


__all__ = [
    "ROW_TYPES",
    "ActorRow",
    "ArticleRow",
    "EventRow",
    "FigureRow",
    "GroupMemberRow",
    "GroupRow",
    "GroupStatus",
    "PlaceRow",
    "QuoteRow",
    "SkippedRow",
    "StoryRow",
    "make_rows",
    "row_fields",
    "row_schema",
]
