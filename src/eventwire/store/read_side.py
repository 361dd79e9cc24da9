"""The read side's derived tables, kept exact by every writer in the transaction of the rows.

One entry point for the writers (``Store.write_batch``, the Parquet loader): each module below
owns tables derived from the record tables, with ``add_articles`` (after an article's rows are
written), ``remove_articles`` (before they are deleted), ``rebuild`` (its migration) and
``has_tables``:

- :mod:`.summaries` (migration 7): event sites, event and place counts (map, timeline).
- :mod:`.actor_summary` (migration 8): actors across articles (the actor list).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from types import ModuleType

import duckdb

from . import actor_summary, summaries

MODULES: tuple[ModuleType, ...] = (summaries, actor_summary)


def present(con: duckdb.DuckDBPyConnection) -> tuple[ModuleType, ...]:
    """The modules whose tables this database has (all of them once migrated)."""
    return tuple(m for m in MODULES if m.has_tables(con))


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has any derived read-side table."""
    return bool(present(con))


def add_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Add what the newly written articles contribute to every derived table."""
    for m in present(con):
        m.add_articles(con, article_ids)


def remove_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Subtract what stored articles about to be deleted contributed to every derived table."""
    for m in present(con):
        m.remove_articles(con, article_ids)


REBUILD_CHUNK = 20_000
"""Articles per statement when a rebuild derives the tables of migration 8 (bounded memory)."""


def article_chunks(con: duckdb.DuckDBPyConnection, size: int = REBUILD_CHUNK) -> Iterator[tuple[str, str]]:
    """``(after, upto)`` article-id ranges (``after < id <= upto``) of at most ``size`` stored articles."""
    last = ""
    while True:
        row = con.execute(
            "SELECT max(id), count(*) FROM (SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?)", [last, size]
        ).fetchone()
        if not row or not row[1]:
            return
        yield last, str(row[0])
        last = str(row[0])


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Derive every read-side table from the record tables (after writing them by other means)."""
    for m in MODULES:
        m.rebuild(con)


__all__ = [
    "MODULES",
    "REBUILD_CHUNK",
    "add_articles",
    "article_chunks",
    "has_tables",
    "present",
    "rebuild",
    "remove_articles",
]
