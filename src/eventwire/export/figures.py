"""One number per event and category from the figures attached to it (PLOVER dead/injured/size, ACLED fatalities).

The figures an event lists (``Event.quantities``) are the quantities stage's attachments. Parts of a
break-down (``parent``) are already inside their total; running totals are never attached. Figures
of one sentence add up ("killing 12 soldiers and 3 civilians" = 15); a later sentence that repeats
or restates the count does not add to it (the largest sentence total wins). A figure without a
point value ("thousands of protesters") gives no number; :func:`event_figure_words` keeps its
words for formats that take text (PLOVER ``size``: "Thousands").
"""

from __future__ import annotations

import re

from ..records import Article, Event, Quantity

_OF = re.compile(r"\s+of\b.*$", re.IGNORECASE | re.DOTALL)


def _attached(article: Article, event: Event, category: str) -> list[Quantity]:
    wanted = set(event.quantities)
    return [
        q
        for q in article.quantities
        if q.id in wanted and q.category == category and q.parent is None and not q.cumulative
    ]


def event_figure(article: Article, event: Event, category: str) -> int | float | None:
    """The event's count for ``category``, or None when no attached figure gives a number (unknown, not zero)."""
    by_sentence: dict[int, float] = {}
    for q in _attached(article, event, category):
        if q.value is not None:
            by_sentence[q.evidence.start] = by_sentence.get(q.evidence.start, 0.0) + q.value
    if not by_sentence:
        return None
    best = max(by_sentence.values())
    return int(best) if best == int(best) else best


def event_figure_words(article: Article, event: Event, category: str) -> str | None:
    """The words of a vague attached figure ("Thousands" of "Thousands of Iraqi Kurds"), when none gives a number."""
    for q in _attached(article, event, category):
        if q.value is None:
            words = _OF.sub("", q.text).strip()
            return words or q.text
    return None


__all__ = ["event_figure", "event_figure_words"]
