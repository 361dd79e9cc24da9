"""Stage ``actors.setting.v1``: the country of domestic groups named only by their role.

"Soldiers", "the presidential guard", "police", "gangs", "protesters" in a report set in one country
are of that country: PLOVER coders give an actor "the state it belongs to" (PLOVER manual, "Country
names"), and for an unnamed crowd "the country where it acts" (bench/realreports/GUIDELINES.md).
The actors stage already gives such a group the one country its own sentence names; this stage,
run after the places stage, fills the groups still without a country, in this order:

1. **The same group told earlier with its country** ("Saudi border guards ... the guards"): a
   country-less group whose head word (``guards``) is the head word of other actors of the article
   that all have one country takes it; its evidence is theirs. Two countries: left null, and the
   report's setting is not tried either (the text says the word has two owners).
2. **The report's setting** (:func:`setting_country`): when one country dominates the resolved
   place mentions of the report (the dateline counts :data:`DATELINE_WEIGHT` mentions), at least
   :data:`DOMINANCE` times the next country's and :data:`MIN_MENTIONS` mentions in all. Its
   evidence is the dateline when the dateline lies in that country, else the first mention of that
   country's most mentioned place. A report about a crossing between two countries, an airlift
   from one to another or a sea route has no one setting: its groups stay null (right or null).

Then a part of a group ("members of the presidential guard", "a contingent of the guard": heads of
kind ``part``) takes the country of the group named inside its mention (:func:`part_countries`), and
an actor named as a resolved place takes the place's country (:func:`place_countries`).

Only groups named by a role qualify (:func:`takes_setting`): a country-less actor with a sector
that is not foreign by nature (refugees and migrants are in a country, not of it; UNK says
nothing), not a state, not found in the knowledge base, and whose mentions name no person, no
nationality or other place (a proper modifier names who they are, and it is not the setting).
Named organisations qualify only as state forces or bodies ("the Presidential Guard").
"""

from __future__ import annotations

import csv
import dataclasses
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ...analysis import Analysis
from ...knowledge import Knowledge
from ...nlp import Parsed
from ...records import Actor, Place, Span
from ...stages import StageFn, StageSpec

STAGE = "actors.setting.v1"

WORDS_FILE = "actors/setting_words.tsv"
"""Heads and modifiers of groups that are in a country without being of it (part ``actors`` lists it)."""
_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

DOMINANCE = 2.0
"""The setting country needs at least this many times the mentions of the next country."""
MIN_MENTIONS = 1
"""... and at least this many mentions (the dateline's weight included)."""
DATELINE_WEIGHT = 2
"""A dateline place ("NIAMEY -") says where the report was filed: it counts as this many mentions."""

# Sectors that say nothing about a group's state (UNK), or whose members are by what they are not of
# the state they are in (refugees, migrants), or that are international by sector code.
NOT_DOMESTIC = frozenset({"REF", "UNK", "NGO", "IGO", "UNO", "EUR", "IMG", "MNC", "ISM"})
# A named organisation takes the setting only as a state force or body ("the Presidential Guard").
STATE_BODIES = frozenset({"MIL", "COP", "GOV", "LEG", "JUD", "SPY"})
# Entity labels that, inside an actor's mentions, name who the actor is (not the setting).
OWN_NAME_LABELS = frozenset({"PERSON", "NORP", "GPE", "LOC"})


@cache
def setting_words() -> dict[str, str]:
    """word (lower case) -> kind (``head`` | ``modifier`` | ``part``), from ``knowledge/actors/setting_words.tsv``."""
    path = _KNOWLEDGE / WORDS_FILE
    with path.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#") and line.strip())
        return {r["word"]: r["kind"] for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}


