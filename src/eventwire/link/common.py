"""Small shared pieces of linking: stable ids, global ids, dates as day numbers, text keys."""

from __future__ import annotations

import calendar
import hashlib
import math
import re
from datetime import date

from anyascii import anyascii

_WORD = re.compile(r"[a-z0-9]+")


def stable_id(prefix: str, key: str) -> str:
    """``prefix`` + 16 hex characters of sha256 of ``key``: the same key gives the same id in every run."""
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def global_id(article_id: str, local_id: str) -> str:
    """The id of an article's record across the corpus: ``<article_id>:<local_id>``."""
    return f"{article_id}:{local_id}"


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``: transliterated (Cyrillic, Arabic, ...), diacritics dropped."""
    return _WORD.findall((text if text.isascii() else anyascii(text)).lower())


def day(value: str) -> int:
    """Day number (proleptic Gregorian ordinal) of a YYYY-MM-DD date."""
    return date.fromisoformat(value).toordinal()


def iso(day_number: int) -> str:
    """YYYY-MM-DD of a day number."""
    return date.fromordinal(day_number).isoformat()


UNKNOWN_DAY = 1
"""Day number linking uses before any article had a date (0001-01-01; shown as null)."""


def known_iso(day_number: int) -> str | None:
    """YYYY-MM-DD of a day number, or None for :data:`UNKNOWN_DAY` and the days around it."""
    return iso(day_number) if day_number > UNKNOWN_DAY + 366 else None


def date_interval(value: str | None) -> tuple[int, int] | None:
    """First and last day a date of any precision allows: YYYY-MM-DD one day, YYYY-MM its month, YYYY its year.

    None for a null or malformed date (the caller decides what an undated event allows).
    """
    if not value:
        return None
    try:
        if len(value) == 10:
            d = day(value)
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            return date(y, m, 1).toordinal(), date(y, m, calendar.monthrange(y, m)[1]).toordinal()
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def interval_gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


__all__ = [
    "UNKNOWN_DAY",
    "ascii_words",
    "date_interval",
    "day",
    "global_id",
    "interval_gap",
    "iso",
    "km_between",
    "known_iso",
    "stable_id",
]
