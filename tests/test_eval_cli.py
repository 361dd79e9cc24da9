"""``eventwire eval``: dataset names, clear errors, table and JSON output (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.cli.evaluate import render_result
from eventwire.errors import EvalError
from eventwire.eval import SCORERS, EvalResult
from eventwire.eval.progress import reporting, tracked
from eventwire.eval.run import run_dataset, scorer_available

runner = CliRunner()


def _ecb_folder(root: Path) -> Path:
    """An invented ECB+-shaped folder: file names only matter to the scorer."""
    folder = root / "ecbplus"
    for name in ("1/1_1ecb.xml", "1/1_2ecb.xml", "1/1_1ecbplus.xml", "2/2_1ecb.xml"):
        p = folder / "ECB+" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("<Document/>", encoding="utf-8")
    return folder


def test_unknown_dataset_is_ew401() -> None:
    res = runner.invoke(app, ["eval", "no-such-set", "."])
    assert res.exit_code == 1
    assert "EW401" in res.output and "plover_gsr" in res.output
    assert "Traceback" not in res.output


def test_missing_folder_is_ew402(tmp_path: Path) -> None:
    res = runner.invoke(app, ["eval", "case2021-task2", str(tmp_path / "absent")])
    assert res.exit_code == 1
    assert "EW402" in res.output


def test_missing_scorer_module_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCORERS, "future_set", "eventwire.eval.not_written_yet")
    assert not scorer_available("future-set")
    with pytest.raises(EvalError) as err:
        run_dataset("future-set", tmp_path)
    assert err.value.code == "EW403"
    res = runner.invoke(app, ["eval", "future-set", str(tmp_path)])
    assert res.exit_code == 1 and "EW403" in res.output and "Traceback" not in res.output


def test_dash_and_underscore_names_agree(tmp_path: Path) -> None:
    folder = _ecb_folder(tmp_path)
    a = runner.invoke(app, ["eval", "ecbplus", str(folder), "--json", "--quiet"])
    b = runner.invoke(app, ["eval", "ECBPLUS", str(folder), "--json", "--quiet"])
    assert a.exit_code == 0 and a.output == b.output


def test_ecbplus_without_token_xml_scores_nothing_and_says_so(tmp_path: Path) -> None:
    res = runner.invoke(app, ["eval", "ecbplus", str(_ecb_folder(tmp_path)), "--json", "--quiet"])
    data = json.loads(res.output)
    assert data["dataset"] == "ecbplus" and data["n"] == 0
    assert data["unscored"] == 4
    assert any("no readable ECB+ documents" in n for n in data["notes"])
    limited = json.loads(
        runner.invoke(app, ["eval", "ecbplus", str(_ecb_folder(tmp_path)), "--json", "--limit", "2"]).output
    )
    assert limited["unscored"] == 2


def test_render_result_shows_classes_baselines_and_notes() -> None:
    result = EvalResult(
        dataset="toy",
        n=10,
        metrics={"accuracy": 0.5, "macro_f1": 0.25},
        per_class={"PROTEST": {"precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 4}},
        unscored=3,
        notes=["a note"],
        baselines={"majority": {"accuracy": 0.4}},
    )
    console = Console(width=200, record=True)
    render_result(result, console)
    out = console.export_text()
    assert "PROTEST" in out and "0.667" in out and "majority" in out and "0.400" in out
    assert "could not score: 3" in out and "note: a note" in out


def test_progress_hook_sees_every_item() -> None:
    seen: list[tuple[int, int | None]] = []
    with reporting(lambda done, total: seen.append((done, total))):
        assert list(tracked("abc", 3)) == ["a", "b", "c"]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert list(tracked([1], 1)) == [1]  # no hook outside the block


def test_counts_print_as_integers() -> None:
    from eventwire.cli.evaluate import _fmt

    assert _fmt("dead_n", 3.0) == "3" and _fmt("support", 12.0) == "12"
    assert _fmt("f1", 0.5) == "0.500" and _fmt("dead_mae", 0.0) == "0.000"
