"""Stream JSONL documents: one Source per good line, one Skipped (with its line number) per bad one.

Lines are read one at a time, so a file of a million reports never sits in memory.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..errors import InputError, Skipped
from .decode import guess_legacy_encoding
from .source import Source, SourceFormat

_STRING_FIELDS = ("url", "title", "published", "source")


def iter_jsonl(stream: IO[bytes], origin: str, head: bytes = b"") -> Iterator[Source | Skipped]:
    """Yield documents from a binary JSONL stream (``head``: bytes already read from it)."""
    for n, line in enumerate(_text_lines(stream, head), 1):
        if isinstance(line, InputError):
            line.path, line.line = origin, n
            line.args = (line.format(),)
            yield Skipped.from_error(line)
            continue
        if not line.strip():
            continue
        yield parse_line(line, origin, n)


def parse_line(line: str, origin: str, n: int, encoding: str = "utf-8") -> Source | Skipped:
    """One JSONL line as a Source, or a Skipped entry saying what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return _skip(f"bad JSON at column {e.colno}: {e.msg}", "EW106", origin, n)
    except RecursionError:
        return _skip("bad JSON: nested too deeply", "EW106", origin, n)
    if not isinstance(obj, dict):
        return _skip(f"the line is {_json_type(obj)}, not a JSON object", "EW106", origin, n)
    return from_object(obj, origin, n, encoding)


def from_object(
    obj: dict[str, Any], origin: str, n: int | None, encoding: str | None = None, *, item: int | None = None
) -> Source | Skipped:
    """A Source from one JSON object with ``text`` or ``html`` and optional metadata.

    ``n`` is the JSONL line; ``item`` the 1-based position in a JSON array (named in messages).
    """
    if item is not None:
        skipped = from_object(obj, origin, n, encoding)
        if isinstance(skipped, Skipped):
            return _skip(f"item {item}: " + _detail(skipped), skipped.code, origin, n)
        return skipped
    body: Any = None
    fmt: SourceFormat = "text"
    for key, kind in (("text", "text"), ("html", "html")):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return _skip(f"field `{key}` is {_json_type(value)}, not a string", "EW108", origin, n)
        if value.strip():
            body, fmt = value, kind  # type: ignore[assignment]
            break
        body = value
    if body is None:
        return _skip("no `text` or `html` field", "EW107", origin, n)
    if not body.strip():
        return _skip("the `text`/`html` field is empty", "EW103", origin, n)
    meta: dict[str, str | None] = {}
    for key in _STRING_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return _skip(f"field `{key}` is {_json_type(value)}, not a string", "EW108", origin, n)
        meta[key] = value
    ident = obj.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)  # numeric ids are common and harmless
    if ident is not None and not isinstance(ident, str):
        return _skip(f"field `id` is {_json_type(ident)}, not a string", "EW108", origin, n)
    warnings: tuple[str, ...] = ()
    if "\x00" in body:
        warnings = (f"removed {body.count(chr(0))} NUL character(s) from the text",)
        body = body.replace("\x00", "")
    return Source(
        origin=origin,
        body=body,
        format=fmt,
        line=n,
        url=meta["url"],
        title=meta["title"],
        published=meta["published"],
        source=meta["source"],
        id=ident,
        encoding=encoding,
        warnings=warnings,
    )


def iter_json_document(data: bytes, origin: str) -> Iterator[Source | Skipped]:
    """Documents of a whole ``.json`` file: one object, or an array of objects."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield _skip("a .json file must be UTF-8", "EW105", origin, None)
        return
    except json.JSONDecodeError as e:
        yield _skip(f"bad JSON at line {e.lineno}, column {e.colno}: {e.msg}", "EW106", origin, None)
        return
    except RecursionError:
        yield _skip("bad JSON: nested too deeply", "EW106", origin, None)
        return
    if isinstance(doc, dict):
        yield from_object(doc, origin, None, "utf-8")
    elif isinstance(doc, list):
        for k, obj in enumerate(doc, 1):
            if isinstance(obj, dict):
                yield from_object(obj, origin, None, "utf-8", item=k)
            else:
                yield _skip(f"item {k} is {_json_type(obj)}, not a JSON object", "EW106", origin, None)
    else:
        yield _skip(f"the file holds {_json_type(doc)}, not a JSON object or array", "EW106", origin, None)


def looks_like_json_document(head: bytes) -> bool:
    """True when a ``.json`` file is one JSON document (an array, or a pretty-printed object), not JSONL."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        return True
    if not stripped.startswith(b"{"):
        return False
    first_line = stripped.split(b"\n", 1)[0]
    try:
        return not isinstance(json.loads(first_line), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return True


def _detail(skipped: Skipped) -> str:
    """The message of a Skipped entry without its place prefix and catalogue suffix."""
    message = skipped.message
    head = f"{skipped.input}:{skipped.line}: " if skipped.line is not None else f"{skipped.input}: "
    if message.startswith(head):
        message = message[len(head) :]
    return message.split(f" [{skipped.code}]", 1)[0]


def _text_lines(stream: IO[bytes], head: bytes) -> Iterator[str | InputError]:
    """Decoded lines of the stream; a line that cannot be decoded becomes an InputError."""
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            wrapper = io.TextIOWrapper(io.BufferedReader(_Rejoined(head, stream)), encoding=enc, newline=None)
            yield from wrapper
            return
    first = True
    for raw in _byte_lines(head, stream):
        if first and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            legacy = guess_legacy_encoding(raw)
            if legacy is None:
                yield InputError("the line is not UTF-8 and its encoding could not be detected", code="EW105")
            else:
                yield raw.decode(legacy, errors="replace")


def _byte_lines(head: bytes, stream: IO[bytes]) -> Iterable[bytes]:
    if not head:
        yield from stream
        return
    rest = stream.readline() if not head.endswith(b"\n") else b""
    yield from io.BytesIO(head + rest)
    yield from stream


class _Rejoined(io.RawIOBase):
    """A readable stream of ``head`` followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(b))
        b[: len(data)] = data
        return len(data)


def _json_type(value: Any) -> str:
    """The JSON type of ``value`` with its article, for messages ("an array", "a number")."""
    if value is None:
        return "null"
    kinds = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }
    return kinds.get(type(value), "a " + type(value).__name__)


def _skip(detail: str, code: str, origin: str, n: int | None) -> Skipped:
    return Skipped.from_error(InputError(detail, code=code, path=origin, line=n))


__all__ = ["from_object", "iter_json_document", "iter_jsonl", "looks_like_json_document", "parse_line"]
