"""Stage ``events.rules.v1``: PLOVER events from the dependency parse.

For every clause the stage reads the predicate and its arguments (subject -> source, object or
prepositional object -> target; passive: ``by`` agent -> source, passive subject -> target;
coordinated subjects and objects -> ``sources``/``targets``; subjects of open complements come from
their controller), types the predicate with the lexicon in ``knowledge/events/`` (verbs, light-verb
+ noun pairs, event nouns) and then decides what the text commits to:

* ``asserted``; ``negated`` ("did not", "won't"); ``planned`` ("will", "plans to", "is set to");
  ``hypothetical`` ("would", "could", "if");
* complements of REQUEST / THREATEN / REJECT / AGREE events are not asserted events of their own:
  "called on Germany to accept" is one REQUEST plus an ``accept`` event with status ``requested``;
  "warned it would block" a THREATEN plus a ``threatened`` block; "refused to deploy" a REJECT plus
  a ``negated`` deploy; "accused X of pushing" an ACCUSE plus a ``claimed`` push (claimed_by the
  accuser);
* "X said it will/would <hostile act>" is a THREATEN by X, "X said it will <cooperative act>" an
  AGREE (PLOVER codes the expressed intent, not the future act);
* events inside a quote's content are ``claimed`` (``denied`` for a denial) by the quote's speaker,
  as are events in the complement of a reporting verb; modal statuses are kept, ``claimed_by`` set.

Coordinated subjects give ONE event with all of them in ``sources`` (``source`` is the first), so
counts are per reported act, not per participant. Reporting verbs alone are not events, and an event
needs at least one actor (source or target): descriptive sentences give none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from ...analysis import Analysis
from ...knowledge import Knowledge
from ...nlp import Parsed
from ...records import Event, EventStatus, Span
from ...stages import StageFn, StageSpec
from ..common.dates import parse_published
from .args import OBJ, PASSIVE_SUBJ, SUBJ
from .candidate import Candidate
from .lexicon import Entry, Lexicon, WordClasses
from .restated import drop_restated
from .status import attributing_preposition, be_to_plan, declared_intent, hedged, performative, trailing_reporter
from .timing import TimeAndContextReader

STAGE = "events.rules.v1"

# Deps through which an event's complement hangs below its governing predicate.
COMPLEMENT_DEPS = frozenset(
    {"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "advcl", "dobj", "conj", "relcl", "appos"}
)
# Types whose trigger is itself a statement: such an event "claimed" by its own source is simply asserted.
SPEECH_ACTS = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE"})
DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})
# Physical acts: reported even when the doer is unnamed ("gunmen", "a mob").
PHYSICAL = frozenset({"ASSAULT", "COERCE", "PROTEST"})
# Intent to do these is a THREATEN (MOBILIZE is left out: announcing a deployment is not a threat).
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST"})
COOPERATIVE = frozenset({"AID", "RETREAT", "CONCEDE", "COOPERATE", "CONSULT", "SUPPORT", "AGREE"})
THREAT_MODE = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "PROTEST": "restrict"}
THREAT_MODE_OF_ACT = {("COERCE", "arrest"): "arrest", ("COERCE", "deport"): "expel", ("SANCTION", "expel"): "expel"}
"""The PLOVER manual's THREATEN modes by the act threatened: arrest ("Arrest, detain, imprison"),
expel ("Expel diplomats, peacekeepers, NGOs"); otherwise by its type (``THREAT_MODE``)."""


def threat_mode(etype: str, mode: str | None) -> str | None:
    """The THREATEN mode of a threat to do an act of this type and mode (PLOVER manual, THREATEN modes)."""
    return THREAT_MODE_OF_ACT.get((etype, mode or "")) or THREAT_MODE.get(etype)


MUTUAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
HELD_BY_CUSTODIAN = frozenset({"ASSAULT", "COERCE"})
"""Types of what can be done to someone held: with no doer named, the holder did it (``custodian``)."""
"""Types where coordinated subjects act with each other ("X and Y met"), not together on a third."""
# Status of a complement event, by the type of the event that governs it.
GOVERNED_STATUS: dict[str, EventStatus] = {
    "REQUEST": "requested",
    "THREATEN": "threatened",
    "REJECT": "negated",
    "AGREE": "planned",
    "ACCUSE": "claimed",
}


class EventCoder:
    """Codes the events of one document; built once per pipeline (the lexicon is compiled here)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.words = WordClasses.of(lexicon)

    # -- entry point ---------------------------------------------------------------------
    def run(self, an: Analysis) -> None:
        p = an.parsed
        if not p.tokens:
            return
        doc = _Doc(an, p, self)
        published = parse_published(an.published)
        events: list[Event] = []
        seen: set[tuple[str, str | None, str | None, str | None, str]] = set()
        for si in range(len(p.sents)):
            for c in drop_restated([c for c in doc.sentence(si) if doc.countable(c)]):
                ev = doc.to_event(c, si, published)
                # The same act told twice in one report (same actors and day, or same dyad) is one event.
                keys: list[tuple[str, str | None, str | None, str | None, str]] = []
                told: str = "fact" if ev.status in ("asserted", "claimed") else ev.status
                if ev.source is not None and ev.date is not None:
                    keys.append((ev.type, ev.source, ev.target, ev.date, told))
                if ev.source is not None and ev.target is not None:
                    keys.append((ev.type, ev.source, ev.target, None, told))
                if ev.source is None and ev.target is None and c.nominal:
                    # "the clashes" told again by another side is the same clashes.
                    keys.append((ev.type, None, None, doc.lemma(c.head), "actorless"))
                if any(k in seen for k in keys):
                    continue
                seen.update(keys)
                events.append(replace(ev, id=an.next_id("e")))
        an.events.extend(events)


