"""A small learned main-event classifier for CASE 2021 Task 2 snippets (issue 13, session 6).

The rules pick a snippet's main event from eventwire's events (:func:`eventwire.eval.texts.
main_event_type`); on the check half they beat always-ASSAULT by 4 points only. This classifier
decides from what the rules found and from the snippet's words: the rules' pick (``rule:ASSAULT``,
``rule:None`` when no event was found), the types of the events that happened (``type:PROTEST``)
and the snippet's lower-case words (``w:troops``). It is one multinomial logistic regression
trained by ``tools/train_case_classifier.py`` on the **tune half** of the CASE development sample
(its mapped rows only; the check half is never read), its settings chosen by 5-fold cross-validation
on the tune half. The artefact (``knowledge/eval/case2021_classifier.json``) holds per class the
intercept and the weights; prediction is the class with the largest score, in plain Python.

It can only answer the PLOVER types the tune half has (ASSAULT, PROTEST, COERCE, AGREE, MOBILIZE):
a snippet whose main event is of another type (RETREAT, ...) is always wrong with it. Cross-fitted
fold models (each fitted without one fold of the tune rows) score the tune half out of sample.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import KnowledgeError
from ..records import Article
from .labelmaps import knowledge_path

ARTEFACT = "case2021_classifier.json"
FORMAT = "eventwire-case-classifier-v1"
FOLDS = 5
_WORD = re.compile(r"[a-z]+")
_NOT_HAPPENED = frozenset({"negated", "hypothetical", "planned", "requested", "threatened"})


def snippet_features(text: str, article: Article | None, rule: str | None) -> list[str]:
    """What the classifier reads of a snippet: the rules' main-event type, the types of the events
    that happened (as the rules count them) and the snippet's words, each once."""
    feats = {f"rule:{rule}"}
    if article is not None:
        feats |= {f"type:{e.type}" for e in article.events if e.status not in _NOT_HAPPENED}
    feats |= {f"w:{w}" for w in _WORD.findall(text.lower())}
    return sorted(feats)


def cv_fold(item_id: str) -> int:
    """The cross-validation fold of a training snippet (a hash of its id; fixed across runs)."""
    return int(hashlib.sha256(f"case-cv:{item_id}".encode()).hexdigest(), 16) % FOLDS


@dataclass(frozen=True)
class CaseClassifier:
    """Per class an intercept and feature weights; ``fold_models``: the same per fold, fitted without it."""

    intercepts: dict[str, float]
    weights: dict[str, dict[str, float]]
    meta: dict[str, object]
    fold_models: list[tuple[dict[str, float], dict[str, dict[str, float]]]] = field(default_factory=list)

    def predict(self, features: Iterable[str], fold: int | None = None) -> str:
        """The class with the largest score (ties: the first class in sorted order)."""
        intercepts, weights = self.intercepts, self.weights
        if fold is not None and self.fold_models:
            intercepts, weights = self.fold_models[fold]
        feats = set(features)
        scores = {c: intercepts[c] + sum(weights[c].get(f, 0.0) for f in feats) for c in sorted(intercepts)}
        return max(scores, key=scores.__getitem__)  # the first of equal scores in sorted order

    def to_json(self) -> str:
        def model(intercepts: dict[str, float], weights: dict[str, dict[str, float]]) -> dict[str, object]:
            return {
                c: {"intercept": intercepts[c], "weights": dict(sorted(weights[c].items()))} for c in sorted(intercepts)
            }

        return json.dumps(
            {
                "format": FORMAT,
                "meta": self.meta,
                "classes": model(self.intercepts, self.weights),
                "folds": [model(i, w) for i, w in self.fold_models],
            },
            indent=0,
        )


def read_classifier(path: Path) -> CaseClassifier:
    """Load an artefact written by ``tools/train_case_classifier.py`` (KnowledgeError if malformed)."""

    def model(data: dict[str, dict[str, object]]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
        intercepts = {c: float(v["intercept"]) for c, v in data.items()}  # type: ignore[arg-type]
        weights = {c: {f: float(x) for f, x in v["weights"].items()} for c, v in data.items()}  # type: ignore[attr-defined]
        return intercepts, weights

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
        intercepts, weights = model(data["classes"])
        return CaseClassifier(
            intercepts, weights, dict(data.get("meta") or {}), [model(f) for f in data.get("folds") or []]
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise KnowledgeError(
            f"not a CASE classifier artefact ({e}); rebuild it with tools/train_case_classifier.py", path=str(path)
        ) from None


@cache
def shipped_classifier() -> CaseClassifier | None:
    """The committed artefact, or None if it is absent (the scorer then reports the rules alone)."""
    path = knowledge_path(ARTEFACT)
    return read_classifier(path) if path.exists() else None


__all__ = [
    "ARTEFACT",
    "FOLDS",
    "CaseClassifier",
    "cv_fold",
    "read_classifier",
    "shipped_classifier",
    "snippet_features",
]
