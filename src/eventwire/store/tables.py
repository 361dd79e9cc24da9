"""The store's tables, derived from the record dataclasses: the one place their shape comes from.

Every table schema — the DuckDB DDL, the Arrow schema that Parquet exports (and the Spark runner)
write, and the ``from_json`` structure the batch writer parses records with — is computed here from
the type hints in ``records.py`` (and ``errors.Skipped`` for the dead-letter table), so a field
added to a record shows up in all of them without code changes.

``articles`` holds the scalar fields of :class:`~eventwire.records.Article`; every
``list[<record with an id>]`` field of Article (actors, events, quotes, ...) becomes a child table
with one row per record. Spans and other nested records become STRUCTs (``evidence.text``), lists
become LIST columns (``contexts``, ``aliases``, ``mentions``).

Beside the record's own fields, each table has **store columns**, computed at write time from the
record (the record JSON never changes):

* ``article_id``, ``gid`` (the global id ``<article_id>:<local id>``, see :mod:`.ids`) and
  ``ordinal`` (1-based position in the article's list) on every child table;
* a ``<field>_gid`` column for every reference to another record (``events.source_gid``,
  ``quantities.event_gid``, ``contradictions.a_gid``; lists stay lists), so tables that link
  records across articles can point at any event, quote, figure, actor or place;
* ``date_lo``/``date_hi`` (DATE): the days a row's date covers — an event's date (a partial date
  covers its month or year), else the article's publication date — for date filters and sorting;
* denormalised look-ups the read side filters and shows without joins: an event's actor names,
  countries and sectors and its place, a quote's speaker, a figure's event, an article's counts.

Store columns are declared in :data:`STORE_COLUMNS` with a type hint (their DuckDB and Arrow types
come from the same function as the record fields') and the SQL expression that computes them.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pyarrow as pa

from ..errors import Skipped
from ..records import Article


@dataclass(frozen=True)
class Column:
    """One column: its name, DuckDB type, Arrow type and how it is filled.

    ``json_type`` is the structure DuckDB's ``from_json`` reads a record field with; ``sql`` is the
    expression that computes a store column (None for a record field, read from the record itself).
    """

    name: str
    sql_type: str
    arrow_type: pa.DataType
    json_type: Any = None
    sql: str | None = None
    doc: str = ""
    generated: bool = False
    """A virtual column: ``sql`` is computed from the row's other columns when read, never stored."""

    @property
    def is_record_field(self) -> bool:
        return self.sql is None

    def arrow_field(self) -> pa.Field:
        return pa.field(self.name, self.arrow_type)


@dataclass(frozen=True)
class Table:
    """A store table: name, columns, sort key, and the record type its rows come from."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    """Columns that identify a row; exports and readers order by them."""
    record_field: str | None
    """Article field holding the child records (``events``), or None for ``articles`` and ``dead_letter``."""
    record_type: type | None = None
    primary_key: bool = False
    """Whether the DuckDB table declares ``key`` as PRIMARY KEY (only ``articles``: see migration 3)."""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}.{name}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def record_columns(self) -> tuple[Column, ...]:
        """The columns that are fields of the record type (what rebuilds a record from a row)."""
        if self.record_type is None:
            return ()
        fields = {f.name for f in dataclasses.fields(self.record_type)}
        return tuple(c for c in self.columns if c.is_record_field and c.name in fields)

    def ddl(self, name: str | None = None) -> str:
        """``CREATE TABLE IF NOT EXISTS`` statement for this table (optionally under another name)."""
        cols = [
            f"{quote(c.name)} {c.sql_type}" + (f" GENERATED ALWAYS AS ({c.sql}) VIRTUAL" if c.generated else "")
            for c in self.columns
        ]
        if self.primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(quote(k) for k in self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {quote(name or self.name)} (\n  " + ",\n  ".join(cols) + "\n)"

    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema of this table: what Parquet exports and the Spark runner write."""
        return pa.schema([c.arrow_field() for c in self.columns])


