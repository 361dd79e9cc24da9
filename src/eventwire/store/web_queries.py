"""Read-only queries behind ``eventwire serve`` (the web app and JSON API), on the store's read API.

The lists (events, articles, quotes, figures) are the store's own queries (:mod:`.query`, what
``eventwire query`` and ``Store.select``/``page`` run): one table filtered on its store columns,
newest first, keyset-paged with the store's cursors; this module only adds what a page shows
beside the row (``day``, ``language``, the event's site). The map, the timeline and the overview's
change per country read the summary tables (:mod:`.summaries`) when the filters are ones they
count by (dates, type, at most one country), else aggregate the store's filtered rows
(:func:`.query.filtered_sql`). Nothing here writes. SQL text is built only from constants: every
value a user typed travels as a parameter.

Ids: a row is named by its global id ``<article_id>:<local_id>`` (``ab58…:e3``); :func:`split_gid`
takes one apart.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

from ..errors import StoreError
from .actor_summary import ANY, KEY_SQL
from .actor_summary import COUNTS as ACTOR_COUNTS
from .actor_summary import FORMS as ACTOR_FORMS
from .query import QUERIES, Filters, date_range, decode_cursor, filtered_sql, read_page
from .summaries import COUNTS, PLACE_COUNTS, SITES

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
    story: str | None = None
    """Stories and event groups: one story id (``s…``)."""
    group: str | None = None
    """Events: the members of one event group (``g…``)."""

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
    """One page of rows and the opaque cursor of the next page (None on the last page)."""

    rows: list[dict[str, Any]]
    next: str | None = None


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


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_PAGE))


def _dicts(
    cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    res = cur.execute(sql, params or [])
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r, strict=True)) for r in res.fetchall()]


# -- the store's filters and pages ----------------------------------------------------------------


def store_filters(f: WebFilters, what: str, *, limit: int | None = None, after: str | None = None) -> Filters:
    """The store's :class:`~.query.Filters` for query ``what`` (filters that mean nothing there are
    dropped, as every view ignores them), newest first."""
    values: dict[str, str | None] = {
        "since": f.since,
        "until": f.until,
        "country": ",".join(f.country) or None,
        "type": ",".join(f.type) or None,
        "actor": f.actor,
        "status": ",".join(f.status) or None,
        "language": ",".join(f.language) or None,
        "text": f.text,
        "place": f.place,
        "source": f.source,
        "target": f.target,
        "article": f.article,
        "story": f.story,
    }
    applies = QUERIES[what].applies
    kept = {k: v for k, v in values.items() if v is not None and k in applies}
    return Filters(**kept, limit=limit, after=after, newest_first=True)


def _store_page(cur: duckdb.DuckDBPyConnection, what: str, f: WebFilters, after: str | None, limit: int) -> Page:
    try:
        page = read_page(cur, what, store_filters(f, what, limit=_limit(limit), after=after))
    except StoreError as e:
        raise ValueError(e.detail) from e
    rows = [{"gid": r["gid"], **r} if "gid" in r else r for r in page.table.to_pylist()]  # the id first (CSV)
    return Page(rows, page.next)


def _languages(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    arts = sorted({r["article_id"] for r in rows})
    if not arts:
        return
    lang = dict(cur.execute("SELECT id, language FROM articles WHERE list_contains(?, id)", [arts]).fetchall())
    for r in rows:
        r["language"] = lang.get(r["article_id"])


def _with_sites(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows with ``day``, ``language`` and the site the map puts them at (``located_by``)."""
    if not rows:
        return rows
    arts = sorted({r["article_id"] for r in rows})
    sites = {
        (a, i): (by, name, country, lat, lon)
        for a, i, by, name, country, lat, lon in cur.execute(
            f"SELECT article_id, id, located_by, name, country, lat, lon FROM {SITES} WHERE list_contains(?, article_id)",
            [arts],
        ).fetchall()
    }
    _languages(cur, rows)
    for r in rows:
        r["day"] = r.get("date") or r.get("published") or ""
        site = sites.get((r["article_id"], r["event_id"]))
        if site:
            r["located_by"], r["place"], r["place_country"], r["lat"], r["lon"] = site
            r["place_country"] = r["place_country"] or None
        else:
            r["located_by"] = "event" if r.get("place") else None
    return rows


# -- events, map, timeline, overview ---------------------------------------------------------------


