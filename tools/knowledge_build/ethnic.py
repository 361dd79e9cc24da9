"""Ethnic groups and the states they live in, from the CAMEO Ethnic Coding System (``CAMEO.ECS.tex``).

Each table row is ``Name (Other name) & code & ISO3, ISO3, ... \\\\``: the group's name, its
three-letter CAMEO ethnic code and the states the codebook lists for it ("Selected Countries").
CAMEO codes an ethnic group with the state it lives in (the ethnic code is appended to the country
code), so a group named by its ethnicity ("Hutu rebels") is of one of those states, never of a state
the list does not name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .report import Report

SOURCE = "plover/CAMEO.ECS.tex"
_ROW = re.compile(r"^([^&\\%]+?)\s*&\s*([a-z]{3})\s*&\s*([A-Z ,]+?)\s*\\\\")
_ISO = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class EthnicGroup:
    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    code: str

    def cells(self) -> list[str]:
        return [self.name, "|".join(self.aliases) or "-", "|".join(self.countries), self.code, SOURCE]


def parse_ecs(text: str, report: Report, country_of: Callable[[str], str | None]) -> list[EthnicGroup]:
    """The groups of the ECS table; ``country_of`` maps a listed code to eventwire's country (CAMEO
    codes read as the actor dictionaries' are); codes it cannot map are dropped with the line named."""
    out: dict[str, EthnicGroup] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = _ROW.match(line.strip())
        if m is None:
            continue
        raw, code, isos = m.groups()
        names = [p.strip() for p in re.split(r"[()]", raw) if p.strip()]
        name, aliases = names[0], tuple(a for part in names[1:] for a in (s.strip() for s in part.split(",")) if a)
        countries = []
        for iso in (c.strip() for c in isos.split(",")):
            if not iso:
                continue
            state = country_of(iso) if _ISO.match(iso) else None
            if state is None:
                report.drop(SOURCE, n, "country code with no state", iso)
            elif state not in countries:
                countries.append(state)
        if not countries:
            continue
        key = name.casefold()
        if key in out:
            report.count("ECS groups listed twice (first kept)", name)
            continue
        out[key] = EthnicGroup(name, aliases, tuple(sorted(countries)), code)
    return sorted(out.values(), key=lambda g: g.name.casefold())
