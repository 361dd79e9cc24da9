"""Contradictions stage: claim/denial, disagreement, figures, and a negative case."""

from __future__ import annotations

import pytest

from eventwire.extract.contradictions.stage import _overlapping
from eventwire.records import Qualifier, Quantity, Span


def _n(value: float, qualifier: Qualifier = "exact", low: float | None = None, high: float | None = None) -> Quantity:
    return Quantity(
        id="n",
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        category="killed",
        unit="people",
        text=str(value),
        start=0,
        end=1,
        event=None,
        evidence=Span("x", 0, 1),
    )


def test_figure_ranges() -> None:
    assert not _overlapping(_n(12), _n(15))
    assert _overlapping(_n(10, "at least", low=10), _n(12))
    assert _overlapping(_n(100, "about"), _n(104))
    assert _overlapping(_n(30, "more than", low=30), _n(32))


def test_values_differ_only_beyond_rounding() -> None:
    # a round figure of 100 or more stands for its neighbourhood: 400 for 350-449
    assert _overlapping(_n(400), _n(430)) and _overlapping(_n(431), _n(400))
    assert _overlapping(_n(33000), _n(33250))
    assert not _overlapping(_n(400), _n(460))
    assert not _overlapping(_n(430), _n(431))  # neither is round: 430 vs 431 passengers disagree
    assert not _overlapping(_n(10), _n(13))  # small counts are counts, not rounded


