"""Evaluation on public gold datasets: one scorer per dataset, one result shape, tune/check halves.

A scorer is a :class:`Scorer` registered under the dataset's name in the entry-point group
``eventwire.scorers`` (built-ins are declared in eventwire's own ``pyproject.toml``, exactly as an
outside package declares its own)::

    [project.entry-points."eventwire.scorers"]
    plover_gsr = "eventwire.eval.plover_gsr:SCORER"

:func:`evaluate` (``eventwire eval DATASET PATH``, the quality gate ``bench/eval_gate.py``) loads the
gold items once, runs eventwire on them once, and scores three subsets: the ``tune`` half, the
``check`` half (see :mod:`eventwire.eval.split`) and ``all``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..errors import EvalError
from ..registry import Registry, instance_of
from .split import SPLIT_RULE, SPLITS, Half, SplitName, in_split

ItemT = TypeVar("ItemT")
PredT = TypeVar("PredT")


@dataclass
class EvalResult:
    """What a scorer measured on one dataset (one split of it)."""

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


@dataclass(frozen=True)
class Scorer(Generic[ItemT, PredT]):
    """How eventwire is scored on one gold dataset, in four steps the runner calls in order.

    * ``load(path, limit)``: the gold items under ``path`` (a dataset folder in its published layout
      or the development sample's, or the data file itself), the first ``limit`` only if given.
      Missing input raises :class:`~eventwire.errors.EvalError` ``EW402``, malformed input ``EW404``
      (helpers in :mod:`eventwire.eval.inputs`).
    * ``key(item)``: the item's id for the tune/check split. Items that must stay in one half (the
      sentences of one article) share a key.
    * ``predict(items)``: one prediction per item, in order. This runs eventwire (and any baseline
      system), once for all items.
    * ``score(items, predictions)``: an :class:`EvalResult` for those items. Called three times
      (tune, check, all), so it must accept any subset, including an empty one.

    ``half`` (optional) is a dataset's own published or historical split rule, key -> ``tune`` |
    ``check`` (ECB+ splits its topics by ``sha256(topic) % 2``); without it the shared rule of
    :mod:`eventwire.eval.split` decides. ``split_rule`` says the rule in one line for reports.
    """

    load: Callable[[Path, int | None], Sequence[ItemT]]
    key: Callable[[ItemT], str]
    predict: Callable[[Sequence[ItemT]], Sequence[PredT]]
    score: Callable[[Sequence[ItemT], Sequence[PredT]], EvalResult]
    summary: str = ""
    """One line saying what is scored (``eventwire eval --help`` lists it)."""
    half: Callable[[str], Half] | None = None
    """The dataset's own tune/check rule for a key; None: the shared rule (:func:`eventwire.eval.split.half_of`)."""
    split_rule: str | None = None
    """``half`` in one line (reports print it); None: the shared rule's."""

    def in_split(self, split: SplitName, dataset: str, key: str) -> bool:
        """Whether the item with this key belongs to ``split`` under this scorer's rule."""
        if split == "all" or self.half is None:
            return in_split(split, dataset, key)
        return self.half(key) == split

    def run(self, dataset: str, path: Path, *, limit: int | None = None) -> EvalReport:
        """Load, predict once, score the tune half, the check half and all items."""
        started = time.perf_counter()
        items = list(self.load(path, limit))
        if not items:
            raise EvalError(f"{dataset}: no gold items found", code="EW402", path=str(path))
        predictions = list(self.predict(items))
        if len(predictions) != len(items):
            raise EvalError(f"{dataset}: the scorer predicted {len(predictions)} items for {len(items)}", code="EW204")
        keys = [self.key(item) for item in items]
        splits: dict[str, EvalResult] = {}
        for split in SPLITS:
            chosen = [i for i, k in enumerate(keys) if self.in_split(split, dataset, k)]
            result = self.score([items[i] for i in chosen], [predictions[i] for i in chosen])
            note = f"{split}: {len(chosen)} of {len(items)} gold items ({len({keys[i] for i in chosen})} ids)"
            splits[split] = replace(result, dataset=dataset, notes=[note, *result.notes])
        return EvalReport(
            dataset, splits, seconds=round(time.perf_counter() - started, 2), split_rule=self.split_rule or SPLIT_RULE
        )


@dataclass
class EvalReport:
    """One scorer run: an :class:`EvalResult` for each of the ``tune``, ``check`` and ``all`` splits."""

    dataset: str
    splits: dict[str, EvalResult]
    seconds: float = 0.0
    """Wall time of loading, predicting and scoring."""
    split_rule: str = SPLIT_RULE
    """How items were put in the tune and check halves."""

    def __getitem__(self, split: SplitName) -> EvalResult:
        return self.splits[split]

    @property
    def tune(self) -> EvalResult:
        return self.splits["tune"]

    @property
    def check(self) -> EvalResult:
        return self.splits["check"]

    @property
    def all(self) -> EvalResult:
        return self.splits["all"]

    def to_dict(self, split: SplitName = "all") -> dict[str, Any]:
        """The ``split`` result's fields at the top level, and every split under ``splits``."""
        return {
            **self.splits[split].to_dict(),
            "split": split,
            "split_rule": self.split_rule,
            "seconds": self.seconds,
            "splits": {name: result.to_dict() for name, result in self.splits.items()},
        }


SCORERS: Registry[Scorer[Any, Any]] = Registry("scorers", instance_of(Scorer))
"""Dataset name -> its scorer, from the ``eventwire.scorers`` entry points."""


def canonical_name(name: str) -> str:
    """``plover-gsr`` and ``plover_gsr`` name the same dataset."""
    return name.strip().lower().replace("-", "_")


def evaluate(dataset: str, path: str | Path, *, limit: int | None = None) -> EvalReport:
    """Score eventwire on ``dataset`` found at ``path`` (a folder, or the data file itself)."""
    name = canonical_name(dataset)
    if name not in SCORERS:
        raise EvalError(f"unknown dataset {dataset!r}; known: {', '.join(SCORERS.names())}", code="EW401")
    p = Path(path)
    if not p.exists():
        raise EvalError(f"{name}: no such folder or file", code="EW402", path=str(p))
    return SCORERS.get(name).run(name, p, limit=limit)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


__all__ = ["SCORERS", "EvalReport", "EvalResult", "Scorer", "canonical_name", "evaluate", "prf"]
