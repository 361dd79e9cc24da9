"""One row per event group (``eventwire export --groups``): ACLED's practice of one event per happening.

A group is one real-world happening across reports (docs/linking.md). Its row carries what the
group knows (type, mode, actors, date span, place) and what its reports say about it: how many
reports and outlets (a copy and its original are one report, but both outlets are listed), who
asserts, claims or denies it, and per figure category the range of values the reports give with a
conflict flag (:mod:`eventwire.link.figures`; nothing is resolved to one number).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..link.figures import compare_group
from ..records import ActorEntity, Article, EventGroup
from ..store.links import read_rows
from ..store.store import Store
from .base import TextExporter, csv_value, write_csv
from .mappings import acled_type, country_names

FIGURE_COLUMNS = {"killed": "fatalities", "injured": "injured", "participants": "size"}
"""Figure category -> the column stem of its range (``fatalities_low``, ``fatalities_high``, ...)."""

COLUMNS = (
    "group_id",
    "story_id",
    "event_date",
    "date_start",
    "date_end",
    "event_type",
    "sub_event_type",
    "plover_type",
    "plover_mode",
    "actor1",
    "actor2",
    "country",
    "iso3",
    "location",
    "latitude",
    "longitude",
    "source_count",
    "outlet_count",
    "outlets",
    "asserted_by",
    "claimed_by",
    "denied_by",
    *(f"{stem}_{end}" for stem in FIGURE_COLUMNS.values() for end in ("low", "high", "conflict")),
    "figures",
    "notes",
    "article_ids",
)


def _names(ids: Iterable[str], entities: Mapping[str, ActorEntity]) -> list[str]:
    return [entities[i].name if i in entities else i for i in ids]


def group_row(
    group: EventGroup, articles: Mapping[str, Article], entities: Mapping[str, ActorEntity] | None = None
) -> dict[str, Any]:
    """The row of one event group (columns :data:`COLUMNS`; ``figures`` holds every category's comparison)."""
    ents = entities or {}
    target = ents.get(group.target_entity) if group.target_entity is not None else None
    target_sector = target.sector if target is not None else None
    mapped = acled_type(group.type, group.mode, target_sector)
    outlets = list(dict.fromkeys(m.outlet or m.article_id for m in group.members))
    comparisons = compare_group(group, articles)
    row: dict[str, Any] = {
        "group_id": group.id,
        "story_id": group.story_id,
        "event_date": group.date,
        "date_start": group.date_start,
        "date_end": group.date_end,
        "event_type": mapped[0] if mapped else None,
        "sub_event_type": mapped[1] if mapped else None,
        "plover_type": group.type,
        "plover_mode": group.mode,
        "actor1": group.source_name,
        "actor2": group.target_name,
        "country": country_names().get(group.place_country) if group.place_country else None,
        "iso3": group.place_country,
        "location": group.place,
        "latitude": group.lat,
        "longitude": group.lon,
        "source_count": group.article_count,
        "outlet_count": group.outlet_count,
        "outlets": outlets,
        "asserted_by": list(group.asserted_by),
        "claimed_by": _names(group.claimed_by, ents),
        "denied_by": _names(group.denied_by, ents),
        "figures": {c.category: c.to_json() for c in comparisons},
        "notes": group.members[0].evidence.text if group.members else None,
        "article_ids": list(dict.fromkeys(m.article_id for m in group.members)),
    }
    by_cat = {c.category: c for c in comparisons}
    for category, stem in FIGURE_COLUMNS.items():
        c = by_cat.get(category)
        row[f"{stem}_low"] = _number(c.low) if c else None
        row[f"{stem}_high"] = _number(c.high) if c else None
        row[f"{stem}_conflict"] = c.conflict if c else None
    return row


def _number(v: float | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == int(v) else v


def group_rows(
    groups: Iterable[EventGroup], articles: Mapping[str, Article], entities: Mapping[str, ActorEntity] | None = None
) -> list[dict[str, Any]]:
    """:func:`group_row` of every group, by first date then id."""
    ordered = sorted(groups, key=lambda g: (g.date_start is None, g.date_start or "", g.id))
    return [group_row(g, articles, entities) for g in ordered]


def stored_group_rows(store: Store, batch: int = 500) -> Iterator[dict[str, Any]]:
    """:func:`group_row` of every stored event group, reading the member articles a batch of groups at a time."""
    groups: list[EventGroup] = read_rows(store.con, "event_groups")
    groups.sort(key=lambda g: (g.date_start is None, g.date_start or "", g.id))
    for i in range(0, len(groups), batch):
        part = groups[i : i + batch]
        ids = list(dict.fromkeys(m.article_id for g in part for m in g.members))
        articles = {a.id: a for a in store.articles_by_id(ids)}
        names = {e for g in part for e in (*g.claimed_by, *g.denied_by, g.target_entity) if e}
        entities: dict[str, ActorEntity] = {}
        if names:
            found: list[ActorEntity] = read_rows(
                store.con, "actor_entities", "WHERE list_contains(?, id)", [sorted(names)]
            )
            entities = {e.id: e for e in found}
        for g in part:
            yield group_row(g, articles, entities)


def _flat(v: Any) -> Any:
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return csv_value(v)


class AcledGroupsExporter(TextExporter):
    """ACLED-style CSV with one row per event group (``eventwire export --format acled --groups``)."""

    description = "ACLED-style CSV, one row per event group (needs the linking tables)"

    def write(self, store: Store, fh: IO[str]) -> int:
        rows = stored_group_rows(store)
        return write_csv(fh, COLUMNS, ([_flat(r[c]) for c in COLUMNS] for r in rows))


class JsonlGroupsExporter(TextExporter):
    """JSONL with one object per event group (``eventwire export --format jsonl --groups``)."""

    description = "JSONL, one object per event group (needs the linking tables)"

    def write(self, store: Store, fh: IO[str]) -> int:
        n = 0
        for r in stored_group_rows(store):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
        return n


ACLED_GROUPS = AcledGroupsExporter()
JSONL_GROUPS = JsonlGroupsExporter()

__all__ = [
    "ACLED_GROUPS",
    "COLUMNS",
    "FIGURE_COLUMNS",
    "JSONL_GROUPS",
    "AcledGroupsExporter",
    "JsonlGroupsExporter",
    "group_row",
    "group_rows",
    "stored_group_rows",
]