@pytest.mark.model
def test_claim_and_anaphoric_denial(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Lowland accuses Upland of diverting the river to flood its farms, charges that Upland officials deny.\n"
    a = pipeline.process_text(text, published="2023-03-02")
    assert len(a.contradictions) == 1
    c = a.contradictions[0]
    qa = {q.id: q for q in a.quotes}
    assert c.kind == "claim"
    assert qa[c.a].speaker_text == "Lowland" and qa[c.b].denial


@pytest.mark.model
def test_claim_and_disagreement(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Governor Ana Lopes said she had ended the strike at the port on Friday.\n\n"
        "But the dockers' union disagreed, saying that its members would stay out until their pay was raised.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    assert [c.kind for c in a.contradictions] == ["claim"]


@pytest.mark.model
def test_opposite_directions_after_contrast(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Mayor Jon Hill said he had de-escalated the dispute over the water supply.\n\n"
        "But council spokesman Ben Ode said the dispute continues and that no solution has been found.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    assert len(a.contradictions) == 1
    assert "better" in a.contradictions[0].reason


@pytest.mark.model
def test_unrelated_statements_do_not_contradict(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Mayor Jon Hill said the new library would open in May.\n\n"
        "Police said they denied entry to two trucks at the bridge.\n\n"
        "But the school board said its budget would grow next year.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    assert a.contradictions == []


@pytest.mark.model
def test_two_figures_from_two_sources_contradict(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Police said 12 people were killed in the clashes on Sunday.\n\n"
        "The rebels said 40 people were killed in the clashes.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    figures = [c for c in a.contradictions if c.kind == "figure"]
    assert len(figures) == 1
    ids = {n.id: n for n in a.quantities}
    assert {ids[figures[0].a].value, ids[figures[0].b].value} == {12.0, 40.0}


@pytest.mark.model
def test_figures_of_different_things_or_one_source_do_not_contradict(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Police said 12 people were killed and 40 people were injured in the clashes.\n\n"
        "The army said 300 soldiers were deployed to the town.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    assert a.contradictions == []


@pytest.mark.model
def test_bare_disagreement_answers_the_claim_before_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = pipeline.process_text("Mayor Jon Hill said the chemical plant was safe.\n\nThe workers' union disagreed.\n")
    claim, answer = a.quotes
    assert answer.denial and answer.content == "" and answer.content_span is None
    assert [(c.a, c.b, c.kind) for c in a.contradictions] == [(claim.id, answer.id, "claim")]


@pytest.mark.model
def test_rejecting_a_request_or_disagreeing_with_a_named_thing_is_no_contradiction(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The union said the new shift rules would cost jobs at the port.\n\n"
        "A judge rejected a request from the union to delay the new shift rules.\n\n"
        "Many dockers disagreed with the mayor's plan for the harbour.\n\n"
        "“People disagree about the rules, and that is normal,” the harbour master said.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    assert a.contradictions == []


@pytest.mark.model
def test_denial_of_these_accusations_points_back(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Upland officials said Lowland troops had shelled the dam. Lowland denied these accusations on Tuesday.\n"
    a = pipeline.process_text(text, published="2023-03-02")
    assert len(a.contradictions) == 1
    qa = {q.id: q for q in a.quotes}
    c = a.contradictions[0]
    assert qa[c.a].speaker_text == "Upland officials" and qa[c.b].speaker_text == "Lowland"


@pytest.mark.model
def test_a_denial_by_no_party_contradicts_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Upland officials said Lowland troops had shelled the dam on the river.\n"
        "These accusations denied that Lowland troops had shelled the dam on the river.\n"
        "The video notice denied that Lowland troops had shelled the dam on the river.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    denials = [q for q in a.quotes if q.denial]
    assert denials  # the quotes stage still sees the denials ...
    assert a.contradictions == []  # ... but neither "speaker" is a party


@pytest.mark.model
def test_a_running_total_does_not_contradict_one_events_count(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The coast guard said 90 migrants were returned to the port on Monday.\n"
        "So far this year 2,400 migrants have been returned to the port, the agency said.\n"
    )
    a = pipeline.process_text(text, published="2023-03-02")
    assert [c for c in a.contradictions if c.kind == "figure"] == []


@pytest.mark.model
def test_figures_of_two_dates_are_two_things(pipeline) -> None:  # type: ignore[no-untyped-def]
    # same predicate ("died"), two sources, two days: two incidents, not a disagreement
    text = (
        "Officials said 12 people died in Tuesday's blast at the market.\n\n"
        "Rescuers said 15 people died in Monday's attack on the station.\n"
    )
    a = pipeline.process_text(text, published="2024-03-06")
    assert {q.date for q in a.quantities} == {"2024-03-05", "2024-03-04"}
    assert [c for c in a.contradictions if c.kind == "figure"] == []


@pytest.mark.model
def test_an_act_the_cue_model_took_for_speech_is_no_claim_to_dispute(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The city council last week passed a $6 million budget patched together with state grants.\n\nMayor Jon Hill disagrees.\n"
    a = pipeline.process_text(text, published="2024-03-06")
    assert [q.cue for q in a.quotes] == ["passed", "disagrees"]  # the quotes stage's reading ...
    assert a.contradictions == []  # ... but passing a budget states nothing Hill could dispute


@pytest.mark.model
def test_two_sums_with_one_predicate_are_two_sums(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"It\'s out there," promises Dana Ruiz of the Zorbia Department of Labour, who said the state has '
        "been notified it will receive $298 million more in the months to come.\n\n"
        "The state announced earlier this month that it would receive $8.5 million for the Zorbia National "
        "Guard, money to repair armories.\n"
    )
    a = pipeline.process_text(text, published="2024-03-06")
    assert sorted(q.category for q in a.quantities) == ["money", "money"]
    assert a.contradictions == []  # two sums the state receives, not two reports of one sum


@pytest.mark.model
def test_a_denial_of_another_act_by_the_same_parties_is_no_contradiction(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Protesters said police fired tear gas at the crowd near parliament.\n\n"
        "The interior ministry denied that police had used live ammunition against the crowd.\n"
    )
    a = pipeline.process_text(text, published="2024-03-06")
    assert [q.denial for q in a.quotes] == [False, True]
    assert a.contradictions == []


@pytest.mark.model
def test_a_figure_of_a_separate_incident_is_no_rival(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels said 40 soldiers were killed in the ambush.\n\n"
        "The army said 12 soldiers were killed in a separate attack in the north.\n"
    )
    a = pipeline.process_text(text, published="2024-03-06")
    assert sorted(q.value for q in a.quantities) == [12.0, 40.0]
    assert a.contradictions == []


@pytest.mark.model
def test_the_subject_of_a_passive_denial_verb_denies_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    # "had been dismissed": fired from a job, not a denial of the report before it
    text = (
        "Dale Morrow, 58, surrendered after two hours of negotiations with police and was charged Saturday "
        "with first-degree murder, the VBC reported.\n\nMorrow had been dismissed\n"
    )
    a = pipeline.process_text(text, published="2024-03-06")
    assert [(q.speaker_text, q.denial) for q in a.quotes] == [("the VBC", False), ("Morrow", True)]
    assert a.contradictions == []


@pytest.mark.model
def test_a_bare_disagreement_answers_no_quote_several_sentences_back(pipeline) -> None:  # type: ignore[no-untyped-def]
    # no paragraph breaks (as scraped); what Hill disagrees with is the narration just before
    text = (
        'The aim of the grant is "to rebuild the harbour walls before winter," Minister Ana Lopes wrote. '
        "In all, the port is to get about $2 million over two years. Work on the walls starts in May. "
        "The mayor used the grant to pay off old debts, a move that has raised concerns among auditors. "
        "Mayor Jon Hill disagrees.\n"
    )
    a = pipeline.process_text(text, published="2024-03-06")
    assert [q.speaker_text for q in a.quotes if q.denial] == ["Mayor Jon Hill"]
    assert a.contradictions == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # two periods, both resolving to the same month
        "The agency said 604 migrants were intercepted at sea last week.\n\n"
        "In the previous week, 254 migrants were intercepted at sea, a spokesman said.\n",
        # a sum over two incidents and one incident's count
        "Gunmen killed seven villagers in Orsk on Saturday, police said. In Belvy, residents said 15 people "
        "were killed.\n\nThe governor said 22 people had died in the two attacks.\n",
        # a part named by its means and the whole
        "The health ministry said 52 people were injured in the shelling of Tolvik.\n\n"
        "A doctor at the city hospital said 17 people were injured by shrapnel.\n",
        # a place's count and the country-wide total; counts for two places
        "A doctor at the central hospital said 5 people were killed in the capital on Tuesday.\n\n"
        "The rights commission said 22 people were killed nationwide.\n",
        "Police said 3 protesters were killed in Marnia on Tuesday.\n\n"
        "A local official said 7 protesters were killed in Tolvik.\n",
        # a round figure and a precise one
        "Officials said 400 migrants were detained at the border on Monday.\n\n"
        "A rights group said 431 migrants were detained at the border.\n",
    ],
)
def test_figures_that_count_different_things_or_agree_within_rounding_do_not_contradict(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    a = pipeline.process_text(text, published="2024-05-20")
    assert [c for c in a.contradictions if c.kind == "figure"] == [], [(q.text, q.category) for q in a.quantities]


@pytest.mark.model
def test_rival_tolls_of_one_incident_still_contradict(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Police opened fire on protesters in Valdora on Sunday, killing at least 12 people, witnesses said. "
        "The interior ministry said 9 people had died.\n"
    )
    a = pipeline.process_text(text, published="2024-05-20")
    figures = [c for c in a.contradictions if c.kind == "figure"]
    ids = {n.id: n for n in a.quantities}
    assert [{ids[c.a].value, ids[c.b].value} for c in figures] == [{12.0, 9.0}]
