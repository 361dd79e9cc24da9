"""Read-side actor summary (migration 8): actors across articles, pre-counted.

The dashboard's actor list groups every actor row (about 17 per article) by the actor's key — its
knowledge-base id, else its case- and accent-folded name — and counts articles. Grouping millions
of rows per request took seconds, so the writer keeps two small tables exact, in the same
transaction as the rows they summarise (like :mod:`.summaries`):

``actor_counts``
    Per ``key``, actor ``country`` and ``kind``: distinct ``articles``, ``mentions`` and actor
    ``rows``. ``'*'`` in ``country`` or ``kind`` means "any" (a grouping set), ``''`` a missing
    value, so the list with no filter, one country, one kind, or both is a look-up. An article
    counts once per key and set whatever number of rows it has there, so the counts of disjoint
    article sets add up (incremental, exact). Several countries or kinds cannot be summed (an
    article with the actor under two countries would count twice): such filters read the rows.
``actor_forms``
    Per key, each distinct form it was written in (``name``, ``aliases``, ``country``, ``sector``,
    ``kind``) with its ``match_names`` (the store column the ``actor`` filter reads) and the number
    of rows: the actor's spellings, its most frequent name, country, sector and kind, and the
    names an ``actor`` filter searches.

:func:`add_articles` / :func:`remove_articles` keep both exact as articles are written and
replaced; rows reaching zero are deleted; :func:`rebuild` derives them from the ``actors`` table.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

COUNTS = "actor_counts"
FORMS = "actor_forms"
TABLES = (COUNTS, FORMS)
ANY = "*"
"""``country``/``kind`` of the rows that count every value."""

KEY_SQL = "COALESCE(x.kb_id, strip_accents(lower(COALESCE(x.name, ''))))"
"""An actor's key across articles (``x`` = an ``actors`` row): knowledge-base id, else folded name."""

_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {COUNTS} (
  key VARCHAR NOT NULL, country VARCHAR NOT NULL, kind VARCHAR NOT NULL,
  articles BIGINT NOT NULL, mentions BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (key, country, kind))""",
    f"""CREATE TABLE IF NOT EXISTS {FORMS} (
  key VARCHAR NOT NULL, name VARCHAR NOT NULL, aliases VARCHAR NOT NULL, country VARCHAR NOT NULL,
  sector VARCHAR NOT NULL, kind VARCHAR NOT NULL, match_names VARCHAR NOT NULL, n BIGINT NOT NULL,
  PRIMARY KEY (key, name, aliases, country, sector, kind, match_names))""",
)

_SEP = "chr(31)"

_ROWS = f"""SELECT {KEY_SQL} AS key, COALESCE(x.country, '') AS country, lower(COALESCE(x.kind, '')) AS kind,
  COALESCE(x.sector, '') AS sector, COALESCE(x.name, '') AS name,
  array_to_string(list_sort(COALESCE(x.aliases, [])), {_SEP}) AS aliases, COALESCE(x.match_names, '') AS match_names,
  x.article_id, COALESCE(len(x.mentions), 0) AS mentions
FROM actors x WHERE {{scope}}"""


def _counts_delta(scope: str, sign: int) -> str:
    # NULL after a grouping set = "any"; real missing values were made '' above
    return f"""INSERT INTO {COUNTS} BY NAME
SELECT key, COALESCE(country, '{ANY}') AS country, COALESCE(kind, '{ANY}') AS kind,
  {sign} * count(DISTINCT article_id) AS articles, {sign} * sum(mentions)::BIGINT AS mentions, {sign} * count(*) AS n
FROM ({_ROWS.format(scope=scope)}) r
GROUP BY GROUPING SETS ((key), (key, country), (key, kind), (key, country, kind))
ON CONFLICT (key, country, kind) DO UPDATE SET
  articles = articles + EXCLUDED.articles, mentions = mentions + EXCLUDED.mentions, n = n + EXCLUDED.n"""


def _forms_delta(scope: str, sign: int) -> str:
    return f"""INSERT INTO {FORMS} BY NAME
SELECT key, name, aliases, country, sector, kind, match_names, {sign} * count(*) AS n
FROM ({_ROWS.format(scope=scope)}) r GROUP BY ALL
ON CONFLICT (key, name, aliases, country, sector, kind, match_names) DO UPDATE SET n = n + EXCLUDED.n"""


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the actor summary tables (empty) if they do not exist."""
    for ddl in _DDL:
        con.execute(ddl)


def add_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Add the actors of articles whose rows were just written (inside the caller's transaction)."""
    if article_ids:
        ids = sorted(set(article_ids))
        scope = "list_contains($ids, x.article_id)"
        con.execute(_counts_delta(scope, 1), {"ids": ids})
        con.execute(_forms_delta(scope, 1), {"ids": ids})


def remove_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Subtract the actors of stored articles about to be deleted (before their rows are deleted)."""
    if article_ids:
        ids = sorted(set(article_ids))
        scope = "list_contains($ids, x.article_id)"
        con.execute(_counts_delta(scope, -1), {"ids": ids})
        con.execute(_forms_delta(scope, -1), {"ids": ids})
        con.execute(f"DELETE FROM {COUNTS} WHERE n = 0")
        con.execute(f"DELETE FROM {FORMS} WHERE n = 0")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Derive the actor summary tables from the ``actors`` table (all rows).

    A chunk of articles at a time: the counts of disjoint article sets add up, and grouping
    millions of rows at once does not fit the store's memory cap."""
    from .read_side import article_chunks

    create_tables(con)
    for name in TABLES:
        con.execute(f"DELETE FROM {name}")
    scope = "x.article_id > $lo AND x.article_id <= $hi"
    for lo, hi in article_chunks(con):
        con.execute(_counts_delta(scope, 1), {"lo": lo, "hi": hi})
        con.execute(_forms_delta(scope, 1), {"lo": lo, "hi": hi})


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the actor summary (migration 8 applied)."""
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = ?",
        [COUNTS],
    ).fetchall()
    return bool(rows[0][0])


__all__ = [
    "ANY",
    "COUNTS",
    "FORMS",
    "KEY_SQL",
    "TABLES",
    "add_articles",
    "create_tables",
    "has_tables",
    "rebuild",
    "remove_articles",
]
