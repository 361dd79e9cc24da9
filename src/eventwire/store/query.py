"""The analyst's queries, shared by ``eventwire query``, the exporters and the Python API.

Each query reads one table and filters it on the store columns written at ingest (``countries``,
``match_names``, ``date_lo``/``date_hi``, the denormalised actor and place columns; see
:mod:`.tables`), so a filter is one scan without joins or subqueries. Only the rows that pass (or
the page that is asked for) are joined with ``articles`` for title, outlet and URL.

Every query orders its rows by a stable key — the row's date (undated last), the article id and
the row's position in the article — and can be read a page at a time: a page's ``next`` cursor
names the last row's key, and ``after=cursor`` continues strictly after it (keyset pagination: a
page costs the same wherever it lies, and rows written meanwhile never shift a page).

Dates: an event date may be partial (``2021-11``, ``2021``); it covers its whole month or year, and
``since``/``until`` keep a row when that range overlaps the asked one. Rows without an event date
use the article's publication date. Text and name filters ignore case and accents.
"""

from __future__ import annotations

import base64
import calendar
import datetime
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from ..errors import Skipped, StoreError
from ..records import from_dict, from_json
from .links import fill_article_ids, fill_members, link_table
from .rows import ROW_TYPES, make_rows, row_fields, row_schema
from .tables import DEAD_LETTER, Table, decode, table

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]  # no stubs installed

FILTERS = (
    "type",
    "country",
    "actor",
    "since",
    "until",
    "text",
    "status",
    "story",
    "language",
    "article",
    "place",
    "source",
    "target",
)


@dataclass(frozen=True)
class Filters:
    """Query filters; None means no filter. ``type``, ``country`` and ``status`` take comma-separated lists."""

    type: str | None = None
    """events: PLOVER type; figures: category; actors: kind; places: feature; quotes: direct|reported; skipped: code or reason."""
    country: str | None = None
    """ISO3 (or PLOVER pseudo-code): events/figures: of an actor on either side; actors/quotes/places: their own."""
    actor: str | None = None
    """Part of an actor's name or alias (case and accents ignored); events/figures: either side; quotes: speaker."""
    since: str | None = None
    """YYYY-MM-DD (or YYYY-MM, YYYY): event date, else publication date, on or after."""
    until: str | None = None
    """Same, on or before."""
    text: str | None = None
    """Part of the evidence sentence, case and accents ignored (quotes: the attribution; places/actors: name; articles: title and text; skipped: message)."""
    status: str | None = None
    """events: keep only these statuses (asserted, claimed, denied, ...)."""
    story: str | None = None
    """groups, stories, articles, events (those of the story's articles): only these story ids (comma-separated)."""
    language: str | None = None
    """Language codes of the article (comma-separated)."""
    article: str | None = None
    """One article id."""
    place: str | None = None
    """events: exact name of the place the event is located at (its own, else one in its sentence; see
    :mod:`.summaries`)."""
    source: str | None = None
    """events: exact name of the source actor."""
    target: str | None = None
    """events: exact name of the target actor."""
    newest_first: bool = False
    """Sort by the key descending (newest first, undated still last); cursors remember the order."""
    limit: int | None = None
    """At most this many rows (a page's size)."""
    after: str | None = None
    """Cursor: continue after the row it names (the ``next`` of the previous page)."""


@dataclass(frozen=True)
class QuerySpec:
    """One query: its table, columns (row field -> SQL), filter columns and sort key."""

    name: str
    table: str
    alias: str
    columns: tuple[tuple[str, str], ...]
    filters: dict[str, str]
    """Filter -> what it tests: a column or expression (``type``, ``status``, ``text``; ``a|b`` for
    either of two), the normalised ``match_names`` column (``actor``), a country column or list
    (``country``), or for ``since``/``until`` the alias whose ``date_lo``/``date_hi`` it compares."""
    key: tuple[tuple[str, str], ...]
    """Sort key: (expression, SQL type) pairs, undated (NULL) last."""
    type_means: str
    join_articles: bool = True
    joins: str = ""
    """More joins for the row columns (the linking tables: story, copy, entity)."""
    dates: tuple[str, str] | None = None
    """First and last day (DATE expressions) that ``since``/``until`` compare, when the table has no ``date_lo``/``date_hi``."""

    @property
    def applies(self) -> frozenset[str]:
        """Filters that mean something for this query."""
        return frozenset(self.filters)


