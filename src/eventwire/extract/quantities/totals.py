"""Running totals: which figures are cumulative ("since January", "the death toll rose to") and as of when.

A figure is cumulative when its sentence carries a running-total cue from
``knowledge/quantities/context_words.tsv``:

* ``cumulative_cue``: a phrase anywhere in the sentence ("so far", "to date", "in total", "a total
  of", "altogether");
* ``since`` followed by date words ("since January", "since the start of the year"), or anywhere
  in a sentence in the perfect ("have been killed since the fighting began"): the total counts
  from then on;
* a ``cumulative_year`` preposition before a bare year ("died in 2023"): a whole-year total;
* a ``toll_noun`` (toll, tally) whose governing verb is a ``rise_verb`` ("the death toll rose to
  12", "the tally has climbed to 40").
* a ``campaign_noun`` (war, unrest, fighting) as the subject of a verb in the perfect or of "result
  in": "the fighting has killed at least 295 civilians", "the unrest resulted in more than 100
  deaths" count the whole campaign.

A figure is also cumulative when it counts people who are the subject of a verb in the present
perfect ("more than 33,000 people have fled", "at least 295 civilians have been killed and 1,790
wounded") and nothing ties the count to one incident: no incident noun in the sentence
(``event_noun``: attack, bombing, clash, operation, ...), no "after/when" clause ("have drowned after
their boat capsized"), no date words in the verb's own clause ("have drowned off Marnia on
Wednesday"; "officials said on Monday that 40,000 have crossed" dates the saying). Not the past
perfect (reported speech: "said 10 had been shot dead" is one incident's past), not an object
("forces have detained two insurgents" reports an operation: ISAF), not a coordinated verb with its
own auxiliary ("have died and dozens are feared missing"). News leads use the perfect for one
incident too ("12 people have been killed in a bombing"), which is why the incident test is there.
Only counts of people (``_PEOPLE``) are read this way.

The as-of date is the sentence's own date words first (a DATE entity that is not the start of a
"since" span and resolves to a day: "On November 18, the toll stood at 13"), else the publication
date. Cumulative totals are never attached to one event.
"""

from __future__ import annotations

from datetime import date

from ...nlp import Parsed, TokenSpan
from ..common.dates import MONTHS, parse_published, resolve
from .words import QuantityLexicon

_DAY_LEN = len("YYYY-MM-DD")
# Categories a perfect-tense running total can have: counts of people something happened to.
_PEOPLE = frozenset(("killed", "injured", "missing", "displaced", "moved", "returned", "detained", "arrested"))
# Subordinators that tie a perfect to one incident ("have drowned after their boat capsized").
_INCIDENT_MARKS = frozenset(("after", "when"))
_MAX_CLIMB = 6
_PRESENT_HAVE = frozenset(("have", "has", "'ve", "’ve"))


