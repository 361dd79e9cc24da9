"""Finding and reading a dataset's files, with coded errors for every way they can be wrong.

Scorers accept the dataset in its published layout and file names (as in the source repository or
release the dataset's README names) as well as the development samples in ``../shared/data``, or
the data file itself. A missing folder or file is ``EW402``, a file that is not in the dataset's
format (bad JSON line, bad XML, wrong columns) is ``EW404``; both name the file (and line) and say
what to pass. No scorer lets a raw ``OSError``, ``JSONDecodeError`` or ``ParseError`` out.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import EvalError


def missing(detail: str, path: Path | str) -> EvalError:
    """EW402: a folder or file the scorer needs is not there."""
    return EvalError(detail, code="EW402", path=str(path))


def malformed(detail: str, path: Path | str, line: int | None = None) -> EvalError:
    """EW404: a file is there but not in the dataset's format."""
    return EvalError(detail, code="EW404", path=str(path), line=line)


def find_file(path: Path, dataset: str, names: Sequence[str], folders: Sequence[str] = (".",)) -> Path:
    """The first of ``names`` found in one of ``folders`` under ``path`` (or ``path`` itself if it is a file).

    ``names`` lists the published file name(s) and the development sample's; ``folders`` the
    sub-folders they live in (``"."`` = ``path`` itself), in the order they are tried.
    """
    if path.is_file():
        return path
    if not path.is_dir():
        raise missing(f"{dataset}: no such folder or file", path)
    for folder in folders:
        for name in names:
            candidate = path / folder / name
            if candidate.is_file():
                return candidate
    where = ", ".join(f"{f.rstrip('/')}/" if f != "." else "./" for f in folders)
    raise missing(f"{dataset}: none of {', '.join(names)} found in {where}", path)


def read_text(path: Path) -> str:
    """The file's text as UTF-8; EW402 if it cannot be read, EW404 if it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise malformed(f"not UTF-8 text ({e.reason} at byte {e.start})", path) from e
    except OSError as e:
        raise missing(f"cannot read: {e.strerror or e}", path) from e


def json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSONL file; EW404 for a line that is not an object."""
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise malformed(f"not a JSON line: {e.msg} (column {e.colno})", path, lineno) from e
        if not isinstance(obj, dict):
            raise malformed(f"expected a JSON object, got {type(obj).__name__}", path, lineno)
        yield lineno, obj


def json_document(path: Path) -> Any:
    """The JSON value of a whole file; EW404 (with the line) if it does not parse."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as e:
        raise malformed(f"not JSON: {e.msg} (column {e.colno})", path, e.lineno) from e


def xml_root(path: Path) -> ET.Element:
    """The root element of an XML file; EW404 (with the line) if it does not parse."""
    try:
        data = path.read_bytes()  # bytes, so the file's own encoding declaration is honoured
    except OSError as e:
        raise missing(f"cannot read: {e.strerror or e}", path) from e
    try:
        return ET.fromstring(data)
    except ET.ParseError as e:
        line = e.position[0] if getattr(e, "position", None) else None
        raise malformed(f"not well-formed XML: {e}", path, line) from e


def field(obj: dict[str, Any], name: str, kind: type | tuple[type, ...], path: Path, line: int | None) -> Any:
    """``obj[name]`` if present and of ``kind``; EW404 naming the field otherwise."""
    if name not in obj:
        raise malformed(f"missing field {name!r}", path, line)
    value = obj[name]
    if not isinstance(value, kind):
        want = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise malformed(f"field {name!r} should be {want}, got {type(value).__name__}", path, line)
    return value


__all__ = ["field", "find_file", "json_document", "json_lines", "malformed", "missing", "read_text", "xml_root"]
