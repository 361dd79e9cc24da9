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
- :func:`link_tables` / :func:`link_arrow` / :func:`make_linker`: the cross-article linking tables
  (derived from the record types in ``records.py`` by ``store.tables.dataclass_table``, as the store
  derives them) and the linker a ``spark link`` run uses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from pathlib import Path

import pyarrow as pa

from ..errors import Skipped
from ..export.parquet import RECORD_TABLES
from ..knowledge import load_knowledge
from ..link import Linker
from ..pipeline import Pipeline, PipelineConfig
from ..read import Source
from ..records import Article
from ..store.ingest import extractor_id
from ..store.links import OUTPUT_TABLES, link_table
from ..store.parquet_io import load_parquet_dir, record_tables, table_schemas
from ..store.tables import Table, encode
from ..store.tables import record_tables as _record_tables

TABLES: tuple[str, ...] = RECORD_TABLES
"""The record tables a ``spark extract`` run writes, in the order ``eventwire export --format parquet`` writes them
(the linking tables, which ``spark link`` writes, follow them there)."""

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


def record_json(article: Article) -> str:
    """The record JSON as the store keeps it (``records.to_json``, without indentation)."""
    from ..store.tables import plain

    return json.dumps(plain(article), ensure_ascii=False)


# -- cross-article linking ------------------------------------------------------------------------------


def link_tables() -> dict[str, Table]:
    """The linking tables a ``spark link`` run writes, by name: the store's own output tables
    (``store.links``, migration 6, derived from records.py by ``dataclass_table``), store column
    ``seq`` included, so the Parquet files have the shapes of the local store's tables."""
    return {name: link_table(name) for name in OUTPUT_TABLES}


def link_arrow(
    name: str,
    rows: Sequence[object],
    seqs: Sequence[int] | None = None,
    extra: Mapping[str, Sequence[object]] | None = None,
) -> pa.Table:
    """Linking records as rows of table ``name`` (Arrow, the table's schema); ``seqs`` fills the
    store column ``seq`` (first-write order) where the table has one (else it stays null), ``extra``
    the other store columns (``group_members.group_id``)."""
    data = [encode(r) for r in rows]
    if seqs is not None:
        for d, n in zip(data, seqs, strict=True):
            d["seq"] = n
    for column, values in (extra or {}).items():
        for d, v in zip(data, values, strict=True):
            d[column] = v
    return pa.Table.from_pylist(data, schema=link_tables()[name].arrow_schema())


def make_linker(config: PipelineConfig) -> Linker:
    """The linker a run uses: default options and the actor knowledge base, as ``eventwire ingest``
    and ``store.ingest.relink`` make it."""
    return Linker(kb=load_knowledge(config.knowledge, language=config.language).actors)


# -- loading a Spark output folder into a store ---------------------------------------------------------


__all__ = [
    "DEAD_LETTER",
    "TABLES",
    "extractor_identity",
    "knowledge_digest",
    "link_arrow",
    "link_tables",
    "load_parquet_dir",
    "make_linker",
    "pipeline_config",
    "process_sources",
    "record_json",
    "record_tables",
    "table_keys",
    "table_schemas",
    "worker_pipeline",
]
