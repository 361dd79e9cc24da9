"""ISAF scorer and casualty metrics: count aggregation, dateline parsing, date fallback, dataset run."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from eventwire.eval.casualties import casualty_metrics, figure_total
from eventwire.eval.isaf import CAPTURED, KILLED, count, dateline_date, event_date
from eventwire.records import Article, Quantity, QuantityCategory, Span

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "isaf_press_releases"


def fig(
    text: str, value: float | None, category: QuantityCategory, sentence: int, *, low: float | None = None,
    parent: str | None = None,
) -> Quantity:  # fmt: skip
    return Quantity(
        id=f"n{sentence}{text}", value=value, low=value if low is None else low, high=value,
        qualifier="exact" if value is not None else "about", category=category, unit=None, text=text, start=0,
        end=len(text), event=None, evidence=Span("s", sentence * 100, sentence * 100 + 1), parent=parent,
    )  # fmt: skip


def article(quantities: list[Quantity]) -> Article:
    return Article(
        id="x", schema_version=1, url=None, source=None, title=None, published=None, published_inferred=False,
        language="en", text="", quantities=quantities,
    )  # fmt: skip


def test_figures_of_one_sentence_add_up_and_repeats_do_not() -> None:
    qs = [
        fig("the commander", 1, "killed", 0),
        fig("one additional insurgent", 1, "killed", 0),
        fig("Fayez Jan", 1, "killed", 1),
        fig("one additional insurgent", 1, "killed", 1),
    ]
    assert count(qs, KILLED) == 2


def test_additional_figures_in_a_later_sentence_add_to_the_lead() -> None:
    qs = [fig("a Taliban leader", 1, "detained", 0), fig("two additional insurgents", 2, "detained", 2)]
    assert count(qs, CAPTURED) == 3
    # ... but not when the lead already counted the others.
    qs = [
        fig("a leader", 1, "detained", 0),
        fig("several other militants", None, "detained", 0, low=3),
        fig("Several other militants", None, "detained", 1, low=3),
    ]
    assert count(qs, CAPTURED) == 4


def test_vague_figures_follow_the_isaf_convention_only_when_asked() -> None:
    qs = [fig("multiple suspected insurgents", None, "detained", 0, low=2)]
    assert count(qs, CAPTURED) == 3
    assert count(qs, CAPTURED, convention=False) == 2


def test_parts_of_a_break_down_are_not_counted_twice() -> None:
    qs = [fig("Nine people", 9, "injured", 0), fig("seven policemen", 7, "injured", 0, parent="n0Nine people")]
    assert figure_total(qs, frozenset({"injured"})) == 9


def test_dateline_year_comes_from_the_reference_when_missing() -> None:
    assert dateline_date("2011-11-S-034\nKABUL, Afghanistan (Nov. 20, 2011)\nA force ...") == date(2011, 11, 20)
    assert dateline_date("ISAF Joint Command 2010-08-CA-033 KABUL, Afghanistan (August 4) - A force") == date(
        2010, 8, 4
    )
    assert dateline_date("Mar. 9: Operations in Khost\n2010-03-CA-039 In Kandahar last night") == date(2010, 3, 9)
    assert dateline_date("KABUL, Afghanistan (Jan. 8) In Ghorak district") is None


def test_event_date_falls_back_to_the_first_date_word() -> None:
    text = "2012-11-S-009\nKABUL, Afghanistan (Nov. 7, 2012)\nForces killed three insurgents in Helmand yesterday."
    assert event_date(article([]), text, date(2012, 11, 7)) == ("2012-11-06", "scorer_fallback")
    monday = "2010-10-CA-127 KABUL, Afghanistan (Oct. 13) - ISAF confirmed the capture of a leader Monday."
    assert event_date(article([]), monday, date(2010, 10, 13)) == ("2010-10-11", "scorer_fallback")
    assert event_date(article([]), "no date at all", None) == (None, "none")


def test_casualty_metrics_score_only_fields_gold_gives() -> None:
    gold = [{"dead": "1"}, {"injured": "2"}, {"dead": "8", "injured": ""}, {"text": "no figures"}]
    ours = [
        article([fig("A prisoner", 1, "killed", 0)]),
        article([fig("two soldiers", 2, "injured", 0)]),
        article([fig("at least eight leaders", 6, "killed", 0)]),
        None,
    ]
    m = casualty_metrics(gold, ours)
    assert (m["dead_n"], m["injured_n"]) == (2, 1)
    assert m["dead_exact"] == 0.5 and m["injured_exact"] == 1.0
    assert m["casualty_exact"] == pytest.approx(2 / 3)
    assert m["dead_mae"] == 1.0


@pytest.mark.model
@pytest.mark.skipif(not DATA.is_dir(), reason="dataset not present")
def test_isaf_dataset_subset(pipeline: object) -> None:
    from eventwire.eval import evaluate

    result = evaluate("isaf_press_releases", DATA, limit=8).all
    assert result.n == 8
    assert result.metrics["killed_exact"] >= 0.5
    assert result.metrics["captured_exact"] >= 0.5
    assert result.metrics["date_exact"] >= 0.5


def test_more_than_counts_one_more_under_the_convention() -> None:
    q = dataclasses.replace(fig("more than 10 suspected insurgents", 10, "detained", 0), qualifier="more than")
    assert count([q], CAPTURED) == 11
    assert count([q], CAPTURED, convention=False) == 10
