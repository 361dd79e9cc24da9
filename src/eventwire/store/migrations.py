"""Numbered schema migrations, recorded in the ``schema_migrations`` table.

Each migration runs once, in order, inside one transaction together with its row in
``schema_migrations``. Never edit a released migration: add the next number.

Fields added to ``records.py`` (additive, same ``schema_version``) need no migration: after the
numbered migrations, :func:`sync_columns` adds any column the dataclasses have and the table lacks
(existing rows get NULL there; their record JSON still rebuilds the record with the field's default).
A new *store* column (computed from the record, see :mod:`.tables`) needs a numbered migration that
fills it; :func:`rebuild_record_tables` re-derives every record table from the stored record JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from ..errors import StoreError
from .actor_summary import rebuild as rebuild_actor_summary
from .identity import create_tables as create_identity_tables
from .links import create_link_tables, link_tables
from .summaries import rebuild as rebuild_summaries
from .tables import child_tables, insert_sql, parse_sql, quote, record_tables

Migration = Callable[[duckdb.DuckDBPyConnection], None]


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    apply: Migration


def _create_record_tables(con: duckdb.DuckDBPyConnection) -> None:
    for t in record_tables():
        con.execute(t.ddl())
    # Inputs that produced no record (the dead-letter list): where, and why.
    con.execute(
        "CREATE TABLE IF NOT EXISTS dead_letter ("
        " input VARCHAR NOT NULL, line BIGINT, code VARCHAR NOT NULL, reason VARCHAR NOT NULL,"
        " message VARCHAR NOT NULL)"
    )


def _create_input_ledger(con: duckdb.DuckDBPyConnection) -> None:
    # One row per input document already processed (stored, duplicate or dead-lettered), keyed by a
    # fingerprint of its content and the extractor: a resumed ingest skips these before parsing.
    con.execute(
        "CREATE TABLE IF NOT EXISTS ingested_inputs ("
        " fingerprint VARCHAR PRIMARY KEY, input VARCHAR NOT NULL, article_id VARCHAR, code VARCHAR)"
    )


def _drop_child_keys(con: duckdb.DuckDBPyConnection) -> None:
    # DuckDB keeps every ART index (each PRIMARY KEY makes one) in memory, so keys on the child tables
    # (about 40 rows per article) made a long ingest's memory grow with the corpus. Their uniqueness
    # holds by construction (an article's rows are deleted and written in one transaction), so the
    # tables are rebuilt without them; only ``articles.id`` and the input ledger keep a key.
    for t in child_tables():
        name = quote(t.name)
        con.execute(f"CREATE TABLE _ew_rebuild AS SELECT * FROM {name}")
        con.execute(f"DROP TABLE {name}")
        con.execute(f"ALTER TABLE _ew_rebuild RENAME TO {name}")


REBUILD_CHUNK = 2048
"""Articles re-derived per statement when a migration rebuilds the record tables (bounded memory)."""


def rebuild_record_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Re-derive every record table, store columns included, from ``articles.record`` (the record JSON).

    The record JSON is the source of truth; every other column is computed from it by the same SQL
    the batch writer runs, so a rebuilt database holds exactly the rows a fresh ingest would.
    New tables are filled under temporary names, chunk by chunk in article-id order, then swapped in.
    """
    tables = record_tables()
    for t in tables:
        con.execute(f"DROP TABLE IF EXISTS {quote('_ew_new_' + t.name)}")
        con.execute(t.ddl("_ew_new_" + t.name))
    last = ""
    while True:
        row = con.execute(
            "SELECT max(id), count(*) FROM (SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?)",
            [last, REBUILD_CHUNK],
        ).fetchone()
        if not row or not row[1]:
            break
        chunk = f"(SELECT id, extractor, record FROM articles WHERE id > {_literal(last)} AND id <= {_literal(row[0])} ORDER BY id)"
        con.execute(parse_sql(chunk))
        for t in tables:
            con.execute(insert_sql(t, "_ew_new_" + t.name))
        last = row[0]
    con.execute("DROP TABLE IF EXISTS _ew_parsed")
    for t in tables:
        con.execute(f"DROP TABLE {quote(t.name)}")
        con.execute(f"ALTER TABLE {quote('_ew_new_' + t.name)} RENAME TO {quote(t.name)}")


def _read_side_8(con: duckdb.DuckDBPyConnection) -> None:
    _add_match_text(con)
    rebuild_actor_summary(con)


