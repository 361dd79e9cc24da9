"""Property tests: any text through cleaning, and through the whole pipeline, gives a valid record."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.clean import Cleaned
from eventwire.clean import clean as clean_with
from eventwire.clean.boilerplate import load_boilerplate, shipped_files
from eventwire.errors import InputError, Skipped
from eventwire.read import Source, iter_sources
from recordcheck import check_record

BOILERPLATE = load_boilerplate(shipped_files())


def clean(source: Source, **kw: Any) -> Cleaned:
    """Cleaning with the shipped boilerplate patterns (a pipeline passes its knowledge's)."""
    return clean_with(source, boilerplate=BOILERPLATE, **kw)


# Text with the characters cleaning cares about mixed into arbitrary unicode.
_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\r\n",
        "‘’",
        "’’",
        "''",
        " — ",
        "MOSCOW — ",
        "By Jane Doe\n",
        "JANE ROE/AP",
        ". ",
        "Friday ",
        "Nov. 16, 2021 ",
        "Skip to main content\n",
        "\x00",
        "\u2028",
        "\ufeff",
        "(AP Photo/Jan Nowak)",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), _PIECES), max_size=25).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_clean_any_text_spans_slice(text: str) -> None:
    try:
        c = clean(Source(origin="prop.txt", body=text))
    except InputError as e:  # only a too-long text may be refused; never a crash
        pytest.fail(f"clean raised {e}")
    if c.dateline is not None:
        assert c.text[c.dateline.start : c.dateline.end] == c.dateline.text
        assert c.dateline.start <= 400
    assert "\x00" not in c.text and "\r" not in c.text
    assert c.published is None or len(c.published) == 10
    assert c.text == c.text.strip()
    # the offset map: every run of the cleaned text came from the same characters of the input
    # (a replaced quote pair is a one-character run pointing at the pair)
    assert c.offset_map is not None
    if unicodedata.is_normalized("NFC", text):
        for start, origin, n in c.offset_map.segments:
            piece, source = c.text[start : start + n], text[origin : origin + n]
            assert piece == source or (n == 1 and piece in "“”" and len(text[origin : origin + 2]) == 2)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_clean_any_html_never_crashes(html: str) -> None:
    try:
        c = clean(Source(origin="prop.html", body="<html><body><p>" + html + "</p></body></html>", format="html"))
    except InputError as e:
        assert e.reason == "no_content"
        return
    if c.dateline is not None:
        assert c.text[c.dateline.start : c.dateline.end] == c.dateline.text


@pytest.mark.model
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS)
def test_pipeline_any_text_gives_a_valid_record(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    (result,) = list(pipeline.run([Source(origin="prop.txt", body=text)], errors="record"))
    if hasattr(result, "reason"):  # Skipped: only an empty text may be skipped
        assert result.reason == "no_content", result.message
        return
    check_record(result)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(st.binary(max_size=600), TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ""]),
)
def test_any_bytes_are_read_or_skipped_never_raise(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("prop") / f"input{suffix}"
    path.write_bytes(data)
    for item in iter_sources([str(path)]):
        if isinstance(item, Skipped):
            assert item.code != "EW204", item.message  # a crash turned into a skip is still a bug
            assert str(path) in item.message
            continue
        try:
            c = clean(item)
        except InputError as e:
            assert e.reason in ("no_content", "too_large")
            continue
        assert "\x00" not in c.text
