"""Linking on records the real pipeline extracts from our invented multi-article crisis (integration tier)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.link import link_articles
from eventwire.records import Article
from link_records import reports

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extracted(pipeline: Any) -> list[Article]:
    docs = reports()
    return [
        pipeline.process_text(d["text"], published=d["published"], title=d["title"], source=d["source"]) for d in docs
    ]


def test_stories_copy_groups_and_spellings_from_the_real_pipeline(extracted: list[Article]) -> None:
    arts = extracted
    r = link_articles(arts)
    ids = [a.id for a in arts]

    # two stories: the border (reports 0-5) and the port strike (reports 6-8)
    stories = sorted((set(s.article_ids) for s in r.stories.values()), key=len, reverse=True)
    assert stories == [set(ids[:6]), set(ids[6:])]

    # the wire report carried by Steppe Daily under another headline and first line
    assert {c.article_id: c.copy_of for c in r.copies.values()} == {ids[3]: ids[2]}

    # the Monday and Wednesday shootings share type and dyad but stay two groups
    def group_of(article: int, trigger: str) -> str:
        for g in r.groups.values():
            for m in g.members:
                if m.article_id == ids[article] and m.trigger == trigger:
                    return g.id
        raise AssertionError(f"no group for {trigger!r} in report {article}")

    monday, wednesday = group_of(0, "opened fire"), group_of(4, "fired")
    assert monday != wednesday
    g1, g2 = r.groups[monday], r.groups[wednesday]
    assert (g1.type, g1.source_entity, g1.target_entity) == (g2.type, g2.source_entity, g2.target_entity)
    assert g1.date == "2025-05-12" and g2.date == "2025-05-14"
    # the Monday shooting: reported by two outlets, and the Tajik statement's "returned fire" (a wire
    # report, its copy counted once as an article) is the same happening seen from the other side
    assert group_of(1, "attacked") == monday and group_of(2, "returned fire") == monday
    assert g1.article_count == 3 and g1.outlet_count == 3

    # the spokesman in two transliterations is one entity
    def entity(article: int, name: str) -> str:
        actor = next(a for a in arts[article].actors if a.name == name)
        return r.actor_links[f"{ids[article]}:{actor.id}"].entity_id

    assert entity(0, "Nurlan Dzhumabaev") == entity(5, "Nurlan Jumabayev")
    assert entity(5, "Jeenbek Kulubaev") != entity(5, "Nurlan Jumabayev")
