"""The DuckDB store: tables derived from the record contract, idempotent resumable ingest,
the analyst's queries and numbered migrations.

>>> import eventwire                                   # doctest: +SKIP
>>> db = eventwire.open("eventwire.duckdb")            # doctest: +SKIP
>>> db.events(type="COERCE", country="POL", since="2021-11-01")   # doctest: +SKIP
"""

from __future__ import annotations

from .ingest import IngestReport, extractor_id, fingerprint, ingest
from .migrations import LATEST, MIGRATIONS, migrate
from .query import QUERIES, Filters, build_query, run_query
from .store import DEFAULT_DB, Item, Store, WriteCounts, connect, open_store

__all__ = [
    "DEFAULT_DB",
    "LATEST",
    "MIGRATIONS",
    "QUERIES",
    "Filters",
    "IngestReport",
    "Item",
    "Store",
    "WriteCounts",
    "build_query",
    "connect",
    "extractor_id",
    "fingerprint",
    "ingest",
    "migrate",
    "open_store",
    "run_query",
]
