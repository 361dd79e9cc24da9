#!/usr/bin/env python3
"""Train the quotes stage's learned cue and content-argument models on the PolNeAR train split.

    .venv/bin/python tools/train_quote_model.py --train ../shared/data/polnear/data/train \\
        [--out src/eventwire/knowledge/quotes/cue_model.tsv] [--seed 13] [--parsed CACHE.pkl]

Data: the official PolNeAR **train** split (840 articles; never dev or test). Each article is
parsed by eventwire's own parser (the pipeline's spaCy model), the alphabetically first annotator
file is read (as the scorer does), and:

* every verb token (:func:`eventwire.extract.quotes.learned.is_verb`) is one ``cue`` example,
  positive when it stands inside a gold Cue span;
* for every gold Cue, its head verb's dependents (:func:`~eventwire.extract.quotes.learned.arg_candidates`)
  are ``arg`` examples, positive when most of the dependent's subtree lies inside the gold Content.

Both are L2 logistic regressions (scikit-learn, liblinear, fixed seed; same data -> same weights).
Features seen fewer than ``--min-count`` times are dropped, weights are rounded to 4 decimals and
near-zero weights left out, so the table is small and diffs read well. The firing thresholds are
written into the table (``__threshold__``); they were chosen on the PolNeAR dev **tune** half
(docs/quote_model.md). Parsing the split takes ~5 min of one core; ``--parsed`` keeps the parses in
a pickle for re-runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.eval import polnear  # noqa: E402
from eventwire.extract.common.quote_lexicon import load_lexicon  # noqa: E402
from eventwire.extract.quotes.learned import (  # noqa: E402
    arg_candidates,
    arg_features,
    cue_features,
    is_verb,
    quoted_sentences,
)
from eventwire.extract.quotes.marks import find_quoted  # noqa: E402
from eventwire.nlp import Parsed  # noqa: E402

OUT = ROOT / "src" / "eventwire" / "knowledge" / "quotes" / "cue_model.tsv"
# Probabilities at which a cue / an argument fires, chosen on the PolNeAR dev tune half.
CUE_THRESHOLD = 0.5
ARG_THRESHOLD = 0.5
# A lexicon cue verb scored below this in context is dropped (chosen on the dev tune half).
VETO_THRESHOLD = 0.4


def _parse(docs: list[polnear.Doc], cache: Path | None) -> dict[str, Parsed]:
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            cached = pickle.load(fh)
        parsed: dict[str, Parsed] = cached[1] if isinstance(cached, tuple) else cached
        return parsed
    from eventwire.pipeline import DEFAULT_STAGES, Pipeline

    pipe = Pipeline(stages=DEFAULT_STAGES)
    parsed = {d.name: p for d, p in zip(docs, pipe.parser.parse_many([d.text for d in docs]), strict=True)}
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(parsed, fh)
    return parsed


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def examples(
    docs: list[polnear.Doc], parsed: dict[str, Parsed]
) -> tuple[list[list[str]], list[int], list[list[str]], list[int]]:
    """Cue examples (features, label) and argument examples (features, label) of the split."""
    lex = load_lexicon()
    cue_x: list[list[str]] = []
    cue_y: list[int] = []
    arg_x: list[list[str]] = []
    arg_y: list[int] = []
    for d in docs:
        doc = parsed[d.name]
        quoted = find_quoted(d.text)
        quoted_sents = quoted_sentences(doc)
        cues = [(g.cue, g.content) for g in d.gold if g.cue is not None]
        for t in doc.tokens:
            if not is_verb(t):
                continue
            entry = lex.verbs.get(t.lemma.lower()) or lex.verbs.get(t.lower)
            in_quote = any(q.start <= t.start < q.end for q in quoted)
            gold = [content for cue, content in cues if _inside((t.start, t.end), cue) and content is not None]
            cue_x.append(cue_features(doc, t.i, entry.kind if entry else None, in_quote, quoted_sents))
            cue_y.append(1 if gold else 0)
            if not gold:
                continue
            content = gold[0]
            # arguments belong to the cue's head verb: one whose head lies outside the cue
            head = doc.tokens[t.head]
            own = [cue for cue, _ in cues if _inside((t.start, t.end), cue)]
            if t.head != t.i and is_verb(head) and any(_inside((head.start, head.end), cue) for cue in own):
                continue
            for k in arg_candidates(doc, t.i):
                lo, hi = doc.subtree(k)
                s, e = doc.tokens[lo].start, doc.tokens[hi - 1].end
                inside = max(0, min(e, content[1]) - max(s, content[0]))
                arg_x.append(arg_features(doc, t.i, k))
                arg_y.append(1 if inside * 2 > (e - s) else 0)
    return cue_x, cue_y, arg_x, arg_y


def fit(x: list[list[str]], y: list[int], seed: int, min_count: int, c: float) -> tuple[float, dict[str, float]]:
    """Bias and feature weights of an L2 logistic regression over binary string features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in x for f in set(row))
    keep = {f for f, n in counts.items() if n >= min_count}
    rows = [{f: 1.0 for f in row if f in keep} for row in x]
    vec = DictVectorizer(sparse=True)
    matrix = vec.fit_transform(rows).tocsr()
    # liblinear takes 32-bit sparse indices only
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", random_state=seed, max_iter=1000)
    model.fit(matrix, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)}
    return round(float(model.intercept_[0]), 4), {f: w for f, w in weights.items() if abs(w) >= 0.001}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=ROOT.parent / "shared" / "data" / "polnear" / "data" / "train")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--c", type=float, default=0.3, help="inverse L2 strength")
    ap.add_argument("--parsed", type=Path, default=None, help="pickle to keep / reuse the parses")
    args = ap.parse_args()

    if args.train.name != "train":
        sys.exit(f"{args.train}: pass the PolNeAR train split folder (data/train); dev and test are for scoring")
    docs = polnear.load(args.train, None)
    parsed = _parse(docs, args.parsed)
    cue_x, cue_y, arg_x, arg_y = examples(docs, parsed)
    cue_b, cue_w = fit(cue_x, cue_y, args.seed, args.min_count, args.c)
    arg_b, arg_w = fit(arg_x, arg_y, args.seed, args.min_count, args.c)
    lines = [
        "# Learned attribution cue and content-argument models of the quotes stage (logistic regression).",
        "# Format: TSV: model (cue | arg) <TAB> feature <TAB> weight; __bias__ and __threshold__ rows per model.",
        f"# Trained by tools/train_quote_model.py on the PolNeAR train split ({len(docs)} articles,"
        f" first annotator file each); {dt.date.today().isoformat()}; seed {args.seed},"
        f" min count {args.min_count}, C {args.c}.",
        f"# Examples: cue {len(cue_y)} ({sum(cue_y)} positive), arg {len(arg_y)} ({sum(arg_y)} positive).",
        "# Source data: github.com/networkdynamics/PolNeAR (Newell, Margolin, Ruths, LREC 2018); research use.",
        "# Regenerate with the command above; see docs/quote_model.md.",
        f"cue\t__bias__\t{cue_b}",
        f"cue\t__threshold__\t{CUE_THRESHOLD}",
        f"cue\t__veto__\t{VETO_THRESHOLD}",
        f"arg\t__bias__\t{arg_b}",
        f"arg\t__threshold__\t{ARG_THRESHOLD}",
    ]
    lines += [f"cue\t{f}\t{w}" for f, w in sorted(cue_w.items())]
    lines += [f"arg\t{f}\t{w}" for f, w in sorted(arg_w.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{args.out}: cue {len(cue_w)} features ({sum(cue_y)}/{len(cue_y)} positive), "
        f"arg {len(arg_w)} features ({sum(arg_y)}/{len(arg_y)} positive)"
    )


if __name__ == "__main__":
    main()
