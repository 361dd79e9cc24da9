"""Report sources as Spark hands them over (file bytes, table rows) -> eventwire Sources, and back.

Pure Python and Arrow, no PySpark: the Spark runner calls these inside its Python workers. A file's
bytes are read by the same rules as ``eventwire extract`` reads a file (:func:`sources_from_bytes`
mirrors :func:`eventwire.read.files.read_file`, using the same helpers), so a directory gives the
same Sources, line numbers and dead-letter entries on Spark as on a laptop.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow as pa

from ..errors import InputError, Skipped
from ..read import MAX_FILE_BYTES, Source, SourceFormat
from ..read.decode import SNIFF_BYTES, sniff_binary
from ..read.expand import NON_DOCUMENT_SUFFIXES
from ..read.files import _source_from_bytes
from ..read.jsonl import from_object, iter_json_document, iter_jsonl, looks_like_json_document

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})

INPUT_FIELDS = ("text", "html", "url", "title", "published", "source", "id")
"""Columns a JSONL line or a Parquet row may carry (the JSONL input contract, docs/cli.md)."""

ITEM_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("line", pa.int64()),
        ("body", pa.string()),
        ("format", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("source", pa.string()),
        ("id", pa.string()),
        ("encoding", pa.string()),
        ("warnings", pa.list_(pa.string())),
        ("code", pa.string()),
        ("reason", pa.string()),
        ("message", pa.string()),
    ]
)
"""One input document as a row: a Source (``code`` null) or a Skipped entry found while reading."""


def origin_of(uri: str) -> str:
    """The ``input`` a document is named by: a local path for ``file:`` URIs, else the URI as given."""
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def sources_from_bytes(
    origin: str, data: bytes, *, from_walk: bool, max_bytes: int = MAX_FILE_BYTES
) -> Iterator[Source | Skipped]:
    """The documents of one file given as bytes, by the rules of ``eventwire extract`` for a file.

    ``from_walk``: the file was found by listing a directory, so code and data files (``.py``,
    ``.csv``, ...) are listed as ``unsupported_type`` instead of read, as in a local walk.
    """
    suffix = PurePosixPath(origin).suffix.lower()
    if from_walk and suffix in NON_DOCUMENT_SUFFIXES:
        yield _skip(f"not a document type eventwire reads ({suffix})", "EW114", origin)
        return
    head = data[:SNIFF_BYTES]
    if not head.strip(b" \t\r\n\x00\x0c\xef\xbb\xbf\xff\xfe"):
        yield _skip("the file is empty", "EW103", origin)
        return
    what = sniff_binary(head)
    if what is not None:
        yield _skip(f"this is {what}, not text", "EW104", origin)
        return
    if suffix in _JSONL_SUFFIXES and not (suffix == ".json" and looks_like_json_document(head)):
        stream = io.BytesIO(data)
        stream.seek(len(head))
        yield from iter_jsonl(stream, origin, head)
        return
    if len(data) > max_bytes:
        yield _skip(f"the file has {len(data):,} bytes, more than the limit of {max_bytes:,}", "EW113", origin)
        return
    if suffix == ".json":
        yield from iter_json_document(data, origin)
        return
    fmt: SourceFormat = "html" if suffix in _HTML_SUFFIXES else "text"
    yield _source_from_bytes(data, origin, fmt, sniff=suffix not in (".txt", ".text", *_HTML_SUFFIXES))


def source_from_fields(fields: Mapping[str, Any], origin: str, line: int | None) -> Source | Skipped:
    """A Source from one table row with the input fields (same checks as a JSONL line)."""
    obj = {k: v for k, v in fields.items() if k in INPUT_FIELDS and v is not None}
    return from_object(obj, origin, line)


def item_row(item: Source | Skipped) -> dict[str, Any]:
    """One :data:`ITEM_SCHEMA` row."""
    if isinstance(item, Skipped):
        return {
            "origin": item.input,
            "line": item.line,
            "code": item.code,
            "reason": item.reason,
            "message": item.message,
        }
    return {
        "origin": item.origin,
        "line": item.line,
        "body": item.body,
        "format": item.format,
        "url": item.url,
        "title": item.title,
        "published": item.published,
        "source": item.source,
        "id": item.id,
        "encoding": item.encoding,
        "warnings": list(item.warnings),
    }


def item_batch(items: list[Source | Skipped]) -> pa.RecordBatch:
    """Rows of :data:`ITEM_SCHEMA` for ``items``."""
    return pa.RecordBatch.from_pylist([item_row(i) for i in items], schema=ITEM_SCHEMA)


def item_from_row(row: Mapping[str, Any]) -> Source | Skipped:
    """The Source or Skipped entry an :data:`ITEM_SCHEMA` row holds."""
    if row.get("code") is not None:
        return Skipped(
            input=row["origin"], line=row["line"], code=row["code"], reason=row["reason"], message=row["message"]
        )
    return Source(
        origin=row["origin"],
        body=row["body"],
        format=row["format"],
        line=row["line"],
        url=row["url"],
        title=row["title"],
        published=row["published"],
        source=row["source"],
        id=row["id"],
        encoding=row["encoding"],
        warnings=tuple(row["warnings"] or ()),
    )


def _skip(detail: str, code: str, origin: str) -> Skipped:
    return Skipped.from_error(InputError(detail, code=code, path=origin))


__all__ = [
    "INPUT_FIELDS",
    "ITEM_SCHEMA",
    "item_batch",
    "item_from_row",
    "item_row",
    "origin_of",
    "source_from_fields",
    "sources_from_bytes",
]
