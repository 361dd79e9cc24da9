"""The Spark runner's table I/O: record tables as Arrow (made by the store's own insert code) and
loading a Spark (or ``export --format parquet``) output folder into a store. SQL lives in the store."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pyarrow as pa

from ..errors import Skipped, StoreError
from ..link.linker import links_differently
from ..records import Article, from_json
from . import read_side
from .links import clear_links
from .store import Item, Store, open_store
from .tables import all_tables, quote
from .tables import record_tables as _record_tables

TABLES: tuple[str, ...] = tuple(t.name for t in all_tables())
"""The tables a Spark run writes, in the order ``eventwire export --format parquet`` writes them."""

DEAD_LETTER = "dead_letter"

RELINKED = "relinked"
"""Key of :func:`load_parquet_dir`'s result: replaced articles that emptied the linking tables."""


@cache
def table_schemas() -> dict[str, pa.Schema]:
    """Arrow schema of each table, as a local store exports it."""
    with open_store(":memory:") as store:
        return {name: store.con.sql(f"SELECT * FROM {quote(name)} LIMIT 0").to_arrow_table().schema for name in TABLES}


def record_tables(
    results: Sequence[Article | Skipped], extractor: str, names: Sequence[str] = TABLES
) -> dict[str, pa.Table]:
    """The rows ``results`` give in the tables ``names``, made by the store's own insert code.

    Articles must have distinct ids (the runner keeps one record per id first).
    """
    with open_store(":memory:") as store:
        store.write_batch([Item(r) for r in results], extractor=extractor)
        return {name: store.con.sql(f"SELECT * FROM {quote(name)}").to_arrow_table() for name in names}


def _parquet_files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.parquet")) if path.is_dir() else []


def is_parquet_folder(path: str | Path) -> bool:
    """Whether ``path`` is laid out as a Spark (or ``export --format parquet``) output folder.

    The layout is ``<path>/<table>/[part-]*.parquet``; a directory with one table folder of
    Parquet files counts (loading it then says which tables are missing), so a half-copied folder
    gets a clear error instead of being read as a folder of reports.
    """
    root = Path(path)
    return root.is_dir() and any(_parquet_files(root / n) for n in TABLES)


def load_parquet_dir(store: Store, folder: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Add the tables of a Spark (or ``export --format parquet``) output folder to ``store``.

    Idempotent like an ingest: an article whose id is stored already is left as it is (with its
    rows in the child tables) unless ``replace``; dead-letter rows replace those of the same input
    and line. Returns the rows added per table. One transaction: all or nothing.

    With ``replace``, a linked article whose new record links differently empties the linking
    tables (as :meth:`Store.write_batch` does); ``added["relinked"]`` counts such articles, and the
    caller links every stored article again (``eventwire ingest`` does, unless ``--no-link``).
    """
    root = Path(folder)
    missing = [n for n in TABLES if not _parquet_files(root / n)]
    if missing:
        raise StoreError(
            f"not an eventwire Parquet folder: no Parquet files in {', '.join(f'{n}/' for n in missing)}",
            code="EW308",
            path=str(root),
        )

    def source(name: str) -> str:
        path = root / name
        pattern = path / "**" / "*.parquet" if path.is_dir() else path
        return "read_parquet(" + "'" + str(pattern).replace("'", "''") + "')"

    con = store.con
    added: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE TEMP TABLE _ew_new AS SELECT id FROM {source('articles')}")
        if replace:
            # a linked article replaced by a record that links differently leaves every link stale
            # (later articles' links depend on it): empty them; the caller links everything again
            changed = con.execute(
                f"SELECT a.record, n.record FROM articles a JOIN {source('articles')} n ON a.id = n.id "
                "WHERE a.id IN (SELECT article_id FROM article_links) AND a.record IS DISTINCT FROM n.record"
            ).fetchall()
            stale = sum(1 for old, new in changed if links_differently(from_json(old), from_json(new)))
            if stale:
                clear_links(con)
            added[RELINKED] = stale
            gone = [
                r[0] for r in con.execute("SELECT id FROM articles WHERE id IN (SELECT id FROM _ew_new)").fetchall()
            ]
            if read_side.has_tables(con):
                read_side.remove_articles(con, gone)
            for t in _record_tables():
                col = "id" if t.record_field is None else "article_id"
                con.execute(f"DELETE FROM {quote(t.name)} WHERE {quote(col)} IN (SELECT id FROM _ew_new)")
        else:
            con.execute("DELETE FROM _ew_new WHERE id IN (SELECT id FROM articles)")
        for t in _record_tables():
            col = "id" if t.record_field is None else "article_id"
            # generated (virtual) columns such as the global ids are computed, never inserted
            stored = ", ".join(quote(c.name) for c in t.columns if not c.generated)
            row = con.execute(
                f"INSERT INTO {quote(t.name)} BY NAME SELECT {stored} FROM {source(t.name)} "
                f"WHERE {quote(col)} IN (SELECT id FROM _ew_new)"
            ).fetchone()
            added[t.name] = int(row[0]) if row else 0
        if read_side.has_tables(con):
            read_side.add_articles(con, [r[0] for r in con.execute("SELECT id FROM _ew_new").fetchall()])
        dl = source(DEAD_LETTER)
        con.execute(
            f"DELETE FROM dead_letter WHERE EXISTS (SELECT 1 FROM {dl} n "
            "WHERE n.input = dead_letter.input AND n.line IS NOT DISTINCT FROM dead_letter.line)"
        )
        row = con.execute(f"INSERT INTO dead_letter BY NAME SELECT * FROM {dl}").fetchone()
        added[DEAD_LETTER] = int(row[0]) if row else 0
        con.execute("DROP TABLE _ew_new")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return added


__all__ = [
    "DEAD_LETTER",
    "RELINKED",
    "TABLES",
    "is_parquet_folder",
    "load_parquet_dir",
    "record_tables",
    "table_schemas",
]
