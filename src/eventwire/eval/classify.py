"""Scores for single-label and multi-label classification, shared by the event-type scorers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from . import prf

NONE = "NONE"
"""Prediction label for 'no event found'; it is never a gold class."""


def single_label_scores(
    gold: Sequence[str], pred: Sequence[str | None]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Accuracy, macro-F1 and support-weighted F1 over gold classes, and P/R/F1 per class.

    ``None`` predictions count as wrong. Macro-F1 averages the classes seen in gold or predicted
    (as scikit-learn does by default); weighted-F1 weighs each gold class by its support.
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        label = p if p is not None else NONE
        if label == g:
            tp[g] += 1
        else:
            fn[g] += 1
            if label != NONE:
                fp[label] += 1
    per_class: dict[str, dict[str, float]] = {}
    for label in sorted(set(gold) | set(fp)):
        row = prf(tp[label], fp[label], fn[label])
        row["support"] = tp[label] + fn[label]
        per_class[label] = row
    n = len(gold)
    macro = sum(r["f1"] for r in per_class.values()) / len(per_class) if per_class else 0.0
    weighted = sum(r["f1"] * r["support"] for r in per_class.values()) / n if n else 0.0
    accuracy = sum(tp.values()) / n if n else 0.0
    return {"accuracy": accuracy, "macro_f1": macro, "weighted_f1": weighted}, per_class


def multi_label_scores(
    gold: Sequence[set[str]], pred: Sequence[set[str]], classes: Sequence[str]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Per-class P/R/F1 for items with a set of labels each, plus micro and macro F1 over ``classes``."""
    per_class: dict[str, dict[str, float]] = {}
    totals = [0, 0, 0]
    for label in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if label in g and label not in p)
        row = prf(tp, fp, fn)
        row["support"] = tp + fn
        per_class[label] = row
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
    micro = prf(*totals)
    macro = sum(r["f1"] for r in per_class.values()) / len(per_class) if per_class else 0.0
    return {
        "micro_f1": micro["f1"],
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
        "macro_f1": macro,
    }, per_class


__all__ = ["NONE", "multi_label_scores", "single_label_scores"]
