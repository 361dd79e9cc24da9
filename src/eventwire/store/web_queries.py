"""Read-only queries behind ``eventwire serve`` (the web app and JSON API).

Everything here reads the tables the store already writes (``articles``, ``events``, ``actors``,
``quotes``, ``quantities``, ``places``, ``contradictions``, ``dead_letter``); nothing writes. SQL
text is built only from constants in this module: every value a user typed travels as a ``?``
parameter. Each list query pages by keyset (``after`` is the sort key of the last row of the
previous page, see :class:`Page`), so page 1,000 costs what page 1 costs.

Ids: a row is named by its global id ``<article_id>:<local_id>`` (``ab58…:e3``), the form the
store's read API adopts; :func:`split_gid` takes one apart.

Kept in one small module on purpose so it can be folded into the store's read API
(``store/query.py``) when the two are merged. Extension points for what the linking work will add
(stories, event groups, figure comparisons, series) are marked ``EXTENSION``: they are not built.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

MAX_PAGE = 500
"""Largest page any list query returns."""

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_COUNTRY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class WebFilters:
    """The filters every view understands (a view ignores those that mean nothing for it).

    Dates are ``YYYY[-MM[-DD]]`` and keep rows whose (possibly partial) date overlaps the range.
    ``country`` matches an event's source, target or place country, an actor's or speaker's
    country. ``actor`` and ``text`` are case- and accent-insensitive substrings; ``place``,
    ``source`` and ``target`` are exact names (what the map's pins and the dyad table link with).
    """

    since: str | None = None
    until: str | None = None
    country: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    actor: str | None = None
    status: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    text: str | None = None
    place: str | None = None
    source: str | None = None
    target: str | None = None
    article: str | None = None
    # EXTENSION: ``story`` and ``group`` filters join the linking tables once they exist.

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            v = getattr(self, name)
            if v is not None and not _DATE.fullmatch(v):
                raise ValueError(f"{name} {v!r} is not a date YYYY-MM-DD (or YYYY-MM, YYYY)")
        for c in self.country:
            if not _COUNTRY.fullmatch(c):
                raise ValueError(f"country {c!r} is not an ISO 3166 alpha-3 code such as POL")


@dataclass
class Page:
    """One page of rows and the keyset of the next page (None on the last page)."""

    rows: list[dict[str, Any]]
    next: list[Any] | None = None


@dataclass
class Overview:
    """What the overview page shows, all under the same filters."""

    timeline: list[dict[str, Any]] = field(default_factory=list)
    top_actors: list[dict[str, Any]] = field(default_factory=list)
    dyads: list[dict[str, Any]] = field(default_factory=list)
    change: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def split_gid(gid: str) -> tuple[str, str]:
    """``"<article_id>:<local_id>"`` -> ``(article_id, local_id)``; ValueError if it is not one."""
    article_id, sep, local = gid.rpartition(":")
    if not sep or not article_id or not local:
        raise ValueError(f"{gid!r} is not a global id <article_id>:<local_id>")
    return article_id, local


def _fold(sql: str) -> str:
    """Case- and accent-folded form of a SQL expression (for search and name filters)."""
    return f"strip_accents(lower(COALESCE({sql}, '')))"


def fold(text: str) -> str:
    """The Python twin of :func:`_fold` for parameters (DuckDB folds the same way)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


class _Where:
    """Conditions and their parameters, in order."""

    def __init__(self) -> None:
        self.conds: list[str] = []
        self.params: list[Any] = []

    def add(self, cond: str, *params: Any) -> None:
        self.conds.append(cond)
        self.params.extend(params)

    def dates(self, f: WebFilters, col: str) -> None:
        # a partial date ("2021-11") overlaps the range when its padded upper end is >= since
        if f.since:
            self.add(f"rpad({col}, 10, '~') >= ?", f.since)
        if f.until:
            self.add(f"{col} <= ?", f.until)

    def sql(self) -> str:
        return ("WHERE " + " AND ".join(self.conds)) if self.conds else ""


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_PAGE))


def _page(
    cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any], limit: int, key: tuple[str, ...]
) -> Page:
    res = cur.execute(sql + f" LIMIT {_limit(limit) + 1}", params)
    cols = [d[0] for d in res.description]
    rows = [dict(zip(cols, r, strict=True)) for r in res.fetchall()]
    nxt = None
    if len(rows) > _limit(limit):
        rows = rows[: _limit(limit)]
        nxt = [rows[-1][k] for k in key]
    return Page(rows, nxt)


