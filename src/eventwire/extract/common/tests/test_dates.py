"""Relative date resolution (extract/dates.py) against a fixed publication date: Friday 2021-11-19."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.extract.common.dates import parse_published, resolve

PUB = date(2021, 11, 19)  # a Friday


@pytest.mark.parametrize(
    ("words", "tense", "expected"),
    [
        ("Friday", "past", "2021-11-19"),  # the publication day itself
        ("Friday morning", "past", "2021-11-19"),
        ("on Thursday", "past", "2021-11-18"),
        ("Thursday", "future", "2021-11-25"),
        ("starting Sunday", "future", "2021-11-21"),
        ("Sunday", "past", "2021-11-14"),
        ("last Friday", "past", "2021-11-12"),
        ("next Monday", "past", "2021-11-22"),
        ("yesterday", "past", "2021-11-18"),
        ("today", "past", "2021-11-19"),
        ("tomorrow", "future", "2021-11-20"),
        ("this week", "past", "2021-11"),
        ("earlier in the week", "past", "2021-11"),
        ("last week", "past", "2021-11"),
        ("last month", "past", "2021-10"),
        ("this year", "past", "2021"),
        ("last year", "past", "2020"),
        ("in May", "past", "2021-05"),
        ("in December", "past", "2020-12"),  # a past December before a November publication
        ("in December", "future", "2021-12"),
        ("May 2019", "past", "2019-05"),
        ("Nov. 16, 2021", "past", "2021-11-16"),
        ("16 November", "past", "2021-11-16"),
        ("December 3", "past", "2020-12-03"),
        ("September 29", "past", "2021-09-29"),
        ("2019", "past", "2019"),
        ("2021-11-16", "past", "2021-11-16"),
        ("two days ago", "past", "2021-11-17"),
        ("3 months ago", "past", "2021-08"),
    ],
)
def test_resolves_against_publication_date(words: str, tense: str, expected: str) -> None:
    assert resolve(words, PUB, tense) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("words", ["in recent days", "for weeks", "the second day", "months-long", "", "soon"])
def test_vague_words_resolve_to_nothing(words: str) -> None:
    assert resolve(words, PUB) is None


def test_a_week_across_two_months_is_a_year() -> None:
    # Monday 2021-11-29 .. Sunday 2021-12-05: no single month holds it.
    assert resolve("this week", date(2021, 12, 1)) == "2021"


def test_without_publication_date_only_explicit_dates_resolve() -> None:
    assert resolve("Thursday", None) is None
    assert resolve("in May", None) is None
    assert resolve("Nov. 16, 2021", None) == "2021-11-16"
    assert resolve("2019", None) == "2019"


def test_parse_published() -> None:
    assert parse_published("2021-11-19") == PUB
    assert parse_published("2021-11-19T10:00:00") == PUB
    assert parse_published(None) is None
    assert parse_published("19/11/2021") is None
