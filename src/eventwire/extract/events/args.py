"""Reading the arguments of a predicate from the dependency parse, for the events stage.

Who did it (subject; ``by`` agent of a passive; controller of an open complement; the subject of the
verb a pronoun's clause is reported by or coordinated with) and to whom (object, passive subject,
prepositional objects, the partner inside an object noun: "sanctions on X", "a line of contact with
X"). Actor ids come from the actors stage through the declared slot ``an.actor_index`` (``at``;
``ensure`` for a phrase it did not list), with fallbacks for phrases whose actor sits in a modifier ("Poland's border authority"), an
apposition, a counted ``of``-phrase ("thousands of Kurds") or a conduct noun ("the actions of X").
"""

from __future__ import annotations

from collections.abc import Iterable

from ...analysis import Analysis
from ...nlp import Parsed
from .lexicon import Lexicon, WordClasses
from .passives import passive_agent, purpose_objects, shared_passive_subject

SUBJ = ("nsubj", "csubj")
PASSIVE_SUBJ = ("nsubjpass", "csubjpass")
OBJ = ("dobj", "obj")
TARGET_PREPS = ("with", "against", "on", "upon", "to", "toward", "towards", "at", "into", "from", "over", "for")
TARGET_PREPS_NOT_FROM = tuple(p for p in TARGET_PREPS if p != "from")
# Prepositions inside an object noun that name the other party ("sanctions on X", "talks with X").
OBJECT_PARTNER_PREPS = ("on", "against", "with", "to", "between", "toward", "towards")
# Responses to someone's proposal name the proposer with "from" ("rejected the offer from X").
FROM_PARTNER = frozenset({"REJECT", "AGREE", "REQUEST"})
# Object-control verbs: the object (or "on X") is the subject of the complement ("urged X to").
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "call", "order", "force", "press", "invite", "tell", "request", "allow", "encourage", "persuade",
     "compel", "pressure", "push", "demand", "appeal", "implore"}
)  # fmt: skip
# Locative prepositions whose place names the recipient of an act done there (PLOVER codes "opened an
# embassy in Tehran" with IRN as recipient, "deployed troops in Iraq" with IRQ).
LOCATIVE_PREPS = ("in", "at", "into", "inside", "within", "across", "throughout")
# Acts that are told where they happen but are not done to that place: a meeting or a statement
# "in Geneva" has Geneva as its venue. For these only a place on the object counts ("an embassy in X").
VENUE_TYPES = frozenset({"CONSULT", "AGREE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT"})
# "seized weapons from X", "confiscated land from X": the one deprived is the recipient.
FROM_DEPRIVED = frozenset({"COERCE", "SANCTION"})
# Hostile acts whose direct object is often the means ("launched rockets at X", "fired shells on X"):
# the party named after these prepositions comes first.
HOSTILE_AIM_PREPS = ("against", "on", "upon", "at")
HOSTILE_AIMED = frozenset({"ASSAULT", "COERCE", "SANCTION"})
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "him", "her", "them", "us", "his", "its", "their", "our", "my"}
)


