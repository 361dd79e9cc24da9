"""Migration 8's read side (actor summary, articles.match_text) stays exact and answers like the rows do."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from eventwire.records import Actor
from eventwire.store import actor_summary, open_store, read_side
from eventwire.store import web_queries as wq
from eventwire.store.store import Store
from eventwire.store.web_queries import WebFilters
from store_records import make_article, span

_TABLES = actor_summary.TABLES


def _contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {name: sorted(store.con.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in _TABLES}


def _rebuilt(store: Store) -> dict[str, list[tuple[object, ...]]]:
    store.con.execute("BEGIN TRANSACTION")
    try:
        read_side.rebuild(store.con)
        return _contents(store)
    finally:
        store.con.execute("ROLLBACK")


def _articles(store: Store) -> list[object]:
    base = [make_article(i, published=f"2021-11-{10 + i:02d}") for i in range(4)]
    # a spelling variant of an actor with a knowledge-base id, and an accented one
    text = base[3].text
    extra = Actor("a9", "Belarus", "BLR", "GOV", "state", ["Białoruś"], [span(text, "Belarus")], kb_id="BLR")
    base[3] = dataclasses.replace(base[3], actors=[*base[3].actors, extra])
    return base


def test_read_side_follows_adds_and_replacements(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.version >= 8
        arts = _articles(store)
        store.add(arts, extractor="x")
        after_add = _contents(store)
        assert after_add == _rebuilt(store)
        every = store.con.execute(
            f"SELECT sum(articles) FROM {actor_summary.COUNTS} WHERE key = 'BLR' AND country = '*' AND kind = '*'"
        ).fetchone()
        assert every == (4,)  # article 3 names Belarus twice: it counts once
        # replacing an article with fewer actors and another title keeps everything exact
        old = arts[1]
        new = dataclasses.replace(old, title="Frontier talks", actors=old.actors[:2])
        store.add([new], extractor="y")
        changed = _contents(store)
        assert changed == _rebuilt(store)
        assert changed != after_add
        assert store.con.execute(f"SELECT count(*) FROM {actor_summary.COUNTS} WHERE n <= 0").fetchone() == (0,)


@pytest.mark.parametrize(
    "f",
    [
        WebFilters(),
        WebFilters(country=("POL",)),
        WebFilters(type=("person",)),
        WebFilters(country=("BLR",), type=("STATE",)),
        WebFilters(actor="kaminski"),
        WebFilters(text="BIAŁORUŚ"),
        WebFilters(actor="a", country=("POL",)),
    ],
)
def test_actor_list_from_summary_equals_the_one_from_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, f: WebFilters
) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.add(_articles(store), extractor="x")
        cur = store.cursor()
        assert wq._summarised(f)
        fast = [wq.actors(cur, f, limit=2)]
        while fast[-1].next:
            fast.append(wq.actors(cur, f, after=fast[-1].next, limit=2))
        monkeypatch.setattr(wq, "_summarised", lambda _f: False)
        slow = [wq.actors(cur, f, limit=2)]
        while slow[-1].next:
            slow.append(wq.actors(cur, f, after=slow[-1].next, limit=2))
        assert [p.rows for p in fast] == [p.rows for p in slow]
        assert [p.next for p in fast] == [p.next for p in slow]
        assert fast[0].rows


def test_actor_filter_picks_actors_by_any_spelling(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.add(_articles(store), extractor="x")
        rows = wq.actors(store.cursor(), WebFilters(actor="BIAŁORUS")).rows
        # the alias is on one row only; the actor is counted with all its rows (ł has no accent to strip)
        assert [(r["key"], r["articles"], r["name"]) for r in rows] == [("BLR", 4, "Belarus")]
        assert "Białoruś" in rows[0]["spellings"] and "Minsk" in rows[0]["spellings"]
        one = wq.actor(store.cursor(), "mariusz kaminski")
        assert one is not None and one["articles"] == 4 and len(one["quotes"]) == 4


def test_text_filters_read_the_normalised_text(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        store.add([make_article(1, extra=" Refugees camped at Kuźnica; José Díaz visited.")], extractor="x")
        store.add([make_article(2)], extractor="x")

        def n(what: str, text: str) -> int:
            return len(store.select(what, text=text).rows())

        assert n("articles", "KUŹNICA") == 2 and n("articles", "znica") == 2  # any part, as before
        assert n("articles", "josé díaz") == 1 and n("articles", "jose diaz") == 1 and n("articles", "diaz jose") == 0
        assert n("quotes", "BLACKMAIL") == 2
        found = wq.search(store.cursor(), "Díaz")
        assert len(found["articles"]) == 1 and "Díaz" in found["articles"][0]["snippet"]
        folded = store.con.execute("SELECT match_text FROM articles ORDER BY id").fetchall()
        quotes = store.con.execute("SELECT gid, match_text FROM quotes ORDER BY gid").fetchall()
        # an older database gets the columns from migration 8, equal to what ingest writes
        store.con.execute("ALTER TABLE articles DROP COLUMN match_text")
        store.con.execute("ALTER TABLE quotes DROP COLUMN match_text")
        store.con.execute("DELETE FROM schema_migrations WHERE version >= 8")
    with open_store(db) as store:
        assert store.con.execute("SELECT match_text FROM articles ORDER BY id").fetchall() == folded
        assert store.con.execute("SELECT gid, match_text FROM quotes ORDER BY gid").fetchall() == quotes
        assert len(store.select("articles", text="kuźnica").rows()) == 2
        assert len(store.select("quotes", text="blackmail").rows()) == 2