def _after_desc(w: _Where, after: list[Any] | None, sort: str, tie: str) -> None:
    """Keyset for ``ORDER BY sort DESC, tie ASC`` (sort never NULL)."""
    if after:
        if len(after) != 2:
            raise ValueError("bad cursor")
        w.add(f"({sort} < ? OR ({sort} = ? AND {tie} > ?))", after[0], after[0], after[1])


# -- events ------------------------------------------------------------------------------------


# The place an event happened: its own ``place`` when the extractor set one, otherwise a place with
# coordinates named inside the event's evidence sentence (``located_by`` says which). Computed by a
# join per article (a correlated subquery per event was 10x slower at 100k events).
def _sentence_place(pre: str, events: str = "events", places: str = "places") -> str:
    return f"""
SELECT e.article_id, e.id, arg_min(x.id, x.mentions[1].start) AS place
FROM {events} e JOIN {places} x ON x.article_id = e.article_id
WHERE {pre} e.place IS NULL AND x.lat IS NOT NULL
  AND len(list_filter(x.mentions, lambda m: m.start >= e.evidence.start AND m."end" <= e.evidence."end")) > 0
GROUP BY e.article_id, e.id
"""


def _events_sql(pre: str = "", events: str = "events", actors: str = "actors", places: str = "places") -> str:
    """The event rows with names, countries and place; ``pre`` (``cond AND``) filters ``events e``
    before the joins; ``events``, ``actors``, ``places`` name the relations read (constants)."""
    return f"""
SELECT e.article_id || ':' || e.id AS gid, e.article_id, e.id AS event_id,
  COALESCE(e.date, a.published, '') AS day, e.date, a.published, e.type, e.mode, e.status,
  e.trigger.text AS trigger, e.evidence.text AS evidence, e.confidence,
  s.name AS source, s.country AS source_country, s.sector AS source_sector,
  t.name AS target, t.country AS target_country, t.sector AS target_sector, cb.name AS claimed_by,
  p.name AS place, p.country AS place_country, p.lat, p.lon,
  CASE WHEN p.id IS NULL THEN NULL WHEN e.place IS NOT NULL THEN 'event' ELSE 'sentence' END AS located_by,
  a.title, a.source AS outlet, a.url, a.language,
  {_fold("s.name")} || chr(31) || {_fold("t.name")} || chr(31) || {_fold("cb.name")} AS _names
FROM {events} e JOIN articles a ON a.id = e.article_id
LEFT JOIN {actors} s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN {actors} t ON t.article_id = e.article_id AND t.id = e.target
LEFT JOIN {actors} cb ON cb.article_id = e.article_id AND cb.id = e.claimed_by
LEFT JOIN ({_sentence_place(pre, events, places)}) sp ON sp.article_id = e.article_id AND sp.id = e.id
LEFT JOIN {places} p ON p.article_id = e.article_id AND p.id = COALESCE(e.place, sp.place)
WHERE {pre} TRUE
"""


_EVENTS = _events_sql()

# Events without the actor and place joins: enough for filters on dates, type, status, language,
# text and article, and 20x cheaper to sort (the first phase of a page when no other filter is set).
_LIGHT_EVENTS = """
SELECT e.article_id || ':' || e.id AS gid, e.article_id, e.id AS event_id, COALESCE(e.date, a.published, '') AS day,
  e.type, e.status, e.evidence.text AS evidence, a.language
FROM events e JOIN articles a ON a.id = e.article_id
"""


def _needs_joins(f: WebFilters) -> bool:
    return bool(f.country or f.actor or f.place or f.source or f.target)


def _event_where(f: WebFilters) -> _Where:
    w = _Where()
    w.dates(f, "b.day")
    if f.type:
        w.add("list_contains(?, b.type)", [t.upper() for t in f.type])
    if f.status:
        w.add("list_contains(?, b.status)", [s.lower() for s in f.status])
    if f.language:
        w.add("list_contains(?, b.language)", list(f.language))
    if f.country:
        w.add("list_has_any(?, [b.source_country, b.target_country, b.place_country])", list(f.country))
    if f.actor:
        w.add("contains(b._names, ?)", fold(f.actor))
    if f.text:
        w.add(f"contains({_fold('b.evidence')}, ?)", fold(f.text))
    if f.place:
        w.add("b.place = ?", f.place)
    if f.source:
        w.add("b.source = ?", f.source)
    if f.target:
        w.add("b.target = ?", f.target)
    if f.article:
        w.add("b.article_id = ?", f.article)
    return w


