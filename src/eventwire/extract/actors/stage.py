"""Stage ``actors.rules.v1``: people, organisations, states and groups, merged within the article.

Mentions come from spaCy entities (PERSON, ORG, GPE, NORP, LOC) and from noun phrases whose head is a
sector word of the knowledge base ("Polish border guards", "migrants", "the Iraqi Foreign Ministry").
Rules over the parse, no coreference model:

* Country and sector come from the text first -- titles, appositions, demonym and possessive modifiers
  ("German Interior Minister Horst Seehofer" -> DEU GOV, "Kremlin spokesman" -> RUS GOV, "president of
  Armenia" -> ARM), capitals and seats of power as metonyms ("Minsk" -> the Belarusian state,
  "the Kremlin" -> RUS GOV) -- then from the knowledge base (:mod:`.kb`, the part ``actors`` of the knowledge it receives).
  ``country_evidence``/``sector_evidence`` are the words that gave them.
* Merging: a surname joins the full name seen anywhere in the article; a known alias joins its
  knowledge-base entry ("Putin" + "Vladimir Putin"); a definite title without a name ("the minister",
  "the Russian leader", "the police chief") joins the one person named earlier with that title, and
  nobody when two hold it (:mod:`.titles`); a title in apposition joins the name; capitals join their state; groups merge on country + sector words.
  Generic short names join the body named before them ("the bloc" -> ECOWAS, "the Red Crescent" -> the
  Palestinian Red Crescent); an acronym the article defines ("the Rapid Support Forces (RSF)") means
  that body there, not the knowledge-base entry with the same letters.
* Pronouns: he/she (persons), it (organisations, states), they (groups, plural organisations) go to
  the subject of an enclosing clause in the same sentence, else the subject of the previous sentence
  (he/she also to the nearest person before them). Expletive "it" is left alone.

What later stages get (through the declared slot ``actor_index``, never by importing this module):

* ``an.actor_index.at(i) -> str | None``: id of the actor whose mention covers token ``i`` (every token
  of every mention, resolved pronouns included); None if no actor.
* ``an.actor_index.ensure(an, first, last) -> str | None``: for a noun phrase ``[first, last)`` found by
  another stage (an event argument, a speaker), the actor covering its head token if there is one; else
  a new actor registered for the phrase (merged with an existing one when it resolves to the same key)
  if it resolves to anything (knowledge base, sector word, demonym, entity); else None. A stage that
  calls it declares ``updates=("actors", "actor_index")``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ...analysis import Analysis
from ...knowledge import Knowledge
from ...nlp import Parsed
from ...records import Actor, ActorKind, Span
from ...resolve.gazetteer import ALTERNATE
from ...stages import StageFn, StageSpec
from ..common.dates import parse_published
from .junk import PLACE_NOUNS, is_junk
from .kb import Entry, KnowledgeBase, SectorWord, find_sector, normalise
from .titles import AMBIGUOUS, TitleBook, role_words

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Left dependents that belong to a noun phrase's mention (and whose words may give country/sector).
MODIFIER_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet", "case", "advmod"})
# Prepositions after which a place name is a place, not an actor ("in Belarus", "at Warsaw").
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "inside", "within", "across", "throughout", "outside", "into", "around", "along", "via",
     "through", "toward", "towards", "over", "beyond", "onto", "off"}
)  # fmt: skip
# Syntactic roles in which a capital or region acts ("Minsk said", "measures taken by Minsk").
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "poss", "agent", "appos", "dative"})
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "madam"})
PERSON_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
IT_PRONOUNS = frozenset({"it", "its", "itself"})
THEY_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
DEFINITE = frozenset({"the", "this", "that"})
# PLOVER pseudo-countries: an official of one of these is not thereby of the sentence's state.
PSEUDO = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# Sectors of people who are, by what they are, not of the state they are in (refugees, migrants) or
# of no known affiliation: a sentence's country says nothing about them.
FOREIGN_SECTORS = frozenset({"REF", "UNK"})
SEVERAL_WORDS = frozenset({"both", "respective", "two", "three", "four", "several"})
"""Words counting a titled group as holders from several parties ("both ministers", "the two envoys")."""
# Sectors that name what a person is more specifically than a generic government title
# ("rebel leader" -> REB, "army commander" -> MIL).
GENERIC_SECTORS = frozenset({"GOV"})
# Knowledge-base short names that, in a report, mean the specific body it named before them: "the bloc"
# after ECOWAS is ECOWAS (only EU bodies are EUR, PLOVER 5.1); "the Red Crescent" after "the Palestinian
# Red Crescent" is that national society (of its nation), not the IFRC.
BLOC_KEY = "org:regional bloc"
RED_CROSS_WORDS = ("red cross", "red crescent")
# Words that may stand inside an expansion without giving a letter to its acronym.
ACRONYM_GLUE = frozenset({"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "le", "al", "el", "&"})
ACRONYM_DEF = re.compile(r"\(([A-Z][A-Za-z&]{0,2}[A-Z]{1,6})\)")
ACRONYM_APPOS = re.compile(r"\b([A-Z][A-Z&]{1,7}), (?:the|a|an) ((?:[A-Za-z-]+ ?){1,5})")


@dataclass
class _Mention:
    """A candidate actor mention while the stage runs."""

    first: int
    last: int
    head: int
    kind: ActorKind
    name: tuple[int, int]
    """Token range of the name (persons: the name without title; groups: demonym + sector words)."""
    label: str = ""
    """Entity label, SECTOR for a sector-word phrase, PRON for a pronoun."""
    country: str | None = None
    country_ev: tuple[int, int] | None = None
    sector: str | None = None
    sector_ev: tuple[int, int] | None = None
    entry: Entry | None = None
    roles: set[str] = field(default_factory=set)
    head_title: bool = False
    """Holds a head-of-state/government title ("president", "leader", "strongman")."""
    title_only: bool = False
    """A person named only by a title ("the Russian leader")."""
    definite: bool = False
    plural: bool = False
    key: str = ""
    gender: str | None = None


@dataclass
class _DocState:
    """What ensure_actor needs to add actors after the stage ran."""

    kb: KnowledgeBase
    key_to_id: dict[str, str] = field(default_factory=dict)


def actor_at(an: Analysis, i: int) -> str | None:
    """Id of the actor mentioned at token ``i``, if any (``an.actor_index.at(i)``)."""
    return an.actor_index.at(i)


def ensure_actor(an: Analysis, first: int, last: int) -> str | None:
    """The actor of the noun phrase ``[first, last)`` (``an.actor_index.ensure``; see the module docs)."""
    return an.actor_index.ensure(an, first, last)


def _ensure(kb: KnowledgeBase, state: _DocState, an: Analysis, first: int, last: int) -> str | None:
    """The resolver the stage installs in ``an.actor_index``, bound to its knowledge base and document state.

    Returns None when the phrase resolves to nothing (no entity, sector word, demonym or KB entry).
    """
    if first >= last:
        return None
    p = an.parsed
    head = _phrase_head(p, first, last)
    found = an.actor_index.at(head)
    if found is not None:
        return found
    finder = _Finder(an, kb)
    m = finder.mention_for_range(first, last, head)
    if m is None or not _drop_junk(p, [m], None):
        return None
    finder.assign_key(m, {})
    return _register(an, state, m)


# -- the stage --------------------------------------------------------------------------------------


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    """Factory: take the knowledge base, return the per-document function."""
    kb = knowledge.actors

    def run(an: Analysis) -> None:
        # Actors of the compiled dictionaries take the role valid on the publication date.
        day_kb = kb.on(parse_published(an.published))
        state = _DocState(day_kb)
        an.actor_index.install(partial(_ensure, day_kb, state))
        finder = _Finder(an, day_kb)
        mentions = _drop_junk(an.parsed, finder.find(), places[0] if places else None)
        _build(an, state, mentions)

    # junk.py: names that are places or page words are no actors (the gazetteer opens on first use)
    places: list[Callable[[str, bool], Iterable[object]]] = [
        lambda name, variants: [c for c in knowledge.gazetteer.lookup(name) if variants or c.kind != ALTERNATE]
    ]
    return run


def _drop_junk(
    p: Parsed, mentions: list[_Mention], place_names: Callable[[str, bool], Iterable[object]] | None
) -> list[_Mention]:
    """The mentions minus junk (:mod:`.junk`); a key left with pronouns only is dropped by ``_build``."""
    return [
        m
        for m in mentions
        if m.label == "PRON" or not is_junk(p, m.name[0], m.name[1], m.head, m.label, m.entry is not None, place_names)
    ]


SPEC = StageSpec(
    "actors.rules.v1",
    make_stage,
    produces=("actors", "actor_index"),
    # the gazetteer tells a mislabelled village or crossing from a person or organisation (junk.py)
    knowledge=("actors", "gazetteer"),
    doc="people, organisations, states and groups with country and sector, merged within the article",
)


def _phrase_head(p: Parsed, first: int, last: int) -> int:
    """The token of ``[first, last)`` whose syntactic head lies outside the range (the last such)."""
    best = last - 1
    for i in range(first, last):
        h = p.tokens[i].head
        if h == i or not first <= h < last:
            best = i
    return best


class _Finder:
    """Finds and resolves mentions in one document."""

    def __init__(self, an: Analysis, kb: KnowledgeBase) -> None:
        self.an = an
        self.p = an.parsed
        self.kb = kb
        self.toks = self.p.tokens
        self.ent_of: list[int] = [-1] * len(self.toks)
        for k, e in enumerate(self.p.ents):
            for i in range(e.first, e.last):
                self.ent_of[i] = k
        self.surnames: set[str] = set()
        dl = an.cleaned.dateline
        self.dateline = (dl.start, dl.end) if dl is not None else None
        self.acronyms = self.defined_acronyms()

    # -- small helpers --------------------------------------------------------------------------
    def text(self, first: int, last: int) -> str:
        return self.p.span_text(first, last)[0]

    def lemma(self, i: int) -> str:
        t = self.toks[i]
        return (t.lemma or t.text).lower()

    def is_plural(self, i: int) -> bool:
        return self.toks[i].tag in ("NNS", "NNPS")

    def in_dateline(self, i: int) -> bool:
        return self.dateline is not None and self.dateline[0] <= self.toks[i].start < self.dateline[1]

    def left_edge(self, head: int, limit: int) -> int:
        """First token of the head's left modifiers (det, amod, compound, poss, ...), not before ``limit``."""
        lo = head
        for c in self.p.children[head]:
            if c < head and c >= limit and self.toks[c].dep in MODIFIER_DEPS:
                lo = min(lo, self.p.subtree(c)[0])
        return max(lo, limit)

    def sector_at(self, end: int, start: int) -> tuple[SectorWord, int, bool] | None:
        """Longest sector phrase ending at token ``end`` and starting no earlier than ``start``."""
        lo = max(start, end - self.kb.max_sector_words + 1)
        words = [self.lemma(i) for i in range(lo, end)] + [self.toks[end].lower]
        hit = find_sector(self.kb, words, len(words) - 1)
        if hit is None and self.lemma(end) != self.toks[end].lower:
            words[-1] = self.lemma(end)
            hit = find_sector(self.kb, words, len(words) - 1)
        return hit

    def entity_entry(self, first: int, last: int) -> Entry | None:
        return self.lookup(self.text(first, last))

    def lookup(self, text: str) -> Entry | None:
        """The knowledge-base entry of a name, with acronyms the article defines read as it defines them."""
        if text in self.acronyms:
            expansion = self.acronyms[text]
            return self.kb.entry(expansion) if expansion is not None else None
        return self.kb.entry(text)

    def society_nation(self, first: int, last: int) -> str | None:
        """The country of a national Red Cross / Red Crescent society whose name ``[first, last)`` lacks
        the nation word just before it ("Kenya" + "Red Cross"); None for any other name. The national
        societies are of their nation (PLOVER ch. 5), unlike the ICRC and IFRC (NGO)."""
        if first == 0 or normalise(self.text(first, last)) not in RED_CROSS_WORDS:
            return None
        word = self.toks[first - 1].text
        return self.kb.adjective(word) or self.kb.country_of_name(word)

    def defined_acronyms(self) -> dict[str, str | None]:
        """Acronyms the article itself defines, which beat a knowledge-base entry sharing the letters
        (RSF, Reporters sans frontieres): "the Rapid Support Forces (RSF)" maps RSF to its expansion;
        "RSF, the paramilitary group" -- a description whose sector contradicts the entry's -- maps it to
        None (no entry: the article's own words tell)."""
        text = self.p.text
        out: dict[str, str | None] = {}
        for mt in ACRONYM_DEF.finditer(text):
            acro = mt.group(1)
            run: list[str] = []
            for w in reversed(text[max(0, mt.start() - 200) : mt.start()].split()):
                if not (w[:1].isupper() or w.lower() in ACRONYM_GLUE) or w[-1:] in ",.;:)":
                    break
                run.insert(0, w)
            for k in range(len(run)):
                cand = run[k:]
                if cand[0].lower() in ACRONYM_GLUE:
                    continue
                expansion = " ".join(cand)
                initials = "".join(w[0] for w in cand if w.lower() not in ACRONYM_GLUE)
                if initials.upper() == acro.upper() or self.kb.entry(expansion) is not None:
                    if normalise(expansion) != normalise(acro):
                        out.setdefault(acro, expansion)
                    break
        for mt in ACRONYM_APPOS.finditer(text):
            acro = mt.group(1)
            entry = self.kb.entry(acro)
            if acro in out or entry is None or entry.kind == "state":
                continue
            words = mt.group(2).lower().split()
            for end in range(len(words)):
                hit = find_sector(self.kb, words[: end + 1], end)
                if hit is not None and hit[0].sector is not None and hit[0].sector != entry.sector:
                    out[acro] = None
                    break
        return out

    def acting(self, head: int) -> bool:
        """Whether a place name at ``head`` stands in an acting role (not a location)."""
        t = self.toks[head]
        dep = t.dep
        while dep == "conj" and t.head != t.i:
            t = self.toks[t.head]
            dep = t.dep
        if dep in ACTING_DEPS:
            return True
        if dep == "pobj":
            prep = self.toks[t.head].lower
            return prep not in LOCATIVE_PREPS and prep != "from"
        return False

    def located_phrase(self, head: int) -> bool:
        """Like :meth:`located`, also through "of" ("in the town of X")."""
        if self.located(head):
            return True
        t = self.toks[head]
        if t.dep == "pobj" and self.toks[t.head].lower == "of":
            return self.located(self.toks[t.head].head)
        return False

    def located(self, head: int) -> bool:
        """Whether the phrase at ``head`` is the object of a locative preposition ("in Poland")."""
        t = self.toks[head]
        while t.dep == "conj" and t.head != t.i:
            t = self.toks[t.head]
        return t.dep == "pobj" and self.toks[t.head].lower in LOCATIVE_PREPS

    # -- finding --------------------------------------------------------------------------------
    def find(self) -> list[_Mention]:
        """All mentions of the document, resolved and keyed, in text order (pronouns last resolved)."""
        out: list[_Mention] = []
        taken: set[int] = set()
        for e in sorted(self.p.ents, key=lambda e: e.label != "PERSON"):  # persons first: their surnames
            if e.label not in ENTITY_LABELS:
                continue
            if e.label == "PERSON" and e.last - e.first == 1 and self.kb.adjective(self.toks[e.first].text):
                continue  # a demonym the recogniser took for a name ("Ugandan opposition candidates")
            if e.label != "PERSON" and e.last - e.first == 1 and self.toks[e.first].text in self.surnames:
                pm = self.person_mention(e.first, e.last, e.first)  # "Brandvold" taken for an organisation
                out.append(pm)
                taken.add(pm.head)
                continue
            for em in self.entity_mentions(e.first, e.last, e.label, e.root):
                out.append(em)
                taken.add(em.head)
                if em.label == "PERSON" and em.name[1] - em.name[0] >= 2:
                    self.surnames.add(self.toks[em.name[1] - 1].text)
        for i, t in enumerate(self.toks):
            if i in taken or self.ent_of[i] != -1 or t.pos not in ("NOUN", "PROPN"):
                continue
            if t.text in self.surnames and t.dep != "compound":
                pm = self.person_mention(i, i + 1, i)
                out.append(pm)
                taken.add(i)
                continue
            sm = self.sector_mention(i)
            if sm is None and t.pos == "PROPN" and t.dep != "compound":
                sm = self.kb_chunk_mention(i, i + 1, i)
            if sm is not None:
                out.append(sm)
                taken.add(i)
        for c in self.p.noun_chunks:  # KB names the recogniser missed ("the bloc")
            if c.root in taken or self.ent_of[c.root] != -1:
                continue
            km = self.kb_chunk_mention(c.first, c.last, c.root)
            if km is not None:
                out.append(km)
                taken.add(c.root)
        out = [m for m in out if not self.in_dateline(m.head)]
        out += self.compound_members(out)
        out.sort(key=lambda m: (m.first, m.head))
        self.refer_short_names(out)
        self.country_from_sentence(out)
        self.link_appositions(out)
        keys: dict[str, _Mention] = {}
        self.assign_keys(out, keys)
        pronouns = self.resolve_pronouns(out)
        return sorted(out + pronouns, key=lambda m: (m.first, m.head))

    def refer_short_names(self, mentions: list[_Mention]) -> None:
        """Generic short names join the specific body named before them in the article: "the bloc" the
        last intergovernmental body (ECOWAS, the EU), a bare "Red Cross"/"Red Crescent" the last national
        society ("the Kenya Red Cross"). With none before them a bloc has no country (which bloc is
        unsaid: "the opposition bloc"), a bare Red Cross stays the ICRC."""
        for k, m in enumerate(mentions):
            if m.entry is None:
                continue
            if m.entry.key == BLOC_KEY:
                want = self.is_bloc
            elif normalise(self.text(*m.name)) in RED_CROSS_WORDS and m.entry.country == "NGO":
                want = self.is_national_society
            else:
                continue
            target = next((o for o in reversed(mentions[:k]) if not o.key and want(o)), None)
            if target is None:  # in apposition right after it: "regional bloc the Economic Community of ..."
                target = next((o for o in mentions[k + 1 :] if 0 <= o.first - m.last <= 2 and want(o)), None)
            if target is None:
                if m.entry.key == BLOC_KEY:  # which bloc ("the opposition bloc"?) the report does not say
                    m.entry, m.country, m.country_ev = None, None, None
                continue
            m.key = f"->{target.head}"
            m.entry = target.entry
            m.country, m.country_ev = target.country, target.country_ev
            m.sector, m.sector_ev = target.sector, target.sector_ev

    def is_bloc(self, m: _Mention) -> bool:
        return m.kind == "organisation" and m.country in ("IGO", "EUR") and (m.entry is None or m.entry.key != BLOC_KEY)

    def is_national_society(self, m: _Mention) -> bool:
        name = normalise(self.text(*m.name))
        return m.country is not None and m.country not in PSEUDO and any(w in name for w in RED_CROSS_WORDS)

    def compound_members(self, mentions: list[_Mention]) -> list[_Mention]:
        """Extra mentions for coordinated country modifiers of one head ("Belarusian and Polish forces").

        PLOVER codes a compound entity as a list of members: the mention keeps the first country, and
        each further coordinated demonym or country name becomes a mention of its own headed by that
        word (``actor_index.at`` of it), with the head's sector ("Polish forces": POL MIL).
        """
        extra: list[_Mention] = []
        for m in mentions:
            if m.label != "SECTOR" or m.country_ev is None or m.country_ev[1] - m.country_ev[0] != 1:
                continue
            ev = m.country_ev[0]
            # The conjunction's head is the first member; the evidence word may be any member.
            root = ev
            while self.toks[root].dep == "conj" and m.first <= self.toks[root].head < root:
                root = self.toks[root].head
            members = [root] + [
                k for k in range(root + 1, m.head) if self.toks[k].dep == "conj" and self._conj_root(k) == root
            ]
            isos = [self.kb.adjective(self.toks[k].text) or self.kb.country_of_name(self.toks[k].text) for k in members]
            if len(members) < 2 or isos[0] is None:
                continue
            m.country, m.country_ev = isos[0], (root, root + 1)
            for k, iso in zip(members[1:], isos[1:], strict=True):
                if iso is None or iso == m.country:
                    continue
                c = dataclasses.replace(m, first=k, head=k, name=(k, m.name[1]), country=iso, country_ev=(k, k + 1))
                c.roles = set(m.roles)
                extra.append(c)
        return extra

    def _conj_root(self, k: int) -> int:
        while self.toks[k].dep == "conj" and self.toks[k].head != k:
            k = self.toks[k].head
        return k

    def mention_for_range(self, first: int, last: int, head: int) -> _Mention | None:
        """Resolve one noun phrase given by another stage (ensure_actor)."""
        k = self.ent_of[head]
        if k != -1:
            e = self.p.ents[k]
            if e.label in ENTITY_LABELS:
                ms = [m for m in self.entity_mentions(e.first, e.last, e.label, head, force=True) if m.head == head]
                if ms:
                    return ms[0]
        low = self.toks[head].lower
        if low in PERSON_PRONOUNS or low in IT_PRONOUNS or low in THEY_PRONOUNS:
            return None
        words = [self.toks[i].lower for i in range(first, last) if self.toks[i].lower not in ("the", "a", "an")]
        if self.kb.is_non_actor(words) or self.kb.is_non_actor([*words[:-1], self.lemma(head)]):
            return None  # "the border", "Monday", "the earthquake": never a party
        m = self.sector_mention(head, force=True) or self.kb_chunk_mention(first, last, head)
        if m is None and self.toks[head].pos in ("NOUN", "PROPN", "ADJ"):
            # "the autonomous Azerbaijani republic": what the modifiers say is all there is
            kind: ActorKind = "group" if self.is_plural(head) else "organisation"
            m = _Mention(first, head + 1, head, kind, (first, head + 1), "PHRASE", plural=self.is_plural(head))
            self.read_modifiers(m, first, head + 1)
            if m.country is None and m.sector is None:
                return None
            if self.toks[first].lower == "the":
                m.name = (first + 1, head + 1)
        if m is None:
            return None
        m.first = min(m.first, first) if m.first >= first else m.first
        return m

    def strip_possessor(self, first: int, last: int) -> tuple[int, tuple[int, int] | None]:
        """Skip a leading possessor inside an entity ("Belarus's Lukashenko"): (new first, possessor range)."""
        for i in range(first, last - 1):
            if self.toks[i].tag == "POS" or self.toks[i].lower in ("'s", "’s"):
                return i + 1, (first, i)
        return first, None

    def entity_mentions(self, first: int, last: int, label: str, root: int, force: bool = False) -> Iterable[_Mention]:
        """Mentions an entity gives: itself, and a possessor it swallowed ("Belarus's Lukashenko")."""
        if root < first or root >= last:
            root = _phrase_head(self.p, first, last)
        if self.toks[first].lower == "the":
            first += 1
        if first >= last:
            return
        name_first, possessor = self.strip_possessor(first, last)
        if possessor is not None and label in ("PERSON", "ORG"):
            pe = self.entity_entry(*possessor)
            if pe is not None:
                yield self.resolved_entry(possessor[0], possessor[1], possessor[1] - 1, pe, "GPE")
        else:
            name_first = first
        # strip trailing possessive marks ("The Council of Europe's")
        name_last = last
        while name_last > name_first and self.toks[name_last - 1].tag == "POS":
            name_last -= 1
        if name_last <= name_first:
            return
        if root < name_first or root >= name_last:
            root = _phrase_head(self.p, name_first, name_last)
        tok = self.toks[root]
        if (
            not force
            and label != "PERSON"
            and tok.dep in ("amod", "compound")
            and not first <= tok.head < last
            and tok.head > root
            and self.sector_at(tok.head, self.left_edge(tok.head, 0)) is not None
        ):
            return  # "The Lithuanian president", "Kremlin spokesman": read by the head noun's mention
        entry = self.entity_entry(name_first, name_last)
        nation = self.society_nation(name_first, name_last)
        if nation is not None:  # "the Kenya Red Cross" the recogniser cut after "Kenya"
            m = _Mention(name_first - 1, name_last, root, "organisation", (name_first - 1, name_last), label)
            m.country, m.country_ev = nation, (name_first - 1, name_first)
            m.sector, m.sector_ev = "MED", (name_first, name_last)
            yield m
            return
        if label == "PERSON" and (entry is None or entry.kind == "person"):
            while name_first < name_last - 1 and self.toks[name_first].lower in HONORIFICS:
                name_first += 1
            yield self.person_mention(name_first, name_last, root)
            return
        if entry is not None:
            if entry.kind == "person":
                yield self.person_mention(name_first, name_last, root)
                return
            if not force and tok.dep in ("compound", "amod") and tok.head > root and self.actor_noun(tok.head):
                return  # a modifier of an actor noun ("Kremlin spokesman"), read by that noun's mention
            if entry.key.startswith("region:") and not force and not self.acting(root):
                return
            if entry.key.startswith("country:") and not force and self.located(root):
                return
            m = self.resolved_entry(name_first, name_last, root, entry, label)
            yield m
            return
        iso = self.kb.capital(self.text(name_first, name_last))
        if iso is not None:
            if force or self.acting(root):
                m = self.resolved_entry(name_first, name_last, root, self.kb.country_entry(iso), "CAPITAL")
                yield m
            return
        if label == "NORP":
            if not force and (tok.dep in ("amod", "compound") or tok.pos == "ADJ"):
                return
            if not force and tok.head > root and self.actor_noun(tok.head):
                return  # "The Lithuanian president": read by the president's mention
            iso = self.kb.national(tok.text) or self.kb.adjective(self.text(name_first, name_last))
            m = _Mention(name_first, name_last, root, "group", (name_first, name_last), label, plural=True)
            if iso is not None:
                m.country, m.country_ev = iso, (name_first, name_last)
            self.read_modifiers(m, self.left_edge(root, 0), name_first)
            if m.country is None and m.sector is None and not force:
                return
            m.first = min(m.first, name_first)
            yield m
            return
        if label not in ("ORG", "PERSON"):
            return  # unknown place names are the places stage's business
        if not force and self.located_phrase(root):
            return  # "near the village of Usnarz Gorny": a place the recogniser took for an organisation
        if not force and tok.dep in ("compound",) and tok.head > root and self.ent_of[tok.head] == -1:
            head_hit = self.sector_at(tok.head, tok.head)
            if head_hit is not None:
                return  # "NATO troops": the troops are the actor, NATO their modifier
        if name_first > 0 and label == "ORG":
            title = self.sector_at(name_first - 1, self.left_edge(root, 0))
            if title is not None and title[0].kind == "person" and title[0].role is not None:
                # a titled name the recogniser took for an organisation ("President Moody Awori")
                yield self.person_mention(name_first, name_last, root)
                return
        m = _Mention(name_first, name_last, root, "organisation", (name_first, name_last), label)
        self.read_inside(m, name_first, name_last, root)
        self.absorb_title(m, name_first, root)
        yield m

    def actor_noun(self, i: int) -> bool:
        """Whether token ``i`` heads an actor of its own (a name or a sector word)."""
        if self.ent_of[i] != -1 and self.p.ents[self.ent_of[i]].label in ENTITY_LABELS:
            return True
        return self.sector_at(i, self.left_edge(i, 0)) is not None

    def resolved_entry(self, first: int, last: int, head: int, entry: Entry | None, label: str) -> _Mention:
        """A mention whose words are a knowledge-base name (country, organisation, seat, region)."""
        assert entry is not None
        m = _Mention(first, last, head, entry.kind, (first, last), label, entry=entry)
        m.country = entry.country
        m.sector = entry.sector
        if entry.country is not None:
            m.country_ev = (first, last)
        if entry.sector is not None:
            m.sector_ev = (first, last)
        if entry.key.startswith("org:"):
            # organisations' own words may say more ("Polish Border Guard")
            self.read_inside(m, first, last, head, keep=True)
            self.absorb_title(m, first, head)
        return m

    def person_mention(self, name_first: int, name_last: int, root: int) -> _Mention:
        """A named person: title and modifiers to the left, appositions, then the knowledge base."""
        # names spaCy wrapped with their title ("President Obama")
        while name_first < name_last - 1 and self.sector_at(name_first, name_first) is not None:
            name_first += 1
        first = self.left_edge(root, 0)
        first = min(first, name_first)
        m = _Mention(first, name_last, root, "person", (name_first, name_last), "PERSON")
        self.read_modifiers(m, first, name_first)
        self.apply_kb_person(m)
        return m

    def apply_kb_person(self, m: _Mention) -> None:
        name = self.text(*m.name)
        entry = self.lookup(name)
        if entry is None or entry.kind != "person":
            # "Tran Xuan Gia" unknown, but "... Dmitry Peskov" with a title: try the name's tail
            for k in range(m.name[0] + 1, m.name[1]):
                e = self.lookup(self.text(k, m.name[1]))
                if e is not None and e.kind == "person":
                    entry = e
                    break
        if entry is None or entry.kind != "person":
            return
        if m.country is not None and entry.country is not None and m.country != entry.country:
            return  # the text's title says otherwise: a namesake
        m.entry = entry
        m.roles.update(entry.roles)
        m.head_title = m.head_title or any(self._is_head_role(r) for r in entry.roles)
        m.gender = entry.gender
        if m.country is None:
            m.country = entry.country
        if m.sector is None:
            m.sector = entry.sector

    def _is_head_role(self, role: str) -> bool:
        sw = self.kb.sector_word(tuple(role.split()))
        if sw is None:
            sw = self.kb.sector_word(tuple(role.split()[-1:]))
        return sw is not None and sw.role == "head"

    def read_modifiers(self, m: _Mention, first: int, end: int, sector: bool = True) -> None:
        """Country and sector from the words ``[first, end)`` before a name or head noun.

        The sector comes from the title ending right before ``end``; a more specific sector word
        further left wins over a generic government title ("rebel leader").
        """
        i = end - 1
        sector_found = False
        while i >= first:
            t = self.toks[i]
            k = self.ent_of[i]
            if k != -1 and self.p.ents[k].first >= first and self.p.ents[k].label in ENTITY_LABELS:
                e = self.p.ents[k]
                lo, hi = e.first, min(e.last, end)
                lo = lo + 1 if self.toks[lo].lower == "the" else lo
                while hi > lo and self.toks[hi - 1].tag == "POS":
                    hi -= 1
                if hi > lo:
                    self.read_name_modifier(m, lo, hi)
                    inner = self.sector_at(hi - 1, lo) if sector else None
                    if inner is not None and m.sector is None:  # "Chinese Foreign Ministry spokesman"
                        self.take_sector(m, inner[0].sector, hi - inner[1], hi)
                i = e.first - 1
                continue
            if t.tag == "POS" or t.pos in ("DET", "PUNCT", "ADP", "CCONJ", "NUM"):
                i -= 1
                continue
            hit = self.sector_at(i, first) if sector else None
            if hit is not None:
                sw, n, _plural = hit
                lo = i - n + 1
                if not sector_found:
                    sector_found = True
                    self.note_role(m, sw, lo, i + 1)
                self.take_sector(m, sw.sector, lo, i + 1)
                i = lo - 1
                continue
            self.read_name_modifier(m, i, i + 1)
            i -= 1

    def take_sector(self, m: _Mention, sector: str | None, lo: int, hi: int) -> None:
        """The nearest sector word wins, but a specific one beats a generic government title
        ("rebel leader" -> REB, "Foreign Ministry spokesman" -> GOV); a head noun's own sector stands
        ("government forces" -> MIL)."""
        if sector is not None and (m.sector is None or (sector not in GENERIC_SECTORS and m.sector in GENERIC_SECTORS)):
            m.sector, m.sector_ev = sector, (lo, hi)

    def note_role(self, m: _Mention, sw: SectorWord, lo: int, hi: int) -> None:
        if sw.role is None:
            return
        m.roles.add(" ".join(sw.phrase))
        if sw.role == "head":
            m.head_title = True

    def read_name_modifier(self, m: _Mention, lo: int, hi: int) -> None:
        """A modifier that may name a country: demonym, country, capital, seat of power, organisation, person."""
        text = self.text(lo, hi)
        iso = self.kb.adjective(text)
        sector: str | None = None
        if iso is None:
            iso = self.society_nation(lo, hi)
            if iso is not None:  # "a Palestinian Red Crescent ambulance"
                lo, sector = lo - 1, "MED"
        if iso is None:
            e = self.lookup(text)
            if e is not None:
                iso, sector = e.country, (e.sector if e.kind != "state" else None)
            else:
                iso = self.kb.capital(text)
        if iso is None and hi - lo > 1:
            for k in range(lo, hi):
                word = self.toks[k].text
                iso = self.kb.adjective(word) or self.kb.country_of_name(word) or self.kb.capital(word)
                if iso is not None:
                    lo, hi = k, k + 1
                    break
        if iso is not None and m.country is None:
            m.country, m.country_ev = iso, (lo, hi)
        if sector is not None and m.sector is None:
            m.sector, m.sector_ev = sector, (lo, hi)

    def read_inside(self, m: _Mention, first: int, last: int, head: int, keep: bool = False) -> None:
        """Country and sector from an organisation's own words ("the Iraqi Foreign Ministry",
        "United Nations Emergency Relief Coordinator"); ``keep``: only fill what the KB left open."""
        if not keep:
            hit = self.sector_at(head, first)
            if hit is not None and hit[0].sector is not None:
                m.sector, m.sector_ev = hit[0].sector, (head - hit[1] + 1, head + 1)
        if keep and m.country is not None:
            return
        for i in range(first, last):
            for j in range(min(last, i + 4), i, -1):
                if j - i == last - first:
                    continue  # the whole name was looked up already
                text = self.text(i, j)
                e = self.lookup(text)
                iso: str | None = None
                sector: str | None = None
                if e is not None and e.kind != "person":
                    iso, sector = e.country, (e.sector if e.kind != "state" else None)
                elif j - i == 1:
                    iso = self.kb.adjective(text) or self.kb.capital(text)
                if iso is not None:
                    m.country, m.country_ev = iso, (i, j)
                    if m.sector is None and sector is not None:
                        m.sector, m.sector_ev = sector, (i, j)
                    return

    def absorb_title(self, m: _Mention, name_first: int, head: int) -> None:
        """Words before an organisation's name that say what it is ("the opposition newspaper La Prensa")
        belong to its mention and give what the name does not."""
        left = self.left_edge(head, 0)
        if left >= name_first:
            return
        hit = self.sector_at(name_first - 1, left)
        if hit is not None and hit[0].kind != "person":
            m.first = min(m.first, left)
            if m.sector is None and hit[0].sector is not None:
                m.sector, m.sector_ev = hit[0].sector, (name_first - hit[1], name_first)
        if m.country is None:
            self.read_modifiers(m, left, name_first, sector=False)

    def sector_mention(self, i: int, force: bool = False) -> _Mention | None:
        """A noun phrase headed by a sector word ("Polish border guards", "the Russian leader")."""
        t = self.toks[i]
        if t.dep == "compound" and t.head > i:
            # a sector word modifying another noun is the actor only when that noun is not one
            # ("army bulldozers" -> the army; "border guards" -> the guards, "migrant crisis" -> none)
            if self.ent_of[t.head] != -1 or self.sector_at(t.head, self.left_edge(t.head, 0)) is not None:
                return None
            hit = self.sector_at(i, self.left_edge(i, 0))
            if hit is None or (hit[0].kind == "person" and not force):
                return None
            first = min(self.left_edge(i, 0), self.left_edge(t.head, 0))
        elif t.dep == "amod" and not force:
            return None
        else:
            first = self.left_edge(i, 0)
        hit = self.sector_at(i, first)
        if hit is None:
            return None
        sw, n, plural = hit
        plural = plural or self.is_plural(i)
        kind: ActorKind = "group" if sw.kind == "person" and plural else sw.kind
        m = _Mention(first, i + 1, i, kind, (i - n + 1, i + 1), "SECTOR", plural=plural)
        m.sector = sw.sector
        m.sector_ev = (i - n + 1, i + 1) if sw.sector is not None else None
        self.note_role(m, sw, i - n + 1, i + 1)
        m.title_only = sw.kind == "person" and not plural
        self.read_modifiers(m, first, i - n + 1)
        if sw.sector is None and m.sector is not None and m.sector_ev is None:
            m.sector_ev = m.country_ev
        # "president of Armenia", "the Council of Europe's commissioner for human rights"
        for c in self.p.children[i]:
            if c > i and self.toks[c].dep == "prep" and self.toks[c].lower == "of":
                objs = [g for g in self.p.children[c] if self.toks[g].dep == "pobj"]
                if objs:
                    lo, hi = self.p.subtree(objs[0])
                    before = m.country
                    self.read_modifiers(m, lo, hi)
                    if m.country != before or m.sector is not None:
                        m.last = hi
        det = self.toks[first].lower if first < i else ""
        has_poss = any(self.toks[c].dep == "poss" for c in self.p.children[i])
        # "the Russian leader" refers back; "the first European leader" does not
        bare = all(
            self.toks[k].tag == "POS"
            or self.toks[k].pos == "DET"
            or (m.country_ev is not None and m.country_ev[0] <= k < m.country_ev[1])
            for k in range(first, m.name[0])
        )
        m.definite = (det in DEFINITE or has_poss) and bare
        # name: demonym/country words and proper adjectives + sector words ("Polish border guards",
        # "Western leaders"), else the sector words alone
        lo = m.name[0]
        if m.country_ev is not None and m.country_ev[1] <= m.name[0] and m.country_ev[0] >= first:
            lo = m.country_ev[0]
        after_poss = first
        for c in self.p.children[i]:
            if c < i and self.toks[c].dep == "poss":
                after_poss = max(after_poss, self.p.subtree(c)[1])
        if lo < after_poss <= m.name[0]:
            lo = after_poss
        for k in range(after_poss, m.name[0]):
            if self.toks[k].ent_type == "NORP" or self.toks[k].pos == "PROPN":
                lo = min(lo, k)
                break
        m.name = (lo, m.name[1])
        return m

    def kb_chunk_mention(self, first: int, last: int, root: int) -> _Mention | None:
        lo = first + 1 if self.toks[first].lower == "the" else first
        if lo >= last:
            return None
        entry = self.entity_entry(lo, last)
        if entry is None or entry.kind == "state":
            return None
        return self.resolved_entry(lo, last, root, entry, "KB")

    def takes_sentence_country(self, m: _Mention) -> bool:
        """Whether a mention without a country stands for someone of the sentence's one country.

        A titled official ("Prime Minister X") or a common-noun group of a sector ("government
        officials", "the police", "workers"): PLOVER coders give them the state the sentence is about
        (manual, actor coding: "the government" is that of the country in context). Not refugees or
        migrants (``FOREIGN_SECTORS``: they are in the country, not of it), nor a phrase with
        a proper modifier of its own that names no country ("Western leaders", "West Africans"): the
        modifier says who they are, and it is not the sentence's state; except an ethnic group's name
        (CAMEO ECS: "Hutu rebels"), whose group takes the sentence's state among those it lives in.
        Nor holders from several states ("both presidents": :meth:`spans_several_states`).
        """
        if m.country is not None or m.entry is not None:
            return False
        if self.toks[m.head].lower in PLACE_NOUNS:
            # "the besieged city of X, where the Russian defence ministry ...": a place is of the state
            # it lies in, which the places stage knows, not of whoever the sentence names.
            return False
        if m.label == "PERSON":
            return bool(m.roles)
        if m.label != "SECTOR" or m.sector is None or m.sector in FOREIGN_SECTORS:
            return False
        if self.spans_several_states(m):
            return False
        # An ethnic group's name is no country of its own: CAMEO codes the group with the state it
        # lives in ("the Hutu rebel group" in a sentence about Burundi is of Burundi; ECS lists the
        # states each group lives in, and only those can be its state).
        return all(self.kb.ethnic_countries(self.toks[k].text) for k in self.proper_modifiers(m))

    def proper_modifiers(self, m: _Mention) -> list[int]:
        """Tokens before the head that name someone or somewhere ("Jewish", "Western", "Kenyan")."""
        return [
            k
            for k in range(m.first, m.head)
            if self.toks[k].ent_type in ("NORP", "GPE", "ORG")
            or (self.toks[k].pos in ("ADJ", "PROPN") and self.toks[k].text[:1].isupper())
        ]

    def spans_several_states(self, m: _Mention) -> bool:
        """A plural of a title each state holds once ("both presidents", "the leaders"), or titled
        officials counted as two or more ("the two foreign ministers", "both ministers"): the holders
        belong to several states, so no one state of the sentence is theirs (issue 13: "both
        presidents" took the country of another group in the sentence). Counted groups without a
        title ("both police officers") can be of one state and keep the sentence's country."""
        if not m.plural:
            return False
        if m.head_title:
            return True
        before = {k for k in range(m.first, m.head)} | {
            t.i for t in self.toks[max(0, m.head - 4) : m.head] if t.head == m.head
        }
        counted = any(
            self.toks[k].lower in SEVERAL_WORDS or (self.toks[k].dep == "nummod" and self.toks[k].lower != "one")
            for k in before
        )
        return counted and bool(m.roles)

    def country_from_sentence(self, mentions: list[_Mention]) -> None:
        """A titled official or a sector group without a country ("Prime Minister X", "government
        officials") takes the one country the sentence names ("... Fijian rebels ... Prime Minister
        X"), when there is exactly one (:meth:`takes_sentence_country`)."""
        wanted = {self.toks[m.head].sent for m in mentions if self.takes_sentence_country(m)}
        if not wanted:
            return
        by_sent: dict[int, set[tuple[str, int, int]]] = {}
        for m in mentions:
            # An outlet's or its reporter's country ("told Reuters", "a Reuters journalist counted") is
            # where the outlet sits, not what the sentence is about.
            sector = m.sector or (m.entry.sector if m.entry is not None else None) or ""
            outlet = sector[:3] == "JRN"
            if m.country is not None and m.country_ev is not None and self.toks[m.head].sent in wanted and not outlet:
                by_sent.setdefault(self.toks[m.head].sent, set()).add((m.country, *m.country_ev))
        for sent in wanted:  # country words outside mentions ("the Kenya Anti-Corruption Commission")
            span = self.p.sents[sent]
            for k in range(span.first, span.last):
                t = self.toks[k]
                if t.pos in ("PROPN", "ADJ") and t.text[:1].isupper():
                    iso = self.kb.adjective(t.text) or self.kb.country_of_name(t.text) or self.kb.capital(t.text)
                    if iso is not None:
                        by_sent.setdefault(sent, set()).add((iso, k, k + 1))
        for m in mentions:
            if not self.takes_sentence_country(m):
                continue
            found = by_sent.get(self.toks[m.head].sent, set())
            ethnic = {c for k in self.proper_modifiers(m) for c in self.kb.ethnic_countries(self.toks[k].text)}
            if ethnic:
                found = {f for f in found if f[0] in ethnic}
            if len({c for c, _, _ in found}) != 1:
                continue
            # nearest country word; a tie goes to the later word (after a dateline, the sentence's own
            # words), and the key is total so the choice never depends on set order (hash seeds differ
            # between worker processes: Spark and --workers must give the local record)
            country, lo, hi = min(found, key=lambda f: (abs(f[1] - m.head), -f[1], f[0], f[2]))
            if country not in PSEUDO:
                m.country, m.country_ev = country, (lo, hi)

    # -- linking ----------------------------------------------------------------------------------
    def link_appositions(self, mentions: list[_Mention]) -> None:
        """A named person and a title in apposition are one actor; the name takes the title's facts."""
        by_head = {m.head: m for m in mentions}
        by_sent: dict[int, list[_Mention]] = {}
        for m in mentions:
            by_sent.setdefault(self.toks[m.head].sent, []).append(m)
        for m in mentions:
            if m.label != "PERSON":
                continue
            t = self.toks[m.head]
            others = [t.head] if t.dep == "appos" else []
            others += [c for c in self.p.children[m.head] if self.toks[c].dep == "appos"]
            nf = m.name[0]
            if nf >= 2 and self.toks[nf - 1].text == "," and m.first == nf:
                # "the commissioner for human rights, X, said": apposition the parser missed
                sent = self.toks[m.head].sent
                for cand in by_sent.get(sent, []):
                    if cand.head < nf - 1 and cand.label == "SECTOR" and self.p.subtree(cand.head)[1] in (nf, nf - 1):
                        others.append(cand.head)
            for h in others:
                # the parser may hang the name on the title's last noun ("commissioner for human rights, X")
                steps = 0
                while h not in by_head and self.toks[h].dep in ("pobj", "prep", "compound", "amod") and steps < 4:
                    h = self.toks[h].head
                    steps += 1
                title = by_head.get(h)
                if title is None or title.label != "SECTOR" or title.kind != "person":
                    continue
                title.key = f"->{m.head}"
                if title.country is not None and (m.country_ev is None):
                    m.country, m.country_ev = title.country, title.country_ev
                if title.sector is not None and m.sector_ev is None:
                    m.sector, m.sector_ev = title.sector, title.sector_ev
                m.roles |= title.roles
                m.roles.add(" ".join(self.title_words(title.first, title.head + 1)))  # "the spokesman" refers back
                m.head_title = m.head_title or title.head_title

    def assign_keys(self, mentions: list[_Mention], keys: dict[str, _Mention]) -> None:
        """Merge keys: KB entry, full name (surnames join it), state, organisation name, group words."""
        surnames: dict[str, set[str]] = {}
        for m in mentions:
            if m.label == "PERSON" and m.entry is None and m.name[1] - m.name[0] >= 2:
                full = normalise(self.text(*m.name))
                surnames.setdefault(normalise(self.toks[m.name[1] - 1].text), set()).add(full)
        by_head = {m.head: m for m in mentions}
        persons: list[_Mention] = []
        for m in mentions:
            if m.key.startswith("->"):
                continue
            self.assign_key(m, surnames, persons)
            if m.kind == "person":
                persons.append(m)
        for m in mentions:
            if m.key.startswith("->"):
                target = by_head[int(m.key[2:])]
                m.key = target.key
        for m in mentions:
            keys.setdefault(m.key, m)

    def assign_key(self, m: _Mention, surnames: dict[str, set[str]], persons: list[_Mention] | None = None) -> None:
        """Give ``m`` its merge key (persons in text order, for titles referring back)."""
        if (m.entry is not None and m.entry.kind != "person") or (m.entry is not None and m.label == "PERSON"):
            assert m.entry is not None
            m.key = m.entry.key
            return
        if m.label == "PERSON":
            name = normalise(self.text(*m.name))
            if m.name[1] - m.name[0] == 1:
                fulls = surnames.get(name, set())
                if len(fulls) == 1:
                    name = next(iter(fulls))
            m.key = f"name:{name}"
            return
        if m.label == "SECTOR" and m.kind == "person":
            if persons is not None and self.definite_title(m):
                ref = self.refer_title(m, persons)
                if isinstance(ref, str):
                    m.key = f"anon:{m.head}"  # two persons hold the title: unresolved, never a guess
                    return
                if ref is not None:
                    m.key = ref.key
                    if m.country is None:
                        m.country = ref.country
                    return
            words = " ".join(self.lemma(i) for i in range(m.name[0], m.name[1]))
            m.key = f"title:{m.country}:{words}" if m.definite else f"anon:{m.head}"
            return
        if m.kind == "state" and m.country is not None:
            m.key = f"country:{m.country}"
            return
        words = " ".join(self.lemma(i) for i in range(m.name[0], m.name[1]))
        prefix = "org" if m.kind == "organisation" else "group"
        if m.label != "SECTOR":
            name = self.text(*m.name)
            words = normalise(self.acronyms.get(name) or name)  # "RSF" joins "Rapid Support Forces"
        m.key = f"{prefix}:{m.country}:{words}"

    def refer_title(self, m: _Mention, persons: list[_Mention]) -> _Mention | str | None:
        """The one person named earlier that this definite title refers to ("the minister" -> Interior
        Minister Jane Doe); :data:`.titles.AMBIGUOUS` when two hold it; None when nobody does (:mod:`.titles`)."""
        book = TitleBook()
        by_key: dict[str, _Mention] = {}
        for p in persons:
            if p.label != "PERSON":
                continue
            titles = [role_words(r) for r in p.roles] + [self.title_words(p.first, p.name[0])]
            book.add(p.key, p.country, titles, p.head_title)
            by_key.setdefault(p.key, p)
        ref = book.refer(self.title_words(m.first, m.head + 1), m.country)
        return by_key[ref] if ref is not None and ref != AMBIGUOUS else ref

    def title_words(self, first: int, end: int) -> tuple[str, ...]:
        """Lemmas of the title words in ``[first, end)``: no determiners, possessors, numbers or country words."""
        out: list[str] = []
        skip_to = first
        for i in range(first, end):
            t = self.toks[i]
            if i < skip_to:
                continue
            if t.dep == "poss" and i < t.head < end:
                skip_to = self.p.subtree(i)[1]  # "the country's president" (not "the president's office")
                continue
            if t.pos not in ("NOUN", "PROPN", "ADJ") or t.tag == "POS" or t.ent_type in ("GPE", "NORP", "CARDINAL"):
                continue
            if self.kb.adjective(t.text) or self.kb.country_of_name(t.text):
                continue
            out.append(self.lemma(i))
        return tuple(out)

    def definite_title(self, m: _Mention) -> bool:
        """ "the minister", "the interior minister", "the police chief": a title that refers back.

        Ordinals and superlatives start a new referent ("the first minister to ...", "the oldest
        minister"), as does anything but nouns and adjectives between the article and the title.
        """
        if m.definite:
            return True
        if self.toks[m.first].lower not in DEFINITE or m.first >= m.head:
            return False
        return all(
            (t.pos in ("NOUN", "PROPN", "ADJ") and t.tag not in ("JJS", "RBS") and t.ent_type != "ORDINAL")
            for t in self.toks[m.first + 1 : m.head + 1]
        )

    # -- pronouns ---------------------------------------------------------------------------------
    def resolve_pronouns(self, mentions: list[_Mention]) -> list[_Mention]:
        by_sent: dict[int, list[_Mention]] = {}
        for m in mentions:
            by_sent.setdefault(self.toks[m.head].sent, []).append(m)
        out: list[_Mention] = []
        for i, t in enumerate(self.toks):
            if t.pos != "PRON":
                continue
            low = t.lower
            if low in PERSON_PRONOUNS:
                want = "person"
            elif low in IT_PRONOUNS:
                if t.dep == "expl" or (self.toks[t.head].lemma == "be" and t.dep == "nsubj"):
                    continue
                want = "it"
            elif low in THEY_PRONOUNS:
                want = "they"
            else:
                continue
            ref = self.antecedent(i, want, PERSON_PRONOUNS.get(low), by_sent)
            if ref is not None:
                pm = dataclasses.replace(ref, first=i, last=i + 1, head=i, name=(i, i + 1), label="PRON", roles=set())
                out.append(pm)
                by_sent.setdefault(t.sent, []).append(pm)  # "his move ... won him": him follows his
        return out

    def compatible(self, m: _Mention, want: str, gender: str | None) -> bool:
        if want == "person":
            return m.kind == "person" and not m.plural and (gender is None or m.gender in (None, gender))
        if want == "it":
            region = m.entry is not None and m.entry.key.startswith("region:")
            return (m.kind in ("organisation", "state") or region) and not m.plural
        return m.kind == "group" or m.plural or (m.kind == "organisation" and m.label == "SECTOR")

    def antecedent(self, i: int, want: str, gender: str | None, by_sent: dict[int, list[_Mention]]) -> _Mention | None:
        sent = self.toks[i].sent
        here = [m for m in by_sent.get(sent, []) if m.head < i and self.compatible(m, want, gender)]
        # 1. the subject of a clause that encloses the pronoun ("Peskov said he ...")
        ancestors: set[int] = set()
        j = self.toks[i].head
        seen = 0
        while seen < 50:
            ancestors.add(j)
            if self.toks[j].head == j:
                break
            j = self.toks[j].head
            seen += 1
        if self.toks[i].dep in ("dobj", "pobj", "dative", "iobj") and want == "person":
            # "Merkel has spoken to Lukashenko ..., to speak to him": an object pronoun is not the
            # subject of its clause; the nearest named non-subject before it comes first
            objects = [
                m
                for m in here
                if self.toks[m.head].dep not in SUBJECT_DEPS
                and m.label in ("PERSON", "PRON")
                and not self.indefinite(m)
            ]
            if objects:
                return objects[-1]
        # a non-reflexive object is not the subject of its own clause ("Minsk denied it")
        own = self.clause_verb(i) if self.toks[i].dep in ("dobj", "pobj", "dative", "iobj") else -1
        here = [m for m in here if not (self.toks[m.head].dep in SUBJECT_DEPS and self.toks[m.head].head == own)]
        for m in reversed(here):
            if self.toks[m.head].dep in SUBJECT_DEPS and self.toks[m.head].head in ancestors:
                return m
        # 2. possessive pronouns and objects: the nearest compatible mention before them in the sentence
        if (want != "it" or self.toks[i].dep == "poss") and here:
            subj = [m for m in here if self.toks[m.head].dep in SUBJECT_DEPS]
            return subj[-1] if subj else (here[-1] if want == "person" or self.toks[i].dep == "poss" else None)
        # 3. the subject of the previous sentence(s); for he/she then the last named person
        back = 2 if want == "person" else 1
        named: _Mention | None = None
        for s in range(sent - 1, max(-1, sent - 1 - back), -1):
            prev = [m for m in by_sent.get(s, []) if self.compatible(m, want, gender)]
            subj = [m for m in prev if self.toks[m.head].dep in SUBJECT_DEPS and not self.indefinite(m)]
            if subj:
                return subj[0]
            if named is None:
                names = [m for m in prev if m.label in ("PERSON", "PRON") and not self.indefinite(m)]
                named = names[-1] if names else None
            if prev and want == "they":
                return None
        return named if want == "person" else None

    def clause_verb(self, i: int) -> int:
        """The nearest verb above token ``i`` (the verb of its clause), or -1."""
        j = self.toks[i].head
        for _ in range(6):
            if self.toks[j].pos in ("VERB", "AUX"):
                return j
            if self.toks[j].head == j:
                break
            j = self.toks[j].head
        return -1

    def indefinite(self, m: _Mention) -> bool:
        """ "an independent journalist", "a Russian official": new referents, not antecedents."""
        if m.label != "SECTOR":
            return False
        return self.toks[m.first].lower in ("a", "an", "another", "some", "one") or (m.title_only and not m.definite)