def _cols(text: str) -> tuple[tuple[str, str], ...]:
    """``name = expr`` lines -> pairs (a bare ``x.name`` line keeps its name)."""
    out = []
    for line in text.strip().splitlines():
        name, sep, expr = line.strip().rstrip(",").partition(" = ")
        if not sep:
            expr, name = name, name.rsplit(".", 1)[-1].strip('"')
        out.append((name.strip(), expr.strip()))
    return tuple(out)


_EVENTS = QuerySpec(
    "events",
    "events",
    "e",
    _cols(
        """
        e.article_id
        event_id = e.id
        e.date
        published = a.published
        e.type
        e.mode
        e.status
        source = e.source_name
        e.source_country
        e.source_sector
        target = e.target_name
        e.target_country
        e.target_sector
        claimed_by = e.claimed_by_name
        place = e.place_name
        e.place_country
        e.lat
        e.lon
        contexts = array_to_string(e.contexts, ';')
        trigger = e.trigger.text
        evidence = e.evidence.text
        e.confidence
        title = a.title
        outlet = a.source
        url = a.url
        e.gid
        e.source_gid
        e.target_gid
        e.place_gid
        """
    ),
    {
        "type": "e.type",
        "country": "e.countries",
        "actor": "e.match_names",
        "since": "e",
        "until": "e",
        "text": "e.evidence.text",
        "status": "e.status",
        "language": "e",
        "article": "e.article_id",
        "story": "(SELECT story_id FROM article_links WHERE article_id = e.article_id)",
        "place": "e",
        "source": "e.source_name",
        "target": "e.target_name",
    },
    (("e.date_lo", "DATE"), ("e.article_id", "VARCHAR"), ("e.ordinal", "BIGINT")),
    "PLOVER event type",
)

_ACTORS = QuerySpec(
    "actors",
    "actors",
    "x",
    _cols(
        """
        x.article_id
        actor_id = x.id
        x.name
        x.country
        x.sector
        x.kind
        aliases = array_to_string(x.aliases, ';')
        mentions = len(x.mentions)
        x.kb_id
        published = a.published
        title = a.title
        x.gid
        entity_id = al.entity_id
        """
    ),
    {
        "type": "x.kind",
        "country": "x.country",
        "actor": "x.match_names",
        "since": "x",
        "until": "x",
        "text": "x.match_names",
        "language": "x",
        "article": "x.article_id",
    },
    (("x.date_lo", "DATE"), ("x.article_id", "VARCHAR"), ("x.ordinal", "BIGINT")),
    "actor kind",
    joins="LEFT JOIN actor_links al ON al.actor_id = x.gid",
)

_QUOTES = QuerySpec(
    "quotes",
    "quotes",
    "q",
    _cols(
        """
        q.article_id
        quote_id = q.id
        published = a.published
        speaker = COALESCE(q.speaker_name, q.speaker_text)
        q.speaker_country
        q.speaker_sector
        q.cue
        q.direct
        q.denial
        q.via
        q.content
        evidence = q.evidence.text
        title = a.title
        outlet = a.source
        url = a.url
        q.gid
        q.speaker_gid
        """
    ),
    {
        "type": "CASE WHEN q.direct THEN 'direct' ELSE 'reported' END",
        "country": "q.speaker_country",
        "actor": "q.match_names",
        "since": "q",
        "until": "q",
        "text": "q.match_text",
        "language": "q",
        "article": "q.article_id",
    },
    (("q.date_lo", "DATE"), ("q.article_id", "VARCHAR"), ("q.ordinal", "BIGINT")),
    "direct|reported",
)

