"""Linking a date-sorted stream of articles with bounded output state: final rows as they become final.

The linker (``eventwire.link``) is sequential over publication order: an article's links depend on
every article linked before it (running term statistics, entities, open stories and groups). The
Spark runner therefore links the whole stream in one task, in the order the local linker uses
(``link_order``), and this module turns the linker's upserts into rows that can be written once:

- ``article_links``, ``copies``, ``actor_links``: emitted once per article, final at once;
- ``group_members``: a group's members are only ever appended, so each new member is final at once
  (with its ``group_id``), as the store appends them (``store.links``);
- ``stories``, ``event_groups``: re-emitted while open; final when the linker closes them
  (``LinkChanges.closed_stories`` / ``closed_groups``) or at the end of the stream. As in the store,
  their ``article_ids`` / ``members`` are empty: those live in ``article_links`` / ``group_members``;
- ``actor_entities``: global entities never close (their counts grow to the end); they are kept
  (one row per entity, far fewer than articles) and written at the end, with empty ``spellings``
  as in the store;
- ``entity_spellings``: an entity's spellings are only ever appended, so each new spelling is final
  at once (with its ``entity_id``), as the store appends them.

Article links, stories, entities, groups, group members and spellings carry the store column ``seq``
(first-write order), numbered here as the store numbers it when it saves the same changes
(``store.links.save_changes``).

So what this holds is the linker's own working state (bounded by its windows, plus the set of
linked ids) and the latest version of the open stories, open groups and the entities. The rows
equal those of :func:`eventwire.link.link_articles` over the same articles (a test checks it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..link import Linker, LinkResult
from ..records import ActorEntity, Article
from ..store.ingest import LINK_CHUNK
from ..store.links import EntitySpelling

LINK_BATCH = LINK_CHUNK
"""Articles per ``Linker.link`` call: the store's own chunk (``store.ingest.link_stored``). The links
do not depend on it; the store column ``seq`` of entities does (entities of the knowledge base are
numbered in the order a call emits them), so the same chunk gives the store's numbers too."""


def link_order(article: Article) -> tuple[bool, str, str]:
    """The order the linker links in: dated articles by (publication date, id), then undated ones by id."""
    return (article.published is None, article.published or "", article.id)


@dataclass
class FinalRows:
    """Rows that will not change any more, by link table name (see :data:`LINK_TABLE_FIELDS`).

    ``seqs`` holds, for the tables with the store column ``seq`` (:data:`SEQ_TABLES`), each row's
    first-write order, numbered as the store numbers it (``store.links.upsert``: from 1, in the
    order ids first appear in the linker's changes).
    """

    rows: dict[str, list[Any]] = field(default_factory=dict)
    seqs: dict[str, list[int]] = field(default_factory=dict)
    extra: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    """Store columns other than ``seq`` by table (``group_members``: ``group_id``)."""

    def add(self, name: str, items: Iterable[Any]) -> None:
        self.rows.setdefault(name, []).extend(items)

    def add_numbered(self, name: str, items: Iterable[tuple[int, Any]]) -> None:
        for seq, row in items:
            self.rows.setdefault(name, []).append(row)
            self.seqs.setdefault(name, []).append(seq)

    def __bool__(self) -> bool:
        return any(self.rows.values())


LINK_TABLE_FIELDS: dict[str, str] = {
    "article_links": "articles",
    "copies": "copies",
    "stories": "stories",
    "actor_entities": "entities",
    "actor_links": "actor_links",
    "event_groups": "groups",
}
"""Link table name -> the ``LinkResult`` / ``LinkChanges`` field holding its rows."""

SEQ_TABLES = ("article_links", "stories", "actor_entities", "event_groups", "group_members", "entity_spellings")
"""Tables numbered by first write (store column ``seq``)."""


