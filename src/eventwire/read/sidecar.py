"""Sidecar metadata files: ``story.meta`` or ``story.json`` beside ``story.txt`` (or ``.html``).

Scrapers often save a page's text and, next to it, its metadata (URL, title, date, outlet, id).
Such a file is not an article: it is read as the metadata of the document with the same stem and
never ingested on its own. ``.json`` sidecars are one JSON object without a ``text``/``html`` field;
``.meta`` sidecars are that JSON object or ``key: value`` lines. Recognised keys: ``url``,
``title``, ``published`` (or ``date``), ``source`` (or ``outlet``), ``id``; others are ignored.
Metadata given with the document itself (none for plain files today) wins over the sidecar's.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from .source import Source

SIDECAR_SUFFIXES = (".meta", ".json")
"""Suffixes of sidecar files (``story.meta``, ``story.json``; also ``story.txt.meta``)."""

DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".md"})
"""Documents a sidecar can describe."""

MAX_SIDECAR_BYTES = 1024 * 1024
"""A metadata file larger than this is not a sidecar (it is read as a document, or skipped as one)."""

_ALIASES = {
    "url": "url",
    "link": "url",
    "title": "title",
    "headline": "title",
    "published": "published",
    "date": "published",
    "source": "source",
    "outlet": "source",
    "id": "id",
}


def document_of(path: Path) -> Path | None:
    """The document ``path`` is a sidecar of, or None when it is not a sidecar."""
    if path.suffix.lower() not in SIDECAR_SUFFIXES:
        return None
    inner = Path(path.stem)
    if inner.suffix.lower() in DOCUMENT_SUFFIXES:  # story.txt.meta
        candidate = path.with_name(path.stem)
        return candidate if candidate.is_file() else None
    for suffix in sorted(DOCUMENT_SUFFIXES):
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            if path.suffix.lower() == ".json" and not _is_metadata_json(path):
                return None  # a JSON article of its own that happens to share a stem
            return candidate
    return None


def sidecars_of(document: Path) -> list[Path]:
    """Sidecar files that describe ``document`` (most specific first)."""
    if document.suffix.lower() not in DOCUMENT_SUFFIXES:
        return []
    out: list[Path] = []
    for suffix in SIDECAR_SUFFIXES:
        for candidate in (document.with_name(document.name + suffix), document.with_suffix(suffix)):
            if candidate.is_file() and candidate not in out and document_of(candidate) == document:
                out.append(candidate)
    return out


def read_metadata(path: Path) -> dict[str, str]:
    """The recognised metadata in one sidecar file; raises ``ValueError`` when it cannot be read."""
    if path.stat().st_size > MAX_SIDECAR_BYTES:
        raise ValueError(f"larger than {MAX_SIDECAR_BYTES:,} bytes")
    text = path.read_text(encoding="utf-8-sig")
    data: Any
    if text.lstrip().startswith(("{", "[")):
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    else:
        data = {}
        for line in text.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip():
                data.setdefault(key.strip().lower(), value.strip())
    out: dict[str, str] = {}
    for key, value in data.items():
        field = _ALIASES.get(str(key).lower())
        if field is None or field in out or value is None or isinstance(value, (dict, list, bool)):
            continue
        value = str(value).strip()
        if value:
            out[field] = value
    if not out:
        raise ValueError("no url, title, published/date, source/outlet or id in it")
    return out


def with_sidecar_metadata(source: Source, document: Path) -> Source:
    """``source`` with the metadata of the sidecars beside ``document`` filled in where it has none."""
    sidecars = sidecars_of(document)
    if not sidecars:
        return source
    found: dict[str, str] = {}
    warnings = list(source.warnings)
    for sidecar in sidecars:
        try:
            meta = read_metadata(sidecar)
        except (OSError, ValueError, UnicodeDecodeError) as e:
            warnings.append(f"metadata file {sidecar} could not be read ({e}); its metadata was ignored")
            continue
        for key, value in meta.items():
            found.setdefault(key, value)
    return replace(
        source,
        url=source.url or found.get("url"),
        title=source.title or found.get("title"),
        published=source.published or found.get("published"),
        source=source.source or found.get("source"),
        id=source.id or found.get("id"),
        warnings=tuple(warnings),
    )


def _is_metadata_json(path: Path) -> bool:
    """True when a .json file is one object without article text (metadata, not an article)."""
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            return False
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and not any(isinstance(data.get(k), str) for k in ("text", "html"))


__all__ = ["SIDECAR_SUFFIXES", "document_of", "read_metadata", "sidecars_of", "with_sidecar_metadata"]
