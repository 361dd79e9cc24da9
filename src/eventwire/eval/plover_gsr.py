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

File: ``PLOVER_GSR_CAMEO.txt`` (published in ``gold_standard_records/`` of github.com/openeventdata/PLOVER)
or the dev sample ``PLOVER_GSR_CAMEO.dev_sample.json``: a JSON array of records (JSON lines are read
too). The tune/check split is by record ``id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..records import Actor, Article, Event
from . import EvalResult, Scorer
from .casualties import casualty_metrics
from .classify import single_label_scores
from .inputs import find_file, json_document, json_lines, malformed
from .texts import process_texts

DATA_FILE = "PLOVER_GSR_CAMEO.dev_sample.json"
LABEL_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CURRENT_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
     "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
)  # fmt: skip


DATA_FILES = ("PLOVER_GSR_CAMEO.txt", DATA_FILE)
"""The published file name (github.com/openeventdata/PLOVER ``gold_standard_records/``) and the dev sample's."""
FOLDERS = (".", "gold_standard_records")


def read_records(path: Path) -> list[dict[str, Any]]:
    """The sentence records of a GSR file (the DOCUMENT header record left out).

    The file is a JSON array of records; a file of one JSON record per line is read too.
    EW404 for anything else, or for a sentence record without an ``id``.
    """
    try:
        data = json_document(path)
    except EvalError as array_error:
        try:
            data = [obj for _line, obj in json_lines(path)]
        except EvalError:
            raise array_error from None
    if not isinstance(data, list):
        raise malformed(f"expected a JSON array of records, got {type(data).__name__}", path)
    out: list[dict[str, Any]] = []
    for n, r in enumerate(data, 1):
        if not isinstance(r, dict):
            raise malformed(f"record {n} is a {type(r).__name__}, not an object", path)
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        if not isinstance(r.get("text"), str) or not r.get("id"):
            raise malformed(f"record {n} needs a string 'text' and an 'id'", path)
        out.append(r)
    return out


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


FIGURE_FIELDS = {"dead": "killed", "injured": "injured", "size": "participants"}
"""GSR figure field -> the figure category eventwire attaches to events."""


def _figure_matches(gold: str, ours: int | float | str) -> bool:
    """A gold count ("200") equals our number; gold words ("Thousands") occur in our words."""
    g = gold.strip().replace(",", "")
    if g.isdigit():
        return not isinstance(ours, str) and float(ours) == float(g)
    return isinstance(ours, str) and g.lower() in ours.lower()


def attachment_metrics(records: Sequence[dict[str, Any]], articles: Sequence[Article | None]) -> dict[str, float]:
    """Figure-to-event attachment on the GSR's ``dead``/``injured``/``size`` fields of the main event.

    Our value is what the PLOVER export writes for the sentence's main event: the attached figures of
    that category (:mod:`eventwire.export.figures`). Recall: gold fields our main event gives right;
    precision: our filled fields that the gold gives the same.
    """
    from ..export.figures import event_figure, event_figure_words

    gold_n = pred_n = hits = 0
    for rec, art in zip(records, articles, strict=True):
        ev = sentence_main_event(art) if art is not None else None
        for name, category in FIGURE_FIELDS.items():
            raw = rec.get(name)
            gold = str(raw).strip() if raw not in (None, "") else None
            ours: int | float | str | None = None
            if art is not None and ev is not None:
                ours = event_figure(art, ev, category)
                if ours is None:
                    ours = event_figure_words(art, ev, category)
            gold_n += gold is not None
            pred_n += ours is not None
            hits += gold is not None and ours is not None and _figure_matches(gold, ours)
    return {
        "figure_attach_precision": _ratio(hits, pred_n),
        "figure_attach_recall": _ratio(hits, gold_n),
        "figure_attach_gold_n": float(gold_n),
        "figure_attach_pred_n": float(pred_n),
    }


def load(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """The GSR sentence records under ``path`` (published layout, dev sample, or the file)."""
    records = read_records(find_file(path, "plover_gsr", DATA_FILES, FOLDERS))
    return records[:limit] if limit is not None else records


def predict(records: Sequence[dict[str, Any]]) -> list[Article | None]:
    """eventwire's record of each sentence (None where the pipeline skipped it)."""
    scored = [r for r in records if gold_type(r) is not None]
    articles = iter(process_texts([r["text"] for r in scored], ids=[f"plover_gsr:{r['id']}" for r in scored]))
    return [next(articles) if gold_type(r) is not None else None for r in records]


def score(records: Sequence[dict[str, Any]], predicted: Sequence[Article | None]) -> EvalResult:
    """Type accuracy / macro-F1 and actor country / sector accuracy of the main event per sentence."""
    pairs = [(r, a) for r, a in zip(records, predicted, strict=True) if gold_type(r) is not None]
    scored = [r for r, _a in pairs]
    articles = [a for _r, a in pairs]
    unscored = len(records) - len(scored)
    gold: list[str] = []
    pred: list[str | None] = []
    counts = {k: [0, 0] for k in ("source_country", "target_country", "source_sector", "target_sector")}
    no_event = 0
    examples: list[dict[str, Any]] = []
    for rec, art in pairs:
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
    metrics.update(casualty_metrics(scored, articles))
    metrics.update(attachment_metrics(scored, articles))
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


SCORER: Scorer[dict[str, Any], Article | None] = Scorer(
    load=load,
    key=lambda record: str(record["id"]),
    predict=predict,
    score=score,
    summary="PLOVER GSR sentences: main-event type, source/target country and sector",
)


__all__ = [
    "FIGURE_FIELDS",
    "LABEL_MAP",
    "SCORER",
    "attachment_metrics",
    "gold_codes",
    "gold_sectors",
    "gold_type",
    "read_records",
    "sentence_main_event",
]
