"""Figures across reports: per event group side by side, running totals as series (docs/linking.md).

Pure functions over :class:`~eventwire.records.Article` records and the linking rows
(:class:`~eventwire.records.EventGroup`, :class:`~eventwire.records.ArticleLink`,
:class:`~eventwire.records.ActorEntity`); nothing is resolved to one number.

**When two figures disagree** (the conflict rule). Each figure is read as the interval of counts its
own words allow: "431" is [431, 431]; "at least 12" [12, ∞); "more than 400" [401, ∞) (counts
are whole); "up to 4,000" / "at most" [0, 4000]; "fewer than 10" [0, 9]; "about 430" / "some 430"
430 ± 10 % (at least ± 1); a range "30 to 40" [30, 40]; a vague amount ("dozens") its lexicon range.
Two figures conflict when their intervals share no count (implied counts of one, "killing him", are
not compared: they name a person, not a toll). So 14 vs 15 injured conflict; 430 vs 431
conflict (two exact numbers), while "more than 400" agrees with both and "some 430" agrees with
431. A group's category is flagged ``conflict`` when any two of its reports' figures conflict.

**Copies count once.** A figure from an article that copies another article of the same group
(``GroupMember.copy_of``) is not a value of its own: the original's value lists the copy's outlet
under ``copied_by``.

**Series** (:func:`series`): cumulative figures ("the death toll rose to 13", "since January") of one
story and category, ordered by ``as_of`` and publication. A rising total is not a contradiction; a
total below one reported for an earlier date (``lower_later``), or two totals for the same date that
conflict (``same_date``), is.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Article, ArticleLink, EventGroup, Quantity, Span, to_dict

ABOUT_TOLERANCE = 0.10
"""An "about N" figure covers N ± 10 % (at least ± 1)."""


@dataclass(frozen=True, slots=True)
class FigureValue:
    """One report's figure, with who gives it and where."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    text: str
    article_id: str
    figure_id: str
    """The figure's id in its article (``n3``)."""
    outlet: str | None
    claimant: str | None
    """Who gives it: the speaker's name (quote or claim), else null (the outlet's own voice)."""
    via: str | None
    """The channel named with the attribution ("Interfax"), if any."""
    date: str | None
    """The figure's own date, else the article's publication date."""
    date_from: str
    """``figure`` (its sentence or event) | ``published`` | ``none``."""
    published: str | None
    evidence: Span
    event_id: str | None = None
    """Global id of the event it counts (``<article_id>:<local_id>``), if any."""
    as_of: str | None = None
    copied_by: list[str] = field(default_factory=list)
    """Outlets (or article ids) of copies that carry the same report."""

    def bounds(self) -> tuple[float, float]:
        """The interval of whole counts the figure's words allow (see the module docstring)."""
        return bounds(self.value, self.low, self.high, self.qualifier)

    def to_json(self) -> dict[str, Any]:
        out = {
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "text": self.text,
            "article_id": self.article_id,
            "figure_id": self.figure_id,
            "event_id": self.event_id,
            "outlet": self.outlet,
            "claimant": self.claimant,
            "via": self.via,
            "date": self.date,
            "date_from": self.date_from,
            "published": self.published,
            "evidence": to_dict(self.evidence),
            "copied_by": list(self.copied_by),
        }
        if self.as_of is not None:
            out["as_of"] = self.as_of
        return out


