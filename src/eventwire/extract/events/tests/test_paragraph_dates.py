"""Event dates from the paragraph (issue 14): a past event whose sentence names no day happened on the
day its paragraph last named; a new paragraph, a month or a "since" span gives nothing."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.records import Article

pytestmark = pytest.mark.model

PUBLISHED = "2024-03-08"  # a Friday


def dates(pipeline: Any, text: str) -> dict[str, str | None]:
    article: Article = pipeline.process_text(text, published=PUBLISHED)
    for e in article.events:
        if e.date_span is not None:
            assert article.text[e.date_span.start : e.date_span.end] == e.date_span.text
    return {e.trigger.text: e.date for e in article.events}


def bases(pipeline: Any, text: str) -> dict[str, str | None]:
    article: Article = pipeline.process_text(text, published=PUBLISHED)
    return {e.trigger.text: e.date_basis for e in article.events}


def test_the_paragraph_day_dates_the_next_sentence(pipeline: Any) -> None:
    got = dates(pipeline, "Police arrested ten students in Zorbia on Wednesday. Later they detained a teacher.")
    assert got.get("arrested") == "2024-03-06"
    assert got.get("detained") == "2024-03-06"


def test_a_new_paragraph_or_a_since_span_gives_no_paragraph_date(pipeline: Any) -> None:
    # (the new paragraph's event is dated by the lead instead: test_lead_day below)
    got = bases(pipeline, "Police arrested ten students on Wednesday.\n\nLater they detained a teacher.")
    assert got.get("detained") != "paragraph"
    got = dates(pipeline, "Protests have grown since Wednesday. Police detained a teacher.")
    assert got.get("detained") is None


# -- the lead's day (extract/events/timing.py lead_day) -------------------------------------------

ONE_DAY = (
    "ZORBIA - Soldiers detained President Aram Kess in the capital on Wednesday, security sources said.\n\n"
    "Troops also arrested the defence minister.\n\n"
    "Regional leaders condemned the coup and called for his release.\n\n"
    "The president's party will meet on Saturday."
)


def test_lead_day_dates_the_past_events_of_a_one_day_report(pipeline: Any) -> None:
    got, basis = dates(pipeline, ONE_DAY), bases(pipeline, ONE_DAY)
    assert (got.get("detained"), basis.get("detained")) == ("2024-03-06", "sentence")
    assert (got.get("arrested"), basis.get("arrested")) == ("2024-03-06", "lead")
    assert (got.get("condemned"), basis.get("condemned")) == ("2024-03-06", "lead")


def test_a_lead_naming_two_days_dates_nothing_else(pipeline: Any) -> None:
    text = ONE_DAY.replace("on Wednesday,", "on Wednesday and freed him on Thursday,")
    got = bases(pipeline, text)
    assert got.get("arrested") is None and got.get("condemned") is None


def test_a_lead_without_a_day_dates_nothing(pipeline: Any) -> None:
    text = ONE_DAY.replace(" on Wednesday,", ",")
    got = dates(pipeline, text)
    assert got.get("arrested") is None and got.get("condemned") is None


def test_the_dateline_and_a_header_line_date_the_report_not_its_events(pipeline: Any) -> None:
    # a release filed on Friday about an operation the day before
    text = (
        "KABUL, Afghanistan (March 8) - A joint security force detained two suspected insurgents in "
        "Zharay district yesterday.\n\nThe force also seized weapons in the compound."
    )
    got, basis = dates(pipeline, text), bases(pipeline, text)
    assert (got.get("seized"), basis.get("seized")) == ("2024-03-07", "lead")
    header = "Mar. 8: Operations in Khost and Helmand\n\nIn Khost, a security force detained two suspects."
    assert dates(pipeline, header).get("detained") is None
