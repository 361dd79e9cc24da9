"""Quotes stage on invented reports (real model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _quotes(pipeline, text: str):  # type: ignore[no-untyped-def]
    article = pipeline.process_text(text, published="2023-03-02")
    for q in article.quotes:
        assert article.text[q.evidence.start : q.evidence.end] == q.evidence.text
        for span in (q.content_span, q.speaker_span, q.cue_span, q.via_span):
            if span is not None:
                assert article.text[span.start : span.end] == span.text
    return article


@pytest.mark.parametrize("marks", [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“")])
def test_direct_quote_each_mark_style(pipeline, marks) -> None:  # type: ignore[no-untyped-def]
    o, c = marks
    a = _quotes(pipeline, f"{o}The harbour will stay closed until Monday,{c} Mayor Anna Berg said on Tuesday.\n")
    direct = [q for q in a.quotes if q.direct]
    assert len(direct) == 1
    assert direct[0].speaker_text == "Mayor Anna Berg"
    assert direct[0].cue == "said"
    assert "harbour will stay closed" in direct[0].content


def test_split_quote_is_one_quote(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "“We will rebuild the bridge,” the governor said, “and we will do it this year.”\n")
    direct = [q for q in a.quotes if q.direct]
    assert len(direct) == 1
    assert "rebuild the bridge" in direct[0].content and "this year" in direct[0].content


def test_multi_paragraph_quote(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fisheries Minister Tom Hale spoke to reporters in the capital on Monday.\n\n"
        "“The stocks have collapsed along the whole coast.\n\n"
        "“We need a ban for two years at least,” Hale said.\n"
    )
    a = _quotes(pipeline, text)
    direct = [q for q in a.quotes if q.direct]
    assert len(direct) == 1
    assert direct[0].content_span is not None
    assert "stocks have collapsed" in direct[0].content_span.text and "two years" in direct[0].content_span.text


def test_pronoun_speaker_resolves_to_named_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Health Minister Carla Ruiz said the outbreak was under control.\n\n"
        "She warned that schools could close again next week.\n"
    )
    a = _quotes(pipeline, text)
    assert len(a.quotes) == 2
    first, second = a.quotes
    assert second.speaker_text == "She"
    assert second.speaker is not None and second.speaker == first.speaker


def test_institution_speaker_and_reported_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "The Foreign Ministry said that the ambassador had been recalled for consultations.\n")
    (q,) = a.quotes
    assert q.speaker_text == "The Foreign Ministry"
    assert not q.direct
    assert q.content.startswith("that the ambassador had been recalled")


def test_outlet_reporting_a_claim_is_via(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(
        pipeline, "The army said it had withdrawn two battalions from the border, the Reuters news agency reported.\n"
    )
    (q,) = a.quotes
    assert q.speaker_text == "The army"
    assert q.via == "the Reuters news agency"


def test_according_to_channel_is_via(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(
        pipeline, "President Ilse Moor said the talks had failed, according to the presidential press service.\n"
    )
    (q,) = a.quotes
    assert q.speaker_text == "President Ilse Moor"
    assert q.via == "the presidential press service"


def test_according_to_source_is_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "Three ferries were cancelled on Sunday, according to the port authority.\n")
    (q,) = a.quotes
    assert q.speaker_text == "the port authority"
    assert q.cue == "according to"
    assert q.via is None


def test_denial(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "The interior ministry denied that police had fired on the protesters.\n")
    (q,) = a.quotes
    assert q.denial
    assert "police had fired" in q.content


def test_plain_statement_is_not_a_quote(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "Heavy rain flooded the valley on Sunday and closed two roads.\n")
    assert a.quotes == []


def test_two_single_quotes_as_double_quote(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "‘’The convoy will leave at dawn,’’ the commander said.\n")
    direct = [q for q in a.quotes if q.direct]
    assert len(direct) == 1 and direct[0].speaker_text == "the commander"


def test_single_quoted_passage_with_apostrophes_inside(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "'We won't leave the city's hospitals,' the doctors' spokesman Ivo Tan said.\n")
    direct = [q for q in a.quotes if q.direct]
    assert len(direct) == 1
    assert direct[0].content_span is not None and "city's hospitals" in direct[0].content_span.text


def test_quote_credited_with_a_dash(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "“The water has not come back for three days.” ― Mara Lind\n")
    (q,) = a.quotes
    assert q.direct and q.speaker_text == "Mara Lind"


def test_transcript_speaker_before_colon(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The interview was broadcast on Monday.\n\nHOST: Will the border reopen this week?\n\nOKAFOR: Not before the inspection is finished.\n"
    a = _quotes(pipeline, text)
    assert [(q.speaker_text, q.cue) for q in a.quotes] == [("HOST", ":"), ("OKAFOR", ":")]


def test_participle_is_not_a_denial(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "Isolated and denied recognition abroad, the junta turned to its neighbour for loans.\n")
    assert a.quotes == []


def test_channel_named_with_on(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "The ministry said on its Telegram channel that two guards were hurt.\n")
    (q,) = a.quotes
    assert q.speaker_text == "The ministry" and q.via == "its Telegram channel"


def test_outlet_with_no_other_claimant_is_speaker_and_via(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "Two buses left the camp on Friday, state media reported.\n")
    (q,) = a.quotes
    assert q.speaker_text == "state media" and q.via == "state media"
    assert q.content == "Two buses left the camp on Friday"


def test_outlet_reporting_a_plain_event_keeps_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = _quotes(pipeline, "The Kremlin press service said Putin had called the German chancellor.\n")
    (q,) = a.quotes
    assert q.content == "Putin had called the German chancellor"
