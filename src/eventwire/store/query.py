"""The analyst's queries, shared by ``eventwire query`` and the Python API (``eventwire.open``).

Each query is a base SELECT that also yields a few hidden helper columns (``_type``, ``_countries``,
``_names``, ``_text``, ``_lo``/``_hi`` date bounds, ``_order``); the filters are the same SQL
conditions on those columns for every query, so a filter means the same thing everywhere.

Dates: an event date may be partial (``2021-11``, ``2021``); it covers its whole month or year, and
``since``/``until`` keep a row when that range overlaps the asked one. Rows without an event date
use the article's publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from ..errors import StoreError

FILTERS = ("type", "country", "actor", "since", "until", "text", "status")


@dataclass(frozen=True)
class Filters:
    """Query filters; None means no filter. ``type``, ``country`` and ``status`` take comma-separated lists."""

    type: str | None = None
    """events: PLOVER type; figures: category; actors: kind; places: feature; quotes: direct|reported; skipped: code or reason."""
    country: str | None = None
    """ISO3 (or PLOVER pseudo-code): events/figures: of an actor on either side; actors/quotes/places: their own."""
    actor: str | None = None
    """Substring of an actor's name or alias (case-insensitive); events/figures: either side; quotes: speaker."""
    since: str | None = None
    """YYYY-MM-DD (or YYYY-MM, YYYY): event date, else publication date, on or after."""
    until: str | None = None
    """Same, on or before."""
    text: str | None = None
    """Substring of the evidence sentence (quotes: the attribution; places/actors: name; skipped: message)."""
    status: str | None = None
    """events: keep only these statuses (asserted, claimed, denied, ...)."""
    limit: int | None = None
    """At most this many rows."""


def _date_bounds(expr: str) -> tuple[str, str]:
    lo = f"CASE length({expr}) WHEN 4 THEN {expr} || '-01-01' WHEN 7 THEN {expr} || '-01' ELSE {expr} END"
    hi = f"CASE length({expr}) WHEN 4 THEN {expr} || '-12-31' WHEN 7 THEN {expr} || '-31' ELSE {expr} END"
    return lo, hi


def _num_id(expr: str) -> str:
    # article-local ids are a letter and a number (e2, e10): order them as numbers
    return f"TRY_CAST(regexp_extract({expr}, '[0-9]+') AS INTEGER)"


def _actors_of(alias: str, ids: str) -> tuple[str, str]:
    """Subqueries: the countries and the lower-cased names+aliases of the actors with ``ids`` in the article."""
    where = f"FROM actors x WHERE x.article_id = {alias}.article_id AND list_contains({ids}, x.id)"
    countries = f"(SELECT list(x.country) {where})"
    names = f"(SELECT string_agg(lower(x.name || chr(31) || array_to_string(x.aliases, chr(31))), chr(31)) {where})"
    return countries, names


_EV_IDS = "list_concat(e.sources, e.targets, [e.source, e.target])"
_EV_COUNTRIES, _EV_NAMES = _actors_of("e", _EV_IDS)
_EV_LO, _EV_HI = _date_bounds("COALESCE(e.date, a.published)")
_PUB_LO, _PUB_HI = _date_bounds("a.published")

_EVENTS = f"""
SELECT e.article_id, e.id AS event_id, e.date, a.published, e.type, e.mode, e.status,
  s.name AS source, s.country AS source_country, s.sector AS source_sector,
  t.name AS target, t.country AS target_country, t.sector AS target_sector,
  cb.name AS claimed_by, p.name AS place, p.country AS place_country, p.lat, p.lon,
  array_to_string(e.contexts, ';') AS contexts, e.trigger.text AS trigger, e.evidence.text AS evidence,
  e.confidence, a.title, a.source AS outlet, a.url,
  lower(e.type) AS _type, {_EV_COUNTRIES} AS _countries, {_EV_NAMES} AS _names, lower(e.evidence.text) AS _text,
  e.status AS _status, {_EV_LO} AS _lo, {_EV_HI} AS _hi, {_num_id("e.id")} AS _order
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
LEFT JOIN actors cb ON cb.article_id = e.article_id AND cb.id = e.claimed_by
LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place
"""

