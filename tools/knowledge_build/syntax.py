"""The shared syntax of the CAMEO / PETRARCH2 dictionaries: comments, phrases, dates.

Conventions (README of ../shared/knowledge and PETRARCH2's PETRreader): a line starting with ``#``
is a comment, elsewhere ``#`` starts a comment to the end of the line; ``<!-- ... -->`` blocks are
skipped; ``_`` joins words that must be consecutive and a trailing ``_`` only switches off stemming.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One content line of a dictionary, comment removed."""

    number: int
    raw: str
    """The line as in the file (without the newline)."""
    content: str
    """Text before any ``#`` comment, right-stripped (leading whitespace kept: it is meaningful)."""
    comment: str
    """Text after the first ``#``, stripped ("" if none)."""


def content_lines(text: str) -> Iterator[Line]:
    """Non-empty lines outside ``<!-- -->`` blocks, with comments split off; comment-only lines skipped."""
    in_xml = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_xml:
            if "-->" not in line:
                continue
            line = line[line.index("-->") + 3 :]
            in_xml = False
        while "<!--" in line:
            head, _, rest = line.partition("<!--")
            if "-->" in rest:
                line = head + rest[rest.index("-->") + 3 :]
            else:
                line = head
                in_xml = True
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        content, _, comment = line.partition("#")
        if not content.strip():
            continue
        yield Line(number, raw, content.rstrip(), comment.strip())


def _c1(ch: str) -> str:
    """A C1 control character is a Windows-1252 byte decoded as Latin-1 (U+0092 -> ’); other controls go."""
    code = ord(ch)
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252").replace("’", "'").replace("‘", "'")
        except UnicodeDecodeError:
            return ""
    return ""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def phrase_words(token: str) -> list[str]:
    """Words of a dictionary phrase: ``_`` and spaces separate words, empty parts dropped; stray
    control characters (mis-decoded Windows-1252 quotes) repaired or removed; a phrase with a lost
    character (U+FFFD, a few in CountryInfo) has no words."""
    token = _CONTROL.sub(lambda m: _c1(m.group(0)), token)
    if "\ufffd" in token:
        return []  # a character lost before the file was published (U+FFFD): the phrase cannot be matched
    return [w for w in re.split(r"[_\s]+", token.strip()) if w]


_SMALL = frozenset({"of", "the", "and", "for", "in", "on", "to", "at", "by", "de", "la", "le", "du", "des", "del"})


def display_words(words: list[str]) -> str:
    """Readable mixed case for an upper-case dictionary phrase ("AL-QAEDA_IN_IRAQ" -> "Al-Qaeda in Iraq").

    The dictionaries are upper case; the original case is lost, so names get capitalised words and
    lower-case small words inside the phrase.
    """
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if i > 0 and low in _SMALL:
            out.append(low)
            continue
        out.append("-".join(_cap(part) for part in low.split("-")))
    return " ".join(out)


def _cap(part: str) -> str:
    if not part:
        return part
    # Keep apostrophe names readable: o'brien -> O'Brien; d'ivoire -> D'Ivoire.
    if len(part) > 2 and part[1] == "'":
        return part[0].upper() + "'" + part[2:].capitalize()
    return part[0].upper() + part[1:]


class DateError(ValueError):
    """A malformed dictionary date."""


def parse_date(text: str) -> dt.date:
    """``YYMMDD`` or ``YYYYMMDD`` (PETRARCH2's rule: 7 characters or fewer is YYMMDD, YY 00-30 = 20YY)."""
    s = text.strip()
    if not s.isdigit() or len(s) not in (6, 8):
        raise DateError(f"not a YYMMDD or YYYYMMDD date: {text!r}")
    if len(s) == 8:
        year, month, day = int(s[:4]), int(s[4:6]), int(s[6:8])
    else:
        yy = int(s[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(s[2:4]), int(s[4:6])
    try:
        return dt.date(year, month, day)
    except ValueError as e:
        raise DateError(f"not a calendar date: {text!r}") from e


def parse_range(spec: str) -> tuple[dt.date | None, dt.date | None]:
    """A code line's date restriction: ``d1-d2``, ``>d`` (from), ``<d`` (until), or "" (no dates).

    Raises :class:`DateError` for anything else.
    """
    s = spec.replace(" ", "")
    if not s:
        return None, None
    if s.startswith(">"):
        return parse_date(s[1:]), None
    if s.startswith("<"):
        return None, parse_date(s[1:])
    if s.count("-") == 1:
        a, b = s.split("-")
        start, end = parse_date(a), parse_date(b)
        if end < start:
            raise DateError(f"range ends before it starts: {spec!r}")
        return start, end
    raise DateError(f"not a date restriction: {spec!r}")


def singulars(word: str) -> list[str]:
    """The word and its likely singular (lower case), for lemma matching without a lemmatiser.

    Regular English plurals only (rallies -> rally, churches -> church, talks -> talk); the word as
    written is always kept, so a wrong guess costs nothing but an unused value.
    """
    w = word.lower()
    out = []
    if len(w) > 4 and w.endswith("ies"):
        out.append(w[:-3] + "y")
    elif len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        out.append(w[:-2])
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        out.append(w[:-1])
    out.append(w)
    return list(dict.fromkeys(out))
