"""Read-side summary tables (migration 7): where each event happened, and pre-counted events.

The dashboard's map and timeline count events by day, type, country and place. Counting a million
events per request is what made them slow (seconds), so the writer keeps three small tables exact
and up to date, in the same transaction as the rows they summarise:

``event_sites``
    One row per event that can be put on a map: its own ``place`` when that place has coordinates
    (``located_by = 'event'``), else, for an event without a place, the place with coordinates
    named earliest inside the event's evidence sentence (``'sentence'``).
``event_counts``
    Events per ``day`` (event date, else publication date; may be partial, ``2021-11``), PLOVER
    ``type`` and ``country``. ``country = ''`` counts every event once; each country of the actors
    on either side of an event (``events.countries``) gets its own row, so a one-country filter is
    a look-up. Several countries cannot be summed (an event of two countries would count twice):
    such filters read the events table.
``place_counts``
    Events with a site per day, type, country (as above), place and outlet (``articles.source``;
    ``''`` for articles without one, so all of them count as one unknown outlet: counting each such
    article apart would make this table as long as the events table): the map's pins, with the
    number of distinct outlets.

Exact and incremental: :func:`add_articles` adds the counts of newly written articles,
:func:`remove_articles` subtracts those of articles about to be replaced (and drops their sites),
rows that reach zero are deleted; :func:`rebuild` derives all three from the record tables (the
migration, and anything that wrote record tables without the writer). Keys: the counts tables
declare primary keys (upserts); they stay small (days x types x countries x places x outlets), so
DuckDB's in-memory key index does not grow with the corpus the way child-table keys did.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

SITES = "event_sites"
COUNTS = "event_counts"
PLACE_COUNTS = "place_counts"
TABLES = (SITES, COUNTS, PLACE_COUNTS)

_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {SITES} (
  article_id VARCHAR NOT NULL, id VARCHAR NOT NULL, place VARCHAR NOT NULL, located_by VARCHAR NOT NULL,
  name VARCHAR NOT NULL, country VARCHAR NOT NULL, lat DOUBLE NOT NULL, lon DOUBLE NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {COUNTS} (
  day VARCHAR NOT NULL, type VARCHAR NOT NULL, country VARCHAR NOT NULL, date_lo DATE, date_hi DATE,
  n BIGINT NOT NULL, PRIMARY KEY (day, type, country))""",
    f"""CREATE TABLE IF NOT EXISTS {PLACE_COUNTS} (
  day VARCHAR NOT NULL, type VARCHAR NOT NULL, country VARCHAR NOT NULL, name VARCHAR NOT NULL,
  place_country VARCHAR NOT NULL, lat DOUBLE NOT NULL, lon DOUBLE NOT NULL, outlet VARCHAR NOT NULL,
  date_lo DATE, date_hi DATE, n BIGINT NOT NULL,
  PRIMARY KEY (day, type, country, name, place_country, lat, lon, outlet))""",
)


def _sites_sql(scope: str) -> str:
    """The sites of the events of the articles ``scope`` (a condition on ``article_id``) selects."""
    return f"""
WITH ev AS (SELECT article_id, id, place, evidence FROM events WHERE {scope}),
pl AS (SELECT article_id, id, name, country, lat, lon, mentions FROM places
       WHERE {scope} AND lat IS NOT NULL AND lon IS NOT NULL),
sent AS (
  SELECT ev.article_id, ev.id, arg_min(pl.id, pl.mentions[1].start) AS place
  FROM ev JOIN pl ON pl.article_id = ev.article_id
  WHERE ev.place IS NULL
    AND len(list_filter(pl.mentions, lambda m: m.start >= ev.evidence.start AND m."end" <= ev.evidence."end")) > 0
  GROUP BY ev.article_id, ev.id)
SELECT ev.article_id, ev.id, pl.id AS place, 'event' AS located_by, COALESCE(pl.name, '') AS name,
  COALESCE(pl.country, '') AS country, pl.lat, pl.lon
FROM ev JOIN pl ON pl.article_id = ev.article_id AND pl.id = ev.place
UNION ALL
SELECT s.article_id, s.id, pl.id, 'sentence', COALESCE(pl.name, ''), COALESCE(pl.country, ''), pl.lat, pl.lon
FROM sent s JOIN pl ON pl.article_id = s.article_id AND pl.id = s.place
"""


