"""The dateline at the head of a wire story: ``MOSCOW —``, ``WARSAW, Poland (AP) —``, ``KYIV, Nov 19 (Reuters) -``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Span

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_UPPER_WORD = r"[A-Z][A-Z'’.\-]*"
_MIXED_WORD = r"[A-Z][\w'’.\-]*"

DATELINE = re.compile(
    rf"""
    (?P<place>{_UPPER_WORD}(?:[ ]{_UPPER_WORD}){{0,3}}
             |(?P<mixed>{_MIXED_WORD}(?:[ ]{_MIXED_WORD}){{0,2}}))
    (?:,[ ]*(?P<region>(?!{_MONTH}[ ]+\d){_MIXED_WORD}(?:[ ]{_MIXED_WORD}){{0,2}}))?
    (?:,?[ ]+(?P<date>{_MONTH}[ ]+\d{{1,2}}(?:,?[ ]+\d{{4}})?))?
    (?:[ ]*\((?P<agency>[^()\n]{{1,40}})\))?
    [ ]*(?P<dash>—|–|--|-)(?=\s)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at offset 0 of the body."""

    span: Span
    """The dateline through its dash, e.g. ``MOSCOW —``."""
    date_text: str | None
    """Month and day (and year if given) in the dateline, e.g. ``Nov 19``."""


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the very start of ``text``, if there is one.

    An all-caps place (``MOSCOW``) is enough; a mixed-case place (``Warsaw``) needs a wire
    agency in brackets, else "Poland — a NATO member — said" would read as a dateline.
    """
    m = DATELINE.match(text, 0, min(len(text), 200))
    if m is None:
        return None
    if m.group("mixed") is not None and m.group("agency") is None:
        return None
    end = m.end("dash")
    return Dateline(Span(text[:end], 0, end), m.group("date"))


__all__ = ["DATELINE", "Dateline", "find_dateline"]