# -- building the records -------------------------------------------------------------------------


def _span(p: Parsed, rng: tuple[int, int] | None) -> Span | None:
    if rng is None:
        return None
    text, start, end = p.span_text(*rng)
    return Span(text, start, end)


def _build(an: Analysis, state: _DocState, mentions: list[_Mention]) -> None:
    """Group mentions by key into Actor records (ordered by first mention) and fill actor_of_token."""
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
    for key in sorted(groups, key=lambda k: min(m.first for m in groups[k])):
        ms = groups[key]
        if all(m.label == "PRON" for m in ms):
            continue
        _register_many(an, state, key, ms)


def _register(an: Analysis, state: _DocState, m: _Mention) -> str:
    return _register_many(an, state, m.key, [m])


def _register_many(an: Analysis, state: _DocState, key: str, ms: list[_Mention]) -> str:
    p = an.parsed
    real = [m for m in ms if m.label != "PRON"]
    existing = state.key_to_id.get(key)
    if existing is not None:
        idx = next(k for k, a in enumerate(an.actors) if a.id == existing)
        old = an.actors[idx]
        new = _make_actor(p, existing, real, ms, old)
        an.actors[idx] = new
        actor_id = existing
    else:
        actor_id = an.next_id("a")
        an.actors.append(_make_actor(p, actor_id, real, ms, None))
        state.key_to_id[key] = actor_id
    index = an.actor_index
    # longer spans first, so a possessor inside a longer mention keeps its own actor
    for m in sorted(ms, key=lambda m: m.first - m.last):
        for i in range(m.first, m.last):
            if i not in index or i == m.head or m.last - m.first == 1:
                index.assign(i, actor_id)
    return actor_id


