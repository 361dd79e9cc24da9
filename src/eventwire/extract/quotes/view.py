"""Shared state and small parse helpers of the quotes stage (one instance per document).

The quotes stage is split by concern: :mod:`.quote_candidates` finds cue verbs and phrases,
:mod:`.quote_channels` turns outlets into ``via``, :mod:`.quote_attach` gives quoted passages
to attributions, and :mod:`.quotes` builds the records. All work on one :class:`QuoteView`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ...analysis import Analysis
from ...nlp import Parsed, Token
from ...records import Span
from ..common.quote_lexicon import QuoteLexicon
from .learned import CueModel
from .marks import Quoted, find_quoted

SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents of a speaker noun that are not part of its name.
NAME_STOP = frozenset({"relcl", "acl", "advcl", "cc", "conj", "prep"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
EDGE_CHARS = " \t\n,;:—–-"
QUOTE_CHARS = "“”\"«»„‘’'`"
# Quoted passages shorter than this without a cue are scare quotes or titles, not quotes.
MIN_BARE_WORDS = 6
LINE = re.compile(r"[^\n]+")
# At most this many tokens before a colon make a "NAME: text" speaker.
COLON_SPEAKER_TOKENS = 6
# Tokens between a quoted passage and its cue ("“…,” the ministry's spokesman said").
FRAME_TOKENS = 14


@dataclass
class Attribution:
    """A candidate attribution being built (token indices; char offsets for content)."""

    cue: tuple[int, int]
    """Token range of the cue; ``(-1, -1)`` for a quote paragraph that continues an earlier speaker."""
    kind: str
    """Cue kind from the lexicon (speech, belief, deny, disagree) or ``source_prep`` for "according to"."""
    speaker_head: int | None
    content: tuple[int, int] | None
    """Character range of the content."""
    anchor: int
    """The cue's governing token (for nesting checks)."""
    direct: bool = False
    denial: bool = False
    responds: bool = False
    """A denial or disagreement that answers an earlier claim instead of restating it."""
    via: tuple[int, int] | None = None
    parts: list[Quoted] = field(default_factory=list)
    """Quoted passages that make up (or sit in) the content."""
    dropped: bool = False
    colon_head: int | None = None
    """For "NAME: text" attributions, the first token of the speaker name."""


def toks_is_quote(t: Token) -> bool:
    """True for tokens made only of quote marks (the parser sometimes makes one a subject)."""
    return all(ch in QUOTE_CHARS for ch in t.text)


def toks_is_punct(t: Token) -> bool:
    """True for punctuation and whitespace tokens."""
    return t.pos in ("PUNCT", "SPACE") or not t.text.strip()


