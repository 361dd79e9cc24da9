"""Numbered migrations: recorded in schema_migrations, an old database upgrades, a newer one is refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from eventwire.errors import StoreError
from eventwire.store import LATEST, MIGRATIONS, migrate, open_store
from eventwire.store.migrations import current_version, sync_columns
from store_records import make_article


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert LATEST == MIGRATIONS[-1].version >= 2


def test_new_database_is_at_latest(tmp_path: Path) -> None:
    with open_store(tmp_path / "db.duckdb") as store:
        assert store.version == LATEST
        rows = store.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        assert [r[0] for r in rows] == list(range(1, LATEST + 1))


@pytest.mark.parametrize("start", range(1, LATEST))
def test_database_at_older_migration_upgrades(tmp_path: Path, start: int) -> None:
    db = tmp_path / "db.duckdb"
    con = duckdb.connect(str(db))
    assert migrate(con, upto=start) == list(range(1, start + 1))
    con.execute(
        "INSERT INTO articles (id, schema_version, published_inferred, text, record) VALUES "
        "('old', 1, false, 'kept', '{}')"
    )
    con.close()
    with open_store(db) as store:
        assert store.version == LATEST
        assert store.con.execute("SELECT text FROM articles WHERE id = 'old'").fetchone() == ("kept",)
        tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"ingested_inputs", "dead_letter", "events"} <= tables
        store.add([make_article(1)])
        assert store.counts()["articles"] == 2


def test_read_only_open_upgrades_an_old_database_first(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    con = duckdb.connect(str(db))
    migrate(con, upto=1)
    con.close()
    with open_store(db, read_only=True) as store:
        assert store.version == LATEST


def test_newer_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    open_store(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'from the future')", [LATEST + 1])
    con.close()
    for ro in (False, True):
        with pytest.raises(StoreError) as e:
            open_store(db, read_only=ro)
        assert e.value.code == "EW302"


def test_added_record_field_becomes_a_column(tmp_path: Path) -> None:
    # a database made before a field was added to records.py lacks its column: opening adds it
    db = tmp_path / "db.duckdb"
    open_store(db).close()
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE events DROP COLUMN targets")
    assert current_version(con) == LATEST
    con.close()
    with open_store(db, read_only=True) as store:  # a reader upgrades it first, then queries work
        assert len(store.events()) == 0
    with open_store(db) as store:
        assert sync_columns(store.con) == []
        cols = {
            r[0]
            for r in store.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
            ).fetchall()
        }
        assert "targets" in cols
        art = make_article(2)
        store.add([art])
        assert store.article(art.id) == art
