"""The IndiaPoliceEvents sentence classifier: artefact reading, prediction, the shipped file (invented data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.eval.indiapolice import training_fold
from eventwire.eval.police_classifier import (
    FOLDS,
    PoliceClassifier,
    cv_fold,
    read_classifier,
    shipped_classifier,
    text_features,
)


def test_text_features_are_words_and_bigrams() -> None:
    assert text_features("Police fired tear-gas.") == [
        "w:police", "w:fired", "w:tear", "w:gas", "b:police_fired", "b:fired_tear", "b:tear_gas",
    ]  # fmt: skip


def test_predict_and_round_trip(tmp_path: Path) -> None:
    model = PoliceClassifier(
        weights={"ARREST": {"w:arrested": 4.0, "rule:ARREST": 2.0}, "KILL": {"w:killed": 3.0}},
        intercepts={"ARREST": -3.0, "KILL": -2.0},
        thresholds={"ARREST": 0.5, "KILL": 0.7},
        meta={"trained_on": "invented"},
    )
    assert model.predict(text_features("Nine men were arrested.")) == {"ARREST"}
    # 1 / (1 + e^-1) = 0.73 >= 0.7; repeated words count once
    assert model.predict(text_features("killed killed")) == {"KILL"}
    assert model.predict(["w:nothing"]) == set()
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = read_classifier(path)
    assert again == model


def test_fold_models_score_a_training_sentence_out_of_sample(tmp_path: Path) -> None:
    without = (0.0, {"w:killed": -5.0})  # a fold model that never learnt "killed"
    model = PoliceClassifier(
        weights={"KILL": {"w:killed": 3.0}},
        intercepts={"KILL": -2.0},
        thresholds={"KILL": 0.7},
        meta={"trained_on": "invented"},
        fold_models={"KILL": [without] * FOLDS},
    )
    assert model.predict(["w:killed"]) == {"KILL"}
    assert model.predict(["w:killed"], fold=2) == set()
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), encoding="utf-8")
    assert read_classifier(path) == model
    # an article's fold is fixed, and only training (tune-half) articles have one
    folds = {doc: training_fold(doc) for doc in range(40)}
    assert {f for f in folds.values() if f is not None} <= set(range(FOLDS))
    assert None in folds.values() and any(f is not None for f in folds.values())
    assert all(f is None or f == cv_fold(doc) for doc, f in folds.items())


def test_malformed_artefact_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        read_classifier(path)
    assert "train_police_classifier" in str(err.value)


def test_shipped_artefact_is_small_and_trained_on_the_tune_half() -> None:
    model = shipped_classifier()
    assert model is not None
    assert set(model.weights) == {"KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"}
    assert "tune half" in str(model.meta["trained_on"])
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())
    path = (
        Path(__file__).resolve().parent.parent
        / "src"
        / "eventwire"
        / "knowledge"
        / "eval"
        / "indiapolice_classifier.json"
    )
    assert path.stat().st_size < 50 * 1024 * 1024
    # the tune half is scored with cross-fitted models (docs/metrics.md, IndiaPoliceEvents)
    assert all(len(model.fold_models.get(label, [])) == FOLDS for label in model.weights)
