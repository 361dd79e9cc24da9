"""The DuckDB store: tables derived from the record contract, idempotent resumable ingest,
the analyst's queries and numbered migrations.

>>> import eventwire                                   # doctest: +SKIP
>>> db = eventwire.open("eventwire.duckdb")            # doctest: +SKIP
>>> db.events(type="COERCE", country="POL", since="2021-11-01")   # doctest: +SKIP
>>> page = db.page("events", country="POL", limit=50)             # doctest: +SKIP
>>> db.select("events", country="POL").arrow()                    # doctest: +SKIP
"""

from __future__ import annotations

from .derive import derive_tables
from .ids import global_id, split_global_id
from .ingest import IngestReport, extractor_id, fingerprint, ingest
from .migrations import LATEST, MIGRATIONS, migrate
from .query import QUERIES, Filters, Page, Selection, build_query, run_query
from .rows import ActorRow, ArticleRow, EventRow, FigureRow, PlaceRow, QuoteRow, SkippedRow, row_schema
from .store import DEFAULT_DB, Item, Store, WriteCounts, connect, open_store
from .tables import arrow_schema, arrow_schemas

__all__ = [
    "DEFAULT_DB",
    "LATEST",
    "MIGRATIONS",
    "QUERIES",
    "ActorRow",
    "ArticleRow",
    "EventRow",
    "FigureRow",
    "Filters",
    "IngestReport",
    "Item",
    "Page",
    "PlaceRow",
    "QuoteRow",
    "Selection",
    "SkippedRow",
    "Store",
    "WriteCounts",
    "arrow_schema",
    "arrow_schemas",
    "build_query",
    "connect",
    "derive_tables",
    "extractor_id",
    "fingerprint",
    "global_id",
    "ingest",
    "migrate",
    "open_store",
    "row_schema",
    "run_query",
    "split_global_id",
]
