"""Page furniture as scrapers deliver it (issue 14): removed before any stage sees it, each piece
listed in ``removed`` with its reason; body sentences stay. Every fixture is invented."""

from __future__ import annotations

import pytest

from eventwire.clean import Cleaned
from eventwire.clean import clean as clean_with
from eventwire.clean.boilerplate import load_boilerplate, shipped_files
from eventwire.read import Source

BOILERPLATE = load_boilerplate(shipped_files())

BODY = "Border guards in Arvenia turned back 40 people at the Tamsk crossing on Monday, officials said."
"""An invented body sentence that must survive every fixture."""


def _clean(text: str, **kw: str) -> Cleaned:
    return clean_with(Source(origin="t.txt", body=text, **kw), boilerplate=BOILERPLATE)  # type: ignore[arg-type]


def _reason_of(c: Cleaned, piece: str) -> str | None:
    return next((r.reason for r in c.removed if piece in r.text), None)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # video-player and browser notices
        ("This video is no longer available.", "player_notice"),
        ("Your browser does not support the video tag.", "player_notice"),
        ("Please enable JavaScript to watch this clip", "player_notice"),
        ("Hold on - we are checking your access before loading more content", "player_notice"),
        ("Close Foobar banner", "player_notice"),
        # newsletter, app and channel promotions
        ("Download the Daily Lantern app for breaking alerts", "promotion"),
        ("Subscribe to our channel https://example.org/sub", "share_line"),
        ("Follow us on Twitter https://example.org/lantern", "share_line"),
        ("Sign up for our morning newsletter", "share_line"),
        # donation plugs
        ("Your support helps us keep reporting from the frontier.", "promotion"),
        ("Independent reporting costs money. Your donation allows us to keep our reporters in the field.", "promotion"),
        ("Support independent journalism", "share_line"),
        # related stories, share bars, navigation, comment forms
        ("Related stories", "site_chrome"),
        ("ALSO READ: Ferry strike enters third week", "site_chrome"),
        ("Read more here", "site_chrome"),
        ("Share on Facebook", "share_line"),
        ("Leave a Reply", "site_chrome"),
        ("Your email address will not be published. Required fields are marked *", "site_chrome"),
        ("Back to top button", "site_chrome"),
        ("Accessibility links", "site_chrome"),
        ("Breaking News", "site_chrome"),
        ("3 min read", "site_chrome"),
        ("• 0", "site_chrome"),
        ("[…]", "site_chrome"),
        ("ferry-crossing-01.jpg", "site_chrome"),
        ("#Arvenia #Tamsk #FerryStrike", "site_chrome"),
        ('<image>data:image/x-test;base64,AAAA" alt="logo"</image>', "site_chrome"),
        # "press release" labels and cookie text
        ("Press release", "site_chrome"),
        ("We use cookies to improve your experience on this site.", "site_chrome"),
        # disclaimers and editor's notes
        ("Disclaimer: This post was published from an agency feed without changes.", "notice"),
        ("Editor's note: This story contains graphic descriptions of violence.", "notice"),
        # bylines, date and posting lines
        ("- By Jana Novak, Piotr Lis and Ana Ruiz", "byline"),
        ("Posted by editor on 2022-03-14 |", "byline"),
        ("Text by: Lantern Radio", "byline"),
        ("With our correspondent in Tamsk, Jana Novak", "byline"),
        ("(With inputs from agencies)", "byline"),
        ("(ansa)", "byline"),
        ("3/14/2022, 8:12:05 AM", "date_line"),
        ("Tue 15th March 2022", "date_line"),
        ("March 15, 2022 at 3:04 p.m.", "date_line"),
        ("Jana Novak, Tuesday 15 Mar 2022", "date_line"),
        ("WIRE Posted at Mar 15 2022 04:31 PM", "date_line"),
        ("Updated:", "site_chrome"),
    ],
)
def test_furniture_line_is_removed_with_its_reason(line: str, reason: str) -> None:
    c = _clean(f"Ferry crossing closed in Arvenia\n\n{line}\n\n{BODY}")
    assert line.strip() not in c.text
    assert BODY in c.text
    assert _reason_of(c, line.strip()) == reason


@pytest.mark.parametrize(
    "caption",
    [
        "Travellers wait at the Tamsk ferry terminal on Monday. (Photo: Lantern Wire)",
        "People queue for buses at the terminal. -AP",
        "Caption: Families wait at the ferry gate (Photo credit: Jana Novak/Lantern)",
        "Travellers wait at the Tamsk ferry terminal after the strike began. Taken March 14, 2022.",
        "Travellers wait at the Tamsk ferry terminal for a boat to the islands REUTERS",
        "Travellers wait at the Tamsk ferry terminal for a boat. PHOTO: SCREENGRAB FROM A MAP SERVICE",
    ],
)
def test_photo_captions_and_credits_are_removed(caption: str) -> None:
    c = _clean(f"{BODY}\n\n{caption}\n\nThe ferry company said service would resume next week.")
    assert "terminal" not in c.text and "ferry gate" not in c.text
    assert BODY in c.text
    assert any(r.reason in ("caption", "photo_credit") for r in c.removed)


def test_repeated_headline_and_standfirst_keep_one_copy() -> None:
    head = "Ferry crossing closed in Arvenia"
    stand = "Hundreds of travellers were stranded after the ferry stopped."
    c = _clean(f"{head}\n\n{stand}\n\n{head}\n\n{stand}\n\n{BODY}")
    assert c.title == head
    assert c.text.count(stand) == 1 and head not in c.text
    assert [r.reason for r in c.removed if r.reason == "repeated"] == ["repeated", "repeated"]


def test_body_sentences_that_look_like_furniture_stay() -> None:
    body = (
        "The ministry said the video is still being examined by investigators.\n\n"
        "Police posted at 12 checkpoints around Tamsk stopped buses leaving the city on Tuesday.\n\n"
        "Your support for the ceasefire is welcome, the envoy told the two delegations at the talks "
        "in Tamsk on Tuesday, adding that both sides had agreed to exchange prisoners next week.\n\n"
        "Some 2,000 people crossed on March 15, 2022, the ministry said."
    )
    c = _clean(body)
    for sentence in body.split("\n\n"):
        assert sentence in c.text


def test_a_plug_glued_to_the_first_body_sentence_keeps_the_body() -> None:
    glued = "Your support makes all the difference." + BODY + " " + " ".join(["More details followed."] * 5)
    c = _clean(f"{glued}\n\nThe ferry company said service would resume.")
    assert BODY in c.text
