"""The record contract (schema_version 1): one Article record per news report.

Every other module derives from these dataclasses: the JSON Schema checked in at
``src/eventwire/schema/article.schema.json``, the DuckDB tables, the API shapes.

Conventions (see docs/record.md):

* All ``start``/``end`` are character offsets into ``Article.text`` (the cleaned text),
  ``end`` exclusive, and ``text[start:end] == span.text``.
* Unknown is ``None`` (JSON ``null``), never a guess.
* Fields may be added (with a default) without a new schema version; changing the meaning of
  an existing field needs a new ``SCHEMA_VERSION``.

Field documentation is written as attribute docstrings; pydantic reads them into the schema.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import ConfigDict, TypeAdapter

SCHEMA_VERSION = 1

_CONFIG = ConfigDict(use_attribute_docstrings=True, extra="forbid")

ActorKind = Literal["person", "organisation", "state", "group"]
EventStatus = Literal["asserted", "claimed", "denied", "threatened", "planned", "requested", "hypothetical", "negated"]
Qualifier = Literal["exact", "at least", "at most", "about", "more than", "less than", "up to"]
QuantityCategory = Literal[
    "killed",
    "injured",
    "missing",
    "arrested",
    "detained",
    "displaced",
    "moved",
    "returned",
    "crossing_attempts",
    "participants",
    "troops",
    "money",
    "transport",
    "other",
]
ContradictionKind = Literal["claim", "figure"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the cleaned text: ``article.text[start:end] == text``."""

    __pydantic_config__ = _CONFIG

    text: str
    """The characters, exactly as in the cleaned text."""
    start: int
    """Offset of the first character in the cleaned text."""
    end: int
    """Offset one past the last character (exclusive)."""


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input that cleaning took out, kept for audit."""

    __pydantic_config__ = _CONFIG

    text: str
    """The removed characters (from the input text, before cleaning)."""
    reason: str
    """Why it was removed: site_chrome, share_line, caption, photo_credit, byline, title, ..."""
    line: int | None = None
    """1-based line of the input text where it stood, when the input was plain text."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, state or group, merged over its mentions in one article."""

    __pydantic_config__ = _CONFIG

    id: str
    """Article-local id, e.g. ``a1``."""
    name: str
    """Canonical name: the fullest form found in the article ("Alexander Lukashenko")."""
    country: str | None
    """ISO 3166 alpha-3, or a PLOVER pseudo-code (EUR, IGO, NGO, ...); null if unknown."""
    sector: str | None
    """PLOVER sector code (GOV, MIL, COP, JUD, LEG, REB, REF, MED, JRN, NGO, CVL, ...); null if unknown."""
    kind: ActorKind
    """person | organisation | state | group."""
    aliases: list[str] = field(default_factory=list)
    """Other forms of the name seen in the article."""
    mentions: list[Span] = field(default_factory=list)
    """Every mention, in text order."""
    country_evidence: Span | None = None
    """The words that gave the country (title, demonym, capital, name); null if it came from the knowledge base alone or is unknown."""
    sector_evidence: Span | None = None
    """The words that gave the sector ("Interior Minister", "border guards"); null as for country."""
    kb_id: str | None = None
    """Key of the knowledge-base entry that resolved this actor, if any."""


