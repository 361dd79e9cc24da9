"""Stage actors.setting.v1: role-named groups take the country of the report's one setting.

Pure functions on hand-built records first (no model), then invented reports end to end (``model``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from eventwire.extract.actors.setting import (
    fill_countries,
    head_word,
    part_countries,
    place_countries,
    setting_country,
    setting_words,
    takes_setting,
)
from eventwire.records import Actor, Place, Span


def place(pid: str, country: str | None, *starts: int, name: str = "X") -> Place:
    mentions = [Span(name, s, s + len(name)) for s in starts]
    return Place(pid, name, None, None, country, None, None, None, mentions)


def actor(aid: str, name: str, sector: str | None, country: str | None = None, kind: str = "group",
          at: int = 500, kb_id: str | None = None) -> Actor:  # fmt: skip
    return Actor(aid, name, country, sector, kind, [], [Span(name, at, at + len(name))],  # type: ignore[arg-type]
                 kb_id=kb_id)  # fmt: skip


def test_one_dominant_country_is_the_setting_with_its_first_mention() -> None:
    places = [place("p1", "KEN", 10, 90, name="Nairobi"), place("p2", "KEN", 40, name="Kenya"), place("p3", "UGA", 70)]
    found = setting_country(places, None)
    assert found is not None
    assert found[0] == "KEN"
    assert (found[1].text, found[1].start) == ("Nairobi", 10)


def test_two_countries_of_similar_weight_give_no_setting() -> None:
    # a crossing between two countries: neither is "the" setting
    places = [place("p1", "SDN", 10, 50, 90), place("p2", "EGY", 20, 60)]
    assert setting_country(places, None) is None
    assert setting_country([], None) is None


def test_the_dateline_weighs_and_is_the_evidence() -> None:
    places = [place("p1", "NER", 0, 120, 150, name="NIAMEY"), place("p2", "BEN", 60, 200)]
    found = setting_country(places, Span("NIAMEY -", 0, 8))
    assert found is not None
    assert found[0] == "NER"
    assert found[1] == Span("NIAMEY", 0, 6)
    assert setting_country(places, None) is None  # without the dateline: 3 against 2


def test_places_outside_actors_must_not_point_elsewhere() -> None:
    # "U.S. troops", "U.S. officials" at every turn, but the events happen at "Kabul airport"
    places = [place("p1", "USA", 10, 30, 50, 70, 110, name="U.S."), place("p2", "AFG", 90, name="Kabul")]
    actors_spans = [Span("U.S. troops", s, s + 11) for s in (10, 30, 50, 70, 110)]
    assert setting_country(places, None)[0] == "USA"  # type: ignore[index]
    assert setting_country(places, None, actors_spans) is None


def test_which_actors_take_the_setting() -> None:
    assert takes_setting(actor("a1", "police", "COP"), set())
    assert takes_setting(actor("a1", "Presidential Guard", "COP", kind="organisation"), {"ORG"})
    assert not takes_setting(actor("a1", "Citizen TV", "JRN", kind="organisation"), {"ORG"})
    assert not takes_setting(actor("a1", "migrants", "REF"), set())
    assert not takes_setting(actor("a1", "passengers", "CVL"), set())  # setting_words.tsv: head
    assert not takes_setting(actor("a1", "members", "UNK"), set())
    assert not takes_setting(actor("a1", "Jewish settlers", "CVL"), {"NORP"})
    assert not takes_setting(actor("a1", "Ann Lee", "MED", kind="person"), {"PERSON"})
    assert not takes_setting(actor("a1", "police", "COP", country="FRA"), set())
    assert not takes_setting(actor("a1", "the bloc", "GOV", kb_id="org:x"), set())
    foreign = Actor("a1", "leaders", None, "GOV", "group", [], [Span("Foreign leaders", 0, 15)])
    assert not takes_setting(foreign, set())  # setting_words.tsv: modifier
    assert setting_words()["foreign"] == "modifier"


def test_head_word() -> None:
    assert head_word("the guards") == "guard"
    assert head_word("Saudi border guards") == "guard"
    assert head_word("police") == "police"
    assert head_word("press") == "press"


def test_an_earlier_namesake_gives_its_country_before_the_setting() -> None:
    saudi = actor("a1", "Saudi border guards", "COP", country="SAU", at=10)
    saudi = dataclasses.replace(saudi, country_evidence=Span("Saudi", 10, 15))
    actors = [saudi, actor("a2", "guards", "COP", at=300), actor("a3", "soldiers", "MIL", at=400)]
    fill_countries(actors, {"a2": True, "a3": True}, ("YEM", Span("Yemen", 50, 55)))
    assert (actors[1].country, actors[1].country_evidence) == ("SAU", Span("Saudi", 10, 15))
    assert (actors[2].country, actors[2].country_evidence) == ("YEM", Span("Yemen", 50, 55))


def test_namesakes_of_two_countries_leave_the_group_null() -> None:
    actors = [
        actor("a1", "Israeli soldiers", "MIL", country="ISR"),
        actor("a2", "Egyptian soldiers", "MIL", country="EGY"),
        actor("a3", "soldiers", "MIL"),
    ]
    fill_countries(actors, {"a3": True}, ("EGY", Span("Rafah", 0, 5)))
    assert actors[2].country is None


def test_a_title_is_no_namesake() -> None:
    # "the French President" says nothing about "the President" of the report
    actors = [
        actor("a1", "President", "GOV", country="FRA", kind="person"),
        actor("a2", "President", "GOV", kind="person"),
    ]
    fill_countries(actors, {"a2": True}, None)
    assert actors[1].country is None


# -- end to end ---------------------------------------------------------------------------------

REPORT = (
    "NAIROBI, Kenya (AP) — Police fired tear gas at protesters outside parliament in Nairobi on "
    "Tuesday. The protesters had marched from the city centre. Soldiers were deployed near the "
    "statehouse in Nairobi, a Reuters journalist saw."
)
TWO_COUNTRIES = (
    "Thousands of people crossed from Sudan into Egypt at the Argeen crossing. Egypt said it had "
    "received them. Soldiers checked the papers of the people arriving at the crossing. Sudan and Egypt "
    "agreed to keep the crossing open."
)


@pytest.mark.model
def test_groups_of_a_report_set_in_one_country_take_it(pipeline: Any) -> None:
    rec = pipeline.process_text(REPORT)
    by_name = {a.name.lower(): a for a in rec.actors}
    for name in ("police", "protesters", "soldiers"):
        a = by_name[name]
        assert a.country == "KEN", (name, a)
        assert a.country_evidence is not None
        assert rec.text[a.country_evidence.start : a.country_evidence.end] == a.country_evidence.text


@pytest.mark.model
def test_groups_of_a_report_between_two_countries_stay_null(pipeline: Any) -> None:
    rec = pipeline.process_text(TWO_COUNTRIES)
    soldiers = [a for a in rec.actors if a.name.lower() == "soldiers"]
    assert soldiers and soldiers[0].country is None


def test_an_actor_named_as_a_resolved_place_takes_its_country() -> None:
    places = [place("p1", "UKR", 40, name="Mariupol"), place("p2", "UKR", 90, name="Zaporizhzhia")]
    actors = [actor("a1", "Mariupol", None), actor("a2", "Berdiansk", None), actor("a3", "Orlo", "GOV", kb_id="org:x")]
    place_countries(actors, places)
    assert (actors[0].country, actors[0].country_evidence) == ("UKR", actors[0].mentions[0])
    assert actors[1].country is None  # no resolved place of that name
    assert actors[2].country is None  # the knowledge base decides for its entries


def test_a_place_name_of_two_countries_gives_nothing() -> None:
    places = [place("p1", "EGY", 10, name="Rafah"), place("p2", "PSE", 60, name="Rafah")]
    actors = [actor("a1", "Rafah", None)]
    place_countries(actors, places)
    assert actors[0].country is None


def test_a_part_of_a_group_takes_the_group_named_inside_it() -> None:
    guard = Actor("a1", "guard", "NER", "MIL", "group", [], [Span("the presidential guard", 16, 38)])
    members = Actor("a2", "members", None, "UNK", "group", [], [Span("members of the presidential guard", 5, 38)])
    others = Actor("a3", "members", None, "UNK", "group", [], [Span("members", 100, 107)])
    actors = [guard, members, others]
    part_countries(actors)
    assert (actors[1].country, actors[1].country_evidence) == ("NER", Span("the presidential guard", 16, 38))
    assert actors[2].country is None  # names no group
