"""Casualty figures of a record against gold counts: how many killed, injured, detained.

:func:`figure_total` turns the figures of one article into one count per category group;
:func:`casualty_metrics` scores those counts against gold records with ``dead``/``injured``
fields (PLOVER GSR; the ``plover_gsr`` scorer calls it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..records import Article, Quantity

KILLED = frozenset(("killed",))
INJURED = frozenset(("injured",))
CAPTURED = frozenset(("detained", "arrested"))

# A figure that adds to one reported before: "two additional insurgents", "several other militants".
_ADDITIONAL = re.compile(r"\b(?:additional|other|another|further)\b", re.IGNORECASE)
# A sentence that says "also" adds its figures to the lead ("The force also detained two suspects.").
_ALSO = re.compile(r"\balso\b", re.IGNORECASE)


@dataclass
class _Sentence:
    total: float = 0.0
    names_others: bool = False
    """A figure's own words say it adds to others ("two additional insurgents")."""
    all_additional: bool = True
    """Every figure adds to others (by its words, or the sentence says "also")."""


def figure_total(
    quantities: Iterable[Quantity], categories: frozenset[str], *, vague_floor: float | None = None
) -> int:
    """One count for ``categories`` from an article's figures (parts of break-downs and running totals excluded).

    The figures of one sentence add up ("killed the commander and one additional insurgent" = 2).
    Reports repeat their lead figure later, so sentences do not add up (the largest wins), except
    that a later sentence made only of "additional"/"other" figures, or saying "also", adds to the
    lead ("captured a leader. ... The force also detained two insurgents." = 3), unless the lead
    (the first sentence with figures) already named such others ("a leader and several other
    militants" ... "several other militants" is a repeat). A figure without a point value counts
    with its low bound. With ``vague_floor`` (a dataset's counting convention), such a figure counts
    at least that much and "more than N" counts N + 1.
    """
    sentences: dict[int, _Sentence] = {}
    for q in quantities:
        if q.category not in categories or q.parent is not None or q.cumulative:
            continue  # a running total ("since January") counts a campaign, not this report's event
        n = q.value if q.value is not None else q.low
        if n is None:
            continue
        if vague_floor is not None:
            if q.value is None:
                n = max(n, vague_floor)
            elif q.qualifier == "more than":
                n += 1  # the least whole count "more than 10" allows
        sent = sentences.setdefault(q.evidence.start, _Sentence())
        sent.total += n
        others = _ADDITIONAL.search(q.text) is not None
        sent.names_others |= others
        sent.all_additional &= others or _ALSO.search(q.evidence.text) is not None
    ordered = [sentences[k] for k in sorted(sentences)]
    if not ordered:
        return 0
    lead, later = ordered[0], ordered[1:]
    best = max([lead.total, *(x.total for x in later if not x.all_additional)])
    extra = max((x.total for x in later if x.all_additional), default=0.0)
    if lead.names_others:
        return round(max(best, extra))
    return round(best + extra)


def _gold_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def casualty_metrics(gold_records: Sequence[Mapping[str, Any]], articles: Sequence[Article | None]) -> dict[str, float]:
    """Exact-match rate of our killed/injured counts where the gold record gives ``dead``/``injured``.

    ``articles[i]`` is our record for ``gold_records[i]`` (None if the pipeline skipped it; it counts
    as a miss). Returns ``dead_exact``, ``injured_exact`` and ``casualty_exact`` (both fields
    together) with their supports ``dead_n``, ``injured_n``, ``casualty_n``, and ``dead_mae``.
    """
    hits = {"dead": 0, "injured": 0}
    support = {"dead": 0, "injured": 0}
    dead_err = 0.0
    for gold, article in zip(gold_records, articles, strict=True):
        quantities = article.quantities if article is not None else []
        for field, cats in (("dead", KILLED), ("injured", INJURED)):
            g = _gold_int(gold.get(field))
            if g is None:
                continue
            ours = figure_total(quantities, cats) if article is not None else None
            support[field] += 1
            hits[field] += ours == g
            if field == "dead":
                dead_err += abs((ours or 0) - g)
    n = support["dead"] + support["injured"]
    return {
        "dead_exact": hits["dead"] / support["dead"] if support["dead"] else 0.0,
        "injured_exact": hits["injured"] / support["injured"] if support["injured"] else 0.0,
        "casualty_exact": (hits["dead"] + hits["injured"]) / n if n else 0.0,
        "dead_mae": dead_err / support["dead"] if support["dead"] else 0.0,
        "dead_n": float(support["dead"]),
        "injured_n": float(support["injured"]),
        "casualty_n": float(n),
    }


__all__ = ["CAPTURED", "INJURED", "KILLED", "casualty_metrics", "figure_total"]
