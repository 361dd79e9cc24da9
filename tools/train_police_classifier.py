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
3. per class, picks by 5-fold cross-validation grouped by article (folds by a hash of the article
   id) how many n-grams to keep (those seen in at least ``min_df`` tune articles, ``min_df`` from
   ``MIN_DF_GRID``; event features always), the regularisation ``C``, the class weighting and the
   decision threshold. The threshold's out-of-fold F1 is read smoothed (the mean over it and its two
   neighbours: a plateau, not a spike one sentence wide), and among the settings within ``TOLERANCE``
   of the best smoothed F1 the most regularised wins (fewest n-grams, then smallest ``C``): a
   one-standard-error style rule against choosing the grid point that fits the folds' noise
   (session 6: the tune/check gap of the scored prediction was 7.8 points);
4. fits one logistic regression (scikit-learn, liblinear) per class on the whole tune half with
   the chosen settings, and one per fold without that fold's articles, its settings chosen by the
   same CV on the other four folds (nested cross-fitting, session 6: the scorer scores a tune
   sentence with a model whose training *and selection* never saw its article, so the tune number
   no longer carries the optimism of choosing settings on the same folds);
5. writes the weights (features with |w| >= 1e-4), intercepts and thresholds as JSON.

Deterministic: fixed folds, liblinear, sorted features; the same data give the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "eventwire" / "knowledge" / "eval" / "indiapolice_classifier.json"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
WEIGHTS = (None, "balanced")
MIN_DF_GRID = (5, 10, 20)
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 19))
TOLERANCE = 0.01
"""Settings whose smoothed out-of-fold F1 is within this of the best count as equally good."""
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

    def is_ngram(x: str) -> bool:
        return x.startswith(("w:", "b:"))

    vocab = sorted(x for x, ds in df.items() if len(ds) >= min(MIN_DF_GRID) or not is_ngram(x))
    index = {x: i for i, x in enumerate(vocab)}
    rows, cols = [], []
    for r, f in enumerate(feats):
        for x in sorted({x for x in f if x in index}):
            rows.append(r)
            cols.append(index[x])
    X_all = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(vocab)))
    keep = {md: np.array([not is_ngram(x) or len(df[x]) >= md for x in vocab]) for md in MIN_DF_GRID}
    folds = np.array([_fold(d) for d in docs])
    weights: dict[str, dict[str, float]] = {}
    intercepts: dict[str, float] = {}
    thresholds: dict[str, float] = {}
    fold_models: dict[str, list[tuple[float, dict[str, float]]]] = {}
    report: dict[str, dict[str, object]] = {}

    def fit(X: object, y: object, c: float, cw: str | None) -> LogisticRegression:
        m = LogisticRegression(C=c, class_weight=cw, solver="liblinear", random_state=0)
        m.fit(X, y)
        return m

    def kept(coef: Any, columns: list[str]) -> dict[str, float]:
        return {columns[i]: round(float(w), 5) for i, w in enumerate(coef) if abs(w) >= 1e-4}

    Setting = tuple[float, float, float, int, float, str | None, float]

    def select(y: Any, use: list[int]) -> Setting:
        """(smoothed F1, F1, best smoothed F1, min_df, C, class weight, threshold) chosen by CV over
        the folds ``use`` (each one held out in turn), on the rows of those folds only."""
        rows_in = np.isin(folds, use)
        scored: list[tuple[float, float, int, float, str | None, float]] = []
        yy = y[rows_in]
        for md in MIN_DF_GRID:
            X = X_all[:, keep[md]][rows_in]
            ff = folds[rows_in]
            for c in C_GRID:
                for cw in WEIGHTS:
                    oof = np.zeros(len(yy))
                    for k in use:
                        train, test = ff != k, ff == k
                        if yy[train].sum() == 0:
                            continue
                        oof[test] = fit(X[train], yy[train], c, cw).predict_proba(X[test])[:, 1]
                    f1s = []
                    for t in THRESHOLDS:
                        pred = oof >= t
                        tp = int((pred & (yy == 1)).sum())
                        f1s.append(2 * tp / (int(pred.sum()) + int(yy.sum())) if (pred.sum() + yy.sum()) else 0.0)
                    for i, t in enumerate(THRESHOLDS):
                        near = f1s[max(0, i - 1) : i + 2]
                        scored.append((sum(near) / len(near), f1s[i], md, c, cw, t))
        top = max(s_[0] for s_ in scored)
        # The most regularised setting within TOLERANCE of the best (fewest n-grams, then smallest C);
        # among its thresholds the best smoothed one.
        near_best = [s_ for s_ in scored if s_[0] >= top - TOLERANCE]
        md, neg_c = max((s_[2], -s_[3]) for s_ in near_best)
        smooth, f1, md, c, cw, t = max(
            (s_ for s_ in near_best if s_[2] == md and s_[3] == -neg_c), key=lambda s_: (s_[0], s_[4] is None, -s_[5])
        )
        return smooth, f1, top, md, c, cw, t

    def logit(p: float) -> float:
        return math.log(p / (1 - p))

    for label in CLASSES:
        y = np.array([label in g for g in golds], dtype=int)
        smooth, f1, top, md, c, cw, t = select(y, list(range(FOLDS)))
        columns = [x for x, k in zip(vocab, keep[md], strict=True) if k]
        m = fit(X_all[:, keep[md]], y, c, cw)
        weights[label] = kept(m.coef_[0], columns)
        intercepts[label] = round(float(m.intercept_[0]), 5)
        # Nested cross-fitting: each fold's model is chosen (settings and threshold, by CV on the other
        # four folds) and fitted without that fold, so a tune sentence is scored by a procedure that
        # never saw its article, selection included. A fold's own threshold is folded into its
        # intercept (p >= t_k  <=>  z - logit(t_k) + logit(t) >= logit(t)); the class keeps one threshold.
        fold_models[label] = []
        fold_settings = []
        for k in range(FOLDS):
            rest = [j for j in range(FOLDS) if j != k]
            _, _, _, md_k, c_k, cw_k, t_k = select(y, rest)
            cols_k = [x for x, kk in zip(vocab, keep[md_k], strict=True) if kk]
            train = folds != k
            fm = fit(X_all[:, keep[md_k]][train], y[train], c_k, cw_k)
            b = float(fm.intercept_[0]) - logit(t_k) + logit(t)
            fold_models[label].append((round(b, 5), kept(fm.coef_[0], cols_k)))
            fold_settings.append({"min_df": md_k, "C": c_k, "class_weight": cw_k, "threshold": t_k})
        thresholds[label] = t
        report[label] = {
            "cv_f1": round(f1, 4),
            "cv_f1_smoothed": round(smooth, 4),
            "best_smoothed": round(top, 4),
            "min_df": md,
            "features": len(columns),
            "C": c,
            "class_weight": cw,
            "threshold": t,
            "positives": int(y.sum()),
            "fold_settings": fold_settings,
        }
        print(
            f"{label:10s} cv F1 {f1:.3f} (smoothed {smooth:.3f}, best {top:.3f})  min_df={md} C={c} weight={cw}"
            f" threshold={t}  ({int(y.sum())} positives)",
            file=sys.stderr,
        )
    model = PoliceClassifier(
        weights=weights,
        intercepts=intercepts,
        thresholds=thresholds,
        meta={
            "trained_on": f"IndiaPoliceEvents tune half: {len(feats)} sentences of {len(set(docs))} articles",
            "split_rule": SPLIT_RULE,
            "features": len(vocab),
            "min_df_grid": list(MIN_DF_GRID),
            "selection": f"per class by 5-fold CV on tune: smoothed F1, most regularised within {TOLERANCE}",
            "model": f"logistic regression per class, scikit-learn {sklearn.__version__} liblinear",
            "cross_validation": report,
            "command": "python tools/train_police_classifier.py --data ../shared/data/indiapoliceevents",
            "fold_models": "per class, one model per CV fold, its settings chosen by CV on the other folds and fitted"
            " without that fold (nested: scoring the tune half out of sample, selection included)",
        },
        fold_models=fold_models,
    )
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(vocab)} features)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