def _filtered_events(f: WebFilters) -> tuple[str, list[Any]]:
    w = _event_where(f)
    cols = (
        "day, type, article_id, outlet, source, source_country, target, target_country, place, place_country, lat, lon"
    )
    return f"SELECT {', '.join('b.' + c for c in cols.split(', '))} FROM ({_EVENTS}) b {w.sql()}", w.params


def events(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: list[Any] | None = None, limit: int = 50) -> Page:
    """Events, newest first, with actor names and countries, place, outlet and evidence sentence.

    Two phases: the page's keys are sorted from the cheapest relation the filters allow, then only
    those rows are joined with actors and places."""
    w = _event_where(f)
    _after_desc(w, after, "b.day", "b.gid")
    base = _EVENTS if _needs_joins(f) else _LIGHT_EVENTS
    keys = cur.execute(
        f"SELECT b.day, b.gid, b.article_id FROM ({base}) b {w.sql()} ORDER BY b.day DESC, b.gid "
        f"LIMIT {_limit(limit) + 1}",
        w.params,
    ).fetchall()
    if not keys:
        return Page([])
    # the page's articles' rows are read once each (every join would otherwise scan whole tables)
    rows = _events_sql("list_contains($gids, e.article_id || ':' || e.id) AND", "ev", "ac", "pl")
    sql = f"""WITH ev AS MATERIALIZED (SELECT * FROM events WHERE list_contains($arts, article_id)),
      ac AS MATERIALIZED (SELECT * FROM actors WHERE list_contains($arts, article_id)),
      pl AS MATERIALIZED (SELECT * FROM places WHERE list_contains($arts, article_id))
      SELECT * EXCLUDE (_names) FROM ({rows}) b ORDER BY b.day DESC, b.gid"""
    params = {"arts": sorted({k[2] for k in keys}), "gids": [k[1] for k in keys]}
    return _page(cur, sql, params, limit, ("day", "gid"))


def overview(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, top: int = 10, period_days: int = 7) -> Overview:
    """Timeline by day and type, top actors and dyads, change per country and mapped places."""
    base, params = _filtered_events(f)
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _ew_view AS {base}", params)
    try:
        ov = Overview()
        ov.timeline = _dicts(
            cur,
            "SELECT day, type, count(*) AS events FROM _ew_view WHERE day <> '' GROUP BY ALL ORDER BY day, type",
        )
        ov.top_actors = _dicts(
            cur,
            """SELECT name, mode(country) AS country, count(*) AS events FROM (
                 SELECT source AS name, source_country AS country FROM _ew_view WHERE source IS NOT NULL
                 UNION ALL SELECT target, target_country FROM _ew_view WHERE target IS NOT NULL)
               GROUP BY name ORDER BY events DESC, name LIMIT ?""",
            [top],
        )
        ov.dyads = _dicts(
            cur,
            """SELECT source, target, count(*) AS events, mode(type) AS type FROM _ew_view
               WHERE source IS NOT NULL AND target IS NOT NULL GROUP BY source, target
               ORDER BY events DESC, source, target LIMIT ?""",
            [top],
        )
        ov.places = _dicts(cur, _PLACES_AGG)
        daily = cur.execute(
            """SELECT c AS country, TRY_CAST(day AS DATE) AS d, count(*) AS n FROM (
                 SELECT day, unnest(list_distinct(list_filter([source_country, target_country, place_country],
                                                             lambda c: c IS NOT NULL))) AS c FROM _ew_view)
               WHERE TRY_CAST(day AS DATE) IS NOT NULL GROUP BY ALL"""
        ).fetchall()
        end = date.fromisoformat(f.until) if f.until and len(f.until) == 10 else None
        ov.change = country_change(daily, period_days=period_days, end=end)
        row = cur.execute(
            "SELECT count(*), count(lat), count(DISTINCT article_id) FROM _ew_view",
        ).fetchone()
        assert row is not None
        ov.totals = {"events": int(row[0]), "mapped": int(row[1]), "articles": int(row[2])}
        return ov
    finally:
        cur.execute("DROP TABLE IF EXISTS _ew_view")


