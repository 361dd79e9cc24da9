"""A linked store for the web views of figures and claims across reports, built without a model.

The invented crises of the linking tests (tests/link_records.py: a Kyrgyz-Tajik border story and a
Chilean port strike; tests/test_link_figures.py: the Tolvik protest, flight and death toll, with
conflicting figures, a rising total, a copy and a denial in a later report), plus one invented
hostile report that joins the Tolvik tear-gas group: markup and script in its outlet, title, URL,
speaker and text must come out of the story and group pages as text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import link_records
from eventwire.link import Linker
from eventwire.records import Article
from eventwire.store import open_store
from link_records import build
from test_link_figures import POLICE, PROTESTERS, SUNDAY, TOLVIK, crisis, figure, quote, with_figures
from web_store import HOSTILE_SOURCE, HOSTILE_TITLE, HOSTILE_URL

HOSTILE_MEDICS = '<img src=x onerror=alert("medics")> medics'
HOSTILE_CRISIS_TEXT = (
    "Marnian police fired tear gas at protesters in Tolvik on Sunday, injuring 16 people, "
    f'{HOSTILE_MEDICS} said. <script>alert("crisis")</script> Shops near the square stayed shut.'
)


def hostile() -> Article:
    """The hostile report: 16 injured in the tear-gas protest, per 'medics' whose name is markup."""
    doc = {"source": HOSTILE_SOURCE, "published": "2025-06-03", "title": HOSTILE_TITLE, "text": HOSTILE_CRISIS_TEXT}
    a = build(
        doc,
        [POLICE, PROTESTERS, (HOSTILE_MEDICS, None, "MED", "group", None, HOSTILE_MEDICS)],
        [("ASSAULT", "crowd-control", 0, 1, "asserted", SUNDAY, 0, "fired tear gas", None)],
        [TOLVIK],
    )
    content = "Marnian police fired tear gas at protesters in Tolvik on Sunday, injuring 16 people"
    q = quote(a, "q1", content, HOSTILE_MEDICS, "a3")
    n = figure(a, "n1", "16 people", "injured", 16, event="e1", quote="q1", claimant="a3", date=SUNDAY)
    out = with_figures(a, [n], [q])
    return dataclasses.replace(out, url=HOSTILE_URL)


def articles() -> list[Article]:
    """Every invented report of the store, in publication order (the order a stream links them)."""
    arts = [*link_records.crisis(), *crisis(), hostile()]
    return sorted(arts, key=lambda a: (a.published or "", a.id))


def build_store(folder: Path) -> Path:
    """The reports stored and linked in ``folder/crisis.duckdb``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crisis.duckdb"
    arts = articles()
    with open_store(path) as store:
        store.add(arts)
        store.save_link_changes(Linker().link(arts))
    return path
