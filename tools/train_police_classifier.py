"""Train the IndiaPoliceEvents sentence classifier (issue 13) on the TUNE half only.

    .venv/bin/python tools/train_police_classifier.py --data ../shared/data/indiapoliceevents
    # writes src/eventwire/knowledge/eval/indiapolice_classifier.json (~2-4 min: the pipeline runs on
    # the ~1,900 tune sentences once; --cache FILE keeps their features for re-runs)

What it does (docs/metrics.md, "IndiaPoliceEvents"):

1. reads ``data/final/sents.jsonl`` and keeps the sentences of the articles in the **tune** half
   (``eventwire.eval.split.half_of("indiapoliceevents", doc_id)``); the check half is never read;
2. runs the full pipeline on each sentence and turns it into features
   (:func:`eventwire.eval.indiapolice.sentence_features`: words, bigrams, the event rules' classes,
   event types, "names the police");
3. keeps n-gram features that occur in at least ``--min-df`` tune articles (event features always);
4. per class, picks the regularisation and class weighting by 5-fold cross-validation grouped by
   article (folds by a hash of the article id) and the decision threshold that maximises the class's
   out-of-fold F1; then fits one logistic regression (scikit-learn, liblinear) on the whole tune half;
5. writes the weights (features with |w| >= 1e-4), intercepts and thresholds as JSON.

Deterministic: fixed folds, liblinear, sorted features; the same data give the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "eventwire" / "knowledge" / "eval" / "indiapolice_classifier.json"
C_GRID = (0.1, 0.3, 1.0, 3.0)
WEIGHTS = (None, "balanced")
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 19))
FOLDS = 5  # = eventwire.eval.police_classifier.FOLDS


def _fold(doc_id: int) -> int:
    from eventwire.eval.police_classifier import cv_fold

    return cv_fold(doc_id)


def tune_features(data: Path, cache: Path | None) -> tuple[list[int], list[list[str]], list[set[str]]]:
    """(article id, features, gold classes) of every tune-half sentence."""
    if cache is not None and cache.exists():
        rows = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
        return [r["doc"] for r in rows], [r["f"] for r in rows], [set(r["gold"]) for r in rows]
    from eventwire.eval import indiapolice as ip
    from eventwire.eval.split import half_of

    sentences = [s for s in ip.read_sentences(data) if half_of("indiapoliceevents", str(s.doc_id)) == "tune"]
    terms = ip.load_terms()
    articles = ip.run_pipeline(sentences)
    feats = [ip.sentence_features(s.text, a, terms) for s, a in zip(sentences, articles, strict=True)]
    docs = [s.doc_id for s in sentences]
    golds = [set(s.labels) for s in sentences]
    if cache is not None:
        cache.write_text(
            "".join(
                json.dumps({"doc": d, "f": f, "gold": sorted(g)}) + "\n"
                for d, f, g in zip(docs, feats, golds, strict=True)
            ),
            encoding="utf-8",
        )
    return docs, feats, golds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="IndiaPoliceEvents folder (or data/final, or sents.jsonl)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-df", type=int, default=5, help="keep n-grams seen in at least this many tune articles")
    ap.add_argument("--cache", type=Path, default=None, help="feature cache (JSON lines) for re-runs")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import numpy as np
    import sklearn
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from eventwire.eval.indiapolice import CLASSES
    from eventwire.eval.police_classifier import PoliceClassifier
    from eventwire.eval.split import SPLIT_RULE

    docs, feats, golds = tune_features(args.data, args.cache)
    df: dict[str, set[int]] = {}
    for d, f in zip(docs, feats, strict=True):
        for x in set(f):
            df.setdefault(x, set()).add(d)
    vocab = sorted(x for x, ds in df.items() if len(ds) >= args.min_df or not x.startswith(("w:", "b:")))
    index = {x: i for i, x in enumerate(vocab)}
    rows, cols = [], []
    for r, f in enumerate(feats):
        for x in sorted({x for x in f if x in index}):
            rows.append(r)
            cols.append(index[x])
    X = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(vocab)))
    folds = np.array([_fold(d) for d in docs])
    weights: dict[str, dict[str, float]] = {}
    intercepts: dict[str, float] = {}
    thresholds: dict[str, float] = {}
    fold_models: dict[str, list[tuple[float, dict[str, float]]]] = {}
    report: dict[str, dict[str, object]] = {}
    for label in CLASSES:
        y = np.array([label in g for g in golds], dtype=int)
        best: tuple[float, float, str | None, float] = (-1.0, 0.0, None, 0.5)
        for c in C_GRID:
            for cw in WEIGHTS:
                oof = np.zeros(len(y))
                for k in range(FOLDS):
                    train, test = folds != k, folds == k
                    if y[train].sum() == 0:
                        continue
                    m = LogisticRegression(C=c, class_weight=cw, solver="liblinear", random_state=0)
                    m.fit(X[train], y[train])
                    oof[test] = m.predict_proba(X[test])[:, 1]
                for t in THRESHOLDS:
                    pred = oof >= t
                    tp = int((pred & (y == 1)).sum())
                    f1 = 2 * tp / (int(pred.sum()) + int(y.sum())) if (pred.sum() + y.sum()) else 0.0
                    if f1 > best[0] + 1e-9:
                        best = (f1, c, cw, t)
        f1, c, cw, t = best
        m = LogisticRegression(C=c, class_weight=cw, solver="liblinear", random_state=0)
        m.fit(X, y)
        coef = m.coef_[0]
        weights[label] = {vocab[i]: round(float(w), 5) for i, w in enumerate(coef) if abs(w) >= 1e-4}
        intercepts[label] = round(float(m.intercept_[0]), 5)
        # Cross-fitted models (same settings, each without one fold's articles): the scorer scores a
        # tune sentence with the model that did not see its article, so the tune half is held out too.
        fold_models[label] = []
        for k in range(FOLDS):
            fm = LogisticRegression(C=c, class_weight=cw, solver="liblinear", random_state=0)
            fm.fit(X[folds != k], y[folds != k])
            fold_models[label].append(
                (
                    round(float(fm.intercept_[0]), 5),
                    {vocab[i]: round(float(w), 5) for i, w in enumerate(fm.coef_[0]) if abs(w) >= 1e-4},
                )
            )
        thresholds[label] = t
        report[label] = {"cv_f1": round(f1, 4), "C": c, "class_weight": cw, "threshold": t, "positives": int(y.sum())}
        print(
            f"{label:10s} cv F1 {f1:.3f}  C={c} weight={cw} threshold={t}  ({int(y.sum())} positives)", file=sys.stderr
        )
    model = PoliceClassifier(
        weights=weights,
        intercepts=intercepts,
        thresholds=thresholds,
        meta={
            "trained_on": f"IndiaPoliceEvents tune half: {len(feats)} sentences of {len(set(docs))} articles",
            "split_rule": SPLIT_RULE,
            "features": len(vocab),
            "min_df": args.min_df,
            "model": f"logistic regression per class, scikit-learn {sklearn.__version__} liblinear",
            "cross_validation": report,
            "command": "python tools/train_police_classifier.py --data ../shared/data/indiapoliceevents",
            "fold_models": "per class, one model fitted without each CV fold (scoring the tune half out of sample)",
        },
        fold_models=fold_models,
    )
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(vocab)} features)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
