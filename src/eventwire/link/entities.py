"""Actor identities across articles: one entity id per person, organisation, state or group.

Rules, most certain first (docs/linking.md explains each):

* knowledge-base actors keep their KB id (``kb:<kb_id>``); a text-only spelling of a KB person
  ("Alyaksandr Lukashenka") joins the KB entity when the names match as below;
* a named person (first name and surname) joins the person whose ASCII-folded surname is at least
  ``name_similarity`` alike (transliterations, diacritics), whose first initial agrees and whose
  country and sector do not contradict; titles and honorifics are dropped first;
* a surname alone ("Japarov") joins a named person only when exactly one person in the article's
  story fits; otherwise it stays a story-scoped entity;
* a named organisation joins one whose name (country adjectives dropped) is as alike, same country;
* an unnamed group or organisation ("Polish border guards", "the government") is identified by its
  kind, country and sector; without a country it is scoped to the story; an unnamed person
  ("a soldier") is never merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import Indel
from rapidfuzz.fuzz import token_sort_ratio
from rapidfuzz.process import extract

from ..extract.actors.kb import KnowledgeBase
from ..knowledge import load_knowledge
from ..records import Actor, ActorEntity, ActorKind, Article
from .common import ascii_words, global_id, stable_id
from .options import EntityOptions

_ORG_STOP = frozenset({"the", "of", "s", "and", "for", "a", "an"})


def _transliteration() -> list[tuple[re.Pattern[str], str]]:
    text = resources.files("eventwire.knowledge").joinpath("link/transliteration.tsv").read_text("utf-8")
    rules = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, replacement = line.split("\t")[:2]
            rules.append((re.compile(pattern), replacement))
    return rules


_RULES = _transliteration()
_FEMININE = ("ska", "skaya", "ova", "eva", "ina", "aya", "ckaya")


@lru_cache(maxsize=131072)
def fold_name(word: str) -> str:
    """One key for the romanisation variants of a name word (``knowledge/link/transliteration.tsv``)."""
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    return word


def same_surname(a: str, b: str, threshold: float) -> float | None:
    """Similarity of two ASCII surnames after folding romanisation variants; None below ``threshold``.

    Slavic surnames that differ in grammatical gender ("Tikhanovsky" / "Tikhanovskaya") name two people.
    """
    fa, fb = fold_name(a), fold_name(b)
    if fa.endswith(_FEMININE) != fb.endswith(_FEMININE) and a[:3] == b[:3]:
        return None
    sim = float(Indel.normalized_similarity(fa, fb))
    return sim if sim >= threshold else None


def _honorifics() -> frozenset[str]:
    text = resources.files("eventwire.knowledge").joinpath("link/honorifics.tsv").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@dataclass
class _Entity:
    """Working copy of an entity (the output row is built from it)."""

    id: str
    key: str
    name: str
    kb_id: str | None
    country: str | None
    sector: str | None
    kind: ActorKind
    story_id: str | None
    spellings: list[str] = field(default_factory=list)
    actor_count: int = 0
    surnames: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    materialised: bool = True

    def row(self) -> ActorEntity:
        return ActorEntity(
            id=self.id,
            name=self.name,
            kb_id=self.kb_id,
            country=self.country,
            sector=self.sector,
            kind=self.kind,
            spellings=list(self.spellings),
            actor_count=self.actor_count,
            story_id=self.story_id,
            key=self.key,
        )


def known_sector(sector: str | None) -> str | None:
    """The sector, None when unknown: PLOVER's agents dictionary codes unspecified agents ("man",
    "driver", "group") ``UNK``, which says nothing about who they are."""
    return None if sector is None or sector[:3].upper() == "UNK" else sector


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _compatible_sector(a: str | None, b: str | None) -> bool:
    return _compatible(known_sector(a), known_sector(b))


class EntityResolver:
    """Links each article's actors to entities; state is the list of :class:`ActorEntity` rows."""

    def __init__(
        self,
        options: EntityOptions,
        kb: KnowledgeBase | None = None,
        entities: Iterable[ActorEntity] = (),
        closed: Iterable[ActorEntity] = (),
    ) -> None:
        self.options = options
        self.kb = kb if kb is not None else load_knowledge().actors
        self._titles = frozenset(" ".join(p) for p, w in self.kb.sectors.items() if w.role) | _honorifics()
        self._by_id: dict[str, _Entity] = {}
        self._closed: dict[str, ActorEntity] = {e.id: e for e in closed}
        """Rows of story-scoped entities whose story closed: an open group may still name them."""
        self._seq: dict[str, int] = {}
        self._next = 0
        self._by_story: dict[str, list[str]] = {}  # story -> entities scoped to it
        self._by_key: dict[str, str] = {}
        self._persons: dict[str, dict[str, list[str]]] = {}  # first letter -> folded surname -> person entity ids
        self._orgs: dict[str, list[str]] = {}  # country + first letter -> named organisation ids
        self.changed: set[str] = set()
        self._seed_kb_people()
        for row in entities:
            self._restore(row)

    # -- public --------------------------------------------------------------------------------
    def resolve_global(self, article: Article) -> dict[str, str]:
        """Entities of the actors that do not depend on the story (KB, full names, named bodies, groups with a country)."""
        out: dict[str, str] = {}
        for actor in article.actors:
            eid = self._global(article.id, actor)
            if eid is not None:
                out[actor.id] = eid
        return out

    def resolve_in_story(
        self, article: Article, story_id: str, known: dict[str, str], story_entities: set[str]
    ) -> dict[str, str]:
        """Entities of the remaining actors (surnames alone, unnamed bodies of unknown country), within ``story_id``."""
        out = dict(known)
        pool = set(story_entities) | set(known.values())
        for actor in article.actors:
            if actor.id not in out:
                out[actor.id] = self._scoped(article.id, actor, story_id, pool)
        for actor in article.actors:
            self._count(out[actor.id], actor)
        return out

    def entity(self, entity_id: str) -> ActorEntity:
        """The current row of an entity."""
        return self._by_id[entity_id].row()

    def info(self, entity_id: str) -> tuple[str | None, str, str | None]:
        """Country, ``state`` | ``generic`` | ``named``, and sector of an entity (what event grouping compares)."""
        ent = self._by_id.get(entity_id) or self._closed[entity_id]
        if ent.kind == "state":
            cls = "state"
        elif ent.kb_id or ent.key.startswith(("person|", "org|", "surname|")):
            cls = "named"
        else:
            cls = "generic"
        return ent.country, cls, known_sector(ent.sector)

    def name_of(self, entity_id: str) -> str:
        ent = self._by_id.get(entity_id)
        return ent.name if ent is not None else self._closed[entity_id].name

    def closed_rows(self, ids: Iterable[str]) -> list[ActorEntity]:
        """Rows of the given entities whose story closed (those an open group still names)."""
        return [self._closed[i] for i in ids if i in self._closed and i not in self._by_id]

    def rows(self, ids: Iterable[str] | None = None) -> list[ActorEntity]:
        """Rows of the given (default: all materialised) entities, in creation order."""
        if ids is None:
            return [e.row() for e in self._by_id.values() if e.materialised]
        return [self._by_id[i].row() for i in ids]

    # -- names ---------------------------------------------------------------------------------
    def person_tokens(self, name: str) -> list[str]:
        """ASCII words of a person's name without titles, honorifics and a trailing possessive."""
        words = ascii_words(name)
        while words and words[-1] == "s" and len(words) > 1:
            words.pop()
        i = 0
        while i < len(words):
            two = " ".join(words[i : i + 2])
            if two in self._titles and i + 2 < len(words):
                i += 2
            elif (words[i] in self._titles or self.kb.adjective(words[i])) and i + 1 < len(words):
                i += 1
            else:
                break
        return words[i:]

    def _is_named(self, actor: Actor) -> bool:
        """True when the name has a capitalised word that is not a country, demonym or title."""
        for raw in actor.name.replace("'s", " ").split():
            w = raw.strip(".,;:()\"'")
            if not w or not w[0].isupper():
                continue
            low = w.lower()
            if (
                self.kb.adjective(w)
                or self.kb.national(w)
                or self.kb.country_of_name(w)
                or low in self._titles
                or low == "the"
                or (low,) in self.kb.sectors
                or (low.rstrip("s"),) in self.kb.sectors
            ):
                continue  # "Polish", "Iraqis", "Poland", "Minister", "Police": words of a description, not a name
            return True
        return False

    def _org_key(self, name: str) -> str:
        words = [w for w in ascii_words(name) if w not in _ORG_STOP and not self.kb.adjective(w)]
        return " ".join(sorted(words))

    # -- resolution ----------------------------------------------------------------------------
    def _global(self, article_id: str, actor: Actor) -> str | None:
        if actor.kb_id:
            return self._kb_entity(actor)
        if actor.kind == "state":
            key = f"state|{actor.country}" if actor.country else f"state|{' '.join(ascii_words(actor.name))}"
            return self._exact(key, actor, None)
        named = self._is_named(actor)
        if actor.kind == "person" and named:
            tokens = self.person_tokens(actor.name)
            if len(tokens) >= 2:
                return self._person(actor, tokens)
            return None  # a surname alone: resolved within the story
        if named:
            return self._organisation(actor)
        if actor.kind != "person" and actor.country and actor.sector:
            return self._exact(f"{actor.kind}|{actor.country}|{actor.sector}|{self._head(actor.name)}", actor, None)
        return None

    @staticmethod
    def _head(name: str) -> str:
        """Head noun of an unnamed body, singular-ish ("Polish border guards" -> "guard")."""
        words = ascii_words(name)
        head = words[-1] if words else ""
        return head[:-1] if head.endswith("s") and len(head) > 3 else head

    def _scoped(self, article_id: str, actor: Actor, story_id: str, pool: set[str]) -> str:
        if actor.kind == "person" and self._is_named(actor):
            tokens = self.person_tokens(actor.name)
            surname = tokens[-1] if tokens else " ".join(ascii_words(actor.name))
            fits = [
                eid
                for eid in sorted(pool)
                if self._by_id[eid].kind == "person"
                and self._by_id[eid].story_id is None
                and self._person_fits(self._by_id[eid], surname, None, actor)
            ]
            if len(fits) == 1:
                return fits[0]
            return self._exact(f"surname|{story_id}|{surname}|{actor.country or '-'}", actor, story_id)
        if actor.kind == "person":
            # an unnamed person ("a soldier") is one mention of someone: never merged
            return self._exact(f"unnamed|{global_id(article_id, actor.id)}", actor, story_id)
        what = f"{actor.sector or '-'}|{self._head(actor.name)}"
        return self._exact(f"{actor.kind}|{story_id}|{actor.country or '-'}|{what}", actor, story_id)

    def _kb_entity(self, actor: Actor) -> str:
        assert actor.kb_id is not None
        eid = f"kb:{actor.kb_id}"
        ent = self._by_id.get(eid)
        if ent is None:
            entry = self.kb.entries.get(actor.kb_id)
            ent = _Entity(
                id=eid,
                key=eid,
                name=entry.name if entry is not None else actor.name,
                kb_id=actor.kb_id,
                country=actor.country,
                sector=actor.sector,
                kind=actor.kind,
                story_id=None,
            )
            self._add(ent)
        if not ent.materialised:
            ent.materialised = True
            ent.country, ent.sector = ent.country or actor.country, ent.sector or actor.sector
        return eid

    def _person_fits(self, ent: _Entity, surname: str, initial: str | None, actor: Actor) -> bool:
        return self._person_score(ent, surname, initial, actor) is not None

    def _person_score(self, ent: _Entity, surname: str, initial: str | None, actor: Actor) -> float | None:
        if self.options.require_compatible and not (
            _compatible(ent.country, actor.country) and _compatible_sector(ent.sector, actor.sector)
        ):
            return None
        if initial is not None and ent.initials and initial not in ent.initials:
            return None
        sims = [same_surname(surname, s, self.options.name_similarity) for s in sorted(ent.surnames)]
        return max((x for x in sims if x is not None), default=None)

    def _person(self, actor: Actor, tokens: list[str]) -> str:
        surname, initial = tokens[-1], tokens[0][0]
        best: tuple[float, int, str] | None = None
        for eid in self._person_candidates(surname):
            ent = self._by_id[eid]
            seq = self._seq[eid]
            score = self._person_score(ent, surname, initial, actor)
            if score is not None and (best is None or (-score, seq) < (-best[0], best[1])):
                best = (score, seq, eid)
        if best is not None:
            ent = self._by_id[best[2]]
            ent.materialised = True
            return ent.id
        key = f"person|{' '.join(tokens)}|{actor.country or '-'}|{actor.sector or '-'}"
        return self._exact(key, actor, None, surnames={surname}, initials={initial})

    def _person_candidates(self, surname: str) -> list[str]:
        """Person entities whose folded surname is alike (blocked on its first letter; rapidfuzz does the scan in C)."""
        folded = fold_name(surname)
        block = self._persons.get(folded[:1])
        if not block:
            return []
        names = list(block)
        hits = extract(
            folded,
            names,
            scorer=Indel.normalized_similarity,
            score_cutoff=self.options.name_similarity,
            limit=None,
        )
        out: list[str] = []
        for name, _, _ in hits:
            out.extend(block[name])
        return out

    def _organisation(self, actor: Actor) -> str:
        key = self._org_key(actor.name) or " ".join(ascii_words(actor.name))
        block = f"{actor.country or '-'}|{key[:1]}"
        for eid in self._orgs.get(block, ()):
            ent = self._by_id[eid]
            if ent.kind != actor.kind or not _compatible_sector(ent.sector, actor.sector):
                continue
            if token_sort_ratio(key, self._org_key(ent.name)) / 100 >= self.options.name_similarity:
                return eid
        eid = self._exact(f"org|{key}|{actor.country or '-'}|{actor.kind}", actor, None)
        if eid not in self._orgs.get(block, []):
            self._orgs.setdefault(block, []).append(eid)
        return eid

    def _exact(
        self,
        key: str,
        actor: Actor,
        story_id: str | None,
        *,
        surnames: set[str] | None = None,
        initials: set[str] | None = None,
    ) -> str:
        eid = self._by_key.get(key)
        if eid is not None:
            return eid
        eid = stable_id("x", key)
        n = 1
        while eid in self._by_id:  # a hash collision of two keys: never merge them
            n += 1
            eid = stable_id("x", f"{key}#{n}")
        ent = _Entity(
            id=eid,
            key=key,
            name=actor.name,
            kb_id=None,
            country=actor.country,
            sector=actor.sector,
            kind=actor.kind,
            story_id=story_id,
            surnames=surnames or set(),
            initials=initials or set(),
        )
        self._add(ent)
        return eid

    def _count(self, eid: str, actor: Actor) -> None:
        ent = self._by_id[eid]
        ent.actor_count += 1
        ent.materialised = True
        for spelling in [actor.name, *actor.aliases]:
            if spelling not in ent.spellings:
                ent.spellings.append(spelling)
        self.changed.add(eid)

    # -- index ---------------------------------------------------------------------------------
    def forget_story(self, story_id: str) -> list[ActorEntity]:
        """Drop the entities scoped to a closed story (no later article can reach them); returns the rows of those changed since the last flush."""
        out = []
        for eid in self._by_story.pop(story_id, []):
            ent = self._by_id.pop(eid)
            self._closed[eid] = ent.row()
            self._by_key.pop(ent.key, None)
            self._seq.pop(eid, None)
            if eid in self.changed:
                self.changed.discard(eid)
                out.append(ent.row())
        return out

    def keep_closed(self, ids: set[str]) -> None:
        """Forget the rows of closed-story entities outside ``ids`` (no open group names them any more)."""
        self._closed = {k: v for k, v in self._closed.items() if k in ids}

    def order(self, entity_id: str) -> int:
        """Creation order of an entity (rows come out in it)."""
        return self._seq[entity_id]

    def _add(self, ent: _Entity) -> None:
        self._by_id[ent.id] = ent
        self._seq.setdefault(ent.id, self._next)
        self._next += 1
        if ent.story_id is not None:
            self._by_story.setdefault(ent.story_id, []).append(ent.id)
        self._by_key[ent.key] = ent.id
        if ent.kind == "person" and ent.story_id is None:
            if not ent.surnames:
                tokens = self.person_tokens(ent.name)
                if len(tokens) >= 2:
                    ent.surnames.add(tokens[-1])
                    ent.initials.add(tokens[0][0])
            for folded in sorted({fold_name(x) for x in ent.surnames}):
                ids = self._persons.setdefault(folded[:1], {}).setdefault(folded, [])
                if ent.id not in ids:
                    ids.append(ent.id)

    def _seed_kb_people(self) -> None:
        """Index the KB's people before they are seen, so a text-only spelling can join them."""
        aliases: dict[str, list[str]] = {}
        for alias, key in sorted(self.kb.names.items()):
            aliases.setdefault(key, []).append(alias)
        for key, entry in sorted(self.kb.entries.items()):
            if entry.kind != "person":
                continue
            surnames: set[str] = set()
            initials: set[str] = set()
            for spelling in [entry.name, *aliases.get(key, ())]:
                tokens = self.person_tokens(spelling)
                if len(tokens) >= 2:
                    surnames.add(tokens[-1])
                    initials.add(tokens[0][0])
            if not surnames:
                continue
            ent = _Entity(
                id=f"kb:{key}",
                key=f"kb:{key}",
                name=entry.name,
                kb_id=key,
                country=entry.country,
                sector=entry.sector,
                kind="person",
                story_id=None,
                surnames=surnames,
                initials=initials,
                materialised=False,
            )
            self._add(ent)

    def _restore(self, row: ActorEntity) -> None:
        ent = self._by_id.get(row.id)
        if ent is None:
            ent = _Entity(
                id=row.id,
                key=row.key,
                name=row.name,
                kb_id=row.kb_id,
                country=row.country,
                sector=row.sector,
                kind=row.kind,
                story_id=row.story_id,
            )
            self._add(ent)
            if row.key.startswith("org|"):
                block = f"{row.country or '-'}|{row.key.split('|')[1][:1]}"
                self._orgs.setdefault(block, []).append(row.id)
        ent.materialised = True
        ent.spellings = list(row.spellings)
        ent.actor_count = row.actor_count
        ent.country, ent.sector = row.country, row.sector


__all__ = ["EntityResolver", "fold_name", "same_surname"]
