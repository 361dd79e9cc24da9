#!/usr/bin/env python3
"""ECB+ linking experiments in seconds: the pipeline once (cached), then linking and scoring, and the
TUNE half's error classes.

    python tools/ecbplus_errors.py [--data ../shared/data/ecbplus] [--cache /tmp/ecbplus_prepared.pkl]
                                   [--top 25] [--examples CLASS]

The pipeline part of ``eventwire eval ecbplus`` (spaCy over 197 documents, ~60-90 s) is run once and
kept in ``--cache`` (a pickle of :class:`eventwire.eval.ecbplus.Prepared`; delete it after a change
to the extraction stages). Each run then links and scores in ~15 s, so a linking rule or option can
be tried quickly: edit ``eventwire/link`` (or pass options in a copy of :func:`main`) and run again.

What it prints:

* gold-mention CoNLL (MUC, B-cubed, CEAF-e) of the linker and of the same-lemma baseline, tune and
  check; the same-lemma baseline over the GOLD sub-topics and topics as well (how much document
  clustering decides);
* for the TUNE half only (data discipline: docs/metrics.md; the check half is scored, never read):
  our stories against the gold sub-topics, and every pair of gold mentions of one topic by class
  (coreferent or not x linked by us x linked by the baseline), with the most common trigger pairs of
  the classes where we differ from the baseline or both miss; ``--examples CLASS`` prints the
  sentences of a few pairs of one class (``miss_vs_lemma``, ``wrong_vs_lemma``, ``both_miss``,
  ``lemma_wrong_we_avoid``).
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.eval import ecbplus as E  # noqa: E402
from eventwire.eval.coref import clusters_of, conll  # noqa: E402

CLASSES = {
    # (coreferent in gold, linked by us, linked by the baseline) -> name
    (True, False, True): "miss_vs_lemma",
    (False, True, False): "wrong_vs_lemma",
    (True, False, False): "both_miss",
    (False, False, True): "lemma_wrong_we_avoid",
}


def prepared(data: Path, cache: Path) -> tuple[list[E.Item], E.Prepared]:
    """The items and the pipeline's output, from the cache when it is there."""
    if cache.exists():
        with cache.open("rb") as fh:
            items, prep = pickle.load(fh)
        return items, prep
    items = E._load(data, None)
    docs = [d for d in E.read_items(items) if d is not None]
    prep = E.prepare(docs)
    with cache.open("wb") as fh:
        pickle.dump((items, prep), fh)
    return items, prep


def _f1(key: Mapping[Any, Hashable], resp: Mapping[Any, Hashable]) -> str:
    s = conll(clusters_of(key), clusters_of(resp))
    return " ".join(f"{m} {s[m]['f1']:.4f}" for m in ("muc", "b3", "ceafe", "conll"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ecbplus")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/ecbplus_prepared.pkl"))
    ap.add_argument("--top", type=int, default=25, help="trigger pairs shown per class")
    ap.add_argument("--examples", choices=sorted(CLASSES.values()), help="print sentences of a few pairs of a class")
    args = ap.parse_args()

    items, prep = prepared(args.data, args.cache)
    preds = E.link_predictions(prep)
    half = {it.path.name: E._half(it.topic) for it in items}
    info: dict[str, dict[str, Any]] = {}
    for d, heads in zip(prep.docs, prep.lemmas, strict=True):
        p = preds[d.name]
        for gm in d.mentions:
            info[gm.id] = {
                "doc": d.name,
                "half": half[d.name],
                "topic": d.topic,
                "sub": f"{d.topic}_{d.sub}",
                "story": p.story,
                "lemma": heads[gm.id],
                "text": d.text[gm.start : gm.end].lower(),
                "sentence": d.text[slice(*d.sentence_spans[gm.sentence])],
                "gold": gm.cluster,
                "ours": p.gold[gm.id],
            }
    for h in ("tune", "check"):
        ms = {m: i for m, i in info.items() if i["half"] == h}
        key = {m: i["gold"] for m, i in ms.items()}
        print(f"{h}: linker          {_f1(key, {m: i['ours'] for m, i in ms.items()})}")
        print(f"{h}: lemma | story   {_f1(key, {m: (i['story'], i['lemma']) for m, i in ms.items()})}")
        print(f"{h}: lemma | subtopic {_f1(key, {m: (i['sub'], i['lemma']) for m, i in ms.items()})}")
        print(f"{h}: lemma | topic   {_f1(key, {m: (i['topic'], i['lemma']) for m, i in ms.items()})}")

    tune = {m: i for m, i in info.items() if i["half"] == "tune"}
    print("\ntune stories (ours) x gold sub-topics (documents with a gold mention):")
    docs = {i["doc"]: i for i in tune.values()}
    by_story: dict[Hashable, Counter[str]] = defaultdict(Counter)
    for i in docs.values():
        by_story[i["story"]][i["sub"]] += 1
    for story, subs in sorted(by_story.items(), key=lambda kv: sorted(kv[1])):
        print(f"  {str(story)[:9]} {dict(subs)}")

    counts: Counter[tuple[bool, bool, bool]] = Counter()
    pairs: dict[str, Counter[tuple[str, str, bool]]] = {c: Counter() for c in CLASSES.values()}
    examples: list[tuple[str, str]] = []
    for a, b in itertools.combinations(sorted(tune), 2):
        ia, ib = tune[a], tune[b]
        if ia["topic"] != ib["topic"]:
            continue
        cls = (
            ia["gold"] == ib["gold"],
            ia["ours"] == ib["ours"],
            (ia["story"], ia["lemma"]) == (ib["story"], ib["lemma"]),
        )
        counts[cls] += 1
        name = CLASSES.get(cls)
        if name is None:
            continue
        words = sorted([ia["text"], ib["text"]])
        pairs[name][(words[0], words[1], ia["story"] == ib["story"])] += 1
        if name == args.examples and len(examples) < 10:
            examples.append((a, b))
    print("\ntune pairs of gold mentions in one topic (gold coreferent, linked by us, linked by the baseline):")
    for cls, n in sorted(counts.items()):
        print(f"  gold={cls[0]!s:5} ours={cls[1]!s:5} lemma={cls[2]!s:5} {n:6}  {CLASSES.get(cls, '')}")
    for name, c in pairs.items():
        print(f"\n{name} (trigger pair, same story?):")
        for (x, y, same), n in c.most_common(args.top):
            print(f"  {n:4}  {x} / {y}  {'same story' if same else 'two stories'}")
    for a, b in examples:
        print()
        for m in (a, b):
            i = tune[m]
            print(f"  {m}  gold {str(i['gold'])[:24]}  ours {str(i['ours'])[:12]}  | {i['sentence'][:200]}")


if __name__ == "__main__":
    main()