class _Numbered:
    """The latest row per id with its first-write number (what the store's upsert keeps)."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[int, Any]] = {}
        self.next = 1

    def update(self, rows: Iterable[Any]) -> None:
        for r in rows:
            seen = self.rows.get(r.id)
            if seen is None:
                self.rows[r.id] = (self.next, r)
                self.next += 1
            else:
                self.rows[r.id] = (seen[0], r)

    def pop(self, ids: Iterable[str]) -> list[tuple[int, Any]]:
        return [self.rows.pop(i) for i in ids if i in self.rows]


def _stored(items: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """Stories and groups as the store keeps them: ``article_ids`` / ``members`` in their own tables."""
    for seq, row in items:
        if isinstance(row, ActorEntity):
            yield seq, dataclasses.replace(row, spellings=[])
        elif hasattr(row, "article_ids"):
            yield seq, dataclasses.replace(row, article_ids=[])
        else:
            yield seq, dataclasses.replace(row, members=[])


def link_stream(
    articles: Iterable[Article], *, linker: Linker | None = None, batch_size: int = LINK_BATCH
) -> Iterator[FinalRows]:
    """Link ``articles`` (already in :func:`link_order`) and yield final rows, one chunk per link batch.

    Every row of :func:`eventwire.link.link_articles` over the same articles is yielded exactly once.
    """
    linker = linker or Linker()
    stories, groups, entities = _Numbered(), _Numbered(), _Numbered()
    links_written = members_written = spellings_written = 0
    members_of: dict[str, int] = {}  # members written per open group
    spellings_of: dict[str, int] = {}  # spellings written per entity
    it = iter(articles)
    previous: tuple[bool, str, str] | None = None
    while batch := list(islice(it, batch_size)):
        for a in batch:
            key = link_order(a)
            if previous is not None and key < previous:
                # a batch is sorted by the linker; across batches the caller must keep the order
                raise ValueError(f"articles out of link order: {a.id} after {previous[2]}")
            previous = key
        changes = linker.link(batch)
        out = FinalRows()
        numbers = range(links_written + 1, links_written + 1 + len(changes.articles))
        out.add_numbered("article_links", zip(numbers, changes.articles, strict=True))
        links_written += len(changes.articles)
        owners: list[str] = []
        for g in {g.id: g for g in changes.groups}.values():  # the store's _append_members, call by call
            new = g.members[members_of.get(g.id, 0) :]
            members_of[g.id] = len(g.members)
            out.add_numbered("group_members", enumerate(new, start=members_written + 1))
            members_written += len(new)
            owners += [g.id] * len(new)
        if owners:
            out.extra["group_members"] = {"group_id": owners}
        for closed in changes.closed_groups:
            members_of.pop(closed, None)
        spellings: list[EntitySpelling] = []
        for e in {e.id: e for e in changes.entities}.values():  # the store's LinkWriter._append_spellings
            spellings += [EntitySpelling(e.id, s) for s in e.spellings[spellings_of.get(e.id, 0) :]]
            spellings_of[e.id] = len(e.spellings)
        out.add_numbered("entity_spellings", enumerate(spellings, start=spellings_written + 1))
        spellings_written += len(spellings)
        out.add("copies", changes.copies)
        out.add("actor_links", changes.actor_links)
        stories.update(changes.stories)
        entities.update(changes.entities)
        groups.update(changes.groups)
        out.add_numbered("stories", _stored(stories.pop(changes.closed_stories)))
        out.add_numbered("event_groups", _stored(groups.pop(changes.closed_groups)))
        yield out
    out = FinalRows()
    out.add_numbered("stories", _stored(stories.rows.values()))
    out.add_numbered("actor_entities", _stored(entities.rows.values()))
    out.add_numbered("event_groups", _stored(groups.rows.values()))
    yield out


def result_rows(result: LinkResult) -> dict[str, list[Any]]:
    """The rows of a local :class:`LinkResult` by link table name, shaped as the store keeps them
    (stories and groups without their article ids / members, which are ``article_links`` and
    ``group_members`` rows; ``group_members`` rows are ``(group_id, member)`` pairs)."""
    out: dict[str, list[Any]] = {name: list(getattr(result, attr).values()) for name, attr in LINK_TABLE_FIELDS.items()}
    out["stories"] = [dataclasses.replace(s, article_ids=[]) for s in out["stories"]]
    groups = out["event_groups"]
    out["event_groups"] = [dataclasses.replace(g, members=[]) for g in groups]
    out["group_members"] = [(g.id, m) for g in groups for m in g.members]
    entities = out["actor_entities"]
    out["actor_entities"] = [dataclasses.replace(e, spellings=[]) for e in entities]
    out["entity_spellings"] = [EntitySpelling(e.id, s) for e in entities for s in e.spellings]
    return out


__all__ = ["LINK_BATCH", "LINK_TABLE_FIELDS", "SEQ_TABLES", "FinalRows", "link_order", "link_stream", "result_rows"]