# an event's rows in the counts: once under country '' and once per country of its actors
_EVENT_KEYS = """
SELECT COALESCE(e.date, a.published, '') AS day, e.type, unnest(list_prepend('', e.countries)) AS country,
  e.date_lo, e.date_hi, e.article_id, e.id, COALESCE(a.source, '') AS outlet
FROM events e JOIN articles a ON a.id = e.article_id WHERE {scope}
"""


def _counts_delta(scope: str, sign: int) -> str:
    keys = _EVENT_KEYS.format(scope=scope.replace("article_id", "e.article_id"))
    return f"""INSERT INTO {COUNTS} BY NAME
SELECT day, type, country, any_value(date_lo) AS date_lo, any_value(date_hi) AS date_hi, {sign} * count(*) AS n
FROM ({keys}) k GROUP BY day, type, country
ON CONFLICT (day, type, country) DO UPDATE SET n = n + EXCLUDED.n"""


def _place_counts_delta(scope: str, sign: int) -> str:
    keys = _EVENT_KEYS.format(scope=scope.replace("article_id", "e.article_id"))
    return f"""INSERT INTO {PLACE_COUNTS} BY NAME
SELECT k.day, k.type, k.country, s.name, s.country AS place_country, s.lat, s.lon, k.outlet,
  any_value(k.date_lo) AS date_lo, any_value(k.date_hi) AS date_hi, {sign} * count(*) AS n
FROM ({keys}) k JOIN {SITES} s ON s.article_id = k.article_id AND s.id = k.id
GROUP BY k.day, k.type, k.country, s.name, s.country, s.lat, s.lon, k.outlet
ON CONFLICT (day, type, country, name, place_country, lat, lon, outlet) DO UPDATE SET n = n + EXCLUDED.n"""


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the summary tables (empty) if they do not exist."""
    for ddl in _DDL:
        con.execute(ddl)


def add_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Add the sites and counts of articles whose record rows were just written.

    Runs inside the caller's transaction, after the rows are inserted."""
    if article_ids:
        ids = sorted(set(article_ids))
        scope = "list_contains($ids, article_id)"
        con.execute(f"INSERT INTO {SITES} BY NAME {_sites_sql(scope)}", {"ids": ids})
        con.execute(_counts_delta(scope, 1), {"ids": ids})
        con.execute(_place_counts_delta(scope, 1), {"ids": ids})


def remove_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Subtract the counts of stored articles about to be deleted, and drop their sites.

    Runs inside the caller's transaction, before their record rows are deleted."""
    if article_ids:
        ids = sorted(set(article_ids))
        scope = "list_contains($ids, article_id)"
        con.execute(_counts_delta(scope, -1), {"ids": ids})
        con.execute(_place_counts_delta(scope, -1), {"ids": ids})
        con.execute(f"DELETE FROM {SITES} WHERE list_contains($ids, article_id)", {"ids": ids})
        con.execute(f"DELETE FROM {COUNTS} WHERE n = 0")
        con.execute(f"DELETE FROM {PLACE_COUNTS} WHERE n = 0")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Derive the summary tables from the record tables (all rows): what migration 7 runs."""
    create_tables(con)
    for name in TABLES:
        con.execute(f"DELETE FROM {name}")
    con.execute(f"INSERT INTO {SITES} BY NAME {_sites_sql('TRUE')}")
    con.execute(_counts_delta("TRUE", 1))
    con.execute(_place_counts_delta("TRUE", 1))


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the summary tables (migration 7 applied)."""
    rows = con.execute(  # fetchall: a half-read result would block the connection's next statement
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = ?",
        [COUNTS],
    ).fetchall()
    return bool(rows[0][0])


__all__ = [
    "COUNTS",
    "PLACE_COUNTS",
    "SITES",
    "TABLES",
    "add_articles",
    "create_tables",
    "has_tables",
    "rebuild",
    "remove_articles",
]
