"""Publication date and scraper metadata (issue 14): shown dates in their common forms, URL dates,
a leading URL/date read as metadata, a written date beating weekday inference. Fixtures invented."""

from __future__ import annotations

import pytest

from eventwire.clean import Cleaned
from eventwire.clean import clean as clean_with
from eventwire.clean.boilerplate import load_boilerplate, shipped_files
from eventwire.clean.published import date_from_url, parse_shown_date, shown_date
from eventwire.read import Source

BOILERPLATE = load_boilerplate(shipped_files())

BODY = "Border guards in Arvenia said on Friday they had turned back 40 people at the Tamsk crossing."


def _clean(text: str, **kw: str) -> Cleaned:
    return clean_with(Source(origin="t.txt", body=text, **kw), boilerplate=BOILERPLATE)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shown", "iso"),
    [
        ("15.11.2021", "2021-11-15"),
        ("11/15/2021", "2021-11-15"),
        ("15/11/2021", "2021-11-15"),
        ("5/3/2023", "2023-05-03"),
        ("09th November 2021", "2021-11-09"),
        ("Nov. 16, 2021", "2021-11-16"),
        ("2021-11-16", "2021-11-16"),
        ("31.02.2021", None),
    ],
)
def test_parse_shown_date(shown: str, iso: str | None) -> None:
    assert parse_shown_date(shown) == iso


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Tue 09th November 2021", "2021-11-09"),
        ("November 16, 2021 at 3:04 p.m.", "2021-11-16"),
        ("15.11.2021", "2021-11-15"),
        ("11/15/2021, 9:41:59 PM", "2021-11-15"),
        ("Jana Novak, Tuesday 16 Nov 2021", "2021-11-16"),
        ("Posted by editor on 2021-11-16 |", "2021-11-16"),
        ("WIRE Posted at Nov 16 2021 04:31 PM", "2021-11-16"),
    ],
)
def test_a_shown_date_beats_weekday_inference(line: str, iso: str) -> None:
    # "said on Friday" with a later weekday would let inference move the date; the shown date wins
    c = _clean(f"Ferry crossing closed in Arvenia\n\n{line}\n\n{BODY}\n\nOn Nov. 12, 2021, talks failed.")
    assert (c.published, c.published_evidence) == (iso, "date_line")
    assert c.published_inferred is False
    assert line not in c.text


def test_shown_date_skips_long_lines_and_photo_captions() -> None:
    text = "A long sentence that happens to mention November 16, 2021 while reporting many other things at length.\n"
    assert shown_date(text) is None
    caption = "A camp on Nov. 16, 2021. (Photo: Lantern Wire)"
    assert shown_date(caption + "\n", captions=[caption]) is None
    assert shown_date("16.11.2021\n17.11.2021\n", url_hint="2021-11-17") == "2021-11-17"


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://example.org/world/2021/nov/16/ferry-closed", "2021-11-16"),
        ("https://example.org/2021/11/16/ferry-closed/", "2021-11-16"),
        ("https://example.org/news/20211116/ferry", "2021-11-16"),
        ("https://example.org/2021/foo/16/ferry", None),
        ("https://example.org/2021/11/ferry", None),
    ],
)
def test_date_from_url(url: str, iso: str | None) -> None:
    assert date_from_url(url) == iso


def test_leading_url_and_date_lines_are_metadata() -> None:
    c = _clean(f"https://example.org/story/ferry\ndate 2021-11-16\n\n{BODY}")
    assert (c.published, c.published_evidence, c.published_inferred) == ("2021-11-16", "metadata", False)
    assert c.url == "https://example.org/story/ferry"
    assert c.text == BODY
    assert [(r.reason, r.text) for r in c.removed] == [
        ("metadata", "https://example.org/story/ferry"),
        ("metadata", "date 2021-11-16"),
    ]


def test_a_date_marker_glued_to_the_first_sentence_is_metadata_and_offsets_hold() -> None:
    raw = f" date 2021-11-16 {BODY}\n\nMore followed."
    c = _clean(raw)
    assert c.published == "2021-11-16" and c.published_evidence == "metadata"
    assert c.text.startswith("Border guards")
    assert c.offset_map is not None
    start = c.offset_map.to_input(0)
    assert start is not None and raw[start:].startswith("Border guards")


def test_given_metadata_wins_over_the_text_marker() -> None:
    c = _clean(f"date 2021-11-16\n\n{BODY}", published="2021-11-20", url="https://example.org/a")
    assert c.published == "2021-11-20" and c.url == "https://example.org/a"


def test_a_date_marker_later_in_the_text_is_body() -> None:
    c = _clean(f"{BODY}\n\ndate 2021-11-16 was set for the talks.")
    assert "date 2021-11-16 was set" in c.text
