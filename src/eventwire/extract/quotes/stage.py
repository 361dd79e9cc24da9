"""Stage `quotes.rules.v2`: direct quotes and reported speech, tied to speakers and channels.

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
4. Speakers resolve to actors through the declared slot ``an.actor_index`` the actors stage filled
   (a speaker phrase it did not list may become a new actor); he/she resolve only when one named
   person fits (:mod:`.pronouns`), it/they to the actors stage's antecedent or the last speaker of
   that kind; the "who" of "X, who said ..." becomes a mention of X.
   Page text at the head of a speaker (a dateline, clock time or outlet byline: :mod:`.page_text`)
   is stripped; when it was all the parser gave, the words after it up to the verb are the speaker.
5. Noun cues with a content clause ("Trump's claim that ...") are attributions too, and an
   attribution nested inside another one's content is dropped (the outer speaker's claim; denials
   kept): docs/quote_model.md "Session 6".

Denials ("X denied that ...") get ``denial=True``. A denial or disagreement without content of its
own ("charges that officials deny", "Poland disagreed, ...") is listed in the declared slot
``an.quote_responses`` (quote ids) so the contradictions stage can tie it to the claim it answers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ...analysis import Analysis
from ...knowledge import Knowledge
from ...records import Quote, Span
from ...stages import StageFn, StageSpec
from ..common.quote_lexicon import QuoteLexicon
from .attach import QuoteAttacher
from .candidates import CandidateFinder
from .channels import ChannelResolver
from .learned import CueModel
from .marks import Quoted
from .page_text import page_text_end
from .pronouns import PronounResolver
from .view import EDGE_CHARS, GROUP_PRONOUNS, PERSON_PRONOUNS, QUOTE_CHARS, Attribution

MAX_NAME_WORDS = 8
"""More words than this between page text and the verb are no speaker's name."""


