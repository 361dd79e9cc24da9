"""Ingest benchmark: articles per second and peak memory while ingesting N generated articles.

Generates N distinct articles (variants of the bundled sample reports, each with a unique closing
sentence, so every one gets its own id) as JSONL files in a temporary directory, ingests them into a
fresh DuckDB file with the real pipeline, and reports throughput and resident memory at checkpoints
(5k, 10k, 20k by default): RSS now, the highest RSS sampled since the previous checkpoint, DuckDB's
and glibc's accounting. Memory should stay flat: the ingest streams inputs, commits batches and
re-opens its DuckDB connection every few thousand articles (docs/store.md, "Performance").

    OMP_NUM_THREADS=1 .venv/bin/python bench/ingest_bench.py --n 20000 --workers 2 --json bench/out/ingest.json
    OMP_NUM_THREADS=1 .venv/bin/python bench/ingest_bench.py --replay --n 100000   # the store alone
    # keep the database (e.g. for bench/store_bench.py):
    OMP_NUM_THREADS=1 .venv/bin/python bench/ingest_bench.py --replay --n 100000 --db bench/out/100k.duckdb
"""

from __future__ import annotations

import argparse
import ctypes
import dataclasses
import json
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import psutil

from eventwire import Pipeline
from eventwire.errors import ErrorPolicy, Skipped
from eventwire.nlp import set_thread_env
from eventwire.pipeline import article_id
from eventwire.read import Source, iter_sources
from eventwire.records import Article
from eventwire.run.local import BatchProcessor
from eventwire.samples import sample_paths
from eventwire.store import Store, ingest, open_store

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