class QuoteView:
    """One document as the quotes stage sees it: text, parse, quote marks, lexicon."""

    def __init__(self, an: Analysis, lex: QuoteLexicon, model: CueModel | None = None) -> None:
        self.an = an
        self.lex = lex
        self.model = model
        """Learned cue and content models for verbs the lexicon does not list (None: lexicon only)."""
        self._quoted_sents: frozenset[int] | None = None
        """Sentences holding a quote mark (a learned-cue feature), computed on first use."""
        self.doc: Parsed = an.parsed
        self.toks: list[Token] = an.parsed.tokens
        self.text = an.text
        self.kids = an.parsed.children
        self.quoted = find_quoted(self.text)
        self._starts = [t.start for t in self.toks]
        self.actors = an.actor_index
        """Token -> actor, and the resolver for speaker phrases (filled by the actors stage)."""

    def _child(self, i: int, deps: tuple[str, ...], lemma: str | None = None) -> int | None:
        for k in self.kids[i]:
            t = self.toks[k]
            if t.dep in deps and (lemma is None or t.lower == lemma):
                return k
        return None

    def _subtree_chars(self, i: int, exclude: int | None = None) -> tuple[int, int]:
        """Char range of token ``i``'s subtree without the subtree of ``exclude`` (if given).

        When ``exclude`` stands in the middle ("X, the group said, compared with Y") the part before
        it is kept: a content spans contiguous text and the claim comes first in that word order.
        """
        lo, hi = self.doc.subtree(i)
        if exclude is not None:
            elo, ehi = self.doc.subtree(exclude)
            if elo <= lo < ehi:
                lo = ehi
            elif lo < elo < hi:
                hi = elo
        if lo >= hi:
            return (self.toks[i].start, self.toks[i].end)
        return (self.toks[lo].start, self.toks[hi - 1].end)

    def _subject(self, i: int) -> int | None:
        """Subject of verb ``i``, climbing through participles, infinitives and conjuncts."""
        j = i
        for _ in range(4):
            s = next(
                (k for k in self.kids[j] if self.toks[k].dep in SUBJ_DEPS and not toks_is_quote(self.toks[k])), None
            )
            if s is not None:
                if self.toks[s].lower in ("who", "that", "which") and self.toks[j].dep == "relcl":
                    return self.toks[j].head  # "the senator, who said ..." -> the senator
                return s
            agent = self._child(j, ("agent",))
            if agent is not None:
                return self._child(agent, ("pobj",))
            t = self.toks[j]
            if t.dep in ("advcl", "xcomp", "conj", "acl") and t.head != j:
                j = t.head
                continue
            head = self.toks[t.head]
            if t.dep == "pcomp" and head.dep == "prep" and head.head != head.i:
                j = head.head  # "published the results by announcing that ...": the subject of "published"
                continue
            return None
        return None

    def _cue_range(self, i: int) -> tuple[int, int]:
        """The cue verb with its auxiliaries and negation ("has said", "did not deny") and particle."""
        lo = hi = i
        for k in self.kids[i]:
            d = self.toks[k].dep
            if d in ("aux", "auxpass", "neg") and k == lo - 1:
                lo = k
            elif d == "prt" and k == hi + 1:
                hi = k
        # children come in text order; a second pass catches aux chains ("has been saying")
        for k in reversed(self.kids[i]):
            if k == lo - 1 and self.toks[k].dep in ("aux", "auxpass", "neg"):
                lo = k
        return (lo, hi + 1)

    def _channel_np(self, i: int) -> bool:
        lo, hi = self._name_range(i)
        return self.lex.is_channel(t.text for t in self.toks[lo:hi])

    def _name_range(self, head: int) -> tuple[int, int]:
        """Token range naming the noun phrase headed by ``head`` (no relative clauses or appositions)."""
        lo, hi = head, head + 1
        for k in self.kids[head]:
            t = self.toks[k]
            if k < head and t.dep != "punct":
                lo = min(lo, self.doc.subtree(k)[0])
        for k in self.kids[head]:
            t = self.toks[k]
            if k > head:
                if t.dep == "punct":
                    # a comma only belongs to the name when an apposition follows it
                    if not any(self.toks[j].dep == "appos" for j in self.kids[head] if j > k):
                        break
                    continue
                if t.dep in NAME_STOP and not (t.dep == "prep" and k == hi and self.toks[head].pos == "NOUN"):
                    break
                hi = max(hi, self.doc.subtree(k)[1])
        while hi - 1 > head and toks_is_punct(self.toks[hi - 1]):
            hi -= 1
        return (lo, hi)

    def _clamp_to_paragraph(self, content: tuple[int, int], at: int) -> tuple[int, int] | None:
        """Reported content stays in the paragraph of its cue (the parser may run over a break)."""
        text = self.text
        lo = text.rfind("\n", 0, at) + 1
        hi = text.find("\n", at)
        hi = len(text) if hi == -1 else hi
        s, e = max(content[0], lo), min(content[1], hi)
        return (s, e) if s < e else None

    def _token_from(self, char: int) -> int:
        """Index of the first token starting at or after ``char`` (len(tokens) if none)."""
        return bisect.bisect_left(self._starts, char)

    def _span(self, s: int, e: int) -> Span:
        return Span(self.text[s:e], s, e)


__all__ = ["Attribution", "QuoteView", "toks_is_punct", "toks_is_quote"]
