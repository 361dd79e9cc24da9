"""DuckDB tables derived from the record dataclasses (the one place the store's shape comes from).

``articles`` holds the scalar fields of :class:`~eventwire.records.Article` plus the full record
JSON; every ``list[<record with an id>]`` field of Article (actors, events, quotes, ...) becomes a
child table keyed by ``(article_id, id)``. Spans and other nested records become DuckDB STRUCTs
(``evidence.text``, ``trigger.start``), lists become LIST columns (``contexts``, ``aliases``,
``mentions``). A field added to ``records.py`` therefore shows up as a column without code here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, get_args, get_origin, get_type_hints

from ..records import Article


@dataclass(frozen=True)
class Column:
    """One column: its name, DuckDB type, and the JSON structure DuckDB's ``from_json`` reads it with."""

    name: str
    sql_type: str
    json_type: Any


@dataclass(frozen=True)
class Table:
    """A record table: name, columns, primary key, and the Article field it comes from."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    record_field: str | None
    """Article field holding the child records (``events``), or None for ``articles``."""
    record_type: type | None = None

    def insert_sql(self, batch: str) -> str:
        """INSERT of this table's rows from ``batch`` (columns id, extractor, record JSON), parsed by DuckDB."""
        if self.record_field is None:
            spec = {c.name: c.json_type for c in self.columns if c.name not in ("extractor", "record")}
            return (
                f"INSERT INTO {quote(self.name)} BY NAME SELECT unnest(from_json(b.record, {_sql_str(spec)})), "
                f"b.extractor, b.record FROM {batch} b"
            )
        spec = {self.record_field: [{c.name: c.json_type for c in self.columns if c.name != "article_id"}]}
        items = f"struct_extract(from_json(b.record, {_sql_str(spec)}), '{self.record_field}')"
        return (
            f"INSERT INTO {quote(self.name)} BY NAME SELECT article_id, unnest(x) FROM "
            f"(SELECT b.id AS article_id, unnest({items}) AS x FROM {batch} b)"
        )

    def ddl(self) -> str:
        """``CREATE TABLE IF NOT EXISTS`` statement for this table."""
        cols = [f"{quote(c.name)} {c.sql_type}" for c in self.columns]
        cols.append(f"PRIMARY KEY ({', '.join(quote(k) for k in self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {quote(self.name)} (\n  " + ",\n  ".join(cols) + "\n)"


ARTICLE_EXTRA = (
    Column("extractor", "VARCHAR", "VARCHAR"),
    Column("record", "VARCHAR", "VARCHAR"),
)
"""Store-only article columns: which extractor made the record, and the record JSON itself."""


def quote(name: str) -> str:
    """Quote an identifier (``start`` and ``end`` are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def _sql_str(spec: Any) -> str:
    return "'" + json.dumps(spec).replace("'", "''") + "'"


def _unwrap_optional(tp: Any) -> Any:
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def column_types(tp: Any) -> tuple[str, Any]:
    """DuckDB type and ``from_json`` structure of a record field's type hint."""
    tp = _unwrap_optional(tp)
    origin = get_origin(tp)
    if origin is Literal or tp is str:
        return "VARCHAR", "VARCHAR"
    if tp is bool:
        return "BOOLEAN", "BOOLEAN"
    if tp is int:
        return "BIGINT", "BIGINT"
    if tp is float:
        return "DOUBLE", "DOUBLE"
    if origin is list:
        sql, js = column_types(get_args(tp)[0])
        return f"{sql}[]", [js]
    if dataclasses.is_dataclass(tp):
        parts = [(f.name, *column_types(t)) for f, t in _fields(tp)]
        sql = "STRUCT(" + ", ".join(f"{quote(n)} {s}" for n, s, _ in parts) + ")"
        return sql, {n: js for n, _, js in parts}
    raise TypeError(f"no column type for {tp!r}")


def _fields(cls: Any) -> list[tuple[dataclasses.Field[Any], Any]]:
    hints = get_type_hints(cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(cls)]


def _child_type(tp: Any) -> type | None:
    """The record class if ``tp`` is ``list[<dataclass with an id>]``, else None."""
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        if dataclasses.is_dataclass(item) and "id" in {f.name for f in dataclasses.fields(item)}:
            return item  # type: ignore[return-value]
    return None


@cache
def record_tables() -> tuple[Table, ...]:
    """The articles table and one child table per list-of-records field of Article."""
    article_cols: list[Column] = []
    children: list[Table] = []
    for f, tp in _fields(Article):
        child = _child_type(tp)
        if child is None:
            article_cols.append(Column(f.name, *column_types(tp)))
            continue
        cols = [Column("article_id", "VARCHAR", "VARCHAR")]
        cols += [Column(cf.name, *column_types(ct)) for cf, ct in _fields(child)]
        children.append(Table(f.name, tuple(cols), ("article_id", "id"), f.name, child))
    articles = Table("articles", (*article_cols, *ARTICLE_EXTRA), ("id",), None, Article)
    return (articles, *children)


def table(name: str) -> Table:
    """The record table called ``name``."""
    for t in record_tables():
        if t.name == name:
            return t
    raise KeyError(name)


def child_tables() -> tuple[Table, ...]:
    """The record tables keyed by article (everything but ``articles``)."""
    return tuple(t for t in record_tables() if t.record_field is not None)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


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
    "ARTICLE_EXTRA",
    "Column",
    "Table",
    "child_tables",
    "column_types",
    "plain",
    "quote",
    "record_tables",
    "table",
]
