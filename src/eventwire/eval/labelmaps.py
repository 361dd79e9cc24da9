"""Loader for the label mappings the scorers use (data files in ``knowledge/eval/``).

Each file is a TSV with ``#`` comment lines on top (format and source), then a header row. A
mapping is data, not code, so a reader can check every row and its reason in one place.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..errors import KnowledgeError

# knowledge/ is a data folder (no __init__.py), found next to the package code.
_ROOT = Path(__file__).resolve().parent.parent / "knowledge" / "eval"


def knowledge_path(name: str) -> Path:
    """Path of ``knowledge/eval/<name>``."""
    return _ROOT / name


def read_table(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a commented TSV as dicts; KnowledgeError (with the line) if a row is malformed."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise KnowledgeError(f"header lacks column(s) {', '.join(missing)}", path=str(path), line=lineno)
            continue
        if len(cells) != len(header) or any(not cells[header.index(c)] for c in required):
            raise KnowledgeError(
                f"expected {len(header)} tab-separated cells, got {cells!r}", path=str(path), line=lineno
            )
        rows.append(dict(zip(header, cells, strict=True)))
    if header is None:
        raise KnowledgeError("no header row", path=str(path))
    return rows


@cache
def label_map(name: str, key: str, value: str) -> dict[str, str]:
    """``key`` column -> ``value`` column of ``knowledge/eval/<name>`` (every row needs a reason)."""
    rows = read_table(knowledge_path(name), (key, value, "reason"))
    out: dict[str, str] = {}
    for row in rows:
        if row[key] in out:
            raise KnowledgeError(f"{row[key]!r} is mapped twice", path=str(knowledge_path(name)))
        out[row[key]] = row[value]
    return out


__all__ = ["knowledge_path", "label_map", "read_table"]
