"""events.rules.v1 end to end with the real model, on invented sentences for each rule."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.records import Article, Event

pytestmark = pytest.mark.model

PUBLISHED = "2021-11-19"  # a Friday


def run(pipeline: Any, text: str) -> Article:
    article: Article = pipeline.process_text(text, published=PUBLISHED)
    for e in article.events:
        assert article.text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert article.text[e.evidence.start : e.evidence.end] == e.evidence.text
        if e.date_span is not None:
            assert article.text[e.date_span.start : e.date_span.end] == e.date_span.text == e.date_text
        assert 0.0 <= e.confidence <= 1.0
        assert e.source == (e.sources[0] if e.sources else None)
        assert e.target == (e.targets[0] if e.targets else None)
    return article


def country(article: Article, actor_id: str | None) -> str | None:
    return next((a.country for a in article.actors if a.id == actor_id), None)


def only(article: Article, etype: str) -> Event:
    found = [e for e in article.events if e.type == etype]
    assert len(found) == 1, [(e.type, e.trigger.text, e.status) for e in article.events]
    return found[0]


def test_active_clause_subject_source_object_target_and_date(pipeline: Any) -> None:
    a = run(pipeline, "France condemned Italy on Thursday over the new tariffs.")
    e = only(a, "ACCUSE")
    assert (country(a, e.source), country(a, e.target)) == ("FRA", "ITA")
    assert e.mode == "disapprove" and e.status == "asserted"
    assert e.trigger.text == "condemned"
    assert (e.date, e.date_text) == ("2021-11-18", "on Thursday")


def test_passive_agent_is_source_subject_is_target(pipeline: Any) -> None:
    a = run(pipeline, "Two Austrian activists were detained by Hungarian police on Tuesday.")
    e = only(a, "COERCE")
    assert e.mode == "arrest"
    assert country(a, e.source) == "HUN"
    assert e.target is not None and e.target != e.source
    assert e.date == "2021-11-16"


def test_coordinated_subjects_give_one_event_with_all_sources(pipeline: Any) -> None:
    a = run(pipeline, "Spain and Portugal criticized Morocco over the fishing dispute.")
    e = only(a, "ACCUSE")
    assert [country(a, s) for s in e.sources] == ["ESP", "PRT"]
    assert country(a, e.target) == "MAR"


def test_light_verb_with_event_noun(pipeline: Any) -> None:
    a = run(pipeline, "Canada imposed new sanctions on Iran.")
    e = only(a, "SANCTION")
    assert (country(a, e.source), country(a, e.target)) == ("CAN", "IRN")
    assert e.trigger.text == "imposed new sanctions"


def test_nominal_event_with_possessor_and_partner(pipeline: Any) -> None:
    a = run(pipeline, "Egypt's talks with Sudan ended without a result.")
    e = only(a, "CONSULT")
    assert (country(a, e.source), country(a, e.target)) == ("EGY", "SDN")
    assert e.trigger.text == "talks"


def test_negation_is_kept_and_marked(pipeline: Any) -> None:
    a = run(pipeline, "Norway did not sign the agreement with Sweden.")
    e = only(a, "AGREE")
    assert e.status == "negated"
    assert country(a, e.source) == "NOR"


def test_rule_out_is_reject_and_the_complement_is_not_asserted(pipeline: Any) -> None:
    a = run(pipeline, "Austria's chancellor on Monday ruled out taking in refugees from Greece.")
    e = only(a, "REJECT")
    assert country(a, e.source) == "AUT"
    assert e.trigger.text == "ruled out"
    assert all(x.status == "negated" for x in a.events if x is not e)


def test_called_on_to_is_request_and_the_act_is_only_requested(pipeline: Any) -> None:
    a = run(pipeline, "Greece called on Turkey to withdraw its warships.")
    e = only(a, "REQUEST")
    assert (country(a, e.source), country(a, e.target)) == ("GRC", "TUR")
    inner = only(a, "RETREAT")
    assert inner.status == "requested"
    assert country(a, inner.source) == "TUR"


def test_warning_with_would_unless_is_a_threat_against_the_unless_party(pipeline: Any) -> None:
    a = run(
        pipeline,
        "Lithuania warned on Friday that it would close its border starting Sunday unless Belarus stopped the flights.",
    )
    e = only(a, "THREATEN")
    assert e.status == "asserted"
    assert (country(a, e.source), country(a, e.target)) == ("LTU", "BLR")
    assert e.date == "2021-11-19"
    inner = only(a, "COERCE")
    assert inner.status == "threatened"
    assert (inner.date, inner.date_text) == ("2021-11-21", "starting Sunday")


def test_said_they_would_blockade_is_a_threat(pipeline: Any) -> None:
    a = run(pipeline, "Greek farmers said on Tuesday they would blockade the port of Piraeus.")
    e = only(a, "THREATEN")
    assert e.status == "asserted"
    assert e.source is not None


def test_plans_and_future_are_planned(pipeline: Any) -> None:
    a = run(pipeline, "Hungary plans to deport the migrants. Romania will deploy troops to the border next week.")
    deport = only(a, "COERCE")
    assert deport.status == "planned" and country(a, deport.source) == "HUN"
    deploy = only(a, "MOBILIZE")
    assert deploy.status == "planned" and country(a, deploy.source) == "ROU"


def test_conditional_is_hypothetical(pipeline: Any) -> None:
    a = run(pipeline, "Finland could impose sanctions on Russia.")
    assert only(a, "SANCTION").status == "hypothetical"


def test_reported_speech_is_claimed_by_the_speaker(pipeline: Any) -> None:
    a = run(pipeline, "Poland said Belarusian soldiers attacked its border guards on Wednesday.")
    e = only(a, "ASSAULT")
    assert e.status == "claimed"
    assert country(a, e.claimed_by) == "POL"
    assert e.date == "2021-11-17"


def test_phone_consultation_has_mode_phone(pipeline: Any) -> None:
    a = run(pipeline, "French President Emmanuel Macron spoke by phone with Vladimir Putin on Tuesday.")
    e = only(a, "CONSULT")
    assert e.mode == "phone"
    assert (country(a, e.source), country(a, e.target)) == ("FRA", "RUS")


def test_crowd_control_is_one_assault(pipeline: Any) -> None:
    a = run(pipeline, "Serbian police used tear gas to disperse the protesters.")
    e = only(a, "ASSAULT")
    assert e.mode == "crowd-control"
    assert country(a, e.source) == "SRB"


def test_reporting_and_description_are_not_events(pipeline: Any) -> None:
    a = run(pipeline, "The minister said the weather was cold. The crossing is one of the busiest routes to Europe.")
    assert a.events == []


def test_contexts_come_from_cue_words(pipeline: Any) -> None:
    a = run(pipeline, "Italy accused Libya of sending migrants across the sea.")
    e = only(a, "ACCUSE")
    assert "migration" in e.contexts


def test_reported_would_is_a_plan_and_troops_are_not_a_target(pipeline: Any) -> None:
    a = run(pipeline, "Ukraine said it would deploy additional troops to its border.")
    e = only(a, "MOBILIZE")
    assert e.status == "planned"
    assert country(a, e.source) == "UKR"
    assert e.target is None


def test_consultation_named_as_the_setting_of_a_statement(pipeline: Any) -> None:
    a = run(pipeline, "Scholz said in a phone call with Biden on Friday that the sanctions would stay.")
    e = only(a, "CONSULT")
    assert (e.mode, e.status, e.date) == ("phone", "asserted", "2021-11-19")
    assert (country(a, e.source), country(a, e.target)) == ("DEU", "USA")


def test_conduct_noun_points_at_whose_conduct(pipeline: Any) -> None:
    a = run(pipeline, "Germany condemned the actions of the Polish guards.")
    e = only(a, "ACCUSE")
    assert country(a, e.target) == "POL"


def test_sent_back_migrants_is_a_claimed_deportation_inside_an_accusation(pipeline: Any) -> None:
    a = run(pipeline, "Italy accused France of sending migrants back across the border.")
    accuse = only(a, "ACCUSE")
    assert (country(a, accuse.source), country(a, accuse.target)) == ("ITA", "FRA")
    inner = only(a, "COERCE")
    assert inner.mode == "deport" and inner.status == "claimed"
    assert country(a, inner.source) == "FRA" and inner.claimed_by == accuse.source


def test_paragraph_cues_stay_in_their_paragraph(pipeline: Any) -> None:
    a = run(pipeline, "Migrants gathered at the fence.\n\nFrance condemned Italy over the new tariffs.")
    e = only(a, "ACCUSE")
    assert "migration" not in e.contexts


def test_violence_by_unnamed_doers_is_kept_but_not_by_nature(pipeline: Any) -> None:
    a = run(pipeline, "Two suicide bombers killed at least ten people outside a mosque.")
    e = only(a, "ASSAULT")
    assert e.source is None or country(a, e.source) is None
    b = run(pipeline, "Heavy floods killed at least ten people in the north.")
    assert b.events == []


def test_attack_noun_in_a_casualty_report_is_an_event(pipeline: Any) -> None:
    a = run(pipeline, "Fourteen people were injured in five grenade attacks on Tuesday.")
    e = only(a, "ASSAULT")
    assert e.trigger.text == "attacks"
    assert e.date == "2021-11-16"


def test_reported_experience_is_a_claim_of_the_reporters(pipeline: Any) -> None:
    a = run(pipeline, "Refugees have reported being pushed back by Croatian police.")
    e = only(a, "COERCE")
    assert e.status == "claimed" and e.claimed_by is not None
    assert country(a, e.source) == "HRV"


def test_first_person_inside_a_quote_is_the_speaker(pipeline: Any) -> None:
    a = run(pipeline, '"We will not accept them," Austrian Chancellor Karl Nehammer said on Monday.')
    e = only(a, "AGREE")
    assert e.status == "negated"
    assert country(a, e.source) == "AUT"
    assert e.claimed_by == e.source


def test_visiting_a_place_that_is_no_actor_is_not_a_consultation(pipeline: Any) -> None:
    a = run(pipeline, "The minister visited the construction site on Monday.")
    assert [e for e in a.events if e.type == "CONSULT"] == []
    b = run(pipeline, "The Japanese prime minister visited India on Monday.")
    e = only(b, "CONSULT")
    assert (e.mode, country(b, e.target)) == ("visit", "IND")


# -- issue 14 classes and the compiled CAMEO patterns (invented sentences) ------------------------


def test_crowd_control_weapons_are_not_firearms(pipeline: Any) -> None:
    a = run(pipeline, "Riot police fired tear gas at the demonstrators outside the parliament in Tbilisi.")
    e = only(a, "ASSAULT")
    assert e.mode == "crowd-control"
    b = run(pipeline, "Kenyan police fired rubber bullets at protesters in Nairobi on Tuesday.")
    assert only(b, "ASSAULT").mode == "crowd-control"


def test_negated_going_to_is_not_an_arrest(pipeline: Any) -> None:
    a = run(pipeline, "The Slovak interior minister said police are not going to detain the marchers.")
    assert all(e.status != "asserted" for e in a.events if e.type == "COERCE"), [(e.type, e.status) for e in a.events]


def test_according_to_makes_a_claim(pipeline: Any) -> None:
    a = run(pipeline, "According to Norwegian officials, Chile agreed to extend the fishing accord.")
    agreements = [e for e in a.events if e.type == "AGREE"]
    assert agreements and all(e.status == "claimed" and e.claimed_by is not None for e in agreements)


def test_people_travelling_are_not_a_visit(pipeline: Any) -> None:
    a = run(pipeline, "Hundreds of Peruvian tourists travelled to Bolivia for the festival.")
    assert not [e for e in a.events if e.type == "CONSULT"]
    b = run(pipeline, "The Peruvian foreign minister travelled to Bolivia for talks.")
    assert [e for e in b.events if e.type == "CONSULT"]


def test_a_press_release_is_not_a_release(pipeline: Any) -> None:
    a = run(pipeline, "The Ecuadorian ministry issued a press release about the Colombian envoy.")
    assert not [e for e in a.events if e.type == "RETREAT"]


def test_compiled_cameo_verb_codes_a_verb_the_hand_made_lexicon_lacks(pipeline: Any) -> None:
    from eventwire.extract.events.lexicon import load_lexicon

    assert "apprehend" not in load_lexicon(compiled=False).verbs
    assert any(e.compiled and e.type == "COERCE" for e in load_lexicon().verbs["apprehend"])
    a = run(pipeline, "Turkish police apprehended two Syrian smugglers near the border.")
    e = only(a, "COERCE")
    assert (country(a, e.source), country(a, e.target)) == ("TUR", "SYR")