def _add_match_text(con: duckdb.DuckDBPyConnection) -> None:
    # articles.match_text (title and text) and quotes.match_text (evidence), normalised: text
    # filters compared strip_accents(lower(text)) per row per query, seconds at 100k+ articles
    # (strip_accents is slow on long text); normalised once at ingest, a filter is a plain
    # substring scan. New store columns: the table is copied into one of its current shape a
    # chunk of articles at a time (bounded memory), the column computed (new databases have it).
    from .tables import MATCH_TEXT

    _copy_with_column(con, "articles", "id", MATCH_TEXT.format(a="a"), REBUILD_CHUNK)  # rows carry their JSON
    _copy_with_column(con, "quotes", "article_id", "strip_accents(lower(COALESCE(a.evidence.text, '')))", 20_000)


def _copy_with_column(con: duckdb.DuckDBPyConnection, table: str, key: str, expr: str, chunk: int) -> None:
    have = _columns(con, table)
    if "match_text" in have:
        return
    from .read_side import article_chunks

    t = next(x for x in record_tables() if x.name == table)
    new = quote("_ew_new_" + table)
    stored = ", ".join(f"a.{quote(c.name)}" for c in t.columns if not c.generated and c.name in have)
    con.execute(f"DROP TABLE IF EXISTS {new}")
    con.execute(t.ddl("_ew_new_" + table))
    for lo, hi in article_chunks(con, chunk):
        con.execute(
            f"INSERT INTO {new} BY NAME SELECT {stored}, {expr} AS match_text FROM {quote(table)} a"
            f" WHERE a.{quote(key)} > ? AND a.{quote(key)} <= ?",
            [lo, hi],
        )
    con.execute(f"DROP TABLE {quote(table)}")
    con.execute(f"ALTER TABLE {new} RENAME TO {quote(table)}")


def _add_virtual_columns(con: duckdb.DuckDBPyConnection) -> None:
    # Global-id columns are virtual (computed when read), and a table gains one when a record field
    # becomes a reference (quantities.quote and .claimant did after migration 8's era began).
    # DuckDB cannot add a generated column to an existing table, so a table that lacks one is
    # copied into a new table of its current shape (stored columns only; nothing is recomputed).
    # A table that lacks a *stored* store column is left alone: sync_columns reports that (EW305).
    for t in record_tables():
        have = _columns(con, t.name)
        missing = [c for c in t.columns if c.name not in have]
        if not have or not missing or any(not c.generated and not c.is_record_field for c in missing):
            continue
        name, new = quote(t.name), quote("_ew_new_" + t.name)
        kept = ", ".join(quote(c.name) for c in t.columns if not c.generated and c.name in have)
        con.execute(f"DROP TABLE IF EXISTS {new}")
        con.execute(t.ddl("_ew_new_" + t.name))
        con.execute(f"INSERT INTO {new} ({kept}) SELECT {kept} FROM {name}")
        con.execute(f"DROP TABLE {name}")
        con.execute(f"ALTER TABLE {new} RENAME TO {name}")


def _current_link_layout(con: duckdb.DuckDBPyConnection) -> None:
    # The linking tables' layout changed after migration 6 (group_members, article_links.seq):
    # a database linked under the older layout lacks them and its pages fail. Links are derived
    # from the stored records (deterministic), so older linking tables are dropped with the
    # linker's state and created anew: the next ingest links the stored articles again (as after
    # migration 6), or `eventwire link` does it at once.
    stale = False
    for t in link_tables():
        have = _columns(con, t.name)
        stale = stale or bool(have and any(c.name not in have for c in t.columns))
    if stale:
        for t in link_tables():
            con.execute(f"DROP TABLE IF EXISTS {quote(t.name)}")
    create_link_tables(con)


def _entity_spellings(con: duckdb.DuckDBPyConnection) -> None:
    # An entity's spellings list was rewritten with the entity on every change, and some entities
    # keep collecting spellings: per-batch writes grew with the corpus. They become appended rows of
    # entity_spellings (as a group's members are group_members rows), numbered here by the entity's
    # own seq, then by position; entities keep an empty list, which reading fills again.
    create_link_tables(con)
    con.execute(
        "INSERT INTO entity_spellings (entity_id, spelling, seq) "
        "SELECT id, spelling, row_number() OVER (ORDER BY seq, pos) FROM ("
        " SELECT id, seq, unnest(spellings) AS spelling, unnest(generate_series(1, len(spellings))) AS pos"
        " FROM actor_entities)"
    )
    con.execute("UPDATE actor_entities SET spellings = [] WHERE len(spellings) > 0")


