"""Tune / check halves of the event dev sets: score both halves side by side, show only tune failures.

    .venv/bin/python bench/halves.py --data ../shared/data [--sets plover_gsr,indiapoliceevents,case2021_task2]
    .venv/bin/python bench/halves.py --data ../shared/data --sets plover_gsr --tune-failures

A record is in the TUNE half iff ``eventwire.eval.split.half_of(dataset, id) == "tune"`` (the same halves
as ``eventwire eval --split`` and the gate; docs/metrics.md), where ``id`` is the record id the scorer uses (PLOVER GSR: the record's ``id``; IndiaPoliceEvents: the article's
``doc_id``, so an article's sentences stay together; CASE 2021: the snippet ``id``). The halves are
written to a temporary folder in the datasets' own formats (never into the repo) and scored with the
ordinary scorers. Only tune-half failures are ever printed: the check half is for the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def is_tune(record_id: object, dataset: str) -> bool:
    # The gate's halves (an earlier version hashed the bare id: other halves, so its "tune" failures
    # showed check-half items of the gate).
    from eventwire.eval.split import half_of

    return half_of(dataset, str(record_id)) == "tune"


def split_plover(src: Path, dst: Path, half: str) -> None:
    name = "PLOVER_GSR_CAMEO.dev_sample.json"
    data = json.loads((src / name).read_text(encoding="utf-8"))
    keep = [
        r for r in data
        if not (isinstance(r, dict) and r.get("event") != "DOCUMENT" and r.get("text"))
        or is_tune(r.get("id"), "plover_gsr") == (half == "tune")
    ]  # fmt: skip
    dst.mkdir(parents=True, exist_ok=True)
    (dst / name).write_text(json.dumps(keep), encoding="utf-8")


def split_ipe(src: Path, dst: Path, half: str) -> None:
    rel = Path("data") / "final" / "sents.jsonl"
    (dst / rel).parent.mkdir(parents=True, exist_ok=True)
    with (src / rel).open(encoding="utf-8") as f, (dst / rel).open("w", encoding="utf-8") as out:
        for line in f:
            if line.strip() and is_tune(json.loads(line)["doc_id"], "indiapoliceevents") == (half == "tune"):
                out.write(line)


def split_case(src: Path, dst: Path, half: str) -> None:
    name = "dev_sample_with_labels.tsv"
    lines = (src / name).read_text(encoding="utf-8").splitlines(keepends=True)
    dst.mkdir(parents=True, exist_ok=True)
    body = [
        ln for ln in lines[1:] if ln.strip() and is_tune(ln.split("\t", 1)[0], "case2021_task2") == (half == "tune")
    ]
    (dst / name).write_text(lines[0] + "".join(body), encoding="utf-8")


SPLITTERS = {"plover_gsr": split_plover, "indiapoliceevents": split_ipe, "case2021_task2": split_case}
METRICS = {
    "plover_gsr": ("type_accuracy", "type_macro_f1", "source_country_accuracy", "target_country_accuracy",
                   "source_sector_accuracy", "no_event_rate"),
    "indiapoliceevents": ("micro_f1", "any_action_f1", "force_f1", "kill_f1", "arrest_f1"),
    "case2021_task2": ("accuracy", "macro_f1", "coverage"),
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--sets", default=",".join(SPLITTERS))
    ap.add_argument("--tune-failures", action="store_true", help="print PLOVER GSR tune-half failures")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from eventwire.eval.run import run_dataset

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="ew-halves-") as tmp:
        for name in args.sets.split(","):
            for half in ("tune", "check"):
                folder = Path(tmp) / name / half
                SPLITTERS[name](args.data / name, folder, half)
                res = run_dataset(name, folder).to_dict()
                results[f"{name}/{half}"] = res
                if name == "plover_gsr" and half == "tune" and args.tune_failures:
                    for ex in res.get("extra", {}).get("examples", []):
                        if ex["gold"] != ex["pred"] or not ex["source"] or ex["source"][1] not in ex["gold_source"]:
                            print("TUNE-FAIL", json.dumps(ex), file=sys.stderr)
    for name in args.sets.split(","):
        print(f"{name}:")
        for m in METRICS[name]:
            t = results[f"{name}/tune"]["metrics"].get(m)
            c = results[f"{name}/check"]["metrics"].get(m)
            print(
                f"  {m:28s} tune {t if t is None else round(t, 3)!s:>7}  check {c if c is None else round(c, 3)!s:>7}"
            )
        for half in ("tune", "check"):
            base = results[f"{name}/{half}"].get("baselines") or {}
            for bname, b in base.items():
                print(
                    f"  baseline {bname} ({half}): "
                    + ", ".join(f"{k}={v:.3f}" for k, v in b.items() if k in METRICS[name])
                )
            print(f"  n ({half}) = {results[f'{name}/{half}']['n']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
