"""Numbered migrations: recorded in schema_migrations, an old database upgrades, a newer one is refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from eventwire.errors import Skipped, StoreError
from eventwire.records import Article, to_json
from eventwire.store import LATEST, MIGRATIONS, migrate, open_store
from eventwire.store.migrations import current_version, sync_columns
from store_records import make_article, snapshot


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert LATEST == MIGRATIONS[-1].version >= 2


def test_new_database_is_at_latest(tmp_path: Path) -> None:
    with open_store(tmp_path / "db.duckdb") as store:
        assert store.version == LATEST
        rows = store.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]


@pytest.mark.parametrize("start", [m.version for m in MIGRATIONS[:-1]])
def test_database_at_older_migration_upgrades(tmp_path: Path, start: int) -> None:
    db = tmp_path / "db.duckdb"
    con = duckdb.connect(str(db))
    assert migrate(con, upto=start) == [m.version for m in MIGRATIONS if m.version <= start]
    old = make_article(5)
    con.execute(
        "INSERT INTO articles (id, schema_version, published_inferred, text, record) VALUES (?, 1, false, 'kept', ?)",
        [old.id, to_json(old)],
    )
    con.close()
    with open_store(db) as store:
        assert store.version == LATEST
        assert store.article(old.id) == old
        tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"ingested_inputs", "dead_letter", "events"} <= tables
        store.add([make_article(1)])
        assert store.counts()["articles"] == 2


V3_SQL = Path(__file__).parent / "data" / "store_v3.sql"


def make_v3_database(path: Path, articles: list[Article], dead: list[Skipped]) -> None:
    """A database exactly as eventwire wrote it at migration 3 (commit 49c4e07): its DDL and batch SQL."""
    con = duckdb.connect(str(path))
    con.register(
        "_ew_batch",
        pa.table(
            {
                "id": [a.id for a in articles],
                "extractor": ["eventwire 0.1.0; old"] * len(articles),
                "record": [to_json(a) for a in articles],
            }
        ),
    )
    script = "\n".join(line for line in V3_SQL.read_text(encoding="utf-8").splitlines() if not line.startswith("--"))
    for statement in script.split(";\n"):
        if statement.strip():
            con.execute(statement)
    con.executemany(
        "INSERT INTO dead_letter VALUES (?, ?, ?, ?, ?)", [(s.input, s.line, s.code, s.reason, s.message) for s in dead]
    )
    con.execute("INSERT INTO ingested_inputs VALUES ('fp1', 'a.txt', ?, NULL)", [articles[0].id])
    con.close()


def test_a_migration_3_database_migrates_with_its_data(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(3)] + [make_article(9, published=None)]
    dead = [Skipped("bad.bin", None, "EW104", "binary", "bad.bin: binary [EW104]")]
    old = tmp_path / "old.duckdb"
    make_v3_database(old, arts, dead)
    con = duckdb.connect(str(old))
    assert current_version(con) == 3
    assert "gid" not in {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
        ).fetchall()
    }
    con.close()
    with open_store(old, read_only=True) as store:  # a reader upgrades it first
        assert store.version == LATEST
        assert sorted(store.iter_articles(), key=lambda a: a.id) == sorted(arts, key=lambda a: a.id)
        assert store.counts()["dead_letter"] == 1
        assert store.known_fingerprints(["fp1", "fp2"]) == {"fp1"}
        migrated = snapshot(store)
    # the same records written by this version give exactly the same rows
    fresh = tmp_path / "fresh.duckdb"
    with open_store(fresh) as store:
        store.add([*arts, *dead], extractor="eventwire 0.1.0; old")
        store.con.execute("INSERT INTO ingested_inputs VALUES ('fp1', 'a.txt', ?, NULL)", [arts[0].id])
        assert snapshot(store) == migrated
        fresh_columns = columns(store.con)
    with open_store(old) as store:
        assert columns(store.con) == fresh_columns
        e = store.select("events", country="BLR").rows()
        assert {r.gid for r in e} == {f"{a.id}:e2" for a in arts}
        store.add([make_article(20)])  # and it takes new writes
        assert store.counts()["articles"] == 5


def columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position"
    ).fetchall():
        out.setdefault(table, []).append((column, dtype))
    return out


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
    con.execute("ALTER TABLE events DROP COLUMN date_span")
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
        assert "date_span" in cols
        art = make_article(2)
        store.add([art])
        assert store.article(art.id) == art


def test_a_missing_store_column_is_a_missing_migration(tmp_path: Path) -> None:
    # store columns are computed from the record: only a numbered migration can fill one
    db = tmp_path / "db.duckdb"
    open_store(db).close()
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE events DROP COLUMN match_names")
    con.close()
    with pytest.raises(StoreError) as e:
        open_store(db)
    assert e.value.code == "EW305" and "match_names" in str(e.value)


def test_tables_of_an_older_shape_catch_up(tmp_path: Path) -> None:
    # a database from before quantities.quote/claimant were references: no quote_gid/claimant_gid
    db = tmp_path / "db.duckdb"
    base = make_article(3)
    fig = dataclasses.replace(base.quantities[0], quote=base.quotes[0].id, claimant=base.quotes[0].speaker)
    art = dataclasses.replace(base, quantities=[fig, *base.quantities[1:]])
    with open_store(db) as store:
        store.add([art])
        before = store.con.execute(
            "SELECT * EXCLUDE (quote_gid, claimant_gid) FROM quantities ORDER BY ordinal"
        ).fetchall()
        store.con.execute("CREATE TABLE old_q AS SELECT * EXCLUDE (quote_gid, claimant_gid) FROM quantities")
        store.con.execute("DROP TABLE quantities")
        store.con.execute("ALTER TABLE old_q RENAME TO quantities")
        # and the linking tables of before group_members and article_links.seq
        store.con.execute("DROP TABLE group_members")
        store.con.execute("ALTER TABLE article_links DROP COLUMN seq")
        store.con.execute("DELETE FROM schema_migrations WHERE version >= 9")
    with open_store(db) as store:
        assert store.version == LATEST
        assert (
            before
            == store.con.execute(
                "SELECT * EXCLUDE (quote_gid, claimant_gid) FROM quantities ORDER BY ordinal"
            ).fetchall()
        )
        assert store.article(art.id) == art
        q = store.con.execute("SELECT article_id, quote, quote_gid FROM quantities WHERE quote IS NOT NULL").fetchall()
        assert q and all(g == f"{a}:{local}" for a, local, g in q)
        assert store.con.execute("SELECT count(*) FROM group_members").fetchone() == (0,)
        assert "seq" in {r[0] for r in store.con.execute("DESCRIBE article_links").fetchall()}