_ACTORS = f"""
SELECT x.article_id, x.id AS actor_id, x.name, x.country, x.sector, x.kind,
  array_to_string(x.aliases, ';') AS aliases, len(x.mentions) AS mentions, x.kb_id, a.published, a.title,
  lower(x.kind) AS _type, [x.country] AS _countries,
  lower(x.name || chr(31) || array_to_string(x.aliases, chr(31))) AS _names,
  lower(x.name || chr(31) || array_to_string(x.aliases, chr(31))) AS _text,
  NULL AS _status, {_PUB_LO} AS _lo, {_PUB_HI} AS _hi, {_num_id("x.id")} AS _order
FROM actors x JOIN articles a ON a.id = x.article_id
"""

_QUOTES = f"""
SELECT q.article_id, q.id AS quote_id, a.published, COALESCE(s.name, q.speaker_text) AS speaker,
  s.country AS speaker_country, s.sector AS speaker_sector, q.cue, q.direct, q.denial, q.via, q.content,
  q.evidence.text AS evidence, a.title, a.source AS outlet, a.url,
  CASE WHEN q.direct THEN 'direct' ELSE 'reported' END AS _type, [s.country] AS _countries,
  lower(COALESCE(s.name || chr(31) || array_to_string(s.aliases, chr(31)), '') || chr(31)
        || COALESCE(q.speaker_text, '')) AS _names,
  lower(q.evidence.text) AS _text, NULL AS _status, {_PUB_LO} AS _lo, {_PUB_HI} AS _hi, {_num_id("q.id")} AS _order
FROM quotes q JOIN articles a ON a.id = q.article_id
LEFT JOIN actors s ON s.article_id = q.article_id AND s.id = q.speaker
"""

_FIG_COUNTRIES, _FIG_NAMES = _actors_of("e", _EV_IDS)
_FIGURES = f"""
SELECT n.article_id, n.id AS figure_id, COALESCE(e.date, a.published) AS date, n.text AS figure, n.value, n.low,
  n.high, n.qualifier, n.category, n.unit, n.event AS event_id, e.type AS event_type, n.parent,
  n.evidence.text AS evidence, a.title, a.source AS outlet, a.url,
  lower(n.category) AS _type, {_FIG_COUNTRIES} AS _countries, {_FIG_NAMES} AS _names,
  lower(n.evidence.text) AS _text, NULL AS _status, {_EV_LO} AS _lo, {_EV_HI} AS _hi, {_num_id("n.id")} AS _order
FROM quantities n JOIN articles a ON a.id = n.article_id
LEFT JOIN events e ON e.article_id = n.article_id AND e.id = n.event
"""

_PLACES = f"""
SELECT p.article_id, p.id AS place_id, p.name, p.country, p.admin1, p.lat, p.lon, p.feature, p.gazetteer_id,
  len(p.mentions) AS mentions, a.published, a.title,
  lower(p.feature) AS _type, [p.country] AS _countries, NULL AS _names, lower(p.name) AS _text, NULL AS _status,
  {_PUB_LO} AS _lo, {_PUB_HI} AS _hi, {_num_id("p.id")} AS _order
FROM places p JOIN articles a ON a.id = p.article_id
"""

_ARTICLES = f"""
SELECT a.id AS article_id, a.published, a.published_inferred, a.title, a.source AS outlet, a.url, a.language,
  a.input, len(a.text) AS chars,
  (SELECT count(*) FROM events x WHERE x.article_id = a.id) AS events,
  (SELECT count(*) FROM actors x WHERE x.article_id = a.id) AS actors,
  (SELECT count(*) FROM quotes x WHERE x.article_id = a.id) AS quotes,
  (SELECT count(*) FROM quantities x WHERE x.article_id = a.id) AS figures,
  (SELECT count(*) FROM places x WHERE x.article_id = a.id) AS places,
  a.extractor,
  NULL AS _type, (SELECT list(x.country) FROM actors x WHERE x.article_id = a.id) AS _countries,
  (SELECT string_agg(lower(x.name || chr(31) || array_to_string(x.aliases, chr(31))), chr(31))
     FROM actors x WHERE x.article_id = a.id) AS _names,
  lower(COALESCE(a.title, '') || chr(31) || a.text) AS _text, NULL AS _status,
  {_PUB_LO} AS _lo, {_PUB_HI} AS _hi, a.id AS _order
FROM articles a
"""

