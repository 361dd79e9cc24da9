"""The Apache Spark runner: the laptop's pipeline, per partition, on a cluster (``eventwire[spark]``).

Plan of a run (``extract``)::

    files (binaryFile) / Parquet rows ──read──> input items ──hash(origin, line)──> N partitions
        ──mapInArrow: pipeline per partition──> results (article JSON | dead-letter entry)
        ──one record per article id (first input in walk order)──> all record tables in one pass
          (mapInArrow, the store's own insert code) ──> OUTPUT/<table>/part-*.parquet (overwrite)

Plan of ``link``: OUTPUT/articles/ sorted by the linker's order rule into ONE partition ──mapInArrow:
the local linker over the stream, final rows streamed out (``run.link_stream``)──> OUTPUT/<link table>/.

Glue only: reading rules, the pipeline, the record tables and the knowledge digest come from the
package (``run.spark_inputs``, ``run.spark_adapter``), so a partition gives the rows a local
``eventwire ingest`` + ``eventwire export --format parquet`` gives for the same documents.

The model and knowledge load once per Python worker (``spark_adapter.worker_pipeline`` caches the
pipeline by its config); what travels from the driver to a task is the small config, the expected
knowledge digest and the extractor identity. Every task computes the digest of its own installation
first and fails with ``EW209`` when it differs from the driver's.

Retries: tasks are pure functions of their input partition (ids are content hashes, partitioning is
by hash, duplicates resolved by a fixed order rule) and Spark's output committer publishes only the
files of the attempt that succeeded; the tables are written in ``overwrite`` mode. A retried task
therefore writes the same rows once.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..errors import InputError, PipelineError, Skipped, StoreError
from ..pipeline import PipelineConfig
from ..read import Source
from ..records import from_json
from . import spark_adapter as adapter
from .link_stream import LINK_BATCH, link_stream
from .spark_inputs import (
    ITEM_SCHEMA,
    item_batch,
    item_from_row,
    item_row,
    origin_of,
    source_from_fields,
    sources_from_bytes,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

RESULT_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("line", pa.int64()),
        ("article_id", pa.string()),
        ("record", pa.string()),
        ("code", pa.string()),
        ("reason", pa.string()),
        ("message", pa.string()),
    ]
)
"""One pipeline result per input document: an article's record JSON, or a dead-letter entry."""

DEFAULT_MASTER = "local[*]"

PartitionFn = Callable[..., Iterator[pa.RecordBatch]]


@dataclass
class SparkReport:
    """What a Spark extract wrote."""

    output: str
    digest: str
    """Knowledge digest the driver and every executor agreed on."""
    extractor: str
    partitions: int
    rows: dict[str, int] = field(default_factory=dict)
    """Rows written per table."""
    duplicates: int = 0
    """Inputs whose article id was already given by an earlier input (one record kept)."""
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.rows.get("articles", 0)

    @property
    def skipped(self) -> int:
        return self.rows.get(adapter.DEAD_LETTER, 0)


# -- session ---------------------------------------------------------------------------------------------


def require_pyspark() -> None:
    """Raise EW210 with what to install when PySpark is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        raise PipelineError("PySpark is not installed", code="EW210") from e


def session(master: str | None = None, *, quiet: bool = False, conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session for eventwire (``master`` None: whatever spark-submit configured).

    On a local master the Python workers run this interpreter (its venv holds eventwire and the
    model), unless ``PYSPARK_PYTHON`` says otherwise.
    """
    require_pyspark()
    import os

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("eventwire")
    if master:
        builder = builder.master(master)
    settings = {
        # Arrow batches of at most 256 documents: the reading step holds whole files per row.
        "spark.sql.execution.arrow.maxRecordsPerBatch": "256",
        "spark.ui.showConsoleProgress": "false" if quiet else "true",
    }
    if (master or "").startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # PySpark takes the workers' interpreter from this variable when the context starts.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        with _arrow_only():
            spark = builder.getOrCreate()
    except Exception as e:  # no Java, wrong Java: Py4J says so in its own words
        raise PipelineError(f"cannot start Spark: {type(e).__name__}: {e}", code="EW210") from e
    if quiet:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


