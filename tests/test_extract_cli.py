"""``eventwire extract``: output formats, stdin, streaming inputs, summary and warnings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import Skipped
from eventwire.read import Source
from eventwire.records import from_json

pytestmark = pytest.mark.model

REPORT = "MOSCOW — Russia accused Poland on Thursday of mistreating migrants at the border, the Kremlin said."


def _invoke(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(app, ["extract", *args], input=input, catch_exceptions=False)


def test_formats(tmp_path: Path) -> None:
    for i in range(2):
        (tmp_path / f"r{i}.txt").write_text(REPORT.replace("Thursday", ["Monday", "Friday"][i]), encoding="utf-8")
    jsonl = _invoke(str(tmp_path))
    assert jsonl.exit_code == 0
    assert len([from_json(ln) for ln in jsonl.stdout.splitlines()]) == 2
    arr = _invoke("-f", "json", str(tmp_path))
    assert [a["input"].endswith(f"r{i}.txt") for i, a in enumerate(json.loads(arr.stdout))] == [True, True]
    pretty = _invoke("-f", "pretty", str(tmp_path / "r0.txt"))
    assert pretty.stdout.startswith("{\n  ")


def test_stdin_text_and_jsonl() -> None:
    res = _invoke("-", "--published", "2021-11-18", input=REPORT)
    (a,) = [from_json(ln) for ln in res.stdout.splitlines()]
    assert a.input == "-" and a.published == "2021-11-18" and a.published_evidence == "cli"
    lines = json.dumps({"text": REPORT, "url": "https://news.test/2021/11/19/x"}) + "\n{broken\n"
    res = _invoke("-", input=lines)
    assert res.exit_code == 3
    (b,) = [from_json(ln) for ln in res.stdout.splitlines()]
    assert b.input == "-:1" and b.published == "2021-11-19" and b.published_evidence == "url"
    assert "-:2: bad JSON" in res.stderr


def test_quiet_prints_nothing_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    res = _invoke("-q", str(tmp_path))
    assert res.exit_code == 3 and res.stderr == ""


def test_extract_streams_its_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command hands the pipeline a lazy iterator, and records come out before all inputs are read."""
    pulled: list[int] = []
    seen_types: list[type] = []

    def fake_sources(paths: Iterable[str]) -> Iterator[Source | Skipped]:
        for i in range(40):
            pulled.append(i)
            yield Source(origin=f"doc{i}", body=REPORT)

    import eventwire.cli.extract as extract_cli

    real_run = extract_cli.run_local

    def spy_run(work: Any, inputs: Iterable[Source | Skipped], **kw: Any) -> Iterator[Any]:
        seen_types.append(type(inputs))
        for n, result in enumerate(real_run(work, inputs, **kw)):
            if n == 0:
                assert len(pulled) < 40, "every input was read before the first record came out"
            yield result

    monkeypatch.setattr("eventwire.cli.extract.iter_sources", fake_sources)
    monkeypatch.setattr("eventwire.cli.extract.run_local", spy_run)
    res = _invoke("ignored")
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) == 40
    assert seen_types and not issubclass(seen_types[0], (list, tuple))


def test_demo_schema_stages_still_work() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["schema"]).exit_code == 0
    assert "events.rules.v1" in runner.invoke(app, ["stages"]).stdout
    demo = runner.invoke(app, ["demo", "--json", "-q"])
    assert demo.exit_code in (0, 3)
