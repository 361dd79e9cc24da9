"""Evaluation on public gold datasets: one scorer module per dataset, one result shape.

A scorer module defines ``evaluate(path: Path, *, limit: int | None = None) -> EvalResult``
and is listed in :data:`SCORERS`. ``eventwire eval DATASET PATH`` and the quality gate
(``bench/eval_gate.py`` against ``bench/baseline.json``) call it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError

# dataset name -> module that scores it
SCORERS: dict[str, str] = {
    "plover_gsr": "eventwire.eval.plover_gsr",
    "petrarch2_unittest": "eventwire.eval.petrarch2",
    "polnear": "eventwire.eval.polnear",
    "geowebnews": "eventwire.eval.geowebnews",
    "lgl": "eventwire.eval.lgl",
    "isaf_press_releases": "eventwire.eval.isaf",
    "case2021_task2": "eventwire.eval.case2021",
    "indiapoliceevents": "eventwire.eval.indiapolice",
    "ecbplus": "eventwire.eval.ecbplus",
    "conll2003_en": "eventwire.eval.conll2003",
}


@dataclass
class EvalResult:
    """What a scorer measured on one dataset."""

    dataset: str
    n: int
    """Items scored."""
    metrics: dict[str, float]
    """Overall metrics by name (``type_accuracy``, ``content_overlap_f1``, ...); the gate reads these."""
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per-class precision/recall/F1/support, by class label."""
    unscored: int = 0
    """Items the scorer could not score (unparseable gold, unmapped label, ...)."""
    notes: list[str] = field(default_factory=list)
    """Caveats a reader needs (label mappings used, subsets, baselines run in the same script)."""
    baselines: dict[str, dict[str, float]] = field(default_factory=dict)
    """Other systems' numbers measured in the same run (e.g. textacy), by system name."""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "n": self.n,
            "unscored": self.unscored,
            "metrics": self.metrics,
            "per_class": self.per_class,
            "baselines": self.baselines,
            "notes": self.notes,
            "extra": self.extra,
        }


def canonical_name(name: str) -> str:
    """``plover-gsr`` and ``plover_gsr`` name the same dataset."""
    return name.strip().lower().replace("-", "_")


def evaluate(dataset: str, path: str | Path, *, limit: int | None = None) -> EvalResult:
    """Score eventwire on ``dataset`` found at ``path``."""
    name = canonical_name(dataset)
    if name not in SCORERS:
        raise EvalError(f"unknown dataset {dataset!r}; known: {', '.join(sorted(SCORERS))}", code="EW401")
    p = Path(path)
    if not p.is_dir():
        raise EvalError(f"dataset folder not found: {p}", code="EW402", path=str(p))
    module = importlib.import_module(SCORERS[name])
    result: EvalResult = module.evaluate(p, limit=limit)
    return result


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


__all__ = ["SCORERS", "EvalResult", "canonical_name", "evaluate", "prf"]
