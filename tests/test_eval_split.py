"""The tune/check split: fixed, seeded by the item id, stable when items are added; the runner scores
tune, check and all from one prediction pass."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from eventwire.eval import EvalResult, Scorer
from eventwire.eval.split import SPLIT_SEED, half_of, in_split


def test_the_split_is_pinned() -> None:
    """Changing the seed or the rule would silently reshuffle every dataset and move every floor."""
    assert SPLIT_SEED == "eventwire-tune-check-v1"
    assert [half_of("toy", str(i)) for i in range(8)] == ["check"] * 5 + ["tune"] + ["check"] * 2
    assert [half_of("plover_gsr", f"PLOVER-GSR01-AGREE-000{i}") for i in range(6)] == [
        "check", "check", "tune", "check", "tune", "check",
    ]  # fmt: skip


def test_halves_are_about_even_and_depend_on_the_dataset() -> None:
    ids = [str(i) for i in range(2000)]
    tune = sum(half_of("toy", i) == "tune" for i in ids)
    assert 900 < tune < 1100
    other = sum(half_of("toy", i) != half_of("other", i) for i in ids)
    assert 900 < other < 1100  # each dataset gets its own split
    assert all(in_split("all", "toy", i) for i in ids[:20])
    assert all(in_split(half_of("toy", i), "toy", i) for i in ids[:20])


def _toy_scorer(seen: list[int]) -> Scorer[tuple[str, int], int]:
    """Items are (id, gold); the 'system' predicts gold for even golds and 0 otherwise."""

    def load(path: Path, limit: int | None) -> list[tuple[str, int]]:
        n = int(path.name)
        items = [(f"doc{i // 2}", i) for i in range(n)]  # two items per doc: they share a key
        return items[:limit] if limit else items

    def predict(items: Sequence[tuple[str, int]]) -> list[int]:
        seen.append(len(items))
        return [g if g % 2 == 0 else 0 for _k, g in items]

    def score(items: Sequence[tuple[str, int]], predicted: Sequence[int]) -> EvalResult:
        hits = sum(g == p for (_k, g), p in zip(items, predicted, strict=True))
        return EvalResult(
            "toy", len(items), {"accuracy": hits / len(items) if items else 0.0}, extra={"items": list(items)}
        )

    return Scorer(load=load, key=lambda item: item[0], predict=predict, score=score)


def test_runner_predicts_once_and_scores_each_half(tmp_path: Path) -> None:
    seen: list[int] = []
    report = _toy_scorer(seen).run("toy", tmp_path / "40")
    assert seen == [40]  # one prediction pass for the three splits
    tune, check, every = (report[s].extra["items"] for s in ("tune", "check", "all"))
    assert len(every) == 40 and sorted(tune + check) == sorted(every)
    assert all(half_of("toy", k) == "tune" for k, _g in tune) and all(half_of("toy", k) == "check" for k, _g in check)
    for key in {k for k, _g in every}:  # the two items sharing a key stay together
        assert sum(k == key for k, _g in tune) in (0, 2)
    assert report.all.metrics["accuracy"] == pytest.approx(0.5)
    assert report.tune.notes[0].startswith("tune: ") and report.to_dict("check")["split"] == "check"
    assert report.to_dict("check")["metrics"] == report.check.metrics


def test_adding_items_keeps_every_item_in_its_half(tmp_path: Path) -> None:
    scorer = _toy_scorer([])
    small = scorer.run("toy", tmp_path / "20")
    large = scorer.run("toy", tmp_path / "60")
    for half in ("tune", "check"):
        before = set(small[half].extra["items"])
        after = set(large[half].extra["items"])
        assert before <= after
        assert not before & set(large["check" if half == "tune" else "tune"].extra["items"])
