"""Store read-side benchmark: wall time of the analyst's queries and of full exports on one database.

Build the database once with the ingest benchmark (records replayed through the store)::

    OMP_NUM_THREADS=1 .venv/bin/python bench/ingest_bench.py --replay --n 100000 --db bench/out/100k.duckdb
    .venv/bin/python bench/store_bench.py --db bench/out/100k.duckdb --json bench/out/store_bench.json

Each query runs once to warm up, then ``--repeat`` times; the median wall time is reported for
three ways of reading it:

* ``page``: the first 50 rows (``--limit 50``, what a terminal or a web page shows);
* ``rows``: every matching row fetched as Python tuples (what ``eventwire query`` does);
* ``df``: every matching row as a pandas DataFrame (``eventwire.open(db).events(...)``).

``--exports`` also times ``eventwire export`` for jsonl, csv and parquet in a child process and
samples its RSS every 0.05 s (peak reported): memory should not grow with the database.

The script uses only calls that older eventwire versions have too (``open_store``,
``run_query`` and the DataFrame methods), so the same file measures a baseline: run it with an
older checkout first on the path (``PYTHONPATH=old/src``) against a copy of the database that
version wrote. docs/store.md, "Query speed", has the numbers and the exact commands.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

import eventwire
from eventwire.store import Filters, open_store, run_query

QUERIES: list[tuple[str, dict[str, str]]] = [
    ("events", {"country": "POL"}),
    ("events", {"type": "COERCE"}),
    ("events", {"since": "2021-11-15", "until": "2021-11-17"}),
    ("events", {"text": "border"}),
    ("events", {"actor": "lukashenko"}),
    ("events", {"country": "BLR", "type": "ASSAULT,COERCE", "since": "2021-11-01"}),
    ("actors", {"country": "POL"}),
    ("quotes", {"actor": "lukashenko"}),
    ("figures", {"type": "killed,injured,moved"}),
    ("places", {"text": "kuznica"}),
    ("articles", {"since": "2021-11-16", "until": "2021-11-16"}),
]
PAGE = 50


WARMUP = 1


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds (this process, all DuckDB threads) of ``repeat`` runs after
    ``WARMUP`` warm-up runs, and the last result. CPU time reads the same on a busy machine."""
    result = None
    for _ in range(WARMUP):
        result = fn()
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), result


def label(what: str, filters: dict[str, str]) -> str:
    return f"query {what} " + " ".join(f"--{k} {v}" for k, v in filters.items())


def bench_queries(db: Path, repeat: int) -> list[dict[str, Any]]:
    out = []
    with open_store(db, read_only=True) as store:
        for what, filters in QUERIES:

            def page_rows(what: str = what, filters: dict[str, str] = filters) -> list[Any]:
                return run_query(store.con, what, Filters(**filters, limit=PAGE)).fetchall()

            def all_rows(what: str = what, filters: dict[str, str] = filters) -> list[Any]:
                return run_query(store.con, what, Filters(**filters)).fetchall()

            def frame(what: str = what, filters: dict[str, str] = filters) -> Any:
                return store.query(what, **filters)

            page_s, page_cpu, page = timed(page_rows, repeat)
            rows_s, rows_cpu, rows = timed(all_rows, repeat)
            df_s, df_cpu, df = timed(frame, repeat)
            row = {
                "query": label(what, filters),
                "matching_rows": len(rows),
                "page_rows": len(page),
                "page_s": round(page_s, 4),
                "rows_s": round(rows_s, 4),
                "df_s": round(df_s, 4),
                "page_cpu_s": round(page_cpu, 4),
                "rows_cpu_s": round(rows_cpu, 4),
                "df_cpu_s": round(df_cpu, 4),
            }
            assert len(df) == len(rows)
            print(json.dumps(row), flush=True)
            out.append(row)
    return out


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_sampled(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB, sampled every 0.05 s) of a child process."""
    c0 = children_cpu()
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, proc.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        lines = [line for line in err.splitlines() if "rror" in line] or [
            line for line in err.splitlines() if line.strip()
        ]
        # the command's last error line (an older version may fail with a traceback): reported, not fatal
        raise CommandFailed(lines[-1] if lines else f"exit code {proc.returncode}")
    return wall, children_cpu() - c0, peak / 2**20


class CommandFailed(Exception):
    pass


def bench_cli(db: Path, formats: list[str]) -> list[dict[str, Any]]:
    exe = str(Path(sys.executable).with_name("eventwire"))
    runs: list[tuple[str, list[str], Path | None]] = [
        (
            f"eventwire query events --country POL --limit {PAGE} -f jsonl",
            [exe, "query", "events", "--country", "POL", "--limit", str(PAGE), "-f", "jsonl", "--db", str(db)],
            None,
        )
    ]
    out = []
    with tempfile.TemporaryDirectory(prefix="ew-store-bench-") as tmp:
        for fmt in formats:
            target = Path(tmp) / ("tables" if fmt == "parquet" else f"out.{fmt}")
            runs.append(
                (
                    f"eventwire export --format {fmt}",
                    [exe, "export", str(target), "--format", fmt, "--db", str(db), "-q"],
                    target,
                )
            )
        for name, cmd, target in runs:
            row: dict[str, Any] = {"command": name}
            try:
                wall, cpu, rss = run_sampled(cmd)
                row |= {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(rss, 1)}
            except CommandFailed as e:
                row["failed"] = str(e)
            if target is not None and target.exists():
                files = list(target.rglob("*")) if target.is_dir() else [target]
                row["out_mb"] = round(sum(p.stat().st_size for p in files if p.is_file()) / 2**20, 1)
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            print(json.dumps(row), flush=True)
            out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--db", type=Path, required=True, help="database to query (opened read-only)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per query (after one warm-up)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per query first (0 for a slow baseline)")
    ap.add_argument("--exports", default="", help="comma-separated export formats to time (e.g. jsonl,csv,parquet)")
    ap.add_argument("--no-queries", action="store_true", help="only the commands (--exports)")
    ap.add_argument("--json", type=Path, help="write the results here as JSON")
    args = ap.parse_args(argv)
    global WARMUP
    WARMUP = args.warmup
    if not args.db.exists():
        raise SystemExit(f"no database at {args.db}: build one with bench/ingest_bench.py --replay --db")
    t0 = time.perf_counter()
    with open_store(args.db, read_only=True) as store:  # a database from an older version is migrated here
        counts = store.counts()
        version = store.version
    opened = time.perf_counter() - t0
    print(
        json.dumps(
            {"eventwire": eventwire.__file__, "schema_migration": version, "open_s": round(opened, 2), "rows": counts}
        ),
        flush=True,
    )
    result: dict[str, Any] = {
        "db": str(args.db),
        "eventwire": eventwire.__file__,
        "schema_migration": version,
        "open_s": round(opened, 2),
        "rows": counts,
        "queries": [] if args.no_queries else bench_queries(args.db, args.repeat),
    }
    formats = [f for f in args.exports.split(",") if f]
    if formats:
        result["cli"] = bench_cli(args.db, formats)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
