"""``eventwire eval``: registered scorers (built-in and outside), clear errors, tune/check/all output.

No model is needed: the scorers run here are the ECB+ one (no predictions) and invented outside ones.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.cli.evaluate import render_result
from eventwire.errors import EvalError, PipelineError
from eventwire.eval import SCORERS, EvalResult, Scorer, evaluate
from eventwire.eval.progress import reporting, tracked
from eventwire.eval.split import half_of
from plugins import write_plugin

runner = CliRunner()

BUILT_IN = {
    "case2021_task2", "conll2003_en", "ecbplus", "geowebnews", "indiapoliceevents", "isaf_press_releases",
    "lgl", "petrarch2_unittest", "plover_gsr", "polnear",
}  # fmt: skip

# An outside package's scorer: its "system" guesses a word's length; gold says how many letters it has.
TOY_SCORER = """
    from eventwire.eval import EvalResult, Scorer
    from eventwire.eval.inputs import field, find_file, json_lines

    def load(path, limit):
        file = find_file(path, "toy_words", ("words.jsonl",))
        items = [(obj["id"], field(obj, "word", str, file, n), obj["letters"]) for n, obj in json_lines(file)]
        return items[:limit] if limit else items

    def predict(items):
        return [len(word) for _id, word, _letters in items]

    def score(items, predicted):
        hits = sum(letters == p for (_id, _word, letters), p in zip(items, predicted))
        return EvalResult(dataset="ignored", n=len(items), metrics={"accuracy": hits / len(items) if items else 0.0})

    SCORER = Scorer(load=load, key=lambda item: item[0], predict=predict, score=score, summary="toy")