_FIGURES = QuerySpec(
    "figures",
    "quantities",
    "n",
    _cols(
        """
        n.article_id
        figure_id = n.id
        date = COALESCE(n.event_date, a.published)
        figure = n.text
        n.value
        n.low
        n.high
        n.qualifier
        n.category
        n.unit
        event_id = n.event
        n.event_type
        n.parent
        evidence = n.evidence.text
        title = a.title
        outlet = a.source
        url = a.url
        n.gid
        n.event_gid
        """
    ),
    {
        "type": "n.category",
        "country": "n.countries",
        "actor": "n.match_names",
        "since": "n",
        "until": "n",
        "text": "n.evidence.text",
        "language": "n",
        "article": "n.article_id",
    },
    (("n.date_lo", "DATE"), ("n.article_id", "VARCHAR"), ("n.ordinal", "BIGINT")),
    "figure category",
)

_PLACES = QuerySpec(
    "places",
    "places",
    "p",
    _cols(
        """
        p.article_id
        place_id = p.id
        p.name
        p.country
        p.admin1
        p.lat
        p.lon
        p.feature
        p.gazetteer_id
        mentions = len(p.mentions)
        published = a.published
        title = a.title
        p.gid
        """
    ),
    {
        "type": "p.feature",
        "country": "p.country",
        "since": "p",
        "until": "p",
        "text": "p.name",
        "language": "p",
        "article": "p.article_id",
    },
    (("p.date_lo", "DATE"), ("p.article_id", "VARCHAR"), ("p.ordinal", "BIGINT")),
    "gazetteer feature",
)

_ARTICLES = QuerySpec(
    "articles",
    "articles",
    "a",
    _cols(
        """
        article_id = a.id
        a.published
        a.published_inferred
        a.title
        outlet = a.source
        a.url
        a.language
        a.input
        chars = length(a.text)
        events = a.n_events
        actors = a.n_actors
        quotes = a.n_quotes
        figures = a.n_quantities
        places = a.n_places
        a.extractor
        a.id
        a.source
        a.input_id
        copy_of = l.copy_of
        story_id = l.story_id
        """
    ),
    {
        "country": "a.countries",
        "actor": "a.match_names",
        "since": "a",
        "until": "a",
        "text": "a.match_text",
        "story": "(SELECT story_id FROM article_links WHERE article_id = a.id)",
        "language": "a.language",
        "article": "a.id",
    },
    (("a.date_lo", "DATE"), ("a.id", "VARCHAR")),
    "",
    join_articles=False,
    joins="LEFT JOIN article_links l ON l.article_id = a.id",
)

_SKIPPED = QuerySpec(
    "skipped",
    DEAD_LETTER,
    "d",
    _cols("d.input\nd.line\nd.code\nd.reason\nd.message"),
    {"type": "d.code|d.reason", "text": "d.message"},
    (("d.input", "VARCHAR"), ("d.line", "BIGINT")),
    "error code or reason",
    join_articles=False,
)

_STORIES = QuerySpec(
    "stories",
    "stories",
    "s",
    _cols(
        """
        s.id
        s.label
        s.first_date
        s.last_date
        article_ids = COALESCE((SELECT list(l.article_id ORDER BY l.seq) FROM article_links l WHERE l.story_id = s.id), [])
        """
    ),
    {"since": "s", "until": "s", "text": "s.label", "story": "s.id"},
    (("TRY_CAST(s.first_date AS DATE)", "DATE"), ("s.id", "VARCHAR")),
    "",
    join_articles=False,
    dates=("TRY_CAST(s.first_date AS DATE)", "TRY_CAST(s.last_date AS DATE)"),
)

_GROUP_COUNTRIES = (
    "(SELECT COALESCE(list(ae.country) FILTER (WHERE ae.country IS NOT NULL), []) FROM actor_entities ae "
    "WHERE ae.id = g.source_entity OR ae.id = g.target_entity)"
)

