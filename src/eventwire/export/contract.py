"""Exports of the record contract: the records as JSONL, the flat event rows as CSV.

(Parquet, the store's tables, is :mod:`.parquet`.)
"""

from __future__ import annotations

from typing import IO

from ..store.store import Store
from .base import TextExporter, write_csv


class JsonlExporter(TextExporter):
    """One Article record per line, exactly as stored (re-readable with ``eventwire.from_json``)."""

    description = "records, one Article JSON per line"

    def write(self, store: Store, fh: IO[str]) -> int:
        n = 0
        for text in store.iter_record_json():
            fh.write(text + "\n")
            n += 1
        return n


class CsvEventsExporter(TextExporter):
    """Flat event rows: the columns of ``eventwire query events`` (:class:`~eventwire.store.rows.EventRow`)."""

    description = "flat event rows (the columns of `query events`)"

    def write(self, store: Store, fh: IO[str]) -> int:
        selection = store.select("events")
        rows = (row.values() for batch in selection.batches() for row in batch.to_pylist())
        return write_csv(fh, selection.columns, rows)


JSONL = JsonlExporter()
CSV = CsvEventsExporter()

__all__ = ["CSV", "JSONL", "CsvEventsExporter", "JsonlExporter"]
