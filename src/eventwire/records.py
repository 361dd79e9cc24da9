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
DateBasis = Literal["sentence", "paragraph", "lead"]
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
    date_basis: DateBasis | None = None
    """Why the event has its date: ``sentence`` (date words of its own clause), ``paragraph`` (the day an
    earlier sentence of its paragraph named, for a past event), ``lead`` (the one day a one-day report's lead
    names, for a past event told without a day); null when undated. ``date_span`` points at those words."""
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
    date: str | None = None
    """When the figure holds (YYYY-MM-DD, YYYY-MM or YYYY): its own sentence's date words ("On November 18, 431
    ..."), else the date of the event it counts; null when neither gives one (readers fall back to the
    article's publication date and should say so)."""
    quote: str | None = None
    """Id of the innermost quote or attribution whose content holds the figure; null when the article states it."""
    claimant: str | None = None
    """Actor id of who gives the figure: the speaker of ``quote``, else the claimant of the claimed event it
    counts; null when the article states it in its own voice or the speaker is unresolved."""


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
    """How ``published`` was found: metadata, cli, html_meta, published_line, dateline, date_line, url, text."""
    warnings: list[str] = field(default_factory=list)
    """Non-fatal notes about this article (language not English, text split for length, ...)."""
    input_id: str | None = None
    """The input's own id (JSONL ``id``, a sidecar's ``id``), kept as given; null when it had none.
    Not the record ``id`` (a hash of the cleaned text)."""


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


# --- Across articles: what eventwire.link produces (stories, copies, actor entities, event groups) ---
#
# Rows of these types are the whole linking state a store persists (see docs/linking.md); ids are
# deterministic content hashes, and member ids are global: ``<article_id>:<local_id>``.


@dataclass(frozen=True, slots=True)
class CopyOf:
    """A later article that carries the same text as an earlier one (a wire story under another headline)."""

    __pydantic_config__ = _CONFIG

    article_id: str
    """The later article (the copy)."""
    copy_of: str
    """The earliest article with this text (copies of copies point to it)."""
    similarity: float
    """Estimated share of the shorter text's word 5-shingles found in the other (MinHash containment), 0..1."""
    jaccard: float
    """Estimated Jaccard similarity of the two texts' shingle sets (MinHash), 0..1."""


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """Where one article stands across articles: its story and whether it copies another."""

    __pydantic_config__ = _CONFIG

    article_id: str
    """The article."""
    published: str | None
    """Its publication date (YYYY-MM-DD), as given; null if unknown."""
    date: str | None
    """The date linking used for it: ``published``, else the latest date linked before it; null if none was known yet."""
    outlet: str | None
    """The article's outlet (``Article.source``); null if unknown."""
    story_id: str
    """The story it belongs to."""
    copy_of: str | None
    """The earlier article whose text it carries; null for an original report."""


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one developing situation (stream clustering in publication order)."""

    __pydantic_config__ = _CONFIG

    id: str
    """``s`` + 16 hex characters of sha256 of the id of the story's first article (stable as it grows)."""
    label: str
    """Its main actors and places, most frequent first ("Kyrgyzstan, Tajikistan, Sadyr Japarov — Batken")."""
    first_date: str | None
    """Date of its first article (YYYY-MM-DD); null if no date was known."""
    last_date: str | None
    """Date of its latest article (YYYY-MM-DD); null if no date was known."""
    article_ids: list[str]
    """Its articles in linking order (publication date, then article id)."""


@dataclass(frozen=True, slots=True)
class ActorEntity:
    """One person, organisation, state or group across articles and spellings."""

    __pydantic_config__ = _CONFIG

    id: str
    """``kb:<kb_id>`` for knowledge-base entities; otherwise ``x`` + 16 hex of sha256 of its identity key."""
    name: str
    """Its name: the knowledge base's, else the fullest spelling seen first."""
    kb_id: str | None
    """Key of the knowledge-base entry (``Actor.kb_id``); null for entities found only in text."""
    country: str | None
    """ISO 3166 alpha-3 or PLOVER pseudo-code; null if unknown."""
    sector: str | None
    """PLOVER sector code; null if unknown."""
    kind: ActorKind
    """person | organisation | state | group."""
    spellings: list[str]
    """Every distinct name and alias seen for it, in the order first seen."""
    actor_count: int
    """How many article actors were linked to it."""
    key: str
    """The normalised identity it was created under (``person|mateusz morawiecki|POL|GOV``, ``group|POL|COP``, ``kb:<kb_id>``); its id hashes it."""
    story_id: str | None = None
    """For an entity known only within one story (a surname alone, an unnamed group of unknown country), that story."""