class _Finder(CandidateFinder, ChannelResolver, QuoteAttacher, PronounResolver):
    """Finds the quotes of one document; created per document, discarded after."""

    def __init__(self, an: Analysis, lex: QuoteLexicon, model: CueModel | None = None) -> None:
        super().__init__(an, lex, model)
        self._named: list[tuple[str, str]] = []
        """(actor id, speaker words) of the speakers resolved so far, in text order."""
        self._last_speaker: dict[str, str | None] = {}
        """Last resolved speaker by kind (person | group), for it/they/we."""
        self._quoted_persons = []

    def run(self) -> tuple[list[Quote], frozenset[str]]:
        attrs = self._verb_candidates() + self._phrase_candidates() + self._colon_candidates() + self._noun_candidates()
        self._apply_channels(attrs)
        self._merge_according_to(attrs)
        attrs = self._attach_quoted(attrs)
        self._learned_contents(attrs)
        self._drop_nested(attrs)
        for a in attrs:
            a.speaker_head = self._checked_speaker(a)
        return self.records(attrs)

    def _drop_nested(self, attrs: list[Attribution]) -> None:
        """Drop an attribution whose cue and content both lie inside another one's content.

        "Police said he refused to drop the gun", "“I think we will win,” she said", "Trump said he
        believes ...": the inner attribution is part of what the outer speaker said, so only the outer
        speaker vouches for it; a quote of its own would state as the inner speaker's words what the
        reporter only has second hand (and PolNeAR's annotators mostly leave it unmarked: docs/quote_model.md).
        Denials and answers to an earlier claim stay, and so does a claim inside a denial ("rejected the
        governor's claim that ..."): the contradictions stage pairs them. A "NAME: text"
        line is no outer attribution: its colon may be a dateline's ("JEDDAH: ... the spokesman said").
        """
        outer = [(a.content, a) for a in attrs if not a.dropped and a.content is not None and a.colon_head is None]
        for a in attrs:
            if a.dropped or a.content is None or a.denial or a.responds or a.cue[0] < 0:
                continue
            cs, ce = a.content
            cue_at = self.toks[a.cue[0]].start
            for (os_, oe), o in outer:
                if (
                    o is not a
                    and not o.dropped
                    and os_ <= cs
                    and ce <= oe
                    and os_ <= cue_at < oe
                    and not o.denial  # "rejected the governor's claim that ...": the claim denied stands
                    and (os_, oe) != (cs, ce)
                ):
                    a.dropped = True
                    break

    def _checked_speaker(self, a: Attribution) -> int | None:
        """Drop speakers that cannot be one: times and dates ("5:45 p.m."), or a word of the speaker's own quote."""
        head = a.speaker_head
        if head is None:
            return None
        t = self.toks[head]
        if t.ent_type in ("TIME", "DATE"):
            return None
        if any(p.start <= t.start < p.end for p in a.parts) and a.cue[0] >= 0:
            # "“We will ...,” said the chief": the parser took a word in the quote for the subject
            cue = a.anchor
            return next(
                (
                    k
                    for k in self.kids[cue]
                    if k > cue
                    and self.toks[k].pos in ("PROPN", "NOUN")
                    and self.toks[k].ent_type not in ("TIME", "DATE")  # "“…,” the chief said Monday"
                    and not any(p.start <= self.toks[k].start < p.end for p in a.parts)
                ),
                None,
            )
        return head

    def _trim(self, s: int, e: int, parts: list[Quoted]) -> tuple[int, int]:
        """Strip punctuation and stray quote marks off a content, keeping the marks of its passages."""
        text = self.text
        starts = {p.start for p in parts}
        ends = {p.end for p in parts}
        dl = self.an.cleaned.dateline
        if dl is not None and s < dl.end <= e:
            s = dl.end  # "WARSAW — Poland deployed ..., the ministry said": the dateline is not what was said
        while s < e and text[s].isspace():
            s += 1
        while s < e and s not in starts and (text[s] in EDGE_CHARS or text[s] in QUOTE_CHARS):
            s += 1
        while e > s and e not in ends and (text[e - 1] in EDGE_CHARS or text[e - 1] in QUOTE_CHARS):
            e -= 1
        return s, e

    def _speaker(self, head: int | None, first: int | None = None) -> tuple[str | None, Span | None]:
        """Actor id and words of the speaker headed by token ``head`` (``first``: start of a colon name)."""
        if head is None:
            return None, None
        t = self.toks[head]
        if first is not None:
            lo, hi = first, head + 1
        elif t.lower in PERSON_PRONOUNS:
            return self._pronoun_speaker(head), self._span(t.start, t.end)  # stricter than the actors stage
        elif t.lower in GROUP_PRONOUNS or t.tag == "PRP":
            actor = self.actors.at(head)
            if actor is None:
                actor = self._last_speaker.get("person" if t.lower in PERSON_PRONOUNS else "group")
            return actor, self._span(t.start, t.end)
        else:
            lo, hi = self._name_range(head)
        past = self._past_page_text(lo, hi, head, colon=first is not None)
        if past is None:
            return None, None
        lo, hi, head = past
        t = self.toks[head]
        span = self._span(self.toks[lo].start, self.toks[hi - 1].end)
        actor = self.actors.at(head)
        if actor is None:
            # "The commissioner, Dunja Mijatovic, said": the apposed name is the actor
            app = self._child(head, ("appos",))
            if app is not None:
                actor = self.actors.at(app)
        if actor is None:
            actor = self.actors.ensure(self.an, lo, hi)
        if actor is None and hi - lo == 2 and self.toks[lo].lower == "the" and t.pos == "NOUN":
            # "the center said" after "the Polish Center for International Aid said"; two such
            # speakers ("the Red Cross Center", "the Center for Aid") leave it unresolved
            named = {a for a, name in self._named if t.lower in name.lower().split()}
            actor = next(iter(named)) if len(named) == 1 else None
        return actor, span

    def _past_page_text(self, lo: int, hi: int, head: int, *, colon: bool) -> tuple[int, int, int] | None:
        """The speaker tokens (lo, hi, head) without a dateline, clock time or byline at their head
        (issue 14: "KHARTOUM — Sudan's army said" -> "Sudan's army"); None if nothing is left.

        When the parser took the page text itself for the subject ("1.00pm\nKUNAR\nThe US military
        denied"), the speaker is the words after it up to the first verb, headed by its last noun."""
        start = self.toks[lo].start
        cut = page_text_end(
            self.text, start, self.toks[hi - 1].end, self.an.cleaned.dateline, paragraph_datelines=not colon
        )
        if cut == start:
            return lo, hi, head
        first = self._token_from(cut)
        if self.toks[head].start >= cut:
            return first, hi, head
        words: list[int] = []
        for k in range(first, len(self.toks)):
            t = self.toks[k]
            if (t.pos in ("VERB", "AUX") and t.dep not in ("amod", "compound")) or len(words) > MAX_NAME_WORDS:
                break  # "ruling" in "the ruling council" is no verb of the sentence
            if words and t.ent_type in ("DATE", "TIME"):
                break  # "Residents in the province on Monday claimed": the day is no part of the name
            if t.pos != "PUNCT":
                words.append(k)
        while words and self.toks[words[-1]].pos == "ADP":
            words.pop()
        heads = [k for k in words if self.toks[k].pos in ("NOUN", "PROPN", "PRON")]
        if not heads or len(words) > MAX_NAME_WORDS:
            return None
        return words[0], heads[-1] + 1, heads[-1]

    def _relative_mention(self, a: Attribution, actor: str) -> None:
        """ "the senator, who said ...": the relative pronoun is a mention of the speaker (PolNeAR marks
        it as the source)."""
        if a.anchor < 0 or a.colon_head is not None or self.toks[a.anchor].dep != "relcl":
            return
        if self.toks[a.anchor].head != a.speaker_head:
            return
        rel = next(
            (
                k
                for k in self.kids[a.anchor]
                if self.toks[k].dep in ("nsubj", "nsubjpass") and self.toks[k].lower in ("who", "which", "that")
            ),
            None,
        )
        if rel is None or rel in self.actors:
            return
        t = self.toks[rel]
        idx = next((k for k, x in enumerate(self.an.actors) if x.id == actor), None)
        if idx is None:
            return
        old = self.an.actors[idx]
        mentions = sorted([*old.mentions, self._span(t.start, t.end)], key=lambda s: (s.start, s.end))
        # only the record's mention: mapping the token in the actor index would hand "who" to the
        # events stage too, which then codes relative clauses ("legislators who voted") it skipped before
        self.an.actors[idx] = dataclasses.replace(old, mentions=mentions)

    def _spoke(self, a: Attribution, content: Span | None) -> bool:
        """Whether the attribution gives words or a clause ("Writing for the paper, X ..." gives neither)."""
        if a.direct:
            return True
        if content is None:
            return False
        lo, hi = self._token_from(content.start), self._token_from(content.end)
        return any(t.pos in ("VERB", "AUX") for t in self.toks[lo:hi])

    def _remember(self, head: int, actor: str | None, words: str, spoke: bool = True) -> None:
        """Keep the speaker for later pronouns ("he said") and definite descriptions ("the center").

        An unresolved speaker is kept too: a pronoun after it stays unresolved rather than jumping back.
        ``spoke``: the attribution gave words or a clause, so its speaker may go on speaking ("he added").
        """
        if actor is not None:
            self._named.append((actor, words))
            if spoke and any(a.id == actor and a.kind == "person" for a in self.an.actors):
                self._quoted_persons.append((self.toks[head].start, actor))
        t = self.toks[head]
        if t.tag == "PRP":
            self._last_speaker["person" if t.lower in PERSON_PRONOUNS else "group"] = actor
        else:
            self._last_speaker["person" if self._is_person(head) else "group"] = actor

    def _is_person(self, head: int) -> bool:
        t = self.toks[head]
        if t.ent_type == "PERSON":
            return True
        app = self._child(head, ("appos",))
        if app is not None and self.toks[app].ent_type == "PERSON":
            return True
        return any(self.toks[k].ent_type == "PERSON" for k in self.kids[head] if self.toks[k].dep == "compound")

    def _tokens_span(self, rng: tuple[int, int]) -> Span | None:
        if rng[0] < 0:
            return None
        return self._span(self.toks[rng[0]].start, self.toks[rng[1] - 1].end)

    def records(self, attrs: list[Attribution]) -> tuple[list[Quote], frozenset[str]]:
        """Quote records in text order, and the ids of quotes that answer an earlier claim."""
        keep = [a for a in attrs if not a.dropped and (a.content is not None or a.responds)]
        keep.sort(key=lambda a: min(a.content[0] if a.content else self._cue_start(a), self._cue_start(a)))
        quotes: list[Quote] = []
        responds: set[str] = set()
        seen: set[tuple[int, int]] = set()
        for a in keep:
            content_span: Span | None = None
            if a.content is not None:
                cs, ce = self._trim(*a.content, a.parts)
                if cs >= ce or (cs, ce) in seen:
                    continue
                seen.add((cs, ce))
                content_span = self._span(cs, ce)
            quote = self._record(a, content_span)
            quotes.append(quote)
            if a.responds:
                responds.add(quote.id)
        return quotes, frozenset(responds)

    def _record(self, a: Attribution, content_span: Span | None) -> Quote:
        actor, sp_span = self._speaker(a.speaker_head, a.colon_head)
        if actor is not None:
            self._relative_mention(a, actor)
        if a.speaker_head is not None and sp_span is not None:
            self._remember(a.speaker_head, actor, sp_span.text, spoke=self._spoke(a, content_span))
        cue_span = self._tokens_span(a.cue)
        via_span = self._tokens_span(a.via) if a.via is not None else None
        if content_span is None:
            content = ""  # a bare "X disagreed": what is disputed is the earlier claim, not restated here
        elif len(a.parts) > 1 and a.colon_head is None and not self._outside_parts(a, content_span):
            # a split quote: the passages without the attribution between them
            content = " ".join(self.text[p.start : p.end] for p in sorted(a.parts, key=lambda p: p.start))
        else:
            content = content_span.text
        bounds = [s for s in (content_span, sp_span, cue_span, via_span) if s is not None]
        return Quote(
            id=self.an.next_id("q"),
            speaker=actor,
            speaker_text=sp_span.text if sp_span else None,
            cue=cue_span.text if cue_span else None,
            content=content,
            direct=a.direct,
            via=via_span.text if via_span else None,
            evidence=self._span(min(s.start for s in bounds), max(s.end for s in bounds)),
            content_span=content_span,
            speaker_span=sp_span,
            cue_span=cue_span,
            via_span=via_span,
            denial=a.denial,
        )

    def _outside_parts(self, a: Attribution, span: Span) -> bool:
        """True if the content has words outside its passages other than its own attribution."""
        pos = span.start
        cue = self._tokens_span(a.cue)
        for p in sorted(a.parts, key=lambda p: p.start):
            gap = self.text[pos : p.start] if p.start > pos else ""
            if cue is not None and pos <= cue.start < p.start:
                gap = ""  # "“A,” he said, “B.”": the words between are the attribution
            if any(ch.isalnum() for ch in gap):
                return True
            pos = max(pos, p.end)
        return any(ch.isalnum() for ch in self.text[pos : span.end])

    def _cue_start(self, a: Attribution) -> int:
        return self.toks[a.cue[0]].start if a.cue[0] >= 0 else (a.content[0] if a.content else 0)


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    """Build the quotes stage (the lexicon is compiled once, in the knowledge)."""
    lex = knowledge.quotes
    model = knowledge.quote_model if options.get("learned", True) else None

    def run(an: Analysis) -> None:
        quotes, responds = _Finder(an, lex, model).run()
        an.quotes.extend(quotes)
        an.quote_responses = responds

    return run


SPEC = StageSpec(
    "quotes.rules.v2",
    make_stage,
    requires=("actors", "actor_index"),
    produces=("quotes", "quote_responses"),
    # Speakers the actors stage did not list become actors (actor_index.ensure).
    updates=("actors", "actor_index"),
    knowledge=("quotes", "quote_model"),
    # learned: add the verbs the learned cue model finds (knowledge/quotes/cue_model.tsv, docs/quote_model.md)
    options={"learned": True},
    doc="direct quotes and reported speech, tied to speakers and channels",
)


__all__ = ["SPEC", "make_stage"]
