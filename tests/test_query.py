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