class ArgumentReader:
    """Parse navigation and actor lookup for one document."""

    def __init__(self, an: Analysis, p: Parsed, lex: Lexicon, words: WordClasses) -> None:
        self.an = an
        self.p = p
        self.t = p.tokens
        self.kids = p.children
        self.c = words
        self.lex = lex
        self.index = an.actor_index
        self._actor_cache: dict[int, str | None] = {}
        dl = an.cleaned.dateline
        self._dateline = (dl.start, dl.end) if dl is not None else (-1, -1)

    def children(self, i: int, *deps: str) -> list[int]:
        return [k for k in self.kids[i] if self.t[k].dep in deps]

    def child(self, i: int, *deps: str) -> int | None:
        for k in self.kids[i]:
            if self.t[k].dep in deps:
                return k
        return None

    def lemma(self, i: int) -> str:
        return self.t[i].lemma.lower()

    def conjuncts(self, i: int) -> list[int]:
        """``i`` and the tokens coordinated with it ("Putin and Lukashenko")."""
        out = [i]
        stack = [i]
        while stack:
            j = stack.pop()
            for k in self.kids[j]:
                if self.t[k].dep == "conj" and self.t[k].pos in ("PROPN", "NOUN", "PRON"):
                    out.append(k)
                    stack.append(k)
        return out

    def np_range(self, h: int) -> tuple[int, int]:
        """The noun phrase headed by ``h``: left modifiers and the head (not its ``of``-phrase, which
        names someone else in "the actions of the guards")."""
        first = h
        for k in self.kids[h]:
            if k < h and self.t[k].dep not in ("punct", "cc", "conj", "appos", "relcl", "acl", "prep"):
                first = min(first, self.p.subtree(k)[0])
        last = h + 1
        for k in self.kids[h]:
            if k > h and self.t[k].dep in ("compound", "flat"):
                last = max(last, self.p.subtree(k)[1])
            elif k > h:
                break
        return first, last

    def actor(self, h: int, create: bool = True) -> str | None:
        """Actor id for the noun phrase headed by token ``h`` (cached per token).

        With ``create`` False only actors the actors stage already found count: probing a phrase
        must not add an actor to the record that no event ends up using.
        """
        if h in self._actor_cache:
            return self._actor_cache[h]
        if not create:
            return self.index.at(h)
        a = self.index.at(h)
        if a is not None and self.lemma(h) in self.c.collective and (self.actor_sector(a) or "UNK") == "UNK":
            # "a group of Moroccan diplomats": the counted phrase says who they are, the group word does not.
            for pr in self.children(h, "prep"):
                if self.lemma(pr) == "of" and pr > h:
                    inner = [self.index.at(o) for o in self.children(pr, "pobj")]
                    a = next((x for x in inner if x is not None), a)
                    break
        if a is None and self.t[h].pos == "NOUN":
            # "a key Lukashenko objective": a common noun owned by a named actor stands for that actor
            # (rather than becoming an actor of its own).
            for k in self.kids[h]:
                tk = self.t[k]
                if (
                    k < h
                    and tk.dep in ("compound", "poss")
                    and tk.pos == "PROPN"
                    and tk.ent_type in ("PERSON", "ORG", "GPE")
                ):
                    a = self.index.at(k)
                    if a is not None:
                        break
        if a is None and self.t[h].pos in ("PROPN", "NOUN", "PRON", "NUM"):
            first, last = self.np_range(h)
            try:
                a = self.index.ensure(self.an, first, last)
            except Exception:  # the actors stage's resolver must not take the events stage down
                a = None
        if a is None and self.lemma(h) in self.c.conduct | self.c.holding:
            # "condemned the actions of the guards", "Poland's policy", "a demand from X", "a bill
            # signed by X", "set fire to the offices of X": whose conduct or holding it is.
            for k in self.kids[h]:
                if self.t[k].dep == "poss" and self.lemma(k) not in PRONOUNS:
                    a = self.index.at(k)
                elif self.t[k].dep == "prep" and self.lemma(k) in ("of", "by", "from"):
                    o = self.child(k, "pobj")
                    a = self.actor(o) if o is not None else None
                elif self.t[k].dep == "acl" and self.lemma(h) in self.c.conduct:
                    by = self.child(k, "agent")
                    o = self.child(by, "pobj") if by is not None else None
                    a = self.actor(o) if o is not None else None
                if a is not None:
                    break
        if a is None and self.lemma(h) in self.c.holding and self.t[h].pos == "NOUN":
            # "Kampuchean guerrilla camps", "rebel positions": the words before the holding name its owner.
            first, _last = self.np_range(h)
            while first < h and self.t[first].pos == "DET":
                first += 1
            if first < h:
                try:
                    a = self.index.ensure(self.an, first, h)
                except Exception:  # as above: a resolver failure must not take the stage down
                    a = None
        if a is None:
            # "Kenzo Oshima, the UN relief coordinator, ...": the apposition may carry the actor.
            for k in self.children(h, "appos"):
                a = self.index.at(k)
                if a is not None:
                    break
        if a is None:
            # "thousands of Iraqi Kurds", "a group of diplomats": the counted phrase names the actor.
            collective = self.t[h].pos == "NUM" or self.lemma(h) in self.c.collective
            for pr in self.kids[h] if collective else []:
                if self.t[pr].dep == "prep" and self.lemma(pr) == "of" and pr > h:
                    for o in self.children(pr, "pobj"):
                        if o != h:
                            a = self.index.at(o)
                    break
        if a is None:
            # "Poland's border authority", "Polish police": the modifier names the actor.
            for k in self.kids[h]:
                # Not a pronoun possessor: "his closest supporter" is not "him".
                if self.t[k].dep in ("poss", "compound", "amod", "nmod") and k < h and self.lemma(k) not in PRONOUNS:
                    a = self.index.at(k)
                    if a is not None:
                        break
        self._actor_cache[h] = a
        return a

    def apposed_actor(self, h: int) -> str | None:
        """Actor named right after the phrase of ``h`` behind a comma ("his ally, President X"),
        for appositions the parser attached elsewhere."""
        last = self.p.subtree(h)[1]
        if last < len(self.t) and self.t[last].text == "," and last + 1 < len(self.t):
            k = last + 1
            while k < len(self.t) and self.t[k].dep == "compound":
                k += 1
            if k < len(self.t) and self.t[k].sent == self.t[h].sent:
                return self.index.at(k)
        return None

    def actors(self, heads: Iterable[int], create: bool = True) -> list[str]:
        out: list[str] = []
        for h in heads:
            for k in self.conjuncts(h):
                a = self.actor(k, create)
                if a is not None and a not in out:
                    out.append(a)
                    out += [m for m in self.compound_members(k) if m not in out]
        return out

    def compound_members(self, h: int) -> list[str]:
        """Further members of a compound actor whose modifiers are coordinated ("Belarusian and Polish
        forces"): the actors stage lists each coordinated country word as a member of its own."""
        out: list[str] = []
        for mod in self.kids[h]:
            if mod > h or self.t[mod].dep not in ("amod", "compound", "nmod"):
                continue
            stack = [mod]
            while stack:
                j = stack.pop()
                for c in self.kids[j]:
                    if self.t[c].dep == "conj" and c < h:
                        stack.append(c)
                        a = self.index.at(c)
                        if a is not None and a != self.index.at(h) and a not in out:
                            out.append(a)
        return out

    def is_media(self, actor_id: str) -> bool:
        # PLOVER's media sector is JRN; MED is health (doctors, hospitals), not the press.
        sector = self.actor_sector(actor_id)
        return sector is not None and sector[:3].upper() == "JRN"

    def actor_country(self, actor_id: str) -> str | None:
        for a in self.an.actors:
            if a.id == actor_id:
                return a.country
        return None

    def actor_sector(self, actor_id: str) -> str | None:
        for a in self.an.actors:
            if a.id == actor_id:
                return a.sector
        return None

    # -- subjects ------------------------------------------------------------------------
    def subject(self, v: int, depth: int = 0) -> list[int]:
        """Subject token(s) of predicate ``v``, inherited from controllers and conjoined verbs."""
        # The parser often makes a dateline ("BRUZGI, Belarus —") a second subject of the first
        # verb; the dateline names where the report was filed, never who acted.
        lo, hi = self._dateline
        subs = [k for k in self.children(v, *SUBJ) if not lo <= self.t[k].start < hi]
        if subs:
            return [subs[-1]]
        tv = self.t[v]
        if depth > 6 or tv.head == v:
            return []
        h = tv.head
        if tv.dep == "xcomp" or (tv.dep == "advcl" and self._is_infinitive(v)):
            if self.lemma(h) in OBJECT_CONTROL:
                o = self.child(h, *OBJ)
                if o is None:
                    for pr in self.children(h, "prep"):
                        if self.lemma(pr) in ("on", "upon"):
                            o = self.child(pr, "pobj")
                if o is not None:
                    return [o]
            return self.subject(h, depth + 1)
        if tv.dep in ("conj", "advcl", "acomp"):
            # A passive head's "subject" is its target; the agent is the conjoined verb's subject.
            ps = self.child(h, *PASSIVE_SUBJ)
            if ps is not None and tv.dep == "conj":
                return []
            return self.subject(h, depth + 1)
        if tv.dep == "pcomp":
            # "condemned Poland for blocking": the object of the governing verb did the blocking.
            verb = self.t[h].head
            if self.lemma(h) in ("for", "of") and self.t[verb].pos == "VERB":
                o = self.child(verb, *OBJ)
                if o is not None:
                    return [o]
            return self.subject(verb, depth + 1) if verb != h else []
        if tv.dep == "acl":
            # "announced plans to repatriate": the planner is the subject of the governing verb.
            noun = h
            if self.lemma(noun) in self.c.planned and self.t[noun].head != noun:
                return self.subject(self.t[noun].head, depth + 1)
            # "measures taken by Minsk to give aid": the agent of the noun's participle does it.
            for k in self.children(noun, "acl"):
                agent = self.child(k, "agent")
                if k != v and agent is not None:
                    return self.children(agent, "pobj")
        return []

    def names_someone(self, h: int) -> bool:
        """The phrase of ``h`` contains a person, organisation, place or group name."""
        lo, hi = self.p.subtree(h)
        return any(self.t[k].ent_type in ("PERSON", "ORG", "GPE", "NORP") for k in range(lo, hi))

    def _is_infinitive(self, v: int) -> bool:
        return any(self.t[k].dep == "aux" and self.lemma(k) == "to" for k in self.kids[v])

    def resolve_pronoun_subject(self, s: int) -> str | None:
        """A pronoun subject refers to the speaker of its clause ("Lukashenko said he ...", "X warned
        that it would ...") or to the subject of the verb it is coordinated with ("X announced ...,
        but they called ...")."""
        if self.lemma(s) not in PRONOUNS:
            return None
        v = self.t[s].head
        h = self.t[v].head
        if h == v:
            return None
        governs = self.lemma(h) in self.c.reporting or self.lemma(h) in self.lex.verbs
        if self.t[v].dep == "ccomp" and governs:
            for k in self.subject(h):
                if self.lemma(k) not in PRONOUNS:
                    return self.actor(k)
        elif self.t[v].dep == "conj":
            for k in self.subject(h):
                if self.lemma(k) not in PRONOUNS and self._agrees(s, k):
                    return self.actor(k)
        return None

    def _agrees(self, pron: int, noun: int) -> bool:
        """Rough number/person agreement of a pronoun with a candidate antecedent."""
        p = self.t[pron].lower
        plural = self.t[noun].tag in ("NNS", "NNPS") or any(self.t[k].dep == "conj" for k in self.kids[noun])
        if p in ("they", "them"):
            return plural or self.t[noun].ent_type in ("ORG", "GPE", "NORP")
        if p in ("he", "she", "him", "her"):
            return self.t[noun].ent_type == "PERSON" or (self.t[noun].pos == "PROPN" and not plural)
        if p == "it":
            return not plural and self.t[noun].ent_type != "PERSON"
        return False

    def sources_of(self, v: int) -> list[str]:
        agent = self.child(v, "agent") or passive_agent(self, v)
        if agent is not None:
            pobj = self.child(agent, "pobj")
            return self.actors([pobj]) if pobj is not None else []
        ps = self.child(v, *PASSIVE_SUBJ)
        if ps is not None:
            # "X is committed to", "X is opposed to": a state of X, not something done to X.
            return self.actors([ps]) if self.lemma(v) in self.c.stative else self.implied_doer(v)
        subj = self.subject(v)
        out = self.actors(subj)
        if not out and subj:
            a = self.resolve_pronoun_subject(subj[0]) or self.quoted_first_person(subj[0])
            if a is not None:
                out = [a]
        return out

    def implied_doer(self, v: int) -> list[str]:
        """The doer a passive names inside the act it reports: "were killed in police firing",
        "were injured in an attack by rebels" (the modifier or ``by`` phrase of an ASSAULT/COERCE noun)."""
        for pr in self.children(v, "prep"):
            if self.lemma(pr) not in ("in", "during", "by", "under", "after", "following"):
                continue
            for o in self.children(pr, "pobj"):
                nxt = o + 1
                if nxt < len(self.t) and self.t[nxt].head == o and self._violent_noun(self.t[nxt].lower):
                    # The parser reads "in police firing" as "police" + a participle "firing".
                    found = self.actors([o])
                    if found:
                        return found
                if not self._violent_noun(self.lemma(o)):
                    continue
                mods = [k for k in self.kids[o] if k < o and self.t[k].dep in ("compound", "amod", "poss", "nmod")]
                mods += [
                    g for p2 in self.children(o, "prep") if self.lemma(p2) == "by" for g in self.children(p2, "pobj")
                ]
                found = self.actors(mods)
                if found:
                    return found
        return []

    def _violent_noun(self, word: str) -> bool:
        return any(e.type in ("ASSAULT", "COERCE") for e in self.lex.nouns.get(word, []))

    def quoted_first_person(self, s: int) -> str | None:
        """ "we"/"I" inside a quotation is its speaker: '"We won't accept them," Seehofer said'."""
        if self.lemma(s) not in ("we", "i", "us", "me"):
            return None
        char = self.t[s].start
        for q in self.an.quotes:
            cs = q.content_span
            if cs is not None and cs.start <= char < cs.end and q.speaker is not None:
                return q.speaker
        return None

    # -- targets -------------------------------------------------------------------------
    def prep_objects(self, i: int, preps: Iterable[str] = TARGET_PREPS) -> list[int]:
        allowed = set(preps)
        out: list[int] = []
        for pr in self.children(i, "prep", "dative"):
            if self.lemma(pr) in allowed:
                out.extend(self.children(pr, "pobj"))
            elif self.t[pr].dep == "dative" and self.t[pr].pos in ("PROPN", "NOUN", "PRON"):
                out.append(pr)
        return out

    def targets_of(
        self, v: int, obj: int | None, exclude: list[str], etype: str, prep_first: bool = False
    ) -> list[str]:
        heads: list[int] = []
        aimed: list[int] = []
        ps = self.child(v, *PASSIVE_SUBJ)
        if ps is None:
            ps = shared_passive_subject(self, v)
        if ps is not None and self.lemma(v) not in self.c.stative:
            heads.append(ps)
        # "sought help from X" names the addressee, "seized weapons from X" the one deprived; elsewhere
        # "from X" is an origin, not a target.
        with_from = etype == "REQUEST" or (etype in FROM_DEPRIVED and obj is not None)
        preps = self.prep_objects(v, TARGET_PREPS if with_from else TARGET_PREPS_NOT_FROM)
        # "spoke to X ..., the first leader to ...": the lexicon's preposition names the partner.
        if prep_first:
            heads += preps
        if etype in HOSTILE_AIMED and obj is not None and not self.t[obj].ent_type:
            # "launched rockets at X", "fired shells on X", "launched artillery and rocket fire
            # against X": the object is the means, X the recipient.
            aimed = self.prep_objects(v, HOSTILE_AIM_PREPS)
            aimed += [o for c in self.conjuncts(obj) for o in self.prep_objects(c, HOSTILE_AIM_PREPS)]
        # What is mobilised ("deployed troops") is the means, not the target.
        if obj is not None and etype != "MOBILIZE":
            heads.append(obj)
            if self.lemma(obj) in self.lex.nouns:
                # "announced the arrest of 12 protesters", "ordered the release of X": the event noun's
                # "of" phrase is who undergoes it.
                heads += [
                    o for pr in self.children(obj, "prep") if self.lemma(pr) == "of" for o in self.children(pr, "pobj")
                ]
        heads += preps
        if obj is not None:
            # "imposed sanctions on X", "opened a line of contact with X".
            inner = [obj]
            for pr in self.children(obj, "prep"):
                if self.lemma(pr) == "of":
                    inner += self.children(pr, "pobj")
            for o in inner:
                heads += self.prep_objects(
                    o, OBJECT_PARTNER_PREPS + (("from",) if etype in FROM_PARTNER | FROM_DEPRIVED else ())
                )
        if etype == "REQUEST":
            # "demanded that Europe resolve ...": the addressee is the complement's subject.
            heads += [sj for comp in self.children(v, "ccomp") for sj in self.children(comp, *SUBJ)]
            # "insisted on its demands that X grant ...": the same inside a demand noun.
            heads += [
                sj
                for n in self.prep_objects(v, ("on", "upon"))
                for comp in self.children(n, "acl", "ccomp", "relcl")
                if self.child(comp, "mark") is not None or self.t[comp].dep != "relcl"
                for sj in self.children(comp, *SUBJ)
            ]
        if etype == "REJECT" and obj is None:
            # "refused to meet X", "refused to respond to a demand from X": the refused act's partner.
            for xc in self.children(v, "xcomp"):
                heads += self.children(xc, *OBJ) + self.prep_objects(xc, TARGET_PREPS)
        # "staged a hunger strike in protest against X", "in response to X": the aim names the recipient.
        heads += [
            o
            for pr in self.children(v, "prep")
            if self.lemma(pr) == "in"
            for n in self.children(pr, "pobj")
            if self.lemma(n) in self.c.purpose
            for o in self.prep_objects(n, ("against", "over", "to", "for", "at", "on"))
        ]
        found: list[str] = []
        # Known actors first; only then may the actors stage make one of a phrase (the first that resolves).
        # The aim of a hostile act comes before its means, even when only the aim needs resolving.
        for group in (aimed, heads):
            for create in (False, True):
                for h in group:
                    found = [a for a in self.actors([h], create) if a not in exclude]
                    if found:
                        break
                if found:
                    break
            if found:
                break
        if not found and etype in HOSTILE_AIMED:
            # "fired tear gas to disperse demonstrators": the purpose's object is who it was aimed at.
            found = [a for a in self.actors(purpose_objects(self, v)) if a not in exclude]
        if found and self.actor_country(found[0]) is not None:
            return found
        places = self.place_targets(v, obj, etype, exclude + found)
        # A recipient without a country ("an embassy") comes after the place that gives one.
        return places + found if places else found

    def place_targets(self, v: int, obj: int | None, etype: str, exclude: list[str]) -> list[str]:
        """States named by a locative phrase of the act ("opened an embassy in Tehran" -> IRN).

        The PLOVER gold records code such places as the recipient. For venue types (meetings,
        statements) only a place on the object counts: "met in Geneva" names where, not with whom.
        """
        hosts = [obj] if obj is not None else []
        if etype not in VENUE_TYPES:
            hosts.append(v)
        out: list[str] = []
        for h in hosts:
            for pr in self.children(h, "prep"):
                for p in (pr, *self.children(pr, "conj")):
                    if self.t[p].dep == "conj" and self.t[p].pos != "ADP":
                        continue
                    if self.lemma(p) not in LOCATIVE_PREPS:
                        continue
                    for o in self.children(p, "pobj"):
                        a = self.place_actor(o)
                        if a is not None and a not in exclude and a not in out:
                            out.append(a)
        return out

    def place_actor(self, o: int) -> str | None:
        """The state a place phrase names: a country, a capital or a city with a country ("the capital
        city of Algiers", "the West Bank city of Hebron"); None for places without one ("the town")."""
        for k in (
            o,
            *[g for pr in self.children(o, "prep") if self.lemma(pr) == "of" for g in self.children(pr, "pobj")],
        ):
            if self.t[k].ent_type not in ("GPE", "LOC", "FAC"):
                continue
            a = self.actor(k)
            if a is not None and self.actor_country(a) is not None:
                return a
        return None

    def ancestors(self, i: int, limit: int = 12) -> list[int]:
        """``i`` and its heads up to the sentence root."""
        out = [i]
        while len(out) < limit and self.t[out[-1]].head != out[-1]:
            out.append(self.t[out[-1]].head)
        return out
