"""The Spark runner (issue 18) gives exactly the rows of the laptop path, also after a killed task.

``local[2,2]`` (two cores, a task may fail once) over the bundled samples, an invented set of
reports (JSONL with bad lines and a duplicate, HTML, a ``_``-named file) and our invented
multi-article crisis (tests/data/link_reports.jsonl: two stories, a copy, two shootings that must
stay two groups): every table's Parquet rows equal those of ``eventwire ingest`` + ``eventwire
export --format parquet``, row for row after sorting by key, and the article records equal
``eventwire extract``'s; ``spark link`` writes the linking tables the local linker gives for the
same articles. Skipped cleanly without PySpark or Java.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install 'eventwire[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java 17+ (no java on PATH, no JAVA_HOME)", allow_module_level=True)

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark import TaskContext, cloudpickle
from typer.testing import CliRunner

import eventwire.samples
from eventwire.cli import app
from eventwire.config import PipelineConfig
from eventwire.errors import PipelineError, StoreError
from eventwire.export import export
from eventwire.records import Article, to_json
from eventwire.run import spark as runner
from eventwire.run.local import extract_paths
from eventwire.run.spark_adapter import TABLES, link_tables, load_parquet_dir, table_keys, table_schemas
from eventwire.store import open_store
from eventwire.store.ingest import ingest, relink

pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.xdist_group("spark"),  # one Spark session per test run, not one per xdist worker
    pytest.mark.filterwarnings("ignore:.*PySpark does not yet fully support pandas.*:FutureWarning"),
]

# The fault-injecting partition function below is defined here, not in an installed module: ship
# it to the Python workers by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # type: ignore[no-untyped-call]

SAMPLES = Path(eventwire.samples.__file__).parent
CRISIS = Path(__file__).parent / "data" / "link_reports.jsonl"  # our invented multi-article crisis

# Invented reports (no real events): a JSONL file with metadata, a bad line, a line without text and
# a second copy of one text; an HTML page; a plain text file whose name starts with "_".
REPORTS = [
    {
        "id": "t-1",
        "url": "https://example.org/a",
        "title": "Dockers strike in Mombasa",
        "published": "2024-03-04",
        "source": "Invented Wire",
        "text": "MOMBASA — Dock workers at the port of Mombasa went on strike on Monday over unpaid wages, "
        'the Dock Workers Union said. "We will not return until we are paid," union leader Amina Otieno '
        "told reporters. About 2,000 workers joined the strike, according to the union.",
    },
    {
        "id": "t-2",
        "published": "2024-03-05",
        "text": "NAIROBI — Police in Nairobi fired tear gas at protesters outside parliament on Tuesday, "
        "witnesses said. At least 12 people were arrested, a police spokesman said.",
    },
    {
        "id": "t-3",
        "published": "2024-03-06",
        "source": "Invented Wire",
        "text": "LAGOS — Nigeria's government said on Wednesday it would send 300 tonnes of food aid to "
        "flooded villages in Kogi state. The floods displaced more than 5,000 people, officials said.",
    },
    {"id": "t-4", "title": "no text here"},
]


def write_invented(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r) for r in REPORTS]
    lines.insert(2, '{"id": "t-bad", "text": "unterminated')  # bad JSON
    lines.append(json.dumps({**REPORTS[1], "id": "t-2-copy"}))  # the same text again: one record
    (root / "briefs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "pages").mkdir(exist_ok=True)
    (root / "pages" / "strike.html").write_text(
        "<html><head><title>Teachers strike in Accra</title></head><body><article><p>ACCRA — Teachers in "
        "Ghana's capital began a strike on Thursday, demanding higher pay, the Ghana National Association "
        "of Teachers said.</p><p>The ministry of education said talks would resume next week.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    (root / "_desk-note.txt").write_text(
        "KAMPALA — Uganda's electoral commission said on Friday that voting in three districts would be "
        "repeated after ballot boxes were stolen.",
        encoding="utf-8",
    )
    (root / ".hidden.txt").write_text("not read: hidden files are skipped", encoding="utf-8")
    return root


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = runner.session(
        "local[2,2]",
        quiet=True,
        conf={"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2", "spark.driver.memory": "1g"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    crisis = tmp_path_factory.mktemp("crisis")
    shutil.copy(CRISIS, crisis / "crisis.jsonl")
    return [str(SAMPLES), str(write_invented(tmp_path_factory.mktemp("invented") / "reports")), str(crisis)]


@pytest.fixture(scope="module")
def local(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The laptop path: ingest the inputs into DuckDB and export the tables as Parquet."""
    out = tmp_path_factory.mktemp("local")
    with open_store(out / "db.duckdb") as store:
        ingest(store, inputs)
        export(store, "parquet", out / "tables")
    return out / "tables"


