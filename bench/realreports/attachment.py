"""Figure-to-event attachment on the real-report corpus: does a figure name the event it counts?

Reads Article records that ``score.py --save-predictions`` wrote (or runs eventwire when
``--texts`` is given without ``--predictions``) and aligns them with the gold annotations exactly as
``score.py`` does (events by type and sentence, figures by sentence and number). Then, per split:

* **gold links**: required, non-vague gold figures whose ``event`` names a gold event (a running
  total or an accident's deaths have ``event: null`` and are not links);
* **recall**: gold links whose aligned prediction names the predicted event aligned with that gold
  event; **recall (found)**: the same over gold links whose figure was found at all;
* **precision**: predicted figures aligned with a required gold figure that name an event: the share
  whose event is aligned with the gold figure's event (a link where the gold figure has none, or to
  an event aligned with another gold event or with none, is wrong);
* **running totals with an event**: aligned cumulative gold figures whose prediction names an event
  (must be 0: a total counts a campaign, not one event).

Usage: ``python bench/realreports/attachment.py --texts /work/realreports/texts [--predictions F] [--json]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import score  # noqa: E402  (the corpus scorer beside this file)

SPLITS = ("dev", "held", "all")


def attachment_counts(gold: dict[str, Any], article: dict[str, Any]) -> Counter[str]:
    """Counters of one report (see the module docstring)."""
    c: Counter[str] = Counter()
    events, _ = score.score_events(gold, article)
    gold_of_pred = {o.pred["id"]: o.gold["id"] for o in events if o.gold is not None}
    _figs, matched = score.score_figures(gold, article)
    for gi, g in enumerate(gold["figures"]):
        if g["optional"] or g["vague"]:
            continue
        m = matched.get(gi)
        pred_event = m.pred.get("event") if m is not None else None
        if g.get("cumulative"):
            if m is not None:
                c["cum_found"] += 1
                c["cum_with_event"] += pred_event is not None
            continue
        if g.get("event"):
            c["gold_links"] += 1
            if m is not None:
                c["gold_links_found"] += 1
                c["recalled"] += pred_event is not None and gold_of_pred.get(pred_event) == g["event"]
        if m is not None and pred_event is not None:
            c["pred_links"] += 1
            c["pred_links_right"] += bool(g.get("event")) and gold_of_pred.get(pred_event) == g["event"]
    return c


def summarize(c: Counter[str]) -> dict[str, Any]:
    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "gold_links": c["gold_links"],
        "predicted_links": c["pred_links"],
        "precision": ratio(c["pred_links_right"], c["pred_links"]),
        "recall": ratio(c["recalled"], c["gold_links"]),
        "recall_found": ratio(c["recalled"], c["gold_links_found"]),
        "running_totals_with_event": f"{c['cum_with_event']} of {c['cum_found']}",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Figure-to-event attachment on the real-report corpus.")
    ap.add_argument("--texts", type=Path, required=True)
    ap.add_argument("--gold", type=Path, default=HERE / "gold.jsonl")
    ap.add_argument("--manifest", type=Path, default=HERE / "manifest.jsonl")
    ap.add_argument("--predictions", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    manifest = score.load_manifest(args.manifest)
    gold = {g["id"]: g for g in score.load_gold(args.gold)}
    texts, _missing, _differ = score.present_texts(manifest, args.texts)
    ids = [rid for rid in manifest if rid in texts and rid in gold]
    if not ids:
        print("no report texts present: nothing to score", file=sys.stderr)
        return 2
    if args.predictions:
        preds = score.load_predictions(args.predictions, manifest)
    else:
        preds, _failed = score.run_pipeline([(rid, texts[rid], manifest[rid]["url"]) for rid in ids], args.quiet)
    totals = {s: Counter[str]() for s in SPLITS}
    for rid in ids:
        if rid not in preds:
            continue
        c = attachment_counts(gold[rid], preds[rid])
        totals[manifest[rid]["split"]].update(c)
        totals["all"].update(c)
    result = {s: summarize(totals[s]) for s in SPLITS}
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        keys = list(result["all"])
        print(f"{'metric':30} {'dev':>12} {'held':>12} {'all':>12}")
        for k in keys:
            print(f"{k:30} " + " ".join(f"{result[s][k]!s:>12}" for s in SPLITS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
