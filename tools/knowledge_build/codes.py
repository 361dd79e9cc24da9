"""CAMEO actor codes (``USAGOV``, ``IGOUNOREFHCR``, ``BIHSRP``) -> eventwire country and PLOVER sectors.

A CAMEO code is a run of 3-character blocks: a country (ISO3 for most states, or a dependency as
parent + ISO, or a pseudo-country IGO/NGO/IMG/MNC, or a region), then role blocks (GOV, MIL, ...),
religion blocks, agency identifiers. The decisions the sources leave open are rows of rules.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .report import Report
from .rules import Rules

NULL_CODE = "---"
_DROPPED_UNDER_PSEUDO = frozenset({"ENV", "DEV", "HRI"})
"""Under IGO/NGO/... these blocks are topics, not sectors (knowledge README: "NGODEV -> NGO")."""


@dataclass(frozen=True, slots=True)
class Coded:
    country: str | None
    sectors: tuple[str, ...]
    """PLOVER sectors, primary first; empty when the code names none."""

    @property
    def sector(self) -> str | None:
        return self.sectors[0] if self.sectors else None


def manual_sectors(tex: str) -> frozenset[str]:
    """The sector codes of the PLOVER manual's table ``tab:roles``."""
    m = re.search(r"\\caption\{Sector Codes\}(.*?)\\end\{longtable\}", tex, re.S)
    if not m:
        return frozenset()
    return frozenset(re.findall(r"^\s*([A-Z]{3})\s*&", m.group(1), re.M))


class CodeMapper:
    """Maps CAMEO codes; unknown blocks are counted in the report, never guessed."""

    def __init__(
        self,
        rules: Rules,
        iso3: frozenset[str],
        dependencies: dict[str, str],
        religion: frozenset[str],
        plover_sectors: frozenset[str],
        report: Report,
    ) -> None:
        self.iso3 = iso3
        self.dependencies = dependencies
        """6-letter CAMEO dependency code (USAPRI) -> parent's eventwire code."""
        self.fixed = rules.table("country_code")
        self.historical = rules.table("historical")
        self.territory = rules.words("territory_block")
        self.pseudo = rules.table("pseudo_country")
        self.igo_member = rules.table("igo_member")
        self.pseudo_codes = frozenset(self.pseudo.values()) | frozenset(self.igo_member.values())
        self.regions = rules.words("region_block")
        self.cameo_sector = rules.table("sector")
        self.religion = religion | rules.words("religion")
        self.secondary = rules.words("secondary_kept")
        self.plover_sectors = plover_sectors
        self.report = report

    def country_of(self, code: str) -> tuple[str | None, int]:
        """(eventwire country, number of characters the country part takes) for the start of a code."""
        if len(code) >= 6:
            if code[:6] in self.fixed:
                return self.fixed[code[:6]], 6
            if code[:6] in self.dependencies:
                return self.dependencies[code[:6]], 6
        first = code[:3]
        if first in self.dependencies and first not in self.iso3:
            return self.dependencies[first], 3  # a dependency's own ISO code (PRI -> USA)
        if first in self.fixed:
            return self.fixed[first], 3
        if first in self.historical:
            # A Soviet republic (USR + ISO) was the USSR while the code applied.
            used = 6 if first == "USR" and code[3:6] in self.iso3 else 3
            return self.historical[first], used
        if first in self.pseudo:
            country = self.pseudo[first]
            used = 3
            if first == "IGO":
                for key, value in self.igo_member.items():
                    if code[3 : 3 + len(key)] == key:
                        return value, 3 + len(key)
            return country, used
        if first in self.iso3:
            return first, 3
        return None, 0

    def map(self, code: str, vocabulary: str = "cameo", *, where: str = "") -> Coded:
        """Country and sectors of ``code``. ``vocabulary`` says whose role codes these are:
        ``cameo`` (Phoenix dictionaries: MED = media) or ``plover`` (NGEC: MED = health)."""
        if code == NULL_CODE:
            return Coded(None, ())
        country, used = self.country_of(code)
        if used == 0 and code[:3] in self.regions:
            self.report.count(
                "Actor codes with a region as first block (no country, as PLOVER codes regions)", code[:3]
            )
            used = 3
        elif used == 0 and self._sector(code[:3], vocabulary, None) is None:
            self.report.count("Actor codes with an unknown first block (no country)", code[:3])
            used = 3
        return Coded(country, self.roles(code[used:], vocabulary, country))

    def roles(self, blocks: str, vocabulary: str = "cameo", country: str | None = None) -> tuple[str, ...]:
        """PLOVER sectors of a run of role blocks (``GOVAGR`` -> GOV; ``CVLOPP`` -> CVL, OPP)."""
        sectors: list[str] = []
        for i in range(0, len(blocks), 3):
            block = blocks[i : i + 3]
            if block in self.territory or block in self.regions:
                continue
            sector = self._sector(block, vocabulary, country)
            if sector is None:
                if block in self.iso3 and country in self.pseudo_codes:
                    self.report.count(
                        "Country blocks after a pseudo-country (home country of an NGO/MNC/IGO; dropped)", block
                    )
                else:
                    self.report.count(f"Actor code blocks with no PLOVER sector (dropped), {vocabulary} codes", block)
                continue
            if not sectors or (sector in self.secondary and sector not in sectors):
                sectors.append(sector)
        return tuple(sectors)

    def _sector(self, block: str, vocabulary: str, country: str | None) -> str | None:
        if country in self.pseudo_codes and block in _DROPPED_UNDER_PSEUDO:
            return None
        if country == "IMG" and block in self.religion:
            return None  # a transnational armed group's religion is its ideology, not a sector
        if vocabulary == "plover":
            return block if block in self.plover_sectors else None
        if block in self.cameo_sector:
            return self.cameo_sector[block]
        if block in self.religion:
            return "REL"
        return None
