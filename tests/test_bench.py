"""bench/speed.py and bench/ingest_bench.py: corpus building and the output shape (speed itself is
never asserted). The benchmarks are tools outside the package, run as scripts."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from eventwire.read import iter_sources

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load_speed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eventwire_bench_speed", BENCH / "speed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


speed = _load_speed()
MODES, _vary, build_corpus, write_corpus = speed.MODES, speed._vary, speed.build_corpus, speed.write_corpus

TEXTS = [
    "HARBOURTOWN — Dock workers went on strike on Tuesday over unpaid wages, the union said.",
    "The mayor of Hillcrest met farmers on Monday and promised aid after the floods.",
    "Border police in Eastland detained 14 people who tried to cross the river at night.",
]


def test_build_corpus_repeats_samples_to_size() -> None:
    docs = build_corpus(25)
    assert len(docs) == 25
    assert len({d.body for d in docs}) > 6  # copies are varied, not all identical


def test_vary_rotates_body_paragraphs_only() -> None:
    body = "\n\n".join(["chrome", "title", "lede", "p1", "p2", "p3"])
    assert _vary(body, 0) == body
    varied = _vary(body, 1).split("\n\n")
    assert varied[:3] == ["chrome", "title", "lede"] and sorted(varied[3:]) == ["p1", "p2", "p3"] and varied[3] == "p2"


def test_write_corpus_round_trips(tmp_path: Path) -> None:
    docs = build_corpus(8)
    paths = write_corpus(docs, tmp_path)
    back = list(iter_sources(paths))
    assert len(back) == 8 and [s.body for s in back] == [d.body for d in docs]  # type: ignore[union-attr]


COPIES = 10
FLAGS = ("--json", "-q", "--stages")


@pytest.mark.model
@pytest.mark.slow
def test_bench_json_shape_on_thirty_texts(tmp_path: Path, pipeline: object) -> None:
    # Ten copies of each text: enough work that CPU time (10 ms ticks) never reads zero under load.
    for i in range(COPIES):
        for j, t in enumerate(TEXTS):
            (tmp_path / f"{i:02d}-{j}.txt").write_text(t, encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(BENCH / "speed.py"), "--input", str(tmp_path), "--repeat", "1", "--workers", "1", *FLAGS],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    data = json.loads(res.stdout)
    assert data["articles"] == 3 * COPIES and data["words"] == COPIES * sum(len(t.split()) for t in TEXTS)
    rows = data["measurements"]
    assert [r["mode"] for r in rows] == list(MODES) and all(r["workers"] == 1 for r in rows)
    assert rows[0]["ratio"] == 1.0 and rows[0]["cpu_ratio"] == 1.0
    for r in rows:
        assert (
            len(r["runs"]) == len(r["cpu_runs"]) == 1
            and r["cpu_seconds"] > 0
            and r["articles_per_s"] > 0
            and r["words_per_s"] > 0
            and r["peak_rss_mb"] > 0
        )
    assert data["machine"]["cores"] >= 1 and data["target_ratio"] == 1.3
    steps = data["stage_seconds"]
    assert {"read", "clean", "parse", "actors.rules.v1", "events.rules.v1"} <= set(steps)
    assert steps["parse"] > 0 and all(v >= 0 for v in steps.values())


def test_bench_rejects_an_empty_input(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, str(BENCH / "speed.py"), "--input", str(tmp_path), "-q"], capture_output=True, text=True
    )
    assert res.returncode == 1 and "EW101" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.model
@pytest.mark.slow
def test_ingest_benchmark_reports_memory_at_each_checkpoint(tmp_path: Path) -> None:
    # the store-only replay through two worker processes: the same result path as a real ingest
    out = tmp_path / "ingest.json"
    script = BENCH / "ingest_bench.py"
    args = ["--replay", "--workers", "2", "--n", "60", "--checkpoints", "30,60", "--json", str(out)]
    res = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["stored"] == 60 and result["rows"]["articles"] == 60
    assert [c["articles"] for c in result["checkpoints"]] == [30, 60]
    for c in result["checkpoints"]:
        assert c["interval_peak_rss_mb"] >= 0.9 * c["rss_mb"] > 0
        assert c["duckdb_mb"] >= 0 and c["articles_per_cpu_s"] > 0
