"""What ``spark link`` runs inside its one task, without Spark: the linker over a date-sorted stream,
its upserts turned into rows written once (``run.link_stream``), as Arrow rows of the linking tables
derived from records.py. Hand-built records of our invented crisis (tests/link_records.py), no model."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.link import link_articles
from eventwire.records import Article
from eventwire.run.link_stream import LINK_TABLE_FIELDS, SEQ_TABLES, link_order, link_stream, result_rows
from eventwire.run.spark_adapter import link_arrow, link_tables
from eventwire.store.parquet_io import is_parquet_folder
from link_records import crisis


def shifted(articles: list[Article], days: int) -> list[Article]:
    """The crisis again ``days`` later (other ids): the first run's stories and groups close before it."""
    import datetime

    out = []
    for a in articles:
        assert a.published is not None
        published = (datetime.date.fromisoformat(a.published[:10]) + datetime.timedelta(days=days)).isoformat()
        new_id = hashlib.sha256(f"{a.id}+{days}".encode()).hexdigest()[:16]
        out.append(dataclasses.replace(a, id=new_id, published=published))
    return out


def stream() -> list[Article]:
    first = crisis()
    undated = dataclasses.replace(first[0], id="f" * 16, published=None)
    return sorted([*first, *shifted(first, 90), undated], key=link_order)


def as_rows(by_table: dict[str, list[Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows by table as Arrow dicts (``group_members`` items are ``(group_id, member)`` pairs)."""
    out = {}
    for name, items in by_table.items():
        if name == "group_members":
            table = link_arrow(name, [m for _, m in items], extra={"group_id": [g for g, _ in items]})
        else:
            table = link_arrow(name, items)
        out[name] = sorted(table.to_pylist(), key=lambda r: json.dumps(r, sort_keys=True))
    return out


@pytest.mark.parametrize("batch_size", [1, 3, 256])
def test_the_stream_gives_every_row_of_the_local_linker_once(batch_size: int) -> None:
    articles = stream()
    got: dict[str, list[Any]] = {name: [] for name in [*LINK_TABLE_FIELDS, "group_members", "entity_spellings"]}
    chunks = 0
    for chunk in link_stream(articles, batch_size=batch_size):
        chunks += 1
        for name, items in chunk.rows.items():
            if name == "group_members":
                items = list(zip(chunk.extra[name]["group_id"], items, strict=True))
            got[name].extend(items)
    assert got["group_members"] and got["article_links"] and got["entity_spellings"]
    expected = result_rows(link_articles(articles))
    assert as_rows(got) == as_rows(expected)
    assert len(expected["stories"]) >= 4 and expected["copies"] and expected["event_groups"]
    assert chunks == -(-len(articles) // batch_size) + 1


def test_closed_stories_leave_the_stream_before_its_end() -> None:
    articles = stream()
    chunks = list(link_stream(articles, batch_size=3))
    first_ids = {a.id for a in crisis()}
    early = {s.id for c in chunks[:-1] for s in c.rows.get("stories", [])}
    members = [link for c in chunks for link in c.rows.get("article_links", []) if link.story_id in early]
    assert early and members and all(link.article_id in first_ids for link in members)


def test_articles_out_of_order_are_refused() -> None:
    articles = stream()
    with pytest.raises(ValueError, match="out of link order"):
        list(link_stream(list(reversed(articles)), batch_size=2))


def test_link_tables_are_derived_from_the_record_types() -> None:
    for name, table in link_tables().items():
        fields = [f.name for f in dataclasses.fields(table.record_type)]  # type: ignore[arg-type]
        store_columns = (["group_id"] if name == "group_members" else []) + (["seq"] if name in SEQ_TABLES else [])
        assert list(table.arrow_schema().names) == fields + store_columns, name
        assert set(table.key) <= set(fields)
    assert link_arrow("event_groups", []).schema == link_tables()["event_groups"].arrow_schema()


def test_ingest_refuses_a_half_spark_folder_with_ew308(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / "events").mkdir(parents=True)
    pq.write_table(pa.table({"article_id": ["x"]}), folder / "events" / "part-00000.parquet")
    assert is_parquet_folder(folder) and not is_parquet_folder(tmp_path / "nothing")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "db.duckdb")])
    assert result.exit_code == 1
    assert "EW308" in result.output and str(folder) in result.output and "articles/" in result.output