@contextmanager
def _arrow_only() -> Iterator[None]:
    # mapInArrow never converts to pandas; PySpark's pandas-version notice does not apply here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*PySpark does not yet fully support pandas.*")
        yield


# -- reading -------------------------------------------------------------------------------------------


def read_items(spark: SparkSession, inputs: Sequence[str]) -> DataFrame:
    """Input documents (:data:`ITEM_SCHEMA` rows) from files, directories, globs and ``.parquet`` tables.

    Files are read whole (``binaryFile``) and split into documents by eventwire's own reading
    rules; a Parquet input (a path ending in ``.parquet``) is read row by row, its rows holding the
    JSONL input fields (``text`` or ``html``, ``url``, ``title``, ``published``, ``source``, ``id``).
    """
    from pyspark.sql import functions as F

    frames: list[DataFrame] = []
    missing: list[Skipped] = []
    for arg in inputs:
        kind = _path_kind(spark, arg)
        if kind == "missing":
            detail = "no file matches this glob" if any(c in arg for c in "*?[") else "no such file or directory"
            missing.append(Skipped.from_error(InputError(detail, code="EW101", path=arg)))
        elif arg.rstrip("/").lower().endswith(".parquet"):
            table = spark.read.parquet(arg)
            have = set(table.columns)
            cols = [
                (F.col(f"`{c}`") if c in have else F.lit(None)).cast("string").alias(c)
                for c in ("text", "html", "url", "title", "published", "source", "id")
            ]
            rows = table.select(
                *cols, F.col("_metadata.file_path").alias("_path"), F.col("_metadata.row_index").alias("_row")
            )
            with _arrow_only():
                frames.append(rows.mapInArrow(_rows_to_items, _spark_schema(ITEM_SCHEMA)))
        else:
            files = (
                spark.read.format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(arg)
                .select("path", "content")
            )
            unlisted = _unlisted_files(spark, arg)
            if unlisted:
                files = files.unionByName(spark.createDataFrame(unlisted, "path string, content binary"))
            with _arrow_only():
                frames.append(
                    files.mapInArrow(partial(_files_to_items, from_walk=kind != "file"), _spark_schema(ITEM_SCHEMA))
                )
    if missing:
        found = [tuple(item_row(s).get(name) for name in ITEM_SCHEMA.names) for s in missing]
        frames.append(spark.createDataFrame(found, _spark_schema(ITEM_SCHEMA)))
    if not frames:
        return spark.createDataFrame([], _spark_schema(ITEM_SCHEMA))
    out = frames[0]
    for f in frames[1:]:
        out = out.unionByName(f)
    return out


def _path_kind(spark: SparkSession, arg: str) -> str:
    """``file``, ``dir`` (or a glob) or ``missing``, asked of the Hadoop file system that holds ``arg``."""
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    path = jvm.org.apache.hadoop.fs.Path(arg)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    matches = fs.globStatus(path)
    if matches is None or len(matches) == 0:
        return "missing"
    if (
        len(matches) == 1
        and matches[0].isFile()
        and str(matches[0].getPath().toUri().getPath()) == str(path.toUri().getPath())
    ):
        return "file"
    return "dir"


def _unlisted_files(spark: SparkSession, arg: str) -> list[tuple[str, bytes]]:
    """Files under ``arg`` a local walk reads but Spark's file listing leaves out, with their bytes.

    Spark (like Hadoop) treats names starting with ``_`` as metadata and never lists them, even
    when named; eventwire reads them (only ``.`` names are hidden). The few there are are read
    here, on the driver, so no input is lost.
    """
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    out: list[tuple[str, bytes]] = []
    for status in (
        jvm.org.apache.hadoop.fs.Path(arg).getFileSystem(conf).globStatus(jvm.org.apache.hadoop.fs.Path(arg)) or []
    ):
        root = status.getPath()
        fs = root.getFileSystem(conf)
        files = fs.listFiles(root, True)
        base = root.toUri().getPath().rstrip("/")
        while files.hasNext():
            path = files.next().getPath()
            rel = path.toUri().getPath()[len(base) :].strip("/")
            parts = [p for p in rel.split("/") if p] or [path.getName()]
            if any(p.startswith(".") for p in parts) or not any(p.startswith("_") for p in parts):
                continue
            stream = fs.open(path)
            try:
                data = bytes(jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
            finally:
                stream.close()
            out.append((path.toString(), data))
    return out


def _files_to_items(batches: Iterator[pa.RecordBatch], *, from_walk: bool) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        items: list[Source | Skipped] = []
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist(), strict=True):
            items.extend(sources_from_bytes(origin_of(path), content, from_walk=from_walk))
        yield item_batch(items)


