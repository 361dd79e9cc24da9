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
from eventwire.store.migrations import LATEST, migrate
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
        assert {g.id: g for g in store.select("groups").records()} == expected.groups
        assert {s.id: s for s in store.select("stories").records()} == expected.stories


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
    assert_one_row_per_id(db)


def assert_one_row_per_id(db: Path) -> None:
    """Rewritten rows replaced, not added: the store's LinkWriter knows which ids are stored."""
    with open_store(db, read_only=True) as store:
        for name in ("stories", "actor_entities", "event_groups"):
            ((rows, ids, seqs),) = store.con.execute(
                f"SELECT count(*), count(DISTINCT id), count(DISTINCT seq) FROM {name}"
            ).fetchall()
            assert rows == ids == seqs and rows > 0, name


def test_closed_stories_and_groups_are_not_written_again(tmp_path: Path) -> None:
    """A stream whose first stories and groups close before its end, saved call by call and resumed
    halfway from the store: one row per id, and the rows of one ``link_articles`` call."""
    from test_link_stream import stream

    articles = stream()
    expected = link_articles(articles)
    db = tmp_path / "closing.duckdb"
    half = len(articles) // 2
    with open_store(db) as store:
        linker = Linker()
        for i in range(0, half, 3):
            store.save_link_changes(linker.link(articles[i : min(i + 3, half)]))
    with open_store(db) as store:  # a new LinkWriter, read from the tables
        linker = Linker(snapshot=store.link_snapshot())
        for i in range(half, len(articles), 3):
            store.save_link_changes(linker.link(articles[i : i + 3]))
        closed = store.con.execute(
            "SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM link_story_profiles)"
        )
        assert closed.fetchone()[0] >= 2  # type: ignore[index]
        assert {s.id: s for s in read_rows(store.con, "stories")} == expected.stories
        assert {g.id: g for g in read_rows(store.con, "event_groups")} == expected.groups
        assert {e.id: e for e in read_rows(store.con, "actor_entities")} == expected.entities
    assert_one_row_per_id(db)


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
    with open_store(db) as store:  # opening migrates 5 -> 6 (and on)
        assert store.version >= 6
        assert {t: store.counts()[t] for t in before} == before
        assert store.article(ARTICLES[0].id) == ARTICLES[0]
        assert store.link_counts() == dict.fromkeys(OUTPUT_TABLES, 0)
        assert store.unlinked_article_ids()[0] == ARTICLES[0].id
        assert relink(store) == 9
        assert store.link_counts()["stories"] == 2


def _to_layout_9(db: Path) -> None:
    """Turn a linked store back into the layout of migration 9: spellings as a list column of the entity."""
    with open_store(db) as store:
        store.con.execute(
            "UPDATE actor_entities SET spellings = COALESCE((SELECT list(s.spelling ORDER BY s.seq) "
            "FROM entity_spellings s WHERE s.entity_id = actor_entities.id), [])"
        )
        store.con.execute("DROP TABLE entity_spellings")
        store.con.execute("DELETE FROM schema_migrations WHERE version >= 10")