def setting_country(
    places: Sequence[Place], dateline: Span | None, actor_spans: Sequence[Span] = ()
) -> tuple[str, Span] | None:
    """The country one report is set in, with the span that shows it; None when no country dominates.

    Counts the mentions of resolved places per country (a country name counts as its own place),
    the dateline place :data:`DATELINE_WEIGHT` times. A place mention inside an actor's mention
    (``actor_spans``: "Egypt said", "U.S. troops", "Niger President Bazoum") may name who acts rather
    than where, so the place mentions outside actors must not point elsewhere: their most mentioned
    country (if any) must be the dominant one too. A report on an airlift from Kabul that names "U.S."
    troops and officials at every turn is not set in the United States.
    """
    taken = sorted((s.start, s.end) for s in actor_spans)
    counts: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    per_place: dict[str, list[tuple[int, Place]]] = {}
    dateline_place: tuple[str, Span] | None = None
    for p in places:
        if p.country is None:
            continue
        for m in p.mentions:
            in_dateline = dateline is not None and dateline.start <= m.start and m.end <= dateline.end
            weight = DATELINE_WEIGHT if in_dateline else 1
            counts[p.country] += weight
            if not _inside(m, taken):
                outside[p.country] += weight
            if in_dateline and dateline_place is None:
                dateline_place = (p.country, m)
        per_place.setdefault(p.country, []).append((len(p.mentions), p))
    if not counts:
        return None
    ranked = counts.most_common()
    top, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if n < MIN_MENTIONS or n < DOMINANCE * runner_up:
        return None
    if outside and outside[top] < max(outside.values()):
        return None
    if dateline_place is not None and dateline_place[0] == top:
        return top, dateline_place[1]
    # the most mentioned place of that country, its first mention (ties: the earliest place)
    best = max(per_place[top], key=lambda np: (np[0], -np[1].mentions[0].start))[1]
    return top, best.mentions[0]


def _inside(m: Span, spans: Sequence[tuple[int, int]]) -> bool:
    # spans sorted by start: only those starting at or before the mention can hold it
    k = bisect_left(spans, (m.start + 1,))
    return any(s <= m.start and m.end <= e for s, e in spans[:k])


def head_word(name: str) -> str:
    """The last word of a group's name, lower case, a plural ``s`` off ("the guards" -> ``guard``)."""
    words = name.lower().split()
    if not words:
        return ""
    w = words[-1].strip(".,;:'’\"")
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w


def _mention_labels(p: Parsed, spans: Sequence[Span], name: str = "") -> set[str]:
    """Entity labels of the mention tokens up to the last word of the actor's name (all tokens when
    no name is given): "the presidential palace of the jihadist-wracked country" is named
    "presidential palace", and the NORP word after it says nothing about whose palace it is, while
    a possessor or modifier before the name ("Jewish settlers", "Biden's administration") does."""
    last = name.split()[-1].casefold() if name.split() else ""
    starts = [t.start for t in p.tokens]
    labels: set[str] = set()
    for s in spans:
        i = bisect_left(starts, s.start)
        found: set[str] = set()
        while i < len(p.tokens) and p.tokens[i].start < s.end:
            tok = p.tokens[i]
            if tok.ent_type:
                found.add(tok.ent_type)
            if last and tok.text.casefold() == last:
                break
            i += 1
        labels |= found
    return labels


def takes_setting(actor: Actor, labels: set[str]) -> bool:
    """Whether a country-less actor is a group named by its role (see the module docs); ``labels``
    are the entity labels inside its mentions."""
    if actor.country is not None or actor.kb_id is not None or actor.kind == "state":
        return False
    words = setting_words()
    if words.get(actor.name.lower().split()[-1] if actor.name.split() else "") == "head":
        return False
    mention_words = {w.lower().strip(".,;:'’\"") for s in actor.mentions for w in s.text.split()}
    if any(words.get(w) == "modifier" for w in mention_words | set(actor.name.lower().split())):
        return False
    sector = (actor.sector or "")[:3].upper()
    if not sector or sector in NOT_DOMESTIC:
        return False
    if labels & OWN_NAME_LABELS:
        return False
    return not ("ORG" in labels and sector not in STATE_BODIES)


