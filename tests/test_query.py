"""Queries: each filter, partial dates, bad options; the CLI prints the same rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import StoreError
from eventwire.store import Store, open_store
from store_records import make_article


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.duckdb"
    with open_store(path) as store:
        store.add(
            [
                make_article(1, published="2021-11-16"),
                make_article(2, published="2021-12-02"),
                make_article(3, published=None),
            ]
        )
    return path


@pytest.fixture
def store(db: Path) -> Store:
    return open_store(db, read_only=True)


def ids(df: object) -> list[str]:
    return list(df["event_id"])  # type: ignore[index]


def test_event_filters(store: Store) -> None:
    assert len(store.events()) == 9
    assert set(store.events(type="coerce")["type"]) == {"COERCE"}
    assert len(store.events(type="COERCE,ASSAULT")) == 6
    # country: either side; BLR is only the source of e2, the LVA actor only of e3
    assert ids(store.events(country="BLR")) == ["e2"] * 3
    assert set(ids(store.events(country="pol"))) == {"e1"}
    assert set(ids(store.events(actor="BORDER GUARDS"))) == {"e1"}
    assert set(ids(store.events(actor="minsk"))) == {"e2"}  # alias
    assert set(ids(store.events(text="300 troops"))) == {"e3"}
    assert set(ids(store.events(status="denied"))) == {"e2"}
    assert len(store.events(limit=2)) == 2
    assert store.events(limit=0).empty


def test_since_until_use_event_date_then_published(store: Store) -> None:
    # e1 dated from publication, e2 undated (uses published), e3 dated "2021-11" (the whole month)
    late = store.events(since="2021-12-01")
    assert sorted(zip(late["event_id"], late["published"], strict=True)) == [("e1", "2021-12-02"), ("e2", "2021-12-02")]
    nov = store.events(since="2021-11-20", until="2021-11-30")
    assert ids(nov) == ["e3", "e3", "e3"]
    assert len(store.events(until="2021-11-16")) == 5  # e1, e2 of article 1 and every e3
    assert len(store.events(since="2021-11")) == 7  # undated article 3's e1/e2 have no date at all


def test_other_queries_and_their_filters(store: Store) -> None:
    assert set(store.actors(type="person")["name"]) == {"Mariusz Kaminski"}
    assert len(store.actors(country="POL")) == 6
    quotes = store.quotes(actor="kaminski", type="direct")
    assert len(quotes) == 3 and set(quotes["speaker_country"]) == {"POL"}
    assert store.quotes(type="reported").empty
    figs = store.figures(type="detained", country="POL")
    assert set(figs["figure"]) == {"40 migrants"} and set(figs["event_type"]) == {"COERCE"}
    assert len(store.places(text="kuźnica", since="2021-12-01")) == 1
    arts = store.articles(actor="latvia", since="2021-11-01")
    assert len(arts) == 2 and set(arts["events"]) == {3}


def test_bad_options_are_coded(store: Store) -> None:
    for what, kwargs in [("events", {"since": "last week"}), ("places", {"actor": "x"}), ("nothing", {})]:
        with pytest.raises(StoreError) as e:
            store.query(what, **kwargs)
        assert e.value.code == "EW303"


def test_cli_query_formats(db: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["query", "events", "--db", str(db), "--type", "ASSAULT", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 3 and {r["status"] for r in rows} == {"denied"}
    assert rows[0]["evidence"] == "Belarus denied pushing people to the border."
    res = runner.invoke(app, ["query", "figures", "--db", str(db), "--format", "csv", "--type", "troops"])
    assert res.exit_code == 0
    parsed = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["value"] for r in parsed] == ["300.0"] * 3
    res = runner.invoke(app, ["query", "events", "--db", str(db), "--country", "BLR"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "3 events" in res.stdout and "[BLR]" in res.stdout and "ASSAULT" in res.stdout
    res = runner.invoke(app, ["query", "events", "--db", str(db), "--since", "soon"])
    assert res.exit_code == 1 and "EW303" in res.output
    res = runner.invoke(app, ["query", "events", "--db", str(db.parent / "none.duckdb")])
    assert res.exit_code == 1 and "EW304" in res.output


def test_text_and_names_ignore_case_and_accents(tmp_path: Path) -> None:
    art = make_article(7, extra=" Refugees camped at Kuźnica; José Díaz of the UNHCR visited.")
    with open_store(tmp_path / "db.duckdb") as store:
        store.add([art])
        assert len(store.places(text="KUZNICA")) == 1  # the gazetteer's name is "Kuźnica"
        assert len(store.places(text="kuźnica")) == 1
        # the evidence of e3 ends the text: "... frontier. Refugees camped at Kuźnica; ..."
        assert set(ids(store.events(text="Kuznica"))) == {"e1"}  # e1 has the unaccented spelling
        found = store.select("articles", text="kuznica; jose diaz").rows()
        assert [r.article_id for r in found] == [art.id]
        assert store.select("actors", actor="KAMIŃSKI").rows()[0].name == "Mariusz Kaminski"


def test_rows_arrow_records_and_dataframes_agree(store: Store) -> None:
    from eventwire.records import Event
    from eventwire.store import EventRow, row_schema

    sel = store.select("events", country="POL")
    table = sel.arrow()
    assert table.schema == row_schema(EventRow) == sel.schema
    rows = sel.rows()
    assert all(isinstance(r, EventRow) for r in rows)
    assert [r.gid for r in rows] == table.column("gid").to_pylist() == list(store.events(country="POL")["gid"])
    records = list(sel.records())
    assert all(isinstance(e, Event) for e in records)
    assert [f"{r.article_id}:{e.id}" for r, e in zip(rows, records, strict=True)] == [r.gid for r in rows]
    assert [r.gid for r in sel.iter_rows(size=2)] == [r.gid for r in rows]
    for what in ("actors", "quotes", "figures", "places", "articles", "skipped"):
        s = store.select(what)
        assert s.arrow().schema == s.schema
        assert len(list(s.records())) == s.arrow().num_rows


def test_pages_cover_every_row_once_in_order(store: Store) -> None:
    for what, filters in [
        ("events", {}),
        ("events", {"country": "POL"}),
        ("figures", {}),
        ("articles", {}),
        ("actors", {}),
    ]:
        everything = [r.gid if hasattr(r, "gid") else r.article_id for r in store.select(what, **filters).rows()]
        got: list[str] = []
        after = None
        pages = 0
        while True:
            page = store.page(what, limit=2, after=after, **filters)
            got += [r.gid if hasattr(r, "gid") else r.article_id for r in page.rows()]
            pages += 1
            if page.next is None:
                break
            after = page.next
        assert got == everything, what
        assert pages == max(1, -(-len(everything) // 2))
    # undated rows sort last and keep paging (article 3 has no dates at all)
    tail = store.page("events", limit=100).rows()[-2:]
    assert [r.date for r in tail] == [None, None]


def test_cursors_are_checked(store: Store) -> None:
    page = store.page("events", limit=1)
    assert page.next is not None
    for what, cursor in [("events", "not-a-cursor"), ("actors", page.next)]:
        with pytest.raises(StoreError) as e:
            store.page(what, limit=1, after=cursor)
        assert e.value.code == "EW303"
    with pytest.raises(StoreError):
        store.select("events").page()  # a page needs a limit


def test_skipped_type_filter_matches_code_or_reason(tmp_path: Path) -> None:
    from eventwire.errors import Skipped

    with open_store(tmp_path / "db.duckdb") as store:
        store.add(
            [Skipped("a.pdf", None, "EW104", "binary", "a.pdf: binary"), Skipped("b.txt", None, "EW103", "empty", "b")]
        )
        assert list(store.skipped(type="EW104")["input"]) == ["a.pdf"]
        assert list(store.skipped(type="empty")["input"]) == ["b.txt"]
        assert list(store.skipped(text="BINARY")["input"]) == ["a.pdf"]


def test_cli_pages_with_after(db: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["query", "events", "--db", str(db), "--limit", "4", "-f", "jsonl"])
    assert res.exit_code == 0
    first = [json.loads(line)["gid"] for line in res.stdout.splitlines()]
    cursor = res.stderr.split("--after ")[1].strip()
    res = runner.invoke(app, ["query", "events", "--db", str(db), "--limit", "100", "--after", cursor, "-f", "jsonl"])
    rest = [json.loads(line)["gid"] for line in res.stdout.splitlines()]
    assert len(first) == 4 and len(rest) == 5 and not set(first) & set(rest)
    assert "next page" not in res.stderr
