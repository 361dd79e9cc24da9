"""Exports of a store: the record contract (JSONL, CSV, Parquet) and the neighbours' formats
(PLOVER JSONL, ACLED-style CSV). See docs/exports.md for every field and mapping.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..store.query import Filters, run_query
from ..store.store import Store
from ..store.tables import quote, record_tables
from . import acled, plover


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    """One Article record per line (re-readable with ``eventwire.from_json``)."""
    csv = "csv"
    """Flat event rows (the columns of ``eventwire query events``)."""
    parquet = "parquet"
    """A directory with one Parquet file per table."""
    plover = "plover"
    """PLOVER JSONL, one event per line."""
    acled = "acled"
    """ACLED-style CSV, one asserted or claimed event per row."""


@dataclass
class ExportReport:
    rows: int = 0
    """Lines / rows written (for parquet: rows over all tables)."""
    files: list[str] = field(default_factory=list)


PARQUET_TABLES = ("articles", "actors", "events", "quotes", "quantities", "places", "contradictions", "dead_letter")


def export(store: Store, fmt: ExportFormat | str, out: str | Path) -> ExportReport:
    """Write the store's contents to ``out`` in ``fmt``; returns what was written."""
    fmt = ExportFormat(fmt)
    out = Path(out)
    if fmt is ExportFormat.parquet:
        return _parquet(store, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = ExportReport(files=[str(out)])
    with out.open("w", encoding="utf-8", newline="") as fh:
        if fmt is ExportFormat.jsonl:
            cur = store.cursor()
            try:
                cur.execute("SELECT record FROM articles ORDER BY id")
                while rows := cur.fetchmany(500):
                    for (text,) in rows:
                        fh.write(text + "\n")
                        report.rows += 1
            finally:
                cur.close()
        elif fmt is ExportFormat.csv:
            report.rows = write_csv(fh, *_query_rows(store, "events"))
        elif fmt is ExportFormat.plover:
            for article in store.iter_articles():
                for rec in plover.event_records(article):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    report.rows += 1
        else:
            acled_rows = (row for article in store.iter_articles() for row in acled.event_rows(article))
            report.rows = write_csv(fh, list(acled.COLUMNS), ([r[c] for c in acled.COLUMNS] for r in acled_rows))
    return report


def _query_rows(store: Store, what: str) -> tuple[list[str], Iterator[list[Any]]]:
    cur = store.cursor()
    res = run_query(cur, what, Filters())
    columns = [d[0] for d in res.description or []]

    def rows() -> Iterator[list[Any]]:
        try:
            while batch := res.fetchmany(1000):
                for r in batch:
                    yield list(r)
        finally:
            cur.close()

    return columns, rows()


def csv_value(v: Any) -> str:
    """How a value is written to CSV: empty for null, true/false, numbers as Python prints them."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_csv(fh: Any, columns: list[str], rows: Iterable[list[Any]]) -> int:
    """Write a header and rows to an open file; returns the number of rows."""
    w = csv.writer(fh)
    w.writerow(columns)
    n = 0
    for r in rows:
        w.writerow([csv_value(v) for v in r])
        n += 1
    return n


def _parquet(store: Store, out: Path) -> ExportReport:
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out} is a file; parquet export writes a directory (one file per table)", code="EW303")
    out.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    keys = {t.name: t.key for t in record_tables()}
    for name in PARQUET_TABLES:
        order = ", ".join(quote(k) for k in keys.get(name, ("input", "line", "code")))
        target = out / f"{name}.parquet"
        path_sql = str(target).replace("'", "''")
        store.con.execute(f"COPY (SELECT * FROM {quote(name)} ORDER BY {order}) TO '{path_sql}' (FORMAT parquet)")
        row = store.con.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()
        report.rows += int(row[0]) if row else 0
        report.files.append(str(target))
    return report


__all__ = ["PARQUET_TABLES", "ExportFormat", "ExportReport", "csv_value", "export", "write_csv"]