def events(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Events, newest first (the store's events query), with the site the map puts them at.

    When the summary counts answer the filters, the page is first narrowed to the newest days that
    hold enough rows (:func:`_page_cutoff`): the same page, without sorting every event."""
    if counted(f):
        cutoff = _page_cutoff(cur, f, after, _limit(limit) + 1)
        if cutoff is not None and (f.since is None or date_range(f.since, "since")[0] < cutoff):
            f = WebFilters(**{**f.__dict__, "since": cutoff.isoformat()})
    if f.group:
        return _group_events(cur, f, after, limit)
    page = _store_page(cur, "events", f, after, limit)
    _with_sites(cur, page.rows)
    _with_groups(cur, page.rows)
    return page


def _with_groups(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Each event row's ``group_id``: the event group it is a member of (None if none)."""
    of = group_of(cur, [r["gid"] for r in rows])
    for r in rows:
        r["group_id"] = of.get(r["gid"])


def _group_events(cur: duckdb.DuckDBPyConnection, f: WebFilters, after: str | None, limit: int) -> Page:
    """The events of one group (its members), as event rows; one page (a group is small)."""
    if after:
        return Page([])
    gids = [
        r[0]
        for r in cur.execute("SELECT event_id FROM group_members WHERE group_id = ? ORDER BY seq", [f.group]).fetchall()
    ]
    inner = "SELECT e.* FROM events e WHERE list_contains(?, e.article_id || ':' || e.id)"
    rows = _with_sites(cur, _rows_of(cur, "events", inner, [gids], limit))
    for r in rows:
        r["group_id"] = f.group
    return Page(rows)


def _page_cutoff(cur: duckdb.DuckDBPyConnection, f: WebFilters, after: str | None, rows: int) -> date | None:
    """The latest day ``d`` such that at least ``rows`` events under ``f`` (after the cursor) start
    on or after ``d`` (``date_lo``), from ``event_counts``; None when there are not that many.

    Adding ``since = d`` keeps exactly the same page: the page's rows all start on or after ``d``,
    and the rows ``since`` adds (partial dates reaching past ``d``) sort after them."""
    where, params = _summary_where(f)
    if after:
        try:
            key = decode_cursor("events", after, newest_first=True)
        except StoreError as e:
            raise ValueError(e.detail) from e
        if key[0] is None:  # the cursor is among the undated rows: no day bounds the rest
            return None
        where += " AND c.date_lo < ?"  # rows of the cursor's own day may be shown already: not counted
        params.append(date.fromisoformat(str(key[0])))
    got = cur.execute(
        f"""SELECT date_lo FROM (
              SELECT c.date_lo, sum(sum(c.n)) OVER (ORDER BY c.date_lo DESC) AS running
              FROM {COUNTS} c WHERE {where} AND c.date_lo IS NOT NULL GROUP BY c.date_lo)
            WHERE running >= ? ORDER BY date_lo DESC LIMIT 1""",
        [*params, rows],
    ).fetchall()
    return got[0][0] if got else None


def counted(f: WebFilters) -> bool:
    """Whether the summary tables answer counts under ``f`` (dates, type and at most one country)."""
    return len(f.country) <= 1 and not (
        f.actor
        or f.status
        or f.language
        or f.text
        or f.place
        or f.source
        or f.target
        or f.article
        or f.group
        or f.story
    )


def _date_window(f: WebFilters, conds: list[str], params: list[Any]) -> None:
    """Add ``f.since`` / ``f.until`` as an overlap test on alias ``c``'s date bounds (undated rows never match)."""
    try:
        if f.since:
            conds.append("c.date_hi >= ?")
            params.append(date_range(f.since, "since")[0])
        if f.until:
            conds.append("c.date_lo <= ?")
            params.append(date_range(f.until, "until")[1])
    except StoreError as e:
        raise ValueError(e.detail) from e


def _summary_where(f: WebFilters) -> tuple[str, list[Any]]:
    conds = ["c.country = ?"]
    params: list[Any] = [f.country[0] if f.country else ""]
    _date_window(f, conds, params)
    if f.type:
        conds.append("list_contains(?, lower(c.type))")
        params.append([t.lower() for t in f.type])
    return " AND ".join(conds), params


def _events_base(f: WebFilters) -> tuple[str, list[Any]]:
    """The events that pass ``f`` (store columns, no joins) with their ``day`` and ``outlet``."""
    try:
        base, params = filtered_sql("events", store_filters(f, "events"))
    except StoreError as e:
        raise ValueError(e.detail) from e
    sql = f"""SELECT b.*, COALESCE(b.date, a.published, '') AS day, COALESCE(a.source, '') AS outlet
      FROM ({base}) b JOIN articles a ON a.id = b.article_id"""
    return sql, params


def timeline(cur: duckdb.DuckDBPyConnection, f: WebFilters) -> list[dict[str, Any]]:
    """Events per day and PLOVER type (``event_counts`` when the filters allow)."""
    if counted(f):
        where, params = _summary_where(f)
        return _dicts(
            cur,
            f"""SELECT c.day, c.type, sum(c.n)::BIGINT AS events FROM {COUNTS} c WHERE {where} AND c.day <> ''
                GROUP BY c.day, c.type HAVING sum(c.n) > 0 ORDER BY c.day, c.type""",
            params,
        )
    base, params = _events_base(f)
    return _dicts(
        cur,
        f"SELECT day, type, count(*) AS events FROM ({base}) v WHERE day <> '' GROUP BY ALL ORDER BY day, type",
        params,
    )


# the map's pins from rows (name, place_country, lat, lon, type, outlet, n)
_PINS = """
WITH t AS (SELECT name, place_country, lat, lon, type, sum(n) AS tn FROM ({rows}) c GROUP BY ALL HAVING sum(n) > 0),
o AS (SELECT name, place_country, lat, lon, count(DISTINCT outlet) AS outlets FROM ({rows}) c WHERE n > 0 GROUP BY ALL)
SELECT t.name, NULLIF(t.place_country, '') AS country, t.lat, t.lon, sum(t.tn)::BIGINT AS events,
  any_value(o.outlets) AS outlets, arg_max(t.type, t.tn) AS type, list(t.type ORDER BY t.type) AS types
FROM t JOIN o ON o.name = t.name AND o.place_country = t.place_country AND o.lat = t.lat AND o.lon = t.lon
GROUP BY t.name, t.place_country, t.lat, t.lon ORDER BY events DESC, t.name LIMIT 2000
"""


def places(cur: duckdb.DuckDBPyConnection, f: WebFilters) -> list[dict[str, Any]]:
    """The map: event sites with events, distinct outlets and types (``place_counts`` when the filters allow)."""
    if counted(f):
        where, params = _summary_where(f)
        rows = f"""SELECT c.name, c.place_country, c.lat, c.lon, c.type, c.outlet, sum(c.n) AS n
                   FROM {PLACE_COUNTS} c WHERE {where} GROUP BY ALL"""
        return _dicts(cur, _PINS.format(rows=rows), params + params)
    base, params = _events_base(f)
    rows = f"""SELECT s.name, s.country AS place_country, s.lat, s.lon, v.type, v.outlet, 1 AS n
               FROM ({base}) v JOIN {SITES} s ON s.article_id = v.article_id AND s.id = v.id"""
    return _dicts(cur, _PINS.format(rows=rows), params + params)


def overview(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, top: int = 10, period_days: int = 7) -> Overview:
    """Timeline by day and type, top actors and dyads, change per country and mapped places."""
    ov = Overview()
    ov.timeline = timeline(cur, f)
    ov.places = places(cur, f)
    base, params = _events_base(f)
    ov.top_actors = _dicts(
        cur,
        f"""SELECT name, mode(country) AS country, count(*) AS events FROM (
             SELECT source_name AS name, source_country AS country FROM ({base}) v WHERE source_name IS NOT NULL
             UNION ALL SELECT target_name, target_country FROM ({base}) v WHERE target_name IS NOT NULL)
           GROUP BY name ORDER BY events DESC, name LIMIT ?""",
        params + params + [top],
    )
    ov.dyads = _dicts(
        cur,
        f"""SELECT source_name AS source, target_name AS target, count(*) AS events, mode(type) AS type
           FROM ({base}) v WHERE source_name IS NOT NULL AND target_name IS NOT NULL GROUP BY ALL
           ORDER BY events DESC, source, target LIMIT ?""",
        [*params, top],
    )
    if counted(f):
        where, cparams = _summary_where(f)
        where = where.replace("c.country = ?", "c.country <> '' AND (? = '' OR c.country = ?)")
        cparams = [cparams[0], *cparams]
        daily_sql = f"""SELECT c.country, TRY_CAST(c.day AS DATE) AS d, sum(c.n)::BIGINT AS n FROM {COUNTS} c
                        WHERE {where} AND TRY_CAST(c.day AS DATE) IS NOT NULL GROUP BY ALL"""
        daily = cur.execute(daily_sql, cparams).fetchall()
        where, cparams = _summary_where(f)
        row = cur.execute(
            f"""SELECT (SELECT COALESCE(sum(n), 0) FROM {COUNTS} c WHERE {where}),
                       (SELECT COALESCE(sum(n), 0) FROM {PLACE_COUNTS} c WHERE {where})""",
            cparams + cparams,
        ).fetchall()[0]
        n_articles = cur.execute(f"SELECT count(DISTINCT article_id) FROM ({base}) v", params).fetchall()[0]
        assert row is not None and n_articles is not None
        ov.totals = {"events": int(row[0]), "mapped": int(row[1]), "articles": int(n_articles[0])}
    else:
        daily = cur.execute(
            f"""SELECT c, TRY_CAST(day AS DATE) AS d, count(*) AS n FROM (SELECT day, unnest(countries) AS c FROM ({base}) v)
                WHERE TRY_CAST(day AS DATE) IS NOT NULL GROUP BY ALL""",
            params,
        ).fetchall()
        row = cur.execute(
            f"""SELECT count(*), count(s.id), count(DISTINCT v.article_id) FROM ({base}) v
                LEFT JOIN {SITES} s ON s.article_id = v.article_id AND s.id = v.id""",
            params,
        ).fetchall()[0]
        ov.totals = {"events": int(row[0]), "mapped": int(row[1]), "articles": int(row[2])}
    end = date.fromisoformat(f.until) if f.until and len(f.until) == 10 else None
    ov.change = country_change(daily, period_days=period_days, end=end)
    return ov


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


# -- articles, quotes, figures ------------------------------------------------------------------


def articles(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Articles, newest first (the store's articles query), with counts of what was extracted."""
    page = _store_page(cur, "articles", f, after, limit)
    for r in page.rows:
        r["day"] = r.get("published") or ""
    return page


def article_record(cur: duckdb.DuckDBPyConnection, article_id: str) -> str | None:
    """The stored record JSON of one article (text, spans, removed list), or None."""
    rows = cur.execute("SELECT record FROM articles WHERE id = ?", [article_id]).fetchall()
    return str(rows[0][0]) if rows else None


def quotes(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Quotes and reported speech with their speaker, newest first (the store's quotes query)."""
    page = _store_page(cur, "quotes", f, after, limit)
    _languages(cur, page.rows)
    for r in page.rows:
        r["day"] = r.get("published") or ""
    return page


def figures(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Typed figures with what they count and their event, newest first (the store's figures query)."""
    page = _store_page(cur, "figures", f, after, limit)
    _languages(cur, page.rows)
    for r in page.rows:
        r["day"] = r.get("date") or ""
    return page


# -- cursors of the lists the store's read API does not have (grouped actors, contradictions) ----


def _encode_key(key: list[Any] | None) -> str | None:
    if key is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, default=str).encode()).decode().rstrip("=")


def _decode_key(cursor: str | None, n: int) -> list[Any] | None:
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or len(key) != n or not all(isinstance(k, str | int | float) for k in key):
        raise ValueError("cursor is not one this server gave out; start again without it")
    return key


def _page(
    cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any], limit: int, key: tuple[str, ...]
) -> Page:
    rows = _dicts(cur, sql + f" LIMIT {_limit(limit) + 1}", params)
    nxt = None
    if len(rows) > _limit(limit):
        rows = rows[: _limit(limit)]
        nxt = _encode_key([rows[-1][k] for k in key])
    return Page(rows, nxt)


# -- actors --------------------------------------------------------------------------------------

# An actor across articles: the knowledge-base id when resolved, else its folded name.
_ACTOR_KEY = KEY_SQL

_ACTOR_GROUPS = """SELECT r.key, mode(r.name) AS name, mode(r.country) AS country, mode(r.sector) AS sector,
  mode(r.kind) AS kind, list_sort(list_distinct(flatten(list([r.name] || r.aliases)))) AS spellings,
  count(DISTINCT r.article_id) AS articles, sum(len(r.mentions))::BIGINT AS mentions"""

# keys with a spelling (name or alias, normalised like actors.match_names) containing the parameter
_NAMED = f"SELECT DISTINCT key FROM {ACTOR_FORMS} WHERE contains(match_names, strip_accents(lower(?)))"


def _summarised(f: WebFilters) -> bool:
    """Whether the actor summary answers these filters (no dates or language, one country, one kind)."""
    return not (f.since or f.until or f.language or f.article) and len(f.country) <= 1 and len(f.type) <= 1


def actors(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Actors grouped across articles (by knowledge-base id, else folded name), most-reported first.

    ``actor`` (and ``text``, the same here) picks actors with a spelling containing it; the
    other filters (country, kind, dates, language) pick the actor rows that are counted. Read from
    the actor summary (:mod:`.actor_summary`) when it holds the filters (one country, one kind,
    no dates or language), else from the store's actors query."""
    names = [v for v in (f.actor, f.text) if v]
    key = _decode_key(after, 2)
    if _summarised(f):
        return _actors_from_summary(cur, f, names, key, limit)
    rows_f = WebFilters(**{**f.__dict__, "actor": None, "text": None})
    try:
        base, params = filtered_sql("actors", store_filters(rows_f, "actors"))
    except StoreError as e:
        raise ValueError(e.detail) from e
    for name in names:
        base = f"SELECT x.* FROM ({base}) x WHERE {_ACTOR_KEY} IN ({_NAMED})"
        params = [*params, name]
    outer = ""
    ranked_params = list(params)
    if key:
        outer = "HAVING (count(DISTINCT x.article_id) < ? OR (count(DISTINCT x.article_id) = ? AND key > ?))"
        ranked_params += [key[0], key[0], key[1]]
    # two phases: rank the keys on two columns, then describe only the page's keys
    ranked = f"""SELECT {_ACTOR_KEY} AS key, count(DISTINCT x.article_id) AS articles FROM ({base}) x
      GROUP BY key {outer} ORDER BY articles DESC, key LIMIT {_limit(limit) + 1}"""
    sql = f"""WITH page AS MATERIALIZED ({ranked})
      SELECT * FROM ({_ACTOR_GROUPS} FROM (
          SELECT {_ACTOR_KEY} AS key, x.* FROM ({base}) x
          WHERE {_ACTOR_KEY} IN (SELECT key FROM page)) r GROUP BY r.key) g
      ORDER BY g.articles DESC, g.key"""
    return _page(cur, sql, ranked_params + params, limit, ("articles", "key"))


def _actors_from_summary(
    cur: duckdb.DuckDBPyConnection, f: WebFilters, names: list[str], key: list[Any] | None, limit: int
) -> Page:
    country = f.country[0].upper() if f.country else ANY
    kind = f.type[0].lower() if f.type else ANY
    conds = ["c.country = ?", "c.kind = ?"]
    params: list[Any] = [country, kind]
    for name in names:
        conds.append(f"c.key IN ({_NAMED})")
        params.append(name)
    if key:
        conds.append("(c.articles < ? OR (c.articles = ? AND c.key > ?))")
        params += [key[0], key[0], key[1]]
    found = _dicts(
        cur,
        f"""SELECT c.key, c.articles, c.mentions FROM {ACTOR_COUNTS} c WHERE {" AND ".join(conds)}
            ORDER BY c.articles DESC, c.key LIMIT {_limit(limit) + 1}""",
        params,
    )
    forms_conds = ["list_contains(?, key)"]
    forms_params: list[Any] = [[r["key"] for r in found]]
    if f.country:
        forms_conds.append("country = ?")
        forms_params.append(country)
    if f.type:
        forms_conds.append("kind = ?")
        forms_params.append(kind)
    forms: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in cur.execute(
        f"SELECT key, name, aliases, country, sector, kind, n FROM {ACTOR_FORMS} WHERE {' AND '.join(forms_conds)}",
        forms_params,
    ).fetchall():
        forms[row[0]].append(row[1:])
    rows = [
        _describe(r["key"], forms[r["key"]]) | {"articles": r["articles"], "mentions": r["mentions"]} for r in found
    ]
    nxt = None
    if len(rows) > _limit(limit):
        rows = rows[: _limit(limit)]
        nxt = _encode_key([rows[-1]["articles"], rows[-1]["key"]])
    return Page(rows, nxt)


def _describe(key: str, forms: list[tuple[Any, ...]]) -> dict[str, Any]:
    """An actor's most frequent name, country, sector and kind, and its spellings, from its forms
    ``(name, aliases, country, sector, kind, rows)`` (missing values are ``''`` there)."""
    tallies: list[Counter[str]] = [Counter() for _ in range(4)]
    spellings: set[str] = set()
    for name, aliases, country, sector, kind, n in forms:
        for tally, value in zip(tallies, (name, country, sector, kind), strict=True):
            if value:
                tally[value] += n
        if name:
            spellings.add(name)
        spellings.update(a for a in aliases.split("\x1f") if a)

    def mode(t: Counter[str]) -> str | None:
        return min(t.items(), key=lambda kv: (-kv[1], kv[0]))[0] if t else None

    name, country, sector, kind = (mode(t) for t in tallies)
    return {
        "key": key,
        "name": name,
        "country": country,
        "sector": sector,
        "kind": kind,
        "spellings": sorted(spellings),
    }


def _rows_of(
    cur: duckdb.DuckDBPyConnection, what: str, inner: str, params: list[Any], limit: int
) -> list[dict[str, Any]]:
    """Rows of the store's query ``what`` (its columns and article join) for the base-table rows
    ``inner`` selects, newest first."""
    spec = QUERIES[what]
    a = spec.alias
    cols = ", ".join(f'{expr} AS "{name}"' for name, expr in spec.columns)
    order = ", ".join(f"{expr} DESC NULLS LAST" for expr, _ in spec.key)
    return _dicts(
        cur,
        f"SELECT {cols} FROM ({inner}) {a} JOIN articles a ON a.id = {a}.article_id ORDER BY {order} LIMIT {_limit(limit)}",
        params,
    )


def actor(cur: duckdb.DuckDBPyConnection, key: str, *, limit: int = 200) -> dict[str, Any] | None:
    """One actor (see :func:`actors` for the key): spellings, events as source and as target, quotes."""
    # the key's rows: its knowledge-base id, or one of its names (from the actor summary) whose
    # folded form is the key; comparing names first spares folding every actor row
    names = [r[0] for r in cur.execute(f"SELECT DISTINCT name FROM {ACTOR_FORMS} WHERE key = ?", [key]).fetchall()]
    mine = f"""SELECT x.* FROM actors x WHERE x.kb_id = ?
      OR (x.kb_id IS NULL AND list_contains(?, COALESCE(x.name, '')) AND {_ACTOR_KEY} = ?)"""
    mine_params: list[Any] = [key, names, key]
    summary = _dicts(
        cur, f"{_ACTOR_GROUPS} FROM (SELECT ? AS key, x.* FROM ({mine}) x) r GROUP BY r.key", [key, *mine_params]
    )
    if not summary:
        return None
    out = summary[0]
    for role, col in (("as_source", "source"), ("as_target", "target")):
        inner = f"SELECT e.* FROM events e SEMI JOIN ({mine}) x ON x.article_id = e.article_id AND x.id = e.{col}"
        out[role] = _with_sites(cur, _rows_of(cur, "events", inner, mine_params, limit))
    inner = f"SELECT q.* FROM quotes q SEMI JOIN ({mine}) x ON x.article_id = q.article_id AND x.id = q.speaker"
    out["quotes"] = _rows_of(cur, "quotes", inner, mine_params, limit)
    for q in out["quotes"]:
        q["day"] = q.get("published") or ""
    return out


# -- linking: event groups and stories (tables of migration 6, written by ingest's linker) -------

_GROUPS = f"""
SELECT g.id AS group_id, COALESCE(g.date, g.date_start, '') AS day, g.type, g.mode, g.source_name AS source,
  g.target_name AS target, g.date, g.date_start, g.date_end, g.place, g.place_country, g.lat, g.lon,
  g.article_count AS articles, g.outlet_count AS outlets, COALESCE(gm.members, 0) AS members,
  len(g.claimed_by) AS claims, len(g.denied_by) AS denials, g.story_id, s.label AS story,
  se.country AS source_country, te.country AS target_country,
  {_fold("g.source_name")} || chr(31) || {_fold("g.target_name")} AS _names,
  {_fold("array_to_string(g.triggers, ' ')")} AS _triggers, COALESCE(g.date_end, g.date, '') AS _end
FROM event_groups g LEFT JOIN stories s ON s.id = g.story_id
LEFT JOIN (SELECT group_id, count(*) AS members FROM group_members GROUP BY group_id) gm ON gm.group_id = g.id
LEFT JOIN actor_entities se ON se.id = g.source_entity LEFT JOIN actor_entities te ON te.id = g.target_entity
"""


def _group_where(f: WebFilters) -> tuple[list[str], list[Any]]:
    """Conditions on alias ``b`` (a row of ``_GROUPS`` or ``_GROUP_PINS``) for the groups' filters."""
    conds: list[str] = []
    params: list[Any] = []
    if f.story:
        conds.append("b.story_id = ?")
        params.append(f.story)
    if f.type:
        conds.append("list_contains(?, upper(b.type))")
        params.append([t.upper() for t in f.type])
    if f.since:
        conds.append("rpad(b._end, 10, '~') >= ?")
        params.append(f.since)
    if f.until:
        conds.append("b.day <> '' AND b.day <= ?")
        params.append(f.until)
    if f.country:
        conds.append("list_has_any(?, [b.place_country, b.source_country, b.target_country])")
        params.append(list(f.country))
    if f.place:
        conds.append("b.place = ?")
        params.append(f.place)
    if f.actor:
        conds.append("contains(b._names, ?)")
        params.append(fold(f.actor))
    if f.text:
        conds.append("contains(b._triggers, ?)")
        params.append(fold(f.text))
    for status, cond in (
        ("claimed", "b.claims > 0"),
        ("denied", "b.denials > 0"),
        ("asserted", "b.claims = 0 AND b.denials = 0"),
    ):
        if f.status and status in [x.lower() for x in f.status]:
            conds.append(cond)
    return conds, params


def groups(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Event groups (one real-world happening each, across articles), newest first.

    Filters: ``story``, ``type``, dates (the group's span overlaps), ``country`` (its place's or
    either side's), ``place`` (exact), ``actor`` (either side's name), ``text`` (trigger words),
    ``status`` (``claimed``/``denied``: groups someone claims or denies; ``asserted``: reported as fact)."""
    conds, params = _group_where(f)
    _after_desc(conds, params, after, "b.day", "b.group_id")
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    sql = f"SELECT * EXCLUDE (_names, _triggers, _end) FROM ({_GROUPS}) b {where} ORDER BY b.day DESC, b.group_id"
    return _page(cur, sql, params, limit, ("day", "group_id"))


_PIN_COLUMNS = """g.id AS group_id, COALESCE(g.date, g.date_start, '') AS day, g.type, g.source_name AS source,
  g.target_name AS target, g.place, g.place_country, g.lat, g.lon, g.article_count AS articles,
  g.outlet_count AS outlets, g.story_id"""
_PIN_NAMES = "b.group_id, b.day, b.type, b.source, b.target, b.place, b.place_country, b.lat, b.lon, b.articles, b.outlets, b.story_id"
# what the groups' filters read besides the pin's own columns, added only when a filter reads it
_PIN_EXTRAS = {
    "status": "len(g.claimed_by) AS claims, len(g.denied_by) AS denials",
    "since": "COALESCE(g.date_end, g.date, '') AS _end",
    "actor": f"{_fold('g.source_name')} || chr(31) || {_fold('g.target_name')} AS _names",
    "text": _fold("array_to_string(g.triggers, ' ')") + " AS _triggers",
    "country": "se.country AS source_country, te.country AS target_country",
}
_PIN_ENTITIES = (
    "LEFT JOIN actor_entities se ON se.id = g.source_entity LEFT JOIN actor_entities te ON te.id = g.target_entity"
)
MAX_PINS = 2000
"""Most pins one map draws (the groups reported by the most outlets first)."""


def _lean_groups(f: WebFilters, *, located: bool) -> tuple[str, list[Any]]:
    """``event_groups`` rows (alias ``b``, the pin columns) that pass the groups' filters: the sides'
    entities joined only for ``country``, folded names and triggers computed only for ``actor`` and
    ``text`` (bench/group_pins_bench.py)."""
    conds, params = _group_where(f)
    extras = [sql for name, sql in _PIN_EXTRAS.items() if getattr(f, name)]
    cols = ", ".join([_PIN_COLUMNS, *extras])
    joins = _PIN_ENTITIES if f.country else ""
    site = "WHERE g.lat IS NOT NULL AND g.lon IS NOT NULL" if located else ""
    where = "".join(f" AND {c}" for c in conds)
    return f"SELECT {_PIN_NAMES} FROM (SELECT {cols} FROM event_groups g {joins} {site}) b WHERE true{where}", params


def group_pins(cur: duckdb.DuckDBPyConnection, f: WebFilters) -> list[dict[str, Any]]:
    """The map of event groups: one pin per group with a place (its site, date and type come from
    the linking tables), the groups reported by the most outlets first, at most :data:`MAX_PINS`.

    One bounded query over ``event_groups``: no member or event rows are read."""
    sql, params = _lean_groups(f, located=True)
    return _dicts(cur, f"{sql} ORDER BY b.outlets DESC, b.articles DESC, b.group_id LIMIT {MAX_PINS}", params)


def group_timeline(cur: duckdb.DuckDBPyConnection, f: WebFilters) -> list[dict[str, Any]]:
    """Event groups per day (the group's date, else the first member's) and PLOVER type, as
    ``[{day, type, groups}]``; one query over ``event_groups`` under the groups' filters."""
    sql, params = _lean_groups(f, located=False)
    return _dicts(
        cur,
        f"SELECT b.day, b.type, count(*) AS groups FROM ({sql}) b WHERE b.day <> '' GROUP BY ALL ORDER BY b.day, b.type",
        params,
    )


def _entity_names(cur: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(cur.execute("SELECT id, name FROM actor_entities WHERE list_contains(?, id)", [ids]).fetchall())


def group(cur: duckdb.DuckDBPyConnection, group_id: str) -> dict[str, Any] | None:
    """One event group: the happening, its members (outlet, date, status, evidence sentence, article)
    and who asserts, claims or denies it (entity ids with their names)."""
    found = _dicts(
        cur,
        f"SELECT * EXCLUDE (_names, _triggers, _end) FROM ({_GROUPS}) b WHERE b.group_id = ?",
        [group_id],
    )
    if not found:
        return None
    out = found[0]
    raw = cur.execute(
        "SELECT asserted_by, claimed_by, denied_by, triggers FROM event_groups WHERE id = ?", [group_id]
    ).fetchall()[0]
    members = _dicts(
        cur,
        """SELECT m.article_id, m.event_id AS gid, m.outlet, m.status, m.date, m.evidence.text AS evidence,
             m.copy_of, m.trigger, m.mode, m.claimed_by, m.place, a.title, a.url, a.published
           FROM group_members m LEFT JOIN articles a ON a.id = m.article_id
           WHERE m.group_id = ? ORDER BY m.seq""",
        [group_id],
    )
    names = _entity_names(cur, sorted({*raw[1], *raw[2], *(m["claimed_by"] for m in members if m["claimed_by"])}))
    for m in members:
        m["event_id"] = m["gid"].rpartition(":")[2]
        m["day"] = m["date"] or m["published"] or ""
        m["claimed_by_name"] = names.get(m["claimed_by"]) if m["claimed_by"] else None
    out["asserted_by"] = list(raw[0])
    out["claimed_by"] = [{"entity": e, "name": names.get(e)} for e in raw[1]]
    out["denied_by"] = [{"entity": e, "name": names.get(e)} for e in raw[2]]
    out["triggers"] = list(raw[3])
    out["members_list"] = members
    return out


def group_of(cur: duckdb.DuckDBPyConnection, gids: list[str]) -> dict[str, str]:
    """Event global id -> id of the event group it is a member of (for the events on one page).

    Reads every group's member ids: fine at the sizes linking runs on today; an event -> group
    look-up table written with the groups would make it a look-up."""
    if not gids:
        return {}
    return dict(
        cur.execute(
            "SELECT event_id, group_id FROM group_members WHERE list_contains(?, event_id)",
            [gids],
        ).fetchall()
    )


_STORIES = f"""
SELECT s.id AS story_id, COALESCE(s.last_date, '') AS day, s.label, s.first_date, s.last_date,
  COALESCE(na.articles, 0) AS articles, COALESCE(n.groups, 0) AS groups, {_fold("s.label")} AS _label
FROM stories s LEFT JOIN (SELECT story_id, count(*) AS groups FROM event_groups GROUP BY story_id) n
  ON n.story_id = s.id
LEFT JOIN (SELECT story_id, count(*) AS articles FROM article_links GROUP BY story_id) na ON na.story_id = s.id
"""


def stories(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Stories (articles about one developing situation), latest activity first.

    Filters: dates (the story's span overlaps), ``text`` (its label: main actors and places)."""
    conds: list[str] = []
    params: list[Any] = []
    if f.since:
        conds.append("rpad(b.day, 10, '~') >= ?")
        params.append(f.since)
    if f.until:
        conds.append("COALESCE(b.first_date, '') <> '' AND b.first_date <= ?")
        params.append(f.until)
    if f.text or f.actor:
        conds.append("contains(b._label, ?)")
        params.append(fold(f.text or f.actor or ""))
    _after_desc(conds, params, after, "b.day", "b.story_id")
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    sql = f"SELECT * EXCLUDE (_label) FROM ({_STORIES}) b {where} ORDER BY b.day DESC, b.story_id"
    return _page(cur, sql, params, limit, ("day", "story_id"))


def story(cur: duckdb.DuckDBPyConnection, story_id: str, *, limit: int = 500) -> dict[str, Any] | None:
    """One story: its label and dates, and its timeline of event groups (oldest first) with the
    outlets carrying each."""
    found = _dicts(cur, f"SELECT * EXCLUDE (_label) FROM ({_STORIES}) b WHERE b.story_id = ?", [story_id])
    if not found:
        return None
    out = found[0]
    timeline = _dicts(
        cur,
        f"""SELECT b.* EXCLUDE (_names, _triggers, _end),
              (SELECT COALESCE(list_sort(list_distinct(list(m.outlet))), []) FROM group_members m
                WHERE m.group_id = b.group_id AND m.outlet IS NOT NULL) AS outlet_names
            FROM ({_GROUPS}) b WHERE b.story_id = ?
            ORDER BY b.day = '', b.day, b.group_id LIMIT {max(1, min(int(limit), 2000))}""",
        [story_id],
    )
    out["groups_list"] = timeline
    return out


# -- contradictions, dead letter -----------------------------------------------------------------


def _after_desc(conds: list[str], params: list[Any], after: str | None, sort: str, tie: str) -> None:
    """Keyset for ``ORDER BY sort DESC, tie ASC`` (sort never NULL)."""
    key = _decode_key(after, 2)
    if key:
        conds.append(f"({sort} < ? OR ({sort} = ? AND {tie} > ?))")
        params.extend([key[0], key[0], key[1]])


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


def contradictions(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Contradictions inside an article with both sides' evidence, newest first.

    The store's read API has no contradictions query yet: this one filters the table's own store
    columns (dates) and joins only the page's rows with the sides' evidence.
    """
    conds: list[str] = []
    params: list[Any] = []
    _date_window(f, conds, params)
    if f.type:
        conds.append("list_contains(?, lower(c.kind))")
        params.append([t.lower() for t in f.type])
    if f.language:
        conds.append("c.article_id IN (SELECT id FROM articles WHERE list_contains(?, language))")
        params.append(list(f.language))
    if f.article:
        conds.append("c.article_id = ?")
        params.append(f.article)
    if f.text:
        conds.append(f"contains({_fold('a_evidence || chr(31) || b_evidence || chr(31) || c.reason')}, ?)")
        params.append(fold(f.text))
    _after_desc(conds, params, after, "day", "gid")
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    sql = f"""SELECT * FROM (
      SELECT c.article_id || ':' || c.id AS gid, c.article_id, c.id AS contradiction_id, COALESCE(a.published, '') AS day,
        c.kind, c.reason, c.a, {_side("a", "a")}, c.b, {_side("b", "b")}, a.title, a.source AS outlet, a.url, a.language,
        c.date_lo, c.date_hi
      FROM contradictions c JOIN articles a ON a.id = c.article_id) c {where}
      ORDER BY day DESC, gid"""
    page = _page(cur, sql, params, limit, ("day", "gid"))
    for r in page.rows:
        r.pop("date_lo", None)
        r.pop("date_hi", None)
    return page


def dead_letter(cur: duckdb.DuckDBPyConnection, f: WebFilters, *, after: str | None = None, limit: int = 50) -> Page:
    """Inputs that produced no record, with the coded reason (by input path)."""
    conds: list[str] = []
    params: list[Any] = []
    if f.type:
        conds.append("(list_contains(?, b.code) OR list_contains(?, b.reason))")
        params += [list(f.type), list(f.type)]
    if f.text:
        conds.append(f"contains({_fold('b.input || chr(31) || b.message')}, ?)")
        params.append(fold(f.text))
    key = _decode_key(after, 1)
    if key:
        conds.append("b.key > ?")
        params.append(key[0])
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    sql = f"""SELECT * FROM (SELECT d.input || ':' || lpad(COALESCE(CAST(d.line AS VARCHAR), ''), 12, '0') AS key,
                d.input, d.line, d.code, d.reason, d.message FROM dead_letter d) b {where} ORDER BY b.key"""
    return _page(cur, sql, params, limit, ("key",))


# -- search --------------------------------------------------------------------------------------


def search(cur: duckdb.DuckDBPyConnection, q: str, *, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Articles (title and text), quotes (evidence: content and speaker's words) and actors (names
    and spellings) containing ``q``, case- and accent-insensitively (the store's queries)."""
    lim = _limit(limit)
    found_articles = articles(cur, WebFilters(text=q), limit=lim).rows
    needle = fold(q)
    ids = [a["article_id"] for a in found_articles]
    texts = dict(cur.execute("SELECT id, text FROM articles WHERE list_contains(?, id)", [ids]).fetchall())
    for a in found_articles:
        text = str(texts.get(a["article_id"]) or "")
        at = max(0, fold(text).find(needle) - 60)  # the title matched when the text does not (-1)
        a["snippet"] = text[at : at + 200]
    return {
        "articles": found_articles,
        "quotes": quotes(cur, WebFilters(text=q), limit=lim).rows,
        "actors": actors(cur, WebFilters(actor=q), limit=lim).rows,
    }


def counts(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table (the header line of every page)."""
    out: dict[str, int] = {}
    names = ("articles", "events", "actors", "quotes", "quantities", "places", "contradictions", "dead_letter")
    for name in (*names, "stories", "event_groups"):  # the linking tables: what the watcher's ingest linked
        out[name] = int(cur.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])
    return out


def ranked(rows: list[dict[str, Any]], key: str, count: str = "events") -> list[tuple[str, int]]:
    """Totals of column ``count`` per ``key`` value, largest first (legend of the timeline)."""
    c: Counter[str] = Counter()
    for r in rows:
        c[str(r[key])] += int(r[count])
    return c.most_common()


encode_key = _encode_key
"""An opaque cursor for a keyset position (a list of sort values), as every page here gives out."""
decode_key = _decode_key
"""The keyset position of a cursor :func:`encode_key` gave (``n`` values); ValueError if it is not one."""


def link_ids(
    cur: duckdb.DuckDBPyConnection, table: str, *, group: str | None, story: str | None, after: str | None, n: int
) -> list[str]:
    """The next ``n`` ids of ``event_groups`` or ``stories`` after the cursor, for one group and/or story."""
    if table not in ("event_groups", "stories"):
        raise ValueError(f"link_ids reads event_groups or stories, not {table!r}")
    conds: list[str] = []
    params: list[Any] = []
    if table == "event_groups":
        if group:
            conds.append("id = ?")
            params.append(group)
        if story:
            conds.append("story_id = ?")
            params.append(story)
    elif story:
        conds.append("id = ?")
        params.append(story)
    key = decode_key(after, 1)
    if key:
        conds.append("id > ?")
        params.append(str(key[0]))
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    sql = f"SELECT id FROM {table} {where} ORDER BY id LIMIT {int(n)}"  # table: one of two constants
    return [r[0] for r in cur.execute(sql, params).fetchall()]


__all__ = [
    "MAX_PAGE",
    "MAX_PINS",
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
    "decode_key",
    "encode_key",
    "events",
    "figures",
    "fold",
    "group",
    "group_of",
    "group_pins",
    "group_timeline",
    "groups",
    "link_ids",
    "overview",
    "places",
    "quotes",
    "ranked",
    "search",
    "split_gid",
    "store_filters",
    "stories",
    "story",
    "timeline",
]
