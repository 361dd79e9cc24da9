"""Stage ``quantities.rules.v1``: typed figures ("some 430 migrants", "at least 12 people", "dozens").

For every figure the stage gives ``value``/``low``/``high``/``qualifier``, the counted noun
(``unit``), a ``category`` (killed, injured, moved, crossing_attempts, ...), the event it belongs
to and, for the parts of a break-down, the ``parent`` total. Word lists live in
``knowledge/quantities/`` (see :mod:`eventwire.extract.quantities.words`).

Conventions (also in docs of the data files):

* Hedges set the qualifier and the bound the number fixes: "at least 12" -> low 12; "up to 4,000"
  -> high 4000; "nearly 25,000" -> about, high 25000; "some 430" -> about, no bounds; an exact
  figure has ``low == high == value``.
* Ranges ("between 30 and 40", "30 to 40", "two or three"): value = low = 30, high = 40,
  qualifier about.
* Vague amounts ("dozens", "thousands of", "several"): value null, low/high the range of
  ``vague_amounts.tsv``, qualifier about. Adjectives like "several" count only when the figure gets
  a category other than ``other``.
* Not counts: numbers the parser tags DATE, TIME, ORDINAL or PERCENT (percentages are skipped,
  not kept as figures), numbers before a duration or age word ("six weeks", "1-year-old"), or a
  unit of measure or clock word (``measure``: "2200 GMT", "10 degrees", "5 km"), years,
  labels ("Article 5", "Flight 123"), digit groups in a row (phone numbers), numbers inside names.
* Also not counts: number words glued into adjectives ("a two-pronged plan", "a three-judge
  bench"), "many" inside the hedge "as many as", a lone "one" of no category ("one point"), and
  figures of a relative pronoun ("many of which").
* Category: see :mod:`eventwire.extract.quantities.category`. Counts of things (``thing_noun``:
  weapons, rounds, devices) are never people killed, hurt, held or displaced. "troops" from a verb ("deployed")
  needs a person or force noun ("61 vans were deployed" is transport, "61 posters" other).
  Counts of vehicles, vessels and flights are ``transport``; the people they carry are moved or
  returned. A currency mark before the
  number ("$", "Rs", "EUR") or a MONEY entity makes it money.
* A vague amount that needs a category and stands as a share of a total ("58 people died, including
  several children") is no figure: the total already counts them.
* Implied counts of one: a singular person noun ("a Taliban leader", "the commander", a named
  person) as the object of a kill/injure/detain/arrest verb is a figure with value 1 and
  ``implicit`` true (not when the verb is a purpose: "an operation to capture a leader"); a
  break-down's "a border guard" is a part of value 1. ISAF's convention counts each person an
  operation killed or captured; a known public figure is not such a count: no implied one for an
  office holder (``office_title``: "detained President X", "the state governor was killed"), for a
  bare name without a role noun ("Amini was arrested"; "the Taliban commander Fayez Jan" counts), nor
  for a pronoun unless a force is the verb's subject ("the security force ... killing him", not
  "his own guards were detaining him").
* Running totals: a figure in a sentence with a running-total cue ("since January", "so far", "a
  total of", "the death toll rose to"), or a count of people in the perfect in a sentence that names
  no single incident ("more than 33,000 people have fled"), is ``cumulative`` with an ``as_of`` date and no event (see
  :mod:`eventwire.extract.quantities.totals`).
* Pronouns: "5,000 of them" takes the plural noun of the last figure (this or the previous
  sentence), else the last plural noun before it, as its unit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...analysis import Analysis
from ...knowledge import Knowledge
from ...nlp import Parsed, Token
from ...records import Event, Qualifier, Quantity, QuantityCategory, Quote, Span
from ...stages import StageFn, StageSpec
from .attach import Attacher
from .category import CategoryRules
from .totals import Totals
from .words import DIGIT_RANGE, DIGITS, Hedge, QuantityLexicon, Vague

# Entity labels whose numbers are never counts of things.
_NOT_COUNT_ENTS = frozenset(("DATE", "TIME", "ORDINAL", "PERCENT"))
# Numbers inside these entities are parts of names ("Group of Seven", "Boeing 737").
_NAME_ENTS = frozenset(("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "EVENT", "PERSON", "GPE", "LOC"))
_NOMINAL = frozenset(("NOUN", "PROPN", "ADJ"))
# Categories whose verbs imply a count of one for a singular person object.
_PERSON_COUNT_CATEGORIES = frozenset(("killed", "injured", "missing", "arrested", "detained"))


@dataclass
class _Figure:
    first: int
    """First token of the figure's words (hedge or number)."""
    last: int
    """One past its last token."""
    anchor: int
    """Syntactic head of the number words."""
    noun: int | None
    """Token of the counted noun (or the pronoun standing for it)."""
    unit: str | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier
    category: QuantityCategory = "other"
    implicit: bool = False
    parent: int | None = None
    """Index (in the figure list) of the total this figure is a part of."""
    needs_category: bool = False


