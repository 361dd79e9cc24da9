"""Find quoted passages in plain text, for every quote-mark style seen in real copy.

Handles “…”, „…“, «…», "…", ‘’…’’ and ''…'' (two single quotes standing for a double quote,
as some wire copy does), ``…'' and single quotes ‘…’ / '…' (telling them from apostrophes by
what stands on either side). A quote left open at the end of a paragraph continues when the next
paragraph opens with a quote mark (the newspaper convention for multi-paragraph quotes); otherwise
it ends with its paragraph.

Pure text, linear in its length: no parse needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Paragraphs: split at blank lines or single newlines (both occur in cleaned copy).
_PARA = re.compile(r"[^\n]+")
_OPEN_DOUBLE = ("‘’", "''", "``", "“", "„", "«", '"', "”")
_CLOSE_DOUBLE = ("’’", "''", "”", "“", "»", '"')
_SINGLE_OPEN = ("‘", "'", "’")
_SINGLE_CLOSE = ("’", "'")
# Characters a mark can start with: the scan jumps from one to the next instead of testing every
# character (most of a report is not quote marks).
_MAY_OPEN = re.compile("[" + re.escape("".join(sorted({m[0] for m in _OPEN_DOUBLE + _SINGLE_OPEN}))) + "]")
_MAY_CLOSE = re.compile("[" + re.escape("".join(sorted({m[0] for m in _CLOSE_DOUBLE}))) + "]")


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted passage: ``start``/``end`` include the marks, ``parts`` are the per-paragraph pieces."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    parts: tuple[tuple[int, int], ...]
    closed: bool = True
    """False when the passage ran to the end of its paragraph without a closing mark."""

    def words(self, text: str) -> int:
        """Number of whitespace-separated words inside the marks."""
        return len(text[self.inner_start : self.inner_end].split())


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _opens_at(text: str, i: int, lo: int) -> str | None:
    """The opening double mark at ``i``, if one can open here (after space, start or bracket)."""
    before = text[i - 1] if i > lo else ""
    if not (_is_space(before) or before in "([{—–-/:;"):
        # “ and „ and « are unambiguous openers even when glued to a word.
        for m in ("“", "„", "«"):
            if text.startswith(m, i):
                return m
        return None
    for m in _OPEN_DOUBLE:
        if text.startswith(m, i):
            after = text[i + len(m) : i + len(m) + 1]
            if after and not after.isspace():
                return m
    return None


def _closes_at(text: str, i: int, opener: str) -> str | None:
    """The closing double mark at ``i`` for ``opener``, if any."""
    wanted = {"„": ("“", "”"), "«": ("»",), "``": ("''", "’’")}.get(opener, _CLOSE_DOUBLE)
    for m in wanted:
        if m in ("“",) and opener != "„":
            continue
        if text.startswith(m, i):
            return m
    return None


def _single_span(text: str, i: int, lo: int, hi: int) -> int | None:
    """End (exclusive) of a single-quoted passage opening at ``i``, or None if it is an apostrophe."""
    before = text[i - 1] if i > lo else ""
    after = text[i + 1] if i + 1 < hi else ""
    if not (_is_space(before) or before in "([{—–-/:") or not after or after.isspace() or after in "'’‘":
        return None
    j = i + 1
    while j < hi:
        ch = text[j]
        if ch in _SINGLE_CLOSE:
            nxt = text[j + 1] if j + 1 < hi else ""
            prev = text[j - 1]
            # A letter on both sides is an apostrophe (don't, Russia's).
            if not (nxt.isalnum()) and not prev.isspace():
                return j + 1
        elif ch in '“”"«»„':
            return None
        j += 1
    return None


def find_quoted(text: str) -> list[Quoted]:
    """All quoted passages of ``text`` in text order (nested quotes are part of their outer quote)."""
    out: list[Quoted] = []
    pending: tuple[int, int, str, list[tuple[int, int]]] | None = None  # start, inner_start, opener, parts
    for para in _PARA.finditer(text):
        lo, hi = para.start(), para.end()
        i = lo
        if pending is not None:
            # An open quote continues only when this paragraph opens with a quote mark.
            j = lo
            while j < hi and text[j].isspace():
                j += 1
            m = _opens_at(text, j, lo)
            if m is not None:
                start, inner, opener, parts = pending
                pending = (start, inner, m, parts)
                para_start = j
                i = j + len(m)
            else:
                start, inner, _o, parts = pending
                out.append(Quoted(start, parts[-1][1], inner, parts[-1][1], tuple(parts), closed=False))
                pending = None
        if pending is None:
            para_start = -1
        while i < hi:
            nxt = (_MAY_OPEN if pending is None else _MAY_CLOSE).search(text, i, hi)
            if nxt is None:
                break
            i = nxt.start()
            ch = text[i]
            if pending is None:
                m = _opens_at(text, i, lo)
                if m is not None:
                    pending = (i, i + len(m), m, [])
                    para_start = i
                    i += len(m)
                    continue
                if ch in _SINGLE_OPEN:
                    end = _single_span(text, i, lo, hi)
                    if end is not None:
                        out.append(Quoted(i, end, i + 1, end - 1, ((i, end),)))
                        i = end
                        continue
                i += 1
                continue
            start, inner, opener, parts = pending
            m = _closes_at(text, i, opener)
            if m is not None and (opener not in ('"', "''") or i > inner):
                parts.append((para_start, i + len(m)))
                out.append(Quoted(start, i + len(m), inner, i, tuple(parts)))
                pending = None
                i += len(m)
                continue
            i += 1
        if pending is not None:
            # Open at paragraph end: remember the piece; the next paragraph decides.
            start, inner, opener, parts = pending
            end = hi
            while end > para_start and text[end - 1].isspace():
                end -= 1
            parts.append((para_start, end))
    if pending is not None:
        start, inner, _o, parts = pending
        out.append(Quoted(start, parts[-1][1], inner, parts[-1][1], tuple(parts), closed=False))
    return out


__all__ = ["Quoted", "find_quoted"]
