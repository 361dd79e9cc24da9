"""He/she speakers: the one person it can be, or null (quotes/pronouns.py; invented reports, real model)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def _by_cue(article: Any, cue: str) -> Any:
    return next(q for q in article.quotes if q.cue == cue)


def _actor(article: Any, actor_id: str | None) -> str | None:
    return next((a.name for a in article.actors if a.id == actor_id), None)


def test_one_person_before_the_pronoun(pipeline: Any) -> None:
    text = (
        "Mara Costa, a nurse from the river town, reached the crossing on Monday after a four-day walk.\n\n"
        "She said the clinic had run out of insulin a week earlier.\n"
    )
    a = pipeline.process_text(text, published="2024-05-02")
    q = _by_cue(a, "said")
    assert q.speaker_text == "She"
    assert q.speaker_span is not None and text[q.speaker_span.start : q.speaker_span.end] == "She"
    assert _actor(a, q.speaker) == "Mara Costa"


def test_two_people_and_no_one_quoted_yet_is_unresolved(pipeline: Any) -> None:
    text = (
        "On Monday the reporter Lena Fischer interviewed Mara Costa, a nurse from the river town.\n\n"
        "She explained that the clinic had run out of insulin a week earlier.\n"
    )
    a = pipeline.process_text(text, published="2024-05-02")
    q = _by_cue(a, "explained")
    assert q.speaker_text == "She"
    assert q.speaker is None


def test_honorifics_tell_the_two_apart(pipeline: Any) -> None:
    text = "Ms. Costa met Mr. Okello at the crossing on Monday. She said the clinic had run out of insulin.\n"
    a = pipeline.process_text(text, published="2024-05-02")
    q = _by_cue(a, "said")
    assert _actor(a, q.speaker) in ("Costa", "Ms. Costa")


def test_the_person_just_quoted_goes_on_speaking(pipeline: Any) -> None:
    text = (
        "“The road is closed,” said Tom Okello, who met Governor Ruth Amadi at the crossing on Monday. "
        "“We will reopen it within a week,” he added.\n"
    )
    a = pipeline.process_text(text, published="2024-05-02")
    q = _by_cue(a, "added")
    assert q.speaker_text == "he"
    assert _actor(a, q.speaker) == "Tom Okello"


def test_the_speaker_of_the_previous_paragraph_goes_on(pipeline: Any) -> None:
    text = (
        "“Prices doubled in a week,” said Nadia Faris, a teacher who walked from Kassala to Port Kemble.\n\n"
        "“We were lucky,” she added.\n"
    )
    a = pipeline.process_text(text, published="2024-05-02")
    q = _by_cue(a, "added")
    assert _actor(a, q.speaker) == "Nadia Faris"


def test_a_noun_cue_carries_a_claim(pipeline: Any) -> None:
    text = "Observers rejected the governor's claim that the camp had enough water for a month.\n"
    a = pipeline.process_text(text, published="2024-05-02")
    q = next(q for q in a.quotes if q.cue == "claim")
    assert q.speaker_text is not None and "governor" in q.speaker_text
    assert "enough water" in q.content


def test_a_relative_clause_on_a_cue_noun_is_no_content(pipeline: Any) -> None:
    text = "The claim that he made on Monday was false, the court found.\n"
    a = pipeline.process_text(text, published="2024-05-02")
    assert not any(q.cue == "claim" for q in a.quotes)


def test_a_speaker_who_gave_no_words_does_not_go_on_speaking(pipeline: Any) -> None:
    # "Writing for ..." may be read as an attribution, but it quotes nothing: no one to continue
    text = (
        "Writing for a local weekly, Lena Fischer interviewed Mara Costa, a nurse from the river town.\n\n"
        "She explained that the clinic had run out of insulin a week earlier.\n"
    )
    a = pipeline.process_text(text, published="2024-05-02")
    q = _by_cue(a, "explained")
    assert q.speaker is None


def test_a_definite_description_with_two_named_speakers_is_unresolved(pipeline: Any) -> None:
    one = "The Baltic Center for Migrant Aid said the camp was full."
    two = "The Nordic Center for Border Studies said the fence had been breached."
    a = pipeline.process_text(f"{one} The center said more tents were needed.\n", published="2024-05-02")
    q = next(q for q in a.quotes if q.speaker_text == "The center")
    assert _actor(a, q.speaker) == "Baltic Center for Migrant Aid"
    b = pipeline.process_text(f"{one} {two} The center said more tents were needed.\n", published="2024-05-02")
    q = next(q for q in b.quotes if q.speaker_text == "The center")
    assert q.speaker is None