_GROUPS = QuerySpec(
    "groups",
    "event_groups",
    "g",
    _cols(
        """
        g.id
        g.story_id
        g.type
        g.mode
        source = g.source_name
        target = g.target_name
        g.date
        g.place
        status = struct_pack(asserted_by := g.asserted_by, claimed_by := g.claimed_by, denied_by := g.denied_by)
        g.article_count
        g.outlet_count
        members = COALESCE((SELECT list(struct_pack(article_id := m.article_id, event_id := m.event_id, outlet := m.outlet, evidence := m.evidence) ORDER BY m.seq) FROM group_members m WHERE m.group_id = g.id), [])
        g.source_entity
        g.target_entity
        g.date_start
        g.date_end
        g.place_country
        g.lat
        g.lon
        """
    ),
    {
        "type": "g.type",
        "country": _GROUP_COUNTRIES,
        "actor": "strip_accents(lower(COALESCE(g.source_name, '') || chr(31) || COALESCE(g.target_name, '')))",
        "since": "g",
        "until": "g",
        "text": "COALESCE((SELECT string_agg(m.evidence.text, chr(31)) FROM group_members m WHERE m.group_id = g.id), '')",
        "story": "g.story_id",
    },
    (("TRY_CAST(g.date_start AS DATE)", "DATE"), ("g.id", "VARCHAR")),
    "PLOVER event type",
    join_articles=False,
    dates=("TRY_CAST(g.date_start AS DATE)", "TRY_CAST(g.date_end AS DATE)"),
)

QUERIES: dict[str, QuerySpec] = {
    q.name: q for q in (_EVENTS, _ACTORS, _QUOTES, _FIGURES, _PLACES, _ARTICLES, _SKIPPED, _STORIES, _GROUPS)
}
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_LIST_COLUMNS = frozenset({"e.countries", "n.countries", "a.countries", _GROUP_COUNTRIES})


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _normalised(expr: str) -> str:
    return f"strip_accents(lower({expr}))"


def date_range(value: str, option: str = "date") -> tuple[datetime.date, datetime.date]:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; StoreError EW303 if not a date."""
    m = _DATE.fullmatch(value)
    try:
        if not m:
            raise ValueError(value)
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if not month:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if not day:
            return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        d = datetime.date(year, month, day)
        return d, d
    except ValueError:
        raise StoreError(f"--{option} {value!r} is not a date YYYY-MM-DD (or YYYY-MM, YYYY)", code="EW303") from None


def read_error(e: duckdb.Error, doing: str, code: str = "EW303") -> StoreError:
    """A DuckDB error while reading, as a coded StoreError: EW307 when DuckDB ran out of its memory cap."""
    first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__  # DuckDB adds a list of tips
    if isinstance(e, duckdb.OutOfMemoryException):
        return StoreError(f"{doing}: DuckDB ran out of memory ({first})", code="EW307")
    return StoreError(f"{doing} failed: {first}", code=code)


def _spec(what: str) -> QuerySpec:
    spec = QUERIES.get(what)
    if spec is None:
        raise StoreError(f"unknown query {what!r}; choose one of {', '.join(QUERIES)}", code="EW303")
    return spec


def _where(spec: QuerySpec, f: Filters) -> tuple[list[str], list[object]]:
    conds: list[str] = []
    params: list[object] = []
    for name in FILTERS:
        value = getattr(f, name)
        if value is None:
            continue
        expr = spec.filters.get(name)
        if expr is None:
            raise StoreError(f"--{name} does not apply to {spec.name}", code="EW303")
        if name in ("type", "status"):
            values = [v.lower() for v in _csv(value)]
            conds.append(" OR ".join(f"list_contains(?, lower({e}))" for e in expr.split("|")))
            params.extend([values] * len(expr.split("|")))
        elif name == "country":
            codes = [v.upper() for v in _csv(value)]
            conds.append(f"list_has_any({expr}, ?)" if expr in _LIST_COLUMNS else f"list_contains(?, {expr})")
            params.append(codes)
        elif name == "actor":  # match_names columns are normalised at ingest (and the groups' expression)
            conds.append(f"contains({expr}, {_normalised('?')})")
            params.append(value)
        elif name == "story":
            conds.append(f"list_contains(?, {expr})")
            params.append(_csv(value))
        elif name == "text":  # match_* store columns are normalised at ingest
            plain = expr.endswith(("match_names", "match_text"))
            conds.append(f"contains({expr if plain else _normalised(expr)}, {_normalised('?')})")
            params.append(value)
        elif name == "language":
            # child tables ask the articles table (a semi-join on the article id)
            alias = spec.alias
            test = (
                f"list_contains(?, {expr})"
                if "." in expr
                else f"{alias}.article_id IN (SELECT id FROM articles WHERE list_contains(?, language))"
            )
            conds.append(test)
            params.append(_csv(value))
        elif name == "place":  # the event's site (own place or one in its sentence), from the summary table
            conds.append(
                f"EXISTS (SELECT 1 FROM event_sites s WHERE s.article_id = {expr}.article_id AND s.id = {expr}.id AND s.name = ?)"
            )
            params.append(value)
        elif name in ("article", "source", "target"):
            conds.append(f"{expr} = ?")
            params.append(value)
        else:
            lo, hi = date_range(value, name)
            first, last = spec.dates or (f"{expr}.date_lo", f"{expr}.date_hi")
            # keep rows whose range [first, last] overlaps the asked one (undated rows never do)
            if name == "since":
                conds.append(f"{last} >= ?")
                params.append(lo)
            else:
                conds.append(f"{first} <= ?")
                params.append(hi)
    return conds, params


# -- cursors ---------------------------------------------------------------------------------------


def _order_name(what: str, newest_first: bool) -> str:
    return f"{what} desc" if newest_first else what


def encode_cursor(what: str, key: tuple[Any, ...], *, newest_first: bool = False) -> str:
    """An opaque cursor naming the row with sort key ``key`` in query ``what`` (in the given order)."""
    values = [v.isoformat() if isinstance(v, datetime.date) else v for v in key]
    raw = json.dumps([_order_name(what, newest_first), *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(what: str, cursor: str, *, newest_first: bool = False) -> list[Any]:
    """The sort key a cursor names; StoreError EW303 if it is not a cursor of query ``what`` in that order."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        values = None
    spec = _spec(what)
    if not isinstance(values, list) or len(values) != len(spec.key) + 1 or values[0] != _order_name(what, newest_first):
        raise StoreError(f"--after {cursor!r} is not a cursor of a {what} page", code="EW303")
    return values[1:]


