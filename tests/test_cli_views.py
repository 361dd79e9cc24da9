"""``eventwire query`` in a terminal (issue 14): readable at 80 columns (cards, evidence wrapped,
outlet / publication date / title shown), a table when wide; figures show value or range."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from eventwire.cli.views import TABLE_MIN_WIDTH, amount, render, where_from

EVIDENCE = (
    "Border guards in Arvenia turned back about 40 people at the Tamsk crossing on Monday, officials said, "
    "after a night of rain that flooded the road to the checkpoint."
)
EVENT: dict[str, Any] = {
    "article_id": "a1", "event_id": "e1", "date": "2024-03-04", "published": "2024-03-05", "type": "COERCE",
    "mode": "restrict", "status": "asserted", "source": "Border guards", "source_country": "ARV", "target": "people",
    "target_country": None, "place": "Tamsk", "place_country": "ARV", "evidence": EVIDENCE,
    "title": "Guards turn back walkers at Tamsk", "outlet": "The Lantern", "url": "https://lantern.example/a1",
}  # fmt: skip
FIGURE: dict[str, Any] = {
    "article_id": "a1", "date": "2024-03-04", "figure": "about 40 people", "value": 40.0, "low": None, "high": None,
    "qualifier": "about", "category": "returned", "event_type": "COERCE", "evidence": EVIDENCE,
    "title": "Guards turn back walkers at Tamsk", "outlet": "The Lantern", "url": None,
}  # fmt: skip


def _show(what: str, rows: list[dict[str, Any]], width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(render(what, rows[0].keys(), rows, width))
    return console.export_text()


def test_figures_show_value_or_range() -> None:
    assert amount(FIGURE) == "about 40"
    assert amount({**FIGURE, "value": None, "low": 40.0, "high": 60.0}) == "40-60"
    assert amount({**FIGURE, "value": 1000.0, "qualifier": "at least"}) == "at least 1,000"
    assert amount({**FIGURE, "value": 3.0, "qualifier": "exact"}) == "3"


def test_where_from_names_outlet_date_and_title() -> None:
    assert where_from(EVENT) == "The Lantern · 2024-03-05 · “Guards turn back walkers at Tamsk”"
    assert where_from({"article_id": "a9"}) == "a9"


def test_80_columns_give_cards_with_the_evidence_wrapped() -> None:
    out = _show("events", [EVENT, EVENT], 80)
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert out.startswith("2 events")
    assert "2024-03-04  COERCE/restrict  asserted  @ Tamsk [ARV]" in out
    assert "Border guards [ARV] -> people" in out
    # the evidence is wrapped on word boundaries, every word kept, lines far wider than one character
    body = [line.strip() for line in lines if line.startswith("  ") and "Lantern" not in line and "->" not in line]
    assert " ".join(body[: len(body) // 2]) == EVIDENCE
    assert min(len(b) for b in body[: len(body) // 2 - 1]) > 40
    assert "The Lantern · 2024-03-05 · “Guards turn back walkers at Tamsk”" in out


def test_figure_cards_and_wide_tables() -> None:
    out = _show("figures", [FIGURE], 80)
    assert "2024-03-04  returned  about 40" in out and "counts a COERCE event" in out
    wide = _show("events", [EVENT], TABLE_MIN_WIDTH)
    assert "1 events" in wide and "COERCE" in wide and "[ARV]" in wide and "Lantern" in wide


def test_a_kind_without_a_view_still_shows_every_field() -> None:
    rows: list[dict[str, Any]] = [{"story_id": "s1", "articles": 3, "label": "Floods in Tamsk"}]
    assert "story_id=s1; articles=3; label=Floods in Tamsk" in _show("clusters", rows, 80)
    assert "Floods in Tamsk" in _show("clusters", rows, TABLE_MIN_WIDTH)


def test_story_and_group_cards_fit_a_narrow_terminal() -> None:
    story: dict[str, Any] = {"id": "s1", "label": "Tamsk floods", "first_date": "2024-03-01", "last_date": "2024-03-04"}
    story["article_ids"] = ["a1", "a2", "a3"]
    out = _show("stories", [story], 80)
    assert "2024-03-01 .. 2024-03-04  s1" in out and "3 article(s)" in out and "Tamsk floods" in out
    group = {"id": "g1", "story_id": "s1", "date": "2024-03-02", "type": "ASSAULT", "mode": None}
    group |= {"source": "Northland police", "target": "protesters", "place": "Tamsk"}
    group |= {"article_count": 4, "outlet_count": 3, "members": [{"article_id": "a1"}]}
    out = _show("groups", [group], 80)
    assert "ASSAULT  @ Tamsk" in out and "Northland police -> protesters" in out
    assert "4 report(s), 3 outlet(s)" in out and "story s1" in out
    assert "3" in _show("stories", [story], TABLE_MIN_WIDTH)  # the wide table counts the ids