def quote(name: str) -> str:
    """Quote an identifier (``start`` and ``end`` are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


# -- types: one function maps a type hint to DuckDB, Arrow and from_json types ----------------------


def _unwrap_optional(tp: Any) -> Any:
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def column_types(tp: Any) -> tuple[str, pa.DataType, Any]:
    """DuckDB type, Arrow type and ``from_json`` structure of a field's type hint."""
    tp = _unwrap_optional(tp)
    origin = get_origin(tp)
    if origin is Literal or tp is str:
        return "VARCHAR", pa.string(), "VARCHAR"
    if tp is bool:
        return "BOOLEAN", pa.bool_(), "BOOLEAN"
    if tp is int:
        return "BIGINT", pa.int64(), "BIGINT"
    if tp is float:
        return "DOUBLE", pa.float64(), "DOUBLE"
    if tp is datetime.date:
        return "DATE", pa.date32(), "DATE"
    if origin is list:
        sql, arrow, js = column_types(get_args(tp)[0])
        return f"{sql}[]", pa.list_(arrow), [js]
    if origin is tuple and ... not in get_args(tp):
        # a fixed tuple (the linker's working rows: (bucket, weight), (key, name, lat, ...)) is a STRUCT
        # with fields f0, f1, ...; :func:`decode` turns it back into a tuple
        parts = [(f"f{i}", *column_types(t)) for i, t in enumerate(get_args(tp))]
        sql = "STRUCT(" + ", ".join(f"{quote(n)} {s}" for n, s, _, _ in parts) + ")"
        return sql, pa.struct([pa.field(n, a) for n, _, a, _ in parts]), {n: js for n, _, _, js in parts}
    if dataclasses.is_dataclass(tp):
        parts = [(f.name, *column_types(t)) for f, t in _fields(tp)]
        sql = "STRUCT(" + ", ".join(f"{quote(n)} {s}" for n, s, _, _ in parts) + ")"
        return sql, pa.struct([pa.field(n, a) for n, _, a, _ in parts]), {n: js for n, _, _, js in parts}
    raise TypeError(f"no column type for {tp!r}")


def _fields(cls: Any) -> list[tuple[dataclasses.Field[Any], Any]]:
    hints = get_type_hints(cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(cls)]


def _field_column(name: str, tp: Any) -> Column:
    sql, arrow, js = column_types(tp)
    return Column(name, sql, arrow, js)


def _store_column(name: str, tp: Any, sql: str, doc: str, *, generated: bool = False) -> Column:
    sql_type, arrow, _ = column_types(tp)
    return Column(name, sql_type, arrow, None, sql, doc, generated)


def _child_type(tp: Any) -> type | None:
    """The record class if ``tp`` is ``list[<dataclass with an id>]``, else None."""
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        if dataclasses.is_dataclass(item) and "id" in {f.name for f in dataclasses.fields(item)}:
            return item  # type: ignore[return-value]
    return None


# -- references between records: which fields hold ids of which records -------------------------------

REFERENCES: dict[str, dict[str, str]] = {
    "events": {
        "source": "actors",
        "target": "actors",
        "claimed_by": "actors",
        "place": "places",
        "quantities": "quantities",
        "sources": "actors",
        "targets": "actors",
    },
    "quotes": {"speaker": "actors"},
    "quantities": {"event": "events", "parent": "quantities", "quote": "quotes", "claimant": "actors"},
    "contradictions": {"a": "quotes|events|quantities", "b": "quotes|events|quantities"},
}
"""Record fields that hold article-local ids of other records (table -> field -> target table).

Each gets a ``<field>_gid`` store column with the global form. A test checks that every field whose
documentation calls it an id is listed here, so a new reference cannot be missed.
"""


def gid_column(field: str) -> str:
    """Name of the global-id column of reference field ``field`` (``source`` -> ``source_gid``)."""
    return f"{field}_gid"


# -- store columns -----------------------------------------------------------------------------------
#
# Expressions run in the batch writer's SELECT over one child record per row, where these names exist:
#   x           the child record (a STRUCT of its fields)
#   art         STRUCT of the parts of the article the expressions look into (actors, places, events,
#               published)
#   article_id  the article id;  ordinal  the record's 1-based position in its list
#   the table's look-ups (LOOKUPS): e.g. ``src``, the events row's source actor, found once per row
# and for the articles table: r (the whole article) and the batch row's extractor and record.

