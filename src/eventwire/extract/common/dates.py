"""Resolve the date words of an event ("Thursday", "in May", "earlier in the week") to a calendar date.

Resolution is relative to the publication date and the event's tense: a past "Thursday" is the
latest Thursday on or before publication, a future "Sunday" ("starting Sunday", "will ... on
Sunday") the first Sunday on or after it. The result has the granularity the words support:
``YYYY-MM-DD`` for days, ``YYYY-MM`` for months (and weeks that lie inside one month), ``YYYY``
for years. Vague expressions ("in recent days", "for weeks") resolve to nothing.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

Tense = Literal["past", "future"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for m in names
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Leading words that do not change the date ("on Thursday", "starting Sunday", "early Friday").
_LEAD = re.compile(
    r"^(?:(?:on|in|at|by|from|since|starting|beginning|until|till|as of|during|of|the|early|late|mid|"
    r"earlier|later|overnight)\b[\s-]*)+"
)
_PART_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night|overnight)$")
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_MDY = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$")
_DMY = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?$")
_MY = re.compile(rf"^({_MONTH_RE})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?$")
_YEAR = re.compile(r"^(\d{4})$")
_AGO = re.compile(r"^(\d+|[a-z]+)\s+(day|week|month|year)s?\s+ago$")
_REL = re.compile(r"^(this|last|next|past|previous|coming)\s+(week|month|year|weekend)$")
_WEEKDAY = re.compile(rf"^(?:(this|last|next|past|coming)\s+)?({'|'.join(WEEKDAYS)})$")


def parse_published(value: str | None) -> date | None:
    """The publication date as a :class:`date` (None if missing or not ``YYYY-MM-DD``)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _normalise(text: str) -> str:
    t = " ".join(text.lower().replace("’", "'").split())
    t = t.strip(" ,.;:")
    t = _LEAD.sub("", t)
    # "earlier in the week", "later this month" -> "this week", "this month"
    t = _PART_OF_DAY.sub("", t)
    if t in ("week", "month", "year", "weekend"):
        t = "this " + t
    return t.strip()


def _week_value(monday: date) -> str:
    """A week as a month when it lies inside one month, else as its year (or nothing)."""
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday.year:04d}-{monday.month:02d}"
    if monday.year == sunday.year:
        return f"{monday.year:04d}"
    return ""


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _day(d: date) -> str:
    return d.isoformat()


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + by
    return k // 12, k % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve(text: str, published: date | None, tense: Tense = "past") -> str | None:
    """Resolve date words to ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None if vague or unresolvable.

    >>> resolve("on Thursday", date(2021, 11, 19))
    '2021-11-18'
    >>> resolve("starting Sunday", date(2021, 11, 19), "future")
    '2021-11-21'
    """
    t = _normalise(text)
    if not t:
        return None
    if m := _ISO.match(t):
        y, mo, d = int(m[1]), int(m[2]), m[3]
        if d is None:
            return _month_value(y, mo) if 1 <= mo <= 12 else None
        full = _safe_date(y, mo, int(d))
        return _day(full) if full else None
    if m := _YEAR.match(t):
        return m[1] if 1800 <= int(m[1]) <= 2200 else None
    explicit = _explicit(t, published, tense)
    if explicit is not None:
        return explicit
    if published is None:
        return None
    return _relative(t, published, tense)


def _explicit(t: str, published: date | None, tense: Tense) -> str | None:
    month_day: tuple[int, int, str | None] | None = None
    if m := _MDY.match(t):
        month_day = (MONTHS[m[1]], int(m[2]), m[3])
    elif m := _DMY.match(t):
        month_day = (MONTHS[m[2]], int(m[1]), m[3])
    if month_day is not None:
        month, day, year_text = month_day
        if year_text is not None:
            d = _safe_date(int(year_text), month, day)
            return _day(d) if d else None
        if published is None:
            return None
        d = _safe_date(published.year, month, day)
        if d is None:
            return None
        if tense == "past" and d > published:
            d = _safe_date(published.year - 1, month, day)
        elif tense == "future" and d < published:
            d = _safe_date(published.year + 1, month, day)
        return _day(d) if d else None
    if m := _MY.match(t):
        month = MONTHS[m[1]]
        if m[2] is not None:
            return _month_value(int(m[2]), month)
        if published is None:
            return None
        year = published.year
        if tense == "past" and month > published.month:
            year -= 1
        elif tense == "future" and month < published.month:
            year += 1
        return _month_value(year, month)
    return None


def _relative(t: str, pub: date, tense: Tense) -> str | None:
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return _day(pub)
    if t in ("yesterday", "last night"):
        return _day(pub - timedelta(days=1))
    if t in ("tomorrow", "tomorrow night"):
        return _day(pub + timedelta(days=1))
    if m := _WEEKDAY.match(t):
        which, wd = m[1], WEEKDAYS.index(m[2])
        if which in ("next", "coming") or (which is None and tense == "future"):
            delta = (wd - pub.weekday()) % 7
            if which in ("next", "coming") and delta == 0:
                delta = 7
            return _day(pub + timedelta(days=delta))
        delta = (pub.weekday() - wd) % 7
        if which in ("last", "past") and delta == 0:
            delta = 7
        return _day(pub - timedelta(days=delta))
    if m := _REL.match(t):
        which, unit = m[1], m[2]
        step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[which]
        if unit == "year":
            return f"{pub.year + step:04d}"
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, step)
            return _month_value(y, mo)
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            saturday = monday + timedelta(days=5)
            if step == 0 and tense == "past" and saturday > pub:
                saturday -= timedelta(weeks=1)
            return _day(saturday) if saturday.month == (saturday + timedelta(days=1)).month else None
        return _week_value(monday) or None
    if m := _AGO.match(t):
        n = int(m[1]) if m[1].isdigit() else NUMBER_WORDS.get(m[1])
        if n is None:
            return None
        if m[2] == "day":
            return _day(pub - timedelta(days=n))
        if m[2] == "week":
            return _week_value(pub - timedelta(days=pub.weekday()) - timedelta(weeks=n)) or None
        if m[2] == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            return _month_value(y, mo)
        return f"{pub.year - n:04d}"
    return None


__all__ = ["MONTHS", "WEEKDAYS", "Tense", "parse_published", "resolve"]
