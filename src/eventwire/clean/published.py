"""The publication date: given, found in metadata, the dateline or the URL, or inferred from the text.

A page may state its date near the top ("This story is from March 10, 2002", "Published: ...");
that is taken as given (``published_evidence="published_line"``), not inferred.

Inference (``published_evidence="text"``, ``published_inferred=True``) uses two kinds of clue:

* explicit full dates ("Nov. 16, 2021", "16 November 2021", "2021-11-16"): the latest is the
  *anchor*, a lower bound (a report is not published before the last date it names). A photo
  caption's date (the day of the photo or earlier) or a date written with its weekday is
  trusted; a full date inside the body is often about another year (news style writes the
  year only then), so it anchors only when the body names two or more past weekdays;
* weekday names used of the past or present ("said Friday", "on Thursday", "early Thursday"),
  not of the future ("starting Sunday", "will meet on Monday", "next Tuesday").

News names today by its weekday, so the publication day is one of the mentioned weekdays and
the others fall in the ~6 days before it. Among the dates from the anchor to a week after it,
the publication date is the one whose weekday is mentioned and whose preceding days cover all
mentioned weekdays most tightly (ties: the earliest). Without an anchor (no year) or without a
weekday the date stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil import parser as dateparser  # type: ignore[import-untyped]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

SCAN_CHARS = 200_000
"""Inference reads at most this many characters (a news report is far shorter)."""

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+(?:19|20)\d{{2}}"
    rf"|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})\b"
)
# Weekday names (any case: some corpora are lower-cased), not plurals ("on Fridays") and not
# newspaper titles ("the Sunday Times").
WEEKDAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!s\b|'s\b|\s+(?:Times|Telegraph|Express|Mirror|"
    r"Post|Herald|Mail|Star|Independent|Tribune|World|Review|Magazine|Edition|Paper|School|Service)\b)",
    re.IGNORECASE,
)

# Words right before a weekday that point away from "today or the past few days".
_FUTURE_BEFORE = re.compile(
    r"\b(?:next|coming|starting|start|from|until|till|through|by|before|beginning|as of|due|scheduled for|set for|"
    r"planned for|expected on|last)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# A future or modal verb earlier in the same clause ("will meet on Monday", "is to vote Sunday").
_FUTURE_CLAUSE = re.compile(r"\b(?:will|won't|shall|'ll|would|is to|are to|plans? to|expected to|set to|due to)\b")
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]|\bsaid\b|\bsays\b|,\s")

# A page's own statement of its date at the start of a line: "This story is from March 10, 2002",
# "Published: 19 Nov 2021" (not "the report was published on May 5" inside a sentence).
_STATED = re.compile(
    r"^[ \t]*(?:this (?:story|article|report) (?:is from|was (?:first )?(?:published|posted)(?: on)?)"
    r"|(?:originally |first )?(?:published|posted)(?: on)?\s*:?)\s*"
    r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?,?\s+)?"
    rf"(?P<date>{FULL_DATE.pattern})",
    re.IGNORECASE | re.MULTILINE,
)
STATED_CHARS = 3000
"""A stated publication date is looked for at the head of the page only."""

_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2}|[a-z]{3,9})[/-](\d{1,2})(?:/|-|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/", re.IGNORECASE
)

# A date as a page shows it near its top: month names (with a weekday, ordinals, "Nov. 16,
# 2021 at 3:04 p.m."), ISO, or numeric with dots (day first: 15.11.2021) or slashes (month
# first unless the first number cannot be a month: 11/15/2021, 15/11/2021).
_NUMERIC_DATE = r"\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}"
_SHOWN = re.compile(rf"(?:{FULL_DATE.pattern}|\b{_NUMERIC_DATE}\b)", re.IGNORECASE)
SHOWN_LINES = 12
"""A shown date is looked for in this many non-blank lines at the head of the page."""
SHOWN_MAX_WORDS = 12
"""A line longer than this is a sentence or caption, not a date or byline line."""
SHOWN_MAX_OTHER_WORDS = 6
"""A date or byline line has at most this many words beside the date (a name, "Posted at", a time)."""
_ISO = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class Inferred:
    """A date inferred from the text and the clues used."""

    date: dt.date
    anchor: dt.date
    """Latest explicit full date in the text."""
    weekdays: tuple[int, ...]
    """Mentioned past/present weekdays (0 = Monday)."""


def normalise_date(value: str) -> str | None:
    """``YYYY-MM-DD`` for a date written in any common way ("2021-11-19T08:00Z", "Nov 19, 2021"), else None."""
    value = value.strip()
    if not value:
        return None
    m = _ISO.match(value)
    if m:
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d.isoformat() if d else None
    try:
        parsed = dateparser.parse(value, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year == 1900:  # no year given
        return None
    return str(parsed.date().isoformat())


# The same statement glued inside a flattened line ("... out of Kabul AFP Posted at Aug 16 2021
# 04:31 PM Afghans ..."): "Posted"/"Published" with a capital, then "at"/"on" and a full date.
# ("Updated" is not the publication date.)
_STATED_INLINE = re.compile(
    rf"\b(?:Posted|Published|POSTED|PUBLISHED)\s+(?:at|on)\s*:?\s*(?P<date>{FULL_DATE.pattern})"
)


def stated_published(text: str) -> str | None:
    """The date a page states it was published ("This story is from March 10, 2002") near its top."""
    m = _STATED.search(text, 0, min(len(text), STATED_CHARS))
    return normalise_date(m.group("date").replace(".", "")) if m else None


def inline_published(text: str) -> str | None:
    """A posting statement glued inside a line near the top ("... AFP Posted at Aug 16 2021 04:31
    PM Afghans ..."), read after the date lines (a line of its own is a date line)."""
    m = _STATED_INLINE.search(text, 0, min(len(text), STATED_CHARS))
    return normalise_date(m.group("date").replace(".", "")) if m else None


def date_from_url(url: str | None) -> str | None:
    """The date in a URL path like ``/2021/11/19/`` or ``/20211119/``, if any."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    if not mo.isdigit():  # "/2021/nov/16/"
        return normalise_date(f"{d} {mo} {y}") if mo[:3].lower() in _MONTH_ABBR else None
    made = _make(int(y), int(mo), int(d))
    return made.isoformat() if made else None


_MONTH_ABBR = frozenset(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))


def parse_shown_date(value: str) -> str | None:
    """``YYYY-MM-DD`` of one date as a page shows it ("Tue 09th November 2021", "15.11.2021", "5/3/2023")."""
    value = value.strip()
    if re.fullmatch(_NUMERIC_DATE, value):
        a, b, year = (int(x) for x in re.split(r"[./]", value))
        # dots are written day first; slashes month first (US) unless the first number exceeds 12
        day, month = (a, b) if "." in value or a > 12 else (b, a)
        made = _make(year, month, day)
        return made.isoformat() if made else None
    return normalise_date(value.replace(".", ""))


def shown_date(
    text: str, *, url_hint: str | None = None, captions: Iterable[str] = (), today: dt.date | None = None
) -> str | None:
    """The date a page shows in a short line near its top: a date line ("4/24/2023, 9:41:59 PM"),
    a byline with a date ("Jane Doe, Tuesday 25 Apr 2023", "November 16, 2021 at 3:04 p.m."), a
    posting line ("Posted by admin on 2024-07-20"). Long lines (sentences, captions) are not read.

    Lines holding one of ``captions`` (captions and photo credits cleaning removed: a photo's
    date is not the page's) are skipped, and so are lines with more than
    :data:`SHOWN_MAX_OTHER_WORDS` words beside the date. When several lines show dates, one equal
    to ``url_hint`` (the URL's date) wins, else the first; dates after ``today`` are ignored.
    """
    skip = [c for c in captions if c]
    today = today or dt.date.today()
    found: list[str] = []
    seen = 0
    for line in text[:STATED_CHARS].splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > SHOWN_LINES:
            break
        if len(line.split()) > SHOWN_MAX_WORDS:
            continue
        m = _SHOWN.search(line)
        if m is None or any(c in line for c in skip):
            continue
        if len((line[: m.start()] + " " + line[m.end() :]).split()) > SHOWN_MAX_OTHER_WORDS:
            continue
        iso = parse_shown_date(m.group(0))
        if iso is not None and dt.date.fromisoformat(iso) <= today:
            found.append(iso)
    if not found:
        return None
    return url_hint if url_hint in found else found[0]


def month_day_to_date(text: str, year_hints: Iterable[dt.date]) -> str | None:
    """A dateline date ("Nov 19", "Nov. 19, 2021") as YYYY-MM-DD; a missing year comes from the hints.

    The year chosen is the one that puts the date on or after the latest hint and less than a
    year after it.
    """
    full = normalise_date(text)
    if full:
        return full
    try:
        parsed = dateparser.parse(text, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    hints = sorted(year_hints)
    if not hints:
        return None
    latest = hints[-1]
    for year in (latest.year, latest.year + 1):
        made = _make(year, parsed.month, parsed.day)
        if made is not None and made >= latest:
            return made.isoformat()
    return None


def explicit_dates(text: str, *, today: dt.date | None = None) -> list[dt.date]:
    """Every full date (with a year) written in ``text``, in text order; dates after ``today`` are dropped."""
    today = today or dt.date.today()
    out: list[dt.date] = []
    for m in FULL_DATE.finditer(text, 0, min(len(text), SCAN_CHARS)):
        iso = normalise_date(m.group(0).replace(".", ""))
        if iso is not None:
            d = dt.date.fromisoformat(iso)
            if d <= today:
                out.append(d)
    return out


def past_weekdays(text: str) -> list[int]:
    """Weekdays (0 = Monday) named of today or the past days, in text order (see the module docstring)."""
    out: list[int] = []
    for m in WEEKDAY.finditer(text, 0, min(len(text), SCAN_CHARS)):
        before = text[max(0, m.start() - 60) : m.start()]
        if _FUTURE_BEFORE.search(before):
            continue
        clause = _CLAUSE_BREAK.split(before)[-1]
        if _FUTURE_CLAUSE.search(clause):
            continue
        out.append(WEEKDAYS.index(m.group(1).lower()))
    return out


def dated_weekday_dates(text: str, *, today: dt.date | None = None) -> list[dt.date]:
    """Full dates written with their own (correct) weekday: "Sunday, Oct. 2, 2016", "October 2, 2016, Sunday"."""
    today = today or dt.date.today()
    out: list[dt.date] = []
    for m in FULL_DATE.finditer(text, 0, min(len(text), SCAN_CHARS)):
        iso = normalise_date(m.group(0).replace(".", ""))
        if iso is None:
            continue
        d = dt.date.fromisoformat(iso)
        around = text[max(0, m.start() - 12) : m.start()] + " " + text[m.end() : m.end() + 12]
        named = {WEEKDAYS.index(w.lower()) for w in WEEKDAY.findall(around)}
        if d.weekday() in named and d <= today:
            out.append(d)
    return out


def infer_published(
    text: str, *, captions: str = "", min_weekdays_without_caption: int = 2, today: dt.date | None = None
) -> Inferred | None:
    """Infer the publication date from explicit dates and weekday names (module docstring).

    ``text`` is the article body, ``captions`` the photo captions cleaning removed. A caption
    date, or a body date written with its weekday ("Sunday, Oct. 2, 2016"), is a reliable lower
    bound. Other full dates in a body are usually about the past (news style writes the year
    only for other years), so they anchor an inference only when the body names at least
    ``min_weekdays_without_caption`` past weekdays.
    """
    days = past_weekdays(text)
    if not days:
        return None
    strong = explicit_dates(captions, today=today) + dated_weekday_dates(text, today=today)
    weak = explicit_dates(text, today=today)
    if not strong and len(days) < min_weekdays_without_caption:
        return None
    dates = strong + weak
    if not dates:
        return None
    anchor = max(dates)
    weekdays = tuple(sorted(set(days)))
    best: tuple[int, dt.date] | None = None
    for k in range(7):
        d = anchor + dt.timedelta(days=k)
        if d.weekday() not in weekdays:
            continue
        spread = max((d.weekday() - w) % 7 for w in weekdays)
        if best is None or (spread, d) < best:
            best = (spread, d)
    assert best is not None  # every weekday occurs once in any 7 consecutive days
    return Inferred(best[1], anchor, weekdays)


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


__all__ = [
    "FULL_DATE",
    "WEEKDAY",
    "Inferred",
    "date_from_url",
    "dated_weekday_dates",
    "explicit_dates",
    "infer_published",
    "inline_published",
    "month_day_to_date",
    "normalise_date",
    "parse_shown_date",
    "past_weekdays",
    "shown_date",
    "stated_published",
]
