"""Stage `contradictions.rules.v1`: parts of one article that cannot both hold.

Three rules, all on records earlier stages made (cue words in ``knowledge/quotes/claim_words.tsv``):

1. **Claim and denial.** A denial that answers an earlier claim without restating it ("..., charges
   that officials deny"; "Poland disagreed, warning ...": listed by the quotes stage in
   ``an.quote_responses``) is tied to the nearest earlier claim by another speaker in
   the same or the previous paragraphs, at most one sentence between them (a claim is a statement: its cue a listed speech or belief
   verb or cue phrase). A denial with content of its own ("X denied that ...") is
   tied to a claim by another speaker that shares at least two content words with it, a verb among
   them (the same act, not only the same parties); one whose content
   is only a claim noun phrase ("Minsk denied these accusations") points back like a response. A
   denial whose "speaker" is no party ("these accusations", a page notice: ``not_a_party`` and
   ``claim_noun`` words as the speaker's head; the subject of a passive cue: "X had been dismissed"
   is X fired, not X denying) contradicts nothing.
2. **Opposite directions.** A statement opened by a contrast marker ("But X said the standoff
   continues") whose content gives a situation the opposite direction (better / worse lemmas,
   flipped by negation: "no solutions") of an earlier claim by another speaker about the same
   thing (a shared noun) contradicts it.
3. **Figures.** Two quantities of the same category and unit, for the same event (or the same
   predicate), with different values, reported by different sources (the speaker of the quote
   whose content holds the figure, or the article's own voice for a figure outside any quote),
   disagree. A running total never disagrees with one event's count, nor with a total of another date;
   figures of two different dates (also two differently worded periods: "last week" and "in the
   previous week"), of events in two different places, or in a sentence that marks another incident
   ("in a separate attack": ``distinct`` words) are of two things, and so are a sum over several
   incidents ("22 died in the two attacks") and one incident's count; sums of money disagree only
   about one event. A place's count and an overall total ("5 killed in the capital", "22 killed
   nationwide": ``scope_all``/``scope_local`` in knowledge/quantities/context_words.tsv), or counts
   for two different places, are two things. A figure whose verb names a means ("17 injured by shrapnel") counts a part, not
   the same thing as one without ("52 injured in the shelling"). Values must differ beyond their
   qualifiers ("more than 30" and "32" agree) and beyond rounding (a round "400" and "430" agree);
   implied counts of one ("killing him") never take part.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...analysis import Analysis
from ...knowledge import Knowledge
from ...records import Contradiction, Event, Quantity, Quote
from ...stages import StageFn, StageSpec
from ..common.quote_lexicon import QuoteLexicon

# Content words that say nothing about what a claim is about.
_LIGHT = frozenset({"be", "have", "do", "say", "tell", "make", "take", "get", "go", "will", "would", "can"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# Dependencies that keep a token in the main predication of a content (for its direction).
_MAIN_DEPS = frozenset(
    {
        "ccomp",
        "conj",
        "xcomp",
        "aux",
        "auxpass",
        "neg",
        "nsubj",
        "nsubjpass",
        "dobj",
        "attr",
        "acomp",
        "det",
        "compound",
        "prt",
        "advmod",
        "mark",
        "cc",
    }
)
_BREAKS = re.compile(r"\n+")
# Figure categories compared only inside one event: sums of money with one predicate ("receive",
# "spend") are most often different sums, not rival reports of one.
_SAME_EVENT_ONLY = frozenset({"money"})
# Paragraph breaks allowed between an anaphoric denial and the claim it answers.
_MAX_PARAGRAPHS_BACK = 2
# Sentences allowed between them: with more, the denial more likely answers the narration between
# ("... a move that has raised constitutional concerns. Mr. Clyburn disagrees.") than a quote
# several sentences back (texts without paragraph breaks are one long paragraph).
_MAX_SENTENCES_BETWEEN = 1
# Round figures of 100 and more (400, 33,000) stand for their neighbourhood: "beyond rounding" only.
_ROUND_MIN = 100
# Words left out when comparing two figures' date expressions ("on Sunday" = "Sunday").
_DATE_FILLER = frozenset({"on", "in", "the", "of", "during", "at", "by", ",", "this"})


@dataclass(frozen=True)
class FigureWords:
    """Word lists of the quantities lexicon the figure rule reads (``knowledge/quantities/context_words.tsv``)."""

    incidents: frozenset[str] = frozenset()
    """Incident nouns (``event_noun``: attack, raid, clash): "in the two attacks" sums several incidents."""
    people: frozenset[str] = frozenset()
    """Nouns for people and forces (``person``, ``force_noun``): agents, not means ("killed by police")."""
    scope_all: frozenset[str] = frozenset()
    """Words of an overall total ("nationwide")."""
    scope_local: frozenset[str] = frozenset()
    """Nouns of one place ("the capital")."""

    @classmethod
    def of(cls, knowledge: Knowledge) -> FigureWords:
        q = knowledge.quantities
        return cls(
            incidents=frozenset(q.words("event_noun")),
            people=frozenset(q.words("person") | q.words("force_noun")),
            scope_all=frozenset(q.words("scope_all")),
            scope_local=frozenset(q.words("scope_local")),
        )


class _Checker:
    """Applies the contradiction rules to one analysed article."""

    def __init__(self, an: Analysis, lex: QuoteLexicon, figure_words: FigureWords | None = None):
        self.an = an
        fw = figure_words if figure_words is not None else FigureWords()
        self.incidents = fw.incidents
        self.people = fw.people
        self.scope_all = fw.scope_all
        self.scope_local = fw.scope_local
        self.doc = an.parsed
        self.lex = lex
        self.out: list[Contradiction] = []
        self.pairs: set[frozenset[str]] = set()
        self._words: dict[str, set[str]] = {}
        self._nouns: dict[str, set[str]] = {}
        self._verbs: dict[str, set[str]] = {}
        self._polarity: dict[str, str | None] = {}
        self._starts = [t.start for t in self.doc.tokens]

    def tokens_in(self, start: int, end: int) -> range:
        """Indices of the tokens that start inside ``[start, end)``."""
        return range(bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end))

    def add(self, a: str, b: str, kind: str, reason: str) -> None:
        key = frozenset((a, b))
        if a == b or key in self.pairs:
            return
        self.pairs.add(key)
        self.out.append(Contradiction(id=self.an.next_id("c"), a=a, b=b, kind=kind, reason=reason))  # type: ignore[arg-type]

    # -- helpers ----------------------------------------------------------------------------
    def words(self, q: Quote) -> set[str]:
        if q.id not in self._words:
            self._words[q.id] = self._content_lemmas(q, _CONTENT_POS)
        return self._words[q.id]

    def verbs(self, q: Quote) -> set[str]:
        if q.id not in self._verbs:
            self._verbs[q.id] = self._content_lemmas(q, frozenset({"VERB"}))
        return self._verbs[q.id]

    def nouns(self, q: Quote) -> set[str]:
        if q.id not in self._nouns:
            self._nouns[q.id] = self._content_lemmas(q, frozenset({"NOUN"}))
        return self._nouns[q.id]

    def _content_lemmas(self, q: Quote, pos: frozenset[str]) -> set[str]:
        if q.content_span is None:
            return set()
        toks = self.doc.tokens
        return {
            toks[i].lemma.lower()
            for i in self.tokens_in(q.content_span.start, q.content_span.end)
            if toks[i].pos in pos and toks[i].lemma.lower() not in _LIGHT and toks[i].text.isalpha()
        }

    @staticmethod
    def who(q: Quote) -> str | None:
        if q.speaker is not None:
            return q.speaker
        return q.speaker_text.lower() if q.speaker_text else None

    def different(self, a: Quote, b: Quote) -> bool:
        wa, wb = self.who(a), self.who(b)
        return wa is not None and wb is not None and wa != wb

    def start(self, q: Quote) -> int:
        return q.evidence.start

    def polarity(self, q: Quote) -> str | None:
        if q.id not in self._polarity:
            self._polarity[q.id] = self._direction(q)
        return self._polarity[q.id]

    def _direction(self, q: Quote) -> str | None:
        """better | worse: the direction the content gives a situation (first signal wins)."""
        if q.content_span is None:
            return None
        toks = self.doc.tokens
        better = self.lex.words.get("better", frozenset())
        worse = self.lex.words.get("worse", frozenset())
        neg = self.lex.words.get("negation", frozenset())
        kids = self.doc.children
        for i in self._main_clause(q.content_span.start, q.content_span.end):
            lemma = toks[i].lemma.lower()
            if i >= 2 and toks[i - 1].text == "-" and toks[i - 2].lower == "de":
                lemma = "de-" + lemma  # "de-escalated" comes in three tokens
            direction = "better" if lemma in better else "worse" if lemma in worse else None
            if direction is None:
                continue
            negated = any(toks[k].lower in neg for k in kids[i] if toks[k].dep in ("neg", "det", "advmod"))
            negated = negated or (i > 0 and toks[i - 1].lower in neg)
            if negated:
                direction = "worse" if direction == "better" else "better"
            return direction
        return None

    def _main_clause(self, start: int, end: int) -> list[int]:
        """Tokens of the content's main predications (not of its modifiers or purpose clauses)."""
        toks = self.doc.tokens
        inside = self.tokens_in(start, end)
        stack = [i for i in inside if not (inside.start <= toks[i].head < inside.stop) or toks[i].head == i]
        seen: set[int] = set()
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            stack.extend(k for k in self.doc.children[i] if k in inside and toks[k].dep in _MAIN_DEPS)
        return sorted(seen)

    def opens_with_contrast(self, q: Quote) -> bool:
        first = self.doc.token_at(q.evidence.start)
        if first is None:
            return False
        sent = self.doc.sents[self.doc.tokens[first].sent]
        head = self.doc.tokens[sent.first]
        return head.lower in self.lex.words.get("contrast", frozenset())

    def nested(self, q: Quote, quotes: list[Quote]) -> bool:
        """True when ``q``'s cue stands inside another quote's content."""
        at = q.cue_span.start if q.cue_span is not None else q.evidence.start
        return any(
            o is not q and o.content_span is not None and o.content_span.start <= at < o.content_span.end
            for o in quotes
        )

    def passive_cue(self, q: Quote) -> bool:
        """The cue verb is passive ("Kirkpatrick had been dismissed", "the accusations were denied"):
        its subject is what was dismissed or denied, never the party that denies."""
        if q.cue_span is None:
            return False
        toks, kids = self.doc.tokens, self.doc.children
        return any(
            toks[i].dep == "auxpass" or any(toks[k].dep in ("auxpass", "nsubjpass") for k in kids[i])
            for i in self.tokens_in(q.cue_span.start, q.cue_span.end)
        )

    def party(self, q: Quote) -> bool:
        """The speaker can be a party to a dispute: named, not page text or a claim ("these
        accusations"), and not the subject of a passive cue ("X had been dismissed")."""
        words = (q.speaker_text or "").lower().split()
        if not words or self.passive_cue(q):
            return False
        not_party = self.lex.words.get("not_a_party", frozenset()) | self.lex.words.get("claim_noun", frozenset())
        return words[-1].strip(".,;:'\"") not in not_party

    def refers_back(self, d: Quote) -> bool:
        """ "Minsk denied these accusations": the content is only a claim noun phrase pointing back."""
        if d.content_span is None:
            return False
        toks = self.doc.tokens
        inside = [i for i in self.tokens_in(d.content_span.start, d.content_span.end) if toks[i].pos != "PUNCT"]
        nouns = self.lex.words.get("claim_noun", frozenset())
        return 0 < len(inside) <= 4 and toks[inside[-1]].lower in nouns

    def denies_a_claim(self, d: Quote) -> bool:
        """ "denied that ...", "rejected the allegations": the denial is about a statement, not a request."""
        if d.content_span is None:
            return False
        if d.content.lower().startswith("that "):
            return True
        first = list(self.tokens_in(d.content_span.start, d.content_span.end))[:4]
        nouns = self.lex.words.get("claim_noun", frozenset())
        return any(self.doc.tokens[i].lower in nouns for i in first)

    def states(self, q: Quote) -> bool:
        """The quote is a statement someone can dispute: its cue is a listed speech or belief verb or
        a cue phrase ("according to"), not an act a learned cue model took for one ("The House passed
        a budget"). A quote without a cue span is given the benefit of the doubt."""
        if q.cue_span is None:
            return True
        toks = self.doc.tokens
        inside = self.tokens_in(q.cue_span.start, q.cue_span.end)
        for i in inside:
            verb = self.lex.verbs.get(toks[i].lemma.lower())
            if verb is not None and verb.kind in ("speech", "belief"):
                return True
        words = tuple(toks[i].lower for i in inside)
        return any(words[k : k + len(ph)] == ph for ph in self.lex.phrases for k in range(len(words)))

    def sentences_between(self, a: Quote, b: Quote) -> int:
        """Whole sentences standing between two quotes."""
        lo, hi = a.evidence.end, b.evidence.start
        return sum(1 for sent in self.doc.sents if sent.start >= lo and sent.end <= hi)

    def paragraphs_between(self, a: Quote, b: Quote) -> int:
        """Paragraph breaks (runs of newlines) between two quotes."""
        return len(_BREAKS.findall(self.an.text, a.evidence.end, max(a.evidence.end, b.evidence.start)))

    # -- rules ------------------------------------------------------------------------------
    def claims_and_denials(self, quotes: list[Quote], responds: frozenset[str]) -> None:
        claims = [q for q in quotes if not q.denial and q.id not in responds and self.states(q)]
        for d in quotes:
            if self.nested(d, quotes):
                continue  # "People disagree ..." inside someone's quote answers nothing in the article
            if (d.denial or d.id in responds) and not self.party(d):
                continue  # "these accusations", a page notice: not a party that can deny anything
            if d.id in responds or (d.denial and self.refers_back(d)):
                before = [
                    c
                    for c in claims
                    if self.start(c) < self.start(d)
                    and self.different(c, d)
                    and self.paragraphs_between(c, d) <= _MAX_PARAGRAPHS_BACK - 1
                    and self.sentences_between(c, d) <= _MAX_SENTENCES_BETWEEN
                ]
                if before:
                    c = before[-1]
                    verb = "denied" if d.denial and _is_denial_cue(d.cue) else "disputed"
                    self.add(c.id, d.id, "claim", f"claim by {c.speaker_text}, {verb} by {d.speaker_text}")
            elif d.denial and self.denies_a_claim(d):
                dw = self.words(d)
                for c in claims:
                    shared = dw & self.words(c)
                    # the same act, not only the same parties: "police fired tear gas" is not what
                    # "denied that police used live ammunition" denies
                    if self.different(c, d) and len(shared) >= 2 and shared & self.verbs(d) & self.verbs(c):
                        self.add(c.id, d.id, "claim", f"claim by {c.speaker_text}, denied by {d.speaker_text}")

    def opposite_directions(self, quotes: list[Quote]) -> None:
        for b in quotes:
            if not self.opens_with_contrast(b):
                continue
            pb = self.polarity(b)
            if pb is None:
                continue
            for a in quotes:
                if self.start(a) >= self.start(b) or not self.different(a, b) or a.denial:
                    continue
                pa = self.polarity(a)
                if pa is not None and pa != pb and self.nouns(a) & self.nouns(b):
                    self.add(
                        a.id,
                        b.id,
                        "claim",
                        f"situation getting {pa} per {a.speaker_text}, getting {pb} per {b.speaker_text}",
                    )

    def distinct(self, n: Quantity) -> bool:
        """The figure's sentence marks another incident ("in a separate attack", "another 30")."""
        marks = self.lex.words.get("distinct", frozenset())
        toks = self.doc.tokens
        return any(toks[i].lower in marks for i in self.tokens_in(n.evidence.start, n.evidence.end))

    def scope(self, n: Quantity) -> tuple[bool, frozenset[str]]:
        """(whether the figure's sentence says it is a country-wide or overall total, the places it
        names: place entities, else ``scope_local`` nouns such as "the capital")."""
        toks = self.doc.tokens
        inside = self.tokens_in(n.evidence.start, n.evidence.end)
        words = [toks[i].lower for i in inside]
        overall = any(w in self.scope_all for w in words) or any(
            words[k : k + 3] in (["across", "the", "country"], ["across", "the", "nation"]) for k in range(len(words))
        )
        places = {
            e.text.lower()
            for e in self.doc.ents
            if e.label in ("GPE", "LOC", "FAC") and inside.start <= e.first and e.last <= inside.stop
        }
        if not places:
            places = {w for i, w in zip(inside, words, strict=True) if w in self.scope_local and toks[i].pos == "NOUN"}
        return overall, frozenset(places)

    def different_scopes(self, a: Quantity, b: Quantity) -> bool:
        """One figure is an overall total and the other a place's count, or both name places and none
        is shared ("3 killed in Marnia", "5 killed in the capital")."""
        (all_a, places_a), (all_b, places_b) = self.scope(a), self.scope(b)
        if all_a != all_b and (places_a if all_b else places_b):
            return True
        return bool(places_a) and bool(places_b) and not (places_a & places_b) and not (all_a or all_b)

    def means(self, n: Quantity) -> frozenset[str]:
        """What the figure's verb says caused it ("injured by shrapnel", "wounded by gunfire", "died from
        burns"): a means narrows the count to a part. Agents ("killed by police") are not means."""
        toks, kids = self.doc.tokens, self.doc.children
        k = self.doc.token_at(n.start)
        for _ in range(6):
            if k is None or toks[k].pos == "VERB":
                break
            k = None if toks[k].head == k else toks[k].head
        if k is None:
            return frozenset()
        out = set()
        for c in kids[k]:
            if toks[c].dep not in ("prep", "agent") or toks[c].lower not in ("by", "from", "with"):
                continue
            for g in kids[c]:
                t = toks[g]
                if t.dep == "pobj" and t.pos == "NOUN" and not t.ent_type and t.lemma.lower() not in self.people:
                    out.add(t.lemma.lower())
        return frozenset(out)

    def several_incidents(self, n: Quantity) -> bool:
        """The figure's sentence counts incidents ("in the two attacks", "in both raids", "in three
        shipwrecks": an incident noun in the plural with a number or "both"): a sum over them."""
        toks, kids = self.doc.tokens, self.doc.children
        for i in self.tokens_in(n.evidence.start, n.evidence.end):
            t = toks[i]
            if t.tag != "NNS" or (t.lemma.lower() not in self.incidents and t.lower not in self.incidents):
                continue
            if any(toks[c].dep == "nummod" or toks[c].lower in ("both", "all") for c in kids[i]):
                return True
        return False

    def date_words(self, n: Quantity) -> frozenset[str]:
        """The date expressions of the figure's own sentence, normalised ("last week", "on tuesday")."""
        toks = self.doc.tokens
        inside = self.tokens_in(n.evidence.start, n.evidence.end)
        out = set()
        for e in self.doc.ents:
            if e.label in ("DATE", "TIME") and inside.start <= e.first and e.last <= inside.stop:
                words = [toks[i].lower for i in range(e.first, e.last) if toks[i].lower not in _DATE_FILLER]
                if words:
                    out.add(" ".join(words))
        return frozenset(out)

    def different_periods(self, a: Quantity, b: Quantity) -> bool:
        """Both figures' sentences name when, and they name it differently ("last week" and "in the
        previous week" both resolve to the month, yet are two weeks); the same day resolved from two
        wordings ("on Sunday", "on May 19") is one date."""
        if a.date is not None and a.date == b.date and len(a.date) == len("YYYY-MM-DD"):
            return False
        wa, wb = self.date_words(a), self.date_words(b)
        return bool(wa) and bool(wb) and not (wa & wb)

    def figure_source(self, n: Quantity, quotes: list[Quote]) -> str | None:
        """Who gives the figure: the speaker of the innermost quote whose content holds it."""
        best: Quote | None = None
        for q in quotes:
            cs = q.content_span
            if cs is None or not cs.start <= n.start < cs.end:
                continue
            if best is None or best.content_span is None or cs.start >= best.content_span.start:
                best = q
        return self.who(best) if best is not None else None

    def predicate(self, n: Quantity) -> tuple[str, str | None] | None:
        """What the figure is said about: the verb it is an argument of and that verb's subject.

        ("12 people were killed" -> (kill, None): the figure is its own subject; "Apple would owe
        $3.6 billion" -> (owe, apple)).
        """
        toks = self.doc.tokens
        i = self.doc.token_at(n.start)
        inside = self.tokens_in(n.start, n.end)
        for _ in range(6):
            if i is None:
                return None
            t = toks[i]
            if t.pos == "VERB" and self.lex.verbs.get(t.lemma.lower()) is None:
                subj = next((k for k in self.doc.children[i] if toks[k].dep in ("nsubj", "nsubjpass")), None)
                if subj is None or subj in inside or toks[subj].head in inside:
                    return (t.lemma.lower(), None)
                return (t.lemma.lower(), toks[subj].lemma.lower())
            if t.head == i:
                return None
            i = t.head
        return None

    def same_thing(self, a: Quantity, b: Quantity, events: Mapping[str, Event]) -> bool:
        """Same event, or same predicate and subject and (where both are linked) events of one type.

        Two sources reporting one killing give two clauses, so the events stage may make two
        events of it: the predicate, its subject and the event type decide, not the event id alone.
        Figures in one sentence are parts of one statement (a list, a break-down), never rivals;
        figures of two different dates (their own sentences' dates) or of events in two different
        places count two things.
        """
        if a.evidence.start == b.evidence.start:
            return False
        if _different_dates(a.date, b.date):
            return False  # "12 died in Tuesday's blast" and "15 died in Monday's attack": two days, two things
        if self.different_periods(a, b):
            return False  # "604 were intercepted last week" and "254 in the previous week": two periods
        ea, eb = events.get(a.event or ""), events.get(b.event or "")
        if ea is not None and eb is not None and None not in (ea.place, eb.place) and ea.place != eb.place:
            return False  # the same kind of event in two places is two events
        # Before the event test: words that say "another incident" or "several incidents" outweigh an
        # attachment to one event, which the attacher may have got wrong.
        if self.distinct(a) or self.distinct(b):
            return False  # "12 soldiers were killed in a separate attack": another incident
        if self.several_incidents(a) != self.several_incidents(b):
            return False  # "22 died in the two attacks" sums "7 in Orsk" and "15 in Belvy"
        if self.different_scopes(a, b):
            return False  # "5 killed in the capital" and "22 killed nationwide": a place's count and the total
        if self.means(a) != self.means(b):
            return False  # "17 were injured by shrapnel" counts a part of "52 injured in the shelling"
        if a.event is not None and a.event == b.event:
            return True
        if a.category in _SAME_EVENT_ONLY:
            return False  # "will receive $298 million more" and "would receive $8.5 million for X": two sums
        pa, pb = self.predicate(a), self.predicate(b)
        if pa is None or pa != pb:
            return False
        return ea is None or eb is None or ea.type == eb.type

    def figures(self, quantities: list[Quantity], quotes: list[Quote]) -> None:
        events = {e.id: e for e in self.an.events}
        # Implied counts of one ("killing him") name a person, not a toll; parts of a break-down count
        # a share of their total; vague amounts have no value to disagree with.
        usable = [
            n
            for n in quantities
            if n.category != "other" and n.value is not None and n.parent is None and not n.implicit
        ]
        info = [(n, self.figure_source(n, quotes)) for n in usable]
        for x, (n1, s1) in enumerate(info):
            for n2, s2 in info[x + 1 :]:
                if n1.category != n2.category or (n1.unit or "").lower() != (n2.unit or "").lower():
                    continue
                if s1 == s2 or _overlapping(n1, n2):  # one of them may be the article's own voice (None)
                    continue
                if n1.cumulative != n2.cumulative or (n1.cumulative and n1.as_of != n2.as_of):
                    continue  # a running total and one event's count (or totals of two dates) measure different things
                if self.same_thing(n1, n2, events):
                    reason = f"{n1.text!r} vs {n2.text!r} ({n1.category}) from different sources"
                    self.add(n1.id, n2.id, "figure", reason)


