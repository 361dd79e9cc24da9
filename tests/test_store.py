"""Store: tables derived from the records, exact round trip, idempotent writes, dead letters, errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

import eventwire
from eventwire.errors import Skipped, StoreError
from eventwire.records import Article, Event, from_dict, to_dict, to_json
from eventwire.store import open_store
from eventwire.store.tables import child_tables, plain, quote, record_tables, table
from store_records import make_article, snapshot


def test_tables_mirror_every_record_field() -> None:
    names = {t.name for t in record_tables()}
    assert names == {"articles", "actors", "events", "quotes", "quantities", "places", "contradictions"}
    for t in child_tables():
        assert t.record_type is not None
        fields = [f.name for f in dataclasses.fields(t.record_type)]
        # the record's fields in order, after the article id; store columns follow
        assert [c.name for c in t.columns][: len(fields) + 1] == ["article_id", *fields]
        assert [c.name for c in t.record_columns()] == fields
        assert {"gid", "ordinal", "date_lo", "date_hi"} <= set(t.names)
    art_cols = {c.name for c in table("articles").columns if c.is_record_field}
    scalar = {f.name for f in dataclasses.fields(Article)} - {t.name for t in child_tables()}
    assert scalar == art_cols
    assert {"extractor", "record", "countries", "n_events"} <= set(table("articles").names)
    types = {c.name: c.sql_type for c in table("events").columns}
    assert types["contexts"] == "VARCHAR[]"
    assert types["evidence"].startswith("STRUCT(") and '"start" BIGINT' in types["evidence"]
    assert types["date_lo"] == "DATE" and types["sources_gid"] == "VARCHAR[]"


def test_plain_is_to_dict_and_to_json() -> None:
    art = make_article(5)
    assert plain(art) == to_dict(art)
    assert json.dumps(plain(art), ensure_ascii=False) == to_json(art)


def test_record_round_trip_through_json_and_tables(tmp_path: Path) -> None:
    art = make_article(1)
    with open_store(tmp_path / "db.duckdb") as store:
        store.add([art])
        assert store.article(art.id) == art
        assert list(store.iter_articles()) == [art]
        # the child tables alone rebuild the records too (struct and list columns mirror the contract)
        cols = [c.name for c in table("events").record_columns()]
        cur = store.con.execute(
            f"SELECT {', '.join(quote(c) for c in cols)} FROM events WHERE article_id = ? ORDER BY ordinal",
            [art.id],
        )
        events = [from_dict(Event, dict(zip(cols, r, strict=True))) for r in cur.fetchall()]
        assert events == art.events
        assert store.con.execute("SELECT evidence.text FROM events WHERE id = 'e2'").fetchone() == (
            "Belarus denied pushing people to the border.",
        )


def test_writing_twice_changes_nothing(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(4)]
    with open_store(tmp_path / "db.duckdb") as store:
        first = store.add([*arts, Skipped("bad.bin", None, "EW104", "binary", "bad.bin: binary [EW104]")])
        before = snapshot(store)
        second = store.add([*arts, Skipped("bad.bin", None, "EW104", "binary", "bad.bin: binary [EW104]")])
        assert snapshot(store) == before
        assert (first.stored, second.stored, second.duplicates) == (4, 0, 4)
        assert store.counts()["articles"] == 4 and store.counts()["events"] == 12
        assert store.counts()["dead_letter"] == 1


def test_duplicate_ids_in_one_batch_are_stored_once(tmp_path: Path) -> None:
    art = make_article(2)
    with open_store(tmp_path / "db.duckdb") as store:
        counts = store.add([art, art])
        assert (counts.stored, counts.duplicates) == (1, 1)
        assert store.counts()["events"] == 3


def test_other_extractor_replaces_the_record(tmp_path: Path) -> None:
    old = make_article(3)
    new = dataclasses.replace(old, events=old.events[:1], title="Re-extracted")
    with open_store(tmp_path / "db.duckdb") as store:
        store.add([old], extractor="v1")
        assert store.add([new], extractor="v1").duplicates == 1  # same extractor: left alone
        assert store.article(old.id) == old
        counts = store.add([new], extractor="v2")
        assert counts.replaced == 1
        assert store.article(old.id) == new
        assert store.counts()["events"] == 1 and store.counts()["articles"] == 1


def test_error_policy_skip_writes_no_dead_letter(tmp_path: Path) -> None:
    with open_store(tmp_path / "db.duckdb") as store:
        store.add([Skipped("x.pdf", None, "EW104", "binary", "m")], errors="skip")
        assert store.counts()["dead_letter"] == 0


def test_open_errors_are_coded(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as e:
        open_store(tmp_path / "missing.duckdb", read_only=True)
    assert e.value.code == "EW304"
    junk = tmp_path / "junk.duckdb"
    junk.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError) as e:
        open_store(junk)
    assert e.value.code == "EW305"
    with open_store(tmp_path / "db.duckdb") as store:
        store.add([make_article(0)])
    with open_store(tmp_path / "db.duckdb", read_only=True) as ro:
        assert ro.counts()["articles"] == 1
        with pytest.raises(StoreError) as e:
            ro.add([make_article(1)])
        assert e.value.code == "EW303"


def test_python_api_open_returns_dataframes(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    with eventwire.open(db) as store:
        store.add([make_article(i) for i in range(2)])
    with eventwire.open(db, read_only=True) as store:
        frames: dict[str, Any] = {
            "events": store.events(type="COERCE", country="POL", since="2021-11-01"),
            "actors": store.actors(country="BLR"),
            "quotes": store.quotes(actor="kaminski"),
            "figures": store.figures(type="troops"),
            "places": store.places(country="POL"),
            "articles": store.articles(),
            "skipped": store.skipped(),
        }
        assert {k: len(v) for k, v in frames.items()} == {
            "events": 2,
            "actors": 2,
            "quotes": 2,
            "figures": 2,
            "places": 2,
            "articles": 2,
            "skipped": 0,
        }
        assert set(frames["events"]["trigger"]) == {"detained"}
        with pytest.raises(StoreError) as e:
            store.events(colour="red")
        assert e.value.code == "EW303"


def test_database_uses_small_row_groups_so_checkpoints_stay_small(tmp_path: Path) -> None:
    from eventwire.store.store import ROW_GROUP_SIZE

    with open_store(tmp_path / "db.duckdb") as store:
        store.con.execute("CREATE TABLE probe AS SELECT range AS i FROM range(?)", [ROW_GROUP_SIZE * 2 + 1])
        store.con.execute("CHECKPOINT")
        row = store.con.execute("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('probe')").fetchone()
        assert row is not None and row[0] == 3


def test_bad_row_group_setting_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_DUCKDB_ROW_GROUP", "lots")
    with pytest.raises(StoreError) as e:
        open_store(tmp_path / "db.duckdb")
    assert e.value.code == "EW305" and "EVENTWIRE_DUCKDB_ROW_GROUP" in str(e.value)


def test_reopen_keeps_the_data_and_the_file_writable(tmp_path: Path) -> None:
    with open_store(tmp_path / "db.duckdb") as store:
        store.con.execute("CREATE TABLE probe (i INTEGER)")
        store.con.execute("INSERT INTO probe VALUES (1)")
        store.reopen()
        store.con.execute("INSERT INTO probe VALUES (2)")
        assert store.con.execute("SELECT sum(i) FROM probe").fetchall() == [(3,)]
        assert store.version > 0


def test_spills_go_beside_the_database(tmp_path: Path) -> None:
    # DuckDB's default for an in-memory connection is ./.tmp in whatever directory the user is in
    with open_store(tmp_path / "db.duckdb") as store:
        row = store.con.execute("SELECT current_setting('temp_directory')").fetchone()
        assert row == (str(tmp_path / "db.duckdb") + ".tmp",)


def test_out_of_memory_is_a_coded_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "db.duckdb"
    with open_store(db) as store:  # records of about 400 KB each: a vector of them exceeds 4 MB
        store.add([make_article(i, extra=" x" * 200_000) for i in range(12)])
    monkeypatch.setenv("EVENTWIRE_DUCKDB_MEMORY", "4MB")
    with open_store(db, read_only=True) as store:
        with pytest.raises(StoreError) as e:
            list(store.iter_record_json())
        assert e.value.code == "EW307" and "EVENTWIRE_DUCKDB_MEMORY" in str(e.value)
        with pytest.raises(StoreError) as e:  # every article's long text (its `chars`) in one answer
            store.select("articles").arrow()
        assert e.value.code == "EW307" and "\n" not in str(e.value)