def _rows_to_items(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        items = [source_from_fields(row, origin_of(row["_path"]), int(row["_row"]) + 1) for row in batch.to_pylist()]
        yield item_batch(items)


# -- the pipeline per partition --------------------------------------------------------------------------

_CHECKED: dict[tuple[PipelineConfig, str], None] = {}


def check_digest(config: PipelineConfig, expected: str) -> None:
    """Fail with EW209 when this process's knowledge digest differs from the driver's (``expected``)."""
    if (config, expected) in _CHECKED:
        return
    mine = adapter.knowledge_digest(config)
    if mine != expected:
        import socket

        raise PipelineError(
            f"executor on {socket.gethostname()} has knowledge digest {mine}, the driver has {expected}: "
            "its eventwire, model or knowledge files differ and would give other records",
            code="EW209",
        )
    _CHECKED[(config, expected)] = None


def process_partition(
    batches: Iterator[pa.RecordBatch], *, config: PipelineConfig, digest: str
) -> Iterator[pa.RecordBatch]:
    """The mapInArrow function: check the digest, then one result row per input item.

    Yields one Arrow batch per pipeline batch (``config.batch_size`` documents), so output streams.
    """
    check_digest(config, digest)
    for batch in batches:
        items = [item_from_row(r) for r in batch.to_pylist()]
        for start in range(0, len(items), config.batch_size):
            chunk = items[start : start + config.batch_size]
            done = iter(adapter.process_sources(config, [i for i in chunk if isinstance(i, Source)]))
            rows: list[dict[str, Any]] = []
            for item in chunk:
                origin, line = (item.input, item.line) if isinstance(item, Skipped) else (item.origin, item.line)
                result = item if isinstance(item, Skipped) else next(done)
                if isinstance(result, Skipped):
                    rows.append({"origin": result.input, "line": result.line, **_dead_letter(result)})
                else:
                    rows.append(
                        {"origin": origin, "line": line, "article_id": result.id, "record": adapter.record_json(result)}
                    )
            yield pa.RecordBatch.from_pylist(rows, schema=RESULT_SCHEMA)


def _dead_letter(s: Skipped) -> dict[str, Any]:
    return {"code": s.code, "reason": s.reason, "message": s.message}


PACKED_SCHEMA = pa.schema([("table", pa.string()), ("rows", pa.int64()), ("ipc", pa.binary())])
"""A partition's rows of one record table, as an Arrow IPC stream (all tables made in one pass)."""


def _pack_tables(batches: Iterator[pa.RecordBatch], *, extractor: str) -> Iterator[pa.RecordBatch]:
    """Every table's rows for a partition of results (one per article id, and dead-letter entries)."""
    results: list[Any] = []
    for batch in batches:
        for row in batch.to_pylist():
            if row["code"] is not None:
                results.append(
                    Skipped(
                        input=row["origin"],
                        line=row["line"],
                        code=row["code"],
                        reason=row["reason"],
                        message=row["message"],
                    )
                )
            else:
                results.append(from_json(row["record"]))
    if not results:
        return
    yield _packed(adapter.record_tables(results, extractor))


def _packed(tables: dict[str, pa.Table]) -> pa.RecordBatch:
    """One :data:`PACKED_SCHEMA` row per non-empty table."""
    packed: dict[str, list[Any]] = {"table": [], "rows": [], "ipc": []}
    for name, table in tables.items():
        if table.num_rows:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            packed["table"].append(name)
            packed["rows"].append(table.num_rows)
            packed["ipc"].append(sink.getvalue().to_pybytes())
    return pa.RecordBatch.from_pydict(packed, schema=PACKED_SCHEMA)


def _unpack_table(batches: Iterator[pa.RecordBatch], *, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        for blob in batch.column("ipc").to_pylist():
            yield from pa.ipc.open_stream(blob).read_all().cast(schema).to_batches()


# -- a whole run ----------------------------------------------------------------------------------------


def extract(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    *,
    partitions: int | None = None,
    config: PipelineConfig | None = None,
    expected_digest: str | None = None,
    process: PartitionFn = process_partition,
) -> SparkReport:
    """Extract every document under ``inputs`` and write the record tables under ``output``.

    ``output/<table>/`` for each of :data:`spark_adapter.TABLES`, replaced if present.
    ``expected_digest`` defaults to the driver's own knowledge digest; ``process`` is the partition
    function (tests wrap it to kill a task).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.storagelevel import StorageLevel

    started = time.perf_counter()
    config = config or adapter.pipeline_config()
    digest = expected_digest or adapter.knowledge_digest(config)
    extractor = adapter.extractor_identity(config)
    n = partitions or max(1, spark.sparkContext.defaultParallelism * 2)
    report = SparkReport(output=output.rstrip("/"), digest=digest, extractor=extractor, partitions=n)

    items = read_items(spark, inputs).repartition(n, "origin", "line")
    with _arrow_only():
        results = items.mapInArrow(partial(process, config=config, digest=digest), _spark_schema(RESULT_SCHEMA))
    results = results.persist(StorageLevel.DISK_ONLY)
    try:
        # Several inputs may hold the same text (same id): keep the first in local walk order
        # (path components, then line), as a local ingest keeps the first it stores.
        order = Window.partitionBy("article_id").orderBy(F.split("origin", "/").asc(), F.col("line").asc_nulls_first())
        articles = (
            results.filter(F.col("code").isNull())
            .repartition(n, "article_id")
            .withColumn("_rank", F.row_number().over(order))
            .filter(F.col("_rank") == 1)
            .drop("_rank")
            .persist(StorageLevel.DISK_ONLY)
        )
        dead = results.filter(F.col("code").isNotNull())
        with _arrow_only():
            packed = (
                articles.unionByName(dead)
                .mapInArrow(partial(_pack_tables, extractor=extractor), _spark_schema(PACKED_SCHEMA))
                .persist(StorageLevel.DISK_ONLY)
            )
        try:
            counts = {r["table"]: int(r["n"]) for r in packed.groupBy("table").agg(F.sum("rows").alias("n")).collect()}
            schemas, keys = adapter.table_schemas(), adapter.table_keys()
            for name in adapter.TABLES:
                report.rows[name] = counts.get(name, 0)
                _write_table(
                    spark, packed, name, f"{report.output}/{name}", schemas[name], keys[name], empty=name not in counts
                )
            report.duplicates = results.filter(F.col("code").isNull()).count() - report.articles
        finally:
            packed.unpersist()
            articles.unpersist()
    except Exception as e:
        raise _task_error(e) from e
    finally:
        results.unpersist()
    report.seconds = time.perf_counter() - started
    return report


def _write_table(
    spark: SparkSession,
    packed: DataFrame,
    name: str,
    path: str,
    schema: pa.Schema,
    key: Sequence[str],
    *,
    empty: bool,
) -> None:
    """Write table ``name``'s rows out of ``packed`` (persisted) to ``path``, replacing it.

    A table without rows still gets one (empty) file, so readers find the table and its schema.
    """
    from pyspark.sql import functions as F

    if empty:
        rows = spark.createDataFrame([], _spark_schema(schema)).coalesce(1)
    else:
        with _arrow_only():
            rows = packed.filter(F.col("table") == name).mapInArrow(
                partial(_unpack_table, schema=schema), _spark_schema(schema)
            )
    rows.sortWithinPartitions(*key).write.mode("overwrite").parquet(path)


def _task_error(e: Exception) -> Exception:
    """A coded eventwire error raised inside a task, as the driver's exception (else ``e``)."""
    text = str(e)
    for code in ("EW209",):
        for line in text.splitlines():
            if f"[{code}]" in line and "PipelineError" in line:
                detail = line.split("PipelineError:", 1)[1].strip()
                detail = detail.split(f" [{code}]", 1)[0]
                return PipelineError(detail, code=code)
    return e


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


# -- linking ------------------------------------------------------------------------------------------


@dataclass
class LinkReport:
    """What a Spark link run wrote."""

    output: str
    articles: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    """Rows written per linking table."""
    seconds: float = 0.0


def link_partition(
    batches: Iterator[pa.RecordBatch], *, config: PipelineConfig, digest: str, batch_size: int = LINK_BATCH
) -> Iterator[pa.RecordBatch]:
    """The mapInArrow function of ``spark link``: the local linker over one date-sorted partition.

    Input rows are ``record`` (article JSON) in link order; output is :data:`PACKED_SCHEMA` rows of
    the linking tables, each chunk holding rows that are final (``run.link_stream``).
    """
    check_digest(config, digest)

    def articles() -> Iterator[Any]:
        for batch in batches:
            for record in batch.column("record").to_pylist():
                yield from_json(record)

    for chunk in link_stream(articles(), linker=adapter.make_linker(config), batch_size=batch_size):
        if chunk:
            yield _packed(
                {
                    name: adapter.link_arrow(name, rows, chunk.seqs.get(name), chunk.extra.get(name))
                    for name, rows in chunk.rows.items()
                }
            )


def link(
    spark: SparkSession,
    output: str,
    *,
    config: PipelineConfig | None = None,
    expected_digest: str | None = None,
    batch_size: int = LINK_BATCH,
    process: PartitionFn = link_partition,
) -> LinkReport:
    """Link the articles of a Spark output folder across reports; write the linking tables beside them.

    Reads ``output/articles/`` and writes ``output/<table>/`` for each of
    :func:`spark_adapter.link_tables` (replaced if present), with the rows the local linker gives for
    the same articles. The linker is sequential over publication order (each article's links depend
    on every earlier one), so the articles are sorted by the linker's own order rule and linked in ONE
    task with bounded working state; see docs/spark.md ("Linking") for the cost and what it means
    at archive scale. ``batch_size`` is the articles per ``Linker.link`` call (the rows do not
    depend on it; each call's final rows leave the task as one chunk).
    """
    from pyspark.sql import functions as F
    from pyspark.storagelevel import StorageLevel

    started = time.perf_counter()
    config = config or adapter.pipeline_config()
    digest = expected_digest or adapter.knowledge_digest(config)
    report = LinkReport(output=output.rstrip("/"))
    articles = _read_articles(spark, report.output)
    # One partition, sorted as link_stream.link_order sorts: dated first by (published, id), then undated.
    ordered = (
        articles.select("id", "published", "record")
        .repartition(1)
        .sortWithinPartitions(F.col("published").isNull().asc(), F.col("published").asc(), F.col("id").asc())
    )
    with _arrow_only():
        packed = ordered.mapInArrow(
            partial(process, config=config, digest=digest, batch_size=batch_size), _spark_schema(PACKED_SCHEMA)
        ).persist(StorageLevel.DISK_ONLY)
    try:
        counts = {r["table"]: int(r["n"]) for r in packed.groupBy("table").agg(F.sum("rows").alias("n")).collect()}
        for name, table in adapter.link_tables().items():
            report.rows[name] = counts.get(name, 0)
            _write_table(
                spark,
                packed,
                name,
                f"{report.output}/{name}",
                table.arrow_schema(),
                table.key,
                empty=name not in counts,
            )
        report.articles = report.rows.get("article_links", 0)
    except Exception as e:
        raise _task_error(e) from e
    finally:
        packed.unpersist()
    report.seconds = time.perf_counter() - started
    return report


def _read_articles(spark: SparkSession, output: str) -> DataFrame:
    """``output/articles/`` as a DataFrame; EW308 when ``output`` holds no articles table."""
    path = f"{output}/articles"
    if _path_kind(spark, path) == "missing":
        raise StoreError("not an eventwire Parquet folder: no articles/ table", code="EW308", path=output)
    return spark.read.parquet(path)


__all__ = [
    "DEFAULT_MASTER",
    "RESULT_SCHEMA",
    "LinkReport",
    "SparkReport",
    "check_digest",
    "extract",
    "link",
    "link_partition",
    "process_partition",
    "read_items",
    "require_pyspark",
    "session",
]