def timeline(cur: duckdb.DuckDBPyConnection, f: WebFilters) -> list[dict[str, Any]]:
    """Events per day and PLOVER type (from the join-free relation when the filters allow)."""
    if _needs_joins(f):
        base, params = _filtered_events(f)
    else:
        w = _event_where(f)
        base, params = f"SELECT * FROM ({_LIGHT_EVENTS}) b {w.sql()}", w.params
    return _dicts(
        cur,
        f"SELECT day, type, count(*) AS events FROM ({base}) v WHERE day <> '' GROUP BY ALL ORDER BY day, type",
        params,
    )


def places(cur: duckdb.DuckDBPyConnection, f: WebFilters) -> list[dict[str, Any]]:
    """Event places (at most 2,000): events, outlets (articles when unknown), most frequent type."""
    base, params = _filtered_events(f)
    return _dicts(cur, f"{_PLACES_AGG.replace('_ew_view', f'({base}) v')}", params)


_PLACES_AGG = """SELECT place AS name, place_country AS country, lat, lon, count(*) AS events,
     count(DISTINCT COALESCE(outlet, article_id)) AS outlets, mode(type) AS type,
     list(DISTINCT type ORDER BY type) AS types
   FROM _ew_view WHERE lat IS NOT NULL AND lon IS NOT NULL
   GROUP BY place, place_country, lat, lon ORDER BY events DESC, name LIMIT 2000"""


def country_change(
    daily: list[tuple[str, date, int]], *, period_days: int = 7, previous: int = 3, end: date | None = None
) -> list[dict[str, Any]]:
    """Per country: events in the last ``period_days`` up to ``end`` against the mean of the
    ``previous`` periods before it (ACLED's trend style). ``end`` defaults to the latest day seen."""
    if not daily:
        return []
    end = end or max(d for _, d, _ in daily)
    per: dict[str, list[int]] = defaultdict(lambda: [0] * (previous + 1))
    for country, d, n in daily:
        k = (end - d).days // period_days
        if 0 <= k <= previous and (end - d).days >= 0:
            per[country][k] += n
    out: list[dict[str, Any]] = []
    for country, counts in per.items():
        now, before = counts[0], counts[1:]
        mean = sum(before) / previous
        out.append(
            {
                "country": country,
                "current": now,
                "previous_mean": round(mean, 2),
                "change": round(now - mean, 2),
                "trend": "up" if now > mean else "down" if now < mean else "flat",
                "period_end": end.isoformat(),
                "period_start": (end - timedelta(days=period_days - 1)).isoformat(),
            }
        )
    out.sort(key=lambda r: (-abs(float(r["change"])), str(r["country"])))
    return out


def _dicts(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    res = cur.execute(sql, params or [])
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r, strict=True)) for r in res.fetchall()]


# -- articles ------------------------------------------------------------------------------------

_ARTICLE_LIST = f"""
SELECT a.id AS article_id, COALESCE(a.published, '') AS day, a.published, a.title, a.source AS outlet, a.url,
  a.language, len(a.text) AS chars,
  (SELECT count(*) FROM events x WHERE x.article_id = a.id) AS events,
  (SELECT count(*) FROM quotes x WHERE x.article_id = a.id) AS quotes,
  (SELECT count(*) FROM quantities x WHERE x.article_id = a.id) AS figures,
  {_fold("a.title")} || chr(31) || {_fold("a.text")} AS _text,
  (SELECT list(x.country) FROM actors x WHERE x.article_id = a.id) AS _countries,
  (SELECT string_agg({_fold("x.name")}, chr(31)) FROM actors x WHERE x.article_id = a.id) AS _names
FROM articles a
"""