class Totals:
    """Cue lookups for running totals, with the word lists loaded once."""

    def __init__(self, lex: QuantityLexicon) -> None:
        self.cues = {tuple(w.split()) for w in lex.words("cumulative_cue")}
        self.max_cue = max((len(c) for c in self.cues), default=0)
        self.since = lex.words("cumulative_since")
        self.year_preps = lex.words("cumulative_year")
        self.toll = lex.words("toll_noun")
        self.rise = lex.words("rise_verb")
        self.campaign = lex.words("campaign_noun")
        self.incident = lex.words("event_noun")

    def _since_date(self, p: Parsed, k: int, hi: int) -> bool:
        """ "since" at ``k`` opens date words ("since January", "since 2020", "since the start of the year")."""
        if k + 1 >= hi:
            return False
        nxt = p.tokens[k + 1]
        w = nxt.text.lower().rstrip(".")
        return nxt.ent_type == "DATE" or w in MONTHS or (w.isdigit() and len(w) == 4)

    @staticmethod
    def _perfect(p: Parsed, s: TokenSpan) -> bool:
        """The sentence has a perfect ("have fled", "had been killed")."""
        toks = p.tokens
        return any(
            toks[k].lemma.lower() == "have" and toks[k].dep == "aux" and toks[toks[k].head].tag == "VBN"
            for k in range(s.first, s.last)
        )

    def sentence_is_cumulative(self, p: Parsed, s: TokenSpan) -> bool:
        toks = p.tokens
        words = [t.text.lower() for t in toks[s.first : s.last]]
        if any(w in self.since for w in words) and self._perfect(p, s):
            return True
        for k in range(len(words)):
            for n in range(1, self.max_cue + 1):
                if tuple(words[k : k + n]) in self.cues:
                    return True
            i = s.first + k
            if words[k] in self.since and self._since_date(p, i, s.last):
                return True
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if words[k] in self.year_preps and len(nxt) == 4 and nxt.isdigit() and 1900 <= int(nxt) <= 2100:
                return True
            t = toks[i]
            if t.lemma.lower() in self.toll or words[k] in self.toll:
                h = toks[t.head]
                if h.lemma.lower() in self.rise:
                    return True
            if words[k] in self.campaign and t.dep == "nsubj" and self._campaign_total(p, t.head):
                return True
        return False

    @staticmethod
    def _campaign_total(p: Parsed, verb: int) -> bool:
        """The campaign's verb says a total: "has killed" (perfect) or "resulted in"."""
        toks = p.tokens
        v = toks[verb]
        if v.lemma.lower() == "result":
            return True
        return v.tag == "VBN" and any(
            toks[c].lemma.lower() == "have" and toks[c].dep == "aux" for c in p.children[verb]
        )

    def perfect_total(self, p: Parsed, k: int, s: TokenSpan, category: str, published: str | None) -> bool:
        """The figure at token ``k`` is the subject or object of a verb in the perfect and its sentence
        names no single incident: a running total ("more than 33,000 people have fled")."""
        if category not in _PEOPLE:
            return False
        verb = self._verb_of(p, k)
        if verb is None or not self._has_perfect(p, verb):
            return False
        return not self._names_incident(p, s, verb, published)

    @staticmethod
    def _verb_of(p: Parsed, k: int) -> int | None:
        """The verb token ``k``'s figure is the subject of ("33,000 people have fled", "295 civilians have
        been killed and 1,790 wounded"); None when it is an object ("forces have detained two
        insurgents" reports an operation, not a total)."""
        toks = p.tokens
        cur = k
        for _ in range(_MAX_CLIMB):
            h = toks[cur].head
            if h == cur:
                return None
            if toks[h].pos == "VERB":
                return h if toks[cur].dep in ("nsubj", "nsubjpass", "conj") else None
            cur = h
        return None

    @staticmethod
    def _has_perfect(p: Parsed, verb: int) -> bool:
        """The present perfect: "have fled", "has been killed"; also the second verb of "have been killed
        and 1,790 wounded", which shares the first one's auxiliary. Not "will have", and not the past
        perfect, which in reported speech is one incident's past ("said 104 survivors had been brought
        ashore", "said at least 10 had been shot dead")."""
        toks = p.tokens
        v = verb
        for _ in range(3):
            kids = p.children[v]
            if any(
                toks[c].dep == "aux" and toks[c].lemma.lower() in ("will", "would", "may", "might", "could")
                for c in kids
            ):
                return False
            if toks[v].tag == "VBN" and any(toks[c].dep == "aux" and toks[c].lower in _PRESENT_HAVE for c in kids):
                return True
            if toks[v].dep not in ("conj", "acl") or toks[v].head == v:
                return False
            if any(toks[c].dep in ("aux", "auxpass") for c in kids):
                return False  # "have died and dozens are feared missing": the second verb has its own tense
            v = toks[v].head
        return False

    def _names_incident(self, p: Parsed, s: TokenSpan, verb: int, published: str | None) -> bool:
        """The sentence names one incident (an incident noun, an "after/when" clause) or the verb's
        clause a date ("during the week of April 24-30", "on Wednesday"; only the verb's own clause:
        "officials said on Monday that 40,000 have crossed" dates the saying, not the crossings)."""
        toks = p.tokens
        for i in range(s.first, s.last):
            t = toks[i]
            if t.lemma.lower() in self.incident or t.text.lower() in self.incident:
                return True
            if t.text.lower() in _INCIDENT_MARKS and (
                t.dep == "mark" or any(toks[c].dep == "pcomp" for c in p.children[i])
            ):
                return True  # "after their boat capsized" (a mark, or a preposition with a clause)
        lo, hi = p.subtree(verb)
        return bool(self._dates(p, lo, hi, parse_published(published)))

    def _dates(self, p: Parsed, first: int, last: int, pub: date | None) -> list[str]:
        """Resolved date words of tokens ``[first, last)`` in text order ("since" spans left out)."""
        out = []
        for e in p.ents:
            if e.label != "DATE" or e.first < first or e.last > last:
                continue
            if e.first > first and p.tokens[e.first - 1].text.lower() in self.since:
                continue  # "since January" is where the count starts, not the date it holds for
            if e.text.lower().split()[0] in self.since:
                continue
            value = resolve(e.text, pub)
            if value is not None:
                out.append(value)
        return out

    def as_of(self, p: Parsed, s: TokenSpan, published: str | None) -> str | None:
        """The date a total of sentence ``s`` holds for: its own day-precise date words, else publication."""
        pub: date | None = parse_published(published)
        for value in self._dates(p, s.first, s.last, pub):
            if len(value) == _DAY_LEN:
                return value
        return pub.isoformat() if pub is not None else None

    def sentence_date(self, p: Parsed, s: TokenSpan, published: str | None) -> str | None:
        """The date sentence ``s`` gives itself ("On November 18, 431 ..."): the most precise of its date words."""
        values = self._dates(p, s.first, s.last, parse_published(published))
        return max(values, key=len) if values else None


__all__ = ["Totals"]