"""


def _ecb_folder(root: Path) -> Path:
    """An invented ECB+-shaped folder: file names only matter to the scorer."""
    folder = root / "ecbplus"
    for name in ("1/1_1ecb.xml", "1/1_2ecb.xml", "1/1_1ecbplus.xml", "2/2_1ecb.xml"):
        p = folder / "ECB+" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("<Document/>", encoding="utf-8")
    return folder


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path for invented outside packages; the registries forget them afterwards."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    yield site
    SCORERS.reload()
    for name in [m for m in sys.modules if m.startswith("toy_")]:
        del sys.modules[name]


def test_built_in_scorers_are_registered_through_entry_points() -> None:
    assert set(SCORERS.names()) >= BUILT_IN
    for name in BUILT_IN:
        assert isinstance(SCORERS.get(name), Scorer)
        assert SCORERS.origin(name).startswith("eventwire.eval.") and SCORERS.origin(name).endswith(":SCORER")


def test_outside_scorer_runs_through_eventwire_eval(plugin_site: Path, tmp_path: Path) -> None:
    write_plugin(
        plugin_site,
        "toy_words_pkg",
        {"toy_words": TOY_SCORER},
        {"eventwire.scorers": {"toy_words": "toy_words:SCORER"}},
    )
    SCORERS.reload()
    assert SCORERS.origin("toy_words") == "toy_words:SCORER"
    words = ["border", "guard", "minsk", "warsaw", "crossing", "fence", "camp", "convoy", "statement", "talks"]
    letters = [len(w) if i % 3 else len(w) + 1 for i, w in enumerate(words)]  # every third gold count is off
    data = tmp_path / "toy"
    data.mkdir()
    lines = [
        json.dumps({"id": f"w{i}", "word": w, "letters": n})
        for i, (w, n) in enumerate(zip(words, letters, strict=True))
    ]
    (data / "words.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    res = runner.invoke(app, ["eval", "toy-words", str(data), "--json", "--quiet", "--split", "check"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["dataset"] == "toy_words" and out["split"] == "check"
    assert set(out["splits"]) == {"tune", "check", "all"}
    assert out["splits"]["all"]["n"] == len(words) and out["splits"]["all"]["metrics"]["accuracy"] == pytest.approx(0.6)
    for half in ("tune", "check"):
        members = [i for i in range(len(words)) if half_of("toy_words", f"w{i}") == half]
        expected = sum(letters[i] == len(words[i]) for i in members) / len(members) if members else 0.0
        assert out["splits"][half]["n"] == len(members)
        assert out["splits"][half]["metrics"]["accuracy"] == pytest.approx(expected)
    assert out["metrics"] == out["splits"]["check"]["metrics"]  # the top level is the --split result

    table = runner.invoke(app, ["eval", "toy_words", str(data), "--quiet"])
    assert table.exit_code == 0 and "tune / check / all" in table.output and "accuracy" in table.output


def test_outside_scorer_with_a_bad_line_gets_a_coded_error(plugin_site: Path, tmp_path: Path) -> None:
    write_plugin(
        plugin_site,
        "toy_words_pkg",
        {"toy_words": TOY_SCORER},
        {"eventwire.scorers": {"toy_words": "toy_words:SCORER"}},
    )
    SCORERS.reload()
    (tmp_path / "words.jsonl").write_text('{"id": "w1", "word": "fence", "letters": 5}\n{"id": "w2", "word": 7}\n')
    res = runner.invoke(app, ["eval", "toy_words", str(tmp_path / "words.jsonl"), "--quiet"])
    assert res.exit_code == 1 and "EW404" in res.output and "words.jsonl:2" in res.output
    assert "Traceback" not in res.output


def test_a_broken_or_duplicate_outside_scorer_is_ew206(plugin_site: Path) -> None:
    write_plugin(
        plugin_site,
        "toy_bad_pkg",
        {"toy_bad": "SCORER = 'not a scorer'\n"},
        {"eventwire.scorers": {"toy_bad": "toy_bad:SCORER"}},
    )
    SCORERS.reload()
    with pytest.raises(PipelineError) as err:
        evaluate("toy_bad", plugin_site)
    assert err.value.code == "EW206" and "expected a Scorer" in str(err.value)


def test_unknown_dataset_is_ew401_and_lists_the_registered_ones() -> None:
    res = runner.invoke(app, ["eval", "no-such-set", "."])
    assert res.exit_code == 1
    assert "EW401" in res.output and "plover_gsr" in res.output
    assert "Traceback" not in res.output


def test_missing_folder_is_ew402(tmp_path: Path) -> None:
    res = runner.invoke(app, ["eval", "case2021-task2", str(tmp_path / "absent")])
    assert res.exit_code == 1
    assert "EW402" in res.output


def test_dash_and_underscore_names_agree(tmp_path: Path) -> None:
    folder = _ecb_folder(tmp_path)
    a = runner.invoke(app, ["eval", "ecbplus", str(folder), "--json", "--quiet"])
    b = runner.invoke(app, ["eval", "ECBPLUS", str(folder), "--json", "--quiet"])
    assert a.exit_code == 0 and b.exit_code == 0

    def timeless(output: str) -> object:
        # wall time differs between two runs on a busy machine; everything else must be equal
        data = json.loads(output)
        data.pop("seconds", None)
        return data

    assert timeless(a.output) == timeless(b.output)


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


def test_empty_dataset_folder_is_ew402(tmp_path: Path) -> None:
    (tmp_path / "ECB+").mkdir()
    with pytest.raises(EvalError) as err:
        evaluate("ecbplus", tmp_path)
    assert err.value.code == "EW402" and "no gold items" in str(err.value)


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


def test_cli_output_takes_the_width_of_the_environment_it_runs_in(tmp_path: Path) -> None:
    """The consoles are made at import; a command still lays out for the COLUMNS it runs with."""
    folder = _ecb_folder(tmp_path)
    longest = {}
    for width in (60, 160):
        res = runner.invoke(app, ["eval", "ecbplus", str(folder), "--quiet"], env={"COLUMNS": str(width)})
        assert res.exit_code == 0
        longest[width] = max(len(line) for line in res.output.splitlines())
        assert longest[width] <= width
    assert longest[160] > 60  # the long notes are not folded at 60 columns when there is room
