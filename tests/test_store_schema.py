"""One place derives the tables: DuckDB and Arrow schemas agree with each other and with records.py;
global ids name every record; derive_tables gives the stored rows without a database."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

import duckdb
import pyarrow as pa
import pytest

from eventwire.errors import Skipped, StoreError
from eventwire.records import Article, Event, Span, json_schema, to_dict
from eventwire.store import arrow_schema, derive_tables, global_id, open_store, split_global_id
from eventwire.store.derive import record_batch
from eventwire.store.ids import table_of
from eventwire.store.tables import (
    PARSED,
    REFERENCES,
    all_tables,
    column_types,
    dataclass_table,
    insert_sql,
    parse_sql,
    quote,
    record_tables,
    table,
)
from store_records import make_article


def duckdb_arrow_schema(con: duckdb.DuckDBPyConnection, name: str) -> pa.Schema:
    """The Arrow schema DuckDB itself gives the table (its own type conversion)."""
    return con.sql(f"SELECT * FROM {quote(name)} LIMIT 0").to_arrow_table().schema


def test_arrow_and_duckdb_schemas_agree(tmp_path: Path) -> None:
    with open_store(tmp_path / "db.duckdb") as store:
        for t in all_tables():
            ours = arrow_schema(t.name)
            theirs = duckdb_arrow_schema(store.cursor(), t.name)
            assert ours.names == theirs.names, t.name
            for f in ours:
                # DuckDB names list items "l", Arrow "item": type equality ignores that
                assert f.type == theirs.field(f.name).type, (
                    f"{t.name}.{f.name}: {f.type} != {theirs.field(f.name).type}"
                )
            sql_types = {
                r[0]: r[1]
                for r in store.con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [t.name],
                ).fetchall()
            }
            assert list(sql_types) == list(t.names)


def test_every_record_field_is_a_column_of_its_type() -> None:
    for t in record_tables():
        assert t.record_type is not None
        hints = get_type_hints(t.record_type)
        for f in dataclasses.fields(t.record_type):
            if t.name == "articles" and f.name in {c.name for c in record_tables()[1:]}:
                continue  # a list of child records is its own table
            sql, arrow, _ = column_types(hints[f.name])
            col = t.column(f.name)
            assert (col.sql_type, col.arrow_type, col.is_record_field) == (sql, arrow, True), f"{t.name}.{f.name}"
            assert t.arrow_schema().field(f.name).type == arrow


# An extended contract: a field added to a record type and one to the article.
@dataclass(frozen=True)
class EventPlus(Event):
    severity: float | None = None
    """An invented new field."""


@dataclass(frozen=True)
class ArticlePlus(Article):
    events: list[EventPlus] = field(default_factory=list)  # type: ignore[assignment]
    reviewed: bool = False


def test_a_field_added_to_records_shows_up_in_duckdb_and_arrow() -> None:
    tables = {t.name: t for t in record_tables(ArticlePlus)}
    assert tables["events"].column("severity").sql_type == "DOUBLE"
    assert tables["events"].arrow_schema().field("severity").type == pa.float64()
    assert tables["articles"].arrow_schema().field("reviewed").type == pa.bool_()
    # the writer's SQL stores it too: build the tables, write one record, read the field back
    art = make_article(1)
    plus = ArticlePlus(
        **{f.name: getattr(art, f.name) for f in dataclasses.fields(Article) if f.name != "events"},
        events=[
            EventPlus(
                **to_dict(e) | {"trigger": e.trigger, "evidence": e.evidence, "date_span": e.date_span}, severity=0.5
            )
            for e in art.events
        ],
        reviewed=True,
    )
    con = duckdb.connect()
    for t in tables.values():
        con.execute(t.ddl())
    con.register("b", pa.table({"id": [plus.id], "extractor": ["x"], "record": [json.dumps(dataclasses.asdict(plus))]}))
    con.execute(parse_sql("b", ArticlePlus))
    for t in tables.values():
        con.execute(insert_sql(t))
    con.execute(f"DROP TABLE {PARSED}")
    assert con.execute("SELECT severity FROM events ORDER BY ordinal").fetchall() == [(0.5,)] * 3
    assert con.execute("SELECT reviewed FROM articles").fetchall() == [(True,)]
    got = con.sql("SELECT * FROM events").to_arrow_table()
    assert got.cast(tables["events"].arrow_schema()).schema.field("severity").type == pa.float64()


def test_every_reference_field_has_a_global_form() -> None:
    # a field the contract documents as holding ids of other records must be listed in REFERENCES
    defs = json_schema()["$defs"]
    for t in record_tables()[1:]:
        assert t.record_type is not None
        props = defs[t.record_type.__name__]["properties"]
        refs = {
            name
            for name, p in props.items()
            if name != "id" and re.search(r"\b(?:[Ii]ds?)\b", p.get("description", ""))
        }
        assert refs == set(REFERENCES.get(t.name, {})), t.name
        for ref in refs:
            assert f"{ref}_gid" in t.names


def test_global_ids_name_every_record_and_every_reference_resolves(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(3)]
    with open_store(tmp_path / "db.duckdb") as store:
        store.add(arts)
        con = store.con
        for t in record_tables()[1:]:
            rows = con.execute(f"SELECT article_id, id, gid FROM {quote(t.name)}").fetchall()
            assert rows and all(gid == global_id(a, i) for a, i, gid in rows)
        # references point at existing rows of the right table, across the whole store
        checks = [
            ("events", "source_gid", "actors"),
            ("events", "place_gid", "places"),
            ("quotes", "speaker_gid", "actors"),
            ("quantities", "event_gid", "events"),
        ]
        for src, col, dst in checks:
            dangling = con.execute(
                f"SELECT count(*) FROM {src} s WHERE s.{col} IS NOT NULL AND s.{col} NOT IN (SELECT gid FROM {dst})"
            ).fetchone()
            assert dangling == (0,), (src, col)
        sides = con.execute("SELECT a_gid, b_gid FROM contradictions ORDER BY gid").fetchall()
        art = arts[0]
        assert (global_id(art.id, "e2"), global_id(art.id, "q1")) in sides
        ids = con.execute(
            "SELECT sources_gid, quantities_gid FROM events WHERE gid = ?", [global_id(art.id, "e1")]
        ).fetchone()
        assert ids == ([global_id(art.id, "a1")], [global_id(art.id, "n1")])
        # a global id gives back the record itself
        assert store.record(global_id(art.id, "e2")) == art.events[1]
        assert store.record(global_id(art.id, "q1")) == art.quotes[0]
        assert store.record(global_id(art.id, "n2")) == art.quantities[1]
        assert store.record(art.id) == art
        assert store.record(global_id(art.id, "e9")) is None


def test_global_id_helpers() -> None:
    assert global_id("0123456789abcdef", "e3") == "0123456789abcdef:e3"
    assert split_global_id("0123456789abcdef:e3") == ("0123456789abcdef", "e3")
    assert table_of("0123456789abcdef:n2") == "quantities"
    for bad in ("0123456789abcdef", ":e3", "abc:"):
        with pytest.raises(StoreError) as e:
            split_global_id(bad)
        assert e.value.code == "EW303"
    with pytest.raises(ValueError):
        global_id("a:b", "e1")


def test_derive_tables_gives_the_stored_rows(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(3)]
    dead = Skipped("bad.bin", None, "EW104", "binary", "bad.bin: binary [EW104]")
    derived = derive_tables([*arts, arts[0], dead], extractor="x")
    with open_store(tmp_path / "db.duckdb") as store:
        store.add([*arts, dead], extractor="x")
        for t in all_tables():
            assert derived[t.name].schema == arrow_schema(t.name)
            stored: dict[str, Any] = {}
            for b in store.table_batches(t.name):
                for k, v in b.to_pydict().items():
                    stored.setdefault(k, []).extend(v)
            assert derived[t.name].to_pydict() == (stored or {n: [] for n in t.names}), t.name
    assert derived["events"].num_rows == 9 and derived["dead_letter"].num_rows == 1


def test_record_batch_json_is_the_record_json() -> None:
    art = make_article(4)
    assert Article is type(art)
    assert record_batch([art], "x").column("record")[0].as_py() == json.dumps(to_dict(art), ensure_ascii=False)
    assert table("dead_letter").names == ("input", "line", "code", "reason", "message")


@dataclass(frozen=True)
class GroupMember:
    """An invented cross-article table: which events one group holds."""

    group_id: str
    event_gid: str
    outlet: str | None
    evidence: Span
    tags: list[str] = field(default_factory=list)


def test_other_tables_derive_from_their_dataclass_the_same_way() -> None:
    t = dataclass_table("group_members", GroupMember, ("group_id", "event_gid"), primary_key=True)
    assert t.names == ("group_id", "event_gid", "outlet", "evidence", "tags")
    con = duckdb.connect()
    con.execute(t.ddl())
    con.execute("INSERT INTO group_members VALUES ('g1', 'abc:e1', NULL, {'text': 'x', 'start': 0, 'end': 1}, ['a'])")
    assert duckdb_arrow_schema(con, "group_members").equals(t.arrow_schema())
    with pytest.raises(TypeError):
        dataclass_table("bad", GroupMember, ("nope",))
