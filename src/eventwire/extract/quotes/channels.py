"""Outlets and channels: "X said ..., Interfax reported" makes Interfax the ``via`` of X's quote."""

from __future__ import annotations

from .view import Attribution, QuoteView


class ChannelResolver(QuoteView):
    """Moves outlets and channels from speaker to ``via`` and merges "according to" phrases."""

    def _apply_channels(self, attrs: list[Attribution]) -> None:
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
                continue
            self._channel_tail(a, attrs)
            if not a.dropped:
                # "Two buses left, state media reported": the outlet is the source and the channel
                a.via = self._name_range(a.speaker_head)

    def _channel_tail(self, a: Attribution, attrs: list[Attribution]) -> None:
        """ "X said ..., Tass reported" parsed with the channel clause inside X's content: cut it off."""
        cue_start = self.toks[a.anchor].start
        host: Attribution | None = None
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

    def _recipient_via(self, a: Attribution) -> None:
        if a.anchor < 0:
            return
        for k in self.kids[a.anchor]:
            t = self.toks[k]
            if t.dep in ("dobj", "dative") and t.pos in ("PROPN", "NOUN") and self._channel_np(k):
                a.via = self._name_range(k)
                return
            if t.dep == "prep" and t.lower in ("on", "via", "through", "to"):
                p = self._child(k, ("pobj",))
                if p is not None and self._channel_np(p):
                    a.via = self._name_range(p)
                    return

    def _inner_attrs(self, outer: Attribution, attrs: list[Attribution]) -> list[Attribution]:
        """The attributions whose cue stands in ``outer``'s content (or host clause)."""
        if outer.content is None:
            return []
        s, e = outer.content
        out: list[Attribution] = []
        for b in attrs:
            if b is outer or b.dropped or b.speaker_head is None or b.kind == "source_prep" or b.cue[0] < 0:
                continue
            if b.content is None and not b.responds:
                continue  # "Putin had called Merkel" is no statement of Putin's
            if s <= self.toks[b.cue[0]].start < e and not self._channel_np(b.speaker_head):
                out.append(b)
        return out

    def _merge_according_to(self, attrs: list[Attribution]) -> None:
        """ "X said ..., according to Y": Y is the channel (via) when it is one, else a second source."""
        by_anchor: dict[int, Attribution] = {a.anchor: a for a in attrs if a.kind != "source_prep" and not a.dropped}
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

    def _enclosing(self, a: Attribution, attrs: list[Attribution]) -> Attribution | None:
        """The attribution whose content holds the phrase ``a`` ("X said Y, according to Z")."""
        at = self.toks[a.cue[0]].start
        best: Attribution | None = None
        for b in attrs:
            if b is a or b.dropped or b.content is None or b.kind == "source_prep" or b.cue[0] < 0:
                continue
            inside = b.content[0] <= at < b.content[1]
            if inside and (best is None or (best.content is not None and b.content[0] >= best.content[0])):
                best = b
        return best

    def _cut_phrase(self, host: Attribution, phrase: Attribution) -> None:
        """Take a trailing "according to <channel>" out of the host's content."""
        if host.content is None:
            return
        lo, hi = self.doc.subtree(phrase.cue[0])
        start, end = self.toks[lo].start, self.toks[hi - 1].end
        if host.content[0] < start < host.content[1] <= end + 1:
            host.content = (host.content[0], start)


__all__ = ["ChannelResolver"]