_SKIPPED = """
SELECT d.input, d.line, d.code, d.reason, d.message,
  NULL AS _type, NULL AS _countries, NULL AS _names, lower(d.message) AS _text, NULL AS _status,
  NULL AS _lo, NULL AS _hi, d.input || ':' || lpad(COALESCE(CAST(d.line AS VARCHAR), ''), 12, '0') AS _order
FROM dead_letter d
"""


@dataclass(frozen=True)
class QuerySpec:
    sql: str
    applies: frozenset[str]
    """Filters that mean something for this query."""
    type_means: str


QUERIES: dict[str, QuerySpec] = {
    "events": QuerySpec(_EVENTS, frozenset(FILTERS), "PLOVER event type"),
    "actors": QuerySpec(_ACTORS, frozenset({"type", "country", "actor", "since", "until", "text"}), "actor kind"),
    "quotes": QuerySpec(_QUOTES, frozenset({"type", "country", "actor", "since", "until", "text"}), "direct|reported"),
    "figures": QuerySpec(
        _FIGURES, frozenset({"type", "country", "actor", "since", "until", "text"}), "figure category"
    ),
    "places": QuerySpec(_PLACES, frozenset({"type", "country", "since", "until", "text"}), "gazetteer feature"),
    "articles": QuerySpec(_ARTICLES, frozenset({"country", "actor", "since", "until", "text"}), ""),
    "skipped": QuerySpec(_SKIPPED, frozenset({"type", "text"}), "error code or reason"),
}
_HELPERS = ("_type", "_countries", "_names", "_text", "_status", "_lo", "_hi", "_order")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_query(what: str, f: Filters) -> tuple[str, list[object]]:
    """SQL and parameters of query ``what`` under filters ``f``; StoreError EW303 on bad options."""
    spec = QUERIES.get(what)
    if spec is None:
        raise StoreError(f"unknown query {what!r}; choose one of {', '.join(QUERIES)}", code="EW303")
    conds: list[str] = []
    params: list[object] = []
    for name in FILTERS:
        value = getattr(f, name)
        if value is None:
            continue
        if name not in spec.applies:
            raise StoreError(f"--{name} does not apply to {what}", code="EW303")
        if name == "type":
            conds.append("list_contains(?, b._type)")
            params.append([v.lower() for v in _csv(value)])
        elif name == "status":
            conds.append("list_contains(?, b._status)")
            params.append([v.lower() for v in _csv(value)])
        elif name == "country":
            conds.append("list_has_any(b._countries, ?)")
            params.append([v.upper() for v in _csv(value)])
        elif name == "actor":
            conds.append("contains(b._names, ?)")
            params.append(value.lower())
        elif name == "text":
            conds.append("contains(b._text, ?)")
            params.append(value.lower())
        else:
            if not _DATE.fullmatch(value):
                raise StoreError(f"--{name} {value!r} is not a date YYYY-MM-DD (or YYYY-MM, YYYY)", code="EW303")
            lo, hi = _date_bounds("?")
            # keep rows whose date range [_lo, _hi] overlaps the asked range
            if name == "since":
                conds.append(f"b._hi >= {lo}")
            else:
                conds.append(f"b._lo <= {hi}")
            params.extend([value] * 4)
    if f.limit is not None and f.limit < 0:
        raise StoreError("--limit must be 0 or more", code="EW303")
    where = f"WHERE {' AND '.join(conds)}" if conds else ""
    limit = f"LIMIT {int(f.limit)}" if f.limit is not None else ""
    sql = (
        f"SELECT * EXCLUDE ({', '.join(_HELPERS)}) FROM ({spec.sql}) b {where} "
        f"ORDER BY b._lo NULLS LAST, b.{'input' if what == 'skipped' else 'article_id'}, b._order {limit}"
    )
    return sql, params


def run_query(con: duckdb.DuckDBPyConnection, what: str, f: Filters) -> duckdb.DuckDBPyConnection:
    """Execute query ``what``; fetch with ``.df()``, ``.fetchall()`` or ``.fetchmany()``."""
    sql, params = build_query(what, f)
    try:
        return con.execute(sql, params)
    except duckdb.Error as e:
        raise StoreError(f"query {what} failed: {e}", code="EW303") from e


__all__ = ["FILTERS", "QUERIES", "Filters", "QuerySpec", "build_query", "run_query"]
