"""Figures attached to the event they count, with their own date and claimant (real model, invented sentences)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.records import Article, Event, Quantity

pytestmark = pytest.mark.model

PUBLISHED = "2021-11-20"


def run(pipeline: Any, text: str) -> Article:
    return pipeline.process_text(text, published=PUBLISHED)  # type: ignore[no-any-return]


def figure(article: Article, words: str) -> Quantity:
    found = [q for q in article.quantities if q.text == words]
    assert found, [q.text for q in article.quantities]
    return found[0]


def event_of(article: Article, q: Quantity) -> Event | None:
    return next((e for e in article.events if e.id == q.event), None)


def test_governed_figure_counts_its_event(pipeline: Any) -> None:
    a = run(pipeline, "Riot police fired tear gas at the marchers in the capital on Sunday, injuring 14.")
    q = figure(a, "14")
    e = event_of(a, q)
    assert q.category == "injured" and e is not None and e.type == "ASSAULT"
    assert q.id in e.quantities
    assert q.date == e.date  # no date words of its own: the event's


def test_neighbour_sentence_that_refers_back(pipeline: Any) -> None:
    a = run(pipeline, "Border guards clashed with a crowd at the fence. Nine officers were hurt in the clash.")
    q = figure(a, "Nine officers")
    e = event_of(a, q)
    assert e is not None and e.trigger.text == "clashed"
    assert q.evidence.text.startswith("Nine officers")


def test_an_event_the_category_cannot_count_is_not_taken(pipeline: Any) -> None:
    a = run(pipeline, "The two ministers met in Valdora on Monday. Twelve people were injured in a crash.")
    q = figure(a, "Twelve people")
    assert q.category == "injured"
    assert q.event is None


def test_a_running_total_is_never_attached(pipeline: Any) -> None:
    a = run(pipeline, "Soldiers shelled the village on Friday. The death toll has risen to 13 since January.")
    q = figure(a, "13")
    assert q.cumulative and q.event is None and q.as_of == PUBLISHED


def test_own_date_and_claimant(pipeline: Any) -> None:
    a = run(pipeline, "On November 18, 431 Iraqis were flown home from Minsk, the ministry said.")
    q = figure(a, "431 Iraqis")
    assert q.date == "2021-11-18"  # its own sentence, not the publication date
    quote = next(x for x in a.quotes if x.id == q.quote)
    assert q.claimant is not None and q.claimant == quote.speaker
    speaker = next(x for x in a.actors if x.id == q.claimant)
    assert "ministry" in speaker.name.lower()


def test_figure_in_the_reporters_voice_has_no_claimant(pipeline: Any) -> None:
    a = run(pipeline, "Police arrested 35 protesters in the square on Tuesday.")
    q = figure(a, "35 protesters")
    assert q.quote is None and q.claimant is None
    assert q.date == "2021-11-16"


def test_a_campaign_total_is_cumulative(pipeline: Any) -> None:
    a = run(pipeline, "The fighting has killed at least 295 civilians, the doctors' union said.")
    q = figure(a, "at least 295 civilians")
    assert q.cumulative and q.event is None
    a = run(pipeline, "The fighting killed 12 soldiers near the dam on Sunday.")
    q = figure(a, "12 soldiers")
    assert not q.cumulative and q.event is not None


def test_a_figure_of_no_known_kind_takes_only_the_event_that_governs_it(pipeline: Any) -> None:
    a = run(pipeline, "The agency said about 400 people were stranded on two boats, urging navies to rescue them.")
    q = figure(a, "about 400 people")
    assert q.category == "other" and q.event is None


def test_things_are_not_people_held(pipeline: Any) -> None:
    a = run(pipeline, "Multiple rifles were confiscated and several suspects were detained. Police seized 30 rifles.")
    assert [q.category for q in a.quantities if q.unit in ("rifles",)] == ["other"]
    assert [q.category for q in a.quantities if q.unit == "suspects"] == ["detained"]


def test_who_protests_is_the_protests_size(pipeline: Any) -> None:
    a = run(pipeline, "Some 500,000 workers stopped work on the first day of an open-ended strike on Monday.")
    q = figure(a, "Some 500,000 workers")
    e = event_of(a, q)
    assert e is not None and e.type == "PROTEST" and q.category == "participants"


@pytest.mark.parametrize(
    ("text", "words", "category", "event_type"),
    [
        # PLOVER manual: repatriation of refugees is RETREAT; evacuation (emergency assistance) is AID;
        # deportation is COERCE deport (knowledge/events/verbs.tsv, "people moved by a vehicle").
        ("A repatriation flight carried 431 Iraqis from Minsk to Erbil on Thursday.", "431 Iraqis", "returned", "RETREAT"),
        ("Iraq flew 431 of its citizens home on a repatriation flight on Thursday.", "431 of its citizens", "returned", "RETREAT"),
        ("An evacuation convoy of 20 buses carried 600 civilians out of the city on Sunday.", "600 civilians", "moved", "AID"),
        ("An evacuation convoy of 20 buses carried 600 civilians out of the city on Sunday.", "20 buses", "transport", "AID"),
        ("Marnia flew 120 rejected asylum seekers to Tolvik on a deportation flight.", "120 rejected asylum seekers", "returned", "COERCE"),
        # medical transport is emergency assistance (CAMEO SEND * MEDICAL, FLY * (FOR TREATMENT) [073])
        ("Ambulances transported 76 injured people from the camp into Marnia on Monday.", "76 injured people", "moved", "AID"),
    ],
)  # fmt: skip
def test_transport_figures_count_the_move_their_vehicle_makes(
    pipeline: Any, text: str, words: str, category: str, event_type: str
) -> None:
    a = run(pipeline, text)
    q = figure(a, words)
    e = event_of(a, q)
    assert q.category == category and e is not None and e.type == event_type, (q, a.events)


def test_a_flight_without_a_purpose_is_no_event(pipeline: Any) -> None:
    # "carry" alone says nothing PLOVER codes: the figure stays unattached rather than guessed.
    a = run(pipeline, "The flight carried 431 passengers to Tolvik on Thursday.")
    assert figure(a, "431 passengers").event is None and a.events == []