def _lower(t: Token) -> str:
    return t.text.lower()


class _Extractor:
    """Finds the figures of one parsed document; built once per pipeline, run per document."""

    def __init__(self, lex: QuantityLexicon) -> None:
        self.lex = lex
        self.max_vague = lex.max_vague
        # Most tokens start no vague amount: one set lookup rules them out before the n-gram probes.
        self.vague_first = {k[0] for k in lex.vague if k}
        self.max_hedge = lex.max_hedge
        self.duration = lex.words("duration")
        self.measure = lex.words("measure")
        self.reference = lex.words("reference")
        self.person = lex.words("person")
        self.months = lex.words("month")
        self.things = lex.words("thing_noun")
        self.offices = lex.words("office_title")
        self.forces = lex.words("force_noun")
        self.categories = CategoryRules(lex)
        # Currency marks written before the number: symbols and codes ("$", "Rs", "EUR"), not words ("dollars").
        self.symbols = {k for k in lex.currencies if not k.isalpha() or len(k) <= 3}

    # -- finding the number words ------------------------------------------------------------
    def _vague_at(self, toks: list[Token], i: int, end: int) -> tuple[int, Vague] | None:
        if i >= end or _lower(toks[i]) not in self.vague_first:
            return None
        for n in range(min(self.max_vague, end - i), 0, -1):
            key = tuple(_lower(t) for t in toks[i : i + n])
            v = self.lex.vague.get(key)
            if v is not None:
                return n, v
        return None

    def _starts_number(self, toks: list[Token], i: int, end: int) -> bool:
        w = _lower(toks[i])
        if w in ("a", "an"):
            return i + 1 < end and _lower(toks[i + 1]) in self.lex.scales and _lower(toks[i + 1]) not in ("m", "bn")
        if w in self.lex.scales:
            return False
        return self.lex.is_number_word(w) or DIGIT_RANGE.match(w) is not None

    def _run_end(self, toks: list[Token], i: int, end: int) -> int:
        """One past the last token of the number run starting at ``i``."""
        j = i + 1
        while j < end:
            w = _lower(toks[j])
            if w in self.lex.scales or (self.lex.is_number_word(w) and not DIGITS.match(w)):
                j += 1
            elif (
                w in ("-", "–")
                and j + 1 < end
                and _lower(toks[j + 1]) in self.lex.units
                and _lower(toks[j - 1]) in self.lex.units
            ):
                j += 2  # "twenty-five" split by the tokenizer
            elif w == "and" and j + 1 < end and _lower(toks[j + 1]) in self.lex.units and j > i:
                # "one hundred and fifty"; a plain "and" between figures is a list, not a number.
                if _lower(toks[j - 1]) in ("hundred", "thousand", "million"):
                    j += 1
                else:
                    break
            else:
                break
        return j

    def _hedge_before(self, toks: list[Token], first: int, lo: int) -> tuple[int, Hedge] | None:
        for n in range(min(self.max_hedge, first - lo), 0, -1):
            key = tuple(_lower(t) for t in toks[first - n : first])
            h = self.lex.hedges_before.get(key)
            if h is not None:
                return n, h
        return None

    def _hedge_after(self, toks: list[Token], last: int, hi: int) -> tuple[int, Hedge] | None:
        for n in range(min(self.max_hedge, hi - last), 0, -1):
            key = tuple(_lower(t) for t in toks[last : last + n])
            h = self.lex.hedges_after.get(key)
            if h is not None:
                return n, h
        return None

    def _inside_hedge(self, toks: list[Token], i: int, n: int, hi: int) -> bool:
        """True when the vague words at ``i`` are part of a hedge before a number ("as many as 98")."""
        j = i + n
        while j < hi and j - i <= self.max_hedge and not self._starts_number(toks, j, hi):
            j += 1
        if j >= hi or j - i > self.max_hedge:
            return False
        for k in range(max(0, i - self.max_hedge), i + 1):
            if tuple(_lower(t) for t in toks[k:j]) in self.lex.hedges_before:
                return True
        return False

    def _not_a_count(self, p: Parsed, core: range, lo: int, hi: int) -> bool:
        toks = p.tokens
        last = toks[core.stop - 1]
        if (
            last.ws == ""
            and core.stop + 1 < hi
            and toks[core.stop].text in ("-", "–")
            and toks[core.stop].ws == ""
            and toks[core.stop + 1].text.isalpha()
            and not self.lex.is_number_word(toks[core.stop + 1].text)
        ):
            return True  # "a two-pronged agenda", "a three-judge bench": an adjective, not a count
        for k in core:
            if toks[k].ent_type in _NAME_ENTS:
                return True
            if toks[k].ent_type in _NOT_COUNT_ENTS and not self._counts_plural_noun(p, core):
                return True
        j = core.stop
        # "six weeks", "a 1-year-old child", "10 a.m.", "5 percent"
        while j < hi and toks[j].text in ("-", "–"):
            j += 1
        if j < hi:
            nxt = toks[j]
            w = _lower(nxt)
            if w in self.duration or nxt.lemma.lower() in self.duration or w.lstrip("-") in self.duration:
                return True
            if w in self.measure:
                return True  # "2200 GMT", "10 degrees", "5 km": a measurement, not a count
        if core.start > lo:
            prev = _lower(toks[core.start - 1]).rstrip(".")
            if prev in self.reference or prev + "." in self.reference:
                return True
            if prev in self.months and core.stop - core.start == 1 and DIGITS.match(toks[core.start].text):
                return True  # "(April 8)": a date the parser did not tag
        if len(core) == 1:
            t = toks[core.start]
            w = _lower(t)
            if w == "one" and t.dep != "nummod":
                return True  # "one of them", "no one", "the one who": a pronoun, not a figure
            if DIGITS.match(w):
                if len(w) > 1 and w[0] == "0" and "." not in w:
                    return True  # "024": a reference number, not a count
                if core.start - 1 > lo and toks[core.start - 1].text in ("-", "/") and toks[core.start - 2].ws == "":
                    return True  # "2010-10-CA-154": part of a code
                if (
                    core.stop < hi
                    and t.ws == ""
                    and toks[core.stop].text[:1] in ("-", "/")
                    and any(ch.isalpha() for ch in toks[core.stop].text)
                ):
                    return True
                # Digit groups in a row are phone numbers or codes.
                if core.start > lo and DIGITS.match(toks[core.start - 1].text) and toks[core.start - 1].ws != "":
                    return True
                if core.stop < hi and DIGITS.match(toks[core.stop].text):
                    return True
                if len(w) == 4 and w.isdigit() and 1800 <= int(w) <= 2100:
                    nxt_tok = toks[core.stop] if core.stop < hi else None
                    if t.ent_type == "DATE" or nxt_tok is None or nxt_tok.tag not in ("NNS", "NNPS"):
                        return True  # "the 1969 riots" is a year even before a plural noun
        return False

    def _counts_plural_noun(self, p: Parsed, core: range) -> bool:
        """The small model tags some counts DATE ("between 30 and 40 trucks"); a plural noun head overrules it."""
        toks = p.tokens
        h = toks[self._anchor(p, core)].head
        if h < core.stop or h - core.stop > 3:
            return False
        t = toks[h]
        return (
            t.tag == "NNS"
            and t.ent_type not in _NOT_COUNT_ENTS
            and t.lemma.lower() not in self.duration
            and _lower(t) not in self.duration
        )

    # -- what is counted ----------------------------------------------------------------------
    def _of_object(self, p: Parsed, core: range) -> int | None:
        """The noun after "N of (the) ..." ("430 of the migrants", "thousands of protesters")."""
        kids = p.children
        for k in core:
            for c in kids[k]:
                if c >= core.stop and p.tokens[c].dep == "prep" and _lower(p.tokens[c]) == "of":
                    for g in kids[c]:
                        if p.tokens[g].dep == "pobj":
                            return g
        return None

    def _counted_noun(self, p: Parsed, core: range, anchor: int) -> tuple[int | None, bool]:
        """(noun token, whether it is part of the figure's words)."""
        toks = p.tokens
        a = toks[anchor]
        h = a.head
        head_follows = (
            h != anchor
            and h >= core.stop
            and h - core.stop <= 6
            # "two senior ministers – health minister X": a dash or comma ends the noun phrase
            and not any(toks[k].pos == "PUNCT" and toks[k].text not in ("-", "'", "’") for k in range(core.stop, h))
        )
        if head_follows and toks[h].pos in _NOMINAL:
            return h, True
        if (
            head_follows
            and toks[h].tag == "VBN"
            and a.dep not in ("nsubj", "nsubjpass")
            and toks[h].lemma in self.lex.verbs
            and h == core.stop
        ):
            return h, True  # "12 wounded" parsed with a verb head
        of = self._of_object(p, core)
        if of is not None:
            return of, True
        if h != anchor and h >= core.stop and toks[h].pos in ("NOUN", "PROPN") and toks[h].dep != "ROOT":
            return h, True
        # Elided noun: "one involving about 500 migrants and the other about 50".
        if a.dep == "conj" and h < core.start and toks[h].pos in ("NOUN", "PROPN"):
            return h, False
        return None, False

    def _resolve_pronoun(self, p: Parsed, pron: int, earlier: list[_Figure]) -> str | None:
        """What "them" in "2,000 of them" stands for: the last figure's plural noun, else the last plural noun."""
        toks = p.tokens
        sent = toks[pron].sent
        for f in reversed(earlier):
            if f.unit is None or f.noun is None or f.noun >= pron:
                continue
            if toks[f.noun].sent < sent - 1:
                break
            if toks[f.noun].tag in ("NNS", "NNPS"):
                return f.unit
        k = pron - 1
        while k >= 0 and toks[k].sent >= sent - 1:
            if toks[k].tag in ("NNS", "NNPS") and toks[k].pos == "NOUN":
                return _lower(toks[k])
            k -= 1
        return None

    # -- the figures of a sentence -----------------------------------------------------------
    def figures(self, p: Parsed) -> list[_Figure]:
        out: list[_Figure] = []
        for s in p.sents:
            lo, hi = s.first, s.last
            i = lo
            while i < hi:
                fig, nxt = self._figure_at(p, i, lo, hi, out)
                if fig is not None:
                    out.append(fig)
                i = max(nxt, i + 1)
        self._break_downs(p, out)
        self._implied_ones(p, out)
        out.sort(key=lambda f: (f.first, f.last))
        return out

    def _figure_at(self, p: Parsed, i: int, lo: int, hi: int, earlier: list[_Figure]) -> tuple[_Figure | None, int]:
        toks = p.tokens
        vague = self._vague_at(toks, i, hi)
        low: float | None
        high: float | None
        value: float | None
        qualifier: Qualifier = "exact"
        needs_category = False
        if vague is not None and self._inside_hedge(toks, i, vague[0], hi):
            return None, i + vague[0]  # "as many as 98": "many" belongs to the hedge of 98
        if vague is not None and not (i > lo and self.lex.is_number_word(toks[i - 1].text)):
            n, v = vague
            core = range(i, i + n)
            value, low, high, qualifier = None, v.low, v.high, "about"
            needs_category = v.needs_category
        elif self._starts_number(toks, i, hi):
            w = _lower(toks[i])
            m = DIGIT_RANGE.match(w)
            if m:
                core = range(i, i + 1)
                a, b = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))
                if b <= a:
                    return None, i + 1  # a score ("3-1") or a code, not a range
                value, low, high, qualifier = a, a, b, "about"
            else:
                j = self._run_end(toks, i, hi)
                core = range(i, j)
                value = self.lex.number_value([t.text for t in toks[i:j]])
                if value is None:
                    return None, j
                low = high = value
                if any(_lower(t) == "dozen" for t in toks[i:j]):
                    qualifier = "about"
                # A second number: "between 30 and 40", "30 to 40", "two or three".
                if (
                    j + 1 < hi
                    and _lower(toks[j]) in ("to", "or", "-", "–", "and")
                    and self._starts_number(toks, j + 1, hi)
                ):
                    k = self._run_end(toks, j + 1, hi)
                    second = self.lex.number_value([t.text for t in toks[j + 1 : k]])
                    joiner = _lower(toks[j])
                    between = i > lo and _lower(toks[i - 1]) == "between"
                    from_to = i > lo and _lower(toks[i - 1]) == "from"
                    if second is not None and second > value and (joiner != "and" or between) and not from_to:
                        core = range(i, k)
                        high = second
                        qualifier = "about"
        else:
            return None, i + 1
        if self._not_a_count(p, core, lo, hi):
            return None, core.stop
        first, last = core.start, core.stop
        money = any(toks[k].ent_type == "MONEY" for k in core)
        currency_unit: str | None = None
        if first > lo and toks[first - 1].text.lower() in self.symbols:
            currency_unit = self.lex.currencies[toks[first - 1].text.lower()]
            money = True
            first -= 1
        if first > lo and _lower(toks[first - 1]) == "between" and high != low:
            first -= 1
        else:
            hedge = self._hedge_before(toks, first, lo)
            if hedge is not None:
                n, h = hedge
                first -= n
                qualifier, low, high = self._apply(h, value, low, high)
        after = self._hedge_after(toks, core.stop, hi)
        if after is not None:
            n, h = after
            last = core.stop + n
            qualifier, low, high = self._apply(h, value, low, high)
        anchor = self._anchor(p, core)
        noun, in_words = self._counted_noun(p, core, anchor)
        unit: str | None = None
        if noun is not None:
            nt = toks[noun]
            if nt.lemma.lower() in self.duration or _lower(nt).split(".")[0] in self.duration:
                return None, core.stop
            if _lower(nt) in self.measure:
                return None, core.stop  # "10 degrees Celsius": a measurement
            if nt.tag in ("WDT", "WP", "WP$"):
                return None, core.stop  # "many of which": the figure of a relative clause, counted elsewhere
            unit = self._resolve_pronoun(p, noun, earlier) if nt.pos == "PRON" else _lower(nt)
            if unit is not None and not any(ch.isalpha() for ch in unit):
                unit = None  # a stray symbol the parser took for the noun
            if in_words and noun >= last and currency_unit is None:
                last = noun + 1  # (after "Rs 311 crore" the noun is what it pays for, not the unit)
        if currency_unit is not None:
            unit = currency_unit
        elif money and unit is not None and unit in self.lex.currencies:
            unit = self.lex.currencies[unit]
        cat_start = noun if noun is not None and in_words else anchor
        category = self.categories.category(p, cat_start, noun, money, core)
        if (
            category in _PERSON_COUNT_CATEGORIES | {"displaced"}
            and noun is not None
            and (toks[noun].lemma.lower() in self.things or _lower(toks[noun]) in self.things)
        ):
            category = "other"  # "multiple weapons were confiscated and ... were detained": things are not people
        if category == "troops" and noun is not None and not self.categories.is_force(toks[noun]):
            # "61 mobile vans will be deployed": vehicles are not troops (but they are transport)
            category = self.categories.default_of(toks[noun], only="transport") or "other"
        # A bare number with no noun and no category ("won 3") tells a reader nothing.
        bare = category == "other" and unit is None and noun is None and not money
        if bare and not (vague is not None and not needs_category) and toks[anchor].dep not in ("nsubj", "nsubjpass"):
            return None, core.stop
        if needs_category and category == "other":
            return None, core.stop
        if needs_category and self._part_of_a_total(p, noun if noun is not None else anchor):
            # "At least 58 people died, including several children": a share of the total the sentence
            # gives, with no number of its own
            return None, core.stop
        if category == "other" and len(core) == 1 and _lower(toks[core.start]) == "one" and qualifier == "exact":
            return None, core.stop  # "one point", "one column": a count of one thing of no kind tells nothing
        return (
            _Figure(
                first=first,
                last=last,
                anchor=anchor,
                noun=noun,
                unit=unit,
                value=value,
                low=low,
                high=high,
                qualifier=qualifier,
                category=category,
                needs_category=needs_category,
            ),
            core.stop,
        )

    @staticmethod
    def _part_of_a_total(p: Parsed, k: int) -> bool:
        """Token ``k`` is the object of "including" or "among" whose head is a numbered noun or number."""
        toks = p.tokens
        t = toks[k]
        if t.dep != "pobj" or toks[t.head].text.lower() not in ("including", "among"):
            return False
        above = toks[toks[t.head].head]
        return above.pos == "NUM" or any(toks[c].dep == "nummod" for c in p.children[above.i]) or above.pos == "VERB"

    @staticmethod
    def _apply(
        h: Hedge, value: float | None, low: float | None, high: float | None
    ) -> tuple[Qualifier, float | None, float | None]:
        if value is None or (low is not None and high is not None and low != high):
            return h.qualifier, low, high  # vague amounts and ranges keep their range
        if h.bound == "low":
            return h.qualifier, value, None
        if h.bound == "high":
            return h.qualifier, None, value
        return h.qualifier, None, None

    @staticmethod
    def _anchor(p: Parsed, core: range) -> int:
        best = core.stop - 1
        for k in core:
            h = p.tokens[k].head
            if h not in core or h == k:
                best = k
        return best

    # -- break-downs and implied ones ---------------------------------------------------------
    def _break_downs(self, p: Parsed, figs: list[_Figure]) -> None:
        """ "nine injured — seven policemen, one soldier and a border guard": the parts get a parent."""
        toks = p.tokens
        kids = p.children
        by_noun = {f.noun: n for n, f in enumerate(figs) if f.noun is not None}
        by_anchor = {f.anchor: n for n, f in enumerate(figs)}
        new: list[_Figure] = []
        for n, total in enumerate(list(figs)):
            heads = [total.noun] if total.noun is not None else [total.anchor]
            parts: list[int] = []
            for h in heads:
                for c in kids[h]:
                    if toks[c].dep == "appos" and c > h:
                        parts.extend(self._conj_chain(p, c))
            if len(parts) < 2:
                continue
            known = [by_noun.get(k, by_anchor.get(k)) for k in parts]
            if not any(k is not None and k != n for k in known):
                continue
            for k, idx in zip(parts, known, strict=True):
                if idx is not None and idx != n:
                    figs[idx].parent = n
                    figs[idx].category = total.category
                    continue
                det = [c for c in kids[k] if toks[c].dep == "det" and _lower(toks[c]) in ("a", "an")]
                if det and toks[k].tag in ("NN", "NNP"):
                    new.append(
                        _Figure(
                            first=det[0],
                            last=k + 1,
                            anchor=det[0],
                            noun=k,
                            unit=_lower(toks[k]),
                            value=1.0,
                            low=1.0,
                            high=1.0,
                            qualifier="exact",
                            category=total.category,
                            parent=n,
                        )
                    )
        figs.extend(new)

    @staticmethod
    def _conj_chain(p: Parsed, i: int) -> list[int]:
        out = [i]
        k = 0
        while k < len(out):
            out.extend(c for c in p.children[out[k]] if p.tokens[c].dep == "conj")
            k += 1
        return sorted(out)

    def _implied_ones(self, p: Parsed, figs: list[_Figure]) -> None:
        """ "detained a Taliban leader", "killing Fayez Jan": a count of one, marked implicit."""
        toks = p.tokens
        kids = p.children
        taken: set[int] = set()
        for f in figs:
            taken.update(range(f.first, f.last))
            if f.noun is not None:
                taken.add(f.noun)
        for v in toks:
            if v.pos != "VERB":
                continue
            rule = self.lex.verbs.get(v.lemma.lower())
            if rule is None or rule.category not in _PERSON_COUNT_CATEGORIES:
                continue
            if any(toks[c].dep == "aux" and _lower(toks[c]) == "to" for c in kids[v.i]):
                continue  # "an operation to capture a leader": a purpose, not a count
            objects = [c for c in kids[v.i] if toks[c].dep in ("dobj", "nsubjpass")]
            if rule.category == "killed" and v.lemma.lower() == "die":
                objects += [c for c in kids[v.i] if toks[c].dep == "nsubj"]
            for o in objects:
                for k in self._conj_chain(p, o):
                    fig = self._implied_one(p, k, taken, rule.category)
                    if fig is not None:
                        figs.append(fig)
                        taken.update(range(fig.first, fig.last))

    def _holds_office(self, p: Parsed, first: int, k: int) -> bool:
        """The named person is given an office title ("President X", "X, the governor")."""
        toks = p.tokens
        near = [*range(max(0, first - 3), k), *p.children[k]]
        return any(toks[i].lemma.lower() in self.offices or _lower(toks[i]) in self.offices for i in near)

    def _has_role(self, p: Parsed, first: int, k: int) -> bool:
        """The named person is given a role noun ("the Taliban commander Fayez Jan", "X, a facilitator")."""
        toks = p.tokens
        near = [*range(max(0, first - 3), first), *p.children[k]]
        return any(toks[i].lemma.lower() in self.person and toks[i].lemma.lower() not in self.offices for i in near)

    def _by_a_force(self, p: Parsed, k: int) -> bool:
        """A pronoun's verb (or the verb it depends on: "..., killing him") has a force as its subject
        ("the security force", "the assault force"): a security operation's report, where ISAF's
        convention counts each person killed or captured."""
        toks = p.tokens

        def force(i: int) -> bool:
            return toks[i].lemma.lower() in self.forces or _lower(toks[i]) in self.forces

        v = toks[k].head
        for _ in range(4):
            if toks[v].pos == "NOUN" and force(v):
                return True  # "The force, assessing a threat, fired at the man and killed him" (parsed as acl)
            if any(toks[c].dep in ("nsubj", "nsubjpass") and force(c) for c in p.children[v]):
                return True
            if toks[v].head == v:
                break
            v = toks[v].head
        return False

    def _implied_one(self, p: Parsed, k: int, taken: set[int], category: QuantityCategory) -> _Figure | None:
        toks = p.tokens
        t = toks[k]
        if k in taken or any(toks[c].dep == "nummod" for c in p.children[k]):
            return None
        if t.tag == "NN" and t.lemma.lower() in self.person:
            dets = [
                c for c in p.children[k] if toks[c].dep == "det" and _lower(toks[c]) in ("a", "an", "the", "another")
            ]
            if not dets:
                return None
            if _lower(toks[dets[0]]) == "the" and t.lemma.lower() in self.offices:
                return None  # "the state governor was killed": a known office holder ("a shadow governor" counts)
            first = dets[0]
            unit: str | None = _lower(t)
        elif t.tag == "PRP" and _lower(t) in ("him", "her", "he", "she"):
            if not self._by_a_force(p, k):
                return None  # "his own guards were detaining him": a known person, not an operation's count
            first, unit = k, None  # "the security force returned fire, killing him"
        elif t.pos == "PROPN" and t.ent_type == "PERSON":
            first = k
            while first - 1 >= 0 and toks[first - 1].ent_type == "PERSON" and toks[first - 1].ent_iob != "O":
                if toks[first].ent_iob == "B":
                    break
                first -= 1
            if self._holds_office(p, first, k) or not self._has_role(p, first, k):
                # "detained President X": a head of state's fate is an event, not a figure; a bare name
                # ("Amini was arrested") is a known person, not one of an operation's count
                return None
            unit = None  # "killed the Taliban commander Fayez Jan"
        else:
            return None
        if any(i in taken for i in range(first, k + 1)):
            return None
        return _Figure(
            first=first,
            last=k + 1,
            anchor=k,
            noun=k,
            unit=unit,
            value=1.0,
            low=1.0,
            high=1.0,
            qualifier="exact",
            category=category,
            implicit=True,
        )


