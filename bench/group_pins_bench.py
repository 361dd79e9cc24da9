"""How fast the map of event groups is (docs/dashboard.md, "The map of event groups").

Builds the linked store of invented crises the web tests use (tests/web_crisis.py), then copies its
event groups in SQL (new ids, sites scattered over a 20-degree box around each original) until the
store holds ``--groups`` groups, and times, in the same run:

- ``scan``: ``SELECT count(*) FROM event_groups`` (the floor: one pass over the table),
- ``pins``: :func:`eventwire.store.web_queries.group_pins` without filters, with ``type`` and dates,
  with ``country``, with ``story``; ``group timeline``: :func:`~eventwire.store.web_queries.group_timeline`,
- ``/`` (groups layer) and ``/?map=sites`` (event-site layer) rendered in-process.

p50/p95 in ms over ``--repeat`` runs after one warm-up; ratios against ``scan``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--groups", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    opts = ap.parse_args()

    import duckdb
    from fastapi.testclient import TestClient

    from eventwire.store import web_queries as wq
    from eventwire.web import Database, create_app
    from web_crisis import build_store  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as tmp:
        path = build_store(Path(tmp))
        con = duckdb.connect(str(path))
        base = con.execute("SELECT count(*) FROM event_groups").fetchall()[0][0]
        copies = max(0, opts.groups // base - 1)
        con.execute(
            """INSERT INTO event_groups SELECT g.* REPLACE (
                 g.id || '~' || r.range AS id,
                 g.lat + (hash(g.id, r.range) % 2000) / 100.0 - 10 AS lat,
                 g.lon + (hash(r.range, g.id) % 2000) / 100.0 - 10 AS lon,
                 g.seq + r.range * 1000 AS seq)
               FROM event_groups g, range(1, ? + 1) r""",
            [copies],
        )
        n = con.execute("SELECT count(*) FROM event_groups").fetchall()[0][0]
        story = con.execute("SELECT story_id FROM event_groups WHERE place = 'Tolvik' LIMIT 1").fetchall()[0][0]
        con.close()

        db = Database(path)
        client = TestClient(create_app(db))
        cases: list[tuple[str, Callable[[], object]]] = []

        def pins(**kw: object) -> Callable[[], object]:
            def run() -> object:
                with db.read() as cur:
                    return wq.group_pins(cur, wq.WebFilters(**kw))  # type: ignore[arg-type]

            return run

        def timeline() -> object:
            with db.read() as cur:
                return wq.group_timeline(cur, wq.WebFilters())

        def scan() -> object:
            with db.read() as cur:
                return cur.execute("SELECT count(*) FROM event_groups").fetchall()

        cases = [
            ("scan", scan),
            ("pins", pins()),
            ("pins type+dates", pins(type=("ASSAULT",), since="2025-05-01", until="2025-06-30")),
            ("pins country", pins(country=("XMA",))),
            ("pins story", pins(story=story)),
            ("group timeline", timeline),
            ("page / (groups)", lambda: client.get("/")),
            ("page /?map=sites", lambda: client.get("/?map=sites")),
        ]
        results = {name: timed(fn, opts.repeat) for name, fn in cases}
        drawn = len(pins()())  # type: ignore[arg-type]
        db.close()
    floor = results["scan"][0] or 1e-9
    print(f"{n:,} event groups ({drawn} pins drawn, at most {wq.MAX_PINS}), {opts.repeat} runs each")
    for name, (p50, p95) in results.items():
        print(f"{name:18} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  x{p50 / floor:6.1f} scan")


if __name__ == "__main__":
    main()
