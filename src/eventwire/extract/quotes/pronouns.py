"""He/she as a quote's speaker: the one person it can be, or nobody.

"“We will not reopen it,” she told reporters": the speaker is the person the pronoun stands for. The
actors stage resolves every pronoun with a preference for subjects (good for events, where a guess is
cheap to review); a quote's speaker is what a fact-checker cites, so here the rule is stricter:

1. The **candidates** are the persons with a name (not a bare title such as "a nurse") mentioned (not
   by a pronoun) in the pronoun's sentence before it and in the sentence before that (across a
   paragraph break too: "He said ..." often opens a paragraph), whose gender, where the text shows it
   (an earlier he/she resolved to them, Mr./Ms.), agrees.
2. One candidate -> that person.
3. Several -> the last person quoted in the same paragraph or the previous sentence, if that person is
   one of them ("“…,” said Okello, who met Governor Amadi. “…,” he added"); else **unresolved**
   (null): "X interviewed Y. She explained ..." is not guessed.
4. None -> the last person quoted in the same paragraph or the previous sentence (a bare title counts:
   "“…,” said the aid worker. “…,” he added"), else null.

The speaker's words and span stay the pronoun's (its evidence); only the actor id is resolved.
"""

from __future__ import annotations

from .view import QuoteView

MALE = frozenset({"he", "him", "his", "himself", "mr", "mr."})
FEMALE = frozenset({"she", "her", "hers", "herself", "ms", "ms.", "mrs", "mrs.", "miss"})
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}


class PronounResolver(QuoteView):
    """Resolves he/she speakers against the persons named just before them."""

    _quoted_persons: list[tuple[int, str]]
    """(char offset of the speaker, actor id) of the persons quoted so far, in text order."""

    def _pronoun_speaker(self, head: int) -> str | None:
        """Actor id of the person the he/she speaker at token ``head`` stands for (None if unsure)."""
        t = self.toks[head]
        gender = PRONOUN_GENDER.get(t.lower)
        sent = t.sent
        lo = self.doc.sents[sent - 1].start if sent > 0 else self.doc.sents[sent].start
        cands = self._persons_between(lo, t.start, gender)
        since = min(lo, self.text.rfind("\n", 0, t.start) + 1)  # the paragraph, or the previous sentence
        quoted = next((a for at, a in reversed(self._quoted_persons) if since <= at < t.start), None)
        if len(cands) == 1:
            return cands[0]
        if quoted is not None and (not cands or quoted in cands):
            return quoted
        return None

    def _persons_between(self, lo: int, hi: int, gender: str | None) -> list[str]:
        """Ids of the named persons mentioned in ``[lo, hi)`` (not by a pronoun) whose known gender agrees."""
        found: list[str] = []
        for a in self.an.actors:
            if a.kind != "person" or not any(w[:1].isupper() for w in a.name.split()):
                continue  # a bare title ("the nurse", "a resident") names nobody in particular
            named = any(lo <= m.start < hi and m.text.lower() not in MALE | FEMALE for m in a.mentions)
            if named and (gender is None or self._gender(a.id, hi) in (None, gender)):
                found.append(a.id)
        return found

    def _gender(self, actor_id: str, before: int) -> str | None:
        """ "m" / "f" when the text shows it before ``before`` (pronouns resolved to the actor, Mr./Ms.)."""
        actor = next(a for a in self.an.actors if a.id == actor_id)
        seen: set[str] = set()
        for m in actor.mentions:
            if m.start >= before:
                continue
            first = m.text.split()[0].lower() if m.text.split() else ""
            if first in MALE:
                seen.add("m")
            elif first in FEMALE:
                seen.add("f")
        return next(iter(seen)) if len(seen) == 1 else None


__all__ = ["PronounResolver"]
