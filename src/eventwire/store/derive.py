"""Records in, store rows out as Arrow: the rows a batch write stores, without a database file.

The batch writer (:meth:`Store.write_batch`) and this function run the same SQL (:mod:`.tables`)
over the same input, so the Arrow tables here hold exactly the rows the store would hold, in the
schema ``eventwire export --format parquet`` writes. A runner that writes Parquet itself (the Spark
runner, per partition) calls :func:`derive_tables` and gets output identical to a local ingest's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import duckdb
import pyarrow as pa

from ..errors import Skipped
from ..records import Article
from .tables import PARSED, dead_letter_table, insert_sql, parse_sql, plain, quote, record_tables

BATCH_SCHEMA = pa.schema([("id", pa.string()), ("extractor", pa.string()), ("record", pa.string())])
"""What the writer parses: article id, extractor and the record JSON (``records.to_json``)."""


def record_batch(articles: Sequence[Article], extractor: str) -> pa.Table:
    """The writer's input for ``articles``: one row per record, the JSON made once."""
    return pa.table(
        {
            "id": [a.id for a in articles],
            "extractor": [extractor] * len(articles),
            "record": [json.dumps(plain(a), ensure_ascii=False) for a in articles],  # == records.to_json(a)
        },
        schema=BATCH_SCHEMA,
    )


def write_rows(con: duckdb.DuckDBPyConnection, batch: pa.Table, *, prefix: str = "") -> None:
    """Insert the rows of every record table derived from ``batch`` (see :data:`BATCH_SCHEMA`) on ``con``.

    Tables are ``<prefix><name>``; the connection's transaction (if any) is the caller's.
    """
    con.register("_ew_batch", batch)
    try:
        con.execute(parse_sql("_ew_batch"))  # parse each record once; every table derives from it
        for t in record_tables():
            con.execute(insert_sql(t, prefix + t.name))
        con.execute(f"DROP TABLE {PARSED}")
    finally:
        con.unregister("_ew_batch")


def derive_tables(results: Iterable[Article | Skipped], *, extractor: str) -> dict[str, pa.Table]:
    """Every store table's rows for ``results`` as Arrow tables (schemas: :func:`~.tables.arrow_schema`).

    Articles give the record tables, Skipped entries the dead-letter table; rows come in the order
    a store writes them (articles in input order, each article's child rows together in ``ordinal``
    order). Duplicate article ids are kept once (the first), as the store does.
    """
    articles: list[Article] = []
    seen: set[str] = set()
    dead: list[Skipped] = []
    for r in results:
        if isinstance(r, Skipped):
            dead.append(r)
        elif r.id not in seen:
            seen.add(r.id)
            articles.append(r)
    con = duckdb.connect(":memory:")
    try:
        for t in record_tables():
            con.execute(t.ddl())
        if articles:
            write_rows(con, record_batch(articles, extractor))
        out = {}
        for t in record_tables():
            out[t.name] = con.sql(f"SELECT * FROM {quote(t.name)}").to_arrow_table().cast(t.arrow_schema())
    finally:
        con.close()
    dl = dead_letter_table()
    columns = {c.name: [getattr(s, c.name) for s in dead] for c in dl.columns}
    out[dl.name] = pa.table(columns, schema=dl.arrow_schema())
    return out


__all__ = ["BATCH_SCHEMA", "derive_tables", "record_batch", "write_rows"]
