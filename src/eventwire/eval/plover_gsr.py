"""PLOVER gold-standard records (GSR): event type and actors of each sentence's main event.

Each record is one sentence with one gold event. The file was coded with PLOVER 0.5b1; its labels
are mapped to the 16 current types (DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE,
FIGHT -> ASSAULT). eventwire's main event for the sentence is the one
:func:`eventwire.eval.texts.main_event` picks: events the text reports as happened first, then the
more confident, then the earlier. A sentence where eventwire finds no event counts as wrong on every
metric it has gold for.

Actors: gold ``source``/``target`` are lists of ``{actorText, code, sector}``; a predicted country is
right when it is one of the gold codes (compound actors list several), a sector when its first three
letters equal the first three of a gold sector (0.5b1 sectors carry suffixes such as ``REBHUT``).
Records whose gold has no code (or sector) are left out of that metric's denominator. The GSR's
0.5b1 code IGO covers the UN and the EU, which the current manual codes UNO and EUR; a predicted
UNO or EUR counts where gold says IGO (:func:`country_matches`).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..records import Actor, Article, Event
from . import EvalResult
from .classify import single_label_scores
from .texts import process_texts

DATA_FILE = "PLOVER_GSR_CAMEO.dev_sample.json"
LABEL_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CURRENT_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
     "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
)  # fmt: skip


def read_records(path: Path) -> list[dict[str, Any]]:
    """The sentence records of the GSR file (the DOCUMENT header record left out)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in data if isinstance(r, dict) and r.get("event") != "DOCUMENT" and r.get("text")]


def gold_type(record: dict[str, Any]) -> str | None:
    """The record's event type in the current 16-type set, or None if it has no mapping."""
    label = str(record.get("event") or "").strip().upper()
    label = LABEL_MAP.get(label, label)
    return label if label in CURRENT_TYPES else None


def _gold_actors(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [a for a in value if isinstance(a, dict)]
    return []


# PLOVER 0.5b1 (the GSR's version) codes the UN and the EU as IGO; the current manual (Table 5.1)
# gives them their own codes, UNO and EUR. A crosswalk like the type-label one above.
OLD_IGO = frozenset({"UNO", "EUR"})


def country_matches(predicted: str | None, gold: set[str]) -> bool:
    """Whether a predicted country code is one of the gold codes (UNO/EUR count as 0.5b1's IGO)."""
    if predicted is None:
        return False
    return predicted in gold or ("IGO" in gold and predicted in OLD_IGO)


def gold_codes(value: Any) -> set[str]:
    """Country codes of a gold source/target field (empty if none coded)."""
    return {str(a["code"]).strip().upper() for a in _gold_actors(value) if str(a.get("code") or "").strip()}


def gold_sectors(value: Any) -> set[str]:
    """First three letters of the gold sectors ('***' and empty left out)."""
    out = set()
    for a in _gold_actors(value):
        s = str(a.get("sector") or "").strip().upper()
        if s and s[:3].isalpha():
            out.add(s[:3])
    return out


# Statuses of events the text does not report as having happened.
_NOT_HAPPENED = frozenset({"negated", "hypothetical", "threatened", "planned", "requested"})


def sentence_main_event(article: Article) -> Event | None:
    """The event one GSR sentence is about: the first event the text reports as happened.

    A sentence's main clause comes first in news style ("X did Y after Z ..."), and complements of
    its predicate (threatened, requested, refused acts) are not its main event. Without such an
    event, the first event of any status.
    """
    if not article.events:
        return None
    return min(article.events, key=lambda e: (e.status in _NOT_HAPPENED, e.trigger.start))


def _actor(article: Article, actor_id: str | None) -> Actor | None:
    if actor_id is None:
        return None
    return next((a for a in article.actors if a.id == actor_id), None)


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _casualty_metrics(records: Sequence[dict[str, Any]], articles: Sequence[Article | None]) -> dict[str, float]:
    """Dead/injured scores from ``eventwire.eval.casualties`` when that module is present."""
    try:
        mod = importlib.import_module("eventwire.eval.casualties")
    except ImportError:
        return {}
    fn = getattr(mod, "casualty_metrics", None)
    if fn is None:
        return {}
    result: dict[str, float] = fn(list(records), list(articles))
    return result


def evaluate(path: Path, *, limit: int | None = None) -> EvalResult:
    """Type accuracy / macro-F1 and actor country / sector accuracy of the main event per sentence."""
    records = read_records(path / DATA_FILE)
    if limit is not None:
        records = records[:limit]
    scored = [r for r in records if gold_type(r) is not None]
    unscored = len(records) - len(scored)
    articles = list(process_texts([r["text"] for r in scored], ids=[f"plover_gsr:{r.get('id')}" for r in scored]))
    gold: list[str] = []
    pred: list[str | None] = []
    counts = {k: [0, 0] for k in ("source_country", "target_country", "source_sector", "target_sector")}
    no_event = 0
    examples: list[dict[str, Any]] = []
    for rec, art in zip(scored, articles, strict=True):
        g = gold_type(rec)
        assert g is not None  # filtered above
        ev: Event | None = sentence_main_event(art) if art is not None else None
        gold.append(g)
        pred.append(ev.type if ev is not None else None)
        if ev is None:
            no_event += 1
        src = _actor(art, ev.source) if art is not None and ev is not None else None
        tgt = _actor(art, ev.target) if art is not None and ev is not None else None
        for side, actor in (("source", src), ("target", tgt)):
            codes = gold_codes(rec.get(side))
            if codes:
                counts[f"{side}_country"][1] += 1
                counts[f"{side}_country"][0] += int(actor is not None and country_matches(actor.country, codes))
            sectors = gold_sectors(rec.get(side))
            if sectors:
                counts[f"{side}_sector"][1] += 1
                counts[f"{side}_sector"][0] += int(actor is not None and (actor.sector or "")[:3].upper() in sectors)
        examples.append(
            {
                "id": rec.get("id"),
                "gold": g,
                "pred": ev.type if ev else None,
                "trigger": ev.trigger.text if ev else None,
                "source": (src.name, src.country, src.sector) if src else None,
                "gold_source": sorted(gold_codes(rec.get("source"))),
            }
        )
    scores, per_class = single_label_scores(gold, pred)
    metrics = {
        "type_accuracy": scores["accuracy"],
        "type_macro_f1": scores["macro_f1"],
        "type_weighted_f1": scores["weighted_f1"],
        "no_event_rate": _ratio(no_event, len(gold)),
    }
    for name, (hits, total) in counts.items():
        metrics[f"{name}_accuracy"] = _ratio(hits, total)
    metrics.update(_casualty_metrics(scored, articles))
    return EvalResult(
        dataset="plover_gsr",
        n=len(gold),
        metrics=metrics,
        per_class=per_class,
        unscored=unscored,
        notes=[
            "labels mapped to current PLOVER: " + ", ".join(f"{k}->{v}" for k, v in LABEL_MAP.items()),
            "main event: the first event reported as happened, else the first event (sentence_main_event)",
            "no event found counts as wrong; actor metrics only over records with gold codes/sectors",
            "sector compared on its first three letters",
        ],
        extra={
            "denominators": {k: v[1] for k, v in counts.items()},
            "examples": examples,
        },
    )


__all__ = ["LABEL_MAP", "evaluate", "gold_codes", "gold_sectors", "gold_type", "read_records", "sentence_main_event"]
