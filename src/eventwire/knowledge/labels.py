"""Label maps: the tables that translate eventwire's labels to other schemes (scorers, exports).

They are the commented TSV files under ``knowledge/eval/`` (dataset labels -> PLOVER, entity labels)
and ``knowledge/exports/`` (PLOVER -> ACLED, armed sectors): ``#`` comment lines on top, then a header
row, then one row per mapping. Extraction never reads them, so they are not part of the extractor
identity; they are part of the knowledge value so a scorer or exporter gets them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import KnowledgeError

SHIPPED_PATTERNS = ("eval/*.tsv", "exports/*.tsv")
"""The shipped files, as globs relative to the knowledge folder."""


@dataclass(frozen=True)
class LabelMaps:
    """Every label table by its path relative to the knowledge folder (``eval/case2021_to_plover.tsv``)."""

    tables: dict[str, tuple[dict[str, str], ...]]

    def table(self, name: str) -> tuple[dict[str, str], ...]:
        """The rows of one table; KnowledgeError EW205 naming the known tables if there is none."""
        if name not in self.tables:
            raise KnowledgeError(f"no label table {name!r} (known: {', '.join(sorted(self.tables))})")
        return self.tables[name]

    def mapping(self, name: str, key: str, value: str) -> dict[str, str]:
        """``key`` column -> ``value`` column of one table (a key mapped twice is an error)."""
        out: dict[str, str] = {}
        for row in self.table(name):
            if key not in row or value not in row:
                raise KnowledgeError(f"table has no column {key!r} or {value!r}", path=name)
            if row[key] in out:
                raise KnowledgeError(f"{row[key]!r} is mapped twice", path=name)
            out[row[key]] = row[value]
        return out


def read_rows(path: Path, label: str) -> tuple[dict[str, str], ...]:
    """Rows of one commented TSV with a header row; KnowledgeError (with the line) if a row is malformed."""
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise KnowledgeError(
                f"expected {len(header)} tab-separated cells, got {len(cells)}", path=label, line=lineno
            )
        rows.append(dict(zip(header, cells, strict=True)))
    if header is None:
        raise KnowledgeError("no header row", path=label)
    return tuple(rows)


def load_labels(files: Iterable[tuple[str, Path]]) -> LabelMaps:
    """Read ``(name, path)`` label tables into one :class:`LabelMaps`."""
    return LabelMaps({name: read_rows(path, name) for name, path in files})


__all__ = ["SHIPPED_PATTERNS", "LabelMaps", "load_labels", "read_rows"]
