"""Expand paths and read files into Sources (minimal first version; see issue 2 / 8)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import InputError, Skipped
from . import Source


def _decode(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputError("cannot detect the text encoding", code="EW105", path=path) from None
        return str(best), best.encoding


def _read_file(path: Path) -> Iterator[Source | Skipped]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Skipped.from_error(InputError(f"cannot read file: {e.strerror}", code="EW102", path=origin))
        return
    if not data.strip():
        yield Skipped.from_error(InputError("file is empty", code="EW103", path=origin))
        return
    try:
        text, enc = _decode(data, origin)
    except InputError as e:
        yield Skipped.from_error(e)
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield Skipped.from_error(InputError(f"bad JSON: {e.msg}", code="EW106", path=origin, line=n))
                continue
            body = obj.get("text") if isinstance(obj, dict) else None
            fmt = "text"
            if body is None and isinstance(obj, dict):
                body, fmt = obj.get("html"), "html"
            if not isinstance(body, str):
                yield Skipped.from_error(InputError("no `text` or `html` string", code="EW107", path=origin, line=n))
                continue
            yield Source(origin=origin, body=body, format=fmt, line=n, url=obj.get("url"), title=obj.get("title"),
                         published=obj.get("published"), source=obj.get("source"), id=obj.get("id"), encoding=enc)
        return
    fmt = "html" if suffix in (".html", ".htm") else "text"
    yield Source(origin=origin, body=text, format=fmt, encoding=enc)


def iter_sources(paths: Sequence[str]) -> Iterator[Source | Skipped]:
    """Yield one Source per document (or a Skipped entry per bad input) from paths, dirs, globs or ``-``."""
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            text, enc = _decode(data, "-")
            yield Source(origin="-", body=text, format="html" if text.lstrip().startswith("<") else "text", encoding=enc)
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file():
                    yield from _read_file(f)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield Skipped.from_error(InputError("no such file or directory", code="EW101", path=p))
