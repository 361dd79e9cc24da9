"""When and in which PLOVER contexts: the date and context parts of the events stage.

The date of an event is the DATE entity attached closest to its predicate without belonging to
another clause (a governing predicate's date counts at a penalty; an infinitive complement's date
is its governor's), resolved by :mod:`eventwire.extract.common.dates` with the event's tense; a past
event without one takes the day an earlier sentence of its paragraph named, else the one day the
report's lead names (``Event.date_basis`` says which: sentence, paragraph, lead). Contexts
come from cue words of ``knowledge/events/contexts.tsv`` in the sentence (or, for broad topics, in
its paragraph).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from datetime import date

from ...analysis import Analysis
from ...nlp import Parsed
from ...records import DateBasis, Span
from ..common.dates import resolve
from .args import ArgumentReader
from .candidate import Candidate
from .lexicon import Lexicon, WordClasses

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# "this morning", "Tuesday night" are TIME entities to the parser; resolve() ignores clock times.
_DATE_LABELS = frozenset({"DATE", "TIME"})
LEAD_SENTENCES = 3
"""The lead: the first sentences of the text (headline and dateline sentence included)."""


class TimeAndContextReader(ArgumentReader):
    """Adds dates and contexts to :class:`ArgumentReader`."""

    def __init__(self, an: Analysis, p: Parsed, lex: Lexicon, words: WordClasses) -> None:
        super().__init__(an, p, lex, words)
        self.para_of_sent, self.para_lemmas = self._paragraphs()
        self._lead: tuple[str | None, Span | None] | None = None

    def _paragraphs(self) -> tuple[list[int], list[set[str]]]:
        """Paragraph index of each sentence and the lemmas of each paragraph (blank lines split)."""
        text = self.p.text
        breaks = [m.end() for m in _BLANK_LINE.finditer(text)]
        para_of: list[int] = []
        lemmas: dict[int, set[str]] = {}
        for s in self.p.sents:
            # The first word of the sentence decides: spaCy may hang the blank line on either side.
            first_word = next((k for k in range(s.first, s.last) if self.t[k].text.strip()), s.first)
            pi = bisect_right(breaks, self.t[first_word].start) if s.last > s.first else 0
            para_of.append(pi)
            bag = lemmas.setdefault(pi, set())
            for k in range(s.first, s.last):
                bag.add(self.lemma(k))
        return para_of, [lemmas.get(i, set()) for i in range(max(para_of, default=0) + 1)]

    def contexts(self, si: int) -> list[str]:
        s = self.p.sents[si]
        lemmas = [self.lemma(k) for k in range(s.first, s.last)]
        sent_set = set(lemmas)
        bigrams = {f"{a} {b}" for a, b in itertools.pairwise(lemmas)}
        found: list[str] = []
        for ctx, cue in self.c.sent_cues:
            hit = (cue[0] in sent_set) if len(cue) == 1 else (" ".join(cue) in bigrams)
            if hit and ctx not in found:
                found.append(ctx)
        para = self.para_lemmas[self.para_of_sent[si]]
        for ctx, cue in self.c.para_cues:
            if len(cue) == 1 and cue[0] in para and ctx not in found:
                found.append(ctx)
        return sorted(found)

    def date_of(
        self, c: Candidate, si: int, published: date | None
    ) -> tuple[str | None, Span | None, DateBasis | None]:
        """The event's date, the words it came from, and on what basis (``Event.date_basis``)."""
        value, span = self._own_date(c, si, published)
        if value is not None:
            return value, span, "sentence"
        if c.tense != "past":
            return None, None, None
        value, span = self._paragraph_date(si, published)
        if value is not None:
            return value, span, "paragraph"
        value, span = self.lead_day(published)
        return (value, span, "lead") if value is not None else (None, None, None)

    def lead_day(self, published: date | None) -> tuple[str | None, Span | None]:
        """The day of the report's lead: the one day (``YYYY-MM-DD``) its first
        :data:`LEAD_SENTENCES` sentences name, "since"/"until" spans and report dates
        (:meth:`_report_date`) excluded ("NIAMEY - An attempted
        coup was under way on Wednesday ..."). News leads tell the day's events; a past event told
        later without a day of its own (and without one earlier in its paragraph) is dated with it,
        ``date_basis`` "lead". A lead naming two days, or none, gives nothing (issue 14).

        Measured on the real-report dev half (bench/realreports/README.md, session 6): of the dev
        events dated this way that align with a gold event, 12 have the gold's day, 2 a gold without
        a date, none another day."""
        if self._lead is None:
            self._lead = self._find_lead_day(published)
        return self._lead

    def _find_lead_day(self, published: date | None) -> tuple[str | None, Span | None]:
        lead_end = self.p.sents[min(LEAD_SENTENCES, len(self.p.sents)) - 1].last if self.p.sents else 0
        days: set[str] = set()
        first: tuple[str, Span] | None = None
        for e in self.p.ents:
            if e.label not in _DATE_LABELS or e.last > lead_end:
                continue
            if self._report_date(e.first):
                continue
            if e.first and self.t[e.first - 1].lower in ("since", "until", "till", "by", "from"):
                continue
            value = resolve(e.text, published, "past")
            if value is None or len(value) != 10:
                continue
            days.add(value)
            if first is None:
                first = (value, self._date_span(e.first, e.last))
        if first is None or days != {first[0]}:
            return None, None
        return first

    def _paragraph_date(self, si: int, published: date | None) -> tuple[str | None, Span | None]:
        """A past event whose sentence gives no date happened on the day the paragraph last named
        ("Soldiers sealed the palace on Wednesday. They detained the president."): the nearest day
        (``YYYY-MM-DD`` only; months and years say too little) in an earlier sentence of the same
        paragraph, "since"/"until" spans and report dates (:meth:`_report_date`) excluded. Issue 14 (places/dates helper)."""
        para = self.para_of_sent[si]
        for sj in range(si - 1, -1, -1):
            if self.para_of_sent[sj] != para:
                break
            s = self.p.sents[sj]
            for e in reversed(self.p.ents):
                if e.label not in _DATE_LABELS or e.first < s.first or e.last > s.last:
                    continue
                if e.first and self.t[e.first - 1].lower in ("since", "until", "till", "by", "from"):
                    continue
                if self._report_date(e.first):
                    continue
                value = resolve(e.text, published, "past")
                if value is not None and len(value) == 10:
                    return value, self._date_span(e.first, e.last)
        return None, None

    def _report_date(self, k: int) -> bool:
        """Token ``k`` dates the report, not an event: it stands in the dateline ("KABUL, Afghanistan
        (Nov. 20, 2011)", "Tripoli, Nov 19 (IANS)": the filing day; "yesterday" in the release is the
        day before) or in a sentence without a predicate (a header or headline line: "Mar. 9:
        Afghan-ISAF Operations in Khost", "Evening Operational Update March 27, 2011")."""
        dl = self.an.cleaned.dateline
        if dl is not None and dl.start <= self.t[k].start < dl.end:
            return True
        s = self.p.sents[self.t[k].sent]
        return not any(self.t[j].pos in ("VERB", "AUX") for j in range(s.first, s.last))

    def _own_date(self, c: Candidate, si: int, published: date | None) -> tuple[str | None, Span | None]:
        s = self.p.sents[si]
        best: tuple[int, str, Span] | None = None
        for e in self.p.ents:
            if e.label not in _DATE_LABELS or e.first < s.first or e.last > s.last:
                continue
            value = resolve(e.text, published, c.tense)
            if value is None:
                continue
            dist = self.clause_distance(e.root if e.root >= 0 else e.first, c.head)
            if dist is None:
                continue
            span = self._date_span(e.first, e.last)
            if best is None or dist < best[0]:
                best = (dist, value, span)
        if best is None:
            return None, None
        return best[1], best[2]

    def _date_span(self, first: int, last: int) -> Span:
        # Keep a governing "on"/"in"/"starting" with the words: "on Thursday", "starting Sunday".
        k = first - 1
        if k >= 0 and self.t[k].lower in ("on", "in", "since", "starting", "beginning", "from", "until", "by"):
            first = k
        text, start, end = self.p.span_text(first, last)
        return Span(text=text, start=start, end=end)

    def _is_date_predicate(self, j: int) -> bool:
        tj = self.t[j]
        if tj.pos not in ("VERB", "AUX"):
            return False
        # "starting Sunday", "beginning Monday", "effective Friday" introduce a date, not a clause.
        return not (self.lemma(j) in ("start", "begin", "effective") and tj.dep in ("advcl", "prep", "acl"))

    def clause_distance(self, d: int, v: int) -> int | None:
        """How closely date token ``d`` attaches to predicate ``v`` (None: another clause's date).

        The date belongs to the first predicate above it. That is ``v`` itself, or a predicate that
        governs ``v`` ("ruled out on Thursday taking in"; at a penalty, so ``v``'s own date wins).
        """
        up = self.ancestors(d)
        pred = next((j for j in up[1:] if j == v or self._is_date_predicate(j)), None)
        if pred is None:
            return None
        if pred == v:
            return up.index(v)
        chain = self.ancestors(v)
        if pred in chain:
            return up.index(pred) + chain.index(pred) + 5
        # "sent bombers to patrol ... on Thursday": an infinitive complement without an event of its
        # own shares its governor's date.
        below = self.ancestors(pred)
        if v in below and all(
            self.t[j].dep in ("xcomp", "advcl", "acl") and self._is_infinitive(j) for j in below[: below.index(v)]
        ):
            return up.index(pred) + below.index(v) + 3
        return None
