"""Quality gate: score every dataset in bench/baseline.json and fail when a metric drops below its floor.

    python bench/eval_gate.py --data ../shared/data          # what `make eval` runs

For each dataset named in ``baseline.json`` whose folder exists under ``--data``, run its scorer
(``eventwire.eval``), compare each listed metric **on the check half** with its floor, print a table
(dataset, metric, check, floor, ok, tune, all) and write everything to ``bench/out/eval.json``.
A gated metric whose tune and check values differ by more than ``GAP_POINTS`` points gets a
warning row (a sign of tuning to the tune half, or of a half too small to say much); warnings do
not fail the gate. Datasets whose folder is absent are listed as skipped. Exit status 1 when any
metric is below its floor, is missing from the result, or a scorer crashes; 0 otherwise.

Floors are raised when the code gets better and lowered only with a written reason
(docs/metrics.md). Runs that would take too long on 2 cores use a fixed item limit (``LIMITS``,
documented in docs/metrics.md) so the gate stays within a few minutes.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline.json"
OUT = HERE / "out" / "eval.json"

# Items scored per dataset in the gate (None = all of the dev sample). Keep in step with docs/metrics.md.
LIMITS: dict[str, int | None] = {}

GATED_SPLIT = "check"
"""Floors apply to the check half (docs/metrics.md, "Tune and check")."""
GAP_POINTS = 5.0
"""A tune/check difference above this many points (of a 0-1 metric) is flagged."""


@dataclass(frozen=True)
class Check:
    """One metric of one dataset against its floor: the check-half value gated, tune and all shown."""

    dataset: str
    metric: str
    value: float | None
    """The check-half value (the one gated)."""
    floor: float
    why: str
    tune: float | None = None
    all: float | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None and self.value >= self.floor

    @property
    def gap(self) -> float | None:
        """Tune minus check, in points (None if either is missing)."""
        return None if self.value is None or self.tune is None else round((self.tune - self.value) * 100, 1)

    @property
    def warn(self) -> bool:
        return self.gap is not None and abs(self.gap) > GAP_POINTS


def load_baseline(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """The floors: ``{dataset: {metric: {"floor": x, "why": "..."}}}``."""
    data: dict[str, dict[str, dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    for dataset, metrics in data.items():
        for metric, spec in metrics.items():
            if not isinstance(spec, dict) or not isinstance(spec.get("floor"), int | float):
                raise ValueError(f"{path}: {dataset}.{metric} needs a numeric 'floor'")
    return data


def run_one(name: str, folder: str, limit: int | None) -> dict[str, Any]:
    """Score one dataset (in a worker process); never raises: a crash is returned as ``error``."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from eventwire.eval import evaluate

    started = time.perf_counter()
    try:
        result = evaluate(name, folder, limit=limit).to_dict(GATED_SPLIT)
        return {"result": result, "seconds": round(time.perf_counter() - started, 2), "limit": limit}
    except Exception as e:  # the gate reports a crashing scorer as a failure and goes on
        return {
            "error": f"{type(e).__name__}: {e}",
            "traceback": traceback.format_exc(),
            "seconds": round(time.perf_counter() - started, 2),
            "limit": limit,
        }


def split_metrics(outcome: dict[str, Any], split: str) -> dict[str, float]:
    """The metrics of one split of an outcome (empty for a crash or a missing split)."""
    splits: dict[str, Any] = outcome.get("result", {}).get("splits", {})
    metrics: dict[str, float] = splits.get(split, {}).get("metrics", {})
    return metrics


def checks_for(name: str, floors: dict[str, dict[str, Any]], outcome: dict[str, Any]) -> list[Check]:
    """Compare the check-half metrics of one outcome with its floors (a missing metric or a crash fails)."""
    check, tune, every = (split_metrics(outcome, s) for s in (GATED_SPLIT, "tune", "all"))
    return [
        Check(
            name,
            metric,
            check.get(metric),
            float(spec["floor"]),
            str(spec.get("why", "")),
            tune=tune.get(metric),
            all=every.get(metric),
        )
        for metric, spec in floors.items()
    ]


