"""The real seed report (third-party text, read at run time, never copied here): cleaning keeps
every body sentence and finds title, chrome, caption and the publication date.

Skipped when ``../shared`` is not present.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.clean import Cleaned
from eventwire.clean import clean as clean_with
from eventwire.clean.boilerplate import load_boilerplate, shipped_files
from eventwire.read import Source, iter_sources

BOILERPLATE = load_boilerplate(shipped_files())


def clean(source: Source, **kw: Any) -> Cleaned:
    """Cleaning with the shipped boilerplate patterns (a pipeline passes its knowledge's)."""
    return clean_with(source, boilerplate=BOILERPLATE, **kw)


SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "belarus-poland-2021-11-19.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="the shared seed report is not present")


def _norm(s: str) -> str:
    return re.sub(r"[‘’'`]{2}|[“”]", '"', s)


def test_seed_report_cleaning() -> None:
    (src,) = iter_sources([str(SEED)])
    assert isinstance(src, Source)
    c = clean(src)
    lines = [ln.strip() for ln in src.body.splitlines() if ln.strip()]
    reasons = {r.reason: r for r in c.removed if r.reason != "quote_normalised"}
    # first line is site chrome, the second the headline, the third a photo caption with a credit
    assert reasons["site_chrome"].text == lines[0]
    assert c.title == lines[1] and reasons["title"].text == lines[1]
    assert lines[2].startswith(reasons["caption"].text) and lines[2].endswith(reasons["photo_credit"].text)
    assert lines[2] not in c.text
    # no sentence of the body is lost
    body = _norm(c.text)
    for para in lines[3:]:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z‘’“'])", para):
            assert _norm(sentence) in body, sentence
    # the date: from the caption date (a lower bound) and the weekdays the report uses
    assert (c.published, c.published_inferred, c.published_evidence) == ("2021-11-19", True, "text")
    assert c.dateline is not None and c.text[c.dateline.start : c.dateline.end] == c.dateline.text
    assert c.language == "en"
    assert "‘’" not in c.text and "’’" not in c.text