def articles(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: list[Any] | None = None, limit: int = 50) -> Page:
    """Articles, newest first, with counts of what was extracted."""
    w = _Where()
    w.dates(f, "b.day")
    if f.language:
        w.add("list_contains(?, b.language)", list(f.language))
    if f.text:
        w.add("contains(b._text, ?)", fold(f.text))
    if f.country:
        w.add("list_has_any(b._countries, ?)", list(f.country))
    if f.actor:
        w.add("contains(COALESCE(b._names, ''), ?)", fold(f.actor))
    _after_desc(w, after, "b.day", "b.article_id")
    sql = f"SELECT * EXCLUDE (_text, _countries, _names) FROM ({_ARTICLE_LIST}) b {w.sql()} ORDER BY b.day DESC, b.article_id"
    return _page(cur, sql, w.params, limit, ("day", "article_id"))


def article_record(cur: duckdb.DuckDBPyConnection, article_id: str) -> str | None:
    """The stored record JSON of one article (text, spans, removed list), or None."""
    row = cur.execute("SELECT record FROM articles WHERE id = ?", [article_id]).fetchone()
    return str(row[0]) if row else None


# -- actors --------------------------------------------------------------------------------------

# An actor across articles: the knowledge-base id when resolved, else its folded name.
_ACTOR_KEY = f"COALESCE(x.kb_id, {_fold('x.name')})"

_ACTOR_ROWS = f"""
SELECT {_ACTOR_KEY} AS key, x.article_id, x.id, x.name, x.country, x.sector, x.kind, x.aliases, len(x.mentions) AS n,
  COALESCE(a.published, '') AS day, a.language, {_fold("x.name || ' ' || array_to_string(x.aliases, ' ')")} AS _names
FROM actors x JOIN articles a ON a.id = x.article_id
"""


def actors(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: list[Any] | None = None, limit: int = 50) -> Page:
    """Actors grouped across articles (by knowledge-base id, else name), most-reported first."""
    w = _Where()
    w.dates(f, "r.day")
    if f.country:
        w.add("list_contains(?, r.country)", list(f.country))
    if f.language:
        w.add("list_contains(?, r.language)", list(f.language))
    if f.type:
        w.add("list_contains(?, r.kind)", [t.lower() for t in f.type])
    for needle in (f.actor, f.text):
        if needle:
            w.add("contains(r._names, ?)", fold(needle))
    outer = _Where()
    if after:
        if len(after) != 2:
            raise ValueError("bad cursor")
        outer.add("(g.articles < ? OR (g.articles = ? AND g.key > ?))", after[0], after[0], after[1])
    sql = f"""SELECT * FROM (
        SELECT r.key, mode(r.name) AS name, mode(r.country) AS country, mode(r.sector) AS sector, mode(r.kind) AS kind,
          list_sort(list_distinct(flatten(list([r.name] || r.aliases)))) AS spellings,
          count(DISTINCT r.article_id) AS articles, sum(r.n) AS mentions
        FROM ({_ACTOR_ROWS}) r {w.sql()} GROUP BY r.key) g {outer.sql()}
      ORDER BY g.articles DESC, g.key"""
    return _page(cur, sql, w.params + outer.params, limit, ("articles", "key"))


def actor(cur: duckdb.DuckDBPyConnection, key: str, *, limit: int = 200) -> dict[str, Any] | None:
    """One actor (see :func:`actors` for the key): spellings, events as source and as target, quotes."""
    summary = _dicts(
        cur,
        f"""SELECT r.key, mode(r.name) AS name, mode(r.country) AS country, mode(r.sector) AS sector,
              mode(r.kind) AS kind, list_sort(list_distinct(flatten(list([r.name] || r.aliases)))) AS spellings,
              count(DISTINCT r.article_id) AS articles, sum(r.n) AS mentions
            FROM ({_ACTOR_ROWS}) r WHERE r.key = ? GROUP BY r.key""",
        [key],
    )
    if not summary:
        return None
    out = summary[0]
    lim = _limit(limit)
    for role, col in (("as_source", "source"), ("as_target", "target")):
        out[role] = _dicts(
            cur,
            f"""SELECT b.* EXCLUDE (_names) FROM ({_EVENTS}) b
                JOIN events e2 ON e2.article_id = b.article_id AND e2.id = b.event_id
                JOIN actors x ON x.article_id = b.article_id AND x.id = e2.{col}
                WHERE {_ACTOR_KEY} = ? ORDER BY b.day DESC, b.gid LIMIT {lim}""",
            [key],
        )
    out["quotes"] = _dicts(
        cur,
        f"""SELECT q.* FROM ({_QUOTES}) q WHERE EXISTS (SELECT 1 FROM actors x WHERE x.article_id = q.article_id
              AND x.id = q.speaker_id AND {_ACTOR_KEY} = ?) ORDER BY q.day DESC, q.gid LIMIT {lim}""",
        [key],
    )
    return out