def _quote_of(quotes: list[Quote], start: int) -> Quote | None:
    """The innermost quote whose content holds offset ``start`` (the latest-starting one)."""
    best: Quote | None = None
    for q in quotes:
        cs = q.content_span
        if cs is None or not cs.start <= start < cs.end:
            continue
        if best is None or best.content_span is None or cs.start >= best.content_span.start:
            best = q
    return best


_SIZE_TYPES = frozenset(("PROTEST",))
"""Event types whose subject's count is the event's size (PLOVER ``size``: the number of protesters)."""


def _subject_of(p: Parsed, f: _Figure, event: Event, trigger_at: dict[int, int], ev: int) -> bool:
    """The figure counts the subject of a protest event ("Some 500,000 workers stopped work")."""
    if event.type not in _SIZE_TYPES:
        return False
    toks = p.tokens
    k = f.noun if f.noun is not None else f.anchor
    return toks[k].dep == "nsubj" and trigger_at.get(toks[k].head) == ev


def make_run(lex: QuantityLexicon) -> Callable[[Analysis], None]:
    """The per-document function of the stage, for a given lexicon."""
    extractor = _Extractor(lex)
    totals = Totals(lex)
    attacher = Attacher(lex)

    def run(an: Analysis) -> None:
        p = an.parsed
        figs = extractor.figures(p)
        if not figs:
            return
        ids = [an.next_id("n") for _ in figs]
        trigger_at: dict[int, int] = {}
        for n, e in enumerate(an.events):
            k = p.token_at(e.trigger.start)
            if k is not None:
                trigger_at.setdefault(k, n)
        linked: dict[int, list[str]] = {}
        text = p.text
        cumulative_sents: dict[int, bool] = {}
        sentence_dates: dict[int, str | None] = {}
        for fid, f in zip(ids, figs, strict=True):
            start, end = p.tokens[f.first].start, p.tokens[f.last - 1].end
            si = p.tokens[f.anchor].sent
            s = p.sents[si]
            if si not in cumulative_sents:
                cumulative_sents[si] = totals.sentence_is_cumulative(p, s)
                sentence_dates[si] = totals.sentence_date(p, s, an.published)
            cumulative = not f.implicit and (
                cumulative_sents[si]
                or totals.perfect_total(p, f.noun if f.noun is not None else f.anchor, s, f.category, an.published)
            )
            # A running total counts a campaign, not one event: it is never linked to one.
            ev = None
            if an.events and not cumulative:
                ev = attacher.event_of(
                    p,
                    first=f.first,
                    anchor=f.anchor,
                    noun=f.noun,
                    category=f.category,
                    events=an.events,
                    trigger_at=trigger_at,
                )
            if ev is not None:
                linked.setdefault(ev, []).append(fid)
            event = an.events[ev] if ev is not None else None
            category = f.category
            if (
                category == "other"
                and event is not None
                and ev is not None
                and _subject_of(p, f, event, trigger_at, ev)
            ):
                category = "participants"  # "Some 500,000 workers stopped work": who protests is its size
            quote = _quote_of(an.quotes, start)
            claimant = quote.speaker if quote is not None else None
            if claimant is None and event is not None and event.status in ("claimed", "denied"):
                claimant = event.claimed_by
            an.quantities.append(
                Quantity(
                    id=fid,
                    value=f.value,
                    low=f.low,
                    high=f.high,
                    qualifier=f.qualifier,
                    category=category,
                    unit=f.unit,
                    text=text[start:end],
                    start=start,
                    end=end,
                    event=event.id if event is not None else None,
                    evidence=Span(text[s.start : s.end], s.start, s.end),
                    parent=ids[f.parent] if f.parent is not None else None,
                    implicit=f.implicit,
                    cumulative=cumulative,
                    as_of=totals.as_of(p, s, an.published) if cumulative else None,
                    date=sentence_dates[si] or (event.date if event is not None else None),
                    quote=quote.id if quote is not None else None,
                    claimant=claimant,
                )
            )
        for ev, qids in linked.items():
            e = an.events[ev]
            an.events[ev] = dataclasses.replace(e, quantities=[*e.quantities, *qids])

    return run


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    """Take the word lists and return the per-document function."""
    return make_run(knowledge.quantities)


SPEC = StageSpec(
    "quantities.rules.v1",
    make_stage,
    requires=("events", "quotes"),
    produces=("quantities",),
    # Each figure is linked to its event: the event's ``quantities`` list gets the figure's id.
    updates=("events",),
    knowledge=("quantities",),
    doc="typed figures (killed, injured, moved, ...) with qualifiers, ranges and their event",
)


__all__ = ["SPEC", "make_run", "make_stage"]
