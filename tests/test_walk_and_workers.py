"""Directory walks read documents only; two worker processes give the same records as one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import Skipped
from eventwire.read import Source, iter_sources

REPORT = "VILNIUS — Lithuanian border guards said on Friday they had turned back 35 migrants.\n"


def test_directory_walk_lists_non_documents_as_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "notes.md").write_text(REPORT.replace("35", "36"), encoding="utf-8")
    (tmp_path / "script.py").write_text("print('hello')\n", encoding="utf-8")
    items = list(iter_sources([str(tmp_path)]))
    read = sorted(Path(i.origin).name for i in items if isinstance(i, Source))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert read == ["a.txt", "notes.md"]
    assert [(Path(s.input).name, s.reason) for s in skipped] == [("script.py", "unsupported_type")]


def test_a_file_named_explicitly_is_read_whatever_its_suffix(tmp_path: Path) -> None:
    f = tmp_path / "report.dat"
    f.write_text(REPORT, encoding="utf-8")
    items = list(iter_sources([str(f)]))
    assert len(items) == 1 and isinstance(items[0], Source)


@pytest.mark.model
def test_two_workers_give_the_same_records_in_the_same_order(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"r{n}.txt").write_text(REPORT.replace("35", str(40 + n)), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(app, ["extract", str(tmp_path), "-q", "--published", "2021-11-19"])
    two = runner.invoke(app, ["extract", str(tmp_path), "-q", "--published", "2021-11-19", "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, (one.output, two.output)
    recs_one = [json.loads(line) for line in one.stdout.splitlines()]
    assert len(recs_one) == 5
    assert recs_one == [json.loads(line) for line in two.stdout.splitlines()]


@pytest.mark.model
def test_workers_do_not_read_the_whole_input_ahead() -> None:
    """Memory stays flat: with 2 workers only a bounded window of batches is read ahead."""
    from itertools import count, islice

    from eventwire import PipelineConfig
    from eventwire.run.local import run_local

    consumed = 0

    def endless() -> Iterator[Source]:
        nonlocal consumed
        for n in count():
            consumed += 1
            yield Source(origin=f"gen:{n}", body=REPORT.replace("35", str(n)))

    first = list(islice(run_local(PipelineConfig(batch_size=4), endless(), workers=2), 3))
    assert len(first) == 3
    assert consumed <= 4 * (2 * 2 + 1), f"{consumed} inputs read ahead for 3 results"
