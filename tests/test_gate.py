"""bench/eval_gate.py: floors, skipped folders, crashes, missing metrics and the results file."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

GATE = Path(__file__).resolve().parent.parent / "bench" / "eval_gate.py"


@pytest.fixture(scope="module")
def gate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_gate", GATE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_gate"] = module
    spec.loader.exec_module(module)
    return module


def _result(check: dict[str, float], tune: dict[str, float] | None = None, n: int = 3) -> dict[str, Any]:
    """A fake scorer outcome in the gate's shape: the check half gated, tune (and all) beside it."""
    tune = check if tune is None else tune
    splits = {
        "tune": {"metrics": tune, "n": n, "unscored": 0},
        "check": {"metrics": check, "n": n, "unscored": 0},
        "all": {"metrics": check, "n": 2 * n, "unscored": 0},
    }
    return {"result": {"metrics": check, "n": n, "unscored": 0, "splits": splits}, "seconds": 0.1, "limit": None}


def _fake_outcomes(outcomes: dict[str, dict[str, Any]]) -> Any:
    def run_one(name: str, folder: str, limit: int | None) -> dict[str, Any]:
        return outcomes[name]

    return run_one


def test_checked_in_baseline_is_well_formed(gate: ModuleType) -> None:
    baseline = gate.load_baseline(gate.BASELINE)
    for dataset, metrics in baseline.items():
        for metric, spec in metrics.items():
            assert 0.0 <= spec["floor"] <= 1.0, (dataset, metric)
            assert spec.get("why"), f"{dataset}.{metric} floor needs a reason"


def test_pass_fail_skip_and_crash(gate: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("good", "bad", "broken"):
        (tmp_path / name).mkdir()
    baseline = {
        "good": {"f1": {"floor": 0.5, "why": "x"}},
        "bad": {"f1": {"floor": 0.5, "why": "x"}, "recall": {"floor": 0.1, "why": "x"}},
        "broken": {"f1": {"floor": 0.5, "why": "x"}},
        "absent": {"f1": {"floor": 0.5, "why": "x"}},
    }
    monkeypatch.setattr(
        gate,
        "run_one",
        _fake_outcomes(
            {
                "good": _result({"f1": 0.7}),
                "bad": _result({"f1": 0.4}, tune={"f1": 0.9}),
                "broken": {"error": "ZeroDivisionError: boom", "seconds": 0.1, "limit": None},
            }
        ),
    )
    report = gate.run_gate(tmp_path, baseline, jobs=1)
    assert report["skipped"] == ["absent"]
    assert report["failed"] == ["bad", "broken"] and report["ok"] is False
    by_key = {(c["dataset"], c["metric"]): c for c in report["checks"]}
    assert by_key[("good", "f1")]["ok"] and not by_key[("bad", "f1")]["ok"]
    assert by_key[("bad", "recall")]["value"] is None and not by_key[("bad", "recall")]["ok"]  # missing metric fails


def test_gate_reads_the_check_half_and_flags_a_tune_check_gap(
    gate: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "set").mkdir()
    baseline = {"set": {"f1": {"floor": 0.5, "why": "x"}, "recall": {"floor": 0.5, "why": "x"}}}
    # tune passes, check fails: the gate fails (it reads check); recall's halves agree within 5 points
    outcome = _result({"f1": 0.45, "recall": 0.60}, tune={"f1": 0.95, "recall": 0.64})
    monkeypatch.setattr(gate, "run_one", _fake_outcomes({"set": outcome}))
    report = gate.run_gate(tmp_path, baseline, jobs=1)
    f1, recall = report["checks"]
    assert (f1["value"], f1["tune"], f1["all"], f1["ok"]) == (0.45, 0.95, 0.45, False)
    assert f1["warn"] and f1["gap_points"] == 50.0
    assert recall["ok"] and not recall["warn"] and recall["gap_points"] == 4.0
    assert report["warnings"] == ["set.f1: tune 0.950 vs check 0.450, gap +50.0 points > 5"]
    rows = gate.table_rows(report)
    assert [r[4] for r in rows] == ["FAIL", "WARN", "ok"]  # the warning row sits under its metric
    assert "| set | f1: tune-check gap | +50.0 pts | 5 pts | WARN |" in gate.markdown_table(report)


def test_main_writes_results_and_exit_code(
    gate: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data" / "good").mkdir(parents=True)
    base = tmp_path / "baseline.json"
    base.write_text(
        json.dumps({"good": {"f1": {"floor": 0.5, "why": "x"}}, "gone": {"f1": {"floor": 0.1, "why": "y"}}})
    )
    out = tmp_path / "out" / "eval.json"
    ok = _result({"f1": 0.9}, n=1)
    monkeypatch.setattr(gate, "run_one", _fake_outcomes({"good": ok}))
    assert gate.main(["--data", str(tmp_path / "data"), "--baseline", str(base), "--out", str(out), "--jobs", "1"]) == 0
    written = json.loads(out.read_text())
    assert written["ok"] and written["skipped"] == ["gone"]
    text = capsys.readouterr().out
    assert "good" in text and "0.900" in text and "skipped" in text and "gone" in text
    assert "| good | f1 | 0.900 | 0.500 | ok | 0.900 | 0.900 | 1/1 |" in gate.markdown_table(written)
    low = _result({"f1": 0.2}, n=1)
    monkeypatch.setattr(gate, "run_one", _fake_outcomes({"good": low}))
    assert gate.main(["--data", str(tmp_path / "data"), "--baseline", str(base), "--out", str(out), "--jobs", "1"]) == 1


def test_run_one_reports_a_crash_instead_of_raising(gate: ModuleType, tmp_path: Path) -> None:
    outcome = gate.run_one("no_such_dataset", str(tmp_path), None)
    assert "EW401" in outcome["error"]


def test_missing_data_folder_exits_2(gate: ModuleType, tmp_path: Path) -> None:
    assert gate.main(["--data", str(tmp_path / "nope")]) == 2