def _after(spec: QuerySpec, cursor: str, newest_first: bool = False) -> tuple[str, list[object]]:
    """Rows strictly after the cursor's key in the query's order (lexicographic, NULLs last)."""
    values = decode_cursor(spec.name, cursor, newest_first=newest_first)
    cmp = "<" if newest_first else ">"
    ors: list[str] = []
    params: list[object] = []
    for i, ((expr, sql_type), value) in enumerate(zip(spec.key, values, strict=True)):
        if value is None:  # nothing sorts after NULL in this key
            continue
        ands = []
        for (prev, prev_type), v in zip(spec.key[:i], values[:i], strict=True):
            ands.append(f"{prev} IS NOT DISTINCT FROM CAST(? AS {prev_type})")
            params.append(v)
        ands.append(f"({expr} {cmp} CAST(? AS {sql_type}) OR {expr} IS NULL)")
        params.append(value)
        ors.append("(" + " AND ".join(ands) + ")")
    return ("(" + " OR ".join(ors) + ")" if ors else "false"), params


# -- building and running ------------------------------------------------------------------------


def build_query(
    what: str, f: Filters, *, with_key: bool = False, extra: int = 0, records: bool = False
) -> tuple[str, list[object]]:
    """SQL and parameters of query ``what`` under filters ``f``; StoreError EW303 on bad options.

    ``with_key`` adds the sort key as columns ``_k0``, ``_k1``, ...; ``extra`` rows are read past
    the limit (a page reads one more row to know whether another page follows); ``records``
    selects the record fields of the query's table instead of the row columns.
    """
    spec = _spec(what)
    conds, params = _where(spec, f)
    if f.after is not None:
        cond, more = _after(spec, f.after, f.newest_first)
        conds.append(cond)
        params.extend(more)
    if f.limit is not None and f.limit < 0:
        raise StoreError("--limit must be 0 or more", code="EW303")
    a = spec.alias
    direction = " DESC" if f.newest_first else ""
    order = ", ".join(f"{expr}{direction} NULLS LAST" for expr, _ in spec.key)
    where = f"WHERE {' AND '.join(conds)}" if conds else ""
    limit = f"LIMIT {int(f.limit) + extra}" if f.limit is not None else ""
    # filter, order and cut the base table first; only the rows that remain are joined (without a
    # limit the inner query only filters: one sort, at the end)
    cut = f"ORDER BY {order} {limit}" if limit else ""
    inner = f"SELECT {a}.* FROM {_table_name(spec)} {a} {where} {cut}"
    join = f"JOIN articles a ON a.id = {a}.article_id" if spec.join_articles else ""
    join = f"{join} {spec.joins}"
    select = [f"{expr} AS {_q(name)}" for name, expr in spec.columns]
    if records:
        t = _table(spec.table)
        cols = ["record"] if t.name == "articles" else [c.name for c in t.record_columns() or t.columns]
        select, join = [f"{a}.{_q(c)}" for c in cols], ""
    if with_key:
        select += [f"{expr} AS _k{i}" for i, (expr, _) in enumerate(spec.key)]
    sql = f"SELECT {', '.join(select)} FROM ({inner}) {a} {join} ORDER BY {order}"
    return sql, params