_SEP = "chr(31)"  # unit separator between names: a search for "a b" never matches across two names


def _gid(expr: str) -> str:
    return f"article_id || ':' || {expr}"  # NULL stays NULL


def _gids(column: str) -> str:
    """Global ids of a list of local ids, as a generated column may compute them (no lambdas there)."""
    joined = f"array_to_string({column}, chr(31))"
    return (
        f"CASE WHEN len({column}) = 0 THEN []::VARCHAR[] "
        f"ELSE string_split(replace(article_id || ':' || {joined}, chr(31), chr(31) || article_id || ':'), chr(31)) END"
    )


def _one(items: str, id_expr: str, var: str) -> str:
    """The record in list ``items`` whose id is ``id_expr`` (NULL if none)."""
    return f"list_filter({items}, lambda {var}: {var}.id = {id_expr})[1]"


def _names_of(actor: str) -> str:
    return f"{actor}.name || {_SEP} || array_to_string({actor}.aliases, {_SEP})"


def _normalise(expr: str) -> str:
    """Lower-cased, accents stripped: what text and name filters compare (``Kuźnica`` ~ ``kuznica``)."""
    return f"strip_accents(lower({expr}))"


def _date_bounds(expr: str) -> tuple[str, str]:
    """First and last day a YYYY, YYYY-MM or YYYY-MM-DD text covers (NULL if not a date)."""
    lo = (
        f"TRY_CAST(CASE length({expr}) WHEN 4 THEN {expr} || '-01-01' WHEN 7 THEN {expr} || '-01' "
        f"ELSE {expr} END AS DATE)"
    )
    hi = (
        f"CASE length({expr}) WHEN 4 THEN TRY_CAST({expr} || '-12-31' AS DATE) "
        f"WHEN 7 THEN last_day(TRY_CAST({expr} || '-01' AS DATE)) ELSE TRY_CAST({expr} AS DATE) END"
    )
    return lo, hi


_SIDES = "list_filter(art.actors, lambda a: list_contains(list_concat(ev.sources, ev.targets, [ev.source, ev.target]), a.id))"
"""The actors on either side of event ``ev``."""

LOOKUPS: dict[str, list[tuple[str, str]]] = {
    "events": [
        ("ev", "x"),
        ("src", _one("art.actors", "x.source", "a")),
        ("tgt", _one("art.actors", "x.target", "a")),
        ("claimant", _one("art.actors", "x.claimed_by", "a")),
        ("place", _one("art.places", "x.place", "p")),
        ("sides", _SIDES),
    ],
    "quantities": [("ev", _one("art.events", "x.event", "e")), ("sides", _SIDES)],
    "quotes": [("speaker", _one("art.actors", "x.speaker", "a"))],
}
"""Records a table's store columns look up in the article, each found once per row (in this order,
so a later one may use an earlier one): name -> SQL."""

_SIDE_COUNTRIES = (
    "list_sort(list_distinct(list_filter(list_transform(sides, lambda a: a.country), lambda c: c IS NOT NULL)))"
)
_SIDE_NAMES = _normalise(f"array_to_string(list_transform(sides, lambda a: {_names_of('a')}), {_SEP})")
_EV_DATE_LO, _EV_DATE_HI = _date_bounds("COALESCE(ev.date, art.published)")
_PUB_LO, _PUB_HI = _date_bounds("art.published")


def _actor_columns(prefix: str, actor: str, what: str) -> list[tuple[str, Any, str, str]]:
    return [
        (f"{prefix}_name", str | None, f"{actor}.name", f"name of the {what}"),
        (f"{prefix}_country", str | None, f"{actor}.country", f"country of the {what}"),
        (f"{prefix}_sector", str | None, f"{actor}.sector", f"sector of the {what}"),
    ]


def _common(date_lo: str, date_hi: str) -> list[tuple[str, Any, str, str]]:
    return [
        ("ordinal", int, "ordinal", "1-based position in the article's list"),
        ("date_lo", datetime.date | None, date_lo, "first day the row's date covers"),
        ("date_hi", datetime.date | None, date_hi, "last day the row's date covers"),
    ]


