"""Stage `quotes.rules.v1`: direct quotes and reported speech, tied to speakers and channels.

How it works, in one pass over the parse plus one over the quote marks:

1. Every token whose lemma is a cue verb (``knowledge/quotes/cue_verbs.tsv``) or that opens a cue
   phrase (``according to``, ``in a statement``, ``call for``: ``cue_phrases.tsv``) becomes a
   candidate attribution. Its content is the that-clause / ccomp (or the object, of-phrase or
   infinitive, as the lexicon says for that verb; the host clause for ``according to``); its
   speaker is the subject, found through participles and conjuncts ("Poland disagreed, warning
   that ..." -> Poland).
2. Quoted passages (:mod:`.quote_marks`) inside a content make the quote direct; a passage
   outside every content is attached to a cue in the words next to it ("“…,” he said",
   'X said: "…"'), and the second half of a split quote ("“A,” he said, “B.”") joins the first.
   A long passage with no cue that follows a quote continues that speaker.
3. Channels: when the speaker of an attribution is an outlet or channel (``channels.tsv``) and its
   content holds another attribution, that inner one is the quote and the outlet its ``via``
   ("X said ..., Interfax reported"); likewise "according to <channel>" and "told <channel>".
4. Speakers resolve to actors with the actors stage's helpers; he/she/it/they resolve to the
   last speaker of matching kind.

Denials ("X denied that ...") get ``denial=True``. A denial or disagreement without content of its
own ("charges that officials deny", "Poland disagreed, ...") is listed in
``an.scratch["quotes.responds"]`` (quote id -> True) so the contradictions stage can tie it to the
claim it answers.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from ..nlp import Parsed, Token
from ..pipeline import Analysis, StageFn, stage
from ..records import Quote, Span
from . import actors as _actors
from .quote_lexicon import QuoteLexicon, load_lexicon
from .quote_marks import Quoted, find_quoted

_SUBJ = ("nsubj", "nsubjpass", "csubj")
# Dependents of a speaker noun that are not part of its name.
_NAME_STOP = frozenset({"relcl", "acl", "advcl", "cc", "conj", "prep"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_GROUP_PRONOUNS = frozenset({"it", "they", "we"})
_EDGE_CHARS = " \t\n,;:—–-"
_QUOTE_CHARS = "“”\"«»„‘’'`"
# Quoted passages shorter than this without a cue are scare quotes or titles, not quotes.
_MIN_BARE_WORDS = 6
# At most this many tokens before a colon make a "NAME: text" speaker.
_COLON_SPEAKER_TOKENS = 6
# Tokens between a quoted passage and its cue ("“…,” the ministry's spokesman said").
_FRAME_TOKENS = 14


@dataclass
class _Attr:
    """A candidate attribution being built (token indices; char offsets for content)."""

    cue: tuple[int, int]
    kind: str
    speaker_head: int | None
    content: tuple[int, int] | None
    anchor: int
    """The cue's governing token (for nesting checks)."""
    direct: bool = False
    denial: bool = False
    responds: bool = False
    via: tuple[int, int] | None = None
    parts: list[Quoted] = field(default_factory=list)
    dropped: bool = False
    colon_head: int | None = None
    """For "NAME: text" attributions, the first token of the speaker name."""


def _actor_helpers() -> tuple[Callable[..., str | None], Callable[..., str | None] | None]:
    """The actors stage's lookups; ``ensure_actor`` may not exist yet in older trees."""
    return _actors.actor_at, getattr(_actors, "ensure_actor", None)


