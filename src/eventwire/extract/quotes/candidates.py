"""Candidate attributions from the parse: cue verbs, cue phrases and "NAME: text" lines."""

from __future__ import annotations

from ...nlp import Token
from ..common.quote_lexicon import CueVerb
from .learned import arg_candidates, arg_features, cue_features, is_verb, quoted_sentences
from .view import (
    COLON_SPEAKER_TOKENS,
    LINE,
    SUBJ_DEPS,
    Attribution,
    QuoteView,
    toks_is_punct,
    toks_is_quote,
)

# Prepositions that name what a disagreement is about ("disagreed with X", "disputed over X").
_DISPUTED = frozenset({"with", "about", "over", "on"})
# Dependents that do not make a clause complete: "the claim that he made" is a relative clause the
# parser took for a content clause (the verb's object is the claim itself).
# Entity types that name a party able to speak before a colon ("Warren: ...", "UNHCR: ...").
_PARTY_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_BARE_CLAUSE_DEPS = frozenset({"nsubj", "aux", "neg", "punct", "advmod", "mark"})


class CandidateFinder(QuoteView):
    """Finds attributions where the parse shows a cue: verbs, "according to", colons."""

    def _verb_candidates(self) -> list[Attribution]:
        """One candidate per cue verb (or "call for"-style verb + particle) that is a statement."""
        out: list[Attribution] = []
        for t in self.toks:
            if t.pos not in ("VERB", "AUX") and not t.tag.startswith("VB"):
                continue
            cue = self.lex.verbs.get(t.lemma.lower()) or self.lex.verbs.get(t.lower)
            particle = self._particle_cue(t.i)
            if cue is None and particle is None:
                learned = self._learned_candidate(t)
                if learned is not None:
                    out.append(learned)
                continue
            if self._is_participle(t) or self._in_participle_chain(t):
                continue
            if cue is not None and cue.kind == "speech" and self._vetoed(t, cue):
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
            attr = Attribution(cue=(lo, hi), kind=kind, speaker_head=self._subject(t.i), content=content, anchor=t.i)
            attr.denial = kind in ("deny", "disagree")
            if content is None:
                if kind not in ("deny", "disagree"):
                    # kept only so a quote mark beside it can attach ("“…,” he said")
                    if kind != "speech":
                        continue
                else:
                    target = next(
                        (k for k in self.kids[t.i] if self.toks[k].dep == "prep" and self.toks[k].lower in _DISPUTED),
                        None,
                    )
                    if target is not None:
                        # "disagreed with the policy": what is disputed is named, nothing earlier is answered
                        attr.content = self._particle_content(t.i, target)
                    else:
                        attr.responds = True
                        attr.content = self._antecedent_claim(t.i)
            if kind in ("deny", "disagree") and not attr.responds and self._vetoed(t, cue):
                continue
            out.append(attr)
        self._link_responses(out)
        return out

    def _learned_candidate(self, t: Token) -> Attribution | None:
        """An attribution for a verb the lexicon does not list, when the learned cue model says it is one.

        Its content is made of the dependents the argument model picks (first to last char), kept in
        the cue's paragraph; its speaker is the subject, as for lexicon cues.
        """
        model = self.model
        if model is None or not is_verb(t):
            return None
        if self._cue_prob(t, None) < model.cue_threshold:
            return None
        content = self._learned_content(t.i)
        if content is None:
            return None
        return Attribution(
            cue=self._cue_range(t.i), kind="speech", speaker_head=self._subject(t.i), content=content, anchor=t.i
        )

    def _learned_content(self, i: int) -> tuple[int, int] | None:
        """The content of cue verb ``i`` as the argument model picks it (None when it picks nothing usable)."""
        model = self.model
        if model is None:
            return None
        spans = [
            self._subtree_chars(k)
            for k in arg_candidates(self.doc, i)
            if model.arg.prob(arg_features(self.doc, i, k)) >= model.arg_threshold
        ]
        if not spans:
            return None
        at = self.toks[i].start
        content = self._clamp_to_paragraph((min(s for s, _ in spans), max(e for _, e in spans)), at)
        if content is None or content[0] <= at < content[1]:
            return None
        return content

    def _learned_contents(self, attrs: list[Attribution]) -> None:
        """Lexicon cues still without content after quoted passages were attached ("described the
        plan", "said as much") take the content the argument model picks, when the cue model agrees
        that the verb attributes here ("Putin had called the chancellor" is a phone call)."""
        model = self.model
        if model is None:
            return
        for a in attrs:
            if a.dropped or a.content is not None or a.responds or a.kind != "speech" or a.colon_head is not None:
                continue
            if a.anchor < 0 or a.cue[0] < 0 or not is_verb(self.toks[a.anchor]):
                continue
            if self._cue_prob(self.toks[a.anchor], a.kind) < model.cue_threshold:
                continue
            a.content = self._learned_content(a.anchor)

    def _vetoed(self, t: Token, cue: CueVerb | None) -> bool:
        """A lexicon verb in a sense that attributes nothing here ("had recalled the ambassador").

        Denials and disagreements that answer an earlier claim without content of their own
        ("charges that officials deny") are never vetoed: PolNeAR does not mark those, the
        contradictions stage needs them.
        """
        model = self.model
        if cue is None or model is None or model.veto_threshold <= 0:
            return False
        if self._child(t.i, SUBJ_DEPS) is not None and any(self.toks[k].dep == "ccomp" for k in self.kids[t.i]):
            # "X said (that) Y": a subject and a clause of its own is attribution in every sense of
            # the verb; the model's doubts are for senses without a clause ("had called the chancellor")
            return False
        return self._cue_prob(t, cue.kind) < model.veto_threshold

    def _cue_prob(self, t: Token, lexicon_kind: str | None) -> float:
        """The cue model's probability that verb ``t`` is an attribution cue here."""
        assert self.model is not None
        if self._quoted_sents is None:
            self._quoted_sents = quoted_sentences(self.doc)
        in_quote = any(q.start <= t.start < q.end for q in self.quoted)
        return self.model.cue.prob(cue_features(self.doc, t.i, lexicon_kind, in_quote, self._quoted_sents))

    def _is_participle(self, t: Token) -> bool:
        """ "denied recognition", "the claimed victory", "Isolated and denied ...": not statements."""
        if t.tag != "VBN" or self._child(t.i, SUBJ_DEPS) is not None:
            return False
        if t.dep in ("amod", "acl"):
            return True
        if any(self.toks[k].dep in ("aux", "auxpass") for k in self.kids[t.i]):
            return False
        return t.dep in ("advcl", "conj")

    def _in_participle_chain(self, t: Token) -> bool:
        """ "Isolated and denied recognition, X ...": a conjunct of a subjectless participle."""
        if t.dep != "conj" or self._child(t.i, SUBJ_DEPS) is not None:
            return False
        head = self.toks[t.head]
        fronted = head.tag in ("VBN", "JJ") and head.dep in ("advcl", "amod", "acl")
        return fronted and self._child(t.head, SUBJ_DEPS) is None

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

    def _link_responses(self, attrs: list[Attribution]) -> None:
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
            if "oprd" in places and dobj is not None:
                # "called the charges unsubstantiated": object and predicate complement together
                pred = self._child(i, ("oprd",))
                if pred is not None and pred > dobj:
                    spans.extend((self._subtree_chars(dobj), self._subtree_chars(pred)))
            if "as" in places and dobj is not None:
                # "described the plan as reckless"
                as_ = self._child(i, ("prep",), "as")
                if as_ is not None and as_ > dobj:
                    spans.extend((self._subtree_chars(dobj), self._subtree_chars(as_)))
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

    def _phrase_candidates(self) -> list[Attribution]:
        """Attributions from "according to X" and "in a statement"."""
        out: list[Attribution] = []
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
                a = Attribution(cue=(t.i, t.i + 2), kind="source_prep", speaker_head=pobj, content=content, anchor=host)
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
                out.append(
                    Attribution(cue=(lo, pobj + 1), kind="speech", speaker_head=subj, content=content, anchor=host)
                )
        return out

    def _noun_candidates(self) -> list[Attribution]:
        """Attributions whose cue is a noun with a content clause ("Trump's claim that ...", "a warning
        from the agency that ...", "repeated the assertion that ...": ``cue_noun`` in claim_words.tsv).

        The speaker is the noun's possessor, its by/from phrase, or the subject of a light verb that
        takes it ("X repeated the claim that ..."); else none (the content still is someone's claim).
        """
        nouns = self.lex.words.get("cue_noun", frozenset())
        light = self.lex.words.get("light_verb", frozenset())
        out: list[Attribution] = []
        for t in self.toks:
            if t.pos != "NOUN" or t.lemma.lower() not in nouns:
                continue
            clause = next(
                (
                    k
                    for k in self.kids[t.i]
                    if k > t.i
                    and self.toks[k].dep in ("acl", "ccomp")
                    and any(self.toks[j].dep == "mark" and self.toks[j].lower == "that" for j in self.kids[k])
                ),
                None,
            )
            if clause is None or all(self.toks[j].dep in _BARE_CLAUSE_DEPS for j in self.kids[clause]):
                continue
            content = self._clamp_to_paragraph(self._subtree_chars(clause), t.start)
            if content is None:
                continue
            speaker = self._child(t.i, ("poss",))
            if speaker is None:
                prep = next(
                    (
                        k
                        for k in self.kids[t.i]
                        if k < clause and self.toks[k].dep == "prep" and self.toks[k].lower in ("by", "from")
                    ),
                    None,
                )
                if prep is not None:
                    speaker = self._child(prep, ("pobj",))
            if speaker is None and t.dep == "dobj" and self.toks[t.head].lemma.lower() in light:
                speaker = self._subject(t.head)
            out.append(
                Attribution(cue=(t.i, t.i + 1), kind="speech", speaker_head=speaker, content=content, anchor=t.i)
            )
        return out

    def _colon_candidates(self) -> list[Attribution]:
        """Transcript and headline attributions: "PENCE: Well, ..." / "Warren: 'You should resign'"."""
        out: list[Attribution] = []
        toks = self.toks
        labels = self.lex.words.get("label", frozenset())
        for line in LINE.finditer(self.text):
            first = self._token_from(line.start())
            while first < len(toks) and toks_is_quote(toks[first]):
                first += 1  # transcripts often open each paragraph with a quote mark
            colon = next(
                (k for k in range(first + 1, min(first + COLON_SPEAKER_TOKENS + 1, len(toks))) if toks[k].text == ":"),
                None,
            )
            if colon is None or toks[colon].start >= line.end():
                continue
            words = toks[first:colon]
            head = colon - 1
            if any(x.lower in labels for x in words) or toks[head].pos not in ("PROPN", "NOUN"):
                continue
            if not any(x.pos == "PROPN" or (x.text.isupper() and len(x.text) > 1) for x in words):
                continue
            if not self._names_a_party(words):
                continue  # a headline or section title ("Little Relief for Refugees: ...")
            start, end = toks[colon].end, line.end()
            while start < end and self.text[start].isspace():
                start += 1
            while end > start and self.text[end - 1].isspace():
                end -= 1
            if start < end:
                out.append(
                    Attribution(
                        cue=(colon, colon + 1),
                        kind="speech",
                        speaker_head=head,
                        content=(start, end),
                        anchor=colon,
                        colon_head=first,
                    )
                )
        return out

    @staticmethod
    def _names_a_party(words: list[Token]) -> bool:
        """Whether the words before a colon can name who speaks: an entity the recogniser found, a
        transcript name in capitals ("PENCE"), or a name without a verb in it (a headline has one)."""
        if any(x.ent_type in _PARTY_ENTS for x in words):
            return True
        if all(x.text.isupper() or not x.text.isalpha() for x in words) and len(words) <= 3:
            return True
        return not any(x.pos in ("VERB", "AUX", "ADP") for x in words) and len(words) <= 3

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


__all__ = ["CandidateFinder"]