STORE_COLUMNS: dict[str, list[tuple[str, Any, str, str]]] = {
    "actors": [
        *_common(_PUB_LO, _PUB_HI),
        ("match_names", str, _normalise(_names_of("x")), "name and aliases, normalised for --actor"),
    ],
    "events": [
        *_common(_EV_DATE_LO, _EV_DATE_HI),
        *_actor_columns("source", "src", "source actor"),
        *_actor_columns("target", "tgt", "target actor"),
        ("claimed_by_name", str | None, "claimant.name", "name of the claimant"),
        ("place_name", str | None, "place.name", "name of the place"),
        ("place_country", str | None, "place.country", "country of the place"),
        ("lat", float | None, "place.lat", "latitude of the place"),
        ("lon", float | None, "place.lon", "longitude of the place"),
        ("countries", list[str], _SIDE_COUNTRIES, "countries of the actors on either side"),
        ("match_names", str, _SIDE_NAMES, "names of the actors on either side, normalised"),
    ],
    "quotes": [
        *_common(_PUB_LO, _PUB_HI),
        *_actor_columns("speaker", "speaker", "speaker"),
        (
            "match_names",
            str,
            _normalise(f"COALESCE({_names_of('speaker')}, '') || {_SEP} || COALESCE(x.speaker_text, '')"),
            "speaker's names and the words naming them, normalised",
        ),
        (
            "match_text",
            str,
            _normalise("COALESCE(x.evidence.text, '')"),
            "evidence text, normalised for --text (migration 8)",
        ),
    ],
    "quantities": [
        *_common(_EV_DATE_LO, _EV_DATE_HI),
        ("event_type", str | None, "ev.type", "PLOVER type of the figure's event"),
        ("event_date", str | None, "ev.date", "date of the figure's event"),
        ("countries", list[str], _SIDE_COUNTRIES, "countries of the event's actors"),
        ("match_names", str, _SIDE_NAMES, "names of the event's actors, normalised"),
    ],
    "places": [*_common(_PUB_LO, _PUB_HI)],
    "contradictions": [*_common(_PUB_LO, _PUB_HI)],
}
"""Store columns of the child tables: (name, type hint, SQL expression, doc). ``article_id`` and the
``*_gid`` references are added to these by :func:`record_tables`."""


MATCH_TEXT = "strip_accents(lower(COALESCE({a}.title, '') || chr(31) || COALESCE({a}.text, '')))"
"""An article's title and text, normalised as text filters compare them (``{a}`` = the article)."""


def _article_store_columns(children: list[str]) -> list[tuple[str, Any, str, str]]:
    all_actors = "r.actors"
    countries = f"list_sort(list_distinct(list_filter(list_transform({all_actors}, lambda a: a.country), lambda c: c IS NOT NULL)))"
    names = _normalise(f"array_to_string(list_transform({all_actors}, lambda a: {_names_of('a')}), {_SEP})")
    lo, hi = _date_bounds("r.published")
    return [
        ("extractor", str, "extractor", "which extractor made the record"),
        ("record", str, "record", "the record JSON, exactly as written"),
        ("date_lo", datetime.date | None, lo, "first day of the publication date"),
        ("date_hi", datetime.date | None, hi, "last day of the publication date"),
        ("countries", list[str], countries, "countries of the article's actors"),
        ("match_names", str, names, "names of the article's actors, normalised"),
        ("match_text", str, MATCH_TEXT.format(a="r"), "title and text, normalised for --text (migration 8)"),
        *[(f"n_{c}", int, f"len(r.{quote(c)})", f"number of {c}") for c in children],
    ]


DEAD_LETTER = "dead_letter"
"""Inputs that produced no record: the fields of :class:`~eventwire.errors.Skipped`."""