def _catch_up(con: duckdb.DuckDBPyConnection) -> None:
    _add_virtual_columns(con)
    _current_link_layout(con)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = ?",
            [table],
        ).fetchall()
    }


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


MIGRATIONS: tuple[Step, ...] = (
    Step(1, "record tables and dead_letter", _create_record_tables),
    Step(2, "ingested_inputs ledger for cheap resume", _create_input_ledger),
    Step(3, "child tables without in-memory primary-key indexes", _drop_child_keys),
    Step(4, "global ids, row order, date bounds and denormalised look-ups (store columns)", rebuild_record_tables),
    Step(5, "extractor identities and knowledge manifests", create_identity_tables),
    Step(
        6,
        "linking across articles: copies, stories, actor entities, event groups and the linker's state",
        create_link_tables,
    ),
    Step(7, "read-side summaries: event sites, event and place counts", rebuild_summaries),
    Step(8, "read side: actor summary, articles.match_text and quotes.match_text for text filters", _read_side_8),
    Step(
        9,
        "tables catch up with their current shape: virtual id columns (quantities.quote_gid, claimant_gid),"
        " linking tables of the current layout (group_members, article_links.seq)",
        _catch_up,
    ),
    Step(
        10,
        "actor entity spellings as appended rows (entity_spellings), not a list rewritten with each change",
        _entity_spellings,
    ),
)
LATEST = MIGRATIONS[-1].version
# the migration whose result equals the record tables derived from records.py today
RECORD_SHAPE_VERSION = 4


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration (0 for a new database)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection, *, upto: int = LATEST, path: str | None = None) -> list[int]:
    """Apply pending migrations up to ``upto``; returns the versions applied.

    Raises StoreError EW302 when the database was written by a newer eventwire.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    have = current_version(con)
    if have > LATEST:
        raise StoreError(
            f"database is at schema migration {have}, this eventwire knows up to {LATEST}", code="EW302", path=path
        )
    applied = []
    if have == 0 and upto == LATEST:
        # A new database gets the record tables in their latest shape in one step: the tables derived
        # from records.py are already what migrations 1-4 lead to (children without keys, store
        # columns), so replaying that history would only rebuild empty tables three times. Later
        # steps add tables of their own and run below as for any database.
        con.execute("BEGIN TRANSACTION")
        try:
            _create_record_tables(con)
            _create_input_ledger(con)
            con.executemany(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [(m.version, m.name) for m in MIGRATIONS if m.version <= RECORD_SHAPE_VERSION],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied = [m.version for m in MIGRATIONS if m.version <= RECORD_SHAPE_VERSION]
        have = RECORD_SHAPE_VERSION
    for step in MIGRATIONS:
        if have < step.version <= upto:
            con.execute("BEGIN TRANSACTION")
            try:
                step.apply(con)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [step.version, step.name])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            applied.append(step.version)
    sync_columns(con)
    if applied:
        # the new schema goes into the file now: the write-ahead log then holds only records
        con.execute("CHECKPOINT")
    return applied


def missing_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """``(table, column, type)`` for record fields the existing tables lack."""
    missing = []
    for t in record_tables():
        have = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = ?",
                [t.name],
            ).fetchall()
        }
        if have:
            missing += [(t.name, c.name, c.sql_type) for c in t.columns if c.name not in have]
    return missing


def sync_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Add columns for record fields the tables lack (additive contract changes); returns ``table.column``.

    A missing store column is a programming error (its migration is missing): StoreError EW305.
    """
    added = []
    for table, column, sql_type in missing_columns(con):
        if not _is_record_field(table, column):
            raise StoreError(
                f"table {table} lacks store column {column}: this eventwire is missing the migration that adds it",
                code="EW305",
            )
        con.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column)} {sql_type}")
        added.append(f"{table}.{column}")
    return added


def _is_record_field(table: str, column: str) -> bool:
    for t in record_tables():
        if t.name == table:
            return t.column(column).is_record_field
    return False


__all__ = [
    "LATEST",
    "MIGRATIONS",
    "Step",
    "current_version",
    "migrate",
    "missing_columns",
    "rebuild_record_tables",
    "sync_columns",
]
