"""Event groups: the mentions, across articles and within one, of one real-world happening.

An event joins the best open group it is compatible with, or starts one. Compatibility is checked
against every member (complete link), so a group never chains from one happening into the next:

* type: the same PLOVER type (or a pair listed in ``compatible_types``);
* actors, per role: the same entity, or a state and an actor of that state ("Poland" and "Polish
  border guards"); unknown is compatible; source and target may swap for ``symmetric_types``;
* date: each date is an interval by its precision (a day, a month, a year; an undated event
  [publication - ``undated_lookback_days``, publication]); two intervals at most ``day_tolerance``
  days apart;
* place: within ``place_km`` (towns, crossings), ``region_km`` (regions) or the same country
  (a country-level place); unknown is compatible.

Among compatible groups the one with the most evidence wins (shared actor 2, same state 1, trigger
agreement up to 2 (the best-matching member's), same point place 1.5 / region 1 / country 0.5, same day 1 / within tolerance 0.5,
same story 1, same mode 0.5, a different mode -1), if it reaches ``min_score`` and shares an actor,
a specific place or a trigger stem. Candidates come from a blocking index (type x actor entity,
actor country, place country, story), so each event is compared with a few groups only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..records import EventGroup, GroupMember, Span
from .common import interval_gap, km_between, known_iso, stable_id
from .options import GroupOptions
from .rows import GroupProfile
from .triggers import LEMMA, trigger_keys

PlaceFacts = tuple[str, str, float | None, float | None, str | None, str]
"""key, name, lat, lon, country, precision (point | region | country)."""
EntityInfo = Callable[[str], tuple[str | None, str, str | None]]
"""entity id -> (its country, ``state`` | ``generic`` (an unnamed body) | ``named``, its sector)."""

_PRECISION_RANK = {"point": 3, "region": 2, "country": 1}


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What grouping needs of one event mention (built by the linker from the article)."""

    event_id: str
    article_id: str
    outlet: str | None
    copy_of: str | None
    story_id: str
    type: str
    mode: str | None
    status: str
    sources_ordered: tuple[str, ...]
    """Entity ids of the source actors, ``Event.source``'s first."""
    targets_ordered: tuple[str, ...]
    """Entity ids of the target actors, ``Event.target``'s first."""
    claimant: str | None
    date: str | None
    interval: tuple[int, int]
    dated: bool
    place: PlaceFacts | None
    trigger: str
    stems: frozenset[str]
    """Trigger keys (:func:`eventwire.link.triggers.trigger_keys`): lemma and synonym keys of its words."""
    evidence: Span

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(self.sources_ordered)

    @property
    def targets(self) -> frozenset[str]:
        return frozenset(self.targets_ordered)


@dataclass
class _Group:
    id: str
    seq: int
    type: str
    members: list[GroupMember] = field(default_factory=list)
    intervals: list[tuple[int, int]] = field(default_factory=list)
    undated: list[tuple[int, int]] = field(default_factory=list)
    places: list[PlaceFacts] = field(default_factory=list)
    stems: list[str] = field(default_factory=list)
    story_ids: list[str] = field(default_factory=list)
    sources: Counter[str] = field(default_factory=Counter)
    targets: Counter[str] = field(default_factory=Counter)
    keys: set[tuple[str, str, str]] = field(default_factory=set)
    stem_set: set[str] = field(default_factory=set)
    member_keys: list[frozenset[str]] = field(default_factory=list)
    """Trigger keys of each member, in member order."""

    def closes_day(self) -> int:
        spans = self.intervals or self.undated
        return max(hi for _, hi in spans)


def place_compatible(a: PlaceFacts, b: PlaceFacts, o: GroupOptions) -> float | None:
    """Evidence score of two places (None when they cannot be the same happening's place)."""
    ka, _, lat_a, lon_a, ca, pa = a
    kb, _, lat_b, lon_b, cb, pb = b
    if ka == kb:
        return 1.5 if pa == "point" else 1.0 if pa == "region" else 0.5
    if "country" in (pa, pb):
        return 0.5 if ca is None or cb is None or ca == cb else None
    if lat_a is None or lon_a is None or lat_b is None or lon_b is None:
        return None  # two different places we cannot locate: not the same
    km = km_between(lat_a, lon_a, lat_b, lon_b)
    if pa == "point" and pb == "point":
        return 1.5 if km <= o.place_km else None
    return 1.0 if km <= o.region_km else None


