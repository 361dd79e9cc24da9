"""Which event a figure counts: its governing trigger, an event of its sentence, or one its sentence refers back to.

Three steps, first hit wins; every step only takes an event whose PLOVER type the figure's category
may count (``attach_<category>`` lists in ``knowledge/quantities/context_words.tsv``: an injured
figure counts an ASSAULT, COERCE or PROTEST, never a CONSULT; a category without a list takes any
type):

1. **Governed.** Walking up the dependency heads from the counted noun (or the number) reaches an
   event's trigger: "killing 12", "injuring 14", "arrested 35 of the marchers".
2. **Same sentence.** The nearest trigger in the figure's sentence (or an event whose evidence
   holds the figure): "Police fired tear gas at the crowd; 14 were hurt".
3. **Neighbour.** The figure's sentence has no event it can count but refers back to one of the two
   sentences before it: a definite noun ("the clash", "this raid") whose lemma is the trigger's
   ("clashed" -> "the clash") or an ``event_noun`` ("Nine officers were hurt in the clash"). The
   event with the same lemma wins, else the nearest one before. Without such a noun, a casualty or
   arrest figure in the sentence right after, in the same paragraph, takes the one event of that
   sentence it can count ("Police stormed the camp on Friday. Twelve people were injured.").

A figure of category ``other`` takes only step 1: it says nothing that ties it to a nearby event.
Cumulative figures never reach this module (a running total counts a campaign, not one event).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...nlp import Parsed
from ...records import Event
from .words import QuantityLexicon

_MAX_WALK = 16
_DEFINITE = frozenset(("the", "this", "that", "these", "those", "its", "their"))
# How many sentences back a referring noun may reach.
_BACK = 2
# Categories whose figure, in the sentence right after an event, counts that event without a referring noun.
_FOLLOWING = frozenset(("killed", "injured", "missing", "arrested", "detained"))


class Attacher:
    """The figure -> event rules, with the word lists loaded once."""

    def __init__(self, lex: QuantityLexicon) -> None:
        self.event_nouns = {w.lower() for w in lex.words("event_noun")}
        prefix = "attach_"
        self.allowed = {name[len(prefix) :]: frozenset(ws) for name, ws in lex.lists.items() if name.startswith(prefix)}

    def fits(self, category: str, event_type: str) -> bool:
        """True when a figure of ``category`` may count an event of ``event_type``."""
        allowed = self.allowed.get(category)
        return not allowed or event_type in allowed

    def event_of(
        self,
        p: Parsed,
        *,
        first: int,
        anchor: int,
        noun: int | None,
        category: str,
        events: Sequence[Event],
        trigger_at: dict[int, int],
    ) -> int | None:
        """Index in ``events`` of the event the figure counts, or None (see the module docstring)."""
        toks = p.tokens
        cur = noun if noun is not None and noun >= first else anchor
        for _ in range(_MAX_WALK):
            n = trigger_at.get(cur)
            if n is not None and self.fits(category, events[n].type):
                return n
            h = toks[cur].head
            if h == cur:
                break
            cur = h
        if category == "other":
            return None  # a figure of no known kind ("about 400 people") counts only what governs it
        si = toks[anchor].sent
        sent = p.sents[si]
        start = toks[first].start
        best: tuple[int, int] | None = None
        for n, e in enumerate(events):
            if not self.fits(category, e.type):
                continue
            if sent.start <= e.trigger.start < sent.end or e.evidence.start <= start < e.evidence.end:
                d = abs(e.trigger.start - start)
                if best is None or d < best[0]:
                    best = (d, n)
        if best is not None:
            return best[1]
        return self._neighbour(p, si, category, events)

    def _sentence_of(self, p: Parsed, e: Event) -> int | None:
        k = p.token_at(e.trigger.start)
        return p.tokens[k].sent if k is not None else None

    def _neighbour(self, p: Parsed, si: int, category: str, events: Sequence[Event]) -> int | None:
        toks = p.tokens
        earlier: list[tuple[int, int]] = []  # (sentence, event index), in text order
        for n, e in enumerate(events):
            es = self._sentence_of(p, e)
            if es is not None and si - _BACK <= es < si and self.fits(category, e.type):
                earlier.append((es, n))
        if not earlier:
            return None
        earlier.sort(key=lambda x: events[x[1]].trigger.start)
        sent = p.sents[si]
        trigger_lemmas = {n: self._lemmas(p, events[n]) for _s, n in earlier}
        kids = p.children
        refers = False
        for k in range(sent.first, sent.last):
            t = toks[k]
            if t.pos != "NOUN" or not any(toks[c].text.lower() in _DEFINITE for c in kids[k]):
                continue
            lemma = t.lemma.lower()
            same = [n for _s, n in earlier if lemma in trigger_lemmas[n]]
            if same:
                return same[-1]
            refers = refers or lemma in self.event_nouns or t.text.lower() in self.event_nouns
        if refers:
            return earlier[-1][1]
        if category in _FOLLOWING:
            prev = [n for s, n in earlier if s == si - 1]
            gap = p.text[p.sents[si - 1].end : sent.start] if si > 0 else ""
            if len(prev) == 1 and "\n" not in gap:
                return prev[0]
        return None

    @staticmethod
    def _lemmas(p: Parsed, e: Event) -> set[str]:
        toks = p.tokens
        k = p.token_at(e.trigger.start)
        out: set[str] = set()
        while k is not None and k < len(toks) and toks[k].start < e.trigger.end:
            out.add(toks[k].lemma.lower())
            out.add(toks[k].text.lower())
            k += 1
        return out


__all__ = ["Attacher"]