class _Finder:
    """Finds the quotes of one document; created per document, discarded after."""

    def __init__(self, an: Analysis, lex: QuoteLexicon):
        self.an = an
        self.lex = lex
        self.doc: Parsed = an.parsed
        self.toks: list[Token] = an.parsed.tokens
        self.text = an.text
        self.kids = an.parsed.children
        self.quoted = find_quoted(self.text)
        self._starts = [t.start for t in self.toks]
        self.actor_at, self.ensure_actor = _actor_helpers()

    # -- small parse helpers ------------------------------------------------------------
    def _child(self, i: int, deps: tuple[str, ...], lemma: str | None = None) -> int | None:
        for k in self.kids[i]:
            t = self.toks[k]
            if t.dep in deps and (lemma is None or t.lower == lemma):
                return k
        return None

    def _subtree_chars(self, i: int, exclude: int | None = None) -> tuple[int, int]:
        """Char range of token ``i``'s subtree; if ``exclude`` is given, cut that subtree off its edge."""
        lo, hi = self.doc.subtree(i)
        if exclude is not None:
            elo, ehi = self.doc.subtree(exclude)
            if elo <= lo < ehi:
                lo = ehi
            elif elo < hi <= ehi or (lo < elo and ehi >= hi):
                hi = elo
        if lo >= hi:
            return (self.toks[i].start, self.toks[i].end)
        return (self.toks[lo].start, self.toks[hi - 1].end)

    def _subject(self, i: int) -> int | None:
        """Subject of verb ``i``, climbing through participles, infinitives and conjuncts."""
        j = i
        for _ in range(4):
            s = next((k for k in self.kids[j] if self.toks[k].dep in _SUBJ and not toks_is_quote(self.toks[k])), None)
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

    # -- candidates from the parse ----------------------------------------------------------
    def _content_of(self, i: int, places: frozenset[str]) -> tuple[int, int] | None:
        """Char range of the content of cue verb ``i``."""
        spans: list[tuple[int, int]] = []
        for k in self.kids[i]:
            if self.toks[k].dep == "ccomp":
                spans.append(self._subtree_chars(k))
        if not spans and self.toks[i].dep == "parataxis":
            # "The crisis is over, he said, ..." parsed with the cue hanging off the quote's verb.
            spans.append(self._subtree_chars(self.toks[i].head, exclude=i))
        if not spans:
            dobj = self._child(i, ("dobj", "dative"))
            if "obj" in places and dobj is not None:
                spans.append(self._subtree_chars(dobj))
            if "of" in places:
                p = self._child(i, ("prep",), "of")
                if p is not None:
                    spans.append(self._subtree_chars(p))
            if "about" in places or "on" in places:
                p = self._child(i, ("prep",), "about") or self._child(i, ("prep",), "on")
                if p is not None:
                    spans.append(self._subtree_chars(p))
            if "to" in places:
                x = self._child(i, ("xcomp",))
                if x is not None:
                    spans.append(self._subtree_chars(x))
                    if dobj is not None and dobj < x:
                        spans.append(self._subtree_chars(dobj))
        if not spans:
            return None
        return (min(s for s, _ in spans), max(e for _, e in spans))

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
                if t.dep in _NAME_STOP and not (t.dep == "prep" and k == hi and self.toks[head].pos == "NOUN"):
                    break
                hi = max(hi, self.doc.subtree(k)[1])
        while hi - 1 > head and toks_is_punct(self.toks[hi - 1]):
            hi -= 1
        return (lo, hi)

    def _verb_candidates(self) -> list[_Attr]:
        """One candidate per cue verb (or "call for"-style verb + particle) that is a statement."""
        out: list[_Attr] = []
        for t in self.toks:
            if t.pos not in ("VERB", "AUX") and not t.tag.startswith("VB"):
                continue
            cue = self.lex.verbs.get(t.lemma.lower()) or self.lex.verbs.get(t.lower)
            particle = self._particle_cue(t.i)
            if (cue is None and particle is None) or self._is_participle(t):
                continue
            kind = cue.kind if cue is not None else "speech"
            content = self._particle_content(t.i, particle) if particle is not None else None
            if content is None:
                content = self._content_of(t.i, cue.content if cue is not None else frozenset())
            if content is not None:
                content = self._clamp_to_paragraph(content, t.start)
            if content is not None and content[0] <= t.start < content[1] and t.dep == "relcl":
                continue  # a relative clause around its own cue is a misparse
            lo, hi = self._cue_range(t.i)
            if particle is not None and particle == hi:
                hi = particle + 1
            attr = _Attr(cue=(lo, hi), kind=kind, speaker_head=self._subject(t.i), content=content, anchor=t.i)
            attr.denial = kind in ("deny", "disagree")
            if content is None:
                if kind not in ("deny", "disagree"):
                    # kept only so a quote mark beside it can attach ("“…,” he said")
                    if kind != "speech":
                        continue
                else:
                    attr.responds = True
                    attr.content = self._antecedent_claim(t.i)
            out.append(attr)
        self._link_responses(out)
        return out

    def _is_participle(self, t: Token) -> bool:
        """ "denied recognition", "the claimed victory", "Isolated and denied ...": not statements."""
        if t.tag != "VBN" or self._child(t.i, _SUBJ) is not None:
            return False
        if t.dep in ("amod", "acl"):
            return True
        if any(self.toks[k].dep in ("aux", "auxpass") for k in self.kids[t.i]):
            return False
        return t.dep in ("advcl", "conj")

    def _particle_content(self, verb: int, particle: int) -> tuple[int, int] | None:
        """Content of "call for X" / "called on X to Y": what follows the particle."""
        kids = self.kids[particle]
        if not kids:
            return None
        end = self._subtree_chars(particle)[1]
        x = self._child(verb, ("xcomp",))
        if x is not None and x > particle:
            # "called on Germany to accept ...": the infinitive is part of the demand
            end = max(end, self._subtree_chars(x)[1])
        return (self.toks[kids[0]].start, end)

    def _link_responses(self, attrs: list[_Attr]) -> None:
        """Tie content-less denials and disagreements to the clause that carries them."""
        by_anchor = {a.anchor: a for a in attrs}
        for a in attrs:
            if not a.responds:
                continue
            for k in self.kids[a.anchor]:
                b = by_anchor.get(k)
                if b is not None and self.toks[k].dep in ("advcl", "conj", "xcomp") and b.content is not None:
                    # "Poland disagreed, warning that ...": the participle's quote answers the claim
                    b.responds = True
                    b.denial = b.denial or a.kind == "deny"
                    a.dropped = True
            t = self.toks[a.anchor]
            outer = by_anchor.get(t.head)
            if a.content is not None and t.dep == "ccomp" and outer is not None and outer.content is not None:
                # "charges that officials deny" (an antecedent claim noun was found): a relative
                # clause the parser took for the that-clause of "charges"
                outer.dropped = True

    def _clamp_to_paragraph(self, content: tuple[int, int], at: int) -> tuple[int, int] | None:
        """Reported content stays in the paragraph of its cue (the parser may run over a break)."""
        text = self.text
        lo = text.rfind("\n", 0, at) + 1
        hi = text.find("\n", at)
        hi = len(text) if hi == -1 else hi
        s, e = max(content[0], lo), min(content[1], hi)
        return (s, e) if s < e else None

    def _particle_cue(self, i: int) -> int | None:
        """Index of the particle/preposition of a "call for"-style cue at verb ``i``."""
        lemma = self.toks[i].lemma.lower()
        for k in self.kids[i]:
            t = self.toks[k]
            if t.dep in ("prep", "prt") and self.lex.phrases.get((lemma, t.lower)) == "particle":
                return k
        return None

    def _antecedent_claim(self, i: int) -> tuple[int, int] | None:
        """For "charges that officials deny": the claim noun the denial's relative clause hangs on."""
        lo = self.doc.subtree(i)[0]
        # the word just before the clause ("charges that ...", "claims which ...")
        k = lo - 1
        if lo > 0 and self.toks[lo - 1].lower in ("that", "which"):
            k = lo - 2
        if k >= 0 and self.toks[k].lower in self.lex.words.get("claim_noun", frozenset()):
            return (self.toks[k].start, self.toks[k].end)
        return None

    def _phrase_candidates(self) -> list[_Attr]:
        """Attributions from "according to X" and "in a statement"."""
        out: list[_Attr] = []
        toks = self.toks
        for t in toks:
            if t.lower == "according" and t.i + 1 < len(toks) and toks[t.i + 1].lower == "to":
                pobj = self._child(t.i + 1, ("pobj",))
                if pobj is None:
                    continue
                host = t.head if t.head != t.i else None
                if host is None:
                    continue
                content = self._host_content(host, t.i)
                a = _Attr(cue=(t.i, t.i + 2), kind="source_prep", speaker_head=pobj, content=content, anchor=host)
                out.append(a)
            elif t.dep == "prep" and t.lower == "in":
                pobj = self._child(t.i, ("pobj",))
                if pobj is None:
                    continue
                lo = t.i
                words = tuple(x.lower for x in toks[lo : pobj + 1])  # "in a statement"
                if self.lex.phrases.get(words) != "statement":
                    continue
                host = t.head
                if self.toks[host].pos not in ("VERB", "AUX"):
                    continue
                if self.lex.verbs.get(self.toks[host].lemma.lower()) is not None:
                    continue  # "X said in a statement": the verb is the cue
                subj = self._subject(host)
                if subj is None:
                    continue
                content = self._host_content(host, t.i, subj)
                out.append(_Attr(cue=(lo, pobj + 1), kind="speech", speaker_head=subj, content=content, anchor=host))
        return out

    def _colon_candidates(self) -> list[_Attr]:
        """Transcript and headline attributions: "PENCE: Well, ..." / "Warren: 'You should resign'"."""
        out: list[_Attr] = []
        toks = self.toks
        labels = self.lex.words.get("label", frozenset())
        para_first = 0
        for t in toks:
            if t.i > 0 and "\n" in self.text[toks[t.i - 1].end : t.start]:
                para_first = t.i
            if t.text != ":" or t.i - para_first > _COLON_SPEAKER_TOKENS or t.i == para_first:
                continue
            head = t.i - 1
            words = [x for x in toks[para_first : t.i]]
            if any(x.lower in labels for x in words) or toks[head].pos not in ("PROPN", "NOUN"):
                continue
            if not any(x.pos == "PROPN" or (x.text.isupper() and len(x.text) > 1) for x in words):
                continue
            k = t.i + 1
            end = k
            while end < len(toks) and "\n" not in self.text[toks[end - 1].end : toks[end].start]:
                end += 1
            while end > k and toks_is_punct(toks[end - 1]) and toks[end - 1].text[0] not in _QUOTE_CHARS:
                end -= 1
            if end <= k:
                continue
            content = (toks[k].start, toks[end - 1].end)
            out.append(
                _Attr(
                    cue=(t.i, t.i + 1),
                    kind="speech",
                    speaker_head=head,
                    content=content,
                    anchor=t.i,
                    colon_head=para_first,
                )
            )
        return out

    def _host_content(self, host: int, cut: int, subj: int | None = None) -> tuple[int, int] | None:
        """The host clause of an attribution phrase, without the phrase (and without the subject)."""
        lo, hi = self.doc.subtree(host)
        clo, chi = self.doc.subtree(cut)
        if subj is not None:
            slo, shi = self.doc.subtree(subj)
            if slo <= lo:
                lo = shi
        if clo <= lo:
            lo = max(lo, chi)
        elif chi >= hi:
            hi = clo
        elif clo - lo >= hi - chi:
            hi = clo  # a phrase in the middle: keep the longer side, content spans are contiguous
        else:
            lo = chi
        while lo < hi and toks_is_punct(self.toks[lo]):
            lo += 1
        while hi > lo and toks_is_punct(self.toks[hi - 1]):
            hi -= 1
        if lo >= hi:
            return None
        return (self.toks[lo].start, self.toks[hi - 1].end)

    # -- channels ---------------------------------------------------------------------------
    def _apply_channels(self, attrs: list[_Attr]) -> None:
        """Outlet-as-speaker and according-to-channel attributions become the ``via`` of inner ones."""
        for a in attrs:
            if a.speaker_head is None or not self._channel_np(a.speaker_head):
                # "X told Interfax": the recipient channel is the via
                if a.kind != "source_prep":
                    self._recipient_via(a)
                continue
            inner = self._inner_attrs(a, attrs)
            for b in inner:
                if b.via is None:
                    b.via = self._name_range(a.speaker_head)
            if inner:
                a.dropped = True
            else:
                self._channel_tail(a, attrs)

    def _channel_tail(self, a: _Attr, attrs: list[_Attr]) -> None:
        """ "X said ..., Tass reported" parsed with the channel clause inside X's content: cut it off."""
        cue_start = self.toks[a.anchor].start
        host: _Attr | None = None
        for b in attrs:
            if b is a or b.dropped or b.content is None or b.speaker_head is None or b.kind == "source_prep":
                continue
            inside = b.content[0] <= cue_start < b.content[1] and not self._channel_np(b.speaker_head)
            if inside and (host is None or (host.content is not None and b.content[0] >= host.content[0])):
                host = b
        if host is None or host.content is None:
            return
        tail = self.toks[self.doc.subtree(a.anchor)[0]].start
        if tail > host.content[0]:
            host.content = (host.content[0], tail)
            if host.via is None:
                host.via = self._name_range(a.speaker_head) if a.speaker_head is not None else None
            a.dropped = True

    def _recipient_via(self, a: _Attr) -> None:
        verb = a.cue[0] if self.toks[a.cue[0]].dep not in ("aux", "auxpass", "neg") else a.anchor
        verb = a.anchor if a.kind != "source_prep" else verb
        for k in self.kids[verb]:
            t = self.toks[k]
            if t.dep in ("dobj", "dative") and t.pos in ("PROPN", "NOUN") and self._channel_np(k):
                a.via = self._name_range(k)
                return
            if t.dep == "prep" and t.lower in ("on", "via", "through", "to"):
                p = self._child(k, ("pobj",))
                if p is not None and self._channel_np(p) and self.toks[p].lower not in ("channel",):
                    a.via = self._name_range(p)
                    return

    def _inner_attrs(self, outer: _Attr, attrs: list[_Attr]) -> list[_Attr]:
        """The attributions whose cue stands in ``outer``'s content (or host clause)."""
        if outer.content is None:
            return []
        s, e = outer.content
        out: list[_Attr] = []
        for b in attrs:
            if b is outer or b.dropped or b.speaker_head is None or b.kind == "source_prep" or b.cue[0] < 0:
                continue
            if s <= self.toks[b.cue[0]].start < e and not self._channel_np(b.speaker_head):
                out.append(b)
        return out

    # -- quote marks ------------------------------------------------------------------------
    def _attach_quoted(self, attrs: list[_Attr]) -> list[_Attr]:
        """Give quoted passages to attributions; make new ones for passages with a cue beside them."""
        # "NAME: text" keeps its paragraph: a transcript's quote marks may run over many paragraphs
        live = [a for a in attrs if not a.dropped and a.content is not None and a.cue[0] >= 0 and a.colon_head is None]
        for a in attrs:
            if a.colon_head is not None and a.content is not None:
                a.direct = any(a.content[0] <= q.start < a.content[1] for q in self.quoted)
        unassigned: list[Quoted] = []
        for q in self.quoted:
            owner: _Attr | None = None
            for a in live:
                assert a.content is not None
                cs, ce = a.content
                if not (cs < q.end and q.start < ce) or q.start <= self.toks[a.cue[0]].start < q.end:
                    continue  # a cue inside the passage is the quoted speaker's own ("I think ...")
                # inner-most content wins (nested attributions)
                if owner is None or (owner.content is not None and ce - cs < owner.content[1] - owner.content[0]):
                    owner = a
            if owner is not None:
                self._give(owner, q)
            else:
                unassigned.append(q)
        cue_of: dict[int, _Attr] = {a.anchor: a for a in attrs if not a.dropped and a.kind != "source_prep"}
        new: list[_Attr] = []
        for q in unassigned:
            found = self._frame_cue(q, cue_of) or self._dash_credit(q)
            if found is not None:
                if found not in attrs and found not in new:
                    new.append(found)
                self._give(found, q)
                continue
            prev = self._previous_direct(q, attrs + new)
            if prev is not None:
                self._give(prev, q)
            elif q.words(self.text) >= _MIN_BARE_WORDS and self._starts_sentence(q):
                cont = self._previous_paragraph_quote(q, attrs + new)
                if cont is not None:
                    # a quote paragraph with no cue continues the last direct speaker
                    new.append(
                        _Attr(
                            cue=(-1, -1),
                            kind="speech",
                            speaker_head=cont.speaker_head,
                            content=(q.start, q.end),
                            anchor=-1,
                            direct=True,
                            parts=[q],
                            via=cont.via,
                        )
                    )
        out = attrs + new
        # attributions spoken inside someone's direct quote belong to that quote
        owned = [p for a in out if not a.dropped for p in a.parts]
        for a in out:
            if a.cue[0] >= 0 and not a.parts:
                cs = self.toks[a.cue[0]].start
                if any(p.start <= cs < p.end for p in owned):
                    a.dropped = True
        return out

    def _token_from(self, char: int) -> int:
        """Index of the first token starting at or after ``char`` (len(tokens) if none)."""
        return bisect.bisect_left(self._starts, char)

    def _give(self, a: _Attr, q: Quoted) -> None:
        a.parts.append(q)
        a.direct = True
        a.content = (q.start, q.end) if a.content is None else (min(a.content[0], q.start), max(a.content[1], q.end))

    def _dash_credit(self, q: Quoted) -> _Attr | None:
        """A passage credited with a dash after it: "“…” ― Jane Doe"."""
        pos = q.end
        while pos < len(self.text) and self.text[pos] in " \t\xa0":
            pos += 1
        if pos >= len(self.text) or self.text[pos] not in "―—–-":
            return None
        i = self.doc.token_at(pos)  # the dash may be glued to the closing mark ("”―")
        if i is None:
            return None
        j = i + 1
        while (
            j < len(self.toks)
            and self.toks[j].pos == "PROPN"
            and "\n" not in self.text[self.toks[i].end : self.toks[j].start]
        ):
            j += 1
        if j == i + 1:
            return None
        return _Attr(cue=(i, i + 1), kind="speech", speaker_head=j - 1, content=None, anchor=i)

    def _starts_sentence(self, q: Quoted) -> bool:
        i = self.doc.token_at(q.start)
        if i is None:
            return False
        s = self.doc.sents[self.toks[i].sent]
        return s.first == i or self.text[s.start : q.start].strip() == ""

    def _previous_direct(self, q: Quoted, attrs: list[_Attr]) -> _Attr | None:
        """The direct quote this passage continues across its own attribution ("“A,” she said. “B.”")."""
        best = self._last_direct_before(q, attrs)
        if best is None or best.content is None or best.cue[0] < 0:
            return None
        gap = self.text[best.content[1] : q.start]
        cue_start = self.toks[best.cue[0]].start
        if "\n" in gap or not (best.content[1] <= cue_start < q.start) or len(gap.split()) > _FRAME_TOKENS:
            return None
        return best

    def _previous_paragraph_quote(self, q: Quoted, attrs: list[_Attr]) -> _Attr | None:
        """The direct quote of the paragraph just before, when nothing but it stands between."""
        best = self._last_direct_before(q, attrs)
        if best is None or best.content is None:
            return None
        gap = self.text[best.content[1] : q.start]
        if gap.count("\n\n") > 1 or "\n" not in gap:
            return None
        tail = gap[: gap.index("\n")]
        if best.cue[0] >= 0 and self.toks[best.cue[0]].start >= best.content[1]:
            tail = ""  # the attribution itself may follow the quote
        return best if len(tail.split()) <= _FRAME_TOKENS else None

    def _last_direct_before(self, q: Quoted, attrs: list[_Attr]) -> _Attr | None:
        best: _Attr | None = None
        for a in attrs:
            if a.dropped or not a.direct or a.content is None or a.content[1] > q.start:
                continue
            if best is None or (best.content is not None and a.content[1] > best.content[1]):
                best = a
        return best

    def _frame_cue(self, q: Quoted, cue_of: dict[int, _Attr]) -> _Attr | None:
        """The attribution whose cue verb stands right after (or right before) the passage."""
        toks = self.toks
        i: int | None = self._token_from(q.end)
        n = 0
        # after: "“…,” she said" / "“…,” said the minister"
        while i is not None and i < len(toks) and n < _FRAME_TOKENS:
            t = toks[i]
            if "\n" in self.text[q.end : t.start]:
                break
            if t.start >= q.end:
                a = cue_of.get(i)
                if a is not None and self._content_free(a, q):
                    return a
                if t.text in (".", "!", "?") or t.text[0] in _QUOTE_CHARS:
                    break
                n += 1
            i += 1
        # before: 'X said: "…"' / 'X said, "…"'
        j: int | None = self._token_from(q.start) - 1
        n = 0
        while j is not None and j >= 0 and n < _FRAME_TOKENS:
            t = toks[j]
            if "\n" in self.text[t.end : q.start]:
                break
            if t.end <= q.start:
                a = cue_of.get(j)
                if a is not None and self._content_free(a, q):
                    return a
                if t.text in (".", "!", "?") or t.text[-1] in _QUOTE_CHARS:
                    break
                n += 1
            j -= 1
        return None

    def _content_free(self, a: _Attr, q: Quoted) -> bool:
        """True if ``a`` has no content of its own, or only quoted content (split quotes)."""
        if a.content is None:
            return True
        if a.parts:
            return all(p.end <= q.start or p.start >= q.end for p in a.parts) and not self._outside_text(a)
        return False

    def _outside_text(self, a: _Attr) -> bool:
        """True if the content holds words outside its quoted parts."""
        assert a.content is not None
        s, e = a.content
        pos = s
        rest = []
        for p in sorted(a.parts, key=lambda p: p.start):
            rest.append(self.text[pos : p.start])
            pos = p.end
        rest.append(self.text[pos:e])
        return any(ch.isalnum() for chunk in rest for ch in chunk)

    # -- records ----------------------------------------------------------------------------
    def _span(self, s: int, e: int) -> Span:
        return Span(self.text[s:e], s, e)

    def _trim(self, s: int, e: int, parts: list[Quoted]) -> tuple[int, int]:
        text = self.text
        keep_start = any(p.start == s for p in parts)
        keep_end = any(p.end == e for p in parts)
        while s < e and (
            text[s] in _EDGE_CHARS
            or (not keep_start and text[s] in _QUOTE_CHARS and not any(p.start == s for p in parts))
        ):
            s += 1
            keep_start = any(p.start == s for p in parts)
        while e > s and (
            text[e - 1] in _EDGE_CHARS
            or (not keep_end and text[e - 1] in _QUOTE_CHARS and not any(p.end == e for p in parts))
        ):
            e -= 1
            keep_end = any(p.end == e for p in parts)
        return s, e

    def _speaker(
        self, head: int | None, memory: dict[str, tuple[str | None, str]], first: int | None = None
    ) -> tuple[str | None, Span | None]:
        if head is None:
            return None, None
        if first is not None:
            span = self._span(self.toks[first].start, self.toks[head].end)
            actor = self.actor_at(self.an, head)
            if actor is None and self.ensure_actor is not None:
                actor = self.ensure_actor(self.an, first, head + 1)
            return actor, span
        t = self.toks[head]
        if t.lower in _PERSON_PRONOUNS | _GROUP_PRONOUNS or t.tag == "PRP":
            lo, hi = head, head + 1
            span = self._span(t.start, t.end)
            actor = self.actor_at(self.an, head)
            if actor is None:
                key = "person" if t.lower in _PERSON_PRONOUNS else "group"
                actor = memory.get(key, (None, ""))[0]
            return actor, span
        lo, hi = self._name_range(head)
        span = self._span(self.toks[lo].start, self.toks[hi - 1].end)
        actor = self.actor_at(self.an, head)
        if actor is None:
            # "The commissioner, Dunja Mijatovic, said": the apposed name is the actor
            app = self._child(head, ("appos",))
            if app is not None:
                actor = self.actor_at(self.an, app)
        if actor is None and self.ensure_actor is not None:
            actor = self.ensure_actor(self.an, lo, hi)
        return actor, span

    def _is_person(self, head: int) -> bool:
        t = self.toks[head]
        if t.ent_type == "PERSON":
            return True
        app = self._child(head, ("appos",))
        if app is not None and self.toks[app].ent_type == "PERSON":
            return True
        return any(self.toks[k].ent_type == "PERSON" for k in self.kids[head] if self.toks[k].dep == "compound")

    def records(self, attrs: list[_Attr]) -> tuple[list[Quote], dict[str, bool]]:
        keep = [a for a in attrs if not a.dropped and (a.content is not None or a.responds)]
        keep.sort(key=lambda a: min(a.content[0] if a.content else self._cue_start(a), self._cue_start(a)))
        memory: dict[str, tuple[str | None, str]] = {}
        quotes: list[Quote] = []
        responds: dict[str, bool] = {}
        seen: set[tuple[int, int]] = set()
        for a in keep:
            if a.content is not None:
                cs, ce = self._trim(*a.content, a.parts)
                if cs >= ce or (cs, ce) in seen:
                    continue
                seen.add((cs, ce))
            actor, sp_span = self._speaker(a.speaker_head, memory, a.colon_head)
            if a.speaker_head is not None and sp_span is not None:
                t = self.toks[a.speaker_head]
                if t.tag != "PRP":
                    key = "person" if self._is_person(a.speaker_head) else "group"
                    memory[key] = (actor, sp_span.text)
                elif actor is not None:
                    memory["person" if t.lower in _PERSON_PRONOUNS else "group"] = (actor, sp_span.text)
            cue_span = None
            if a.cue[0] >= 0:
                cue_span = self._span(self.toks[a.cue[0]].start, self.toks[a.cue[1] - 1].end)
            via_span = None
            if a.via is not None:
                via_span = self._span(self.toks[a.via[0]].start, self.toks[a.via[1] - 1].end)
            content_span = self._span(cs, ce) if a.content is not None else None
            if content_span is None:
                # a bare "X disagreed": what is disputed is the earlier claim, not restated here
                content = ""
            elif len(a.parts) > 1 and all(p.start >= cs and p.end <= ce for p in a.parts):
                content = " ".join(self.text[p.start : p.end] for p in sorted(a.parts, key=lambda p: p.start))
            else:
                content = content_span.text
            bounds = [s for s in (content_span, sp_span, cue_span, via_span) if s is not None]
            es, ee = min(s.start for s in bounds), max(s.end for s in bounds)
            qid = self.an.next_id("q")
            quotes.append(
                Quote(
                    id=qid,
                    speaker=actor,
                    speaker_text=sp_span.text if sp_span else None,
                    cue=cue_span.text if cue_span else None,
                    content=content,
                    direct=a.direct,
                    via=via_span.text if via_span else None,
                    evidence=self._span(es, ee),
                    content_span=content_span,
                    speaker_span=sp_span,
                    cue_span=cue_span,
                    via_span=via_span,
                    denial=a.denial,
                )
            )
            if a.responds:
                responds[qid] = True
        return quotes, responds

    def _cue_start(self, a: _Attr) -> int:
        return self.toks[a.cue[0]].start if a.cue[0] >= 0 else (a.content[0] if a.content else 0)

    def run(self) -> tuple[list[Quote], dict[str, bool]]:
        attrs = self._verb_candidates() + self._phrase_candidates() + self._colon_candidates()
        self._apply_channels(attrs)
        self._merge_according_to(attrs)
        attrs = self._attach_quoted(attrs)
        return self.records(attrs)

    def _merge_according_to(self, attrs: list[_Attr]) -> None:
        """ "X said ..., according to Y": Y is the channel (via) when it is one, else a second source."""
        by_anchor: dict[int, _Attr] = {a.anchor: a for a in attrs if a.kind != "source_prep" and not a.dropped}
        for a in attrs:
            if a.kind != "source_prep" or a.dropped or a.speaker_head is None:
                continue
            host = by_anchor.get(a.anchor) or self._enclosing(a, attrs)
            inner = [host] if host is not None and host.speaker_head is not None else self._inner_attrs(a, attrs)
            if self._channel_np(a.speaker_head):
                for b in inner:
                    if b.via is None:
                        b.via = self._name_range(a.speaker_head)
                    self._cut_phrase(b, a)
                if inner:
                    a.dropped = True
            elif host is not None:
                # "X said ..., according to Y" with Y a person or body: keep the host quote only
                a.dropped = True

    def _enclosing(self, a: _Attr, attrs: list[_Attr]) -> _Attr | None:
        """The attribution whose content holds the phrase ``a`` ("X said Y, according to Z")."""
        at = self.toks[a.cue[0]].start
        best: _Attr | None = None
        for b in attrs:
            if b is a or b.dropped or b.content is None or b.kind == "source_prep" or b.cue[0] < 0:
                continue
            inside = b.content[0] <= at < b.content[1]
            if inside and (best is None or (best.content is not None and b.content[0] >= best.content[0])):
                best = b
        return best

    def _cut_phrase(self, host: _Attr, phrase: _Attr) -> None:
        """Take a trailing "according to <channel>" out of the host's content."""
        if host.content is None:
            return
        lo, hi = self.doc.subtree(phrase.cue[0])
        start, end = self.toks[lo].start, self.toks[hi - 1].end
        if host.content[0] < start < host.content[1] <= end + 1:
            host.content = (host.content[0], start)


def toks_is_quote(t: Token) -> bool:
    """True for tokens made only of quote marks (the parser sometimes makes one a subject)."""
    return all(ch in _QUOTE_CHARS for ch in t.text)


def toks_is_punct(t: Token) -> bool:
    """True for punctuation and whitespace tokens."""
    return t.pos in ("PUNCT", "SPACE") or not t.text.strip()


@stage("quotes.rules.v1", requires=("actors",), produces=("quotes",))
def make_stage() -> StageFn:
    """Build the quotes stage (lexicons load once here)."""
    lex = load_lexicon()

    def run(an: Analysis) -> None:
        quotes, responds = _Finder(an, lex).run()
        an.quotes.extend(quotes)
        an.scratch["quotes.responds"] = responds

    return run


__all__ = ["make_stage"]
