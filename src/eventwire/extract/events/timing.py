"""When and in which PLOVER contexts: the date and context parts of the events stage.

The date of an event is the DATE entity attached closest to its predicate without belonging to
another clause (a governing predicate's date counts at a penalty; an infinitive complement's date
is its governor's), resolved by :mod:`eventwire.extract.common.dates` with the event's tense. Contexts
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
from ...records import Span
from ..common.dates import resolve
from .args import ArgumentReader
from .candidate import Candidate
from .lexicon import Lexicon, WordClasses

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# "this morning", "Tuesday night" are TIME entities to the parser; resolve() ignores clock times.
_DATE_LABELS = frozenset({"DATE", "TIME"})


class TimeAndContextReader(ArgumentReader):
    """Adds dates and contexts to :class:`ArgumentReader`."""

    def __init__(self, an: Analysis, p: Parsed, lex: Lexicon, words: WordClasses) -> None:
        super().__init__(an, p, lex, words)
        self.para_of_sent, self.para_lemmas = self._paragraphs()

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

    def date_of(self, c: Candidate, si: int, published: date | None) -> tuple[str | None, Span | None]:
        own = self._own_date(c, si, published)
        if own[0] is not None or c.tense != "past":
            return own
        return self._paragraph_date(si, published)

    def _paragraph_date(self, si: int, published: date | None) -> tuple[str | None, Span | None]:
        """A past event whose sentence gives no date happened on the day the paragraph last named
        ("Soldiers sealed the palace on Wednesday. They detained the president."): the nearest day
        (``YYYY-MM-DD`` only; months and years say too little) in an earlier sentence of the same
        paragraph, "since"/"until" spans excluded. Issue 14 (places/dates helper)."""
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
                value = resolve(e.text, published, "past")
                if value is not None and len(value) == 10:
                    return value, self._date_span(e.first, e.last)
        return None, None

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