@dataclass(frozen=True, slots=True)
class ActorLink:
    """One article's actor and the entity it was linked to."""

    __pydantic_config__ = _CONFIG

    actor_id: str
    """Global actor id ``<article_id>:<local_id>``."""
    article_id: str
    """The article."""
    entity_id: str
    """The :class:`ActorEntity` id."""


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One event mention of an event group, with its evidence."""

    __pydantic_config__ = _CONFIG

    article_id: str
    """The article that reports it."""
    event_id: str
    """Global event id ``<article_id>:<local_id>``."""
    outlet: str | None
    """The article's outlet; null if unknown."""
    status: EventStatus
    """The event's status in that article (asserted, claimed, denied)."""
    date: str | None
    """The event's date in that article (YYYY-MM-DD, YYYY-MM, YYYY or null)."""
    evidence: Span
    """The sentence that reports it (offsets into that article's text)."""
    copy_of: str | None = None
    """The article's ``copy_of``: a copy is the same report carried by another outlet."""
    trigger: str | None = None
    """The event's trigger words in that article."""
    mode: str | None = None
    """The event's PLOVER mode in that article."""
    source_entities: list[str] = field(default_factory=list)
    """Entity ids of the event's source actors in that article (the first is ``Event.source``'s)."""
    target_entities: list[str] = field(default_factory=list)
    """Entity ids of the event's target actors in that article."""
    claimed_by: str | None = None
    """Entity id of who claims or denies it in that article (status claimed or denied)."""
    place: str | None = None
    """Name of the place that article gives for it."""


@dataclass(frozen=True, slots=True)
class EventGroup:
    """Events that are one real-world happening, across articles and within one."""

    __pydantic_config__ = _CONFIG

    id: str
    """``g`` + 16 hex characters of sha256 of the global id of its first event."""
    story_id: str
    """The story of its first member's article."""
    type: str
    """PLOVER event type shared by its members."""
    mode: str | None
    """The most frequent mode among members (ties: the first seen); null if none."""
    source_entity: str | None
    """Entity id of who did it (the most frequent among members); null if no member names one."""
    source_name: str | None
    """That entity's name."""
    target_entity: str | None
    """Entity id of whom it was done to; null if no member names one."""
    target_name: str | None
    """That entity's name."""
    date: str | None
    """The most precise date members agree on most often (YYYY-MM-DD, YYYY-MM or YYYY); null if none gives one."""
    date_start: str | None
    """First day of the span its members' dates cover (YYYY-MM-DD; undated members count their publication window only when no member is dated); null if no date was known."""
    date_end: str | None
    """Last day of that span (YYYY-MM-DD); null as for ``date_start``."""
    place: str | None
    """Name of the most precise place members give; null if none."""
    place_country: str | None
    """ISO3 of that place's country."""
    lat: float | None
    """That place's latitude; null if unresolved."""
    lon: float | None
    """That place's longitude; null if unresolved."""
    asserted_by: list[str]
    """Outlets (or article ids where the outlet is unknown) that report it as fact, copies included."""
    claimed_by: list[str]
    """Entity ids of those who claim it (members with status claimed)."""
    denied_by: list[str]
    """Entity ids of those who deny it (members with status denied)."""
    triggers: list[str]
    """Distinct normalised trigger words of its members."""
    members: list[GroupMember]
    """Its event mentions in linking order."""
    article_count: int
    """Distinct reports among its members: a copy and its original count once."""
    outlet_count: int
    """Distinct outlets that carry it (copies included); articles without an outlet count one each."""


__all__ += ["ActorEntity", "ActorLink", "ArticleLink", "CopyOf", "EventGroup", "GroupMember", "Story"]