def _make_actor(p: Parsed, actor_id: str, real: list[_Mention], ms: list[_Mention], old: Actor | None) -> Actor:
    names: list[str] = []
    for m in real:
        if m.title_only:
            continue
        names.append(p.span_text(*m.name)[0])
    entry = next((m.entry for m in real if m.entry is not None), None)
    kind: ActorKind = real[0].kind if real else (old.kind if old else "group")
    if entry is not None and entry.kind == "state":
        kind = "state"
    elif any(m.kind == "person" and not m.plural for m in real):
        kind = "person"
    if entry is not None and entry.kind == "state":
        # a state seen only through its capital ("Minsk") is named by the knowledge base
        names = [p.span_text(*m.name)[0] for m in real if m.label != "CAPITAL"] or [entry.name]
    if not names:
        names = [p.span_text(*m.name)[0] for m in real]
    name = max(names, key=len) if names else (old.name if old else "")
    country = next((m.country for m in real if m.country is not None and m.country_ev is not None), None)
    country_ev = next((m.country_ev for m in real if m.country is not None and m.country_ev is not None), None)
    if country is None:
        country = next((m.country for m in real if m.country is not None), None)
    sector = next((m.sector for m in real if m.sector is not None and m.sector_ev is not None), None)
    sector_ev = next((m.sector_ev for m in real if m.sector is not None and m.sector_ev is not None), None)
    if sector is None:
        sector = next((m.sector for m in real if m.sector is not None), None)
    spans = [Span(*p.span_text(m.first, m.last)) for m in ms]
    aliases = sorted({s.text for m, s in zip(ms, spans, strict=True) if m.label != "PRON"} - {name})
    if old is not None:
        spans = old.mentions + spans
        aliases = sorted(set(old.aliases) | set(aliases) - {old.name})
        name = old.name if len(old.name) >= len(name) else name
        country = old.country or country
        sector = old.sector or sector
        country_ev_span = old.country_evidence or _span(p, country_ev)
        sector_ev_span = old.sector_evidence or _span(p, sector_ev)
        return dataclasses.replace(
            old,
            name=name,
            country=country,
            sector=sector,
            aliases=aliases,
            mentions=sorted(spans, key=lambda s: (s.start, s.end)),
            country_evidence=country_ev_span,
            sector_evidence=sector_ev_span,
        )
    return Actor(
        id=actor_id,
        name=name,
        country=country,
        sector=sector,
        kind=kind,
        aliases=aliases,
        mentions=sorted(spans, key=lambda s: (s.start, s.end)),
        country_evidence=_span(p, country_ev),
        sector_evidence=_span(p, sector_ev),
        kb_id=entry.key if entry is not None else None,
    )


__all__ = ["SPEC", "actor_at", "ensure_actor", "make_stage"]
