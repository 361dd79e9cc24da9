"""Reusable checks that an Article obeys the record contract (import in any test).

``check_record(article)`` fails with every problem found:

* every :class:`Span` anywhere in the record (and every Quantity's own start/end/text) slices
  the cleaned text to exactly its ``text``, inside the text's bounds;
* ids are unique within the article;
* every reference (event source/target/claimed_by/place/quantities, quote speaker, quantity
  event/parent, contradiction sides) names an id that exists;
* the record survives a JSON round trip through the validating loader.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from eventwire.records import Article, Quantity, Span, from_json, to_json


def _walk_spans(obj: Any, path: str) -> list[tuple[str, Span]]:
    found: list[tuple[str, Span]] = []
    if isinstance(obj, Span):
        found.append((path, obj))
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            found.extend(_walk_spans(getattr(obj, f.name), f"{path}.{f.name}"))
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            found.extend(_walk_spans(item, f"{path}[{i}]"))
    return found


def record_problems(article: Article) -> list[str]:
    """Every contract violation in ``article``, as readable lines (empty when it is valid)."""
    text = article.text
    problems: list[str] = []

    def check_slice(where: str, start: int, end: int, expected: str) -> None:
        if not (0 <= start <= end <= len(text)):
            problems.append(f"{where}: offsets {start}:{end} outside text of length {len(text)}")
        elif text[start:end] != expected:
            problems.append(f"{where}: text[{start}:{end}] == {text[start:end]!r}, span says {expected!r}")

    for where, span in _walk_spans(article, "article"):
        check_slice(where, span.start, span.end, span.text)
    for i, q in enumerate(article.quantities):
        assert isinstance(q, Quantity)
        check_slice(f"article.quantities[{i}]", q.start, q.end, q.text)

    groups = {
        "actors": [a.id for a in article.actors],
        "events": [e.id for e in article.events],
        "quotes": [q.id for q in article.quotes],
        "quantities": [q.id for q in article.quantities],
        "places": [p.id for p in article.places],
        "contradictions": [c.id for c in article.contradictions],
    }
    all_ids = [i for ids in groups.values() for i in ids]
    dupes = sorted({i for i in all_ids if all_ids.count(i) > 1})
    if dupes:
        problems.append(f"duplicate ids: {dupes}")
    actors, events, quantities, places = (
        set(groups["actors"]),
        set(groups["events"]),
        set(groups["quantities"]),
        set(groups["places"]),
    )

    def ref(where: str, value: str | None, known: set[str]) -> None:
        if value is not None and value not in known:
            problems.append(f"{where} refers to unknown id {value!r}")

    for e in article.events:
        for name in ("source", "target", "claimed_by"):
            ref(f"event {e.id}.{name}", getattr(e, name), actors)
        for a in [*e.sources, *e.targets]:
            ref(f"event {e.id}.sources/targets", a, actors)
        ref(f"event {e.id}.place", e.place, places)
        for q in e.quantities:
            ref(f"event {e.id}.quantities", q, quantities)
    for qt in article.quotes:
        ref(f"quote {qt.id}.speaker", qt.speaker, actors)
    for n in article.quantities:
        ref(f"quantity {n.id}.event", n.event, events)
        ref(f"quantity {n.id}.parent", n.parent, quantities)
    for c in article.contradictions:
        ref(f"contradiction {c.id}.a", c.a, set(all_ids))
        ref(f"contradiction {c.id}.b", c.b, set(all_ids))

    try:
        if from_json(to_json(article)) != article:
            problems.append("the record changes in a JSON round trip")
    except Exception as e:  # the validating loader rejects the record
        problems.append(f"the record does not validate: {e}")
    return problems


def check_record(article: Article) -> None:
    """Fail (AssertionError) listing every contract violation in ``article``."""
    problems = record_problems(article)
    assert not problems, "record contract violated:\n  " + "\n  ".join(problems)


__all__ = ["check_record", "record_problems"]
