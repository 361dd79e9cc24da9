"""Figures right or null (issue 14): a category from the figure's own clause, running totals in the
perfect, passengers on board (real model, invented sentences about invented places)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.records import Article, Quantity

pytestmark = pytest.mark.model

PUBLISHED = "2024-05-20"


def figure(pipeline: Any, text: str, words: str) -> Quantity:
    article: Article = pipeline.process_text(text, published=PUBLISHED)
    found = [q for q in article.quantities if q.text == words]
    assert found, [q.text for q in article.quantities]
    return found[0]


@pytest.mark.parametrize(
    ("text", "words", "category"),
    [
        # coordinated clauses: each figure takes its own clause's verb, never its neighbour's
        ("Officials said 14 people had been killed, 37 injured and over 200 protesters arrested in Valdora.",
         "over 200 protesters", "arrested"),
        ("Officials said 14 people had been killed, 37 injured and over 200 protesters arrested in Valdora.",
         "37", "injured"),
        ("At least 40 people were killed and another 120 wounded in Valdora on Sunday.", "120", "injured"),
        ("Some 60 residents died and 9,000 people were left homeless in Tolvik.", "9,000 people", "displaced"),
        ("Police opened fire on the crowd in Tolvik, killing 3 and injuring 16.", "16", "injured"),
        # a clause on the counted noun itself comes first
        ("Besides the 7 guards killed, 11 were wounded, the ministry said.", "7 guards", "killed"),
        # state verbs and their complements; losing one's life
        ("Eight people died and 23 others went missing off the coast of Marnia.", "23 others", "missing"),
        ("Thirty migrants lost their lives off Marnia on Friday.", "Thirty migrants", "killed"),
        ("A rescue crew saved the lives of 40 migrants off Marnia.", "40 migrants", "other"),
        ("Officials named the 27 people whose lives were lost off Marnia.", "27 people", "killed"),
        # an injury or a lost home named by the verb's preposition; "unaccounted for"
        ("Some 40 people were treated for injuries at the city hospital.", "Some 40 people", "injured"),
        ("At least 300 people have been forced from their homes in Valdora.", "At least 300 people", "displaced"),
        ("About 60 migrants remain unaccounted for after the boat sank.", "About 60 migrants", "missing"),
        # an adjective on the counted noun when no verb above decides
        ("Six wounded villagers reached the clinic in Tolvik on Monday.", "Six wounded villagers", "injured"),
        # a count of a whole passes its noun to the verb above
        ("A total of 310 migrants were rescued and returned to Marnia last week.", "310 migrants", "returned"),
        # evacuation moves people (moved); the whole of a part is not what the verb says of the part
        ("The ministry said 150 of the 2,400 students have been evacuated from Valdora.",
         "150 of the 2,400 students", "moved"),
        ("The ministry said 150 of the 2,400 students have been evacuated from Valdora.",
         "2,400 students", "other"),
        ("Border guards intercepted 75 migrants near Tolvik on Monday.", "75 migrants", "detained"),
        ("Some 40 foreign nationals arrived safely in Tolvik on Sunday.", "Some 40 foreign nationals", "moved"),
        ("Officials said 5,000 people crossed the border into Marnia on Monday.", "5,000 people", "displaced"),
        # a gathering is a crowd count only when the sentence names a protest
        ("Hundreds of families gathered in Tolvik on Monday, planning their escape.", "Hundreds of families", "other"),
        ("About 2,000 people gathered in Tolvik on Monday for a rally against the tax.", "About 2,000 people",
         "participants"),
        # a verb's subject-controlled complement says nothing of its object
        ("Local ambulances have started crossing into Tolvik, each with 20 beds.", "20 beds", "other"),
        ("The shelling forced 300 families to flee Tolvik on Monday.", "300 families", "displaced"),
        # what people try or threaten has not happened
        ("Hundreds of migrants trying to cross the border near Tolvik were turned back.",
         "Hundreds of migrants", "other"),
        ("The gunmen threatened to kill 5 hostages in Valdora on Monday.", "5 hostages", "other"),
        # vehicles stay vehicles whatever verb governs them; a small craft's passengers are on board
        ("Two boats arrived in Tolvik on Friday carrying 90 people.", "Two boats", "transport"),
        ("A small boat carrying 48 migrants sank off Marnia on Tuesday.", "48 migrants", "other"),
        ("A chartered flight carried 212 nationals to Tolvik on Sunday.", "212 nationals", "moved"),
    ],
)  # fmt: skip
def test_category_comes_from_the_figures_own_clause(pipeline: Any, text: str, words: str, category: str) -> None:
    assert figure(pipeline, text, words).category == category


@pytest.mark.parametrize(
    ("text", "words", "cumulative"),
    [
        # a count in the perfect with no incident named is a running total
        ("More than 12,000 people have fled Valdora, officials say.", "More than 12,000 people", True),
        ("The health office said at least 80 civilians have been killed and 300 wounded.", "300", True),
        ("The health office said at least 80 civilians have been killed and 300 wounded.",
         "at least 80 civilians", True),
        # ... but not when the clause names one incident, a day, or the count is an operation's object
        ("Eleven people have been killed in a bombing in Valdora.", "Eleven people", False),
        ("At least 19 migrants have drowned after their boat capsized off Marnia.", "At least 19 migrants", False),
        ("At least 19 migrants have drowned off Marnia on Wednesday.", "At least 19 migrants", False),
        ("At least 59 people have died and dozens are feared missing off Marnia after a fishing boat capsized.",
         "At least 59 people", False),
        ("Soldiers have detained four suspects in Tolvik province.", "four suspects", False),
        # the past perfect of reported speech is one incident's past
        ("A paramedic in Tolvik said at least 10 people had been shot dead.", "at least 10 people", False),
        ("Twelve people died in Valdora.", "Twelve people", False),
    ],
)  # fmt: skip
def test_a_count_in_the_perfect_without_an_incident_is_a_running_total(
    pipeline: Any, text: str, words: str, cumulative: bool
) -> None:
    q = figure(pipeline, text, words)
    assert q.cumulative is cumulative
    if cumulative:
        assert q.event is None and q.as_of == PUBLISHED


def implied(pipeline: Any, text: str) -> list[tuple[str, str]]:
    article: Article = pipeline.process_text(text, published=PUBLISHED)
    return [(q.text, q.category) for q in article.quantities if q.implicit]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a security operation's report counts each person killed or captured (ISAF's convention)
        ("An assault force captured a militant commander in Tolvik province.", [("a militant commander", "detained")]),
        ("The security force returned fire, killing him.", [("him", "killed")]),
        # a known person is not a count: an office holder, a pronoun without a force
        ("Guards detained President Orlan Vesk in the capital of Valdora on Monday.", []),
        ("The regional governor was killed in Tolvik on Friday.", []),
        ("The president said his own guards were detaining him in the palace.", []),
        ("Lena Orlova, 24, was arrested in Valdora on Monday for joining the march.", []),
        ("The assault force killed Dren Kovac, a militant commander, in Tolvik.", [("Dren Kovac", "killed")]),
    ],
)  # fmt: skip
def test_an_implied_count_of_one_only_where_an_operation_counts(
    pipeline: Any, text: str, expected: list[tuple[str, str]]
) -> None:
    assert implied(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a vague share of a total the sentence gives has no number of its own
        ("At least 58 people died, including several children, when the boat sank off Marnia.",
         ["At least 58 people"]),
        ("Soldiers detained 5 suspects, including several militant leaders, in Tolvik.", ["5 suspects"]),
        # ... while a vague count on its own stays (ISAF counts "several" captured)
        ("The force detained several suspected insurgents in Tolvik.", ["several suspected insurgents"]),
    ],
)  # fmt: skip
def test_a_vague_part_of_a_total_is_no_figure(pipeline: Any, text: str, expected: list[str]) -> None:
    article: Article = pipeline.process_text(text, published=PUBLISHED)
    assert [q.text for q in article.quantities] == expected