def _last_seconds(path: Path) -> dict[str, float]:
    """Seconds each dataset took in the previous gate run (empty if there was none)."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        return {name: float(o.get("seconds", 0.0)) for name, o in report.get("outcomes", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def run_gate(data: Path, baseline: dict[str, dict[str, dict[str, Any]]], jobs: int) -> dict[str, Any]:
    """Run the scorers of every dataset present under ``data``; returns the report written to eval.json."""
    present = [name for name in baseline if (data / name).is_dir()]
    skipped = [name for name in baseline if name not in present]
    outcomes: dict[str, dict[str, Any]] = {}
    if jobs <= 1 or len(present) <= 1:
        for name in present:
            outcomes[name] = run_one(name, str(data / name), LIMITS.get(name))
    else:
        # spawn: each scorer gets a fresh interpreter with its own spaCy model and one BLAS thread
        # longest first (by the last run's times), so two workers finish close together
        last = _last_seconds(OUT)
        order = sorted(present, key=lambda n: -last.get(n, 0.0))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn")) as pool:
            futures = {name: pool.submit(run_one, name, str(data / name), LIMITS.get(name)) for name in order}
            outcomes = {name: futures[name].result() for name in present}
    checks = [c for name in present for c in checks_for(name, baseline[name], outcomes[name])]
    failed = sorted({c.dataset for c in checks if not c.ok} | {n for n, o in outcomes.items() if "error" in o})
    return {
        "data": str(data),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "gated_split": GATED_SPLIT,
        "ok": not failed,
        "failed": failed,
        "skipped": skipped,
        "checks": [{**c.__dict__, "ok": c.ok, "gap_points": c.gap, "warn": c.warn} for c in checks],
        "warnings": [
            f"{c.dataset}.{c.metric}: tune {c.tune:.3f} vs check {c.value:.3f}, gap {c.gap:+.1f} points > {GAP_POINTS:g}"
            for c in checks
            if c.warn and c.tune is not None and c.value is not None
        ],
        "outcomes": outcomes,
    }


def _value(outcome: dict[str, Any], value: float | None) -> str:
    return "crash" if "error" in outcome else ("missing" if value is None else f"{value:.3f}")


def _n(outcome: dict[str, Any], split: str) -> str:
    return str(outcome.get("result", {}).get("splits", {}).get(split, {}).get("n", ""))


COLUMNS = ("dataset", "metric", "check", "floor", "ok", "tune", "all", "n check/tune", "limit", "seconds")


def table_rows(report: dict[str, Any]) -> list[tuple[str, ...]]:
    """The gate table: one row per check, and a warning row under each check with a tune/check gap."""
    rows: list[tuple[str, ...]] = []
    for c in report["checks"]:
        outcome = report["outcomes"][c["dataset"]]
        rows.append(
            (
                c["dataset"],
                c["metric"],
                _value(outcome, c["value"]),
                f"{c['floor']:.3f}",
                "ok" if c["ok"] else "FAIL",
                _value(outcome, c.get("tune")),
                _value(outcome, c.get("all")),
                f"{_n(outcome, 'check')}/{_n(outcome, 'tune')}",
                "all" if outcome.get("limit") is None else str(outcome["limit"]),
                f"{outcome.get('seconds', 0):.0f}",
            )
        )
        if c.get("warn"):
            gap = f"{c['gap_points']:+.1f} pts"
            rows.append((c["dataset"], f"{c['metric']}: tune-check gap", gap, f"{GAP_POINTS:g} pts", "WARN", *[""] * 5))
    return rows


def print_report(report: dict[str, Any]) -> None:
    """The table (check half gated; tune and all beside it; gap warnings), then crashes and skipped datasets."""
    from rich.console import Console
    from rich.table import Table

    # CI logs are not terminals: give the table room instead of rich's 80-column default
    console = Console() if sys.stdout.isatty() else Console(width=160)
    table = Table(title=f"eval gate on {report['data']} (floors apply to the check half)", title_justify="left")
    for col in COLUMNS:
        table.add_column(col, justify="left" if col in ("dataset", "metric") else "right")
    marks = {"ok": "[green]ok[/green]", "FAIL": "[red]FAIL[/red]", "WARN": "[yellow]WARN[/yellow]"}
    for row in table_rows(report):
        table.add_row(*row[:4], marks[row[4]], *row[5:])
    console.print(table)
    for warning in report.get("warnings", []):
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    for name, outcome in report["outcomes"].items():
        if "error" in outcome:
            console.print(f"[red]{name}: scorer crashed:[/red] {outcome['error']}", highlight=False)
    if report["skipped"]:
        console.print(f"skipped (folder absent under {report['data']}): {', '.join(report['skipped'])}")
    verdict = "[green]PASS[/green]" if report["ok"] else f"[red]FAIL[/red] ({', '.join(report['failed'])})"
    console.print(f"gate: {verdict}")


def markdown_table(report: dict[str, Any]) -> str:
    """The gate table as Markdown (for docs/metrics.md)."""
    right = {"check", "floor", "tune", "all", "n check/tune", "seconds"}
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" if c in right else "---" for c in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(report)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="folder holding one sub-folder per dataset")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="floors (default: bench/baseline.json)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the results (JSON)")
    parser.add_argument("--only", nargs="*", default=None, help="check only these datasets")
    parser.add_argument("--jobs", type=int, default=2, help="scorers run in parallel (processes)")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval gate: data folder not found: {args.data}", file=sys.stderr)
        return 2
    baseline = load_baseline(args.baseline)
    if args.only:
        baseline = {k: v for k, v in baseline.items() if k in set(args.only)}
    started = time.perf_counter()
    report = run_gate(args.data, baseline, args.jobs)
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_report(report)
    if args.markdown:
        print(markdown_table(report))
    print(f"results: {args.out} ({report['seconds']} s)")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