@cache
def record_tables(root: type = Article) -> tuple[Table, ...]:
    """The articles table and one child table per list-of-records field of ``root`` (Article).

    ``root`` is a parameter so a test can derive the tables of an extended record type.
    """
    article_cols: list[Column] = []
    children: list[Table] = []
    for f, tp in _fields(root):
        child = _child_type(tp)
        if child is None:
            article_cols.append(_field_column(f.name, tp))
            continue
        cols = [_store_column("article_id", str, "article_id", "id of the article")]
        hints = get_type_hints(child)
        cols += [_field_column(cf.name, ct) for cf, ct in _fields(child)]
        # global ids are virtual: computed from article_id and the local ids when read (storing them
        # doubled the database: high-cardinality strings barely compress)
        cols.append(_store_column("gid", str, _gid(quote("id")), "global id: <article_id>:<id>", generated=True))
        for ref in REFERENCES.get(f.name, {}):
            if ref not in hints:
                continue
            if get_origin(_unwrap_optional(hints[ref])) is list:
                cols.append(
                    _store_column(gid_column(ref), list[str], _gids(quote(ref)), f"global ids of {ref}", generated=True)
                )
            else:
                cols.append(
                    _store_column(gid_column(ref), str | None, _gid(quote(ref)), f"global id of {ref}", generated=True)
                )
        cols += [_store_column(n, t, sql, doc) for n, t, sql, doc in STORE_COLUMNS.get(f.name, [])]
        _check_unique(f.name, cols)
        children.append(Table(f.name, tuple(cols), ("article_id", "ordinal"), f.name, child))
    article_cols += [
        _store_column(n, t, sql, doc) for n, t, sql, doc in _article_store_columns([c.name for c in children])
    ]
    _check_unique("articles", article_cols)
    articles = Table("articles", tuple(article_cols), ("id",), None, root, primary_key=True)
    return (articles, *children)


def _check_unique(table: str, cols: list[Column]) -> None:
    seen: set[str] = set()
    for c in cols:
        if c.name in seen:
            # a record field added with the name of a store column: rename one of them
            raise TypeError(f"column {table}.{c.name} is both a record field and a store column")
        seen.add(c.name)


def dataclass_table(
    name: str,
    record_type: type,
    key: tuple[str, ...],
    *,
    primary_key: bool = False,
    extra: tuple[tuple[str, Any, str], ...] = (),
) -> Table:
    """A table with one column per field of the dataclass ``record_type``, typed by :func:`column_types`.

    For tables that are not part of the Article record but should derive the same way (the
    dead-letter table; cross-article tables such as event groups): DDL, Arrow schema and the
    ``from_json`` structure all come from the dataclass. ``extra`` adds store columns
    ``(name, type hint, doc)`` that the writer fills (e.g. a row's first-write order).
    """
    cols = [_field_column(f.name, tp) for f, tp in _fields(record_type)]
    cols += [_store_column(n, tp, n, doc) for n, tp, doc in extra]
    _check_unique(name, cols)
    missing = [k for k in key if k not in {c.name for c in cols}]
    if missing:
        raise TypeError(f"key {missing} of table {name} is not a field of {record_type.__name__}")
    return Table(name, tuple(cols), key, None, record_type, primary_key=primary_key)


@cache
def dead_letter_table() -> Table:
    """The dead-letter table: one row per input that produced no record (fields of ``Skipped``)."""
    return dataclass_table(DEAD_LETTER, Skipped, ("input", "line"))


def all_tables() -> tuple[Table, ...]:
    """Every data table: the record tables and the dead-letter table (what Parquet exports hold)."""
    return (*record_tables(), dead_letter_table())


def table(name: str) -> Table:
    """The table called ``name`` (a record table or ``dead_letter``)."""
    for t in all_tables():
        if t.name == name:
            return t
    raise KeyError(name)


def child_tables() -> tuple[Table, ...]:
    """The record tables keyed by article (everything but ``articles``)."""
    return tuple(t for t in record_tables() if t.record_field is not None)