def _table(name: str) -> Table:
    try:
        return table(name)
    except KeyError:
        return link_table(name)


def filtered_sql(what: str, f: Filters) -> tuple[str, list[object]]:
    """``SELECT <alias>.* FROM <table> <alias> WHERE <filters>``: the rows of query ``what``'s table
    that pass ``f`` (cursor and limit ignored), unsorted and not joined: what counts and other
    aggregates read (the dashboard's timeline, map and overview when no summary table answers)."""
    spec = _spec(what)
    conds, params = _where(spec, f)
    where = f"WHERE {' AND '.join(conds)}" if conds else ""
    return f"SELECT {spec.alias}.* FROM {_table_name(spec)} {spec.alias} {where}", params


def read_page(con: duckdb.DuckDBPyConnection, what: str, f: Filters) -> Page:
    """The first ``f.limit`` rows of query ``what`` (after ``f.after``) and the next page's cursor,
    read on ``con`` (a Store's cursor, or a served snapshot cursor)."""
    if f.limit is None:
        raise StoreError("a page needs a limit", code="EW303")
    sql, params = build_query(what, f, with_key=True, extra=1)
    try:
        got = con.sql(sql, params=params).to_arrow_table()
    except duckdb.Error as e:
        raise read_error(e, f"query {what}") from e
    limit = f.limit
    keys = [f"_k{i}" for i in range(len(QUERIES[what].key))]
    nxt = None
    if got.num_rows > limit and limit > 0:
        last = got.slice(limit - 1, 1).select(keys).to_pylist()[0]
        nxt = encode_cursor(what, tuple(last[k] for k in keys), newest_first=f.newest_first)
    return Page(what, _cast(got.slice(0, limit).drop_columns(keys), row_schema(ROW_TYPES[what])), nxt)


def _table_name(spec: QuerySpec) -> str:
    return _q(_table(spec.table).name)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def run_query(con: duckdb.DuckDBPyConnection, what: str, f: Filters) -> duckdb.DuckDBPyConnection:
    """Execute query ``what`` on ``con``; fetch with ``.fetchall()`` or ``.fetchmany()``."""
    sql, params = build_query(what, f)
    try:
        return con.execute(sql, params)
    except duckdb.Error as e:
        raise read_error(e, f"query {what}") from e


@dataclass(frozen=True)
class Page:
    """One page of a query: its rows as Arrow, and the cursor of the next page (None after the last)."""

    what: str
    table: pa.Table
    next: str | None

    def rows(self) -> list[Any]:
        """The rows as typed row objects (:mod:`eventwire.store.rows`)."""
        return make_rows(ROW_TYPES[self.what], self.table)

    def df(self) -> pd.DataFrame:
        return self.table.to_pandas()


