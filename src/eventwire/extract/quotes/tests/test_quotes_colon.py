""" "NAME: text" lines: a transcript or headline speaker, never a section title (invented reports, real model)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def test_a_section_title_before_a_colon_is_no_speaker(pipeline: Any) -> None:
    text = (
        "The agency met donors in Geneva on Monday.\n\n"
        "Little Relief for Refugees: The camps along the river have had no food deliveries since March.\n"
    )
    a = pipeline.process_text(text, published="2024-05-02")
    assert not any(q.speaker_text == "Little Relief for Refugees" for q in a.quotes)


def test_a_transcript_name_before_a_colon_is_the_speaker(pipeline: Any) -> None:
    text = (
        "The two candidates met for a debate on Tuesday.\n\n"
        "HALVORSEN: We will build the bridge before the winter.\n\n"
        "Mayor Greta Lind: The bridge can wait until the budget is settled.\n"
    )
    a = pipeline.process_text(text, published="2024-05-02")
    speakers = {q.speaker_text for q in a.quotes}
    assert {"HALVORSEN", "Mayor Greta Lind"} <= speakers