def _is_denial_cue(cue: str | None) -> bool:
    """ "denied", "rejected", "dismissed" (as opposed to "disagreed", "disputed") for the reason text."""
    return cue is not None and any(w in cue.lower() for w in ("den", "reject", "dismiss", "refut", "rebut"))


def _different_dates(a: str | None, b: str | None) -> bool:
    """Two dates, both known, neither of which contains the other ("2024-03" contains "2024-03-05")."""
    return a is not None and b is not None and not (a.startswith(b) or b.startswith(a))


def _overlapping(a: Quantity, b: Quantity) -> bool:
    """True when the two figures' ranges can both hold ("at least 10" and "12")."""
    lo_a = a.low if a.low is not None else a.value
    hi_a = (
        a.high if a.high is not None else (a.value if a.qualifier in ("exact", "about", "at most", "up to") else None)
    )
    lo_b = b.low if b.low is not None else b.value
    hi_b = (
        b.high if b.high is not None else (b.value if b.qualifier in ("exact", "about", "at most", "up to") else None)
    )
    if a.qualifier == "about" or b.qualifier == "about":
        return _near(a.value, b.value)
    if _within_rounding(a, b) or _within_rounding(b, a):
        return True  # "400 people" and "430 people": a round figure stands for its neighbourhood
    lo = max(x for x in (lo_a, lo_b) if x is not None) if (lo_a is not None or lo_b is not None) else None
    his = [x for x in (hi_a, hi_b) if x is not None]
    hi = min(his) if his else None
    return lo is None or hi is None or lo <= hi


