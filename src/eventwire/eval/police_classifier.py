"""A small learned sentence classifier for the IndiaPoliceEvents questions (issue 13).

IndiaPoliceEvents asks five yes/no questions of every *sentence* ("did the police take any action /
use force / kill / arrest / fail to intervene?"), including acts that are no PLOVER event at all
("security was stepped up", "an FIR was filed", "surveillance was intensified"). eventwire's events
answer some of them with high precision; a keyword rule answers "any action" whenever a police word
appears. This classifier decides per sentence from both: the words of the sentence (unigrams and
bigrams) and what eventwire's events say (the classes the rules give, the types of the events, whether
the sentence names the police).

It is one logistic regression per class, trained by ``tools/train_police_classifier.py`` on the
**tune half** of the development sample only (never the check half: the gate scores it there). The
artefact (``knowledge/eval/indiapolice_classifier.json``) holds per class the weights of the features
that survived training (n-grams seen in at least ``min_df`` articles), the intercept and the decision
threshold; prediction is a weighted sum and a sigmoid in plain Python, deterministic and fast.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import KnowledgeError
from .labelmaps import knowledge_path

ARTEFACT = "indiapolice_classifier.json"
FORMAT = "eventwire-police-classifier-v1"
_WORD = re.compile(r"[a-z]+")


def text_features(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams of a sentence (``w:x``, ``b:x_y``)."""
    words = _WORD.findall(text.lower())
    out = [f"w:{w}" for w in words]
    out += [f"b:{a}_{b}" for a, b in itertools.pairwise(words)]
    return out


FOLDS = 5
"""Cross-validation folds of the training articles (the trainer's and the cross-fitted models')."""


def cv_fold(doc_id: int) -> int:
    """The cross-validation fold of a training article (a hash of its id; fixed across runs)."""
    return int(hashlib.sha256(f"police-cv:{doc_id}".encode()).hexdigest(), 16) % FOLDS


@dataclass(frozen=True)
class PoliceClassifier:
    """Per class: feature weights, intercept and threshold (a probability).

    ``fold_models`` (per class, one ``(intercept, weights)`` per fold, same settings and threshold)
    are the models fitted without each fold's articles: a training sentence scored with the model of
    its own fold is scored out of sample, so the tune half's number is an estimate, not a fit.
    """

    weights: dict[str, dict[str, float]]
    intercepts: dict[str, float]
    thresholds: dict[str, float]
    meta: dict[str, object]
    fold_models: dict[str, list[tuple[float, dict[str, float]]]] = field(default_factory=dict)

    def scores(self, features: Iterable[str], fold: int | None = None) -> dict[str, float]:
        """Probability of each class for a sentence's features (each distinct feature counts once);
        ``fold``: with the model fitted without that fold (when the artefact has fold models)."""
        feats = set(features)
        out: dict[str, float] = {}
        for label, w in self.weights.items():
            b = self.intercepts[label]
            if fold is not None and self.fold_models.get(label):
                b, w = self.fold_models[label][fold]
            z = b + sum(w.get(f, 0.0) for f in feats)
            out[label] = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
        return out

    def predict(self, features: Iterable[str], fold: int | None = None) -> set[str]:
        """The classes whose probability reaches their threshold (``fold``: see :meth:`scores`)."""
        return {label for label, p in self.scores(features, fold).items() if p >= self.thresholds[label]}

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "meta": self.meta,
                "classes": {
                    label: {
                        "intercept": self.intercepts[label],
                        "threshold": self.thresholds[label],
                        "weights": dict(sorted(self.weights[label].items())),
                        **(
                            {
                                "folds": [
                                    {"intercept": b, "weights": dict(sorted(w.items()))}
                                    for b, w in self.fold_models[label]
                                ]
                            }
                            if self.fold_models.get(label)
                            else {}
                        ),
                    }
                    for label in sorted(self.weights)
                },
            },
            indent=0,
            sort_keys=False,
        )


def read_classifier(path: Path) -> PoliceClassifier:
    """Load an artefact written by ``tools/train_police_classifier.py`` (KnowledgeError if malformed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
        classes = data["classes"]
        return PoliceClassifier(
            weights={k: {f: float(x) for f, x in v["weights"].items()} for k, v in classes.items()},
            intercepts={k: float(v["intercept"]) for k, v in classes.items()},
            thresholds={k: float(v["threshold"]) for k, v in classes.items()},
            meta=dict(data.get("meta") or {}),
            fold_models={
                k: [(float(m["intercept"]), {f: float(x) for f, x in m["weights"].items()}) for m in v["folds"]]
                for k, v in classes.items()
                if v.get("folds")
            },
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise KnowledgeError(
            f"not a police classifier artefact ({e}); rebuild it with tools/train_police_classifier.py",
            path=str(path),
        ) from None


@cache
def shipped_classifier() -> PoliceClassifier | None:
    """The committed artefact, or None if it is absent (the scorer then reports the rules alone)."""
    path = knowledge_path(ARTEFACT)
    return read_classifier(path) if path.exists() else None


__all__ = ["ARTEFACT", "FOLDS", "PoliceClassifier", "cv_fold", "read_classifier", "shipped_classifier", "text_features"]