def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of table ``name``: exactly what ``eventwire export --format parquet`` writes."""
    return table(name).arrow_schema()


def arrow_schemas() -> dict[str, pa.Schema]:
    """Table name -> Arrow schema, for every data table (the Parquet layout's contents)."""
    return {t.name: t.arrow_schema() for t in all_tables()}


# -- the batch writer's SQL: parse each record once, derive every table's rows from it ---------------

PARSED = "_ew_parsed"
"""Temporary table the writer parses a batch into: ``id``, ``extractor``, ``record`` and ``r`` (the record as a STRUCT)."""


def record_json_spec(root: type = Article) -> str:
    """The ``from_json`` structure of a whole record (every field)."""
    return json.dumps({f.name: column_types(tp)[2] for f, tp in _fields(root)})


def parse_sql(batch: str, root: type = Article) -> str:
    """Statement that parses relation ``batch`` (``id``, ``extractor``, ``record``) into :data:`PARSED`."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {PARSED} AS SELECT b.id, b.extractor, b.record, "
        f"from_json(b.record, {sql_string(record_json_spec(root))}) AS r FROM {batch} b"
    )


def insert_sql(t: Table, target: str | None = None) -> str:
    """INSERT of table ``t``'s rows (record fields and store columns) from :data:`PARSED` into ``target``."""
    into = quote(target or t.name)
    if t.record_field is None:
        # the id is the batch's (the same as the record's; an unreadable old record keeps its row)
        cols = [
            f"{c.sql or ('id' if c.name == 'id' else 'r.' + quote(c.name))} AS {quote(c.name)}"
            for c in t.columns
            if not c.generated
        ]
        return f"INSERT INTO {into} BY NAME SELECT {', '.join(cols)} FROM {PARSED}"
    items = f"r.{quote(t.record_field)}"
    lookups = LOOKUPS.get(t.record_field, [])
    cols = [f"{c.sql if c.sql else 'x.' + quote(c.name)} AS {quote(c.name)}" for c in t.columns if not c.generated]
    # each unnested row carries the parts of its article the expressions look into, and only those
    used = " ".join([*cols, *(sql for _, sql in lookups)])
    parts = [f"{p} := r.{p}" for p in ("actors", "places", "events", "published") if f"art.{p}" in used]
    art = f"struct_pack({', '.join(parts)}) AS art, " if parts else ""
    rows = (
        f"SELECT id AS article_id, {art}unnest({items}) AS x, "
        f"unnest(range(1, len({items}) + 1)) AS ordinal FROM {PARSED}"
    )
    for name, sql in lookups:  # one layer per look-up: each is computed once per row
        rows = f"SELECT *, {sql} AS {name} FROM ({rows})"
    return f"INSERT INTO {into} BY NAME SELECT {', '.join(cols)} FROM ({rows})"


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def encode(obj: Any) -> Any:
    """A record (or working row) as plain Arrow-ready values: :func:`plain`, with tuples as ``{f0, f1, ...}``."""
    if isinstance(obj, tuple):
        return {f"f{i}": encode(v) for i, v in enumerate(obj)}
    if isinstance(obj, list):
        return [encode(x) for x in obj]
    if hasattr(type(obj), "__dataclass_fields__"):
        return {n: encode(getattr(obj, n)) for n in _field_names(type(obj))}
    return obj


def decode(tp: Any, value: Any) -> Any:
    """A value read from a table column back in the shape of type hint ``tp`` (dataclasses, tuples, lists)."""
    if value is None:
        return None
    tp = _unwrap_optional(tp)
    origin = get_origin(tp)
    if origin is list:
        (item,) = get_args(tp)
        return [decode(item, v) for v in value]
    if origin is tuple:
        return tuple(decode(t, value[f"f{i}"]) for i, t in enumerate(get_args(tp)))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{n: decode(hints[n], value[n]) for n in _field_names(tp) if n in value})
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def plain(obj: Any) -> Any:
    """``records.to_dict`` without its deep copies (records hold only primitives): 5x faster on big batches."""
    if isinstance(obj, list):
        return [plain(x) for x in obj]
    if hasattr(type(obj), "__dataclass_fields__"):
        return {n: plain(getattr(obj, n)) for n in _field_names(type(obj))}
    return obj


__all__ = [
    "DEAD_LETTER",
    "LOOKUPS",
    "PARSED",
    "REFERENCES",
    "STORE_COLUMNS",
    "Column",
    "Table",
    "all_tables",
    "arrow_schema",
    "arrow_schemas",
    "child_tables",
    "column_types",
    "dataclass_table",
    "dead_letter_table",
    "decode",
    "encode",
    "gid_column",
    "insert_sql",
    "parse_sql",
    "plain",
    "quote",
    "record_json_spec",
    "record_tables",
    "sql_string",
    "table",
]
