"""Ingest with and without linking: what linking (and keeping its state in the store) adds to an ingest.

The stream is link_bench.py's generated one (records extracted once from the bundled samples, varied:
new text, new person names, 300 articles a day, every 20th a copy of a recent one under a new first
line), fed through ``eventwire.store.ingest`` with a processor that replays it instead of spaCy: the
whole ingest path (reading JSONL inputs, ledger, batch writes of 32) runs, with ``link=True`` or
``link=False``, into a fresh database. Checkpoints give CPU ms per article over the last interval
(the number to read on a shared machine), wall ms, and RSS.

    OMP_NUM_THREADS=1 .venv/bin/python bench/link_ingest_bench.py --n 30000 --mode link --json bench/out/li-link.json
    OMP_NUM_THREADS=1 .venv/bin/python bench/link_ingest_bench.py --n 30000 --mode nolink --json bench/out/li-nolink.json

Linking's share of a real ingest is computed against extraction CPU per article measured in the
same run on the samples (``--no-extract-timing`` skips that).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from eventwire.errors import ErrorPolicy, Skipped
from eventwire.nlp import set_thread_env
from eventwire.pipeline import Pipeline
from eventwire.read import Source, iter_sources
from eventwire.records import Article
from eventwire.samples import sample_paths
from eventwire.store import ingest, open_store
from ingest_bench import generate  # type: ignore[import-not-found]  # sibling script
from link_bench import Generator  # type: ignore[import-not-found]


@dataclasses.dataclass
class StreamProcessor:
    """Gives the generated stream's next article for each input, in input order (one worker)."""

    gen: Generator
    batch_size: int = 32
    i: int = 0

    def prepare(self) -> None:
        return None

    def __call__(self, batch: list[Source | Skipped], errors: ErrorPolicy) -> list[Article | Skipped]:
        out: list[Article | Skipped] = []
        for src in batch:
            if isinstance(src, Skipped):
                out.append(src)
                continue
            out.append(dataclasses.replace(self.gen.article(self.i), input=src.where))
            self.i += 1
        return out


def templates(time_it: bool) -> tuple[list[Article], float | None]:
    sources = [s for s in iter_sources([str(p) for p in sample_paths()]) if isinstance(s, Source)]
    pipe = Pipeline()
    arts = [a for a in pipe.process_batch(sources, "record") if isinstance(a, Article)]
    if not time_it:
        return arts, None
    c = time.process_time()
    list(pipe.process_batch(sources, "record"))
    return arts, (time.process_time() - c) / len(sources)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--mode", choices=("link", "nolink"), required=True)
    ap.add_argument("--checkpoints", default="2000,5000,10000,20000,30000,50000,75000,100000")
    ap.add_argument("--no-extract-timing", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    set_thread_env()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(",") if int(c) <= args.n)
    if args.n not in checkpoints:
        checkpoints.append(args.n)
    base, extract_s = templates(not args.no_extract_timing)
    if extract_s is not None:  # at once: a run stopped before its end still has it
        print(json.dumps({"extract_cpu_ms_per_article": round(1000 * extract_s, 2)}), file=sys.stderr, flush=True)
    proc = psutil.Process()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="ew-linkbench-") as tmp:
        root = Path(tmp)
        paths = generate(root, args.n)
        store = open_store(root / "bench.duckdb")
        work = StreamProcessor(Generator(base, per_day=300, copy_every=20))
        done = 0
        c0 = last_c = time.process_time()
        t0 = last_t = time.perf_counter()
        last_n = 0

        def tick(_: object) -> None:
            nonlocal done, last_c, last_t, last_n
            done += 1
            if done in checkpoints:
                c, t = time.process_time(), time.perf_counter()
                row = {
                    "articles": done,
                    "cpu_ms_per_article": round(1000 * (c - last_c) / (done - last_n), 2),
                    "wall_ms_per_article": round(1000 * (t - last_t) / (done - last_n), 2),
                    "cpu_s_total": round(c - c0, 1),
                    "rss_mb": round(proc.memory_info().rss / 2**20, 1),
                }
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
                if args.json:  # the checkpoints so far, replaced by the full result at the end
                    partial = {"mode": args.mode, "n": args.n, "partial": True, "checkpoints": rows}
                    if extract_s is not None:
                        partial["extract_cpu_ms_per_article"] = round(1000 * extract_s, 2)
                    args.json.parent.mkdir(parents=True, exist_ok=True)
                    args.json.write_text(json.dumps(partial, indent=1) + "\n", encoding="utf-8")
                last_c, last_t, last_n = c, t, done

        try:
            report = ingest(store, paths, processor=work, link=args.mode == "link", on_result=tick)
            links = store.link_counts()
        finally:
            store.close()
        db_mb = (root / "bench.duckdb").stat().st_size / 2**20
    total_cpu = rows[-1]["cpu_s_total"] if rows else 0.0
    out = {
        "mode": args.mode,
        "n": args.n,
        "stored": report.counts.stored,
        "linked": report.linked,
        "cpu_ms_per_article": round(1000 * total_cpu / args.n, 2),
        "wall_s": round(time.perf_counter() - t0, 1),
        "extract_cpu_ms_per_article": round(1000 * extract_s, 2) if extract_s else None,
        "link_rows": links,
        "db_mb": round(db_mb, 1),
        "checkpoints": rows,
    }
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
