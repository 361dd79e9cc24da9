"""The read-side summary tables (migration 7) stay exact while articles are added and replaced."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from eventwire.store import open_store, summaries
from eventwire.store import web_queries as wq
from eventwire.store.store import Store
from eventwire.store.web_queries import WebFilters
from store_records import make_article


def _contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {name: sorted(store.con.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in summaries.TABLES}


def _rebuilt(store: Store) -> dict[str, list[tuple[object, ...]]]:
    store.con.execute("BEGIN TRANSACTION")
    try:
        summaries.rebuild(store.con)
        return _contents(store)
    finally:
        store.con.execute("ROLLBACK")


def test_counts_follow_adds_and_replacements(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.add([make_article(i) for i in range(3)], extractor="x")
        after_add = _contents(store)
        assert after_add == _rebuilt(store)
        # every event counted once under country '' (and per country of its actors)
        total = store.con.execute("SELECT sum(n) FROM event_counts WHERE country = ''").fetchone()
        assert total == store.con.execute("SELECT count(*) FROM events").fetchone()
        pol = store.con.execute("SELECT sum(n) FROM event_counts WHERE country = 'POL'").fetchone()
        assert pol == store.con.execute("SELECT count(*) FROM events WHERE list_contains(countries, 'POL')").fetchone()
        # an event with its own place is located by it; the map counts are per outlet
        sites = store.con.execute("SELECT DISTINCT located_by, name FROM event_sites").fetchall()
        assert ("event", "Kuźnica") in sites
        # replacing an article with a changed one (other date, fewer events) keeps them exact
        old = make_article(1)
        new = dataclasses.replace(old, published="2021-12-01", events=old.events[:1])
        store.add([new], extractor="y")
        changed = _contents(store)
        assert changed == _rebuilt(store)
        assert changed != after_add
        assert store.con.execute("SELECT count(*) FROM event_counts WHERE n <= 0").fetchone() == (0,)


def test_new_and_migrated_databases_have_the_summaries(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        assert summaries.has_tables(store.con)
        assert store.version >= 7


@pytest.mark.parametrize(
    "f",
    [
        WebFilters(),
        WebFilters(country=("POL",)),
        WebFilters(country=("BLR",), type=("ASSAULT", "coerce")),
        WebFilters(since="2021-11-16", until="2021-11"),
        WebFilters(since="2021-12"),
    ],
)
def test_map_and_timeline_from_summaries_equal_those_from_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, f: WebFilters
) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        arts = [make_article(i, published=f"2021-11-{10 + i:02d}") for i in range(4)] + [
            make_article(9, published=None)
        ]
        store.add(arts, extractor="x")
        store.add([dataclasses.replace(arts[0], published="2021-12-02")], extractor="y")  # a replacement
        cur = store.cursor()
        assert wq.counted(f)
        fast = (wq.timeline(cur, f), wq.places(cur, f), wq.overview(cur, f).totals)
        monkeypatch.setattr(wq, "counted", lambda _f: False)
        slow = (wq.timeline(cur, f), wq.places(cur, f), wq.overview(cur, f).totals)
        assert fast == slow
        assert fast[0] or f.since == "2021-12"  # the filters leave something to count (but the last)
