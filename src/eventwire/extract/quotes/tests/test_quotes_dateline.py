"""Issue 14: a dateline, clock time or outlet byline is never (part of) a quote's speaker (invented reports)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.extract.quotes.page_text import page_text_end
from eventwire.records import Span


def _rest(text: str, speaker_end: int, dateline: Span | None = None, **kw: Any) -> str:
    return text[page_text_end(text, 0, speaker_end, dateline, **kw) :]


def test_a_paragraph_dateline_is_page_text() -> None:
    text = "VELMORA — Tarvic's army said the bridge was open."
    assert _rest(text, len("VELMORA — Tarvic's army")) == "Tarvic's army said the bridge was open."


def test_a_dateline_with_country_and_agency_is_page_text() -> None:
    text = "VELMORA, Tarvia (AP) – Tarvia disputed the count."
    assert _rest(text, len("VELMORA")) == "Tarvia disputed the count."


def test_a_clock_time_and_a_place_line_are_page_text() -> None:
    text = "Rally day\n4.15pm\nOSTREN\nThe border guard denied the report."
    start = text.index("4.15pm")
    cut = page_text_end(text, start, text.index("\nThe"))
    assert text[cut:] == "The border guard denied the report."


def test_an_outlet_timestamp_byline_is_page_text() -> None:
    text = "Valley Courier 2031.03.02 09:40\nThe harbour office said ships were turned back."
    assert _rest(text, text.index(" said")) == "The harbour office said ships were turned back."


def test_the_cleaning_stages_dateline_is_page_text() -> None:
    text = "Ostren, Tarvia, March 2 (Wirepress) - The ministry said talks resumed."
    end = text.index(" The")
    dateline = Span(text[:end], 0, end)
    assert _rest(text, 6, dateline) == "The ministry said talks resumed."


def test_a_speaker_is_not_page_text() -> None:
    for text in ("The ministry said talks resumed.", "NATO said talks resumed.", "Tarvic's army said it."):
        assert page_text_end(text, 0, text.index(" said")) == 0


def test_a_mid_paragraph_capital_word_is_not_a_dateline() -> None:
    text = "Talks stalled.\nOfficials met. UNICEF - the agency - said aid was late."
    start = text.index("UNICEF")
    assert page_text_end(text, start, start + len("UNICEF")) == start


def test_a_colon_speaker_is_not_a_dateline_when_told_so() -> None:
    text = "HALVORSEN: We will build the bridge."
    assert page_text_end(text, 0, len("HALVORSEN"), paragraph_datelines=False) == 0


@pytest.mark.model
def test_no_quote_speaker_holds_a_dateline_or_byline(pipeline: Any) -> None:
    text = (
        "VELMORA — Tarvia's army said on Tuesday that its troops had retaken the river crossing.\n\n"
        "Valley Courier 2031.03.02 09:40\nThe harbour office said that ships were turned back at dawn.\n\n"
        "4.15pm\nOSTREN\nThe border guard denied that anyone had been detained at the crossing.\n"
    )
    a = pipeline.process_text(text, published="2031-03-02")
    speakers = [q.speaker_text or "" for q in a.quotes]
    assert speakers, "the invented report has three attributions"
    for bad in ("VELMORA", "Valley Courier", "2031", "4.15pm", "OSTREN"):
        assert not any(bad in s for s in speakers), (bad, speakers)
    for q in a.quotes:
        if q.speaker_span is not None:
            assert a.text[q.speaker_span.start : q.speaker_span.end] == q.speaker_text