class _Doc(TimeAndContextReader):
    """Per-document work: candidates per sentence, their status, and the records."""

    def countable(self, c: Candidate) -> bool:
        """Whether a candidate is an event an analyst counts."""
        if not c.sources and not c.targets and not c.named_subject:
            # No actor-to-actor interaction: a description, not an event an analyst counts.
            return False
        # Talking to journalists is a press briefing, not a consultation between parties.
        return not (c.type == "CONSULT" and c.targets and all(self.is_media(a) for a in c.targets))

    def __init__(self, an: Analysis, p: Parsed, coder: EventCoder) -> None:
        super().__init__(an, p, coder.lex, coder.words)
        self.quotes = [
            (q.content_span.start, q.content_span.end, q.speaker, q.denial)
            for q in an.quotes
            if q.content_span is not None
        ]

    # -- lexicon matching ----------------------------------------------------------------
    def match(self, entries: list[Entry], v: int, obj: int | None, sources: list[str]) -> Entry | None:
        # A compiled CAMEO row with a reversed dyad is used only when no forward row holds.
        for want_reversed in (False, True):
            for e in entries:
                if e.reversed != want_reversed:
                    continue
                if all(self._holds(key, vals, v, obj, sources) for key, vals in e.conditions):
                    return e
        return None

    def _noun_is(self, n: int, vals: frozenset[str]) -> bool:
        """Head ``n`` matches one of ``vals``; a value of several words names the head last and its
        modifiers before it ("tear gas": head "gas" with a compound/amod "tear")."""
        head = (self.lemma(n), self.t[n].lower)
        mods: set[str] | None = None
        for val in vals:
            words = val.split()
            if words[-1] not in head:
                continue
            if len(words) == 1:
                return True
            if mods is None:
                mods = {w for k in self.children(n, "compound", "amod") for w in (self.lemma(k), self.t[k].lower)}
            if all(w in mods for w in words[:-1]):
                return True
        return False

    def _pobj_holds(self, vals: frozenset[str], v: int, obj: int | None) -> bool:
        """A prepositional phrase ``p:noun`` on the verb or on its object."""
        for h in (v, obj):
            if h is None:
                continue
            for pr in self.children(h, "prep"):
                prep = self.lemma(pr)
                nouns = {val.partition(":")[2] for val in vals if val.partition(":")[0] == prep}
                if nouns and any(self._noun_is(o, frozenset(nouns)) for o in self.children(pr, "pobj")):
                    return True
        return False

    def _holds(self, key: str, vals: frozenset[str], v: int, obj: int | None, sources: list[str]) -> bool:
        if key == "prt":
            # The parser tags some particles as adverbs ("sending migrants back").
            return any(self.lemma(k) in vals for k in self.children(v, "prt", "advmod"))
        if key == "obj":
            if obj is None:
                return False
            if "*any" in vals:
                return True
            if "*actor" in vals:
                return self.actor(obj, create=False) is not None and self.t[obj].pos in ("PROPN", "PRON", "NOUN")
            return self.lemma(obj) in vals or self.t[obj].lower in vals or self._noun_is(obj, vals)
        if key == "prep":
            return any(self.lemma(k) in vals for k in self.children(v, "prep"))
        if key == "subj":
            agent = self.child(v, "agent")
            doers = self.children(v, *SUBJ) or (self.children(agent, "pobj") if agent is not None else [])
            return any(self._noun_is(k, vals) for k in doers)
        if key == "pobj":
            return self._pobj_holds(vals, v, obj)
        if key == "xcomp":
            x = self.child(v, "xcomp")
            return x is not None and ("*" in vals or self.lemma(x) in vals)
        if key == "xtype":
            x = self.child(v, "xcomp")
            # Look through aspect verbs: "prepared to resume shelling".
            while x is not None and self.lemma(x) in self.c.aspect:
                x = self.child(x, "xcomp")
            if x is None:
                return False
            entries = self.lex.verbs.get(self.lemma(x), [])
            # Hand-made rows only: a compiled bare verb's type is a prior, too broad to type a complement.
            return any(e.type in vals for e in entries if not e.compiled)
        if key == "comp":
            return self._future_complement(v)
        if key == "src":
            kinds = {self._source_kind(a) for a in sources} if sources else {"unknown"}
            return kinds <= vals
        if key == "amod":
            return any(self.lemma(k) in vals for k in self.children(v, "amod", "compound"))
        return False

    def _source_kind(self, actor_id: str) -> str:
        """``nonstate``, ``state`` or ``unknown`` (no sector) for the ``src`` condition."""
        sector = self.actor_sector(actor_id)
        if sector is None or sector[:3].upper() == "UNK":
            return "unknown"
        return "nonstate" if sector[:3].upper() in self.c.nonstate else "state"

    def _future_complement(self, v: int) -> bool:
        for k in self.children(v, "ccomp", "xcomp", "advcl"):
            for a in self.kids[k]:
                if self.t[a].dep in ("aux", "mark") and self.lemma(a) in (
                    "will",
                    "would",
                    "'ll",
                    "wo",
                    "shall",
                    "unless",
                ):
                    return True
        return False

    # -- candidates per sentence -----------------------------------------------------------
    def sentence(self, si: int) -> list[Candidate]:
        s = self.p.sents[si]
        cands: dict[int, Candidate] = {}
        consumed: set[int] = set()
        for i in range(s.first, s.last):
            tok = self.t[i]
            if tok.pos in ("VERB", "ADJ") or (tok.pos == "AUX" and tok.dep == "ROOT" and self.lemma(i) != "be"):
                c = self.verb_candidate(i, consumed)
                if c is not None:
                    cands[i] = c
        for i in range(s.first, s.last):
            if self.t[i].pos == "NOUN" and i not in consumed and i not in cands:
                c = self.noun_candidate(i)
                if c is not None:
                    cands[i] = c
        self.obligation_requests(s.first, s.last, cands)
        out = self.govern(cands)
        return [c for c in out if c.keep]

    def verb_lemma(self, v: int) -> str:
        """The lemma, repaired where the lemmatizer cut a regular form wrongly ("staged" -> "stag")."""
        lemma = self.lemma(v)
        if lemma in self.lex.verbs or lemma in self.c.light or lemma in self.c.reporting:
            return lemma
        word = self.t[v].lower
        for cut in (1, 2):
            if word.endswith(("ed", "es")) and word[:-cut] in self.lex.verbs:
                return word[:-cut]
        return lemma

    def verb_candidate(self, v: int, consumed: set[int]) -> Candidate | None:
        lemma = self.verb_lemma(v)
        tok = self.t[v]
        obj = self.child(v, *OBJ)
        if obj is None and tok.pos == "VERB" and self.lemma(v) not in self.c.stative:
            obj = self.child(v, *PASSIVE_SUBJ)
        if obj is not None and (self.t[obj].pos == "NUM" or self.t[obj].ent_type == "MONEY"):
            # "accept 2,000 of the migrants", "provided $10 million in aid": the counted noun is the object.
            for pr in self.children(obj, "prep"):
                if self.lemma(pr) in ("of", "in") and (po := self.child(pr, "pobj")) is not None:
                    obj = po
                    break
        entries = self.lex.verbs.get(lemma)
        if entries is None and lemma not in self.c.light:
            return None
        if tok.pos == "ADJ" and (entries is None or tok.dep not in ("acomp", "ROOT")):
            return None
        sources = self.sources_of(v)
        entry = self.match(entries, v, obj, sources) if entries else None
        first, last = v, v + 1
        if entry is not None and obj is not None and any(k == "obj" for k, _ in entry.conditions):
            consumed.add(obj)
            # The object is part of the wording of the event ("imposed new sanctions", "opened fire").
            if v < obj <= v + 4 and (self.lemma(obj) in self.lex.nouns or self.lemma(obj) in ("fire", "cannon", "gas")):
                last = max(last, obj + 1)
        if entry is None and obj is not None and lemma in self.c.light and self.lemma(obj) == "part":
            obj = None  # "took part in peaceful marches": the event is the "in" object, "part" is wording
        if entry is None and obj is None and lemma in self.c.light:
            # "engaged in ethnic cleansing", "took part in clashes": the event is the "in" object.
            for pr in self.children(v, "prep"):
                if (
                    self.lemma(pr) == "in"
                    and (po := self.child(pr, "pobj")) is not None
                    and self.lemma(po) in self.lex.nouns
                ):
                    obj = po
                    break
        if entry is None and obj is not None and lemma in self.c.light:
            nentries = self.lex.nouns.get(self.lemma(obj))
            if nentries:
                entry = self.match(nentries, obj, None, sources)
                if entry is not None:
                    consumed.add(obj)
                    if obj > v:
                        last = obj + 1
            elif lemma in self.lex.light_patterns:
                # A noun the noun lexicon does not know: the CAMEO pattern of the light verb with this
                # object decides ("took hostages" ASSAULT abduct, "issued a warning" THREATEN).
                entry = self.match(self.lex.light_patterns[lemma], v, obj, sources)
                if entry is not None:
                    consumed.add(obj)
                    if v < obj <= v + 4:
                        last = obj + 1
        if entry is None:
            return None
        for k in self.children(v, "prt"):
            last = max(last, k + 1)
        prep_first = any(k == "prep" for k, _ in entry.conditions)
        targets = self.targets_of(v, obj, sources, entry.type, prep_first)
        ps = self.child(v, *PASSIVE_SUBJ)
        if entry.type == "MOBILIZE" and not sources and ps is not None:
            # "the army was deployed", "additional forces were rushed in": the force mobilised is the
            # PLOVER actor (its state's coercive power), not the recipient.
            forces = [a for a in self.actors([ps]) if (self.actor_sector(a) or "")[:3] in ("MIL", "COP", "SPY", "PRM")]
            if forces:
                sources = forces
                targets = [a for a in targets if a not in forces]
        if not sources and entry.type in HELD_BY_CUSTODIAN:
            sources = [a for a in self.custodian(v) if a not in targets]
        if entry.reversed:
            # CAMEO [A:P]: the subject receives what the other party does; without that party, no event.
            if not targets or not sources:
                return None
            sources, targets = targets, sources
        if (
            entry.type == "CONSULT"
            and lemma in self.c.motion
            and not (sources and all(self._source_kind(a) == "state" for a in sources))
        ):
            # Going, flying or returning somewhere is a visit (PLOVER CONSULT: the visitor meets a
            # host) only for a state's representatives; people travelling are not consulting anyone.
            return None
        if entry.bare and not (sources and targets):
            # A bare CAMEO verb ("go", "give", "take") says little alone: like PETRARCH2, code it only
            # between two actors.
            return None
        if entry.type in PHYSICAL and any(self.lemma(k) in self.c.natural for k in self.subject(v)):
            # "floods killed ten people": nature is never the doer of a political act, whoever the victims.
            return None
        c = Candidate(head=v, first=first, last=last, entry=entry, type=entry.type, mode=entry.mode,
                      sources=sources, targets=targets, confidence=entry.confidence)  # fmt: skip
        if not sources:
            c.named_subject = any(self.names_someone(k) for k in self.subject(v))
            if c.type in PHYSICAL and not targets:
                # "suicide bombers killed ten people": violence by someone unnamed is still an event,
                # unless nature did it ("floods killed ...").
                agent = self.child(v, "agent")
                doers = self.subject(v) or (self.children(agent, "pobj") if agent is not None else [])
                # A passive without a doer ("were killed in the clashes") reports a casualty, not an act;
                # but "40 protesters were arrested" reports an arrest, whoever made it.
                c.named_subject = c.named_subject or (bool(doers) and all(self.is_agentive(k, c.type) for k in doers))
                victim = self.child(v, *PASSIVE_SUBJ)
                if not doers and c.mode == "arrest" and victim is not None:
                    c.named_subject = self.t[victim].pos in ("NOUN", "PROPN")
                worded = entry.lemma == self.lemma(victim) if victim is not None else False
                # The entry names the passive subject as the wording of the act ("curfew" for impose).
                worded = worded or any(k == "obj" and not vals & {"*any", "*actor"} for k, vals in entry.conditions)
                if (
                    not doers
                    and victim is not None
                    and (self._noun_is(victim, self.c.weapon) or (victim == obj and worded))
                ):
                    # "a grenade was hurled", "a curfew was imposed": the act is told, its doer is not
                    # named; the event keeps a null source (never guessed).
                    c.named_subject = True
        self.riot(c)
        self.modality(c)
        return c

    def riot(self, c: Candidate) -> None:
        """Violence by protesters, or two-sided violence with protesters on one side, is a PROTEST riot
        (PLOVER manual, PROTEST modes: "riot", violent action by protesters), the protesters its actor."""
        if c.type != "ASSAULT":
            return
        crowd = [a for a in (*c.sources, *c.targets) if self.is_protesters(a)]
        if not crowd or not (set(crowd) & set(c.sources) or self.lemma(c.head) in self.c.reciprocal):
            return
        others = [a for a in (*c.sources, *c.targets) if a not in crowd]
        c.type, c.mode = "PROTEST", "riot"
        c.sources, c.targets = crowd, others

    def is_protesters(self, actor_id: str) -> bool:
        for a in self.an.actors:
            if a.id == actor_id:
                words = a.name.lower().split()
                return any(w in self.c.protester or w.rstrip("s") in self.c.protester for w in words)
        return False

    def noun_candidate(self, n: int) -> Candidate | None:
        entries = self.lex.nouns.get(self.lemma(n))
        if not entries:
            return None
        entry = self.match(entries, n, None, [])
        if entry is None:
            return None
        sources: list[str] = []
        targets: list[str] = []
        for k in self.kids[n]:
            dep = self.t[k].dep
            if dep == "poss" or (dep in ("compound", "amod") and k < n):
                sources += [a for a in self.actors([k]) if a not in sources]
        for pr in self.children(n, "prep"):
            pl = self.lemma(pr)
            objs = self.children(pr, "pobj")
            if pl == "by" or pl == "between":
                sources += [a for a in self.actors(objs) if a not in sources]
            elif pl in ("with", "against", "on", "to", "of", "toward", "towards", "over"):
                targets += [a for a in self.actors(objs) if a not in targets and a not in sources]
        head = self.t[n].head
        if not sources and not targets and self.t[n].dep in ("nsubj", "nsubjpass") and self.t[head].pos == "VERB":
            # "clashes broke out between X and Y", "fighting erupted with X": a verb of happening
            # carries the parties of its subject noun.
            for pr in self.children(head, "prep"):
                pl = self.lemma(pr)
                objs = self.children(pr, "pobj")
                if pl == "between":
                    sources += [a for a in self.actors(objs) if a not in sources]
                elif pl in ("with", "against"):
                    targets += [a for a in self.actors(objs) if a not in targets and a not in sources]
        if not sources and self.t[n].dep == "pobj" and self.lemma(head) in ("in", "during", "at", "through", "via"):
            # "said ... in a call with X": the clause's subject took part; "with X" may hang on the verb.
            verb = self.t[head].head
            if not targets:
                withs = [
                    o
                    for pr in self.children(verb, "prep")
                    if self.lemma(pr) == "with"
                    for o in self.children(pr, "pobj")
                ]
                targets = self.actors(withs) or [a for o in withs if (a := self.apposed_actor(o)) is not None]
            if targets:
                sources = [a for a in self.sources_of(verb) if a not in targets]
        if not sources and entry.type in HELD_BY_CUSTODIAN:
            sources = [a for a in self.custodian(n) if a not in targets]
        casualty = entry.type == "ASSAULT" and self.in_casualty_report(n)
        if not sources and not targets and not casualty:
            return None
        c = Candidate(head=n, first=n, last=n + 1, entry=entry, type=entry.type, mode=entry.mode, sources=sources,
                      targets=targets, confidence=entry.confidence * 0.85, nominal=True)  # fmt: skip
        c.named_subject = casualty
        self.riot(c)
        for k in self.children(n, "amod", "compound"):
            if k == n - 1 and self.lemma(k) in self.c.phone | {"forced", "hunger", "ethnic"}:
                c.first = k
        return c

    def custodian(self, head: int) -> list[str]:
        """Who holds someone in the event's sentence: "in Estonian police custody", "in the custody
        of X", "in rebel captivity" (the ``custody`` words). Violence or coercion with no other doer
        named is read as the holder's act: a detainee tortured or beaten in police custody is coded
        with the police as actor (the holder controls what happens to the held)."""
        s = self.p.sents[self.t[head].sent]
        found: list[str] = []
        for k in range(s.first, s.last):
            if k == head or self.lemma(k) not in self.c.custody:
                continue
            mods = self.children(k, "compound", "amod", "poss")
            mods += [o for pr in self.children(k, "prep") if self.lemma(pr) == "of" for o in self.children(pr, "pobj")]
            found += [a for a in self.actors(mods) if a not in found]
        return found

    def is_agentive(self, h: int, etype: str) -> bool:
        """An unnamed doer the text still identifies as a party.

        Violence and coercion need a closed list (``unnamed_doer`` in words.tsv: gunmen, militants):
        "a man" or "the floods" doing harm is a crime or accident report, not a political event.
        Protest by any crowd of people is political ("thousands of people blocked streets").
        """
        if self.t[h].pos not in ("NOUN", "PROPN", "NUM"):
            return False
        if etype == "ASSAULT" and self._noun_is(h, self.c.weapon):
            # "two bombs exploded": someone set them off.
            return True
        if etype == "PROTEST":
            return self.lemma(h) not in self.c.natural
        return self.lemma(h) in self.c.unnamed_doer

    def in_casualty_report(self, n: int) -> bool:
        """ "were injured in grenade attacks", "killed in clashes": the attack noun reports an event."""
        head = self.t[n].head
        if self.t[n].dep != "pobj" or self.lemma(head) not in ("in", "during", "by"):
            return False
        verb = self.t[head].head
        # "killed in the clashes" points back at clashes already told (or known): not a new event.
        definite = any(self.t[k].dep in ("det", "poss") and self.lemma(k) in DEFINITE for k in self.kids[n])
        return self.lemma(verb) in self.c.casualty and not definite

    def obligation_requests(self, first: int, last: int, cands: dict[int, Candidate]) -> None:
        """ "X said/declared that Y must do Z" is a REQUEST by X of Y."""
        for r in range(first, last):
            if self.t[r].pos != "VERB" or self.lemma(r) not in self.c.reporting or r in cands:
                continue
            for comp in self.children(r, "ccomp"):
                if not any(self.t[a].dep == "aux" and self.lemma(a) in self.c.obligation for a in self.kids[comp]):
                    continue
                if self.child(comp, "neg") is not None:
                    continue
                sources = self.sources_of(r)
                subj = self.child(comp, *SUBJ)
                targets = [a for a in self.actors([subj]) if a not in sources] if subj is not None else []
                if not sources:
                    continue
                entry = Entry(self.lemma(r), "REQUEST", None, (), 0.6)
                cands[r] = Candidate(head=r, first=r, last=r + 1, entry=entry, type="REQUEST", mode=None,
                                     sources=sources, targets=targets, confidence=0.6)  # fmt: skip

    # -- status --------------------------------------------------------------------------
    def modality(self, c: Candidate) -> None:
        v = c.head
        j = v
        # Conjoined verbs without their own auxiliaries share the first verb's ("will meet and discuss").
        while self.t[j].dep == "conj" and not any(self.t[k].dep in ("aux", "neg") for k in self.kids[j]):
            j = self.t[j].head
        auxes = [self.lemma(k) for k in self.kids[j] if self.t[k].dep in ("aux", "auxpass")]
        if self.child(j, "neg") is not None:
            c.status = "negated"
        elif any(a in self.c.future for a in auxes) or "going" in auxes:
            c.status, c.tense = "planned", "future"
        elif any(a in self.c.hypothetical for a in auxes):
            c.status = "hypothetical"
            c.tense = "future"
        elif any(self.lemma(m) in ("if", "unless") for m in self.children(j, "mark")):
            c.status = "hypothetical"
        h = self.t[j].head
        if self.t[j].dep in ("xcomp", "acl") and h != j:
            hl = self.lemma(h)
            if hl in self.c.planned:
                if c.status == "asserted":
                    c.status, c.tense = "planned", "future"
                if self.child(h, "neg") is not None:
                    c.status = "negated"
            elif hl == "go" and self.t[h].lower == "going" and any(self.t[a].dep == "aux" for a in self.kids[j]):
                # "is (not) going to detain them": a plan, or its denial, not the act.
                if self.child(h, "neg") is not None:
                    c.status = "negated"
                elif c.status == "asserted":
                    c.status, c.tense = "planned", "future"
            elif hl in self.c.attempt:
                c.confidence *= 0.8
            elif hl in self.c.aspect and self.child(h, "neg") is not None:
                c.status = "negated"
            # "is set to", "was due to", "is ready to": the adjective/participle governs.
            planned_word = hl in ("set", "due", "ready", "poised", "scheduled", "expected")
            if self.t[h].pos in ("ADJ", "VERB") and planned_word and c.status == "asserted":
                c.status, c.tense = "planned", "future"
        if c.status == "asserted" and be_to_plan(self, j):
            c.status, c.tense = "planned", "future"
        if c.type in HOSTILE and c.status == "planned" and declared_intent(self, v):
            # "the army is ready to attack the guards", '"We will hunt you down"': a threat (PLOVER).
            c.mode = THREAT_MODE.get(c.type)
            c.type, c.status, c.intent = "THREATEN", "asserted", True
        if self.t[v].pos == "ADJ" or self.t[v].pos == "AUX":
            c.confidence *= 0.9

    def govern(self, cands: dict[int, Candidate]) -> list[Candidate]:
        """Statuses that come from governing predicates, quotes and reporting verbs."""
        ordered = [cands[k] for k in sorted(cands)]
        for c in ordered:
            j = c.head
            steps = 0
            while steps < 8 and self.t[j].dep in COMPLEMENT_DEPS and self.t[j].head != j:
                dep = self.t[j].dep
                j = self.t[j].head
                steps += 1
                g = cands.get(j)
                if g is not None and g is not c:
                    if dep == "conj":
                        # "accuses X ..., charges that ...": the same act restated, adding nobody.
                        if g.type == c.type and not c.targets and self.child(c.head, *SUBJ) is None:
                            c.keep = False
                        break
                    if g.type == c.type and not c.nominal:
                        # "used water cannons to repel": one act, told twice.
                        c.keep = False
                    elif g.type == "PROTEST" and c.type == "REQUEST" and set(c.sources) <= set(g.sources):
                        # "marched to call for reforms", "rallied, demanding ...": the demand is what
                        # the protest is about (PLOVER codes the protest), not a second act.
                        c.keep = False
                    elif g.type == c.type and c.sources and set(c.sources) <= set(g.sources):
                        # "were injured in an attack by rebels": the casualty verb already tells the attack.
                        c.keep = False
                    elif g.type in GOVERNED_STATUS and c.status != "negated":
                        c.status = GOVERNED_STATUS[g.type]
                        if c.status == "claimed":
                            c.claimed_by = g.sources[0] if g.sources else None
                    if g.type == "THREATEN" and not g.targets:
                        g.targets = self.unless_subject(c.head, g.sources)
                    if g.type == "THREATEN" and g.mode is None and c.status == "threatened":
                        # "threatened to expel the ambassador": the threatened act gives the mode.
                        g.mode = threat_mode(c.type, c.mode)
                    if not g.targets and c.targets and dep in ("xcomp", "ccomp", "prep", "acl"):
                        # "offered to negotiate with X", "threatened to cut off power to X": the
                        # complement's target is the target of the offer or threat.
                        g.targets = [a for a in c.targets if a not in g.sources]
                    break
                if self.t[j].pos == "VERB" and self.lemma(j) in self.c.reporting and dep in ("ccomp", "xcomp"):
                    self.reported(c, j)
                    break
            else:
                if (r := trailing_reporter(self, c.head)) is not None:
                    self.reported(c, r)
                    if c.status == "asserted" and not c.intent and not self.sources_of(r):
                        # "..., a source close to him said": attributed, even if to no one we can name
                        c.status = "claimed"
            self.according_to(c)
            if c.status == "asserted" and not c.intent and hedged(self, c.head):
                c.status = "claimed"
            if c.type == "THREATEN" and not c.targets:
                c.targets = self.unless_subject(c.head, c.sources)
            if c.type == "CONSULT" and c.mode is None and self.mentions_phone(c.head):
                c.mode = "phone"
        return ordered

    def according_to(self, c: Candidate) -> None:
        """ "According to X, Y agreed ...": Y's agreement as X tells it, claimed by X, not asserted."""
        j = c.head
        while self.t[j].dep == "conj" and self.t[j].head != j:
            j = self.t[j].head
        for pr in self.children(j, "prep"):
            objs = attributing_preposition(self, pr)
            if not objs:
                continue
            speakers = [a for a in self.actors(objs) if a not in c.sources]
            if speakers and c.claimed_by is None:
                c.claimed_by = speakers[0]
                if c.status == "asserted" and not c.intent:
                    c.status = "claimed"
            return

    def unless_subject(self, v: int, exclude: list[str]) -> list[str]:
        """The party a threat is aimed at: subject of its "unless/if" clause."""
        lo, hi = self.p.subtree(v)
        for k in range(lo, hi):
            if self.t[k].dep == "mark" and self.lemma(k) in ("unless", "if"):
                subj = self.child(self.t[k].head, *SUBJ)
                if subj is not None:
                    return [a for a in self.actors([subj]) if a not in exclude]
        return []

    def reported(self, c: Candidate, r: int) -> None:
        """``c`` stands in the complement of reporting verb ``r``: an intent, or a claim."""
        speakers = self.sources_of(r)
        speaker = speakers[0] if speakers else None
        if c.status == "hypothetical" and not c.nominal and self._reported_future(c.head):
            # "said it would deploy": reported "would" is a future, not a condition.
            c.status = "planned"
        if c.status in ("planned", "hypothetical") and not c.nominal and c.tense == "future":
            same = not c.sources or speaker is None or speaker in c.sources
            if same and c.type in HOSTILE:
                c.mode = threat_mode(c.type, c.mode)
                c.type, c.status, c.intent = "THREATEN", "asserted", True
            elif same and c.type in COOPERATIVE:
                c.type, c.mode, c.status, c.intent = "AGREE", None, "asserted", True
            if c.intent and not c.sources and speaker is not None:
                c.sources = [speaker]
        if c.nominal and c.type == "CONSULT" and speaker is not None and speaker not in c.targets:
            # "X said ... in a call with Y": the speaker took part, and the call itself is told as fact.
            if not c.sources:
                c.sources = [speaker]
            if speaker in c.sources:
                c.intent = True
                return
        if speaker is not None:
            c.claimed_by = speaker
            if c.status == "asserted" and not c.intent:
                c.status = "claimed"

    def _reported_future(self, v: int) -> bool:
        j = v
        while self.t[j].dep == "conj" and self.t[j].head != j:
            j = self.t[j].head
        auxes = {self.lemma(k) for k in self.kids[j] if self.t[k].dep == "aux"}
        marks = {self.lemma(k) for k in self.kids[j] if self.t[k].dep == "mark"}
        return "would" in auxes and not marks & {"if", "unless"}

    def mentions_phone(self, v: int) -> bool:
        lo, hi = self.p.subtree(v)
        return any(self.lemma(k) in self.c.phone and self.t[k].pos == "NOUN" for k in range(lo, hi))

    # -- record --------------------------------------------------------------------------
    def quote_of(self, char: int) -> tuple[str | None, bool] | None:
        for start, end, speaker, denial in self.quotes:
            if start <= char < end:
                return speaker, denial
        return None

    def to_event(self, c: Candidate, si: int, published: date | None) -> Event:
        s = self.p.sents[si]
        ttext, tstart, tend = self.p.span_text(c.first, c.last)
        status = c.status
        claimed_by = c.claimed_by
        q = self.quote_of(tstart)
        if q is not None and performative(self, c.head, c.type in SPEECH_ACTS) and status in ("asserted", "claimed"):
            # '"ECOWAS condemns ... and calls on ...", the statement said': the quote does the act.
            q, status, claimed_by = None, "asserted", None
        if q is not None and not c.intent:
            speaker, denial = q
            if speaker is not None:
                claimed_by = speaker
            if status in ("asserted", "claimed"):
                status = "denied" if denial else "claimed"
        if claimed_by is not None and c.type in SPEECH_ACTS and claimed_by in c.sources and status == "claimed":
            # "Europe accuses him" quoted as Europe's words is Europe's accusation, told as fact.
            claimed_by, status = None, "asserted"
        if claimed_by is not None and self.is_media(claimed_by):
            # "..., Interfax reported": the outlet relays the event, it does not claim it.
            claimed_by = None
            if status == "claimed":
                status = "asserted"
        date_value, date_span, date_basis = self.date_of(c, si, published)
        sources, targets = list(c.sources), list(c.targets)
        if not targets and len(sources) > 1 and c.type in MUTUAL_TYPES:
            # "Putin and Lukashenko discussed the crisis": a meeting or deal between the coordinated
            # subjects is coded first -> others, as PLOVER codes a dyad.
            sources, targets = sources[:1], sources[1:]
        conf = c.confidence * (1.0 if sources else 0.75) * (1.0 if targets else 0.9)
        return Event(
            id="",  # numbered once duplicates are dropped
            type=c.type,
            mode=c.mode,
            contexts=sorted({*self.contexts(si), *c.entry.contexts}),
            source=sources[0] if sources else None,
            target=targets[0] if targets else None,
            status=status,
            claimed_by=claimed_by,
            date=date_value,
            date_text=date_span.text if date_span else None,
            place=None,
            quantities=[],
            trigger=Span(text=ttext, start=tstart, end=tend),
            evidence=Span(text=self.p.text[s.start : s.end], start=s.start, end=s.end),
            confidence=round(min(1.0, max(0.05, conf)), 3),
            date_span=date_span,
            date_basis=date_basis,
            sources=sources,
            targets=targets,
        )


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    """Factory: compile the lexicon once, return the per-document function."""
    coder = EventCoder(knowledge.events)

    def run(an: Analysis) -> None:
        coder.run(an)

    return run


SPEC = StageSpec(
    STAGE,
    make_stage,
    requires=("actors", "actor_index", "quotes"),
    produces=("events",),
    # Arguments the actors stage did not list become actors (actor_index.ensure).
    updates=("actors", "actor_index"),
    knowledge=("events",),
    doc="PLOVER events from the dependency parse, with status, date and contexts",
)


__all__ = ["SPEC", "STAGE", "EventCoder", "make_stage"]
