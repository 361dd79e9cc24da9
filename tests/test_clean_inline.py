"""Furniture glued inside a paragraph and site banners (issue 14): cut out with its offsets kept,
listed in ``removed``; the body around it stays. Every fixture is invented."""

from __future__ import annotations

import pytest

from eventwire.clean import Cleaned
from eventwire.clean import clean as clean_with
from eventwire.clean.boilerplate import load_boilerplate, shipped_files
from eventwire.read import Source

BOILERPLATE = load_boilerplate(shipped_files())


def _clean(text: str) -> Cleaned:
    c = clean_with(Source(origin="t.txt", body=text), boilerplate=BOILERPLATE)
    assert c.offset_map is not None
    for start, src, n in c.offset_map.segments:  # every kept character still points at itself
        assert c.text[start : start + n] == text[src : src + n]
    return c


def _reason_of(c: Cleaned, piece: str) -> str | None:
    return next((r.reason for r in c.removed if piece in r.text), None)


def test_a_posting_line_glued_into_the_lead_is_cut_and_dates_the_page() -> None:
    text = (
        "Hundreds queue for the ferry out of Tamsk WIRE Posted at Mar 4 2024 09:15 AM Residents crowded "
        "the pier on Monday as officials in Arvenia closed the road."
    )
    c = _clean(text)
    assert "Posted at" not in c.text and "Residents crowded the pier on Monday" in c.text
    assert _reason_of(c, "Posted at Mar 4 2024") == "date_line"
    assert (c.published, c.published_evidence) == ("2024-03-04", "published_line")


def test_a_caption_with_its_credit_inside_a_paragraph_is_cut() -> None:
    text = (
        "The mayor said the road would reopen. Volunteers carry sandbags near the bridge in Tamsk. "
        "Credit:Getty Images As the water rose, officials in Arvenia moved 40 families."
    )
    c = _clean(text)
    assert "Volunteers carry sandbags" not in c.text
    assert c.text == "The mayor said the road would reopen. As the water rose, officials in Arvenia moved 40 families."
    assert _reason_of(c, "Credit:Getty Images") == "caption"


def test_a_trailing_subscribe_plug_is_cut() -> None:
    c = _clean(
        "Guards fired tear gas at the crowd, a correspondent reports. Subscribe to [club123|@Lantern] Source: Lantern"
    )
    assert c.text == "Guards fired tear gas at the crowd, a correspondent reports."
    assert _reason_of(c, "Subscribe to") == "promotion"


@pytest.mark.parametrize("banner", ["Arvenia World", "Lantern Report", "EventsEventsPodcasts", "news-picture"])
def test_a_site_banner_before_the_headline_is_removed(banner: str) -> None:
    c = _clean(f"{banner}\n\nFerry crossing closed in Arvenia\n\nGuards closed the Tamsk crossing on Monday.")
    assert _reason_of(c, banner) == "site_banner"
    assert c.title == "Ferry crossing closed in Arvenia"


def test_a_short_headline_is_no_banner() -> None:
    c = _clean("Protests in Arvenia\n\nThousands marched in Tamsk on Monday.")
    assert c.title == "Protests in Arvenia" and _reason_of(c, "Protests in Arvenia") == "title"
    c = _clean("Floods Hit Tamsk\n\nTAMSK (Wire) — Rivers burst their banks on Monday.")
    assert "Floods Hit Tamsk" in c.text or c.title == "Floods Hit Tamsk"


def test_a_donation_plea_runs_on_after_its_plug_line_until_the_report_starts() -> None:
    text = (
        "Tamsk crossing closed\n\n"
        "Your support helps us to tell the story\n"
        "From floods to elections, The Lantern is on the ground when the story breaks, and we know it matters.\n"
        "At such a moment we need reporters on the ground. Your donation allows us to keep them there.\n"
        "Your support makes all the difference.Guards in Arvenia closed the Tamsk crossing on Monday.\n"
        "We saw 40 people turned back, a local official said."
    )
    c = _clean(text)
    assert c.text.startswith("Guards in Arvenia closed the Tamsk crossing on Monday.")
    assert "We saw 40 people turned back" in c.text  # first-person speech outside a plea stays
    assert [r.reason for r in c.removed if "Lantern" in r.text or "reporters" in r.text] == ["promotion", "promotion"]


@pytest.mark.parametrize(
    ("text", "piece", "reason"),
    [
        ("(SYNDIC- WIRE) Tamsk, Nov 19 (WIRE) The agency said 60 people were returned.", "(SYNDIC- WIRE)", "byline"),
        (
            "The camp near Tamsk, Monday, May 1, 2024 © Jane Doe/Agency\nOfficials said 40 people arrived.",
            "© Jane Doe",
            "caption",
        ),
        ("Guards fired tear gas.\n/ AP\nThe crowd left.", "/ AP", "photo_credit"),
    ],
)
def test_tags_captions_and_credit_fragments(text: str, piece: str, reason: str) -> None:
    c = _clean(text)
    assert piece not in c.text and _reason_of(c, piece) == reason
