"""The linker: copies, actor entities, stories and event groups, one article at a time in stream order.

``Linker.link(batch)`` sorts the batch by (publication date, article id) and links each article in
turn; an article without a date takes the latest date linked before it. Everything an article's
linking reads was written by articles before it, and windows are checked explicitly (closing old
stories and groups only frees memory), so a stream cut into batches anywhere gives the same result
as one batch, and linking an article id again changes nothing.

State is rows: :meth:`Linker.snapshot` gives the working rows (:class:`LinkSnapshot`), and
``Linker(options, snapshot=...)`` resumes from them exactly; each ``link`` call returns the output
rows it created or changed (:class:`LinkChanges`) for a store to upsert by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from ..errors import StoreError
from ..extract.actors.kb import KnowledgeBase
from ..records import (
    ActorEntity,
    ActorLink,
    Article,
    ArticleLink,
    CopyOf,
    Event,
    EventGroup,
    Place,
    Story,
)
from .common import UNKNOWN_DAY, ascii_words, date_interval, day, global_id, known_iso
from .copies import CopyDetector
from .entities import EntityResolver
from .groups import EventFacts, EventGrouper, PlaceFacts
from .options import LinkOptions
from .rows import Fingerprint, GroupProfile, LinkClock, StoryProfile, TermCount
from .stories import StoryClusterer, terms
from .triggers import trigger_keys

_STEMMER = snowballstemmer.stemmer("english")
_TRIGGER_STOP = frozenset({"the", "a", "an", "of", "to", "on", "in", "with", "and", "for", "by", "at", "from", "up"})


@dataclass
class LinkSnapshot:
    """Everything a :class:`Linker` needs to go on: rows a store keeps between runs."""

    clock: LinkClock
    entities: list[ActorEntity] = field(default_factory=list)
    fingerprints: list[Fingerprint] = field(default_factory=list)
    term_counts: list[TermCount] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    """The open stories (closed ones no longer change)."""
    story_profiles: list[StoryProfile] = field(default_factory=list)
    groups: list[EventGroup] = field(default_factory=list)
    """The open groups."""
    group_profiles: list[GroupProfile] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    """Ids of every article linked so far (linking one again is a no-op)."""
    closed_entities: list[ActorEntity] = field(default_factory=list)
    """Story-scoped entities of closed stories that an open group still names (for its names and matching)."""


@dataclass
class LinkChanges:
    """Output rows one ``link`` call created or changed (upsert them by id), and working-state changes."""

    articles: list[ArticleLink] = field(default_factory=list)
    copies: list[CopyOf] = field(default_factory=list)
    actor_links: list[ActorLink] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    groups: list[EventGroup] = field(default_factory=list)
    entities: list[ActorEntity] = field(default_factory=list)
    closed_stories: list[str] = field(default_factory=list)
    """Stories closed in this call: their rows are final."""
    closed_groups: list[str] = field(default_factory=list)
    """Groups closed in this call: their rows are final."""
    skipped: list[str] = field(default_factory=list)
    """Article ids already linked before (nothing changed for them)."""
    # working state, for a store that keeps it between runs (upsert by key; delete what closed or left)
    fingerprints: list[Fingerprint] = field(default_factory=list)
    """Fingerprints of originals indexed in this call."""
    evicted: list[str] = field(default_factory=list)
    """Article ids whose fingerprints left the copy window (delete them)."""
    term_counts: list[TermCount] = field(default_factory=list)
    """Document frequencies that changed."""
    story_profiles: list[StoryProfile] = field(default_factory=list)
    """Profiles of open stories that changed (closed stories: delete theirs)."""
    group_profiles: list[GroupProfile] = field(default_factory=list)
    """Profiles of open groups that changed (closed groups: delete theirs)."""
    clock: LinkClock | None = None
    """The stream position after this call."""


LINKED_FIELDS = ("id", "published", "source", "title", "text", "places", "actors", "events")
"""The Article fields the linker reads (everything else, quotes and figures included, it never sees)."""


def links_differently(old: Article, new: Article) -> bool:
    """Whether replacing record ``old`` by ``new`` (same article id) can change what linking gives.

    Linking an article reads only :data:`LINKED_FIELDS`, and every later article's links depend on
    it, so a replaced article whose fields there changed leaves every stored link stale; one whose
    fields there are equal keeps them exact (``tests/test_link.py`` checks the list is complete).
    """
    return any(getattr(old, f) != getattr(new, f) for f in LINKED_FIELDS)


def place_facts(place: Place) -> PlaceFacts:
    """Key, name, coordinates, country and precision of a place (country, region or point)."""
    feature = (place.feature or "").upper()
    if feature.startswith("PCL") or feature in {"CONT", "OCN"}:
        precision = "country"
    elif feature.startswith("ADM") or feature in {"RGN", "AREA", "ISLS"}:
        precision = "region"
    else:
        precision = "point"
    if precision == "country":
        key = f"country:{place.country}" if place.country and feature.startswith("PCL") else f"country:{place.name}"
    else:
        key = place.gazetteer_id or "name:" + " ".join(ascii_words(place.name))
    return key, place.name, place.lat, place.lon, place.country, precision


@lru_cache(maxsize=65536)
def trigger_stems(text: str) -> frozenset[str]:
    """Stemmed content words of a trigger ("used water cannon" -> use, water, cannon)."""
    words = [w for w in ascii_words(text) if w not in _TRIGGER_STOP]
    return frozenset(_STEMMER.stemWords(words))


class Linker:
    """Links articles across the stream: copies, actor entities, stories, event groups."""

    def __init__(
        self,
        options: LinkOptions | None = None,
        *,
        snapshot: LinkSnapshot | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        self.options = options or LinkOptions()
        o = self.options
        snap = snapshot or LinkSnapshot(clock=LinkClock(o.digest(), None, 0, 0))
        if snap.clock.options_digest != o.digest():
            raise StoreError(
                f"linking state made with options {snap.clock.options_digest}, these options are {o.digest()}",
                code="EW320",
            )
        self._clock = snap.clock.last_day
        self.entities = EntityResolver(o.entities, kb, snap.entities, snap.closed_entities)
        self.copies = CopyDetector(o.copies, snap.fingerprints)
        self.stories = StoryClusterer(
            o.stories,
            documents=snap.clock.documents,
            term_counts=snap.term_counts,
            profiles=snap.story_profiles,
            stories=snap.stories,
        )
        self.groups = EventGrouper(
            o.groups,
            self._entity_info,
            self.entities.name_of,
            groups=snap.groups,
            profiles=snap.group_profiles,
            seq=snap.clock.group_seq,
        )
        self._linked: set[str] = set(snap.linked)
        self._terms_changed: set[int] = set()

    # -- public --------------------------------------------------------------------------------
    def link(self, articles: Iterable[Article]) -> LinkChanges:
        """Link a batch (any order inside it); returns the rows created or changed."""
        out = LinkChanges()
        batch = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
        for article in batch:
            if article.id in self._linked:
                out.skipped.append(article.id)
                continue
            self._link_one(article, out)
        self._flush(out)
        return out

    def snapshot(self) -> LinkSnapshot:
        """The working state as rows (resume with ``Linker(options, snapshot=...)``)."""
        st, gr = self.stories, self.groups
        return LinkSnapshot(
            clock=self._clock_row(),
            entities=self.entities.rows(),
            fingerprints=self.copies.fingerprints(),
            term_counts=st.term_counts(),
            stories=[st.story(s) for s in st.open_ids()],
            story_profiles=[st.profile(s) for s in st.open_ids()],
            groups=[gr.row(g) for g in gr.open_ids()],
            group_profiles=[gr.profile(g) for g in gr.open_ids()],
            linked=sorted(self._linked),
            closed_entities=self.entities.closed_rows(sorted(self._named_by_open_groups())),
        )

    def _named_by_open_groups(self) -> set[str]:
        out: set[str] = set()
        for gid in self.groups.open_ids():
            out.update(self.groups.named(gid))
        return out

    # -- one article ---------------------------------------------------------------------------
    @staticmethod
    def _own_day(article: Article) -> int | None:
        """The article's publication day, None when it has none (or an unreadable one)."""
        if article.published:
            try:
                return day(article.published[:10])
            except ValueError:
                pass
        return None

    def _day_of(self, article: Article) -> int:
        own = self._own_day(article)
        if own is not None:
            return own
        return self._clock if self._clock is not None else UNKNOWN_DAY

    def _advance(self, today: int, out: LinkChanges) -> None:
        """Close what the stream has left behind (memory only: windows are also checked when matching)."""
        if self._clock is not None and today <= self._clock:
            return
        self._clock = today
        out.evicted.extend(self.copies.evict(today))
        due = self.stories.due(today)
        if due:
            self._emit_stories([s for s in due if s in self.stories.changed], out)
            self.stories.close(due)
            for sid in due:
                out.entities.extend(self.entities.forget_story(sid))
            out.closed_stories.extend(due)
        due = self.groups.due(today)
        if due:
            out.groups.extend(self.groups.row(g) for g in due if g in self.groups.changed)
            self.groups.close(due)
            out.closed_groups.extend(due)
        if due or out.closed_stories:
            self.entities.keep_closed(self._named_by_open_groups())

    def _link_one(self, article: Article, out: LinkChanges) -> None:
        today = self._day_of(article)
        self._advance(today, out)
        self._linked.add(article.id)

        # copies: against recent originals
        size, sig = self.copies.signature(article.text)
        match = self.copies.find(size, sig, today)
        story_of_original = self.copies.story_of(match.copy_of) if match else None
        if match is not None and story_of_original is not None and self.stories.is_open(story_of_original):
            copy_of: str | None = match.copy_of
            out.copies.append(CopyOf(article.id, match.copy_of, match.containment, match.jaccard))
        else:
            copy_of = None

        # actors that do not depend on the story, then the story, then the rest
        known = self.entities.resolve_global(article)
        places = {pf[0]: pf[1] for pf in (place_facts(p) for p in article.places)}
        counts = terms(article.title, article.text, self.options.stories.hash_bits)
        if copy_of is not None:
            assert story_of_original is not None
            story_id = story_of_original
            vec: dict[int, float] = {}
        else:
            vec = self.stories.vector(counts, count_document=True)
            self._terms_changed.update(counts)
            lookup = [e for e in known.values() if self._entity_info(e)[1] != "state"]
            found, _ = self.stories.best(vec, today, set(known.values()), set(places), lookup)
            story_id = found or self.stories.start(article.id, today)
            out.fingerprints.append(self.copies.add(article.id, story_id, today, size, sig))
        entity_of = self.entities.resolve_in_story(article, story_id, known, self.stories.entities_of(story_id))
        self.stories.add(story_id, article.id, today, vec, entity_of.values(), places)

        out.articles.append(
            ArticleLink(
                article_id=article.id,
                published=article.published,
                date=known_iso(today),
                outlet=article.source,
                story_id=story_id,
                copy_of=copy_of,
            )
        )
        out.actor_links.extend(
            ActorLink(global_id(article.id, a.id), article.id, entity_of[a.id]) for a in article.actors
        )

        # events
        place_by_id = {p.id: p for p in article.places}
        statuses = set(self.options.groups.statuses)
        for event in article.events:
            if event.status in statuses:
                facts = self._facts(article, event, today, story_id, copy_of, entity_of, place_by_id)
                self.groups.assign(facts)

    def _facts(
        self,
        article: Article,
        event: Event,
        today: int,
        story_id: str,
        copy_of: str | None,
        entity_of: dict[str, str],
        place_by_id: dict[str, Place],
    ) -> EventFacts:
        def entities(first: str | None, rest: list[str]) -> tuple[str, ...]:
            ids = [first, *rest] if first else list(rest)
            seen: list[str] = []
            for local in ids:
                eid = entity_of.get(local) if local else None
                if eid and eid not in seen:
                    seen.append(eid)
            return tuple(seen)

        interval = date_interval(event.date)
        dated = interval is not None
        if interval is None:
            if self._own_day(article) is None:
                # no date in the text and none for the article: any time up to the stream's date
                # (the day it took from the articles before it is no evidence of when this happened)
                interval = (UNKNOWN_DAY, today)
            else:
                lookback = self.options.groups.undated_lookback_days
                interval = (max(UNKNOWN_DAY, today - lookback), today)
        place = place_by_id.get(event.place) if event.place else None
        return EventFacts(
            event_id=global_id(article.id, event.id),
            article_id=article.id,
            outlet=article.source,
            copy_of=copy_of,
            story_id=story_id,
            type=event.type,
            mode=event.mode,
            status=event.status,
            sources_ordered=entities(event.source, event.sources),
            targets_ordered=entities(event.target, event.targets),
            claimant=entity_of.get(event.claimed_by) if event.claimed_by else None,
            date=event.date,
            interval=interval,
            dated=dated,
            place=place_facts(place) if place is not None else None,
            trigger=event.trigger.text,
            stems=trigger_keys(event.trigger.text),
            evidence=event.evidence,
        )

    # -- output --------------------------------------------------------------------------------
    def _entity_info(self, entity_id: str) -> tuple[str | None, str, str | None]:
        return self.entities.info(entity_id)

    def _emit_stories(self, ids: list[str], out: LinkChanges) -> None:
        names = {}
        for sid in ids:
            for eid in self.stories.entities_of(sid):
                ent = self.entities.entity(eid)
                if ent.story_id is None:  # story-scoped entities (a surname alone, "migrants") make poor labels
                    names[eid] = ent.name
        for sid in ids:
            self.stories.label(sid, names)
            out.stories.append(self.stories.story(sid))

    def _flush(self, out: LinkChanges) -> None:
        story_order = {s: i for i, s in enumerate(self.stories.open_ids())}
        stories = sorted(self.stories.changed, key=story_order.__getitem__)
        self._emit_stories(stories, out)
        out.story_profiles.extend(self.stories.profile(s) for s in stories)
        self.stories.changed.clear()
        order = {g: i for i, g in enumerate(self.groups.open_ids())}
        groups = sorted(self.groups.changed, key=order.__getitem__)
        out.groups.extend(self.groups.row(g) for g in groups)
        out.group_profiles.extend(self.groups.profile(g) for g in groups)
        self.groups.changed.clear()
        out.term_counts.extend(self.stories.term_count(b) for b in sorted(self._terms_changed))
        self._terms_changed.clear()
        out.clock = self._clock_row()
        out.entities.extend(self.entities.rows(sorted(self.entities.changed, key=self.entities.order)))
        self.entities.changed.clear()

    def _clock_row(self) -> LinkClock:
        return LinkClock(
            options_digest=self.options.digest(),
            last_day=self._clock,
            documents=self.stories.documents,
            group_seq=self.groups.seq,
        )


