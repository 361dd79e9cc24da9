"""Status cues of extract/events/status.py on invented sentences (real model): attributed, hedged,
arranged and performed events are never asserted facts they are not (issue 14, class 4)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.records import Article, Event

pytestmark = pytest.mark.model

PUBLISHED = "2024-03-06"


def events(pipeline: Any, text: str, etype: str) -> list[Event]:
    article: Article = pipeline.process_text(text, published=PUBLISHED)
    return [e for e in article.events if e.type == etype]


def one(pipeline: Any, text: str, etype: str) -> Event:
    found = events(pipeline, text, etype)
    assert len(found) == 1, [(e.type, e.trigger.text, e.status) for e in found]
    return found[0]


def test_a_sentence_final_attribution_makes_a_claim(pipeline: Any) -> None:
    e = one(
        pipeline,
        "Mayor Ali Reza is being detained by members of the Presidential Guard, who have been given an "
        '"ultimatum" by the army, a source close to the mayor said on Tuesday.',
        "COERCE",
    )
    assert e.status == "claimed"


def test_the_same_act_told_by_the_reporter_stays_asserted(pipeline: Any) -> None:
    e = one(pipeline, "Members of the palace guard detained the governor of Karsh province on Tuesday.", "COERCE")
    assert e.status == "asserted"


def test_a_trailing_reporting_verb_with_its_own_clause_attributes_nothing_here(pipeline: Any) -> None:
    # "said" has its own complement: it reports that, not the arrest before it
    found = events(
        pipeline,
        "Police detained the governor of Karsh province on Tuesday, and the minister said the guard would stay.",
        "COERCE",
    )
    assert found and all(e.status == "asserted" for e in found if e.trigger.text.startswith("detain"))


def test_allegedly_and_alleged_make_claims(pipeline: Any) -> None:
    e = one(pipeline, "On Friday police allegedly fired live ammunition at demonstrators in Karsh.", "ASSAULT")
    assert e.status == "claimed"
    e = one(
        pipeline,
        "A report by the Karsh Rights Group has exposed the alleged killing of farmers by border guards.",
        "ASSAULT",
    )
    assert e.status == "claimed"


def test_be_to_is_an_arrangement_not_an_act(pipeline: Any) -> None:
    e = one(pipeline, "Ten buses are to be used to evacuate civilians from the besieged town of Karsh.", "AID")
    assert e.status == "planned"


def test_a_quote_that_performs_a_speech_act_is_the_act(pipeline: Any) -> None:
    text = (
        '"The Union condemns in the strongest terms the attempt to seize power," the statement '
        "signed by its chairman said."
    )
    e = one(pipeline, text, "ACCUSE")
    assert e.status == "asserted"
    assert e.claimed_by is None


def test_a_quoted_past_act_stays_a_claim(pipeline: Any) -> None:
    e = one(pipeline, '"The guards detained the governor," the statement said.', "COERCE")
    assert e.status == "claimed"


def test_as_per_names_the_source_like_according_to(pipeline: Any) -> None:
    e = one(pipeline, "Rebels seized the airport on Monday, as per the Karsh Defence Ministry.", "COERCE")
    assert e.status == "claimed"
    assert e.claimed_by is not None


# -- one act told twice in a sentence (extract/events/restated.py) -------------------------------


def test_a_purpose_clause_of_the_same_act_is_one_event(pipeline: Any) -> None:
    found = events(
        pipeline,
        "Karsh has sent dozens of buses to the city of Orlo to deliver aid and evacuate thousands of trapped residents.",
        "AID",
    )
    assert len(found) == 1, [(e.trigger.text, e.targets) for e in found]
    assert found[0].targets


def test_the_noun_of_a_wounding_is_not_a_second_attack(pipeline: Any) -> None:
    found = events(pipeline, "A paramedic said more than 50 people had been wounded by gunfire in Orlo.", "ASSAULT")
    assert len(found) == 1, [(e.trigger.text, e.targets) for e in found]


def test_two_targets_of_two_acts_stay_two_events(pipeline: Any) -> None:
    text = "Russian forces shelled Kharkiv on Monday and Ukrainian forces bombed Belgorod on Tuesday."
    found = events(pipeline, text, "ASSAULT")
    assert len(found) == 2, [(e.trigger.text, e.sources, e.targets) for e in found]


# -- passives the parser leaves apart (extract/events/passives.py) --------------------------------


def test_coordinated_passives_share_agent_and_subject(pipeline: Any) -> None:
    text = "The port city of Orlo has been encircled and shelled by Russian forces since the end of February."
    e = one(pipeline, text, "ASSAULT")
    assert e.source is not None and e.target is not None
    text = "The mayor of Orlo had been executed and mutilated by militia groups, residents said."
    e = one(pipeline, text, "ASSAULT")
    assert e.source is not None


def test_a_stray_by_phrase_names_the_doer(pipeline: Any) -> None:
    text = 'Sara Amani was arrested in Tehran on September 13 for "improper dress" by the morality police.'
    e = one(pipeline, text, "COERCE")
    assert e.source is not None


def test_the_object_of_a_purpose_is_the_target_of_a_hostile_act(pipeline: Any) -> None:
    e = one(pipeline, "Police in Orlo fired tear gas and rubber bullets to disperse demonstrators.", "ASSAULT")
    assert e.target is not None


# -- declared intent to use force is a threat (status.declared_intent) ----------------------------


def test_readiness_to_attack_is_a_threat_by_the_ready_party(pipeline: Any) -> None:
    article: Article = pipeline.process_text(
        "It added that the army was ready to attack the guards if they did not come to their senses.",
        published=PUBLISHED,
    )
    threats = [e for e in article.events if e.type == "THREATEN"]
    assert len(threats) == 1 and threats[0].status == "asserted"
    assert not [e for e in article.events if e.type == "ASSAULT"]
    army = next(a for a in article.actors if a.name.lower() == "army")
    assert threats[0].source == army.id


def test_a_first_person_future_of_force_is_a_threat(pipeline: Any) -> None:
    article: Article = pipeline.process_text('"We will hunt you down," the president told the attackers.')
    assert [e.type for e in article.events if e.type in ("THREATEN", "COERCE")] == ["THREATEN"]


def test_a_planned_act_of_a_third_party_stays_planned(pipeline: Any) -> None:
    e = one(pipeline, "The ministry said the army will attack the rebels in Orlo next week.", "ASSAULT")
    assert e.status == "planned"
