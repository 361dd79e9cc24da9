"""Cleaning: boilerplate, captions and credits, bylines, title, dateline, quotes, HTML, language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.clean import Cleaned
from eventwire.clean import clean as clean_with
from eventwire.clean.boilerplate import load_boilerplate, shipped_files
from eventwire.clean.dateline import find_dateline
from eventwire.clean.quotes import normalise_quote_pairs
from eventwire.clean.text import clean_text
from eventwire.errors import InputError, KnowledgeError
from eventwire.read import Source, iter_sources

BOILERPLATE = load_boilerplate(shipped_files())


def clean(source: Source, **kw: Any) -> Cleaned:
    """Cleaning with the shipped boilerplate patterns (a pipeline passes its knowledge's)."""
    return clean_with(source, boilerplate=BOILERPLATE, **kw)


DATA = Path(__file__).parent / "data"


def _clean(text: str, **kw: object) -> Cleaned:
    return clean(Source(origin="t.txt", body=text, **kw))  # type: ignore[arg-type]


def _reasons(c: Cleaned) -> list[tuple[str, str]]:
    return [(r.reason, r.text) for r in c.removed if r.reason != "quote_normalised"]


# -- boilerplate knowledge -------------------------------------------------------------------


def test_shipped_patterns_load() -> None:
    assert shipped_files(), "knowledge/boilerplate has no pattern file"
    bp = BOILERPLATE
    assert {r.reason for r in bp.rules} >= {"site_chrome", "share_line", "byline"}
    assert bp.credit is not None


def test_bad_pattern_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("lines:\n  - reason: x\n    patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.yaml"):
        load_boilerplate([bad])


def test_user_pattern_file_extends(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("lines:\n  - reason: promo\n    patterns: ['buy the print edition']\n", encoding="utf-8")
    bp = load_boilerplate([*shipped_files(), extra])
    assert bp.line_reason("Buy the print edition today") == "promo"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("fb-pixel Skip to main content", "site_chrome"),
        ("Skip to content", "site_chrome"),
        ("ADVERTISEMENT", "site_chrome"),
        ("Story continues below advertisement", "site_chrome"),
        ("We use cookies to give you the best experience.", "site_chrome"),
        ("Share this article", "share_line"),
        ("Share on Facebook", "share_line"),
        ("Sign up for our morning briefing", "share_line"),
        ("Subscribe to our newsletter", "share_line"),
        ("Get the latest news delivered to your inbox", "share_line"),
        ("By Jane Doe", "byline"),
        ("By JANE DOE and Tom Roe, Reuters", "byline"),
        ("Reporting by Jan Nowak; Editing by Ann Smith", "byline"),
        ("Associated Press writer Ola Berg in Oslo contributed to this report.", "byline"),
        ("BY JANE DOE", "byline"),
        ("Image source, Getty Images", "photo_credit"),
        ("Image caption, Migrants have camped at the fence for weeks", "caption"),
        ("Related Topics", "site_chrome"),
        ("Follow AP's coverage of migration at https://apnews.test/hub/migration", "share_line"),
        ("Last modified on Fri 19 Nov 2021 13.28 GMT", "site_chrome"),
        ("This story is from March 10, 2002", "site_chrome"),
        ("https://t.example/abc", "site_chrome"),
    ],
)
def test_boilerplate_lines(line: str, reason: str) -> None:
    assert BOILERPLATE.line_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "By Friday, the camp had been cleared.",
        "By the end of the week, 300 people had crossed.",
        "The newsletter was banned last year after it reported on the border and the detentions of migrants.",
        "Share prices fell on Monday as the border stayed closed, traders said.",
        "Police said the cookie factory near the border had been closed since October.",
        "Features of the plan were agreed on Friday, officials said.",
        "Published on Friday, the report said the border was closed.",
        "AP reporters saw dozens of people at the fence.",
    ],
)
def test_body_sentences_are_not_boilerplate(line: str) -> None:
    bp = BOILERPLATE
    assert bp.line_reason(line) is None
    assert bp.split_credit(line) is None


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Guards patrol the fence on May 3, 2022. Tension is rising.JANE ROE/NYT",
            "Tension is rising.",
            "JANE ROE/NYT",
        ),
        ("Guards patrol the fence. (AP Photo/Jan Nowak)", "Guards patrol the fence.", "(AP Photo/Jan Nowak)"),
        ("A camp near the river. REUTERS/Kacper Nowak", "A camp near the river.", "REUTERS/Kacper Nowak"),
        ("Police stand guard. Ola Berg/AP", "Police stand guard.", "Ola Berg/AP"),
        ("JANE ROE/AFP via Getty Images", "", "JANE ROE/AFP via Getty Images"),
        ("Photo: Jan Nowak/Reuters", "", "Photo: Jan Nowak/Reuters"),
    ],
)
def test_captions_and_credits(line: str, caption: str, credit: str) -> None:
    got = BOILERPLATE.split_credit(line)
    assert got is not None
    assert got[0].endswith(caption) and got[1] == credit


