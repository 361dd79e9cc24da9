"""The dateline at the head of a wire story: ``MOSCOW —``, ``WARSAW, Poland (AP) —``,
``KYIV, Nov 19 (Reuters) -``, or a press release's ``KABUL, Afghanistan (Nov. 20, 2011)`` on a line
of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Span

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_UPPER_WORD = r"[A-Z][A-Z'’.\-]*"
_MIXED_WORD = r"[A-Z][\w'’.\-]*"
_DAY_DATE = rf"{_MONTH}[ ]+\d{{1,2}}(?:,?[ ]+\d{{4}})?"

DATELINE = re.compile(
    rf"""
    (?P<place>{_UPPER_WORD}(?:[ ]{_UPPER_WORD}){{0,3}}
             |(?P<mixed>{_MIXED_WORD}(?:[ ]{_MIXED_WORD}){{0,2}}))
    (?:,[ ]*(?P<region>(?!{_MONTH}[ ]+\d){_MIXED_WORD}(?:[ ]{_MIXED_WORD}){{0,2}}))?
    (?:,?[ ]+(?P<date>{_DAY_DATE}))?
    (?:[ ]*\((?:(?P<pdate>{_DAY_DATE})|(?P<agency>[^()\n]{{1,40}}))\))?
    (?:[ ]*(?P<dash>—|–|--|-)(?=\s)|(?P<eol>[ ]*(?=\n|$)))
    """,
    re.VERBOSE,
)

HEAD_LINES = 6
"""The dateline may follow this many header lines (a press release's office, number, "Download PDF")."""

HEAD_CHARS = 400


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at the start of one of the first lines of the body."""

    span: Span
    """The dateline through its dash (``MOSCOW —``) or the whole dateline line."""
    date_text: str | None
    """Month and day (and year if given) in the dateline, e.g. ``Nov 19``."""


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text`` (or of one of its first few lines), if there is one.

    An all-caps place (``MOSCOW``) is enough before a dash; a mixed-case place (``Warsaw``)
    needs a wire agency in brackets, else "Poland — a NATO member — said" would read as a
    dateline. A dateline without a dash must stand on its own line and carry a date.
    """
    start = 0
    for _ in range(HEAD_LINES + 1):
        found = _match_at(text, start)
        if found is not None:
            return found
        nl = text.find("\n", start, HEAD_CHARS)
        if nl == -1:
            return None
        start = nl + 1
        while start < len(text) and text[start] == "\n":
            start += 1
    return None


def _match_at(text: str, start: int) -> Dateline | None:
    m = DATELINE.match(text, start, min(len(text), start + 200))
    if m is None:
        return None
    date = m.group("date") or m.group("pdate")
    if m.group("eol") is not None:
        if date is None:
            return None
        end = m.start("eol")
    else:
        if m.group("mixed") is not None and m.group("agency") is None:
            return None
        end = m.end("dash")
    return Dateline(Span(text[start:end], start, end), date)


__all__ = ["DATELINE", "Dateline", "find_dateline"]
