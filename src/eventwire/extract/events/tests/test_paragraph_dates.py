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


def test_the_paragraph_day_dates_the_next_sentence(pipeline: Any) -> None:
    got = dates(pipeline, "Police arrested ten students in Zorbia on Wednesday. Later they detained a teacher.")
    assert got.get("arrested") == "2024-03-06"
    assert got.get("detained") == "2024-03-06"


def test_a_new_paragraph_or_a_since_span_gives_no_date(pipeline: Any) -> None:
    got = dates(pipeline, "Police arrested ten students on Wednesday.\n\nLater they detained a teacher.")
    assert got.get("detained") is None
    got = dates(pipeline, "Protests have grown since Wednesday. Police detained a teacher.")
    assert got.get("detained") is None