def link_articles(articles: Iterable[Article], options: LinkOptions | None = None) -> LinkResult:
    """Link articles in one go and collect every row (for scripts, tests and evaluation)."""
    linker = Linker(options)
    result = LinkResult()
    result.update(linker.link(articles))
    return result


@dataclass
class LinkResult:
    """Every output row of a run, latest version by id (what a store holds after upserting the changes)."""

    articles: dict[str, ArticleLink] = field(default_factory=dict)
    copies: dict[str, CopyOf] = field(default_factory=dict)
    actor_links: dict[str, ActorLink] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    groups: dict[str, EventGroup] = field(default_factory=dict)
    entities: dict[str, ActorEntity] = field(default_factory=dict)

    def update(self, changes: LinkChanges) -> LinkResult:
        """Upsert one call's changes."""
        self.articles.update((r.article_id, r) for r in changes.articles)
        self.copies.update((r.article_id, r) for r in changes.copies)
        self.actor_links.update((r.actor_id, r) for r in changes.actor_links)
        self.stories.update((r.id, r) for r in changes.stories)
        self.groups.update((r.id, r) for r in changes.groups)
        self.entities.update((r.id, r) for r in changes.entities)
        return self

    def group_of(self, event_id: str) -> EventGroup | None:
        """The group of a global event id."""
        for g in self.groups.values():
            if any(m.event_id == event_id for m in g.members):
                return g
        return None


__all__ = [
    "LINKED_FIELDS",
    "LinkChanges",
    "LinkResult",
    "LinkSnapshot",
    "Linker",
    "link_articles",
    "links_differently",
    "place_facts",
    "trigger_stems",
]