def test_credit_needs_a_sentence_end_before_it() -> None:
    assert BOILERPLATE.split_credit("Talks were held between the EU/NATO") is None


# -- the invented messy report (same kinds of mess as a scraped news page) -------------------


def test_messy_report_fixture() -> None:
    raw = (DATA / "messy_report.txt").read_text(encoding="utf-8")
    (src,) = iter_sources([str(DATA / "messy_report.txt")])
    assert isinstance(src, Source)
    c = clean(src)
    assert c.title == "River dispute flares as Arvenia closes ferry crossing to Beldova"
    reasons = _reasons(c)
    assert ("site_chrome", "Skip to main content") in reasons
    assert ("site_chrome", "Advertisement") in reasons
    assert ("photo_credit", "MARTA KOVAL/AFP via Getty Images") in reasons
    assert any(r == "caption" and t.startswith("Ferry passengers wait") for r, t in reasons)
    assert ("byline", "By Jonas Pell and Irina Sava") in reasons
    assert ("share_line", "Share this article") in reasons
    assert ("share_line", "Sign up for our daily newsletter") in reasons
    assert ("byline", "Reporting by Paul Neri; Editing by Anna Bork") in reasons
    assert ("title", c.title) in reasons
    # every line of the input is either in the text or in removed (nothing silently lost)
    removed_texts = {r.text for r in c.removed}
    for line in (ln.strip() for ln in raw.splitlines()):
        if not line:
            continue
        in_text = re.sub(r"[‘’]{2}", "", line) in re.sub(r"[“”]", "", c.text)
        in_removed = line in removed_texts or any(part and part in line for part in removed_texts if len(part) > 10)
        assert in_text or in_removed, line
    # no body sentence is lost
    for sentence in (
        "Arvenia closed its only ferry crossing",
        "summoned the Arvenian ambassador",
        "About 300 travellers were turned back.",
        "“We will not let our river become a highway",
    ):
        assert sentence in c.text
    assert c.dateline is not None and c.dateline.text == "TAMSK, Arvenia (AP) —"
    assert c.text[c.dateline.start : c.dateline.end] == c.dateline.text
    # caption date March 2, 2023 (a Thursday) is the lower bound; "said Saturday"/"on Friday" -> Saturday 4th
    assert (c.published, c.published_inferred, c.published_evidence) == ("2023-03-04", True, "text")
    assert c.language == "en"
    assert "‘’" not in c.text and "“baseless and provocative”" in c.text
    assert sum(r.reason == "quote_normalised" for r in c.removed) == 4


# -- title -----------------------------------------------------------------------------------


def test_title_from_metadata_is_removed_from_the_top() -> None:
    c = _clean("Border closed\n\nWARSAW — The border was closed.", title="Border closed")
    assert c.text == "WARSAW — The border was closed." and c.title == "Border closed"
    assert ("title", "Border closed") in _reasons(c)


def test_first_paragraph_sentence_is_not_a_title() -> None:
    c = _clean("The border was closed on Friday.\n\nMigrants waited in the cold.")
    assert c.title is None and c.text.startswith("The border was closed")


def test_wrapped_first_line_is_not_a_title() -> None:
    c = _clean("The border guards said that they had seen\nmore people than ever.\n\nMore text.")
    assert c.title is None


def test_single_line_text_has_no_title() -> None:
    c = _clean("Migrants stranded at border")
    assert c.title is None and c.text == "Migrants stranded at border"


