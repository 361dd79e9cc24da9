"""Stage actors.rules.v1 on small invented reports (real model: marked ``model``)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.clean import Cleaned
from eventwire.extract.actors.stage import actor_at, ensure_actor, make_stage
from eventwire.knowledge import KnowledgeSources, load_knowledge
from eventwire.pipeline import Analysis
from eventwire.records import Actor

KNOWLEDGE = load_knowledge()

pytestmark = pytest.mark.model

REPORT = (
    "RIGA — Latvian Foreign Minister Janis Berzkalns met Estonian officials on Monday. "
    "Berzkalns said he would ask the European Union for more border funding.\n\n"
    "Lithuanian President Rasa Vilkaite travelled to Warsaw on Tuesday. The Lithuanian president told "
    "reporters that she expected an agreement. The Kremlin rejected the plan, and Minsk said it would not "
    "take part.\n\n"
    "Polish border guards stopped about 60 migrants near the village of Usnarz Gorny. They said the group "
    "had crossed from Belarus. The migrants were taken to a reception centre.\n\n"
    "The Council of Europe's commissioner for human rights, Helga Brandvold, urged restraint. Brandvold "
    "said Poland must respect its obligations. Protesters gathered in Vilnius on Wednesday."
)


def analyse(pipeline: Any, text: str) -> Analysis:
    """Parse ``text`` with the session model and run only the actor stage on it."""
    an = Analysis(cleaned=Cleaned(text=text), parsed=pipeline.parser.parse(text))
    make_stage(KNOWLEDGE, {})(an)
    return an


def by_name(an: Analysis, name: str) -> Actor:
    found = [a for a in an.actors if a.name == name]
    assert found, f"{name!r} not among {[a.name for a in an.actors]}"
    return found[0]


def mention_texts(actor: Actor) -> list[str]:
    return [m.text for m in actor.mentions]


@pytest.fixture(scope="module")
def report(pipeline: Any) -> Analysis:
    return analyse(pipeline, REPORT)


def test_spans_and_token_table_agree(report: Analysis) -> None:
    text = report.parsed.text
    for a in report.actors:
        for span in [*a.mentions, a.country_evidence, a.sector_evidence]:
            if span is not None:
                assert text[span.start : span.end] == span.text
        for m in a.mentions:
            first = report.parsed.token_at(m.start)
            assert first is not None
            assert actor_at(report, first) == a.id, (a.name, m.text)


def test_title_gives_country_and_sector_and_surname_merges(report: Analysis) -> None:
    a = by_name(report, "Janis Berzkalns")
    assert (a.country, a.sector, a.kind) == ("LVA", "GOV", "person")
    assert a.country_evidence is not None and a.country_evidence.text == "Latvian"
    assert a.sector_evidence is not None and a.sector_evidence.text == "Foreign Minister"
    assert "Berzkalns" in mention_texts(a)
    assert "he" in mention_texts(a)  # "Berzkalns said he would ..."


def test_definite_title_refers_back_and_she(report: Analysis) -> None:
    a = by_name(report, "Rasa Vilkaite")
    assert (a.country, a.sector) == ("LTU", "GOV")
    assert "The Lithuanian president" in mention_texts(a)
    assert "she" in mention_texts(a)
    # the demonym inside the title is not an actor of its own
    assert not [x for x in report.actors if x.name == "Lithuanian"]


def test_metonyms(report: Analysis) -> None:
    kremlin = by_name(report, "Kremlin")
    assert (kremlin.country, kremlin.sector, kremlin.kind) == ("RUS", "GOV", "organisation")
    belarus = by_name(report, "Belarus")
    assert (belarus.country, belarus.kind) == ("BLR", "state")
    assert {"Minsk", "it"} <= set(mention_texts(belarus))  # "Minsk said it would not take part"
    poland = by_name(report, "Poland")
    assert "Warsaw" in mention_texts(poland)  # "travelled to Warsaw": a destination, the state
    assert "its" in mention_texts(poland)


def test_groups_and_they(report: Analysis) -> None:
    guards = by_name(report, "Polish border guards")
    assert (guards.country, guards.sector, guards.kind) == ("POL", "COP", "group")
    assert "They" in mention_texts(guards)
    migrants = by_name(report, "migrants")
    assert (migrants.country, migrants.sector, migrants.kind) == (None, "REF", "group")
    assert len(migrants.mentions) == 2
    officials = by_name(report, "Estonian officials")
    assert (officials.country, officials.sector) == ("EST", "GOV")


def test_apposition_title_joins_the_name(report: Analysis) -> None:
    a = by_name(report, "Helga Brandvold")
    assert (a.country, a.sector, a.kind) == ("IGO", "GOV", "person")
    assert "The Council of Europe's commissioner" in mention_texts(a)
    assert "Brandvold" in mention_texts(a)


def test_places_are_not_actors(report: Analysis) -> None:
    names = {a.name for a in report.actors}
    assert "Usnarz Gorny" not in names
    assert "Lithuania" not in names  # "in Vilnius" is where, not who
    assert "Latvia" not in names  # the dateline


def test_knowledge_base_fills_what_the_text_does_not_say(pipeline: Any) -> None:
    an = analyse(pipeline, "Putin spoke by phone with Vladimir Putin's ally. Putin later met NATO envoys.")
    putin = by_name(an, "Vladimir Putin")
    assert (putin.country, putin.sector, putin.kb_id) == ("RUS", "GOV", "person:Vladimir Putin")
    assert putin.country_evidence is None  # nothing in the text said Russian
    assert len([m for m in putin.mentions if "Putin" in m.text]) == 3


def test_pronoun_not_resolved_to_indefinite_or_wrong_kind(pipeline: Any) -> None:
    an = analyse(
        pipeline,
        "Norwegian Prime Minister Erik Solvang visited Oslo harbour. A journalist asked about the fleet. "
        "Solvang said it was ready.",
    )
    solvang = by_name(an, "Erik Solvang")
    assert "it" not in mention_texts(solvang)
    assert "A journalist" not in mention_texts(solvang)


def test_ensure_actor(pipeline: Any) -> None:
    text = "Hungarian farmers blocked a road near the autonomous Azerbaijani republic and the weather turned."
    an = analyse(pipeline, text)
    p = an.parsed
    farmers = next(t.i for t in p.tokens if t.text == "farmers")
    existing = actor_at(an, farmers)
    assert existing is not None
    assert ensure_actor(an, farmers - 1, farmers + 1) == existing
    first = next(t.i for t in p.tokens if t.text == "autonomous") - 1
    last = next(t.i for t in p.tokens if t.text == "republic") + 1
    new = ensure_actor(an, first, last)
    assert new is not None
    actor = next(a for a in an.actors if a.id == new)
    assert actor.country == "AZE"
    assert actor_at(an, last - 1) == new
    assert ensure_actor(an, first, last) == new  # asking again does not add another
    weather = next(t.i for t in p.tokens if t.text == "weather")
    assert ensure_actor(an, weather - 1, weather + 1) is None


def test_user_kb_reaches_the_stage(pipeline: Any, tmp_path: Any) -> None:
    f = tmp_path / "people_mine.tsv"
    f.write_text("Oskar Veldhuis\tVeldhuis\tNLD\tGOV\tminister\tm\n", encoding="utf-8")
    mine = load_knowledge(KnowledgeSources(actor_files=(str(f),)))
    text = "Veldhuis said talks would continue."
    an = Analysis(cleaned=Cleaned(text=text), parsed=pipeline.parser.parse(text))
    make_stage(mine, {})(an)
    a = an.actors[0]
    assert (a.country, a.sector, a.kb_id) == ("NLD", "GOV", "person:Oskar Veldhuis")
    assert analyse(pipeline, text).actors[0].kb_id is None  # the shipped knowledge does not know him


def actor_of(an: Analysis, text: str) -> Actor:
    """The actor one of whose mentions reads ``text``."""
    found = [a for a in an.actors if text in mention_texts(a)]
    assert found, f"{text!r} not among {[mention_texts(a) for a in an.actors]}"
    return found[0]


def test_bloc_refers_back_to_the_bloc_named_before(pipeline: Any) -> None:
    an = analyse(
        pipeline,
        "The Southern African Development Community (SADC) met in Lusaka on Monday. "
        "The regional bloc condemned the raid on the border post.",
    )
    sadc = actor_of(an, "SADC")
    assert actor_of(an, "regional bloc") is sadc and sadc.country == "IGO"
    eu = analyse(pipeline, "The European Union said on Friday that the bloc would send more aid.")
    assert actor_of(eu, "bloc").country == "EUR"  # the EU is the bloc named before
    appos = analyse(pipeline, "Regional bloc the Economic Community of West African States condemned the raid.")
    assert actor_of(appos, "bloc").country == "IGO"
    party = analyse(pipeline, "The opposition bloc walked out of parliament. The bloc said the vote was rigged.")
    assert all(a.country is None for a in party.actors if "bloc" in " ".join(mention_texts(a)))


def test_national_red_cross_societies_carry_their_nation(pipeline: Any) -> None:
    an = analyse(
        pipeline,
        "The Kenya Red Cross said 12 people were hurt in the floods. The Palestinian Red Crescent said two of "
        "its medics were wounded. The ICRC appealed for access. Later the Red Crescent said a second "
        "convoy had been stopped.",
    )
    assert (actor_of(an, "Kenya Red Cross").country, actor_of(an, "Kenya Red Cross").sector) == ("KEN", "MED")
    prcs = actor_of(an, "Palestinian Red Crescent")
    assert prcs.country == "PSE"
    assert actor_of(an, "Red Crescent") is prcs  # the bare short name refers back to the national society
    assert actor_of(an, "ICRC").country == "NGO"
    lone = analyse(pipeline, "The Red Cross said it had no access to the camp.")
    assert actor_of(lone, "Red Cross").country == "NGO"


def test_acronym_defined_in_the_article_beats_the_knowledge_base(pipeline: Any) -> None:
    an = analyse(
        pipeline,
        "Fighting between the army and the Rapid Support Forces (RSF) went on for a third day. "
        "The RSF said it had taken the airport.",
    )
    rsf = actor_of(an, "RSF")
    assert actor_of(an, "Rapid Support Forces") is rsf
    assert rsf.country != "NGO" and rsf.sector != "JRN"
    appos = analyse(pipeline, "RSF, the paramilitary group, seized the bridge on Sunday.")
    assert actor_of(appos, "RSF").sector != "JRN"
    press = analyse(pipeline, "Reporters Without Borders (RSF) condemned the arrest. RSF said he must be freed.")
    assert actor_of(press, "RSF").sector == "JRN"  # the press-freedom group keeps its entry
