"""Scoring shared by the geoparsing datasets (GeoWebNews, LGL).

Toponym recognition (geotagging) is scored by span: a predicted mention matches a gold toponym
when the spans are identical ("exact") or overlap ("overlap"); precision counts predictions that
match no counted gold toponym as false. Resolution (geocoding) is scored on the gold toponyms
whose span a prediction overlaps and that carry coordinates: great-circle error in km (mean,
median), accuracy within 161 km (100 miles, the field's usual threshold), AUC of the log error
curve (Gritta et al. 2018: mean of ln(1 + km) / ln(20039); lower is better) and exact GeoNames
id match where the prediction has a GeoNames id. A found toponym left unresolved (null
coordinates) counts as a miss for acc@161km and is left out of the km statistics and AUC.

Texts are parsed as given (no cleaning), so offsets are the dataset's own; the places stage runs
without actors or dateline context (:func:`eventwire.extract.places.geoparse` on the parse alone).
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..extract.places.stage import geoparse
from ..extract.places.words import not_place_words
from ..knowledge import load_knowledge
from ..nlp import Parser
from ..resolve.gazetteer import GazEntry
from ..resolve.geocode import Toponym
from . import EvalResult, prf
from .inputs import find_file, malformed, xml_root
from .progress import tracked

EARTH_KM = 6371.0088
ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    kind: str
    """Dataset's type label (GeoWebNews) or feature code (LGL)."""
    geonames_id: str | None
    lat: float | None
    lon: float | None
    counted: bool = True
    """Whether recognition scoring counts it as a location."""
    country_id: str | None = None
    """GeoNames id of the gold country (LGL)."""


@dataclass
class GeoDoc:
    id: str
    text: str
    gold: list[GoldToponym] = field(default_factory=list)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def predict(docs: Sequence[GeoDoc]) -> list[list[Toponym]]:
    """Geoparse every document's text with the default model and gazetteer."""
    parser = Parser()
    gaz = load_knowledge().gazetteer
    dem = not_place_words()
    return [geoparse(p, gaz, dem) for p in tracked(parser.parse_many(d.text for d in docs), len(docs))]


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score(dataset: str, docs: Sequence[GeoDoc], preds: Sequence[Sequence[Toponym]], notes: list[str]) -> EvalResult:
    """Score eventwire's toponyms ``preds`` (one list per document) against the documents' gold."""
    gaz = load_knowledge().gazetteer
    tp_exact = tp_ovl = fp_exact = fp_ovl = n_gold = 0
    errors: list[float] = []
    id_hits = id_total = country_hits = country_total = resolved_none = 0
    per_kind: dict[str, list[int]] = {}
    misses: list[str] = []
    for doc, tops in zip(docs, preds, strict=True):
        counted = [g for g in doc.gold if g.counted]
        n_gold += len(counted)
        for t in tops:
            if not any(g.start == t.start and g.end == t.end for g in counted):
                fp_exact += 1
            if not any(_overlaps(g.start, g.end, t.start, t.end) for g in counted):
                fp_ovl += 1
        for g in counted:
            kind = per_kind.setdefault(g.kind, [0, 0])
            kind[1] += 1
            exact = [t for t in tops if t.start == g.start and t.end == g.end]
            ovl = exact or [t for t in tops if _overlaps(g.start, g.end, t.start, t.end)]
            if exact:
                tp_exact += 1
            if not ovl:
                continue
            tp_ovl += 1
            kind[0] += 1
            if g.lat is None or g.lon is None:
                continue
            chosen: GazEntry | None = ovl[0].chosen
            if chosen is None:
                resolved_none += 1  # a miss for acc@161km; not in the km statistics
                continue
            d = km(g.lat, g.lon, chosen.lat, chosen.lon)
            errors.append(d)
            if d > ACC_KM and len(misses) < 400:
                misses.append(f"{doc.id}: {g.text!r} -> {chosen.name} {chosen.country} {chosen.feature} ({d:.0f} km)")
            if g.geonames_id and chosen.gid.startswith("geonames:"):
                id_total += 1
                id_hits += chosen.gid == f"geonames:{g.geonames_id}"
            if g.country_id:
                country_total += 1
                c = gaz.country(chosen.country) if chosen.country else None
                country_hits += c is not None and c.gid == f"geonames:{g.country_id}"
    span = prf(tp_exact, fp_exact, n_gold - tp_exact)
    overlap = prf(tp_ovl, fp_ovl, n_gold - tp_ovl)
    metrics: dict[str, float] = {
        "span_precision": span["precision"],
        "span_recall": span["recall"],
        "span_f1": span["f1"],
        "overlap_precision": overlap["precision"],
        "overlap_recall": overlap["recall"],
        "overlap_f1": overlap["f1"],
        "geocoded_n": float(len(errors) + resolved_none),
        "acc_161km": sum(e <= ACC_KM for e in errors) / (len(errors) + resolved_none) if errors else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "auc": statistics.fmean(math.log1p(e) / math.log(20039.0) for e in errors) if errors else 0.0,
        "geonames_id_match": id_hits / id_total if id_total else 0.0,
        "unresolved": float(resolved_none),
    }
    if country_total:
        metrics["country_accuracy"] = country_hits / country_total
    per_class = {k: {"recall": v[0] / v[1] if v[1] else 0.0, "support": float(v[1])} for k, v in per_kind.items()}
    return EvalResult(
        dataset=dataset,
        n=len(docs),
        metrics=metrics,
        per_class=per_class,
        notes=notes,
        extra={"misses_over_161km": misses, "id_scored": id_total},
    )


def load_docs(
    path: Path,
    dataset: str,
    files: Sequence[str],
    folders: Sequence[str],
    id_attr: str,
    toponym: Callable[[ET.Element], GoldToponym],
    limit: int | None = None,
) -> list[GeoDoc]:
    """Articles of the dataset's XML file under ``path`` (first of ``files`` in ``folders``, or ``path`` itself).

    EW402 when no file is found; EW404 for XML that does not parse, an article without an id or a
    toponym whose offsets are not numbers.
    """
    file = find_file(path, dataset, files, folders)
    docs: list[GeoDoc] = []
    for n, art in enumerate(xml_root(file).iter("article"), 1):
        doc_id = art.get(id_attr)
        if not doc_id:
            raise malformed(f"<article> number {n} has no {id_attr!r} attribute", file)
        try:
            gold = [toponym(t) for t in art.iter("toponym")]
        except ValueError as e:
            raise malformed(f"<article {id_attr}={doc_id!r}>: a toponym's start/end is not a number ({e})", file) from e
        docs.append(GeoDoc(id=doc_id, text=art.findtext("text") or "", gold=gold))
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise malformed("no <article> elements", file)
    return docs


__all__ = ["ACC_KM", "GeoDoc", "GoldToponym", "km", "load_docs", "predict", "score"]