# -- dateline --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("MOSCOW — Putin spoke.", "MOSCOW —"),
        ("WARSAW, Poland (AP) — Poland said.", "WARSAW, Poland (AP) —"),
        ("KYIV, Nov 19 (Reuters) - Ukraine said.", "KYIV, Nov 19 (Reuters) -"),
        ("NEW YORK – Markets fell.", "NEW YORK –"),
        (
            "KABUL, Afghanistan (Nov. 20, 2011)\nA coalition force detained two men.",
            "KABUL, Afghanistan (Nov. 20, 2011)",
        ),
        (
            "Joint Command\nFor Immediate Release\n\nKABUL, Afghanistan (Nov. 20, 2011)\nText.",
            "KABUL, Afghanistan (Nov. 20, 2011)",
        ),
        ("KABUL\nThe force left.", None),
        ("Poland — a NATO member — said.", None),
        ("The minister — who spoke — said.", None),
    ],
)
def test_dateline(text: str, dateline: str | None) -> None:
    found = find_dateline(text)
    assert (found.span.text if found else None) == dateline
    if found is not None:
        assert text[found.span.start : found.span.end] == found.span.text


def test_dateline_date_gives_published_with_year_from_text() -> None:
    c = _clean("KYIV, Nov 19 (Reuters) - The talks of Nov. 12, 2021 failed, officials said.")
    assert (c.published, c.published_evidence, c.published_inferred) == ("2021-11-19", "dateline", False)


# -- quotes ----------------------------------------------------------------------------------


def test_quote_pairs_become_double_quotes() -> None:
    line, pairs = normalise_quote_pairs("He said ‘’no,’’ and ''yes'' (‘’maybe’’).")
    assert line == "He said “no,” and “yes” (“maybe”)."
    assert pairs == ["‘’", "’’", "''", "''", "‘’", "’’"]


def test_single_apostrophes_are_kept() -> None:
    assert normalise_quote_pairs("Poland’s guards said ‘no’.") == ("Poland’s guards said ‘no’.", [])


def test_quote_replacements_are_recorded_with_lines() -> None:
    c = _clean("Title line here\n\nFirst.\n\n‘’Quote,’’ he said.")
    assert "“Quote,” he said." in c.text
    assert [(r.text, r.line) for r in c.removed if r.reason == "quote_normalised"] == [("‘’", 5), ("’’", 5)]


# -- characters, language ----------------------------------------------------------------------


def test_control_characters_and_line_ends() -> None:
    c = _clean("First line.\r\nSecond\x07 line.\rThird\u2028line.")
    assert c.text == "First line.\nSecond line.\nThird\nline."
    assert any("control" in w for w in c.warnings)


def test_language_detection_and_warning() -> None:
    ru = _clean("Пограничный комитет Беларуси ответил Польше в письме в пятницу, заявив, что угрозы нет.")
    assert ru.language == "ru" and any("not English" in w for w in ru.warnings)
    en = _clean("Polish border guards said on Friday they had detained twenty migrants near the crossing.")
    assert en.language == "en" and not en.warnings
    assert _clean("OK").language is None


def test_reading_warnings_are_carried() -> None:
    c = clean(Source(origin="x", body="Some text here.", warnings=("removed 2 NUL character(s) from the text",)))
    assert c.warnings == ["removed 2 NUL character(s) from the text"]


def test_too_long_text_is_refused() -> None:
    with pytest.raises(InputError) as e:
        clean(Source(origin="big.txt", body="word " * 1000), max_chars=100)
    assert e.value.reason == "too_large" and "big.txt" in str(e.value)


