"""Every export format reads back to what the store holds; the mapping tables load and mean what they say."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import eventwire
from eventwire.cli import app
from eventwire.export import PARQUET_TABLES, csv_value, export
from eventwire.export.mappings import acled_rules, acled_type, armed_sectors, country_names
from eventwire.export.parquet import dataset
from eventwire.store import Store, open_store
from eventwire.store.ingest import relink
from eventwire.store.links import OUTPUT_TABLES, link_table, read_rows
from eventwire.store.query import Filters, run_query
from eventwire.store.tables import all_tables, arrow_schema
from store_records import make_article


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "db.duckdb")
    s.add([make_article(i) for i in range(3)] + [make_article(9, published=None)])
    return s


def test_jsonl_is_the_record_contract(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out" / "records.jsonl"
    assert export(store, "jsonl", out).rows == 4
    back = [eventwire.from_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert back == list(store.iter_articles())
    assert {a.id for a in back} == {r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()}


def test_csv_is_the_flat_event_rows(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", out).rows == 12
    with out.open(encoding="utf-8", newline="") as fh:
        back = list(csv.DictReader(fh))
    df = store.events()
    assert list(back[0]) == list(df.columns)
    # same rows, in the same order, as the events query gives them
    res = run_query(store.con, "events", Filters())
    cols = [d[0] for d in res.description or []]
    expected = [{c: csv_value(v) for c, v in zip(cols, row, strict=True)} for row in res.fetchall()]
    assert back == expected


def test_parquet_is_every_table_in_the_arrow_schema(store: Store, tmp_path: Path) -> None:
    assert relink(store) == 4
    out = tmp_path / "pq"
    report = export(store, "parquet", out)
    assert sorted(Path(f).parent.name for f in report.files) == sorted(PARQUET_TABLES)
    assert set(PARQUET_TABLES) == {t.name for t in all_tables()} | set(OUTPUT_TABLES)
    counts = {**store.counts(), **store.link_counts()}
    con = duckdb.connect()
    for name in PARQUET_TABLES:
        # exactly the Arrow schema, in the layout <out>/<table>/*.parquet
        schema = arrow_schema(name) if name not in OUTPUT_TABLES else link_table(name).arrow_schema()
        files = list((out / name).glob("*.parquet"))
        assert len(files) == 1 and pq.read_schema(files[0]).remove_metadata() == schema, name
        got = dataset(out, name).to_table()
        want = pa.concat_tables(
            [pa.Table.from_batches([b]) for b in store.table_batches(name)] or [schema.empty_table()]
        )
        assert got.to_pylist() == want.to_pylist(), name
        assert got.num_rows == counts[name], name
        assert counts[name] > 0 or name in ("dead_letter", "copies", "contradictions"), name
    events = con.execute(
        f"SELECT evidence.text, contexts FROM read_parquet('{out / 'events' / '*.parquet'}')"
    ).fetchall()
    assert ("Belarus denied pushing people to the border.", ["migration", "human_rights"]) in events
    assert report.rows == sum(counts.values())
    # a group's members and a story's articles are rows of group_members / article_links, in seq order
    members = con.execute(
        f"SELECT group_id, list(event_id ORDER BY seq) FROM read_parquet('{out / 'group_members' / '*.parquet'}') "
        "GROUP BY group_id"
    ).fetchall()
    assert dict(members) == {g.id: [m.event_id for m in g.members] for g in read_rows(store.con, "event_groups")}
    stories = con.execute(
        f"SELECT story_id, list(article_id ORDER BY seq) FROM read_parquet('{out / 'article_links' / '*.parquet'}') "
        "GROUP BY story_id"
    ).fetchall()
    assert dict(stories) == {s.id: s.article_ids for s in read_rows(store.con, "stories")}
    # exporting again replaces the parts
    export(store, "parquet", out)
    assert len(list((out / "events").glob("*.parquet"))) == 1


def test_plover_jsonl_uses_plover_field_names(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "plover.jsonl"
    assert export(store, "plover", out).rows == 12
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    art = make_article(1)
    mine = {r["id"]: r for r in recs if r["eventwire"]["article_id"] == art.id}
    assert set(mine) == {f"{art.id}-e{i}" for i in (1, 2, 3)}
    e1 = mine[f"{art.id}-e1"]
    for key in ("id", "date", "event", "mode", "context", "source", "target", "eventText", "text", "eventLoc"):
        assert key in e1
    assert e1["event"] == "COERCE" and e1["mode"] == "arrest" and e1["eventText"] == "detained"
    assert e1["source"] == [{"actorText": "Polish border guards", "code": "POL", "sector": "COP"}]
    assert e1["eventLoc"]["name"] == "Kuźnica" and e1["eventLoc"]["geonameid"] == "3093524"
    e2 = mine[f"{art.id}-e2"]
    assert e2["context"] == "migration, human_rights" and e2["eventwire"]["status"] == "denied"
    assert "dead" not in e2 and mine[f"{art.id}-e3"]["target"] == []
    # every stored event is exported once
    assert sorted(mine) == sorted(f"{art.id}-{e.id}" for e in art.events)


def test_acled_csv_maps_types_and_keeps_only_what_happened(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    assert export(store, "acled", out).rows == 8  # e2 is denied: not an ACLED event
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    art = make_article(1)
    by_id = {r["event_id_cnty"]: r for r in rows}
    e1 = by_id[f"{art.id}-e1"]
    assert (e1["event_type"], e1["sub_event_type"]) == ("Strategic developments", "Arrests")
    assert (e1["actor1"], e1["actor2"], e1["country"], e1["iso3"]) == (
        "Polish border guards",
        "migrants",
        "Poland",
        "POL",
    )
    assert (e1["event_date"], e1["time_precision"], e1["fatalities"]) == ("2021-11-16", "1", "")
    assert e1["notes"] == art.events[0].evidence.text and e1["location"] == "Kuźnica"
    e3 = by_id[f"{art.id}-e3"]
    assert (e3["event_date"], e3["time_precision"]) == ("2021-11-16", "3")  # "2021-11", published that month
    undated = by_id[f"{make_article(9, published=None).id}-e1"]
    assert undated["event_date"] == "" and undated["year"] == ""


def test_acled_mapping_table() -> None:
    assert len(acled_rules()) > 10
    assert {"MIL", "COP", "REB"} <= armed_sectors()
    assert acled_type("PROTEST", "riot", None) == ("Riots", "Violent demonstration")
    assert acled_type("PROTEST", None, None) == ("Protests", "Peaceful protest")
    assert acled_type("ASSAULT", "firearms", "MIL") == ("Battles", "Armed clash")
    assert acled_type("ASSAULT", "firearms", "CVL") == ("Violence against civilians", "Attack")
    assert acled_type("ASSAULT", "firearms", None) is None  # unknown target: no guess
    assert acled_type("CONSULT", "phone", "GOV") is None
    assert country_names()["BLR"] == "Belarus"


def test_cli_export(store: Store, tmp_path: Path) -> None:
    store.close()
    runner = CliRunner()
    out = tmp_path / "x.jsonl"
    res = runner.invoke(app, ["export", str(out), "--format", "jsonl", "--db", store.path])
    assert res.exit_code == 0, res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    res = runner.invoke(app, ["export", str(tmp_path / "p"), "--format", "parquet", "--db", store.path, "-q"])
    assert res.exit_code == 0 and (tmp_path / "p" / "events" / "part-00000.parquet").exists()
    res = runner.invoke(app, ["export", str(out), "--format", "parquet", "--db", store.path])
    assert res.exit_code == 1 and "EW303" in res.output
