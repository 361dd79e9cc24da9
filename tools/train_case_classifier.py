"""Train the CASE 2021 main-event classifier (issue 13, session 6) on the TUNE half only.

    .venv/bin/python tools/train_case_classifier.py --data ../shared/data/case2021_task2
    # writes src/eventwire/knowledge/eval/case2021_classifier.json (~1 min: the pipeline runs on the
    # ~100 tune snippets once)

What it does (docs/metrics.md, "Issue 13, session 6"):

1. reads the snippets and keeps the **tune** half (``eventwire.eval.split.half_of("case2021_task2",
   id)``) whose ACLED type maps to a PLOVER type; the check half is never read;
2. runs the full pipeline on each and turns it into features
   (:func:`eventwire.eval.case_classifier.snippet_features`: the rules' main-event type, the types of
   the events that happened, the words);
3. picks by 5-fold cross-validation on the tune rows (folds by a hash of the snippet id) the
   regularisation ``C``, the minimum number of tune snippets a word must occur in, and whether words
   are used at all: highest out-of-fold accuracy; ties go to no words, then the smaller ``C``, then
   the larger minimum;
4. fits one multinomial logistic regression (scikit-learn, lbfgs) on all tune rows with those
   settings, and one per fold without that fold, its settings chosen by the same CV on the other
   four folds (nested: the scorer scores a tune snippet with a model whose training and selection
   never saw it);
5. writes intercepts and weights (|w| >= 1e-4) as JSON.

Deterministic: fixed folds, lbfgs from zeros, sorted features; the same data give the same file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "eventwire" / "knowledge" / "eval" / "case2021_classifier.json"
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
MIN_DF_GRID = (2, 3, 5)


def tune_rows(data: Path) -> tuple[list[str], list[list[str]], list[str]]:
    """(snippet id, features, gold PLOVER type) of every mapped tune-half snippet."""
    from eventwire.eval.case2021 import MAPPING, UNMAPPED, acled_view, load
    from eventwire.eval.case_classifier import snippet_features
    from eventwire.eval.labelmaps import label_map
    from eventwire.eval.split import half_of
    from eventwire.eval.texts import main_event_type, process_texts

    mapping = label_map(MAPPING, "subtype", "plover")
    snippets = [
        s
        for s in load(data, None)
        if half_of("case2021_task2", s.id) == "tune" and mapping.get(s.subtype) not in (None, UNMAPPED)
    ]
    feats = []
    for s, a in zip(
        snippets, process_texts([s.text for s in snippets], ids=[f"case2021:{s.id}" for s in snippets]), strict=True
    ):
        view = acled_view(a) if a is not None else None
        rule = main_event_type(view, material_first=True) if view is not None else None
        feats.append(snippet_features(s.text, view, rule))
    return [s.id for s in snippets], feats, [mapping[s.subtype] for s in snippets]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="CASE 2021 task 2 folder (or its TSV)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import numpy as np
    import sklearn
    from sklearn.linear_model import LogisticRegression

    from eventwire.eval.case_classifier import FOLDS, CaseClassifier, cv_fold
    from eventwire.eval.split import SPLIT_RULE

    ids, feats, golds = tune_rows(args.data)
    folds = np.array([cv_fold(i) for i in ids])
    y = np.array(golds)

    def design(train: list[int], min_df: int | None) -> list[str]:
        counts: dict[str, int] = {}
        for r in train:
            for f in feats[r]:
                counts[f] = counts.get(f, 0) + 1
        return sorted(f for f, n in counts.items() if not f.startswith("w:") or (min_df is not None and n >= min_df))

    def matrix(rows: list[int], vocab: list[str]) -> Any:
        index = {f: i for i, f in enumerate(vocab)}
        m = np.zeros((len(rows), len(vocab)))
        for k, r in enumerate(rows):
            for f in feats[r]:
                if f in index:
                    m[k, index[f]] = 1.0
        return m

    def fit(rows: list[int], c: float, min_df: int | None) -> tuple[Any, list[str]]:
        vocab = design(rows, min_df)
        model = LogisticRegression(C=c, max_iter=5000)
        model.fit(matrix(rows, vocab), y[rows])
        return model, vocab

    everything = list(range(len(ids)))

    def select(use: list[int], verbose: bool = False) -> tuple[float, float, int | None]:
        """(CV accuracy, C, min_df) chosen by CV over the folds ``use`` on their rows only."""
        results: list[tuple[float, bool, float, int, float, int | None]] = []
        for c in C_GRID:
            for min_df in (*MIN_DF_GRID, None):
                hits = total = 0
                for k in use:
                    train = [r for r in everything if folds[r] != k and folds[r] in use]
                    test = [r for r in everything if folds[r] == k]
                    model, vocab = fit(train, c, min_df)
                    hits += int((model.predict(matrix(test, vocab)) == y[test]).sum())
                    total += len(test)
                accuracy = hits / total
                # ties: no words, then smaller C, then larger minimum
                results.append((accuracy, min_df is None, -c, min_df or 0, c, min_df))
                if verbose:
                    print(f"C={c} min_df={min_df}: cv accuracy {accuracy:.3f}", file=sys.stderr)
        accuracy, _, _, _, c, min_df = max(results)
        return accuracy, c, min_df

    accuracy, c, min_df = select(list(range(FOLDS)), verbose=True)
    rules_accuracy = sum(f"rule:{g}" in f for f, g in zip(feats, golds, strict=True)) / len(ids)

    def export(model: Any, vocab: list[str]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
        classes = [str(x) for x in model.classes_]
        intercepts = {cl: round(float(model.intercept_[i]), 5) for i, cl in enumerate(classes)}
        weights = {
            cl: {vocab[j]: round(float(w), 5) for j, w in enumerate(model.coef_[i]) if abs(w) >= 1e-4}
            for i, cl in enumerate(classes)
        }
        return intercepts, weights

    final = export(*fit(everything, c, min_df))
    # Nested cross-fitting: each fold's model has its settings chosen by CV on the other four folds
    # and is fitted without that fold, so a tune snippet is scored by a procedure (selection
    # included) that never saw it. A class absent from a fold's training rows is never predicted there.
    fold_models = []
    fold_settings = []
    for k in range(FOLDS):
        _, c_k, min_df_k = select([j for j in range(FOLDS) if j != k])
        fold_models.append(export(*fit([r for r in everything if folds[r] != k], c_k, min_df_k)))
        fold_settings.append({"C": c_k, "min_df": min_df_k})
    classifier = CaseClassifier(
        final[0],
        final[1],
        meta={
            "trained_on": f"CASE 2021 task 2 tune half: {len(ids)} mapped snippets",
            "split_rule": SPLIT_RULE,
            "model": f"multinomial logistic regression, scikit-learn {sklearn.__version__} lbfgs",
            "settings": {"C": c, "min_df": min_df, "words": min_df is not None},
            "cv_accuracy": round(accuracy, 4),
            "fold_settings": fold_settings,
            "rules_accuracy_on_tune": round(rules_accuracy, 4),
            "command": "python tools/train_case_classifier.py --data ../shared/data/case2021_task2",
        },
        fold_models=fold_models,
    )
    args.out.write_text(classifier.to_json() + "\n", encoding="utf-8")
    print(
        f"chosen C={c} min_df={min_df}: cv accuracy {accuracy:.3f} (rules on tune {rules_accuracy:.3f}); wrote {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
