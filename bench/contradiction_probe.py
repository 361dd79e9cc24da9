"""Contradictions eventwire finds inside single articles of other datasets' TUNE halves.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/contradiction_probe.py --data ../shared/data

News articles rarely contradict themselves, so almost every contradiction found here is spurious:
a cheap source of error classes for ``contradictions.rules.v1`` that never reads a held half or the
real-report corpus. Prints one JSON line per contradiction (dataset, article, reason, both sides'
evidence) and a count per dataset on stderr. Datasets whose folder is absent are skipped.
Session 5 (2026-12-03): 3 found on the tune halves of PolNeAR, LGL, GeoWebNews, ISAF and ECB+ (a
budget vote read as a claim, two sums of money, a passive "had been dismissed" read as a denial),
then a bare "X disagrees" tied to a quote five sentences back; 0 after the fixes (3 min on 2 cores).
Session 6 (s6-fig): PLOVER GSR texts and IndiaPoliceEvents articles (sentences joined by
``doc_id``) added to the tune halves probed; see bench/realreports/README.md "Session 6 (s6-fig)".
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.eval import Scorer, ecbplus, geowebnews, indiapolice, isaf, lgl, plover_gsr, polnear
from eventwire.eval.split import half_of, in_split
from eventwire.eval.texts import process_texts
from eventwire.records import Article


def tune_texts(data: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """(dataset, article ids, texts) of each dataset's tune half present under ``data``."""
    scorers: list[tuple[str, Scorer[Any, Any]]] = [
        ("polnear", polnear.SCORER),
        ("lgl", lgl.SCORER),
        ("geowebnews", geowebnews.SCORER),
        ("isaf_press_releases", isaf.SCORER),
    ]
    for name, scorer in scorers:
        if (data / name).exists():
            items = [d for d in scorer.load(data / name, None) if in_split("tune", name, scorer.key(d))]
            yield name, [scorer.key(d) for d in items], [d.text for d in items]
    if (data / "plover_gsr").exists():
        rows = [r for r in plover_gsr.SCORER.load(data / "plover_gsr", None) if r.get("text")]
        gsr = [r for r in rows if in_split("tune", "plover_gsr", plover_gsr.SCORER.key(r))]
        yield "plover_gsr", [plover_gsr.SCORER.key(r) for r in gsr], [str(r["text"]) for r in gsr]
    if (data / "indiapoliceevents").exists():
        # sentences joined back into their articles (the split is by article)
        articles: dict[int, list[str]] = {}
        for sent in indiapolice.SCORER.load(data / "indiapoliceevents", None):
            if half_of("indiapoliceevents", str(sent.doc_id)) == "tune":
                articles.setdefault(sent.doc_id, []).append(sent.text)
        yield "indiapoliceevents", [str(d) for d in articles], [" ".join(parts) for parts in articles.values()]
    if (data / "ecbplus").exists():
        docs = [ecbplus.read_doc(i.path, None) for i in ecbplus.SCORER.load(data / "ecbplus", None)]
        kept = [d for d in docs if d is not None and ecbplus.in_tune_half(d.topic)]
        yield "ecbplus", [d.name for d in kept], [d.text for d in kept]


def side(article: Article, record_id: str) -> str:
    """The evidence (and speaker or figure text) of one side of a contradiction."""
    for q in article.quotes:
        if q.id == record_id:
            return f"{q.speaker_text!r} {q.cue!r}: {q.evidence.text[:200]}"
    for n in article.quantities:
        if n.id == record_id:
            return f"{n.text!r} ({n.category}): {n.evidence.text[:200]}"
    for e in article.events:
        if e.id == record_id:
            return f"{e.type}: {e.evidence.text[:200]}"
    return record_id


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = ap.parse_args()
    for name, ids, texts in tune_texts(args.data):
        found = 0
        for doc_id, article in zip(ids, process_texts(texts), strict=True):
            if article is None:
                continue
            for c in article.contradictions:
                found += 1
                row = {"dataset": name, "article": doc_id, "reason": c.reason}
                print(json.dumps(row | {"a": side(article, c.a), "b": side(article, c.b)}), flush=True)
        print(f"{name}: {found} contradictions in {len(texts)} tune-half articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
