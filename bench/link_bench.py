"""Linking cost on a generated stream: time per article and memory at 10k and 100k articles.

Records are replayed from the bundled samples (extracted once with the real pipeline) and varied so
the stream looks like news: each article gets a new text (a share of its words replaced from a
seeded vocabulary, so it is an original unless chosen as a copy), new person names from a pool,
a publication date advancing ``--per-day`` articles a day, and every ``--copy-every``-th article is
a copy of a recent one under another first line. Linking runs in batches of ``--batch`` like ingest.

Reported per checkpoint: articles/s, wall and CPU ms/article over the last interval (CPU time is
what to compare on a shared machine), RSS, the linker's open
stories / groups / fingerprints and entities. Extraction with the real pipeline on the samples is
timed in the same run, so the cost of linking is also given as a share of extraction time.

    OMP_NUM_THREADS=1 .venv/bin/python bench/link_bench.py --articles 100000 --json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

import psutil

from eventwire.link import Linker
from eventwire.nlp import set_thread_env
from eventwire.pipeline import Pipeline, article_id
from eventwire.read import Source, iter_sources
from eventwire.records import Actor, Article
from eventwire.samples import sample_paths


def templates() -> tuple[list[Article], float]:
    """The samples through the real pipeline, and extraction seconds per article (median of 3 runs)."""
    sources = [s for s in iter_sources([str(p) for p in sample_paths()]) if isinstance(s, Source)]
    pipe = Pipeline()
    arts = [a for a in pipe.process_batch(sources, "record") if isinstance(a, Article)]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        list(pipe.process_batch(sources, "record"))
        times.append((time.perf_counter() - t) / len(sources))
    return arts, sorted(times)[1]


class Generator:
    """A seeded stream of varied articles."""

    def __init__(self, base: list[Article], per_day: int, copy_every: int, seed: int = 7) -> None:
        self.base = base
        self.per_day = per_day
        self.copy_every = copy_every
        self.rng = random.Random(seed)
        self.vocab = [f"w{i:05d}" for i in range(20000)]
        self.surnames = [f"Surname{i:04d}" for i in range(4000)]
        self.firsts = [f"First{i:03d}" for i in range(300)]
        self.recent: list[Article] = []
        self.start = date(2024, 1, 1)

    def _text(self, text: str) -> str:
        words = text.split()
        for _ in range(max(1, len(words) // 3)):
            words[self.rng.randrange(len(words))] = self.rng.choice(self.vocab)
        return " ".join(words)

    def _actor(self, a: Actor) -> Actor:
        if a.kind == "person" and a.kb_id is None:
            name = f"{self.rng.choice(self.firsts)} {self.rng.choice(self.surnames)}"
            return dataclasses.replace(a, name=name, aliases=[])
        return a

    def article(self, i: int) -> Article:
        published = (self.start + timedelta(days=i // self.per_day)).isoformat()
        if self.copy_every and i % self.copy_every == 0 and self.recent:
            orig = self.rng.choice(self.recent[-50:])
            text = f"Dispatch {i} from our desk. " + orig.text
            return dataclasses.replace(
                orig, id=article_id(text), text=text, published=published, source=f"outlet{i % 40}"
            )
        t = self.base[i % len(self.base)]
        text = self._text(t.text) + f" Dispatch {i}."
        events = [dataclasses.replace(e, date=published if e.date else None) for e in t.events]
        art = dataclasses.replace(
            t,
            id=article_id(text),
            text=text,
            published=published,
            source=f"outlet{i % 40}",
            actors=[self._actor(a) for a in t.actors],
            events=events,
        )
        self.recent.append(art)
        del self.recent[:-100]
        return art


def run(n: int, batch: int, per_day: int, copy_every: int, checkpoints: list[int]) -> dict[str, Any]:
    set_thread_env()
    base, extract_s = templates()
    gen = Generator(base, per_day, copy_every)
    linker = Linker()
    proc = psutil.Process()
    rows: list[dict[str, Any]] = []
    done, interval_t, interval_n, interval_c = 0, 0.0, 0, 0.0
    total_t = total_c = 0.0
    copies = 0
    marks = sorted({*checkpoints, n})
    while done < n:
        size = min(batch, n - done)
        arts = [gen.article(done + k) for k in range(size)]
        t, c = time.perf_counter(), time.process_time()
        changes = linker.link(arts)
        dt = time.perf_counter() - t
        dc = time.process_time() - c
        interval_c += dc
        total_c += dc
        copies += len(changes.copies)
        total_t += dt
        interval_t += dt
        interval_n += size
        done += size
        if marks and done >= marks[0]:
            marks.pop(0)
            snap = linker.snapshot()
            rows.append(
                {
                    "articles": done,
                    "ms_per_article": round(1000 * interval_t / interval_n, 3),
                    "cpu_ms_per_article": round(1000 * interval_c / interval_n, 3),
                    "articles_per_s": round(interval_n / interval_t, 1),
                    "rss_mb": round(proc.memory_info().rss / 2**20, 1),
                    "open_stories": len(snap.stories),
                    "open_groups": len(snap.groups),
                    "fingerprints": len(snap.fingerprints),
                    "entities": len(snap.entities),
                    "copies_so_far": copies,
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
            interval_t, interval_n, interval_c = 0.0, 0, 0.0
    return {
        "articles": n,
        "batch": batch,
        "per_day": per_day,
        "copy_every": copy_every,
        "extract_ms_per_article": round(1000 * extract_s, 2),
        "link_ms_per_article": round(1000 * total_t / n, 3),
        "link_cpu_ms_per_article": round(1000 * total_c / n, 3),
        "link_share_of_extraction": round(total_t / n / extract_s, 4),
        "checkpoints": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--per-day", type=int, default=300)
    ap.add_argument("--copy-every", type=int, default=20)
    ap.add_argument("--checkpoint", type=int, action="append", default=[])
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    checkpoints = a.checkpoint or [m for m in (1000, 5000, 10000, 20000, 50000, 100000) if m <= a.articles]
    out = run(a.articles, a.batch, a.per_day, a.copy_every, checkpoints)
    if a.json:
        print(json.dumps(out, indent=1))
    else:
        print(f"extraction {out['extract_ms_per_article']} ms/article; linking {out['link_ms_per_article']} ms/article")
        for r in out["checkpoints"]:
            print(r)


if __name__ == "__main__":
    main()