def _within_rounding(a: Quantity, b: Quantity) -> bool:
    """``a`` is a round figure (100 or more, ending in two or more zeros: 400, 1,200, 33,000) and ``b``
    lies within half its rounding unit of it (400 stands for 350-449, 33,000 for 32,500-33,499)."""
    if a.value is None or b.value is None or a.qualifier not in ("exact", "about") or a.value < _ROUND_MIN:
        return False
    unit = 1
    v = int(a.value)
    if v != a.value:
        return False
    while v % (unit * 10) == 0:
        unit *= 10
    return unit >= _ROUND_MIN and abs(a.value - b.value) < unit / 2


def _near(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= 0.1 * max(abs(a), abs(b))


def find_contradictions(
    an: Analysis, lex: QuoteLexicon, figure_words: FigureWords | None = None
) -> list[Contradiction]:
    """All contradictions of one analysed article (quotes, then figures); ``figure_words`` (the
    quantities lexicon) gives the incident, people and scope words the figure rule reads."""
    quotes = sorted(an.quotes, key=lambda q: q.evidence.start)
    c = _Checker(an, lex, figure_words)
    c.claims_and_denials(quotes, an.quote_responses)
    c.opposite_directions(quotes)
    c.figures(list(an.quantities), quotes)
    return c.out


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    """Build the contradictions stage (it reads the quote lexicon's claim and contrast words and the
    quantities lexicon's incident nouns)."""
    lex = knowledge.quotes
    figure_words = FigureWords.of(knowledge)

    def run(an: Analysis) -> None:
        an.contradictions.extend(find_contradictions(an, lex, figure_words))

    return run


SPEC = StageSpec(
    "contradictions.rules.v1",
    make_stage,
    requires=("quotes", "quote_responses", "events", "quantities"),
    produces=("contradictions",),
    knowledge=("quotes", "quantities"),
    doc="claims met by denials or opposite claims, and figures that disagree, within the article",
)


__all__ = ["SPEC", "FigureWords", "find_contradictions", "make_stage"]
