"""Every point where the Spark runner touches the core pipeline and the store, in one place.

The Spark runner (``run.spark``) never calls the pipeline, the store or the record tables directly:
it calls the functions here. When the core's batch function, knowledge value and extractor identity
or the store's Arrow schema change, only this module is re-pointed. Nothing here imports PySpark,
so it is importable (and tested) without the ``spark`` extra.

What it provides:

- :func:`worker_pipeline` / :func:`process_sources`: build the pipeline once per Python worker
  (cached by config; never pickled from the driver) and run one batch of Sources through it.
- :func:`knowledge_digest`: what the records depend on besides the code's input (code version,
  model and its version, stages, options, every knowledge file, user knowledge, gazetteer sources).
- :func:`extractor_identity`: the ``extractor`` column, as a local ingest writes it.
- :func:`table_schemas` / :func:`record_tables`: the record tables as Arrow, made by the same
  DuckDB code that fills a local store, so the Parquet files have the columns, types and values
  of ``eventwire export --format parquet``.
- :func:`load_parquet_dir`: put a Spark output folder into a DuckDB store (for ``eventwire ingest``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from pathlib import Path

import pyarrow as pa

from ..errors import Skipped, StoreError
from ..export import PARQUET_TABLES
from ..pipeline import Pipeline, PipelineConfig
from ..read import Source
from ..records import Article
from ..store.ingest import extractor_id
from ..store.store import Item, Store, open_store
from ..store.tables import quote
from ..store.tables import record_tables as _record_tables

TABLES: tuple[str, ...] = PARQUET_TABLES
"""The tables a run writes, in the order ``eventwire export --format parquet`` writes them."""

DEAD_LETTER = "dead_letter"

# -- the pipeline -----------------------------------------------------------------------------------

_PIPELINES: dict[PipelineConfig, Pipeline] = {}


def pipeline_config(published: str | None = None) -> PipelineConfig:
    """The configuration a run uses (today: the default stages and model, ``--published``)."""
    return PipelineConfig(published=published)


def worker_pipeline(config: PipelineConfig) -> Pipeline:
    """The pipeline for ``config`` in this process, built on first use and kept.

    Spark reuses its Python workers across tasks, so the model and knowledge load once per worker.
    """
    pipe = _PIPELINES.get(config)
    if pipe is None:
        pipe = _PIPELINES[config] = Pipeline(config)
    return pipe


def process_sources(config: PipelineConfig, sources: Iterable[Source]) -> list[Article | Skipped]:
    """One result per Source, in order; a bad document becomes a Skipped entry (policy ``record``)."""
    pipe = worker_pipeline(config)
    out: list[Article | Skipped] = []
    it = iter(sources)
    while batch := list(islice(it, config.batch_size)):
        out.extend(pipe.process_batch(batch, "record"))
    return out


# -- identity -----------------------------------------------------------------------------------------


def extractor_identity(config: PipelineConfig) -> str:
    """The ``extractor`` column of ``articles`` (what a local ingest with ``config`` writes)."""
    return extractor_id(config)


def knowledge_digest(config: PipelineConfig) -> str:
    """The extractor identity of ``config`` in this process (code version, model and its version,
    stages, options and the knowledge digest: every shipped and user knowledge file and the
    gazetteer's fingerprint). Two processes with the same value make the same records from the same
    input; an executor whose value differs from the driver's refuses to run (EW209)."""
    return extractor_id(config)


def _dist_version(module: str) -> str:
    try:
        return version(module)
    except PackageNotFoundError:
        return "<not installed>"


@cache
def _shipped_knowledge_digest() -> bytes:
    h = hashlib.sha256()
    root = resources.files("eventwire") / "knowledge"
    for path in sorted(_walk(Path(str(root))), key=lambda p: p.as_posix()):
        rel = path.relative_to(Path(str(root))).as_posix()
        h.update(rel.encode() + b"\x00" + path.read_bytes() + b"\x00")
    return h.digest()


def _walk(root: Path) -> Iterable[Path]:
    for p in root.rglob("*"):
        if p.is_file() and "__pycache__" not in p.parts:
            yield p


def _file_digest(path: Path) -> bytes:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.digest()


# -- the record tables ---------------------------------------------------------------------------------


def table_keys() -> dict[str, tuple[str, ...]]:
    """The sort key of each table (the order ``export --format parquet`` writes rows in)."""
    keys = {t.name: t.key for t in _record_tables()}
    return {name: keys.get(name, ("input", "line", "code")) for name in TABLES}


@cache
def table_schemas() -> dict[str, pa.Schema]:
    """Arrow schema of each table, as a local store exports it."""
    with open_store(":memory:") as store:
        return {name: store.con.sql(f"SELECT * FROM {quote(name)} LIMIT 0").to_arrow_table().schema for name in TABLES}


def record_tables(
    results: Sequence[Article | Skipped], extractor: str, names: Sequence[str] = TABLES
) -> dict[str, pa.Table]:
    """The rows ``results`` give in the tables ``names``, made by the store's own insert code.

    Articles must have distinct ids (the runner keeps one record per id first).
    """
    with open_store(":memory:") as store:
        store.write_batch([Item(r) for r in results], extractor=extractor)
        return {name: store.con.sql(f"SELECT * FROM {quote(name)}").to_arrow_table() for name in names}


def record_json(article: Article) -> str:
    """The record JSON as the store keeps it (``records.to_json``, without indentation)."""
    from ..store.tables import plain

    return json.dumps(plain(article), ensure_ascii=False)


# -- loading a Spark output folder into a store ---------------------------------------------------------


def load_parquet_dir(store: Store, folder: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Add the tables of a Spark (or ``export --format parquet``) output folder to ``store``.

    Idempotent like an ingest: an article whose id is stored already is left as it is (with its
    rows in the child tables) unless ``replace``; dead-letter rows replace those of the same input
    and line. Returns the rows added per table. One transaction: all or nothing.
    """
    root = Path(folder)
    missing = [n for n in TABLES if not (root / f"{n}.parquet").exists()]
    if missing:
        raise StoreError(
            f"{root} is not an eventwire Parquet folder: no {', '.join(f'{n}.parquet' for n in missing)}", code="EW303"
        )

    def source(name: str) -> str:
        path = root / f"{name}.parquet"
        pattern = path / "**" / "*.parquet" if path.is_dir() else path
        return "read_parquet(" + "'" + str(pattern).replace("'", "''") + "')"

    con = store.con
    added: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE TEMP TABLE _ew_new AS SELECT id FROM {source('articles')}")
        if replace:
            for t in _record_tables():
                col = "id" if t.record_field is None else "article_id"
                con.execute(f"DELETE FROM {quote(t.name)} WHERE {quote(col)} IN (SELECT id FROM _ew_new)")
        else:
            con.execute("DELETE FROM _ew_new WHERE id IN (SELECT id FROM articles)")
        for t in _record_tables():
            col = "id" if t.record_field is None else "article_id"
            row = con.execute(
                f"INSERT INTO {quote(t.name)} BY NAME SELECT * FROM {source(t.name)} "
                f"WHERE {quote(col)} IN (SELECT id FROM _ew_new)"
            ).fetchone()
            added[t.name] = int(row[0]) if row else 0
        dl = source(DEAD_LETTER)
        con.execute(
            f"DELETE FROM dead_letter WHERE EXISTS (SELECT 1 FROM {dl} n "
            "WHERE n.input = dead_letter.input AND n.line IS NOT DISTINCT FROM dead_letter.line)"
        )
        row = con.execute(f"INSERT INTO dead_letter BY NAME SELECT * FROM {dl}").fetchone()
        added[DEAD_LETTER] = int(row[0]) if row else 0
        con.execute("DROP TABLE _ew_new")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return added


__all__ = [
    "DEAD_LETTER",
    "TABLES",
    "extractor_identity",
    "knowledge_digest",
    "load_parquet_dir",
    "pipeline_config",
    "process_sources",
    "record_json",
    "record_tables",
    "table_keys",
    "table_schemas",
    "worker_pipeline",
]