@dataclass
class Selection:
    """A query with its filters, run when read: as Arrow, pandas, typed rows, records, batches or a page.

    Get one from :meth:`Store.select`. Each read runs the query again (on its own cursor, so
    several selections can be read at once).
    """

    cursor: Callable[[], duckdb.DuckDBPyConnection]
    """Opens a connection of its own to the database (``Store.cursor``)."""
    what: str
    filters: Filters = field(default_factory=Filters)

    def __post_init__(self) -> None:
        build_query(self.what, self.filters)  # bad options fail here, not at the first read

    @property
    def row_type(self) -> type:
        return ROW_TYPES[self.what]

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema of the rows (:func:`eventwire.store.rows.row_schema`)."""
        return row_schema(self.row_type)

    @property
    def columns(self) -> tuple[str, ...]:
        return row_fields(self.row_type)

    def _relation(self, con: duckdb.DuckDBPyConnection, *, with_key: bool = False, extra: int = 0) -> Any:
        sql, params = build_query(self.what, self.filters, with_key=with_key, extra=extra)
        try:
            return con.sql(sql, params=params)
        except duckdb.Error as e:
            raise read_error(e, f"query {self.what}") from e

    def arrow(self) -> pa.Table:
        """Every row as one Arrow table (schema :attr:`schema`)."""
        cur = self.cursor()
        try:
            return _cast(self._relation(cur).to_arrow_table(), self.schema)
        except duckdb.Error as e:
            raise read_error(e, f"query {self.what}") from e
        finally:
            cur.close()

    def df(self) -> pd.DataFrame:
        """Every row as a pandas DataFrame."""
        return self.arrow().to_pandas()

    def rows(self) -> list[Any]:
        """Every row as a typed row object (``EventRow``, ``ActorRow``, ...)."""
        return make_rows(self.row_type, self.arrow())

    def batches(self, size: int = 10_000) -> Iterator[pa.RecordBatch]:
        """The rows as a stream of Arrow record batches: memory stays flat however many rows match."""
        cur = self.cursor()
        try:
            reader = self._relation(cur).to_arrow_reader(size)
            for batch in reader:
                yield _cast_batch(batch, self.schema)
        except duckdb.Error as e:
            raise read_error(e, f"query {self.what}") from e
        finally:
            cur.close()

    def iter_rows(self, size: int = 10_000) -> Iterator[Any]:
        """The rows as typed row objects, streamed."""
        for batch in self.batches(size):
            yield from (decode(self.row_type, d) for d in batch.to_pylist())

    def records(self, size: int = 1000) -> Iterator[Any]:
        """The records behind the rows, streamed in the same order: :class:`~eventwire.records.Event`
        for events, ``Actor``, ``Quote``, ``Quantity`` (figures), ``Place``, ``Article`` (rebuilt exactly
        from its JSON) or :class:`~eventwire.errors.Skipped`.
        """
        t = _table(QUERIES[self.what].table)
        sql, params = build_query(self.what, self.filters, records=True)
        cur = self.cursor()
        try:
            res = cur.execute(sql, params)
            names = [d[0] for d in res.description or []]
            while rows := res.fetchmany(size):
                if t.name in ("stories", "event_groups"):  # their growing lists live in tables of their own
                    got = [decode(t.record_type, dict(zip(names, row, strict=True))) for row in rows]
                    aux = self.cursor()  # the first cursor is still streaming
                    try:
                        yield from (fill_article_ids(aux, got) if t.name == "stories" else fill_members(aux, got))
                    finally:
                        aux.close()
                    continue
                for row in rows:
                    if t.name == "articles":
                        yield from_json(row[0])
                    elif t.record_type is Skipped or t.record_type is None:
                        yield Skipped(*row)
                    else:
                        yield from_dict(t.record_type, dict(zip(names, row, strict=True)))
        except duckdb.Error as e:
            raise read_error(e, f"query {self.what}") from e
        finally:
            cur.close()

    def page(self) -> Page:
        """The first ``limit`` rows (after ``after``) and the cursor of the next page."""
        cur = self.cursor()
        try:
            return read_page(cur, self.what, self.filters)
        finally:
            cur.close()


def _cast(t: pa.Table, schema: pa.Schema) -> pa.Table:
    # DuckDB names list items "l" and may widen nothing else: the cast only renames, and fails loudly otherwise
    return t.cast(schema)


def _cast_batch(b: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    return b.cast(schema)


__all__ = [
    "FILTERS",
    "QUERIES",
    "Filters",
    "Page",
    "QuerySpec",
    "Selection",
    "build_query",
    "date_range",
    "decode_cursor",
    "encode_cursor",
    "filtered_sql",
    "read_error",
    "read_page",
    "run_query",
]
