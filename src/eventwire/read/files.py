"""Read files and stdin into Sources, lazily, one bad input at a time turned into a Skipped."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from ..errors import InputError, Skipped
from .decode import SNIFF_BYTES, BinaryInput, UndecodableInput, decode, sniff_binary
from .expand import expand
from .jsonl import iter_json_document, iter_jsonl, looks_like_json_document
from .sidecar import document_of, with_sidecar_metadata
from .source import Source, SourceFormat

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Plain-text and HTML files above this size are skipped (``too_large``) instead of read into memory.
JSONL files are streamed line by line and have no size limit."""

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})


def iter_sources(paths: Sequence[str], *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Source | Skipped]:
    """Yield one Source per document (or a Skipped entry per bad input) from paths, dirs, globs or ``-``.

    A lazy generator: files are opened one at a time and JSONL is streamed line by line.
    """
    for arg in paths:
        if arg == "-":
            yield from read_stream(sys.stdin.buffer, "-", max_bytes=max_bytes)
            continue
        explicit = os.path.isfile(arg)
        for item in expand(arg):
            if isinstance(item, Skipped):
                yield item
                continue
            try:
                document = document_of(item)
                if document is not None:
                    # a sidecar is read with its document; named alone, say so rather than drop it
                    if explicit:
                        yield _skip(
                            f"this is the metadata of {document.name}, read with that document, not an article",
                            "EW115",
                            str(item),
                        )
                    continue
                for result in read_file(item, max_bytes=max_bytes):
                    if isinstance(result, Source) and result.line is None:
                        result = with_sidecar_metadata(result, item)
                    yield result
            except Exception as e:  # a bug in reading one file must not end the batch
                yield _skip(f"reading failed: {type(e).__name__}: {e}", "EW204", str(item))


def read_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Source | Skipped]:
    """Documents in one file (several for JSONL)."""
    origin = str(path)
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(SNIFF_BYTES)
            if not head.strip(b" \t\r\n\x00\x0c\xef\xbb\xbf\xff\xfe"):
                yield _skip("the file is empty", "EW103", origin)
                return
            what = sniff_binary(head)
            if what is not None:
                yield _skip(f"this is {what}, not text", "EW104", origin)
                return
            suffix = path.suffix.lower()
            if suffix in _JSONL_SUFFIXES and not (suffix == ".json" and looks_like_json_document(head)):
                yield from iter_jsonl(f, origin, head)
                return
            if size > max_bytes:
                yield _skip(f"the file has {size:,} bytes, more than the limit of {max_bytes:,}", "EW113", origin)
                return
            data = head + f.read()
            if suffix == ".json":
                yield from iter_json_document(data, origin)
                return
    except IsADirectoryError:
        yield _skip("this is a directory", "EW112", origin)
        return
    except OSError as e:
        yield _skip(f"cannot read the file: {e.strerror or e}", "EW102", origin)
        return
    fmt: SourceFormat = "html" if path.suffix.lower() in _HTML_SUFFIXES else "text"
    yield _source_from_bytes(data, origin, fmt, sniff=path.suffix.lower() not in (".txt", ".text", *_HTML_SUFFIXES))


def read_stream(stream: IO[bytes], origin: str, *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Source | Skipped]:
    """Documents from a byte stream (stdin): JSONL when the first line is a JSON object, else one document."""
    first = stream.readline()
    if first.lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
        yield from iter_jsonl(stream, origin, first)
        return
    data = first + stream.read(max(0, max_bytes + 1 - len(first)))
    if len(data) > max_bytes:
        yield _skip(f"the input has more than the limit of {max_bytes:,} bytes", "EW113", origin)
        return
    if not data.strip():
        yield _skip("standard input is empty", "EW103", origin)
        return
    what = sniff_binary(data[:SNIFF_BYTES])
    if what is not None:
        yield _skip(f"this is {what}, not text", "EW104", origin)
        return
    yield _source_from_bytes(data, origin, "text", sniff=True)


def _source_from_bytes(data: bytes, origin: str, fmt: SourceFormat, *, sniff: bool) -> Source | Skipped:
    try:
        decoded = decode(data)
    except BinaryInput as e:
        return _skip(str(e), "EW104", origin)
    except UndecodableInput as e:
        return _skip(str(e), "EW105", origin)
    text = decoded.text
    if not text.strip():
        return _skip("the file is empty", "EW103", origin)
    if sniff and looks_like_html(text):
        fmt = "html"
    return Source(origin=origin, body=text, format=fmt, encoding=decoded.encoding, warnings=decoded.warnings)


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and "<body" in text[:5000].lower()
    )


def _skip(detail: str, code: str, origin: str, line: int | None = None) -> Skipped:
    return Skipped.from_error(InputError(detail, code=code, path=origin, line=line))


__all__ = ["MAX_FILE_BYTES", "iter_sources", "looks_like_html", "read_file", "read_stream"]
