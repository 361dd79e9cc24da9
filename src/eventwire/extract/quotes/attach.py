"""Quoted passages to attributions: inside a content, beside a cue, split, or continuing a speaker."""

from __future__ import annotations

from .marks import Quoted
from .view import FRAME_TOKENS, MIN_BARE_WORDS, QUOTE_CHARS, Attribution, QuoteView


class QuoteAttacher(QuoteView):
    """Gives every quoted passage to the attribution it belongs to (or makes one)."""

    def _attach_quoted(self, attrs: list[Attribution]) -> list[Attribution]:
        """Give quoted passages to attributions; make new ones for passages with a cue beside them."""
        # "NAME: text" keeps its paragraph: a transcript's quote marks may run over many paragraphs
        live = [a for a in attrs if not a.dropped and a.content is not None and a.cue[0] >= 0 and a.colon_head is None]
        for a in attrs:
            if a.colon_head is not None and a.content is not None:
                a.parts = [q for q in self.quoted if a.content[0] <= q.start and q.end <= a.content[1] + 1]
                a.direct = bool(a.parts)
        unassigned: list[Quoted] = []
        cue_of: dict[int, Attribution] = {a.anchor: a for a in attrs if not a.dropped and a.kind != "source_prep"}
        for q in self.quoted:
            owner: Attribution | None = None
            for a in live:
                assert a.content is not None
                cs, ce = a.content
                if not (cs < q.end and q.start < ce) or q.start <= self.toks[a.cue[0]].start < q.end:
                    continue  # a cue inside the passage is the quoted speaker's own ("I think ...")
                # inner-most content wins (nested attributions)
                if owner is None or (owner.content is not None and ce - cs < owner.content[1] - owner.content[0]):
                    owner = a
            if owner is not None and owner.parts and self._closer_cue(q, owner, cue_of):
                owner = None  # '"A," X said, suggesting "B"': B belongs to the cue right before it
            if owner is not None:
                self._give(owner, q)
            else:
                unassigned.append(q)
        new: list[Attribution] = []
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
            elif q.words(self.text) >= MIN_BARE_WORDS and self._starts_sentence(q):
                cont = self._previous_paragraph_quote(q, attrs + new)
                if cont is not None:
                    # a quote paragraph with no cue continues the last direct speaker
                    new.append(
                        Attribution(
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
            if a.cue[0] >= 0 and not a.parts and a.colon_head is None:
                cs = self.toks[a.cue[0]].start
                if any(p.start <= cs < p.end for p in owned):
                    a.dropped = True
        return out

    def _closer_cue(self, q: Quoted, owner: Attribution, cue_of: dict[int, Attribution]) -> bool:
        """True when a content-free cue stands between ``owner``'s cue and the passage."""
        framed = self._frame_cue(q, cue_of)
        if framed is None or framed is owner or framed.content is not None or framed.cue[0] < 0:
            return False
        return self.toks[owner.cue[0]].start < self.toks[framed.cue[0]].start < q.start

    def _give(self, a: Attribution, q: Quoted) -> None:
        a.parts.append(q)
        a.direct = True
        a.content = (q.start, q.end) if a.content is None else (min(a.content[0], q.start), max(a.content[1], q.end))

    def _dash_credit(self, q: Quoted) -> Attribution | None:
        """A passage credited with a dash after it: "“…” ― Jane Doe"."""
        pos = q.end
        while pos < len(self.text) and self.text[pos] in " \t\xa0":
            pos += 1
        if pos >= len(self.text) or self.text[pos] not in "―—–-":
            return None
        i = self.doc.token_at(pos)  # the dash may be glued to the closing mark ("”―")
        if i is None:
            return None
        first = i + 1
        if first < len(self.toks) and self.toks[first].pos == "SPACE" and "\n" not in self.toks[first].text:
            first += 1  # "” ―\xa0Jane Doe": a no-break space after the dash is a token of its own
        j = first
        while (
            j < len(self.toks)
            and self.toks[j].pos == "PROPN"
            and "\n" not in self.text[self.toks[i].end : self.toks[j].start]
        ):
            j += 1
        if j == first:
            return None
        return Attribution(cue=(i, i + 1), kind="speech", speaker_head=j - 1, content=None, anchor=i)

    def _starts_sentence(self, q: Quoted) -> bool:
        i = self.doc.token_at(q.start)
        if i is None:
            return False
        s = self.doc.sents[self.toks[i].sent]
        return s.first == i or self.text[s.start : q.start].strip() == ""

    def _previous_direct(self, q: Quoted, attrs: list[Attribution]) -> Attribution | None:
        """The direct quote this passage continues across its own attribution ("“A,” she said. “B.”")."""
        best = self._last_direct_before(q, attrs)
        if best is None or best.content is None or best.cue[0] < 0:
            return None
        gap = self.text[best.content[1] : q.start]
        cue_start = self.toks[best.cue[0]].start
        if "\n" in gap or not (best.content[1] <= cue_start < q.start) or len(gap.split()) > FRAME_TOKENS:
            return None
        return best

    def _previous_paragraph_quote(self, q: Quoted, attrs: list[Attribution]) -> Attribution | None:
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
        return best if len(tail.split()) <= FRAME_TOKENS else None

    def _last_direct_before(self, q: Quoted, attrs: list[Attribution]) -> Attribution | None:
        best: Attribution | None = None
        for a in attrs:
            if a.dropped or not a.direct or a.content is None or a.content[1] > q.start:
                continue
            if best is None or (best.content is not None and a.content[1] > best.content[1]):
                best = a
        return best

    def _frame_cue(self, q: Quoted, cue_of: dict[int, Attribution]) -> Attribution | None:
        """The attribution whose cue verb stands right after (or right before) the passage."""
        toks = self.toks
        i: int | None = self._token_from(q.end)
        n = 0
        # after: "“…,” she said" / "“…,” said the minister"
        while i is not None and i < len(toks) and n < FRAME_TOKENS:
            t = toks[i]
            if "\n" in self.text[q.end : t.start]:
                break
            if t.start >= q.end:
                a = cue_of.get(i)
                if a is not None and self._content_free(a, q):
                    return a
                if t.text in (".", "!", "?") or t.text[0] in QUOTE_CHARS:
                    break
                n += 1
            i += 1
        # before: 'X said: "…"' / 'X said, "…"'
        j: int | None = self._token_from(q.start) - 1
        n = 0
        while j is not None and j >= 0 and n < FRAME_TOKENS:
            t = toks[j]
            if "\n" in self.text[t.end : q.start]:
                break
            if t.end <= q.start:
                a = cue_of.get(j)
                if a is not None and self._content_free(a, q):
                    return a
                if t.text in (".", "!", "?") or t.text[-1] in QUOTE_CHARS:
                    break
                n += 1
            j -= 1
        return None

    def _content_free(self, a: Attribution, q: Quoted) -> bool:
        """True if ``a`` has no content of its own, or only quoted content (split quotes)."""
        if a.content is None:
            return True
        if a.parts:
            return all(p.end <= q.start or p.start >= q.end for p in a.parts) and not self._outside_text(a)
        return False

    def _outside_text(self, a: Attribution) -> bool:
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


__all__ = ["QuoteAttacher"]
