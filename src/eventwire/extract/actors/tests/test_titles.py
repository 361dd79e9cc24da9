"""Definite titles, honorifics and surnames across an article (actors/titles.py; invented reports)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.clean import Cleaned
from eventwire.extract.actors.stage import make_stage
from eventwire.extract.actors.titles import AMBIGUOUS, TitleBook
from eventwire.knowledge import load_knowledge
from eventwire.pipeline import Analysis
from eventwire.records import Actor

# -- the rule alone (no model) ------------------------------------------------------------------------


def test_one_holder_is_found_by_the_last_words_of_the_title() -> None:
    book = TitleBook()
    book.add("name:jane doe", "KEN", [("interior", "minister")], False)
    book.add("name:tom okello", None, [("police", "chief")], False)
    assert book.refer(("minister",), None) == "name:jane doe"
    assert book.refer(("interior", "minister"), "KEN") == "name:jane doe"
    assert book.refer(("police", "chief"), None) == "name:tom okello"
    assert book.refer(("chief",), None) == "name:tom okello"
    assert book.refer(("foreign", "minister"), None) is None
    assert book.refer(("minister",), "UGA") is None  # "the Ugandan minister" is someone else


def test_two_holders_of_one_title_are_ambiguous_not_the_latest() -> None:
    book = TitleBook()
    book.add("name:jane doe", "KEN", [("interior", "minister")], False)
    book.add("name:paul amani", "KEN", [("foreign", "minister")], False)
    assert book.refer(("minister",), None) == AMBIGUOUS
    assert book.refer(("minister",), "KEN") == AMBIGUOUS
    assert book.refer(("foreign", "minister"), None) == "name:paul amani"


def test_one_person_seen_twice_is_one_holder() -> None:
    book = TitleBook()
    book.add("name:jane doe", None, [("interior", "minister")], False)
    book.add("name:jane doe", "KEN", [()], False)
    assert book.refer(("minister",), "KEN") == "name:jane doe"


def test_leader_refers_to_the_one_head_of_state() -> None:
    book = TitleBook()
    book.add("kb:putin", "RUS", [("president",)], True)
    book.add("name:olga ivanova", "RUS", [("spokeswoman",)], False)
    assert book.refer(("leader",), "RUS") == "kb:putin"
    book.add("kb:medvedev", "RUS", [("prime", "minister")], True)
    assert book.refer(("leader",), "RUS") == AMBIGUOUS
    assert book.refer(("former", "president"), None) == "kb:putin"  # "former" does not narrow


# -- in the actors stage (real model) -----------------------------------------------------------------

KNOWLEDGE = load_knowledge()


def _actors(pipeline: Any, text: str) -> list[Actor]:
    an = Analysis(cleaned=Cleaned(text=text), parsed=pipeline.parser.parse(text))
    make_stage(KNOWLEDGE, {})(an)
    return an.actors


def _holding(actors: list[Actor], mention: str) -> list[Actor]:
    return [a for a in actors if any(m.text == mention for m in a.mentions)]


@pytest.mark.model
def test_titles_resolve_to_the_one_named_holder(pipeline: Any) -> None:
    text = (
        "Kenyan Police Chief Tom Okello said officers had detained 14 people near the fence. "
        "Interior Minister Jane Doe announced that the crossing would stay closed.\n\n"
        "The minister said the closure was needed to stop smuggling. The police chief added that no one "
        "had been hurt. Ms. Doe later met local leaders, and Okello said his officers would stay.\n"
    )
    actors = _actors(pipeline, text)
    (doe,) = _holding(actors, "Interior Minister Jane Doe")
    (okello,) = _holding(actors, "Kenyan Police Chief Tom Okello")
    assert {"The minister", "Ms. Doe"} <= {m.text for m in doe.mentions}
    assert {"The police chief", "Okello"} <= {m.text for m in okello.mentions}
    # the evidence of the later mention is kept, and the holder's country carries over
    later = next(m for m in okello.mentions if m.text == "The police chief")
    assert text[later.start : later.end] == "The police chief"
    assert okello.country == "KEN" and okello.country_evidence is not None
    assert okello.country_evidence.text == "Kenyan"


@pytest.mark.model
def test_two_ministers_leave_the_minister_unresolved(pipeline: Any) -> None:
    text = (
        "Interior Minister Jane Doe and Foreign Minister Paul Amani met envoys on Monday.\n\n"
        "The minister said the talks would resume next week. The foreign minister later left for the coast.\n"
    )
    actors = _actors(pipeline, text)
    (doe,) = _holding(actors, "Interior Minister Jane Doe")
    (amani,) = _holding(actors, "Foreign Minister Paul Amani")
    assert "The minister" not in {m.text for m in doe.mentions} | {m.text for m in amani.mentions}
    assert "The foreign minister" in {m.text for m in amani.mentions}
    (alone,) = _holding(actors, "The minister")
    assert alone.id not in (doe.id, amani.id)


@pytest.mark.model
def test_apposed_title_and_honorific_surname(pipeline: Any) -> None:
    text = (
        "A government spokesman, Peter Njoro, said more police would be deployed. President Samuel Oduya "
        "did not attend the meeting.\n\n"
        "The spokesman added that the border would stay open. Mr. Oduya is due to travel on Friday, "
        "and the president will return on Sunday.\n"
    )
    actors = _actors(pipeline, text)
    (njoro,) = _holding(actors, "Peter Njoro")
    (oduya,) = _holding(actors, "President Samuel Oduya")
    assert "The spokesman" in {m.text for m in njoro.mentions}
    assert {"Mr. Oduya", "the president"} <= {m.text for m in oduya.mentions}


@pytest.mark.model
def test_a_title_before_any_holder_is_named_joins_no_one(pipeline: Any) -> None:
    text = "The minister said the bridge would reopen. Transport Minister Ana Silva visited the site on Monday.\n"
    actors = _actors(pipeline, text)
    (silva,) = _holding(actors, "Transport Minister Ana Silva")
    assert "The minister" not in {m.text for m in silva.mentions}


@pytest.mark.model
def test_surname_shared_by_two_people_is_not_merged(pipeline: Any) -> None:
    text = (
        "Interior Minister Jane Doe and her brother, the businessman John Doe, were questioned on Monday. "
        "Doe said she had done nothing wrong.\n"
    )
    actors = _actors(pipeline, text)
    jane = _holding(actors, "Interior Minister Jane Doe")[0]
    assert "Doe" not in {m.text for m in jane.mentions}


@pytest.mark.model
def test_a_title_that_is_itself_a_possessor_refers_back(pipeline: Any) -> None:
    text = (
        "Soldiers detained President Amadou Kane on Wednesday. Guards sealed off the president's residence, "
        "and the president was held inside.\n"
    )
    actors = _actors(pipeline, text)
    (kane,) = _holding(actors, "President Amadou Kane")
    assert {"the president", "the president's"} & {m.text for m in kane.mentions}
    assert sum(m.text.lower().startswith("the president") for m in kane.mentions) == 2
