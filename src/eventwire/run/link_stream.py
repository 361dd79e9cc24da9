"""Linking a date-sorted stream of articles with bounded output state: final rows as they become final.

The linker (``eventwire.link``) is sequential over publication order: an article's links depend on
every article linked before it (running term statistics, entities, open stories and groups). The
Spark runner therefore links the whole stream in one task, in the order the local linker uses
(``link_order``), and this module turns the linker's upserts into rows that can be written once:

- ``article_links``, ``copies``, ``actor_links``: emitted once per article, final at once;
- ``stories``, ``event_groups``: re-emitted while open; final when the linker closes them
  (``LinkChanges.closed_stories`` / ``closed_groups``) or at the end of the stream;
- ``actor_entities``: global entities never close (their counts grow to the end); they are kept
  (one row per entity, far fewer than articles) and written at the end.

So what this holds is the linker's own working state (bounded by its windows, plus the set of
linked ids) and the latest version of the open stories, open groups and the entities. The rows
equal those of :func:`eventwire.link.link_articles` over the same articles (a test checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..link import LinkChanges, Linker, LinkResult
from ..records import Article

LINK_BATCH = 256
"""Articles per ``Linker.link`` call (as ingest links; the result does not depend on it)."""


def link_order(article: Article) -> tuple[bool, str, str]:
    """The order the linker links in: dated articles by (publication date, id), then undated ones by id."""
    return (article.published is None, article.published or "", article.id)


@dataclass
class FinalRows:
    """Rows that will not change any more, by link table name (see :data:`LINK_TABLE_FIELDS`)."""

    rows: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, name: str, items: Iterable[Any]) -> None:
        self.rows.setdefault(name, []).extend(items)

    def __bool__(self) -> bool:
        return any(self.rows.values())


LINK_TABLE_FIELDS: dict[str, str] = {
    "article_links": "articles",
    "copies": "copies",
    "actor_links": "actor_links",
    "stories": "stories",
    "event_groups": "groups",
    "actor_entities": "entities",
}
"""Link table name -> the ``LinkResult`` / ``LinkChanges`` field holding its rows."""


def link_stream(
    articles: Iterable[Article], *, linker: Linker | None = None, batch_size: int = LINK_BATCH
) -> Iterator[FinalRows]:
    """Link ``articles`` (already in :func:`link_order`) and yield final rows, one chunk per link batch.

    Every row of :func:`eventwire.link.link_articles` over the same articles is yielded exactly once.
    """
    linker = linker or Linker()
    open_stories: dict[str, Any] = {}
    open_groups: dict[str, Any] = {}
    entities: dict[str, Any] = {}
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
        yield _final(changes, open_stories, open_groups, entities)
    out = FinalRows()
    out.add("stories", open_stories.values())
    out.add("event_groups", open_groups.values())
    out.add("actor_entities", entities.values())
    yield out


def _final(
    changes: LinkChanges, open_stories: dict[str, Any], open_groups: dict[str, Any], entities: dict[str, Any]
) -> FinalRows:
    out = FinalRows()
    out.add("article_links", changes.articles)
    out.add("copies", changes.copies)
    out.add("actor_links", changes.actor_links)
    open_stories.update((s.id, s) for s in changes.stories)
    open_groups.update((g.id, g) for g in changes.groups)
    entities.update((e.id, e) for e in changes.entities)
    out.add("stories", [open_stories.pop(s) for s in changes.closed_stories if s in open_stories])
    out.add("event_groups", [open_groups.pop(g) for g in changes.closed_groups if g in open_groups])
    return out


def result_rows(result: LinkResult) -> dict[str, list[Any]]:
    """The rows of a local :class:`LinkResult` by link table name (what the local linker gives)."""
    return {name: list(getattr(result, attr).values()) for name, attr in LINK_TABLE_FIELDS.items()}


__all__ = ["LINK_BATCH", "LINK_TABLE_FIELDS", "FinalRows", "link_order", "link_stream", "result_rows"]