def fill_countries(actors: list[Actor], eligible: Mapping[str, bool], setting: tuple[str, Span] | None) -> None:
    """Give each eligible actor (``eligible[id]``) the country of its earlier-named namesakes or of the
    setting, in place (see the module docs for the order)."""
    by_head: dict[str, list[Actor]] = {}
    for a in actors:
        # groups only: a title names one person ("the French President" is not "the President")
        if a.country is not None and a.kind == "group":
            by_head.setdefault(head_word(a.name), []).append(a)
    for k, a in enumerate(actors):
        if not eligible.get(a.id):
            continue
        same = by_head.get(head_word(a.name), []) if a.kind == "group" else []
        countries = {b.country for b in same}
        if len(countries) == 1:
            b = same[0]
            evidence = b.country_evidence or (b.mentions[0] if b.mentions else None)
            actors[k] = dataclasses.replace(a, country=b.country, country_evidence=evidence)
        elif not countries and setting is not None:
            actors[k] = dataclasses.replace(a, country=setting[0], country_evidence=setting[1])


def place_countries(actors: list[Actor], places: Sequence[Place]) -> None:
    """A country-less actor named as a resolved place ("Mariupol", "Gaza" as a party or a target) is
    of the country the place lies in (the places stage leaves such actor mentions out of the place's
    mentions, so names are compared); its evidence is its first mention. Names of two countries'
    places give nothing. In place."""
    where: dict[str, set[str]] = {}
    for p in places:
        if p.country is None:
            continue
        for name in {p.name, *(m.text for m in p.mentions)}:
            where.setdefault(name.casefold(), set()).add(p.country)
    for k, a in enumerate(actors):
        if a.country is not None or a.kb_id is not None or not a.mentions:
            continue
        countries = where.get(a.name.casefold(), set())
        if len(countries) == 1:
            actors[k] = dataclasses.replace(a, country=next(iter(countries)), country_evidence=a.mentions[0])


def part_countries(actors: list[Actor]) -> None:
    """A country-less part of a group ("members of the presidential guard", head of kind ``part`` in
    the words file) is of the country of the group named inside its mention, when that is one
    country; its evidence is that group's mention. In place."""
    words = setting_words()
    for k, a in enumerate(actors):
        if a.country is not None or not a.name.split() or words.get(a.name.lower().split()[-1]) != "part":
            continue
        inner = [
            (b.country, m)
            for b in actors
            if b is not a and b.country is not None
            for m in b.mentions
            if any(o.start <= m.start and m.end <= o.end and (m.start, m.end) != (o.start, o.end) for o in a.mentions)
        ]
        if len({c for c, _ in inner}) == 1:
            actors[k] = dataclasses.replace(a, country=inner[0][0], country_evidence=inner[0][1])


def assign_setting(an: Analysis) -> None:
    """The stage's work on one document: ``an.setting``, places' countries for actors named as a
    place, then the countries of role-named groups."""
    spans = [m for a in an.actors for m in a.mentions]
    an.setting = setting_country(an.places, an.cleaned.dateline, spans)
    place_countries(an.actors, an.places)
    p = an.parsed
    eligible = {a.id: takes_setting(a, _mention_labels(p, a.mentions, a.name)) for a in an.actors}
    if any(eligible.values()):
        fill_countries(an.actors, eligible, an.setting)
    part_countries(an.actors)


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    """Factory: nothing to load; the work is :func:`assign_setting`."""
    return assign_setting


SPEC = StageSpec(
    STAGE,
    make_stage,
    requires=("actors", "places"),
    produces=("setting",),
    updates=("actors",),
    doc="country of role-named domestic groups from earlier namesakes or the report's one setting",
)


__all__ = [
    "SPEC",
    "STAGE",
    "WORDS_FILE",
    "assign_setting",
    "fill_countries",
    "head_word",
    "setting_country",
    "setting_words",
    "takes_setting",
]
