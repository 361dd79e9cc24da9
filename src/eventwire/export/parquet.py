"""Parquet: every store table as a Parquet dataset, in the layout and schema the Spark runner writes too.

Layout of OUT (a directory)::

    OUT/articles/part-00000.parquet
    OUT/actors/part-00000.parquet
    ...                               one directory per table of :data:`PARQUET_TABLES`
    OUT/dead_letter/part-00000.parquet
    OUT/article_links/part-00000.parquet
    ...                               the linking output tables (``store.links.OUTPUT_TABLES``)

A table is its directory: one or more ``*.parquet`` files (a Spark job writes one per partition,
under any file names), each with exactly :func:`eventwire.store.arrow_schema` of that table — the
record fields, the global ids and the other store columns (docs/store.md, "Tables"). Read a table
with ``pyarrow.dataset.dataset("OUT/events")``, ``pandas.read_parquet("OUT/events")``,
``spark.read.parquet("OUT/events")`` or DuckDB ``SELECT * FROM 'OUT/events/*.parquet'``.
This exporter writes one file per table: record tables in storage order (as ingest wrote them),
linking tables in the order their rows were first written (``seq``; by key where a table has none),
the order ``eventwire spark link`` gives them too. The linker's working state (``link_fingerprints``,
``link_term_counts``, ...) is not exported: it is no data for readers, and ``eventwire link``
rebuilds it from the articles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..store.links import OUTPUT_TABLES
from ..store.store import Store, table_schema
from ..store.tables import all_tables
from .base import Exporter, ExportReport

if TYPE_CHECKING:
    import pyarrow.dataset as ds

RECORD_TABLES = tuple(t.name for t in all_tables())
"""The record tables and ``dead_letter``: what ``eventwire spark extract`` writes."""

LINK_TABLES = OUTPUT_TABLES
"""The linking output tables (stories, copies, event groups, actor entities...): what ``eventwire
spark link`` writes beside the record tables. Empty when the store was never linked."""

PARQUET_TABLES = RECORD_TABLES + LINK_TABLES
"""The tables a Parquet export holds, in order."""

PART = "part-00000.parquet"
"""File name of the one part this exporter writes per table."""

ROWS_PER_BATCH = {"articles": 512}
"""Rows read and written at a time (the articles table carries the text and the record JSON)."""


def table_dir(root: str | Path, name: str) -> Path:
    """The directory of table ``name`` in a Parquet export at ``root``."""
    return Path(root) / name


def dataset(root: str | Path, name: str) -> ds.Dataset:
    """Table ``name`` of a Parquet export (or Spark output) at ``root``, read with its Arrow schema."""
    import pyarrow.dataset as ds  # imports pandas: only when asked for, not with every command

    return ds.dataset(table_dir(root, name), format="parquet", schema=table_schema(name))


class ParquetExporter(Exporter):
    """Every table as a Parquet dataset (one directory per table)."""

    description = "the store's tables, one Parquet directory per table (the Spark layout)"
    directory = True

    def export(self, store: Store, out: Path) -> ExportReport:
        import pyarrow.parquet as pq

        if out.exists() and not out.is_dir():
            raise StoreError(f"{out} is a file; parquet export writes a directory (one per table)", code="EW303")
        report = ExportReport()
        for name in PARQUET_TABLES:
            folder = table_dir(out, name)
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.parquet"):  # a table is all its parts: drop an earlier export's
                old.unlink()
            target = folder / PART
            with pq.ParquetWriter(target, table_schema(name)) as writer:
                for batch in store.table_batches(name, size=ROWS_PER_BATCH.get(name, 16384)):
                    writer.write_batch(batch)
                    report.rows += batch.num_rows
            report.files.append(str(target))
        return report


PARQUET = ParquetExporter()

__all__ = [
    "LINK_TABLES",
    "PARQUET",
    "PARQUET_TABLES",
    "PART",
    "RECORD_TABLES",
    "ParquetExporter",
    "dataset",
    "table_dir",
]