@dataclass(frozen=True, slots=True)
class FigureComparison:
    """The figures of one category that the reports of one event group give, side by side."""

    group_id: str
    category: str
    conflict: bool
    low: float | None
    """The smallest count any report gives (its point value or lower bound)."""
    high: float | None
    """The largest count any report gives (its point value or upper bound)."""
    values: list[FigureValue]
    """One per report (copies counted once), in publication order."""
    latest: list[dict[str, Any]]
    """Per date (the figure's own, else publication): the value of the latest report for it."""
    conflicts: list[tuple[int, int]]
    """Index pairs into ``values`` that conflict."""
    story_id: str | None = None
    type: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSONL object of ``eventwire query figures --compare`` (issue 16's contract, plus extras)."""
        return {
            "group_id": self.group_id,
            "category": self.category,
            "conflict": self.conflict,
            "low": self.low,
            "high": self.high,
            "values": [v.to_json() for v in self.values],
            "latest": self.latest,
            "conflicts": [list(p) for p in self.conflicts],
            "story_id": self.story_id,
            "type": self.type,
            "source_count": len({v.article_id for v in self.values}),
            "outlets": _outlets(self.values),
        }


@dataclass(frozen=True, slots=True)
class Series:
    """The running totals of one category in one story, by as-of date and outlet."""

    story_id: str
    category: str
    points: list[FigureValue]
    """In as-of order, then publication order."""
    conflicts: list[dict[str, Any]]
    """``{kind: lower_later | same_date, a, b}`` (indices into ``points``)."""

    def to_json(self) -> dict[str, Any]:
        """The JSONL object of ``eventwire query series``."""
        return {
            "story_id": self.story_id,
            "category": self.category,
            "conflict": bool(self.conflicts),
            "points": [p.to_json() for p in self.points],
            "conflicts": self.conflicts,
        }


def bounds(value: float | None, low: float | None, high: float | None, qualifier: str) -> tuple[float, float]:
    """The interval of whole counts a figure's words allow."""
    if value is None:  # a vague amount: its lexicon range
        return (low if low is not None else 0.0, high if high is not None else math.inf)
    if low is not None and high is not None and low != high:  # a written range
        return (low, high)
    if qualifier == "at least":
        return (value, math.inf)
    if qualifier == "more than":
        return (math.floor(value) + 1.0, math.inf)
    if qualifier in ("at most", "up to"):
        return (0.0, value)
    if qualifier == "less than":
        return (0.0, math.ceil(value) - 1.0)
    if qualifier == "about":
        d = max(1.0, ABOUT_TOLERANCE * abs(value))
        return (value - d, value + d)
    return (value, value)


def conflicting(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two count intervals share no count."""
    return max(a[0], b[0]) > min(a[1], b[1])


def _outlets(values: Iterable[FigureValue]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        for o in [v.outlet or v.article_id, *v.copied_by]:
            seen.setdefault(o, None)
    return list(seen)


def figure_value(article: Article, q: Quantity) -> FigureValue:
    """A figure of ``article`` with its claimant's name, channel and date (figure's own, else published)."""
    quote = next((x for x in article.quotes if x.id == q.quote), None) if q.quote else None
    claimant: str | None = None
    if q.claimant is not None:
        actor = next((a for a in article.actors if a.id == q.claimant), None)
        claimant = actor.name if actor is not None else None
    if claimant is None and quote is not None:
        claimant = quote.speaker_text
    date, date_from = (
        (q.date, "figure") if q.date else (article.published, "published" if article.published else "none")
    )
    if q.cumulative and q.as_of:
        date, date_from = q.as_of, "figure" if q.date else date_from
    return FigureValue(
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        unit=q.unit,
        text=q.text,
        article_id=article.id,
        figure_id=q.id,
        outlet=article.source,
        claimant=claimant,
        via=quote.via if quote is not None else None,
        date=date,
        date_from=date_from,
        published=article.published,
        evidence=q.evidence,
        event_id=f"{article.id}:{q.event}" if q.event else None,
        as_of=q.as_of,
    )


def _countable(q: Quantity) -> bool:
    """A figure that can stand beside other reports' figures: a category, a number, not a part of a
    break-down, and not an implied count of one ("killing him" names a person, not a toll to compare
    with another report's "3 killed")."""
    return q.category != "other" and q.parent is None and not q.implicit and (q.value is not None or q.low is not None)


def _with_copies(values: list[FigureValue], copies: Mapping[str, str]) -> list[FigureValue]:
    """Fold figures of copies into their original's value (copies counted once)."""
    present = {v.article_id for v in values}
    kept: list[FigureValue] = []
    folded: dict[str, list[str]] = {}
    for v in values:
        original = copies.get(v.article_id)
        if original is not None and original in present:
            folded.setdefault(original, []).append(v.outlet or v.article_id)
            continue
        kept.append(v)
    out = []
    for v in kept:
        extra = folded.get(v.article_id)
        if extra:
            names = list(dict.fromkeys([*v.copied_by, *extra]))
            v = dataclasses.replace(v, copied_by=names)
        out.append(v)
    return out


def _pairs_in_conflict(values: Sequence[FigureValue]) -> list[tuple[int, int]]:
    b = [v.bounds() for v in values]
    return [(i, j) for i in range(len(values)) for j in range(i + 1, len(values)) if conflicting(b[i], b[j])]


def _latest(values: Sequence[FigureValue]) -> list[dict[str, Any]]:
    by_date: dict[str, FigureValue] = {}
    for v in sorted(values, key=lambda v: (v.published or "", v.article_id)):
        by_date[v.date or ""] = v  # later reports for the same date replace earlier ones
    return [
        {"date": d or None, "value": v.value, "low": v.low, "high": v.high, "qualifier": v.qualifier,
         "article_id": v.article_id, "outlet": v.outlet}
        for d, v in sorted(by_date.items())
    ]  # fmt: skip


def compare_group(
    group: EventGroup,
    articles: Mapping[str, Article],
    *,
    category: str | None = None,
) -> list[FigureComparison]:
    """Per figure category, the figures the reports of ``group`` attach to its events.

    ``articles`` maps article ids to records (members whose article is missing are skipped).
    """
    copies = {m.article_id: m.copy_of for m in group.members if m.copy_of}
    by_cat: dict[str, list[FigureValue]] = {}
    seen: set[tuple[str, str]] = set()
    for m in group.members:
        art = articles.get(m.article_id)
        if art is None:
            continue
        local = m.event_id.split(":", 1)[1] if ":" in m.event_id else m.event_id
        for q in art.quantities:
            if q.event != local or not _countable(q) or (art.id, q.id) in seen:
                continue
            if category is not None and q.category != category:
                continue
            seen.add((art.id, q.id))
            by_cat.setdefault(q.category, []).append(figure_value(art, q))
    out = []
    for cat in sorted(by_cat):
        values = _with_copies(sorted(by_cat[cat], key=lambda v: (v.published or "", v.article_id, v.figure_id)), copies)
        pairs = _pairs_in_conflict(values)
        lows = [x for v in values for x in (_point_of(v)[0],) if x is not None]
        highs = [x for v in values for x in (_point_of(v)[1],) if x is not None]
        out.append(
            FigureComparison(
                group_id=group.id,
                category=cat,
                conflict=bool(pairs),
                low=min(lows) if lows else None,
                high=max(highs) if highs else None,
                values=values,
                latest=_latest(values),
                conflicts=pairs,
                story_id=group.story_id,
                type=group.type,
            )
        )
    return out


def _point_of(v: FigureValue) -> tuple[float | None, float | None]:
    if v.value is None:
        return v.low, v.high
    if v.low is not None and v.high is not None and v.low != v.high:
        return v.low, v.high
    return v.value, v.value


def compare_figures(
    groups: Iterable[EventGroup],
    articles: Mapping[str, Article],
    *,
    category: str | None = None,
) -> list[FigureComparison]:
    """:func:`compare_group` for every group that has figures, by group id."""
    out: list[FigureComparison] = []
    for g in sorted(groups, key=lambda g: g.id):
        out.extend(compare_group(g, articles, category=category))
    return out


def series(
    articles: Iterable[Article],
    links: Mapping[str, ArticleLink],
    *,
    story_id: str | None = None,
    category: str | None = None,
) -> list[Series]:
    """Running totals per story and category (cumulative figures by as-of date and outlet).

    ``links`` maps article ids to their :class:`ArticleLink` (story and copy). Copies of an article
    in the same story are counted once (the original lists their outlets under ``copied_by``).
    """
    by_key: dict[tuple[str, str], list[FigureValue]] = {}
    copies: dict[str, str] = {}
    for art in articles:
        link = links.get(art.id)
        if link is None or (story_id is not None and link.story_id != story_id):
            continue
        if link.copy_of:
            copies[art.id] = link.copy_of
        for q in art.quantities:
            if not q.cumulative or not _countable(q) or (category is not None and q.category != category):
                continue
            by_key.setdefault((link.story_id, q.category), []).append(figure_value(art, q))
    out = []
    for (sid, cat), values in sorted(by_key.items()):
        ordered = sorted(values, key=lambda v: (v.date or "", v.published or "", v.article_id, v.figure_id))
        points = _with_copies(ordered, copies)
        out.append(Series(story_id=sid, category=cat, points=points, conflicts=series_conflicts(points)))
    return out


def series_conflicts(points: Sequence[FigureValue]) -> list[dict[str, Any]]:
    """Where a running total contradicts another: lower than one for an earlier date, or two for one date.

    ``points`` are in as-of order. A rising total is never a conflict.
    """
    out: list[dict[str, Any]] = []
    b = [p.bounds() for p in points]
    for j, pj in enumerate(points):
        for i in range(j):
            pi = points[i]
            if pi.date is None or pj.date is None:
                continue
            if pi.date == pj.date and conflicting(b[i], b[j]):
                out.append({"kind": "same_date", "a": i, "b": j, "date": pj.date})
            elif pi.date < pj.date and b[j][1] < b[i][0]:
                out.append({"kind": "lower_later", "a": i, "b": j, "date": pj.date})
    return out


__all__ = [
    "ABOUT_TOLERANCE",
    "FigureComparison",
    "FigureValue",
    "Series",
    "bounds",
    "compare_figures",
    "compare_group",
    "conflicting",
    "figure_value",
    "series",
    "series_conflicts",
]
