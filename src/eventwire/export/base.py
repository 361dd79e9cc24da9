"""What an exporter is, and the registry of exporters (entry-point group ``eventwire.exporters``).

An exporter is an object of a subclass of :class:`Exporter`, registered under a name the way every
plugin is (``src/eventwire/registry.py``): the built-ins in eventwire's own ``pyproject.toml``,
an outside package in its own::

    [project.entry-points."eventwire.exporters"]
    geojson = "my_package.export:GEOJSON"      # GEOJSON = GeoJSONExporter()

``eventwire export --format geojson OUT`` then finds it. Exporters read the store only through its
methods (``Store.select(...).batches()``, ``Store.iter_articles()``, ``Store.table_batches()``),
never with SQL of their own. docs/exports.md walks through a complete outside exporter.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import StoreError
from ..registry import Registry, instance_of
from ..store.store import Store


@dataclass
class ExportReport:
    """What an export wrote."""

    rows: int = 0
    """Lines / rows written (for parquet: rows over all tables)."""
    files: list[str] = field(default_factory=list)


class Exporter:
    """Base class of exporters: set :attr:`description`, implement :meth:`export`.

    Most exporters write one text file: subclass :class:`TextExporter` instead and implement
    ``write(store, fh)``.
    """

    description: str = ""
    """One line for ``eventwire export --help``."""
    directory: bool = False
    """True when OUT is a directory the exporter fills (else OUT is one file)."""

    def export(self, store: Store, out: Path) -> ExportReport:
        """Write the store's contents to ``out``; return what was written."""
        raise NotImplementedError


class TextExporter(Exporter):
    """An exporter writing one UTF-8 text file: implement :meth:`write`."""

    def export(self, store: Store, out: Path) -> ExportReport:
        if out.is_dir():
            raise StoreError(f"{out} is a directory; this format writes one file", code="EW303")
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as fh:
            rows = self.write(store, fh)
        return ExportReport(rows=rows, files=[str(out)])

    def write(self, store: Store, fh: IO[str]) -> int:
        """Write the content to the open file; return the number of rows (lines, records) written."""
        raise NotImplementedError


EXPORTERS: Registry[Exporter] = Registry("exporters", instance_of(Exporter))
"""Every registered exporter by name (``eventwire.exporters`` entry points and ``register()``)."""


def exporter(name: str) -> Exporter:
    """The exporter registered as ``name``; StoreError EW306 naming the registered ones if none is."""
    if name not in EXPORTERS:
        raise StoreError(f"no export format {name!r} (registered: {', '.join(EXPORTERS.names())})", code="EW306")
    return EXPORTERS.get(name)


def export(store: Store, fmt: str, out: str | Path) -> ExportReport:
    """Write the store's contents to ``out`` with the exporter registered as ``fmt``."""
    return exporter(str(fmt)).export(store, Path(out))


def csv_value(v: Any) -> str:
    """How a value is written to CSV: empty for null, true/false, numbers as Python prints them."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_csv(fh: IO[str], columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> int:
    """Write a header and rows to an open file; returns the number of rows."""
    w = csv.writer(fh)
    w.writerow(list(columns))
    n = 0
    for r in rows:
        w.writerow([csv_value(v) for v in r])
        n += 1
    return n


__all__ = ["EXPORTERS", "ExportReport", "Exporter", "TextExporter", "csv_value", "export", "exporter", "write_csv"]