# -- quotes, figures, contradictions, dead letter -----------------------------------------------

_QUOTES = """
SELECT q.article_id || ':' || q.id AS gid, q.article_id, q.id AS quote_id, COALESCE(a.published, '') AS day,
  q.speaker AS speaker_id, COALESCE(s.name, q.speaker_text) AS speaker, s.country AS speaker_country, q.cue, q.direct,
  q.denial, q.via, q.content, q.evidence.text AS evidence, a.title, a.source AS outlet, a.url, a.language
FROM quotes q JOIN articles a ON a.id = q.article_id
LEFT JOIN actors s ON s.article_id = q.article_id AND s.id = q.speaker
"""


def quotes(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: list[Any] | None = None, limit: int = 50) -> Page:
    """Quotes and reported speech with their speaker, newest first."""
    w = _Where()
    w.dates(f, "b.day")
    if f.country:
        w.add("list_contains(?, b.speaker_country)", list(f.country))
    if f.language:
        w.add("list_contains(?, b.language)", list(f.language))
    if f.type:
        w.add("list_contains(?, CASE WHEN b.direct THEN 'direct' ELSE 'reported' END)", [t.lower() for t in f.type])
    if f.actor:
        w.add(f"contains({_fold('b.speaker')}, ?)", fold(f.actor))
    if f.text:
        w.add(f"contains({_fold('b.content')}, ?)", fold(f.text))
    if f.article:
        w.add("b.article_id = ?", f.article)
    _after_desc(w, after, "b.day", "b.gid")
    return _page(
        cur, f"SELECT * FROM ({_QUOTES}) b {w.sql()} ORDER BY b.day DESC, b.gid", w.params, limit, ("day", "gid")
    )


_FIGURES = """
SELECT n.article_id || ':' || n.id AS gid, n.article_id, n.id AS figure_id, COALESCE(e.date, a.published, '') AS day,
  n.text AS figure, n.value, n.low, n.high, n.qualifier, n.category, n.unit, n.event AS event_id, e.type AS event_type,
  n.evidence.text AS evidence, a.title, a.source AS outlet, a.url, a.language
FROM quantities n JOIN articles a ON a.id = n.article_id
LEFT JOIN events e ON e.article_id = n.article_id AND e.id = n.event
"""


def figures(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: list[Any] | None = None, limit: int = 50) -> Page:
    """Typed figures (quantities) with what they count and their event, newest first.

    EXTENSION: figure comparisons across articles (``compare``) and running-total ``series`` will
    read the linking tables; they are not built yet.
    """
    w = _Where()
    w.dates(f, "b.day")
    if f.type:
        w.add("list_contains(?, b.category)", [t.lower() for t in f.type])
    if f.language:
        w.add("list_contains(?, b.language)", list(f.language))
    if f.text:
        w.add(f"contains({_fold('b.evidence')}, ?)", fold(f.text))
    if f.article:
        w.add("b.article_id = ?", f.article)
    _after_desc(w, after, "b.day", "b.gid")
    sql = f"SELECT * FROM ({_FIGURES}) b {w.sql()} ORDER BY b.day DESC, b.gid"
    return _page(cur, sql, w.params, limit, ("day", "gid"))


def _side(prefix: str, col: str) -> str:
    """Evidence text of a contradiction side (a quote, event or quantity id in the same article)."""
    return f"""COALESCE(
      (SELECT y.evidence.text FROM quotes y WHERE y.article_id = c.article_id AND y.id = c.{col}),
      (SELECT y.evidence.text FROM events y WHERE y.article_id = c.article_id AND y.id = c.{col}),
      (SELECT y.evidence.text FROM quantities y WHERE y.article_id = c.article_id AND y.id = c.{col})) AS {prefix}_evidence"""


_CONTRADICTIONS = f"""
SELECT c.article_id || ':' || c.id AS gid, c.article_id, c.id AS contradiction_id, COALESCE(a.published, '') AS day,
  c.kind, c.reason, c.a, {_side("a", "a")}, c.b, {_side("b", "b")}, a.title, a.source AS outlet, a.url, a.language
FROM contradictions c JOIN articles a ON a.id = c.article_id
"""


