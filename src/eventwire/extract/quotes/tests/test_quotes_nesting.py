"""An attribution inside another one's content is part of what the outer speaker said (real model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_belief_inside_a_direct_quote_is_not_a_quote_of_its_own(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "“I think the dam will hold through the winter,” Mayor Lina Oster said on Friday.\n"
    a = pipeline.process_text(text, published="2024-02-02")
    assert len(a.quotes) == 1
    q = a.quotes[0]
    assert q.speaker_text == "Mayor Lina Oster"
    assert "dam will hold" in q.content


def test_reported_refusal_stays_the_outer_speakers_claim(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Police in Tarnow said the driver refused to leave the car when officers asked him to.\n"
    a = pipeline.process_text(text, published="2024-02-02")
    speakers = [q.speaker_text for q in a.quotes]
    assert speakers == ["Police in Tarnow"] or speakers == ["Police"]
    assert "refused to leave the car" in a.quotes[0].content


def test_nested_denial_is_kept_for_the_contradictions_stage(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The agency said the ministry denied that any fishing boats had been seized.\n"
    a = pipeline.process_text(text, published="2024-02-02")
    assert any(q.denial for q in a.quotes)


def test_two_sentences_two_quotes(pipeline) -> None:  # type: ignore[no-untyped-def]
    # not nested: each attribution has its own sentence
    text = "Mayor Lina Oster said the dam would hold.\n\nEngineer Paul Brandt warned that the spillway was cracked.\n"
    a = pipeline.process_text(text, published="2024-02-02")
    assert len(a.quotes) == 2


def test_relative_pronoun_speaker_is_a_mention_of_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Lina Oster, who said on Friday that the dam would hold, left the town on Sunday.\n"
    a = pipeline.process_text(text, published="2024-02-02")
    q = next(q for q in a.quotes if q.cue == "said")
    assert q.speaker_text == "Mayor Lina Oster"
    speaker = next(x for x in a.actors if x.id == q.speaker)
    who = next(m for m in speaker.mentions if m.text == "who")
    assert a.text[who.start : who.end] == "who"