def test_migration_10_moves_spellings_to_appended_rows(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "v9.duckdb"
    db.write_bytes(one_batch.read_bytes())
    with open_store(one_batch, read_only=True) as store:
        entities = read_rows(store.con, "actor_entities")
        snapshot = store.link_snapshot()
    assert any(len(e.spellings) >= 2 for e in entities)  # "Dzhumabaev" / "Jumabayev": the order must survive
    _to_layout_9(db)
    with open_store(db) as store:
        assert store.version == LATEST
        assert read_rows(store.con, "actor_entities") == entities
        assert store.con.execute("SELECT count(*) FROM actor_entities WHERE len(spellings) > 0").fetchone() == (0,)
        assert store.link_snapshot() == snapshot


def test_a_migrated_store_links_on_as_one_that_never_stopped(one_batch: Path, tmp_path: Path) -> None:
    lines = report_lines()
    db = tmp_path / "split.duckdb"
    with open_store(db) as store:
        ingest(store, [str(write_reports(tmp_path / "a.jsonl", lines[:5]))], processor=Replay(), batch_size=2)
    _to_layout_9(db)
    with open_store(db) as store:  # migrates, resumes the linker from the migrated tables
        ingest(store, [str(write_reports(tmp_path / "b.jsonl", lines[5:]))], processor=Replay(), batch_size=2)
    assert tables(db) == tables(one_batch)
    assert_one_row_per_id(db)


# -- the command line: JSONL contract, tables, the story view -------------------------------------------


def _cli(*args: str, columns: int = 80) -> str:
    from typer.testing import CliRunner

    from eventwire.cli import app

    res = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert res.exit_code == 0, res.output
    return res.stdout


def _jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_query_stories_groups_articles_jsonl(one_batch: Path) -> None:
    db = str(one_batch)
    stories = _jsonl(_cli("query", "stories", "--db", db, "--format", "jsonl"))
    assert [list(s) for s in stories] == [["id", "label", "first_date", "last_date", "article_ids"]] * 2
    border = next(s for s in stories if "Kok-Tash" in s["label"])
    assert border["first_date"] == "2025-05-12" and len(border["article_ids"]) == 6

    groups = _jsonl(_cli("query", "groups", "--db", db, "--format", "jsonl", "--story", border["id"]))
    contract = ["id", "story_id", "type", "mode", "source", "target", "date", "place", "status"]
    contract += ["article_count", "outlet_count", "members"]
    assert all(list(g)[: len(contract)] == contract for g in groups)
    assert {g["story_id"] for g in groups} == {border["id"]}
    shootings = [g for g in groups if g["type"] == "ASSAULT"]
    # the same type and dyad on two dates and at two places: two happenings, not one
    assert sorted((g["date"], g["place"]) for g in shootings) == [("2025-05-12", "Kok-Tash"), ("2025-05-14", "Ak-Sai")]
    first = next(g for g in shootings if g["date"] == "2025-05-12")
    # four mentions, one of them the copy: three independent reports carried by three outlets
    assert len(first["members"]) == 4 and first["article_count"] == 3 and first["outlet_count"] == 3
    assert set(first["members"][0]) == {"article_id", "event_id", "outlet", "evidence"}
    ev = first["members"][0]["evidence"]
    text = BY_TITLE["Tajik and Kyrgyz border guards exchange fire near Kok-Tash"].text
    assert text[ev["start"] : ev["end"]] == ev["text"]
    assert first["status"]["asserted_by"] == ["Central Asia Wire"] and first["status"]["denied_by"]

    later = _jsonl(
        _cli("query", "groups", "--db", db, "--format", "jsonl", "--type", "ASSAULT", "--since", "2025-05-13")
    )
    assert [g["place"] for g in later] == ["Ak-Sai"]
    assert _jsonl(_cli("query", "groups", "--db", db, "--format", "jsonl", "--country", "CHL"))
    assert not _jsonl(_cli("query", "groups", "--db", db, "--format", "jsonl", "--country", "CHL", "--type", "ASSAULT"))

    articles = _jsonl(_cli("query", "articles", "--db", db, "--format", "jsonl"))
    for key in ("id", "url", "source", "published", "input_id", "copy_of", "story_id"):
        assert all(key in a for a in articles)
    copies = [a for a in articles if a["copy_of"]]
    assert [(a["id"], a["copy_of"]) for a in copies] == [(ARTICLES[3].id, ARTICLES[2].id)]
    assert sum(a["story_id"] == border["id"] for a in articles) == 6

    actors = _jsonl(_cli("query", "actors", "--db", db, "--format", "jsonl", "--actor", "umab"))
    # "Nurlan Dzhumabaev" and "Nurlan Jumabayev" in two reports: one entity
    assert len(actors) >= 2 and len({a["entity_id"] for a in actors}) == 1 and actors[0]["entity_id"]


def test_query_tables_and_csv(one_batch: Path) -> None:
    db = str(one_batch)
    for what in ("stories", "groups"):
        out = _cli("query", what, "--db", db)
        assert all(len(line) <= 80 for line in out.splitlines()), out
    csv_text = _cli("query", "groups", "--db", db, "--format", "csv")
    assert csv_text.splitlines()[0].startswith("id,story_id,type,mode,source,target,date,place,status")
    assert len(csv_text.splitlines()) == 8  # header + 7 groups


def test_story_view(one_batch: Path) -> None:
    db = str(one_batch)
    border = next(s for s in _jsonl(_cli("query", "stories", "--db", db, "--format", "jsonl")) if "Kok" in s["label"])
    out = _cli("story", border["id"], "--db", db)
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert out.index("2025-05-12") < out.index("2025-05-14")  # a timeline
    assert "(copy)" in out
    assert "denied by Tajikistan" in out
    from typer.testing import CliRunner

    from eventwire.cli import app

    res = CliRunner().invoke(app, ["story", "s-nope", "--db", db])
    assert res.exit_code == 1 and "EW303" in res.output


def test_link_command_rebuilds(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    db.write_bytes(one_batch.read_bytes())
    res_before = tables(db)
    _cli("link", "--db", str(db), "--quiet")
    assert tables(db) == res_before


# -- ingest --replace: a replaced article that links differently relinks everything ---------------------

SHOOTING = BY_TITLE["New shooting on Kyrgyz-Tajik border near Ak-Sai"]
UPDATED_TITLE = "Border guards traded fire on Monday, Kyrgyz officials now say"


def updated_shooting() -> Article:
    """The Ak-Sai report re-extracted: same text (same id), another headline and outlet, and its shooting
    dated to Monday 12 May, the day of the first one (so the group it alone made goes away)."""
    (event,) = SHOOTING.events
    return dataclasses.replace(
        SHOOTING,
        title=UPDATED_TITLE,
        source="Steppe Daily",
        events=[dataclasses.replace(event, date="2025-05-12")],
    )


@dataclasses.dataclass(frozen=True)
class ReplayUpdated(Replay):
    """Replay, with the updated Ak-Sai record for its new headline."""

    def __call__(self, batch: list[Source | Skipped], errors: ErrorPolicy) -> list[Article | Skipped]:
        records = {**BY_TITLE, UPDATED_TITLE: updated_shooting()}
        out: list[Article | Skipped] = []
        for src in batch:
            assert isinstance(src, Source)
            out.append(dataclasses.replace(records[src.title], input=src.where))
        return out


def updated_line() -> str:
    doc = next(json.loads(line) for line in report_lines() if json.loads(line)["title"] == SHOOTING.title)
    return json.dumps({**doc, "title": UPDATED_TITLE, "source": "Steppe Daily"})


def state(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every linking table (output and working state) as stored, rows sorted: exact equality of two stores."""
    with open_store(db, read_only=True) as store:
        out = {}
        for t in link_tables():
            rows = store.con.execute(f'SELECT * FROM "{t.name}"').fetchall()
            out[t.name] = sorted((json.dumps(r, default=str) for r in rows), key=str)
        return out  # type: ignore[return-value]


def test_replace_that_links_differently_equals_a_fresh_ingest(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "replaced.duckdb"
    db.write_bytes(one_batch.read_bytes())
    src = write_reports(tmp_path / "update.jsonl", [updated_line()])
    with open_store(db) as store:
        report = ingest(store, [str(src)], processor=ReplayUpdated(), batch_size=4, replace=True)
    assert report.counts.replaced == 1 and report.counts.relinked == 1
    assert report.relinked and report.linked == 9
    # a fresh ingest of the final inputs (in publication order), and `eventwire link`, give the same
    final = [updated_line() if json.loads(line)["title"] == SHOOTING.title else line for line in report_lines()]
    fresh = tmp_path / "fresh.duckdb"
    with open_store(fresh) as store:
        ingest(store, [str(write_reports(tmp_path / "final.jsonl", final))], processor=ReplayUpdated(), batch_size=4)
    assert tables(db) == tables(fresh)
    # every stored column too, `seq` included, against an ingest linking in one call as the rebuild did
    # (a group member's `seq` is its write order, which follows where the stream was cut into batches)
    one_call = tmp_path / "one-call.duckdb"
    with open_store(one_call) as store:
        ingest(store, [str(tmp_path / "final.jsonl")], processor=ReplayUpdated(batch_size=16), batch_size=16)
    assert state(db) == state(one_call)
    rebuilt = tmp_path / "rebuilt.duckdb"
    rebuilt.write_bytes(db.read_bytes())
    with open_store(rebuilt) as store:
        relink(store)
    assert state(rebuilt) == state(db)
    # what changed: the group of 14 May that the old record alone made is gone, its event joined 12 May's
    before, after = tables(one_batch), tables(db)
    old_event = f"{SHOOTING.id}:{SHOOTING.events[0].id}"
    assert any(g["date"] == "2025-05-14" and g["type"] == "ASSAULT" for g in before["event_groups"])
    assert not any(g["date"] == "2025-05-14" and g["type"] == "ASSAULT" for g in after["event_groups"])
    (group,) = [g for g in after["event_groups"] if old_event in {m["event_id"] for m in g["members"]}]
    first = BY_TITLE["Tajik and Kyrgyz border guards exchange fire near Kok-Tash"]
    assert group["date"] == "2025-05-12" and first.id in {m["article_id"] for m in group["members"]}
    assert "Steppe Daily" in {m["outlet"] for m in group["members"]}
    with open_store(db, read_only=True) as store:
        link = store.article_link(SHOOTING.id)
        assert link is not None and link.outlet == "Steppe Daily"


def test_replace_that_links_the_same_keeps_every_link(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "same.duckdb"
    db.write_bytes(one_batch.read_bytes())
    before = state(db)
    src = write_reports(tmp_path / "reports.jsonl", report_lines())
    with open_store(db) as store:  # every record re-extracted; quotes and figures are not linking's input
        report = ingest(store, [str(src)], processor=Replay(), batch_size=4, replace=True)
    assert report.counts.replaced == 9 and report.counts.relinked == 0 and not report.relinked
    assert state(db) == before


def test_replace_without_linking_empties_the_links(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "nolink.duckdb"
    db.write_bytes(one_batch.read_bytes())
    src = write_reports(tmp_path / "update.jsonl", [updated_line()])
    with open_store(db) as store:
        report = ingest(store, [str(src)], processor=ReplayUpdated(), replace=True, link=False)
        assert report.counts.relinked == 1 and not report.relinked
        assert store.link_counts() == dict.fromkeys(OUTPUT_TABLES, 0) and store.link_snapshot() is None
        assert len(store.unlinked_article_ids()) == 9
    # the next linking ingest catches every article up, in publication order
    with open_store(db) as store:
        report = ingest(store, [str(src)], processor=ReplayUpdated())
        assert report.resumed == 1 and report.linked == 9 and store.link_counts()["article_links"] == 9
    rebuilt = tmp_path / "rebuilt.duckdb"
    rebuilt.write_bytes(db.read_bytes())
    with open_store(rebuilt) as store:
        relink(store)
    assert state(db) == state(rebuilt)


def test_linked_fields_are_all_linking_reads() -> None:
    """Blanking every field outside LINKED_FIELDS changes no linking row (so comparing those fields is enough)."""
    from eventwire.link import LINKED_FIELDS, links_differently
    from store_records import make_article  # full records: quotes, figures, contradictions, contexts

    def blank(a: Article) -> Article:
        other: dict[str, Any] = {}
        for f in dataclasses.fields(Article):
            if f.name in LINKED_FIELDS:
                continue
            if f.default is not dataclasses.MISSING:
                other[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:
                other[f.name] = f.default_factory()
        return dataclasses.replace(a, **other)

    articles = [make_article(i) for i in range(3)]
    assert all(blank(a) != a for a in articles)
    assert link_articles([blank(a) for a in articles]).__dict__ == link_articles(articles).__dict__
    full = make_article(1)
    assert full.quotes and full.quantities
    assert not links_differently(full, dataclasses.replace(full, quotes=[], quantities=[]))
    assert links_differently(full, dataclasses.replace(full, title="Another headline"))
    assert links_differently(full, dataclasses.replace(full, events=full.events[:1]))


def test_loading_a_parquet_folder_with_replace_relinks(one_batch: Path, tmp_path: Path) -> None:
    from eventwire.export import export
    from eventwire.store.parquet_io import RELINKED, load_parquet_dir

    final = [updated_line() if json.loads(line)["title"] == SHOOTING.title else line for line in report_lines()]
    made = tmp_path / "made.duckdb"  # the final inputs, extracted elsewhere and exported (records and links)
    with open_store(made) as store:
        ingest(store, [str(write_reports(tmp_path / "final.jsonl", final))], processor=ReplayUpdated(), batch_size=16)
        export(store, "parquet", tmp_path / "pq")
    db = tmp_path / "loaded.duckdb"
    db.write_bytes(one_batch.read_bytes())
    with open_store(db) as store:
        added = load_parquet_dir(store, tmp_path / "pq", replace=True)
        # every record differs (its input path); one links differently
        assert added["articles"] == 9 and added[RELINKED] == 1
        assert store.link_counts() == dict.fromkeys(OUTPUT_TABLES, 0)
    _cli("ingest", str(tmp_path / "pq"), "--db", str(db), "--quiet")  # links what is not linked: everything
    assert state(db) == state(made)