@dataclass(frozen=True, slots=True)
class Event:
    """One political event reported in one clause, coded in PLOVER."""

    __pydantic_config__ = _CONFIG

    id: str
    """Article-local id, e.g. ``e1``."""
    type: str
    """PLOVER event type: AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT."""
    mode: str | None
    """PLOVER mode of the type (e.g. ASSAULT crowd-control, CONSULT phone); null if none applies."""
    contexts: list[str]
    """PLOVER contexts (migration, asylum, human_rights, diplomatic, military, ...)."""
    source: str | None
    """Actor id of who did it; null if not stated."""
    target: str | None
    """Actor id of whom it was done to; null if not stated."""
    status: EventStatus
    """What the text commits to: asserted, or claimed/denied by someone, threatened, planned, requested, hypothetical, negated."""
    claimed_by: str | None
    """Actor id of who claims (or denies) it, when status is claimed or denied."""
    date: str | None
    """YYYY-MM-DD, YYYY-MM or YYYY; null if the text gives no date for it."""
    date_text: str | None
    """The words the date was resolved from ("Friday", "in May")."""
    place: str | None
    """Place id the clause names; null if none."""
    quantities: list[str]
    """Ids of the figures that belong to this event."""
    trigger: Span
    """The verb or noun that reports the event."""
    evidence: Span
    """The sentence (or clause) that reports the event."""
    confidence: float
    """0..1: how sure the coder is of type and actors."""
    date_span: Span | None = None
    """Where ``date_text`` stands in the text."""
    sources: list[str] = field(default_factory=list)
    """All source actor ids when the subject is coordinated ("Putin and Lukashenko"); ``source`` is the first."""
    targets: list[str] = field(default_factory=list)
    """All target actor ids; ``target`` is the first."""


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct quotation or reported speech, tied to its speaker."""

    __pydantic_config__ = _CONFIG

    id: str
    """Article-local id, e.g. ``q1``."""
    speaker: str | None
    """Actor id of the speaker; null if not resolved."""
    speaker_text: str | None
    """The words naming the speaker in this attribution ("Peskov", "he", "the Kremlin")."""
    cue: str | None
    """The attribution cue ("said", "according to", "warned")."""
    content: str
    """What was said (the quoted or reported content)."""
    direct: bool
    """True for a direct quotation in quote marks, false for reported speech."""
    via: str | None
    """Outlet or channel named in the text ("Interfax Belarus", "the Kremlin press service"); null if none."""
    evidence: Span
    """The whole attribution: content, cue and speaker."""
    content_span: Span | None = None
    """Where the content stands (for multi-paragraph quotes: from the first to the last character)."""
    speaker_span: Span | None = None
    """Where ``speaker_text`` stands."""
    cue_span: Span | None = None
    """Where ``cue`` stands."""
    via_span: Span | None = None
    """Where ``via`` stands."""
    denial: bool = False
    """True when the speaker denies or rejects the content ("X denied that ...")."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with what it counts."""

    __pydantic_config__ = _CONFIG

    id: str
    """Article-local id, e.g. ``n1``."""
    value: float | None
    """The point value (for ranges the low end); null for vague amounts ("dozens") without a number."""
    low: float | None
    """Lower bound implied by the text ("at least 12" -> 12); null if open."""
    high: float | None
    """Upper bound implied by the text ("up to 4,000" -> 4000); null if open."""
    qualifier: Qualifier
    """exact | at least | at most | about | more than | less than | up to."""
    category: QuantityCategory
    """What kind of figure: killed, injured, moved, crossing_attempts, transport (flights, convoys, boats), ... or other."""
    unit: str | None
    """What is counted: the head noun (migrants, people, flights, dollars)."""
    text: str
    """The words of the figure ("some 430 migrants")."""
    start: int
    """Offset of the figure in the cleaned text."""
    end: int
    """End offset (exclusive)."""
    event: str | None
    """Event id the figure belongs to; null if none."""
    evidence: Span
    """The sentence that gives the figure."""
    parent: str | None = None
    """For a part of a break-down ("seven policemen" in "nine injured — seven policemen, ..."), the id of the total."""
    implicit: bool = False
    """True when no number is written and the count of one is implied by a singular noun phrase ("police detained a man")."""
    cumulative: bool = False
    """True for a running or campaign-to-date total ("since January", "so far this year", "the death toll rose to",
    "a total of"); a cumulative figure is never one event's count, so its ``event`` is null."""
    as_of: str | None = None
    """For a cumulative figure, the date the total holds for (``YYYY-MM-DD``): its own sentence's date words first,
    else the publication date; null when neither is known or the figure is not cumulative."""


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym resolved against the gazetteer."""

    __pydantic_config__ = _CONFIG

    id: str
    """Article-local id, e.g. ``p1``."""
    name: str
    """The gazetteer name (or the text's, when unresolved)."""
    lat: float | None
    """Latitude (WGS84); null if unresolved."""
    lon: float | None
    """Longitude (WGS84); null if unresolved."""
    country: str | None
    """ISO 3166 alpha-3 of the country the place lies in."""
    admin1: str | None
    """First-order administrative division (name or code) if known."""
    feature: str | None
    """GeoNames feature class/code (PPL, PCLI, ADM1, ...), or ``crossing`` for shipped border crossings."""
    gazetteer_id: str | None
    """Gazetteer key (``geonames:756135``, ``eventwire:kuznica-crossing``)."""
    mentions: list[Span] = field(default_factory=list)
    """Every mention, in text order."""


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two parts of the record that cannot both hold."""

    __pydantic_config__ = _CONFIG

    id: str
    """Article-local id, e.g. ``c1``."""
    a: str
    """Id of one side (quote, event or quantity)."""
    b: str
    """Id of the other side."""
    kind: ContradictionKind
    """claim (a claim and its denial or rejection) | figure (two figures for the same thing)."""
    reason: str
    """Short explanation for a human reader."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news report and everything extracted from it."""

    __pydantic_config__ = _CONFIG

    id: str
    """Stable hash of the normalised cleaned text (16 hex characters)."""
    schema_version: int
    """Version of this contract; 1."""
    url: str | None
    """Where the report came from, if known."""
    source: str | None
    """Outlet name, if known."""
    title: str | None
    """Headline."""
    published: str | None
    """Publication date YYYY-MM-DD, or null."""
    published_inferred: bool
    """True when ``published`` was inferred from the text rather than given."""
    language: str | None
    """ISO 639-1 code of the text's language; null if undetectable."""
    text: str
    """The cleaned text; every offset in the record points into it."""
    removed: list[Removed] = field(default_factory=list)
    """What cleaning removed, with reasons."""
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    dateline: Span | None = None
    """The dateline at the head of the body ("MOSCOW —"), if any."""
    input: str | None = None
    """Where the input came from: path, ``path:line`` for JSONL, or ``-`` for stdin."""
    published_evidence: str | None = None
    """How ``published`` was found: metadata, cli, html_meta, dateline, url, text."""
    warnings: list[str] = field(default_factory=list)
    """Non-fatal notes about this article (language not English, text split for length, ...)."""


T = TypeVar("T")


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(cls: type[T]) -> TypeAdapter[T]:
    """One pydantic TypeAdapter per record class (building one is slow)."""
    if cls not in _ADAPTERS:
        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def to_dict(record: Any) -> dict[str, Any]:
    """Plain-JSON dict of a record (dataclasses and lists become dicts and lists)."""
    return dataclasses.asdict(record)


def to_json(record: Any, *, indent: int | None = None) -> str:
    """Serialise a record to JSON (UTF-8 text, non-ASCII kept as is)."""
    return json.dumps(to_dict(record), ensure_ascii=False, indent=indent)


def from_dict(cls: type[T], data: Any) -> T:
    """Validate plain data into a record of ``cls``; raises ``pydantic.ValidationError``."""
    return _adapter(cls).validate_python(data)


def from_json(text: str | bytes, cls: type[T] = Article) -> T:  # type: ignore[assignment]
    """Parse and validate a JSON document into a record (an :class:`Article` by default)."""
    return _adapter(cls).validate_json(text)


def json_schema() -> dict[str, Any]:
    """JSON Schema of :class:`Article`, generated from the dataclasses."""
    schema = _adapter(Article).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://eventwire.dev/schema/article.v{SCHEMA_VERSION}.json"
    return schema


__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "Contradiction",
    "Event",
    "Place",
    "Quantity",
    "Quote",
    "Removed",
    "Span",
    "from_dict",
    "from_json",
    "json_schema",
    "to_dict",
    "to_json",
]