class EventGrouper:
    """Groups event mentions incrementally; state is the open groups' rows and profiles."""

    def __init__(
        self,
        options: GroupOptions,
        entity_info: EntityInfo,
        names: Callable[[str], str],
        *,
        groups: Iterable[EventGroup] = (),
        profiles: Iterable[GroupProfile] = (),
        seq: int = 0,
    ) -> None:
        self.options = options
        self.entity_info = entity_info
        self.names = names
        self.seq = seq
        self._type_class = self._type_classes(options.compatible_types)
        self._open: dict[str, _Group] = {}
        self._index: dict[tuple[str, str, str], set[str]] = {}
        self.changed: set[str] = set()
        rows = {g.id: g for g in groups}
        for p in sorted(profiles, key=lambda p: p.seq):
            row = rows[p.group_id]
            g = _Group(
                id=p.group_id,
                seq=p.seq,
                type=row.type,
                members=list(row.members),
                intervals=[tuple(i) for i in p.intervals],  # type: ignore[misc]
                undated=[tuple(i) for i in p.undated],  # type: ignore[misc]
                places=[tuple(x) for x in p.places],  # type: ignore[misc]
                stems=list(p.stems),
                story_ids=list(p.story_ids),
                stem_set=set(p.stems),
                member_keys=[trigger_keys(m.trigger or "") for m in row.members],
            )
            for m in g.members:
                g.sources.update(m.source_entities)
                g.targets.update(m.target_entities)
            self._open[g.id] = g
            self._reindex(g)

    @staticmethod
    def _type_classes(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for a, b in pairs:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        return {t: find(t) for t in parent}

    def type_class(self, t: str) -> str:
        return self._type_class.get(t, t)

    # -- matching ------------------------------------------------------------------------------
    def untyped(self, t: str) -> bool:
        """Whether a type says the type is unknown (compatible with every type)."""
        return t in self.options.untyped

    def _block(
        self, tc: str, story_id: str, entities: Iterable[str], places: Iterable[PlaceFacts]
    ) -> set[tuple[str, str, str]]:
        keys = {("s", tc, story_id)}
        for e in entities:
            keys.add(("e", tc, e))
            country = self.entity_info(e)[0]
            if country:
                keys.add(("c", tc, country))
        for p in places:
            keys.add(("p", tc, p[4] or p[0]))
        return keys

    def _keys(self, ev: EventFacts) -> set[tuple[str, str, str]]:
        # a typed event looks among groups of its type class and untyped groups ("?"); an untyped
        # event among every group ("*")
        places = [ev.place] if ev.place is not None else []
        classes = ["*"] if self.untyped(ev.type) else [self.type_class(ev.type), "?"]
        keys = {k for tc in classes for k in self._block(tc, ev.story_id, ev.sources | ev.targets, places)}
        # the same verb in the same story, whatever type each report's coding gave it (see _same_verb)
        keys.update(("l", k, ev.story_id) for k in ev.stems if k.startswith(LEMMA))
        return keys

    def _role(self, mine: frozenset[str], theirs: Counter[str]) -> float | None:
        """Evidence that one role agrees, None if it contradicts.

        2: the same entity; 1: a state and an actor of that state ("Poland", "Polish border guards");
        0.5: an unnamed body and another unnamed or named body of one country (or of an unknown one)
        whose sectors do not differ ("Kyrgyz border guards", "a Kyrgyz border post", "the Kyrgyz Border
        Service"); 0: a side is unknown, or an unnamed body and a non-state actor of one country (or an
        unknown one) whose sectors differ: an unnamed body's sector comes from its head noun, and
        reports name one referent with several ("the gunman", "the employee", "the suspect";
        "pirates", "raiders"). Two different named actors, or actors of two countries, contradict.
        """
        if not mine or not theirs:
            return 0.0
        if mine & theirs.keys():
            return 2.0
        best: float | None = None
        for a in sorted(mine):
            ca, ka, sa = self.entity_info(a)
            for b in theirs:
                cb, kb, sb = self.entity_info(b)
                if ca and ca == cb and "state" in (ka, kb):
                    return 1.0
                if "generic" in (ka, kb) and "state" not in (ka, kb) and (ca is None or cb is None or ca == cb):
                    if sa is None or sb is None or sa == sb:
                        best = 0.5  # "Indian naval forces" may be the "Indian Navy"
                    elif best is None:
                        best = 0.0
        return best

    def _roles(self, ev: EventFacts, g: _Group) -> float | None:
        direct = [self._role(ev.sources, g.sources), self._role(ev.targets, g.targets)]
        scores = [sum(direct)] if None not in direct else []  # type: ignore[arg-type]
        if self.type_class(ev.type) in self.options.symmetric_types or ev.type in self.options.symmetric_types:
            swapped = [self._role(ev.sources, g.targets), self._role(ev.targets, g.sources)]
            if None not in swapped:
                scores.append(sum(swapped))  # type: ignore[arg-type]
        return max(scores) if scores else None

    def score(self, ev: EventFacts, g: _Group) -> float | None:
        """Evidence that ``ev`` is ``g``'s happening; None when a hard constraint fails."""
        o = self.options
        if not (
            self.untyped(ev.type)
            or self.untyped(g.type)
            or self.type_class(ev.type) == self.type_class(g.type)
            or self._same_verb(ev.stems, g)
        ):
            return None
        tol = o.day_tolerance
        for other in g.intervals + g.undated:
            if interval_gap(ev.interval, other) > tol:
                return None
        actors = self._roles(ev, g)
        if actors is None:
            return None
        place_score = 0.0
        if ev.place is not None:
            for p in g.places:
                s = place_compatible(ev.place, p, o)
                if s is None:
                    return None
                place_score = max(place_score, s) if place_score else s
        score = actors + place_score
        anchor = actors >= 1.0 or (ev.place is not None and ev.place[5] != "country" and place_score >= 1.0)
        same_story = ev.story_id in g.story_ids
        trigger = self._trigger_evidence(ev.stems, g)
        if trigger is not None:
            score += trigger
            # a match resting on the trigger words alone stays inside the story (story as blocking)
            anchor = anchor or same_story
        if not anchor:
            return None
        if ev.dated and ev.interval[0] == ev.interval[1]:
            same = [iv for iv in g.intervals if iv[0] == iv[1]]
            if any(iv[0] == ev.interval[0] for iv in same):
                score += 1.0
            elif same:
                score += 0.5
        if same_story:
            score += 1.0
        modes = {m.mode for m in g.members if m.mode}
        if ev.mode and modes:
            score += 0.5 if ev.mode in modes else -1.0
        return score

    @staticmethod
    def _same_verb(keys: frozenset[str], g: _Group) -> bool:
        """Whether the trigger shares a lemma key with every member's: two types for one verb ("charged":
        COERCE in one report, ACCUSE in another) are two readings of one report, not two happenings."""
        return bool(g.member_keys) and all(any(k.startswith(LEMMA) for k in keys & mk) for mk in g.member_keys)

    def _trigger_evidence(self, keys: frozenset[str], g: _Group) -> float | None:
        """Trigger agreement with the group: ``trigger_weight`` when some member shares a lemma key with
        the trigger, else ``synonym_weight`` when some member shares a synonym key; None when none does.

        The best member, not the average over members (rules 2 and before): reports name one happening
        with several verbs ("shot", "killed", "shooting"), so an average made a group harder to join
        the more ways its reports had described it, and split the best-reported happenings (ECB+ tune
        half: gold CoNLL 0.711 -> 0.723). Chaining from one happening into the next is still held back
        by the complete-link checks of type, date, place and actors and by the anchor rule."""
        if not keys or not (keys & g.stem_set):
            return None
        o = self.options
        best = 0.0
        for mk in g.member_keys:
            shared = keys & mk
            if any(k.startswith(LEMMA) for k in shared):
                return o.trigger_weight
            if shared:
                best = o.synonym_weight
        return best

    def assign(self, ev: EventFacts) -> str:
        """Add the event to its best group (or a new one); returns the group id."""
        candidates: set[str] = set()
        for key in self._keys(ev):
            candidates |= self._index.get(key, set())
        best: tuple[float, int, str] | None = None
        for gid in candidates:
            g = self._open[gid]
            s = self.score(ev, g)
            if s is None or s < self.options.min_score:
                continue
            if best is None or (-s, g.seq) < (-best[0], best[1]):
                best = (s, g.seq, gid)
        if best is not None:
            g = self._open[best[2]]
        else:
            g = _Group(id=stable_id("g", ev.event_id), seq=self.seq, type=ev.type)
            self.seq += 1
            self._open[g.id] = g
        if self.untyped(g.type) and not self.untyped(ev.type):
            g.type = ev.type  # the first known type names the group
        self._add(g, ev)
        return g.id

    def _add(self, g: _Group, ev: EventFacts) -> None:
        g.members.append(
            GroupMember(
                article_id=ev.article_id,
                event_id=ev.event_id,
                outlet=ev.outlet,
                status=ev.status,  # type: ignore[arg-type]
                date=ev.date,
                evidence=ev.evidence,
                copy_of=ev.copy_of,
                trigger=ev.trigger,
                mode=ev.mode,
                source_entities=list(ev.sources_ordered),
                target_entities=list(ev.targets_ordered),
                claimed_by=ev.claimant,
                place=ev.place[1] if ev.place else None,
            )
        )
        spans = g.intervals if ev.dated else g.undated
        if ev.interval not in spans:
            spans.append(ev.interval)
        if ev.place is not None and ev.place not in g.places:
            g.places.append(ev.place)
        g.member_keys.append(ev.stems)
        for s in sorted(ev.stems):
            if s not in g.stem_set:
                g.stems.append(s)
                g.stem_set.add(s)
        if ev.story_id not in g.story_ids:
            g.story_ids.append(ev.story_id)
        g.sources.update(ev.sources_ordered)
        g.targets.update(ev.targets_ordered)
        self._reindex(g)
        self.changed.add(g.id)

    def _reindex(self, g: _Group) -> None:
        entities = set(g.sources) | set(g.targets)
        keys: set[tuple[str, str, str]] = set()
        for tc in ("*", "?" if self.untyped(g.type) else self.type_class(g.type)):
            for sid in g.story_ids:
                keys |= self._block(tc, sid, entities, g.places)
        keys.update(("l", k, sid) for k in g.stems if k.startswith(LEMMA) for sid in g.story_ids)
        for k in keys - g.keys:
            self._index.setdefault(k, set()).add(g.id)
        for k in g.keys - keys:  # a group that took its first known type leaves the untyped blocks
            block = self._index.get(k)
            if block is not None:
                block.discard(g.id)
                if not block:
                    del self._index[k]
        g.keys = keys

    # -- closing and output --------------------------------------------------------------------
    def due(self, today: int) -> list[str]:
        """Open groups whose latest possible date is more than ``window_days`` behind ``today``."""
        return [gid for gid, g in self._open.items() if today - g.closes_day() > self.options.window_days]

    def close(self, ids: Iterable[str]) -> None:
        """Forget closed groups (their rows were emitted)."""
        for gid in ids:
            self.changed.discard(gid)
            g = self._open.pop(gid)
            for k in g.keys:
                block = self._index.get(k)
                if block is not None:
                    block.discard(gid)
                    if not block:
                        del self._index[k]

    def open_ids(self) -> list[str]:
        return list(self._open)

    def profile(self, gid: str) -> GroupProfile:
        g = self._open[gid]
        return GroupProfile(
            group_id=g.id,
            seq=g.seq,
            intervals=list(g.intervals),
            undated=list(g.undated),
            places=list(g.places),
            stems=list(g.stems),
            story_ids=list(g.story_ids),
            closes_day=g.closes_day(),
        )

    def named(self, gid: str) -> set[str]:
        """Entity ids an open group's members name (sources, targets, claimants)."""
        out: set[str] = set()
        for m in self._open[gid].members:
            out.update(m.source_entities)
            out.update(m.target_entities)
            if m.claimed_by:
                out.add(m.claimed_by)
        return out

    def row(self, gid: str) -> EventGroup:
        g = self._open[gid]
        return group_row(g, self.names)


def _most(counter: Counter[str]) -> str | None:
    """Most frequent key; ties to the first counted (Counter keeps insertion order)."""
    best: tuple[int, str] | None = None
    for k, n in counter.items():
        if best is None or n > best[0]:
            best = (n, k)
    return best[1] if best else None


def group_row(g: _Group, names: Callable[[str], str]) -> EventGroup:
    """The output row of a working group."""
    members = g.members
    modes = Counter(m.mode for m in members if m.mode)
    sources = Counter(m.source_entities[0] for m in members if m.source_entities)
    targets = Counter(m.target_entities[0] for m in members if m.target_entities)
    date = None
    for length in (10, 7, 4):
        dates = Counter(m.date for m in members if m.date and len(m.date) == length)
        if dates:
            date = _most(dates)
            break
    spans = g.intervals or g.undated
    place = None
    if g.places:
        ranked = Counter(p for p in g.places)
        place = max(g.places, key=lambda p: (_PRECISION_RANK[p[5]], ranked[p], -g.places.index(p)))
    asserted: list[str] = []
    claimed: list[str] = []
    denied: list[str] = []
    for m in members:
        if m.status == "asserted":
            who = m.outlet or m.article_id
            if who not in asserted:
                asserted.append(who)
        elif m.claimed_by:
            bucket = claimed if m.status == "claimed" else denied
            if m.claimed_by not in bucket:
                bucket.append(m.claimed_by)
    triggers: list[str] = []
    for m in members:
        t = (m.trigger or "").lower()
        if t and t not in triggers:
            triggers.append(t)
    src, tgt = _most(sources), _most(targets)
    return EventGroup(
        id=g.id,
        story_id=g.story_ids[0],
        type=g.type,
        mode=_most(modes),
        source_entity=src,
        source_name=names(src) if src else None,
        target_entity=tgt,
        target_name=names(tgt) if tgt else None,
        date=date,
        date_start=known_iso(min(lo for lo, _ in spans)),
        date_end=known_iso(max(hi for _, hi in spans)),
        place=place[1] if place else None,
        place_country=place[4] if place else None,
        lat=place[2] if place else None,
        lon=place[3] if place else None,
        asserted_by=asserted,
        claimed_by=claimed,
        denied_by=denied,
        triggers=triggers,
        members=list(members),
        article_count=len({m.copy_of or m.article_id for m in members}),
        outlet_count=len({m.outlet or f"article:{m.article_id}" for m in members}),
    )


__all__ = ["EventFacts", "EventGrouper", "group_row", "place_compatible"]