@pytest.fixture(scope="module")
def on_spark(spark: Any, inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("spark") / "out"
    report = runner.extract(spark, inputs, str(out), partitions=3)
    return out, report


def rows(folder: Path, name: str) -> list[dict[str, Any]]:
    """A table's rows sorted by its key (and then by every column, for tables without a unique key)."""
    return by_key(pq.read_table(folder / name).to_pylist(), name)


def by_key(table_rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    key = table_keys()[name] if name in TABLES else link_tables()[name].key
    return sorted(table_rows, key=lambda r: json.dumps([r[k] for k in key] + [r], default=str))


def relaxed(schema: pa.Schema) -> pa.Schema:
    """``schema`` with every field nullable (DuckDB's writer marks a column required when it has no nulls)."""

    def field(f: pa.Field) -> pa.Field:
        t = f.type
        if pa.types.is_struct(t):
            t = pa.struct([field(c) for c in t])
        elif pa.types.is_list(t):
            t = pa.list_(field(t.value_field))
        return pa.field(f.name, t, nullable=True)

    return pa.schema([field(f) for f in schema])


# -- equality with the local path ------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_every_table_equals_the_local_export_row_for_row(local: Path, on_spark: tuple[Path, Any], name: str) -> None:
    out, _ = on_spark
    spark_rows, local_rows = rows(out, name), rows(local, name)
    assert spark_rows == local_rows
    if name != "dead_letter":
        assert spark_rows, f"no {name} rows: the comparison would prove nothing"


def test_schema_is_the_exports(local: Path, on_spark: tuple[Path, Any]) -> None:
    out, _ = on_spark
    for name in TABLES:
        spark_schema = relaxed(pq.read_table(out / name).schema.remove_metadata())
        assert spark_schema == relaxed(pq.read_table(local / name).schema.remove_metadata()), name
        assert spark_schema == relaxed(table_schemas()[name]), name


def test_records_equal_eventwire_extract(inputs: list[str], on_spark: tuple[Path, Any]) -> None:
    out, report = on_spark
    extracted = [r for r in extract_paths(inputs) if isinstance(r, Article)]
    first: dict[str, str] = {}
    for a in extracted:
        first.setdefault(a.id, to_json(a))
    assert {r["id"]: r["record"] for r in rows(out, "articles")} == first
    assert report.duplicates == len(extracted) - len(first) == 1
    assert len(first) == report.articles == len(rows(out, "articles")) >= 20


def test_bad_inputs_are_dead_letters_with_file_and_line(on_spark: tuple[Path, Any]) -> None:
    out, report = on_spark
    dead = {(Path(r["input"]).name, r["line"], r["code"]) for r in rows(out, "dead_letter")}
    assert dead == {("__init__.py", None, "EW114"), ("briefs.jsonl", 3, "EW106"), ("briefs.jsonl", 5, "EW107")}
    assert report.skipped == 3
    inputs = {Path(r["input"].split(":")[0]).name for r in rows(out, "articles")}
    assert "_desk-note.txt" in inputs and "strike.html" in inputs and ".hidden.txt" not in inputs


def test_spark_output_loads_into_a_store_like_an_ingest(
    local: Path, on_spark: tuple[Path, Any], tmp_path: Path
) -> None:
    out, _ = on_spark
    with open_store(tmp_path / "db.duckdb") as store:
        added = load_parquet_dir(store, out)
        again = load_parquet_dir(store, out)
        export(store, "parquet", tmp_path / "tables")
    assert added["articles"] == len(rows(local, "articles")) and again["articles"] == 0
    for name in TABLES:
        assert rows(tmp_path / "tables", name) == rows(local, name), name


def test_parquet_rows_are_read_like_jsonl_lines(
    spark: Any, on_spark: tuple[Path, Any], inputs: list[str], tmp_path: Path
) -> None:
    """A Parquet table of input rows gives the records its texts give from JSONL; a row without text
    and a missing input are dead letters (row numbers from 1), as they are locally."""
    out, _ = on_spark
    table = tmp_path / "reports.parquet"
    pq.write_table(pa.Table.from_pylist(REPORTS), table)
    missing = str(tmp_path / "no-such-folder")
    runner.extract(spark, [str(table), missing], str(tmp_path / "out"), partitions=1)
    by_id = {r["id"]: r for r in rows(tmp_path / "out", "articles")}
    jsonl = {r["id"]: r for r in rows(out, "articles") if r["input"].startswith(inputs[1] + "/briefs.jsonl")}
    assert set(by_id) == set(jsonl) and len(by_id) == 3
    assert {r["input"] for r in by_id.values()} == {f"{table}:{n}" for n in (1, 2, 3)}
    for article_id, row in by_id.items():
        same = {k: v for k, v in row.items() if k not in ("input", "record")}
        assert same == {k: v for k, v in jsonl[article_id].items() if k not in ("input", "record")}
    dead = {(r["input"], r["line"], r["code"]) for r in rows(tmp_path / "out", "dead_letter")}
    assert dead == {(str(table), 4, "EW107"), (missing, None, "EW101")}


# -- faults ------------------------------------------------------------------------------------------


def crash_first_attempt(
    batches: Iterator[pa.RecordBatch], *, config: PipelineConfig, digest: str, marker: str
) -> Iterator[pa.RecordBatch]:
    """The runner's partition function, but the first attempt of partition 0 dies after its first batch."""
    ctx = TaskContext.get()
    assert ctx is not None
    for batch in runner.process_partition(batches, config=config, digest=digest):
        yield batch
        if ctx.partitionId() == 0 and ctx.attemptNumber() == 0:
            Path(marker).write_text(f"killed stage {ctx.stageId()} partition 0 attempt 0\n", encoding="utf-8")
            os._exit(1)  # the Python worker dies mid-partition, as on an out-of-memory kill


def test_a_task_killed_mid_partition_is_retried_without_duplicates(
    spark: Any, inputs: list[str], on_spark: tuple[Path, Any], tmp_path: Path
) -> None:
    out, _ = on_spark
    invented = inputs[1]
    marker = tmp_path / "killed"
    config = PipelineConfig(batch_size=2)  # several batches per partition: the kill lands mid-partition
    runner.extract(
        spark,
        [invented],
        str(tmp_path / "out"),
        partitions=2,
        config=config,
        process=partial(crash_first_attempt, marker=str(marker)),
    )
    assert marker.exists(), "the fault was not injected"
    # Expected: the rows the full run gave for the invented reports.
    ids = {r["id"] for r in rows(out, "articles") if r["input"].startswith(invented)}
    for name in TABLES:
        if name == "articles":
            expected = [r for r in rows(out, name) if r["id"] in ids]
        elif name == "dead_letter":
            expected = [r for r in rows(out, name) if r["input"].startswith(invented)]
        else:
            expected = [r for r in rows(out, name) if r["article_id"] in ids]
        assert rows(tmp_path / "out", name) == expected, name
    assert len(ids) == 5


def test_an_executor_with_other_knowledge_fails_with_ew207(spark: Any, inputs: list[str], tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as err:
        runner.extract(spark, inputs[1:2], str(tmp_path / "out"), partitions=1, expected_digest="0" * 16)
    assert err.value.code == "EW209"
    assert "knowledge digest" in str(err.value) and "0" * 16 in str(err.value)


# -- linking ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linked(spark: Any, on_spark: tuple[Path, Any]) -> tuple[Path, Any]:
    out, _ = on_spark
    return out, runner.link(spark, str(out))


@pytest.fixture(scope="module")
def local_links(local: Path) -> dict[str, list[dict[str, Any]]]:
    """The local path's linking tables: the store of `eventwire ingest` relinked in publication order
    (`store.ingest.relink`, what `eventwire link` runs), read back from DuckDB."""
    with open_store(local.parent / "db.duckdb") as store:
        relink(store)
        return {
            name: by_key(store.con.sql(f'SELECT * FROM "{name}"').to_arrow_table().to_pylist(), name)
            for name in link_tables()
        }


@pytest.mark.parametrize("name", list(link_tables()))
def test_every_link_table_equals_the_local_linker_row_for_row(
    linked: tuple[Path, Any], local_links: dict[str, list[dict[str, Any]]], name: str
) -> None:
    out, report = linked
    assert rows(out, name) == local_links[name]  # every column, the store's seq included
    assert local_links[name], f"no {name} rows: the comparison would prove nothing"
    assert report.rows[name] == len(local_links[name])
    assert pq.read_table(out / name).schema.remove_metadata() == link_tables()[name].arrow_schema()


def test_spark_link_finds_the_crisis_stories_copy_and_separate_groups(
    linked: tuple[Path, Any], inputs: list[str]
) -> None:
    """Not only equal to the local linker: the invented crisis comes out as a reader expects."""
    out, report = linked
    assert report.articles == len(rows(out, "articles"))
    by_line = {
        int(r["input"].rsplit(":", 1)[1]): r["id"] for r in rows(out, "articles") if "crisis.jsonl" in r["input"]
    }
    ids = [by_line[n] for n in sorted(by_line)]
    assert len(ids) == 9
    crisis = set(ids)
    members: dict[str, set[str]] = {}  # a story's articles are its article_links rows, as in the store
    for link in rows(out, "article_links"):
        members.setdefault(link["story_id"], set()).add(link["article_id"])
    assert {s["id"] for s in rows(out, "stories")} == set(members)
    stories = sorted((m & crisis for m in members.values() if m & crisis), key=len, reverse=True)
    assert stories == [set(ids[:6]), set(ids[6:])]  # the border story and the port strike
    assert {c["article_id"]: c["copy_of"] for c in rows(out, "copies") if c["article_id"] in crisis} == {ids[3]: ids[2]}

    def group_of(article: int, trigger: str) -> dict[str, Any]:
        groups = {g["id"]: g for g in rows(out, "event_groups")}
        for m in rows(out, "group_members"):  # a group's members are its group_members rows
            if m["article_id"] == ids[article] and m["trigger"] == trigger:
                return groups[m["group_id"]]
        raise AssertionError(f"no group for {trigger!r} in report {article}")

    monday, wednesday = group_of(0, "opened fire"), group_of(4, "fired")
    assert monday["id"] != wednesday["id"]  # same type and dyad, two days apart: two happenings
    assert (monday["date"], wednesday["date"]) == ("2025-05-12", "2025-05-14")
    assert monday["article_count"] == 3 and monday["outlet_count"] == 3


def test_spark_link_of_a_folder_without_articles_fails_with_ew308(spark: Any, tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        runner.link(spark, str(tmp_path))
    assert err.value.code == "EW308" and str(tmp_path) in str(err.value)


def crash_first_link_attempt(
    batches: Iterator[pa.RecordBatch], *, config: PipelineConfig, digest: str, batch_size: int, marker: str
) -> Iterator[pa.RecordBatch]:
    """The link partition function, but its first attempt dies after it yielded its first rows."""
    ctx = TaskContext.get()
    assert ctx is not None
    for batch in runner.link_partition(batches, config=config, digest=digest, batch_size=batch_size):
        yield batch
        if ctx.attemptNumber() == 0:
            Path(marker).write_text(f"killed stage {ctx.stageId()} attempt 0\n", encoding="utf-8")
            os._exit(1)


def test_a_link_task_killed_midway_is_retried_without_duplicates(
    spark: Any, linked: tuple[Path, Any], tmp_path: Path
) -> None:
    out, _ = linked
    copy = tmp_path / "out"
    shutil.copytree(out / "articles", copy / "articles")
    marker = tmp_path / "killed"
    # killed after the first chunk of final rows, before the last (the open stories, groups, entities)
    runner.link(spark, str(copy), process=partial(crash_first_link_attempt, marker=str(marker)))
    assert marker.exists(), "the fault was not injected"
    for name in link_tables():
        assert rows(copy, name) == rows(out, name), name


# -- ingest of a Spark folder -----------------------------------------------------------------------


def test_eventwire_ingest_loads_a_spark_folder_idempotently(
    local: Path, linked: tuple[Path, Any], tmp_path: Path
) -> None:
    out, _ = linked
    db = tmp_path / "db.duckdb"
    first = CliRunner().invoke(app, ["ingest", str(out), "--db", str(db)])
    assert first.exit_code == 3, first.output  # the folder holds dead letters, as a local ingest of its inputs
    n = len(rows(local, "articles"))
    said = " ".join(first.output.split())  # the console wraps long lines (the tmp path is in them)
    assert f"{n} article(s) loaded" in said and f"{n} loaded article(s) linked" in said
    again = CliRunner().invoke(app, ["ingest", str(out), "--db", str(db)])
    assert "0 article(s) loaded" in again.output, again.output
    with open_store(db) as store:
        export(store, "parquet", tmp_path / "tables")
        stored_links = {
            name: by_key(store.con.sql(f'SELECT * FROM "{name}"').to_arrow_table().to_pylist(), name)
            for name in link_tables()
        }
    for name in TABLES:
        assert rows(tmp_path / "tables", name) == rows(local, name), name
    # linked after loading, in publication order: the rows `spark link` writes
    for name in link_tables():
        assert stored_links[name] == rows(out, name), name