# -- HTML --------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Ferry shut | Daily Test</title>
<meta property="og:title" content="Arvenia shuts ferry crossing">
<meta property="article:published_time" content="2023-03-04T09:00:00Z">
<meta property="og:site_name" content="Daily Test"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Arvenia shuts ferry crossing</h1>
<p>TAMSK, Arvenia (AP) — Arvenia closed its ferry crossing to Beldova on Saturday, officials said.</p>
<p>Share this article</p>
<p>Beldova called the move ‘’baseless’’ and summoned the ambassador on Friday.</p></article>
<footer>Cookie policy. All rights reserved.</footer><script>track()</script></body></html>"""


def test_html_article() -> None:
    c = clean(Source(origin="p.html", body=PAGE, format="html"))
    assert c.title == "Arvenia shuts ferry crossing"
    assert c.text.startswith("TAMSK, Arvenia (AP) — Arvenia closed")
    assert "Share this article" not in c.text and "track()" not in c.text and "Home" not in c.text
    assert "“baseless”" in c.text
    assert (c.published, c.published_evidence) == ("2023-03-04", "html_meta")
    assert c.source == "Daily Test"
    assert c.dateline is not None and c.dateline.text == "TAMSK, Arvenia (AP) —"
    dropped = [r.text for r in c.removed if r.reason == "html_boilerplate"]
    assert "Home World" in dropped and any("Cookie policy" in d for d in dropped)


def test_html_of_only_scripts_and_styles_is_no_content() -> None:
    page = "<html><head><style>p{color:red}</style><script>var a=1;</script></head><body><script>go()</script></body></html>"
    with pytest.raises(InputError) as e:
        clean(Source(origin="s.html", body=page, format="html"))
    assert e.value.reason == "no_content"


def test_cli_date_overrides_inference_not_metadata() -> None:
    text = "Guards said on Friday they had seen 50 people.\n\nA camp on Nov. 16, 2021. (AP Photo/Jan Nowak)"
    assert clean(Source(origin="a", body=text), published="2021-12-01").published_evidence == "cli"
    meta = clean(Source(origin="a", body=text, published="Nov 18, 2021"), published="2021-12-01")
    assert (meta.published, meta.published_evidence) == ("2021-11-18", "metadata")
    assert clean(Source(origin="a", body=text)).published == "2021-11-19"


def test_url_date() -> None:
    c = clean(Source(origin="a", body="No dates in here at all.", url="https://news.test/world/2022/03/05/story"))
    assert (c.published, c.published_evidence) == ("2022-03-05", "url")


def test_clean_text_keeps_offsets_consistent() -> None:
    r = clean_text("Head line\n\nMOSCOW — Body.\nSecond line.\n\n\n\nThird para.", BOILERPLATE)
    assert r.text == "MOSCOW — Body.\nSecond line.\n\nThird para."


@pytest.mark.slow
def test_huge_single_line_text_cleans_in_linear_time() -> None:
    body = ("Border guards said on Friday that ‘’many’’ migrants tried to cross. " * 90_000) + "END/AP"
    c = clean(Source(origin="huge.txt", body=body), max_chars=10_000_000)
    assert len(c.text) > 5_000_000 and c.text.endswith("to cross.")  # a paragraph, not a caption
    assert ("photo_credit", "END/AP") in _reasons(c)


# -- offset map back to the input ------------------------------------------------------------


def test_offset_map_points_back_into_the_input() -> None:
    body = "Skip to main content\r\n\r\nHeadline of the day\r\n\r\n  MOSCOW — He said ‘’no.’’\x07 Then left.  \r\nSecond line."
    c = _clean(body)
    assert c.offset_map is not None
    assert c.text == "MOSCOW — He said “no.” Then left.\nSecond line."
    for word in ("MOSCOW", "He said", "Then left.", "Second line."):
        start = c.text.index(word)
        got = c.offset_map.span_to_input(start, start + len(word))
        assert got is not None and body[got[0] : got[1]] == word
    quote = c.text.index("“")
    qpos = c.offset_map.to_input(quote)
    assert qpos is not None and body[qpos : qpos + 2] == "‘’"
    assert c.offset_map.to_input(c.text.index("\n")) is None  # inserted line break
    assert c.offset_map.to_input(len(c.text) + 5) is None


def test_html_has_no_offset_map() -> None:
    assert clean(Source(origin="p.html", body=PAGE, format="html")).offset_map is None


def test_press_release_dateline_gives_the_date() -> None:
    c = _clean(
        "For Immediate Release\n\nKABUL, Afghanistan (Nov. 20, 2011)\nA coalition force detained two men yesterday."
    )
    assert (c.published, c.published_evidence) == ("2011-11-20", "dateline")
    assert c.dateline is not None and c.text.startswith(c.dateline.text)
    assert ("site_chrome", "For Immediate Release") in _reasons(c)
