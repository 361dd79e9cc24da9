"""Linking in the store: tables, resume from stored state, ingest wiring, rebuild, migration 6.

The records are the invented crisis of ``link_records.py`` (9 reports we wrote: two stories, a wire
copy under another headline and first line, two shootings with the same type and dyad two days
apart). Ingest replays them with a processor instead of the model, so these tests need no spaCy.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import ErrorPolicy, Skipped
from eventwire.link import Linker, link_articles
from eventwire.read import Source
from eventwire.records import Article, to_dict
from eventwire.store import ingest, open_store
from eventwire.store.ingest import relink
from eventwire.store.links import OUTPUT_TABLES, link_tables, read_rows
from eventwire.store.migrations import migrate
from eventwire.store.store import Store, connect
from link_records import REPORTS, crisis

ARTICLES = crisis()
BY_TITLE = {a.title: a for a in ARTICLES}


@dataclasses.dataclass(frozen=True)
class Replay:
    """Gives the hand-built record of each report (what a good extractor would find), no model."""

    batch_size: int = 4

    def prepare(self) -> None:
        return None

    def __call__(self, batch: list[Source | Skipped], errors: ErrorPolicy) -> list[Article | Skipped]:
        out: list[Article | Skipped] = []
        for src in batch:
            assert isinstance(src, Source)
            out.append(dataclasses.replace(BY_TITLE[src.title], input=src.where))
        return out


def write_reports(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def report_lines() -> list[str]:
    """The reports as JSONL lines in stream order: publication date, then article id (the linker's order)."""
    lines = [line for line in REPORTS.read_text("utf-8").splitlines() if line.strip()]
    return sorted(lines, key=lambda line: (json.loads(line)["published"], BY_TITLE[json.loads(line)["title"]].id))


def tables(db: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Every linking output table as sorted plain rows (with seq where the table has one)."""
    with open_store(db, read_only=True) as store:
        out = {}
        for name in OUTPUT_TABLES:
            rows = [to_dict(r) for r in read_rows(store.con, name)]
            out[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
        return out


@pytest.fixture(scope="module")
def one_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 9 reports ingested in one run (batches of 4 articles), linked as they are stored."""
    tmp = tmp_path_factory.mktemp("one")
    src = write_reports(tmp / "reports.jsonl", report_lines())
    db = tmp / "one.duckdb"
    with open_store(db) as store:
        report = ingest(store, [str(src)], processor=Replay(), batch_size=4)
    assert report.counts.stored == 9 and report.linked == 9
    return db


def test_ingest_links_stories_copies_and_groups(one_batch: Path) -> None:
    expected = link_articles(ARTICLES)
    got = tables(one_batch)
    assert {r["id"] for r in got["stories"]} == set(expected.stories)
    assert len(got["stories"]) == 2
    assert [(r["article_id"], r["copy_of"]) for r in got["copies"]] == [
        (c.article_id, c.copy_of) for c in expected.copies.values()
    ]
    assert {r["id"] for r in got["event_groups"]} == set(expected.groups)
    with open_store(one_batch, read_only=True) as store:
        assert store.link_counts()["article_links"] == 9
        copy = store.article_link(ARTICLES[3].id)
        assert copy is not None and copy.copy_of == ARTICLES[2].id


def test_stored_rows_equal_the_linker_rows(one_batch: Path) -> None:
    expected = link_articles(ARTICLES)
    with open_store(one_batch, read_only=True) as store:
        assert {g.id: g for g in read_rows(store.con, "event_groups")} == expected.groups
        assert {s.id: s for s in read_rows(store.con, "stories")} == expected.stories
        assert {e.id: e for e in read_rows(store.con, "actor_entities")} == expected.entities
        assert {a.actor_id: a for a in read_rows(store.con, "actor_links")} == expected.actor_links


def test_stored_snapshot_equals_the_linker_snapshot(one_batch: Path) -> None:
    linker = Linker()
    linker.link(ARTICLES)
    mem = linker.snapshot()
    with open_store(one_batch, read_only=True) as store:
        got = store.link_snapshot()
    assert got is not None
    assert got.clock == mem.clock
    assert got.linked == mem.linked
    assert got.fingerprints == mem.fingerprints  # insertion order matters (eviction walks it)
    assert got.term_counts == mem.term_counts
    assert got.stories == mem.stories and got.story_profiles == mem.story_profiles
    assert got.groups == mem.groups and got.group_profiles == mem.group_profiles
    assert {e.id: e for e in got.entities} == {e.id: e for e in mem.entities}
    assert {e.id: e for e in got.closed_entities} == {e.id: e for e in mem.closed_entities}


def test_several_ingest_runs_give_the_rows_of_one(one_batch: Path, tmp_path: Path) -> None:
    lines = report_lines()  # in stream order: cut anywhere, also between reports of one day
    db = tmp_path / "split.duckdb"
    for part in (lines[:2], lines[2:3], lines[3:7], lines[7:]):
        src = write_reports(tmp_path / f"part{lines.index(part[0])}.jsonl", part)
        with open_store(db) as store:  # a new process each time: the linker resumes from the store
            ingest(store, [str(src)], processor=Replay(), batch_size=1)
    assert tables(db) == tables(one_batch)


def test_reingest_and_relink_change_nothing(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    db.write_bytes(one_batch.read_bytes())
    before = tables(db)
    src = write_reports(tmp_path / "reports.jsonl", report_lines())
    with open_store(db) as store:
        report = ingest(store, [str(src)], processor=Replay(), batch_size=4, replace=False)
    assert report.counts.stored == 0
    assert tables(db) == before
    with open_store(db) as store:
        assert relink(store) == 9
    assert tables(db) == before
    with open_store(db) as store:
        relink(store)
    assert tables(db) == before


def test_no_link_then_link_catches_up(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "later.duckdb"
    src = write_reports(tmp_path / "reports.jsonl", report_lines())
    with open_store(db) as store:
        ingest(store, [str(src)], processor=Replay(), link=False)
        assert store.link_counts()["article_links"] == 0 and store.link_snapshot() is None
        assert relink(store) == 9
    assert tables(db) == tables(one_batch)


def test_migration_from_version_5_keeps_the_data(tmp_path: Path) -> None:
    db = tmp_path / "v5.duckdb"
    con = connect(db)
    migrate(con, upto=5)
    old = Store(str(db), con)  # what a version-5 eventwire wrote: records, no linking tables
    old.add(ARTICLES)
    before = {t: old.counts()[t] for t in ("articles", "events", "actors", "places")}
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert not names & {t.name for t in link_tables()}
    old.close()
    with open_store(db) as store:  # opening migrates 5 -> 6
        assert store.version == 6
        assert {t: store.counts()[t] for t in before} == before
        assert store.article(ARTICLES[0].id) == ARTICLES[0]
        assert store.link_counts() == dict.fromkeys(OUTPUT_TABLES, 0)
        assert store.unlinked_article_ids()[0] == ARTICLES[0].id
        assert relink(store) == 9
        assert store.link_counts()["stories"] == 2
