"""Page text at the head of a speaker phrase: a dateline, a clock time or an outlet's timestamp byline.

The parser sometimes takes the words that open a paragraph for the subject of its first verb:
"KHARTOUM — Sudan's army said ...", "1.00pm\\nKUNAR\\nThe US military denied ...", "Irish Examiner
2014.07.13 20:33\\nRussia's foreign ministry said ...". Those words are the page's, never a
speaker's: :func:`page_text_end` says where they stop, and the speaker is what follows (issue 14).
The article's own dateline comes from the cleaning stage (:mod:`eventwire.clean.dateline`); the
patterns here catch the ones it does not look for (a paragraph's dateline, a live blog's clock).
"""

from __future__ import annotations

import re

from ...records import Span

_CLOCK = re.compile(r"\d{1,2}[.:]\d{2}(?::\d{2})?[ ]*(?:[ap]\.?m\.?|GMT|UTC|BST|EST|ET)?(?=\s)", re.IGNORECASE)
"""A clock time: ``1.00pm``, ``20:33``, ``9:15 a.m.``."""

_STAMP = r"\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_BYLINE = re.compile(rf"[A-Z][\w'’&.\-]*(?:[ ][A-Z][\w'’&.\-]*){{0,4}}[ ]+{_STAMP}(?=\s)")
"""An outlet and a timestamp: ``Irish Examiner 2014.07.13 20:33``."""

_PARA_DATELINE = re.compile(
    r"""
    [A-Z][A-Z'’.\-]+(?:[ ][A-Z][A-Z'’.\-]*){0,3}   # an all-caps place: KHARTOUM, NEW YORK
    (?:,[ ]*[^\n,—–:()]{1,30}){0,2}                  # its country, its date: ", Sudan", ", Nov 19"
    (?:[ ]*\([^()\n]{1,40}\))?                      # the agency: (AP)
    (?:[ ]*(?:—|–|--|-|:)(?=\s)|[ ]*(?=\n))         # then a dash, a colon or the end of the line
    """,
    re.VERBOSE,
)
"""A dateline at a paragraph start: an all-caps place, optionally its country, date or agency."""


LOOK_AHEAD = 80
"""Characters past the speaker phrase a dateline may run on to ("KHARTOUM" + ", Sudan (AP) —")."""


def page_text_end(
    text: str, start: int, end: int, dateline: Span | None = None, *, paragraph_datelines: bool = True
) -> int:
    """Where page text at the head of the speaker phrase ``text[start:end]`` stops (``start`` if none).

    ``dateline`` is the article's dateline found by the cleaning stage; the others must open a
    paragraph (a dateline; off with ``paragraph_datelines=False``, for a colon speaker such as
    "MINISTER:") or be a clock time or an outlet's timestamp. Whitespace and dashes after the page
    text are skipped, so the result is where the speaker's words begin; past ``end`` when the whole
    phrase is page text.
    """
    limit = min(len(text), end + LOOK_AHEAD)
    pos = start
    while pos < end:
        nxt = _one_end(text, pos, limit, dateline, paragraph_datelines)
        if nxt is None or nxt <= pos:
            break
        pos = nxt
        while pos < limit and (text[pos].isspace() or text[pos] in "—–-:,|"):
            pos += 1
    return pos


def _one_end(text: str, pos: int, limit: int, dateline: Span | None, paragraphs: bool) -> int | None:
    if dateline is not None and dateline.start <= pos < dateline.end:
        return dateline.end
    for pattern in (_CLOCK, _BYLINE):
        m = pattern.match(text, pos, limit)
        if m is not None:
            return m.end()
    if paragraphs and (pos == 0 or text[pos - 1] == "\n"):
        m = _PARA_DATELINE.match(text, pos, limit)
        if m is not None:
            return m.end()
    return None


__all__ = ["page_text_end"]
