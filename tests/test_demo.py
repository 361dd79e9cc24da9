"""``eventwire demo`` end to end, in-process: every bundled sample report gives a record that obeys the
contract, and the summary shows what the stages found.

The assertions are about presence, not counts: they fail when a stage stops producing (no events,
no resolved countries, no coordinates...) but not when tuning moves a number.

The summary must read the same at any terminal width: ``eventwire demo`` runs at whatever width the
terminal (or ``COLUMNS``) gives the process, and the same records are also rendered at 40, 80, 120
and 200 columns (narrow terminals get one block per row instead of a squeezed table).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from eventwire.cli import app
from eventwire.cli.summary import print_summary
from eventwire.records import Article, from_json
from eventwire.samples import sample_paths
from recordcheck import check_record

pytestmark = pytest.mark.model

TABLES = {"events": "Events", "quotes": "Quotes and claims", "quantities": "Figures", "places": "Places"}
RULE = re.compile(r"^─+ .* ─+$")


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(app, ["demo", *args], catch_exceptions=False)


def expected_inputs() -> set[str]:
    """What each bundled sample should give a record for: a file, or each line of a JSONL file."""
    inputs: set[str] = set()
    for path in sample_paths():
        if path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            inputs |= {f"{path}:{n}" for n, line in enumerate(lines, 1) if line.strip()}
        else:
            inputs.add(str(path))
    return inputs


@pytest.fixture(scope="module")
def records(pipeline: Any) -> list[Article]:
    """The records of ``eventwire demo --json`` (``pipeline`` loads the model once for the session)."""
    res = _invoke("--json")
    assert res.exit_code == 0, res.output + res.stderr
    return [from_json(line) for line in res.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def summary(pipeline: Any) -> str:
    """The stdout of plain ``eventwire demo`` (what ``make demo`` shows)."""
    res = _invoke()
    assert res.exit_code == 0, res.output + res.stderr
    return res.stdout


def summary_sections(summary: str) -> Iterator[str]:
    """The summary split at the rule line that opens each article."""
    section: list[str] = []
    for line in summary.splitlines():
        if RULE.match(line) and section:
            yield "\n".join(section)
            section = []
        section.append(line)
    if section:
        yield "\n".join(section)


def test_the_samples_are_bundled() -> None:
    suffixes = {p.suffix for p in sample_paths()}
    assert {".txt", ".html", ".jsonl"} <= suffixes, f"the demo should show every input format, has {suffixes}"


def test_every_sample_gives_a_record(records: list[Article]) -> None:
    got = [r.input for r in records]
    assert len(got) == len(set(got)), f"a sample gave more than one record: {got}"
    assert set(got) == expected_inputs()


def test_records_obey_the_contract(records: list[Article]) -> None:
    for r in records:
        check_record(r)
        assert r.text and r.title, f"{r.input}: no text or title after cleaning"
        assert r.language == "en", f"{r.input}: language {r.language!r}"


def test_every_record_has_actors_and_events(records: list[Article]) -> None:
    for r in records:
        assert r.actors, f"{r.input}: no actors"
        assert r.events, f"{r.input}: no events"


def test_full_reports_have_every_part(records: list[Article]) -> None:
    """The sample files (not the short JSONL briefs) are full reports: each has all four parts."""
    full = [r for r in records if r.input and not r.input.split(":")[-1].isdigit()]
    assert len(full) >= 3
    for r in full:
        for part in TABLES:
            assert getattr(r, part), f"{r.input}: no {part}"


def test_stages_link_and_resolve(records: list[Article]) -> None:
    """Beyond presence: actors resolve to countries, events name who acted, places get coordinates,
    quotes name their speaker, figures say what they count."""
    actors = [a for r in records for a in r.actors]
    assert {"POL", "BLR"} <= {a.country for a in actors}, "the samples are about Poland and Belarus"
    events = [e for r in records for e in r.events]
    assert any(e.source is not None for e in events), "no event has a source actor"
    assert any(e.target is not None for e in events), "no event has a target actor"
    assert any(e.place is not None for e in events), "no event is placed"
    places = [p for r in records for p in r.places]
    assert any(p.lat is not None and p.lon is not None for p in places), "no place has coordinates"
    quotes = [q for r in records for q in r.quotes]
    assert any(q.speaker is not None for q in quotes), "no quote is tied to a speaker actor"
    quantities = [q for r in records for q in r.quantities]
    assert any(q.low is not None for q in quantities), "no figure has a value"
    assert any(q.category != "other" for q in quantities), "no figure is typed"


def check_summary(summary: str, records: list[Article]) -> None:
    """Each article has its own section with its id, a title line per part it has, every event type and
    the first word of every place name (words wrap, but never inside a word of a name)."""
    sections = list(summary_sections(summary))
    assert len(sections) == len(records), f"{len(sections)} articles in the summary, {len(records)} records"
    for section, r in zip(sections, records, strict=True):
        assert f"id {r.id}" in section, f"summary section does not belong to {r.input}"
        for part, title in TABLES.items():
            shown = re.search(rf"^\s*{re.escape(title)}\s*$", section, re.MULTILINE) is not None
            assert shown == bool(getattr(r, part)), f"{r.input}: {title} table shown={shown}, has {part}"
        for e in r.events:
            assert e.type in section, f"{r.input}: event type {e.type} not in the summary"
        for p in r.places:
            assert p.name.split()[0] in section, f"{r.input}: place {p.name} not in the summary"


def test_summary_shows_each_article_and_its_tables(summary: str, records: list[Article]) -> None:
    check_summary(summary, records)


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_summary_reads_the_same_at_any_width(records: list[Article], width: int) -> None:
    console = Console(width=width, record=True, file=io.StringIO())
    for r in records:
        print_summary(r, console)
    check_summary(console.export_text(), records)


def test_summary_shows_all_four_tables(summary: str) -> None:
    for title in TABLES.values():
        assert re.search(rf"^\s*{re.escape(title)}\s*$", summary, re.MULTILINE), f"no {title} table"


def test_sample_paths_exist() -> None:
    assert all(Path(p).is_file() for p in sample_paths())
