"""Latency of ``eventwire serve`` on loopback, and the live ``--watch`` check.

    python bench/web_bench.py --events 100000 --requests 50        # build a replayed store, time endpoints
    python bench/web_bench.py --events 1000000 --keep /work/bench-db/1m.duckdb --requests 0   # build once, keep
    python bench/web_bench.py --db /work/bench-db/1m.duckdb --requests 30 # time a kept store
    python bench/web_bench.py --live 500 --batch 50                 # drop reports while a load loop reads

Latency: the bundled samples are extracted once; their records are replayed with new ids and
dates spread over 90 days (``Store.add``) until the store holds ``--events`` events. Above
``--base`` events (50,000) only that many go through ``Store.add``; the rest are copies made in SQL
(every stored row of every record table again, article ids suffixed ``~k``, the record JSON's id
patched to match), then the summary tables are re-derived: a million events in minutes instead of
the hours a million ``Store.add`` rows would take on this machine. A server on
127.0.0.1 then answers ``--requests`` sequential requests per endpoint (bounded also by
``--seconds`` per endpoint); p50 and p95 are printed. The issue's goal is p95 < 100 ms for
lists, map and timeline with common filters, overview page < 1 s, at 1,000,000 events.

Live: a server watching a folder; reports are dropped in batches while a reader thread loads
``/``, ``/api/events``, ``/api/groups``, ``/api/actors``, ``/api/search`` and ``/api/status`` in a
loop; after each batch the bench waits until the watcher is idle and checks every report so far is
visible. Errors and lock failures are counted; at the end the stories and event groups the
watcher's ingest linked are counted.
Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from eventwire.pipeline import Pipeline
from eventwire.read import iter_sources
from eventwire.records import Article
from eventwire.samples import sample_paths
from eventwire.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from ingest_bench import sample_docs, variant

ENDPOINTS = [
    ("events", "/api/events"),
    ("events country", "/api/events?country=POL"),
    ("events type+dates", "/api/events?type=ASSAULT,COERCE&since=2021-11-10&until=2021-11-30"),
    ("events actor", "/api/events?actor=lukashenko"),
    ("events text", "/api/events?text=border"),
    ("places (map)", "/api/places"),
    ("places country", "/api/places?country=BLR"),
    ("timeline", "/api/timeline"),
    ("timeline country", "/api/timeline?country=POL"),
    ("timeline type+dates", "/api/timeline?type=ASSAULT,COERCE&since=2021-11-10&until=2021-11-30"),
    ("places type+dates", "/api/places?type=ASSAULT,COERCE&since=2021-11-10&until=2021-11-30"),
    ("timeline text", "/api/timeline?text=border"),
    ("overview api", "/api/overview"),
    ("articles", "/api/articles"),
    ("actors", "/api/actors"),
    ("actors country", "/api/actors?country=POL"),
    ("actors kind+country", "/api/actors?type=person&country=BLR"),
    ("actors name", "/api/actors?actor=lukash"),
    ("actors dates (rows)", "/api/actors?since=2021-11-10&until=2021-11-30"),
    ("actor page", "/actor/{top_actor}"),  # the most reported actor's key, asked for first
    ("actors page", "/actors?country=POL"),
    ("quotes", "/api/quotes?country=POL"),
    ("quotes text", "/api/quotes?text=border"),
    ("articles text", "/api/articles?text=kuznica"),
    ("groups", "/api/groups"),
    ("stories", "/api/stories"),
    ("search", "/api/search?q=kuznica"),
    ("search prefix", "/api/search?q=lukash"),
    ("search two words", "/api/search?q=border%20guards"),
    ("search page", "/search?q=Ku%C5%BAnica"),
    ("overview page", "/"),
    ("overview page country", "/?country=BLR"),
]


def templates() -> list[Article]:
    pipe = Pipeline()
    return [a for a in pipe.run(iter_sources([str(p) for p in sample_paths()])) if isinstance(a, Article)]


def build(path: Path, events: int, base_events: int = 50_000) -> dict[str, Any]:
    base = templates()
    per_article = sum(len(a.events) for a in base) / len(base)
    copies = max(1, -(-events // base_events)) if events > base_events else 1
    n_articles = int(min(events, base_events) / per_article) + 1
    start = date(2021, 9, 1)
    t0 = time.perf_counter()
    with open_store(path) as store:
        batch: list[Article] = []
        for i in range(n_articles):
            a = base[i % len(base)]
            day = (start + timedelta(days=i % 90)).isoformat()
            evs = [dataclasses.replace(e, date=day if e.date else None) for e in a.events]
            batch.append(dataclasses.replace(a, id=f"{a.id}{i:08d}", published=day, events=evs))
            if len(batch) == 2000:
                store.add(batch, extractor="web-bench")
                batch.clear()
        if batch:
            store.add(batch, extractor="web-bench")
        if copies > 1:
            replicate(store.con, copies)
        counts = store.counts()
    return {"articles": counts["articles"], "events": counts["events"], "build_s": round(time.perf_counter() - t0, 1)}


def cluster(src: Path, dst: Path) -> dict[str, Any]:
    """Copy the store at ``src`` into a new store at ``dst`` with every record table's rows in date
    order (``date_lo``, then article id and position), the order a news stream arrives in.

    The replayed copies repeat the same 90 days, so in ``src`` every row group holds every day and
    no date filter can skip one; a live ingest writes rows roughly by date, and DuckDB's per-row-group
    min/max of ``date_lo``/``date_hi`` then let a date bound skip most of the file. Both layouts are
    measured (docs/dashboard.md)."""
    from eventwire.store import read_side
    from eventwire.store.tables import quote, record_tables

    t0 = time.perf_counter()
    with open_store(dst) as store:
        con = store.con
        con.execute("SET memory_limit = '4GB'")
        con.execute(f"ATTACH '{src}' AS src (READ_ONLY)")
        weeks = [
            r[0]
            for r in con.execute("SELECT DISTINCT date_trunc('week', date_lo) FROM src.articles ORDER BY 1").fetchall()
        ]
        for t in record_tables():
            cols = ", ".join(quote(c.name) for c in t.columns if not c.generated)
            key = "date_lo, id" if t.record_field is None else "date_lo, article_id, ordinal"
            for week in weeks:  # a week at a time: sorting a whole table with its JSON does not fit in memory
                cond = "date_lo IS NULL" if week is None else f"date_trunc('week', date_lo) = DATE '{week}'"
                con.execute(
                    f"INSERT INTO {quote(t.name)} ({cols}) SELECT {cols} FROM src.{quote(t.name)} WHERE {cond} ORDER BY {key}"
                )
        con.execute("DETACH src")
        con.execute("BEGIN TRANSACTION")
        read_side.rebuild(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        counts = store.counts()
    return {"clustered": str(dst), "events": counts["events"], "s": round(time.perf_counter() - t0, 1)}


def replicate(con: Any, copies: int) -> None:
    """Make the stored articles ``copies`` times as many: copy every row of every record table with
    the article id suffixed ``~k`` (the record JSON's ``id`` patched to match), then re-derive the
    summary tables (they are exact, so they are recomputed rather than copied)."""
    from eventwire.store.tables import quote, record_tables

    # copying whole tables (record JSON included) needs more than the store's 512 MB cap
    con.execute("SET memory_limit = '4GB'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("CREATE TEMP TABLE _ew_base_ids AS SELECT id FROM articles")
    for k in range(1, copies):
        suffix = f"~{k}"
        con.execute("BEGIN TRANSACTION")
        for t in record_tables():
            cols = [c.name for c in t.columns if not c.generated]
            key = "id" if t.record_field is None else "article_id"
            exprs = []
            for c in cols:
                if c == key:
                    exprs.append(f"{quote(c)} || '{suffix}' AS {quote(c)}")
                elif t.record_field is None and c == "record":
                    exprs.append(
                        f"CAST(json_merge_patch(record, json_object('id', id || '{suffix}')) AS VARCHAR) AS record"
                    )
                else:
                    exprs.append(quote(c))
            con.execute(
                f"INSERT INTO {quote(t.name)} BY NAME SELECT {', '.join(exprs)} FROM {quote(t.name)} "
                f"WHERE {quote(key)} IN (SELECT id FROM _ew_base_ids)"
            )
        con.execute("COMMIT")
        print(json.dumps({"copy": k, "of": copies - 1}), file=sys.stderr, flush=True)
    con.execute("DROP TABLE _ew_base_ids")
    try:
        from eventwire.store import read_side
    except ImportError:  # a checkout from before the derived read-side tables (the "before" numbers)
        try:
            from eventwire.store import summaries
        except ImportError:  # before the summary tables too
            return
        summaries.rebuild(con)
        return
    read_side.rebuild(con)


class Server:
    """``create_app`` under uvicorn on a free loopback port, in a thread."""

    def __init__(self, db: Any) -> None:
        import uvicorn

        from eventwire.web import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _get_ok(client: httpx.Client, url: str) -> bool:
    """One request; False on an error status or a broken connection (counted, not fatal)."""
    try:
        return client.get(url).status_code == 200
    except httpx.HTTPError:
        return False


def latency(path: Path, requests: int, seconds: float) -> list[dict[str, Any]]:
    from eventwire.web import Database

    db = Database(path)
    rows = []
    try:
        with Server(db) as base, httpx.Client(base_url=base, timeout=120) as client:
            top = client.get("/api/actors?limit=1").json()["data"]
            top_actor = quote(str(top[0]["key"]), safe="") if top else "none"
            for name, template in ENDPOINTS:
                url = template.replace("{top_actor}", top_actor)
                first = time.perf_counter()
                errors = int(not _get_ok(client, url))
                first_ms = (time.perf_counter() - first) * 1000
                times: list[float] = []
                deadline = time.monotonic() + seconds
                while len(times) < requests and time.monotonic() < deadline:
                    t = time.perf_counter()
                    errors += int(not _get_ok(client, url))
                    times.append((time.perf_counter() - t) * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
                row = {
                    "endpoint": name,
                    "url": url,
                    "n": len(times),
                    "first_ms": round(first_ms, 1),
                    "p50_ms": round(statistics.median(times), 1) if times else None,
                    "p95_ms": round(p95, 1),
                    "errors": errors,
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
    finally:
        db.close()
    return rows


def live(n: int, batch: int, seconds: float) -> dict[str, Any]:
    from eventwire.web import Database

    docs = sample_docs()
    out: dict[str, Any] = {"reports": n, "batch": batch, "reads": 0, "errors": 0, "lock_failures": 0, "batches": []}
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        db = Database(Path(tmp) / "live.duckdb", watch=inbox)
        stop = threading.Event()
        try:
            db.start_watching(interval=0.5)
            with Server(db) as base:

                def reader() -> None:
                    with httpx.Client(base_url=base, timeout=60) as c:
                        while not stop.is_set():
                            for url in (
                                "/",
                                "/api/events?limit=20",
                                "/api/groups",
                                "/api/actors",
                                "/api/search?q=border",
                                "/api/status",
                            ):
                                r = c.get(url)
                                out["reads"] += 1
                                if r.status_code != 200:
                                    out["errors"] += 1
                                    if "EW301" in r.text or "lock" in r.text.lower():
                                        out["lock_failures"] += 1

                t = threading.Thread(target=reader, daemon=True)
                t.start()
                with httpx.Client(base_url=base, timeout=60) as c:
                    for b, first in enumerate(range(0, n, batch)):
                        started = time.perf_counter()
                        docs_b = [variant(docs[i % len(docs)], i) for i in range(first, min(n, first + batch))]
                        part = inbox / f"batch-{b:04d}.jsonl.part"
                        part.write_text("".join(json.dumps(d) + "\n" for d in docs_b), encoding="utf-8")
                        part.rename(inbox / f"batch-{b:04d}.jsonl")
                        # the watcher takes a file once it looked the same on two polls; wait until it
                        # has seen this one (while the first batch loads the model it has seen none, and
                        # "idle" would be true before anything was ingested)
                        seen_by = time.monotonic() + seconds
                        while db.watch is not None and db.watch.files_seen <= b and time.monotonic() < seen_by:
                            time.sleep(0.1)
                        db.wait_idle(seconds)
                        stored = c.get("/api/status").json()["data"]["counts"]["articles"]
                        seen = min(n, first + batch)
                        out["batches"].append(
                            {
                                "batch": b,
                                "expected": seen,
                                "visible": stored,
                                "s": round(time.perf_counter() - started, 1),
                            }
                        )
                        print(json.dumps(out["batches"][-1]), flush=True)
                    db.wait_idle(seconds * 10)  # then everything dropped must be visible
                    final = c.get("/api/status").json()["data"]["counts"]
                    out["final_visible"] = final["articles"]
                    # linking runs inside the watcher's ingest: the reports' stories and event groups
                    out["stories"], out["event_groups"] = final["stories"], final["event_groups"]
                stop.set()
                t.join(60)
        finally:
            stop.set()
            db.close()
    out["visible_after_each_batch"] = all(x["visible"] >= x["expected"] for x in out["batches"])
    out["all_visible_at_end"] = out.get("final_visible", 0) >= n
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=0, help="build a replayed store with this many events and time it")
    ap.add_argument("--db", help="time an existing database instead of building one")
    ap.add_argument("--keep", help="build the store at this path (and keep it) instead of a temporary one")
    ap.add_argument("--cluster", help="copy --db into this new path with rows in date order, then time that")
    ap.add_argument("--base", type=int, default=50_000, help="events written through Store.add before copying")
    ap.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    ap.add_argument("--seconds", type=float, default=60.0, help="time limit per endpoint (and per live batch)")
    ap.add_argument("--live", type=int, default=0, help="reports to drop into a watched folder")
    ap.add_argument("--batch", type=int, default=50, help="reports per dropped file (live)")
    opts = ap.parse_args()
    result: dict[str, Any] = {}
    if opts.events or opts.db:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(opts.db or opts.keep or Path(tmp) / "bench.duckdb")
            if opts.cluster:
                result["store"] = cluster(path, Path(opts.cluster))
                print(json.dumps(result["store"]), flush=True)
                path = Path(opts.cluster)
            elif not opts.db:
                path.parent.mkdir(parents=True, exist_ok=True)
                result["store"] = build(path, opts.events, opts.base)
                print(json.dumps(result["store"]), flush=True)
            if opts.requests:
                result["latency"] = latency(path, opts.requests, opts.seconds)
    if opts.live:
        result["live"] = live(opts.live, opts.batch, opts.seconds)
    print(json.dumps({k: v for k, v in result.items() if k != "latency"}, indent=1))


if __name__ == "__main__":
    main()
