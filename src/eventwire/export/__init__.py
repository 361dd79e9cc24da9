"""Exports of a store: the record contract (JSONL, CSV, Parquet) and the neighbours' formats
(PLOVER JSONL, ACLED-style CSV). See docs/exports.md for every field and mapping.

Every format is an :class:`Exporter` registered under the entry-point group
``eventwire.exporters`` (the built-ins in eventwire's ``pyproject.toml``, exactly as an outside
package registers its own); :func:`export` runs the one registered under a name.
"""

from __future__ import annotations

from .base import EXPORTERS, Exporter, ExportReport, TextExporter, csv_value, export, exporter, write_csv
from .parquet import PARQUET_TABLES

__all__ = [
    "EXPORTERS",
    "PARQUET_TABLES",
    "ExportReport",
    "Exporter",
    "TextExporter",
    "csv_value",
    "export",
    "exporter",
    "write_csv",
]
