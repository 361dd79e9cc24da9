"""Publication-date inference from explicit dates and weekday names (invented texts)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.clean.published import (
    date_from_url,
    dated_weekday_dates,
    explicit_dates,
    infer_published,
    month_day_to_date,
    normalise_date,
    past_weekdays,
    stated_published,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def test_explicit_dates_in_several_forms() -> None:
    text = "On Nov. 16, 2021 and 3 March 2022, then 2020-01-05; not May 5 (no year) nor Feb 30, 2021."
    assert explicit_dates(text) == [dt.date(2021, 11, 16), dt.date(2022, 3, 3), dt.date(2020, 1, 5)]


def test_dates_after_today_are_ignored() -> None:
    assert explicit_dates("The summit on Jan. 5, 2031 was planned.", today=dt.date(2026, 1, 1)) == []


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Officials said Friday that talks failed.", [FRI]),
        ("The camp was cleared on Thursday.", [THU]),
        ("It happened early Tuesday, police said.", [TUE]),
        ("The border will close starting Sunday.", []),
        ("Ministers will meet on Monday.", []),
        ("He said it would reopen next Wednesday.", []),
        ("Markets reopen Monday.", [MON]),
        ("Protests are held on Fridays.", []),
        ("The vote, held last Sunday, was disputed.", []),
        ("She said Saturday that the talks, which will resume Monday, were useful.", [SAT]),
    ],
)
def test_past_weekdays(text: str, days: list[int]) -> None:
    assert past_weekdays(text) == days


def test_publication_day_is_the_latest_mentioned_weekday_after_the_anchor() -> None:
    # caption date Tue 2021-11-16; "Thursday" and "Friday" mentioned -> published Friday 19th
    text = (
        "Migrants at the fence on Nov. 16, 2021. The camp was cleared Thursday. "
        "Officials said Friday the standoff continues, and rail traffic will stop starting Sunday."
    )
    got = infer_published(text)
    assert got is not None and got.date == dt.date(2021, 11, 19) and got.anchor == dt.date(2021, 11, 16)


def test_weekday_wrapping_over_the_weekend() -> None:
    # anchor Fri 2022-06-03; "Saturday" and "Monday" mentioned -> Monday 6th (Saturday two days before)
    text = "A photo from June 3, 2022. Crowds gathered Saturday. On Monday the minister resigned."
    got = infer_published(text)
    assert got is not None and got.date == dt.date(2022, 6, 6)


def test_anchor_day_itself_can_be_the_publication_day() -> None:
    got = infer_published("The report was released Wednesday by the ministry.", captions="Officials on March 8, 2023.")
    assert got is not None and got.date == dt.date(2023, 3, 8)  # a Wednesday


def test_a_body_date_alone_is_a_weak_anchor() -> None:
    # a full date in the body is usually about another year: one weekday is not enough support
    text = "On July 6, 2015, the senator made a claim. On Monday, the fact-checkers announced a review."
    assert infer_published(text) is None
    # the same date in a caption is trusted
    got = infer_published("On Monday, the fact-checkers announced a review.", captions="The senator on July 6, 2015.")
    assert got is not None and got.date == dt.date(2015, 7, 6)


def test_a_date_written_with_its_weekday_is_trusted() -> None:
    assert [d.isoformat() for d in dated_weekday_dates("Correction: October 2, 2016, Sunday.")] == ["2016-10-02"]
    assert dated_weekday_dates("Correction: October 2, 2016, Monday.") == []  # wrong weekday
    got = infer_published("Correction: Sunday, Oct. 2, 2016. An earlier version was wrong, editors said Sunday.")
    assert got is not None and got.date == dt.date(2016, 10, 2)


def test_no_inference_without_year_or_weekday() -> None:
    assert infer_published("Officials said Friday the border was shut.") is None
    assert infer_published("The border was shut on Nov. 16, 2021.") is None


def test_normalise_date() -> None:
    assert normalise_date("2021-11-19T08:00:00+00:00") == "2021-11-19"
    assert normalise_date("Nov 19, 2021") == "2021-11-19"
    assert normalise_date("19 November") is None
    assert normalise_date("not a date") is None
    assert normalise_date("2021-02-30") is None


def test_date_from_url() -> None:
    assert date_from_url("https://news.test/2021/11/19/world/story.html") == "2021-11-19"
    assert date_from_url("https://news.test/story-20211119/") is None
    assert date_from_url("https://news.test/a/20211119/b") == "2021-11-19"
    assert date_from_url(None) is None


def test_month_day_takes_year_from_hints() -> None:
    assert month_day_to_date("Nov 19", [dt.date(2021, 11, 16)]) == "2021-11-19"
    assert month_day_to_date("Jan 2", [dt.date(2021, 12, 30)]) == "2022-01-02"
    assert month_day_to_date("Nov 19", []) is None
    assert month_day_to_date("Nov. 19, 2020", []) == "2020-11-19"


def test_weekday_names_that_are_not_days() -> None:
    assert past_weekdays("The Sunday Times reported it. Protests are held on Fridays.") == []
    assert past_weekdays("police said on thursday night that two men were held.") == [THU]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("This story is from March 10, 2002\n\nnew delhi: police said", "2002-03-10"),
        ("Headline\n\nFirst published on Fri 19 Nov 2021 10.00 GMT\nBody.", "2021-11-19"),
        ("Published: Friday, November 19, 2021", "2021-11-19"),
        ("The report was published on May 5, 2001, officials said.", None),
        ("Updated: Nov 19, 2021", None),
    ],
)
def test_stated_publication_date(text: str, date: str | None) -> None:
    assert stated_published(text) == date
