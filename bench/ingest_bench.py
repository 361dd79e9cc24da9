"""Ingest benchmark: articles per second and peak memory while ingesting N generated articles.

Generates N distinct articles (variants of the bundled sample reports, each with a unique closing
sentence, so every one gets its own id) as JSONL files in a temporary directory, ingests them into a
fresh DuckDB file with the real pipeline, and reports throughput and resident memory at checkpoints
(5k, 10k, 20k by default). Memory should stay flat: the ingest streams inputs and commits batches.

    OMP_NUM_THREADS=1 .venv/bin/python bench/ingest_bench.py --n 20000 --workers 1 --json bench/out/ingest.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import psutil

from eventwire.errors import ErrorPolicy, Skipped
from eventwire.nlp import set_thread_env
from eventwire.pipeline import Pipeline, article_id
from eventwire.read import Source, iter_sources
from eventwire.records import Article
from eventwire.samples import sample_paths
from eventwire.store import ingest, open_store

PER_FILE = 1000


def sample_docs() -> list[dict[str, Any]]:
    """The bundled samples as JSONL objects (text or html plus metadata)."""
    docs = []
    for item in iter_sources([str(p) for p in sample_paths()]):
        if isinstance(item, Source):
            key = "html" if item.format == "html" else "text"
            docs.append({key: item.body, "title": item.title, "published": item.published, "source": item.source})
    if not docs:
        raise SystemExit("no sample reports found in eventwire/samples")
    return docs


def variant(doc: dict[str, Any], i: int) -> dict[str, Any]:
    """``doc`` with a unique closing sentence (so a distinct article id)."""
    line = f"This is dispatch number {i} of the benchmark desk."
    out = dict(doc)
    if "html" in out:
        # inside the first paragraph: extraction keeps body paragraphs, and may drop a trailing one
        out["html"] = out["html"].replace("</p>", f" {line}</p>", 1)
    else:
        out["text"] = out["text"].rstrip() + f"\n\n{line}\n"
    return {k: v for k, v in out.items() if v is not None}


def generate(root: Path, n: int) -> list[str]:
    docs = sample_docs()
    paths = []
    for f in range(0, n, PER_FILE):
        path = root / f"bench-{f // PER_FILE:04d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(f, min(n, f + PER_FILE)):
                fh.write(json.dumps(variant(docs[i % len(docs)], i), ensure_ascii=False) + "\n")
        paths.append(str(path))
    return paths


class ReplayPipeline(Pipeline):
    """Replays records extracted once from the samples (new id per input): measures the store alone.

    ``--replay`` isolates what ingest adds to extraction (reading, fingerprints, ledger, batch
    writes) and shows its memory over 20k articles in minutes instead of hours.
    """

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        super().__init__()
        sources: list[Source | Skipped] = [
            Source(
                origin="sample",
                body=d.get("text") or d["html"],
                format="html" if "html" in d else "text",
                title=d.get("title"),
                published=d.get("published"),
                source=d.get("source"),
            )
            for d in docs
        ]
        self.templates = [r for r in super().run(sources) if isinstance(r, Article)]

    def run(
        self, inputs: Iterable[Source | Skipped], *, workers: int = 1, errors: ErrorPolicy = "record"
    ) -> Iterator[Article | Skipped]:
        for src in inputs:
            if isinstance(src, Skipped):
                yield src
                continue
            i = int(Path(src.origin).stem.split("-")[1]) * PER_FILE + (src.line or 1) - 1
            template = self.templates[i % len(self.templates)]
            yield dataclasses.replace(template, id=article_id(src.body), input=src.where)


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux; children counts the worker processes (workers > 1)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def cpu_seconds() -> float:
    """CPU seconds of this process and its worker processes (live ones via psutil, finished via rusage)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    live = sum(sum(c.cpu_times()[:2]) for c in psutil.Process().children(recursive=True))
    return own.ru_utime + own.ru_stime + done.ru_utime + done.ru_stime + live


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=20000, help="articles to ingest")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--checkpoints", default="1000,2500,5000,7500,10000,12500,15000,17500,20000")
    ap.add_argument("--json", type=Path, help="write the results here as JSON")
    ap.add_argument("--replay", action="store_true", help="replay sample records instead of extracting (store only)")
    args = ap.parse_args(argv)
    set_thread_env()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(",") if int(c) <= args.n)
    proc = psutil.Process()
    with tempfile.TemporaryDirectory(prefix="ew-bench-") as tmp:
        root = Path(tmp)
        paths = generate(root, args.n)
        pipe = ReplayPipeline(sample_docs()) if args.replay else Pipeline()
        pipe.process_text("Warm-up: Poland closed the border crossing on Tuesday.")  # load the model first
        rows: list[dict[str, Any]] = []
        done = 0
        cpu0 = cpu_seconds()
        start = last_t = time.perf_counter()
        last_n = 0

        def tick(_: object) -> None:
            nonlocal done, last_t, last_n
            done += 1
            if done in checkpoints:
                now = time.perf_counter()
                row = {
                    "articles": done,
                    "seconds": round(now - start, 1),
                    "articles_per_s": round(done / (now - start), 2),
                    "interval_articles_per_s": round((done - last_n) / (now - last_t), 2),
                    # CPU seconds of this process and its workers: throughput independent of machine load
                    "cpu_s": round(cpu_seconds(), 1),
                    "articles_per_cpu_s": round(done / max(cpu_seconds() - cpu0, 1e-9), 2),
                    "rss_mb": round(proc.memory_info().rss / 2**20, 1),
                    # worker processes (workers > 1): their current RSS, summed
                    "workers_rss_mb": round(sum(c.memory_info().rss for c in proc.children()) / 2**20, 1),
                    "peak_rss_mb": round(peak_rss_mb(), 1),
                }
                rows.append(row)
                last_t, last_n = now, done
                print(json.dumps(row), flush=True)

        with open_store(root / "bench.duckdb") as store:
            report = ingest(store, paths, pipeline=pipe, workers=args.workers, on_result=tick)
            counts = store.counts()
        db_mb = (root / "bench.duckdb").stat().st_size / 2**20
    result = {
        "n": args.n,
        "workers": args.workers,
        "mode": "replay (store only)" if args.replay else "real pipeline",
        "checkpoints": rows,
        "stored": report.counts.stored,
        "skipped": report.counts.skipped,
        "rows": counts,
        "db_mb": round(db_mb, 1),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