def contradictions(
    cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: list[Any] | None = None, limit: int = 50
) -> Page:
    """Contradictions inside an article with both sides' evidence, newest first.

    EXTENSION: cross-article contradictions (from linking) will come from their own table.
    """
    w = _Where()
    w.dates(f, "b.day")
    if f.type:
        w.add("list_contains(?, b.kind)", [t.lower() for t in f.type])
    if f.language:
        w.add("list_contains(?, b.language)", list(f.language))
    if f.text:
        w.add(f"contains({_fold('b.a_evidence || b.b_evidence || b.reason')}, ?)", fold(f.text))
    if f.article:
        w.add("b.article_id = ?", f.article)
    _after_desc(w, after, "b.day", "b.gid")
    sql = f"SELECT * FROM ({_CONTRADICTIONS}) b {w.sql()} ORDER BY b.day DESC, b.gid"
    return _page(cur, sql, w.params, limit, ("day", "gid"))


def dead_letter(
    cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: list[Any] | None = None, limit: int = 50
) -> Page:
    """Inputs that produced no record, with the coded reason (by input path)."""
    w = _Where()
    if f.type:
        w.add("(list_contains(?, b.code) OR list_contains(?, b.reason))", list(f.type), list(f.type))
    if f.text:
        w.add(f"contains({_fold('b.input || chr(31) || b.message')}, ?)", fold(f.text))
    if after:
        if len(after) != 1:
            raise ValueError("bad cursor")
        w.add("b.key > ?", after[0])
    sql = f"""SELECT * FROM (SELECT d.input || ':' || lpad(COALESCE(CAST(d.line AS VARCHAR), ''), 12, '0') AS key,
                d.input, d.line, d.code, d.reason, d.message FROM dead_letter d) b {w.sql()} ORDER BY b.key"""
    return _page(cur, sql, w.params, limit, ("key",))


# -- search --------------------------------------------------------------------------------------


def search(cur: duckdb.DuckDBPyConnection, q: str, *, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Articles (title and text), quotes (content and speaker) and actors (names and spellings)
    containing ``q``, case- and accent-insensitively."""
    needle = fold(q)
    lim = _limit(limit)
    found = {
        "articles": _dicts(
            cur,
            f"""SELECT a.id AS article_id, a.published, a.title, a.source AS outlet, a.url,
                  substr(a.text, greatest(1, strpos({_fold("a.text")}, ?) - 60), 200) AS snippet
                FROM articles a WHERE contains({_fold("a.title")} || chr(31) || {_fold("a.text")}, ?)
                ORDER BY a.published DESC NULLS LAST, a.id LIMIT {lim}""",
            [needle, needle],
        ),
        "quotes": _dicts(
            cur,
            f"""SELECT b.gid, b.article_id, b.quote_id, b.day, b.speaker, b.content, b.title FROM ({_QUOTES}) b
                WHERE contains({_fold("b.content")} || chr(31) || {_fold("b.speaker")}, ?)
                ORDER BY b.day DESC, b.gid LIMIT {lim}""",
            [needle],
        ),
        "actors": actors(cur, WebFilters(text=q), limit=lim).rows,
    }
    return found


def counts(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table (the header line of every page)."""
    out: dict[str, int] = {}
    for name in ("articles", "events", "actors", "quotes", "quantities", "places", "contradictions", "dead_letter"):
        row = cur.execute(f"SELECT count(*) FROM {name}").fetchone()
        out[name] = int(row[0]) if row else 0
    return out


def ranked(rows: list[dict[str, Any]], key: str) -> list[tuple[str, int]]:
    """Totals of ``events`` per ``key`` value, largest first (legend of the timeline)."""
    c: Counter[str] = Counter()
    for r in rows:
        c[str(r[key])] += int(r["events"])
    return c.most_common()


__all__ = [
    "MAX_PAGE",
    "Overview",
    "Page",
    "WebFilters",
    "actor",
    "actors",
    "article_record",
    "articles",
    "contradictions",
    "country_change",
    "counts",
    "dead_letter",
    "events",
    "figures",
    "fold",
    "overview",
    "places",
    "quotes",
    "ranked",
    "search",
    "split_gid",
    "timeline",
]
