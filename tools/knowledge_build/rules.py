"""The build's own rules (``rules.tsv`` next to this module): decisions the sources leave open."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

RULES = Path(__file__).with_name("rules.tsv")


@dataclass(frozen=True)
class Rules:
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    """table -> key -> value (``-`` kept as is)."""

    def table(self, name: str) -> dict[str, str]:
        return self.tables.get(name, {})

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.table(name))


def load_rules(path: Path = RULES) -> Rules:
    tables: dict[str, dict[str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated columns (table, key, value, note)")
        table, key, value, _note = cells
        tables.setdefault(table, {})[key] = value
    return Rules(tables)