def sample_templates(pipe: Pipeline, docs: list[dict[str, Any]]) -> list[Article]:
    """The records of the sample documents, extracted once (the replay's templates)."""
    sources = [
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
    return [r for r in pipe.process_batch(sources, "record") if isinstance(r, Article)]


@dataclasses.dataclass(frozen=True)
class ReplayProcessor:
    """Replays records extracted once from the samples (new id per input): measures the store alone.

    ``--replay`` isolates what ingest adds to extraction (reading, fingerprints, ledger, batch
    writes) and shows its memory over 20k articles in minutes instead of hours. It is a
    :class:`~eventwire.run.local.BatchProcessor`: the local runner sends it batches (to worker
    processes too) through the same bounded window as the real pipeline, so the main process's
    result path is measured without spaCy's cost.
    """

    templates: tuple[Article, ...]
    batch_size: int = 32

    def prepare(self) -> None:
        return None

    def __call__(self, batch: list[Source | Skipped], errors: ErrorPolicy) -> list[Article | Skipped]:
        return [_replay_one(self.templates, s) for s in batch]


def _replay_one(templates: tuple[Article, ...], src: Source | Skipped) -> Article | Skipped:
    if isinstance(src, Skipped):
        return src
    i = int(Path(src.origin).stem.split("-")[1]) * PER_FILE + (src.line or 1) - 1
    return dataclasses.replace(templates[i % len(templates)], id=article_id(src.body), input=src.where)


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def malloc_mb() -> dict[str, float]:
    """glibc's view of this process's heap: bytes in use and bytes free but kept (fragmentation)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
    except (OSError, AttributeError):  # not glibc, or glibc < 2.33
        return {}
    m = libc.mallinfo2()
    return {
        "malloc_used_mb": round((m.uordblks + m.hblkhd) / 2**20, 1),
        "malloc_free_mb": round(m.fordblks / 2**20, 1),
    }


def duckdb_mb(store: Store) -> float:
    """Memory DuckDB's buffer manager accounts for (block cache, indexes, buffers)."""
    row = store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
    return round((row[0] if row and row[0] else 0) / 2**20, 1)


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux; children counts the worker processes (workers > 1)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


class RssSampler:
    """Samples RSS (this process, and with its workers) every 0.1 s; ``take`` gives the peaks since the last take."""

    def __init__(self, proc: psutil.Process) -> None:
        self.proc = proc
        self.main_peak = self.total_peak = 0
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.done.wait(0.1):
            self._sample()

    def _sample(self) -> None:
        try:
            main = self.proc.memory_info().rss
            kids = sum(c.memory_info().rss for c in self.proc.children())
        except psutil.Error:  # a worker exiting between listing and reading
            return
        with self.lock:
            self.main_peak = max(self.main_peak, main)
            self.total_peak = max(self.total_peak, main + kids)

    def take(self) -> tuple[float, float]:
        self._sample()  # an interval shorter than the sampling period still has a value
        with self.lock:
            peaks = (round(self.main_peak / 2**20, 1), round(self.total_peak / 2**20, 1))
            self.main_peak = self.total_peak = 0
        return peaks

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


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
    ap.add_argument("--trace", action="store_true", help="also report Python heap (tracemalloc; slower)")
    ap.add_argument("--db", type=Path, help="keep the database at this path (default: a temporary file, deleted)")
    args = ap.parse_args(argv)
    set_thread_env()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(",") if int(c) <= args.n)
    proc = psutil.Process()
    if args.trace:
        tracemalloc.start()
    with tempfile.TemporaryDirectory(prefix="ew-bench-") as tmp:
        root = Path(tmp)
        paths = generate(root, args.n)
        pipe = Pipeline()
        replay: BatchProcessor | None = None
        if args.replay:
            replay = ReplayProcessor(tuple(sample_templates(pipe, sample_docs())))
        elif args.workers <= 1:
            pipe.process_text("Warm-up: Poland closed the border crossing on Tuesday.")  # load the model first
        rows: list[dict[str, Any]] = []
        done = 0
        sampler = RssSampler(proc)
        cpu0 = cpu_seconds()
        main_cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
        start = last_t = time.perf_counter()
        last_n = 0
        db_path = args.db or root / "bench.duckdb"
        if db_path.exists():
            raise SystemExit(f"{db_path} exists: the benchmark ingests into a new database")
        store = open_store(db_path)
        first_snapshot: list[tracemalloc.Snapshot] = []

        def tick(_: object) -> None:
            nonlocal done, last_t, last_n
            done += 1
            if done in checkpoints:
                now = time.perf_counter()
                main_peak, total_peak = sampler.take()
                row: dict[str, Any] = {
                    "articles": done,
                    "seconds": round(now - start, 1),
                    "articles_per_s": round(done / (now - start), 2),
                    "interval_articles_per_s": round((done - last_n) / (now - last_t), 2),
                    # CPU seconds of this process and its workers: throughput independent of machine load
                    "cpu_s": round(cpu_seconds(), 1),
                    "articles_per_cpu_s": round(done / max(cpu_seconds() - cpu0, 1e-9), 2),
                    # this process alone (reading, the result path, the store)
                    "main_cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]) - main_cpu0, 1),
                    "rss_mb": round(proc.memory_info().rss / 2**20, 1),
                    # worker processes (workers > 1): their current RSS, summed
                    "workers_rss_mb": round(sum(c.memory_info().rss for c in proc.children()) / 2**20, 1),
                    # highest RSS sampled (every 0.1 s) since the previous checkpoint: flat if memory is
                    "interval_peak_rss_mb": main_peak,
                    "interval_peak_total_rss_mb": total_peak,
                    "peak_rss_mb": round(peak_rss_mb(), 1),
                    "duckdb_mb": duckdb_mb(store),
                    **malloc_mb(),
                }
                if args.trace:
                    row["python_traced_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
                    snap = tracemalloc.take_snapshot()
                    if first_snapshot:  # where Python memory grew since the first checkpoint
                        row["python_growth"] = [
                            f"{d.size_diff / 2**10:+.0f} KiB {d.traceback}"
                            for d in snap.compare_to(first_snapshot[0], "lineno")[:5]
                        ]
                    else:
                        first_snapshot.append(snap)
                rows.append(row)
                last_t, last_n = now, done
                print(json.dumps(row), flush=True)

        try:
            report = ingest(store, paths, pipeline=pipe, processor=replay, workers=args.workers, on_result=tick)
            counts = store.counts()
        finally:
            store.close()
            sampler.stop()
        db_mb = db_path.stat().st_size / 2**20
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
