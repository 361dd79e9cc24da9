"""Spark runner benchmark: ``eventwire spark extract --master local[2]`` against ``eventwire extract
--workers 2`` on the same generated articles, in the same run (both as the user runs them, start-up
included).

Generates N distinct articles (variants of the bundled samples, as ``ingest_bench.py`` makes them)
as JSONL, runs both commands on them one after the other and reports wall time, articles/s, the
ratio, Spark's overhead per article, and the per-core rate the scaling estimate in docs/spark.md
starts from. A small run (``--small``) measures Spark's fixed cost (JVM, session, model load per
Python worker), so the per-core rate is also given without it.

Then the linking step: ``eventwire spark link`` on the Spark output (one task, the linker over the
date-sorted stream; wall time, start-up included, and again on the small output for its fixed cost),
and the same linker in this process over the same records (CPU ms per article: what the one Spark
task spends per article once it runs).

    OMP_NUM_THREADS=1 .venv/bin/python bench/spark_bench.py --n 2000 --json bench/out/spark.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ingest_bench import generate

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))


def timed(cmd: list[str]) -> float:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode()[-3000:]}")
    return seconds


def spark_run(inputs: Path, out: Path, master: str, partitions: int) -> tuple[float, int]:
    cmd = [EVENTWIRE, "spark", "extract", str(inputs), str(out), "--master", master, "--quiet"]
    seconds = timed([*cmd, "--partitions", str(partitions)])
    return seconds, pq.read_table(out / "articles", columns=["id"]).num_rows


def link_in_process(out: Path) -> tuple[float, int]:
    """CPU seconds the local linker takes over the records of ``out/articles`` (and how many)."""
    from eventwire.link import link_articles
    from eventwire.records import from_json

    records = pq.read_table(out / "articles", columns=["record"]).column("record").to_pylist()
    articles: list[Any] = [from_json(r) for r in records]
    started = time.process_time()
    link_articles(articles)
    return time.process_time() - started, len(articles)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--workers", type=int, default=2, help="cores: local workers and local[N] (default 2)")
    ap.add_argument("--partitions", type=int, default=0, help="Spark partitions (default 4 per core)")
    ap.add_argument("--small", type=int, default=20, help="articles of the fixed-cost run (0: skip it)")
    ap.add_argument("--json", type=Path, help="write the results here too")
    args = ap.parse_args()
    cores = args.workers
    master = f"local[{cores}]"
    partitions = args.partitions or 4 * cores

    with tempfile.TemporaryDirectory(prefix="ew-spark-bench-") as tmp:
        root = Path(tmp)
        corpus, small = root / "corpus", root / "small"
        corpus.mkdir()
        small.mkdir()
        generate(corpus, args.n)
        if args.small:
            generate(small, args.small)

        local_s = timed([EVENTWIRE, "extract", str(corpus), "--workers", str(cores), "--quiet"])
        spark_s, articles = spark_run(corpus, root / "out", master, partitions)
        fixed_s = spark_run(small, root / "out-small", master, cores)[0] if args.small else 0.0
        link_cmd = [EVENTWIRE, "spark", "link", "--master", master, "--quiet"]
        link_s = timed([*link_cmd, str(root / "out")])
        link_fixed_s = timed([*link_cmd, str(root / "out-small")]) if args.small else 0.0
        link_cpu_s, linked = link_in_process(root / "out")

    result: dict[str, Any] = {
        "articles": args.n,
        "spark_articles_written": articles,
        "cores": cores,
        "partitions": partitions,
        "local_seconds": round(local_s, 1),
        "spark_seconds": round(spark_s, 1),
        "local_articles_per_s": round(args.n / local_s, 2),
        "spark_articles_per_s": round(args.n / spark_s, 2),
        "spark_over_local_time": round(spark_s / local_s, 2),
        "spark_overhead_ms_per_article": round(1000 * (spark_s - local_s) / args.n, 1),
        "spark_small_run_seconds": round(fixed_s, 1),
        "spark_per_core_articles_per_s": round(args.n / spark_s / cores, 2),
        "spark_per_core_articles_per_s_without_fixed_cost": round(args.n / max(spark_s - fixed_s, 1e-9) / cores, 2)
        if args.small
        else None,
        "spark_link_seconds": round(link_s, 1),
        "spark_link_small_run_seconds": round(link_fixed_s, 1),
        "spark_link_ms_per_article_without_fixed_cost": round(1000 * (link_s - link_fixed_s) / articles, 2)
        if args.small
        else None,
        "local_link_cpu_ms_per_article": round(1000 * link_cpu_s / linked, 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
