"""Linking across articles on hand-built records: copies, stories, actor entities, event groups, determinism."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.link import GroupOptions, Linker, LinkOptions, LinkResult, LinkSnapshot, link_articles
from eventwire.link.common import date_interval, day, interval_gap
from eventwire.link.copies import containment, shingles
from eventwire.link.entities import fold_name, same_surname
from eventwire.link.groups import place_compatible
from eventwire.link.linker import place_facts
from eventwire.records import Article, Place, from_dict, to_dict
from link_records import AK_SAI, KOK_TASH, build, crisis, reports

ARTICLES = crisis()
BY_SOURCE_TITLE = {(a.source, a.title): a for a in ARTICLES}


def _id(n: int) -> str:
    return ARTICLES[n].id


@pytest.fixture(scope="module")
def result() -> LinkResult:
    return link_articles(ARTICLES)


def as_plain(r: LinkResult) -> dict[str, Any]:
    return {
        name: {k: to_dict(v) for k, v in sorted(getattr(r, name).items())}
        for name in ("articles", "copies", "actor_links", "stories", "groups", "entities")
    }


# -- the invented crisis ------------------------------------------------------------------------


def test_two_stories(result: LinkResult) -> None:
    assert len(result.stories) == 2
    border = {_id(i) for i in range(6)}
    port = {_id(i) for i in range(6, 9)}
    got = [set(s.article_ids) for s in result.stories.values()]
    assert border in got and port in got
    story = next(s for s in result.stories.values() if set(s.article_ids) == border)
    assert story.first_date == "2025-05-12" and story.last_date == "2025-05-15"
    assert "Kok-Tash" in story.label and "Tajik border guards" in story.label


def test_wire_copy_points_to_the_earlier_report(result: LinkResult) -> None:
    assert list(result.copies) == [_id(3)]
    copy = result.copies[_id(3)]
    assert copy.copy_of == _id(2) and copy.similarity >= 0.8
    assert result.articles[_id(3)].copy_of == _id(2)
    assert result.articles[_id(2)].copy_of is None
    # the copy joins its original's story
    assert result.articles[_id(3)].story_id == result.articles[_id(2)].story_id


def test_same_type_and_dyad_two_days_apart_stay_apart(result: LinkResult) -> None:
    clashes = sorted((g for g in result.groups.values() if g.type == "ASSAULT"), key=lambda g: g.date or "")
    assert [g.date for g in clashes] == ["2025-05-12", "2025-05-14"]
    first, second = clashes
    assert first.source_entity == second.source_entity and first.target_entity == second.target_entity
    assert {m.article_id for m in second.members} == {_id(4)}
    assert second.place == "Ak-Sai" and first.place == "Kok-Tash"


def test_group_counts_copies_once_and_keeps_status(result: LinkResult) -> None:
    first = next(g for g in result.groups.values() if g.type == "ASSAULT" and g.date == "2025-05-12")
    assert {m.article_id for m in first.members} == {_id(0), _id(1), _id(2), _id(3)}
    assert first.article_count == 3  # the copy is the same report
    assert first.outlet_count == 3  # Central Asia Wire, Bishkek Herald, Steppe Daily
    assert first.asserted_by == ["Central Asia Wire"]
    assert first.denied_by == ["kb:country:TJK"]
    assert len(first.claimed_by) == 1
    assert first.date_start == first.date_end == "2025-05-12"
    for m in first.members:
        art = next(a for a in ARTICLES if a.id == m.article_id)
        assert art.text[m.evidence.start : m.evidence.end] == m.evidence.text
        assert m.event_id.startswith(f"{m.article_id}:e")


def test_actor_in_two_spellings_is_one_entity(result: LinkResult) -> None:
    links = {k: v.entity_id for k, v in result.actor_links.items()}
    dzh = links[f"{_id(0)}:a3"]  # Nurlan Dzhumabaev
    jum = links[f"{_id(5)}:a1"]  # Nurlan Jumabayev
    assert dzh == jum
    ent = result.entities[dzh]
    assert ent.spellings[:2] == ["Nurlan Dzhumabaev", "Nurlan Jumabayev"]
    # another Kyrgyz official is not merged into him
    assert links[f"{_id(5)}:a2"] != dzh
    # KB actors keep their KB id
    assert links[f"{_id(2)}:a1"] == "kb:country:TJK"
    # the same person in two stories' articles is one entity (Mendoza in three reports)
    assert len({links[f"{_id(i)}:a2"] for i in (6, 7, 8)}) == 1


def test_every_grouped_event_is_in_exactly_one_group(result: LinkResult) -> None:
    seen = [m.event_id for g in result.groups.values() for m in g.members]
    assert len(seen) == len(set(seen))
    assert set(seen) == {f"{a.id}:{e.id}" for a in ARTICLES for e in a.events}


# -- incremental and deterministic --------------------------------------------------------------


def stream() -> list[Article]:
    return sorted(ARTICLES, key=lambda a: (a.published or "", a.id))


def test_relinking_changes_nothing() -> None:
    linker = Linker()
    first = LinkResult().update(linker.link(ARTICLES))
    again = linker.link(ARTICLES)
    assert again.skipped == sorted(a.id for a in ARTICLES) or sorted(again.skipped) == sorted(a.id for a in ARTICLES)
    assert not again.articles and not again.groups and not again.stories
    assert as_plain(first.update(again)) == as_plain(link_articles(ARTICLES))


def test_batch_order_inside_a_batch_does_not_matter() -> None:
    assert as_plain(link_articles(list(reversed(ARTICLES)))) == as_plain(link_articles(ARTICLES))


def _roundtrip(snap: LinkSnapshot) -> LinkSnapshot:
    """Through plain JSON-able dicts, as a store would keep the rows."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(LinkSnapshot):
        value = getattr(snap, f.name)
        if isinstance(value, list):
            out[f.name] = [from_dict(type(v), to_dict(v)) if dataclasses.is_dataclass(v) else v for v in value]
        else:
            out[f.name] = from_dict(type(value), to_dict(value))
    return LinkSnapshot(**out)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cuts=st.sets(st.integers(min_value=1, max_value=len(ARTICLES) - 1)), resume=st.booleans())
def test_any_batch_split_gives_the_same_result(cuts: set[int], resume: bool) -> None:
    arts = stream()
    bounds = [0, *sorted(cuts), len(arts)]
    linker = Linker()
    got = LinkResult()
    for lo, hi in itertools.pairwise(bounds):
        got.update(linker.link(arts[lo:hi]))
        if resume:  # a new process resuming from the persisted rows
            linker = Linker(snapshot=_roundtrip(linker.snapshot()))
    assert as_plain(got) == as_plain(link_articles(arts))


def test_closing_old_items_frees_memory_without_changing_results() -> None:
    late = dataclasses.replace(
        build(
            dict(reports()[6], text=reports()[6]["text"] + " The port reopened in August."),
            [("dockworkers", None, "LAB", "group", None, "dockworkers")],
            [],
        ),
        published="2025-09-01",
    )
    linker = Linker()
    linker.link(ARTICLES)
    changes = linker.link([late])
    assert len(changes.closed_stories) == 2 and changes.closed_groups
    snap = linker.snapshot()
    assert len(snap.stories) == 1 and not snap.groups
    assert [f.article_id for f in snap.fingerprints] == [late.id]


# -- pieces -------------------------------------------------------------------------------------


def test_date_intervals_respect_precision() -> None:
    assert date_interval("2025-05-12") == (day("2025-05-12"), day("2025-05-12"))
    assert date_interval("2025-02") == (day("2025-02-01"), day("2025-02-28"))
    assert date_interval("2024") == (day("2024-01-01"), day("2024-12-31"))
    assert date_interval(None) is None and date_interval("2025-13") is None
    assert interval_gap((10, 12), (13, 20)) == 1 and interval_gap((10, 20), (12, 13)) == 0


def test_place_precision() -> None:
    o = GroupOptions()
    kok, ak = (place_facts(Place("p1", n, la, lo, c, None, f, g)) for n, la, lo, c, f, g, _ in (KOK_TASH, AK_SAI))
    assert place_compatible(kok, kok, o) == 1.5
    assert place_compatible(kok, ak, o) == 1.5  # 14 km apart
    far = ("test:far", "Far", 41.5, 72.5, "KGZ", "point")
    assert place_compatible(kok, far, o) is None  # ~230 km
    country = ("country:KGZ", "Kyrgyzstan", 41.0, 75.0, "KGZ", "country")
    assert place_compatible(kok, country, o) == 0.5
    assert place_compatible(kok, ("country:TJK", "Tajikistan", 39.0, 71.0, "TJK", "country"), o) is None
    region = ("adm1:KG.09", "Batken", 40.1, 71.7, "KGZ", "region")
    assert place_compatible(far, region, o) == 1.0
    unknown = ("name:somewhere", "Somewhere", None, None, None, "point")
    assert place_compatible(kok, unknown, o) is None


def test_place_facts_key_countries_by_iso() -> None:
    p = ARTICLES[6].places[0]
    assert place_facts(p)[0] == "geonames:3868626" and place_facts(p)[5] == "point"
    country = dataclasses.replace(p, feature="PCLI", country="CHL", name="Chile", gazetteer_id="geonames:1")
    assert place_facts(country)[0] == "country:CHL" and place_facts(country)[5] == "country"


def _clash(doc: int, date: str | None, place: tuple[Any, ...] | None, published: str) -> Article:
    r = dict(reports()[doc])
    r["published"] = published
    plc = [place] if place else []
    return build(
        r,
        [
            ("Tajik border guards", "TJK", "COP", "group", None, "Tajik border guards"),
            ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border guards"),
        ],
        [
            (
                "ASSAULT",
                "firearms",
                0,
                1,
                "asserted",
                date,
                0 if place else None,
                "fired" if doc == 4 else "opened fire",
                None,
            )
        ],
        plc,  # type: ignore[arg-type]
    )


def _groups_of(arts: list[Article]) -> list[set[str]]:
    r = link_articles(arts)
    return sorted(({m.article_id for m in g.members} for g in r.groups.values()), key=sorted)


def test_same_day_far_apart_places_stay_apart() -> None:
    far = ("Far", 41.5, 72.5, "KGZ", "PPL", "test:far", "Ak-Sai")
    a = _clash(0, "2025-05-12", KOK_TASH, "2025-05-12")
    b = _clash(4, "2025-05-12", far, "2025-05-12")
    assert _groups_of([a, b]) == sorted([{a.id}, {b.id}], key=sorted)


def test_one_day_apart_is_within_tolerance_and_undated_uses_publication_window() -> None:
    a = _clash(0, "2025-05-12", KOK_TASH, "2025-05-12")
    b = _clash(4, "2025-05-13", None, "2025-05-13")
    assert _groups_of([a, b]) == [{a.id, b.id}]
    undated = _clash(4, None, None, "2025-05-14")  # publication window 11..14 May
    assert _groups_of([a, undated]) == [{a.id, undated.id}]
    stale = _clash(4, None, None, "2025-05-20")  # window 17..20 May: not the 12 May clash
    assert len(_groups_of([a, stale])) == 2


def test_month_precision_joins_a_day_in_that_month_only() -> None:
    a = _clash(0, "2025-05-12", KOK_TASH, "2025-05-12")
    month = _clash(4, "2025-05", None, "2025-05-16")
    april = _clash(4, "2025-04", None, "2025-05-16")
    assert _groups_of([a, month]) == [{a.id, month.id}]
    assert len(_groups_of([a, april])) == 2


def test_symmetric_types_allow_swapped_roles() -> None:
    r = reports()[5]
    meet = [("CONSULT", "phone", 0, 1, "asserted", "2025-05-15", None, "spoke", None)]
    kul = ("Jeenbek Kulubaev", "KGZ", "GOV", "person", None, "Jeenbek Kulubaev")
    cp = ("Tajik counterpart", "TJK", "GOV", "person", None, "Tajik counterpart")
    a = build(r, [kul, cp], meet)
    b = build(dict(r, text=r["text"] + " Officials confirmed the call."), [cp, kul], meet)
    assert _groups_of([a, b]) == [{a.id, b.id}]
    attack = [("ASSAULT", None, 0, 1, "asserted", "2025-05-15", None, "spoke", None)]
    a2, b2 = build(r, [kul, cp], attack), build(dict(r, text=r["text"] + " Officials confirmed."), [cp, kul], attack)
    assert len(_groups_of([a2, b2])) == 2  # who attacked whom matters


def test_a_state_and_its_own_forces_are_compatible_two_named_people_are_not() -> None:
    r = reports()[0]
    tjk = ("Tajikistan", "TJK", "GOV", "state", "country:TJK", "Tajik")
    a = _clash(0, "2025-05-12", KOK_TASH, "2025-05-12")
    b = build(
        dict(r, text=r["text"] + " More later."),
        [tjk, KGZ := ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border guards")],
        [("ASSAULT", "firearms", 0, 1, "asserted", "2025-05-12", 0, "opened fire", None)],
        [KOK_TASH],
    )
    assert _groups_of([a, b]) == [{a.id, b.id}]
    c = build(
        dict(r, text=r["text"] + " Even more later."),
        [("Nurlan Dzhumabaev", "KGZ", "COP", "person", None, "Nurlan Dzhumabaev"), KGZ],
        [("ASSAULT", "firearms", 0, 1, "asserted", "2025-05-12", 0, "opened fire", None)],
        [KOK_TASH],
    )
    assert len(_groups_of([a, c])) == 2


def test_copy_detection_by_containment() -> None:
    text = reports()[2]["text"]
    a = shingles(text, 5)
    trimmed = shingles(text.rsplit(". ", 1)[0], 5)
    assert trimmed < a
    assert containment(len(trimmed) / len(a), len(trimmed), len(a)) == pytest.approx(1.0)
    # a different report about the same clash is not a copy
    linker = Linker()
    linker.link([ARTICLES[0], ARTICLES[1]])
    assert not linker.link([]).copies and not LinkResult().update(linker.link([ARTICLES[4]])).copies
    # a copy more than window_days later is an original
    late = dataclasses.replace(ARTICLES[3], published="2025-05-30")
    assert not link_articles([ARTICLES[2], late]).copies


def test_short_texts_are_never_copies() -> None:
    r = reports()[0]
    a = build(dict(r, text="Shots were fired near the border on Monday."), [], [])
    b = build(dict(r, text="Shots were fired near the border on Monday!", source="Other"), [], [])
    assert not link_articles([a, b]).copies


def test_transliteration_folding() -> None:
    assert fold_name("dzhumabaev") == fold_name("jumabayev") == fold_name("djumabaev")
    assert fold_name("zelenskyy") == fold_name("zelenskiy") == "zelensky"
    assert same_surname("lukashenko", "lukashenka", 0.85)
    assert same_surname("tikhanovsky", "tikhanovskaya", 0.85) is None  # husband and wife
    assert same_surname("smith", "jones", 0.85) is None


def test_surname_alone_joins_only_an_unambiguous_person_of_the_story(result: LinkResult) -> None:
    r = reports()[5]
    text = r["text"] + " Jumabayev declined to comment further."
    alone = build(
        dict(r, text=text, published="2025-05-16"),
        [("Jumabayev", "KGZ", "COP", "person", None, "Jumabayev declined")],
        [],
    )
    linker = Linker()
    linker.link(ARTICLES)
    changes = linker.link([alone])
    got = changes.actor_links[0].entity_id
    assert got == result.actor_links[f"{_id(0)}:a3"].entity_id
    # without the full name in the story, the surname stays story-scoped
    alone_only = link_articles([alone])
    ent = next(iter(alone_only.entities.values()))
    assert ent.story_id is not None and ent.key.startswith("surname|")


def test_options_digest_changes_with_options() -> None:
    assert LinkOptions().digest() == LinkOptions().digest()
    assert LinkOptions(groups=GroupOptions(day_tolerance=0)).digest() != LinkOptions().digest()


# -- trigger agreement, unknown types, story blocking (issue 15, ECB+ work) ------------------------


def _mention(doc: int, trigger: str, typ: str = "OTHER", published: str | None = "2025-05-14") -> Article:
    """A report whose one event is a bare mention: no actors, date or place (what ECB+ gold mentions give)."""
    return build(
        dict(reports()[doc], published=published), [], [(typ, None, None, None, "asserted", None, None, trigger, None)]
    )


def test_untyped_mentions_with_one_verb_in_one_story_are_one_happening() -> None:
    a, b = _mention(0, "opened fire"), _mention(4, "fired")
    r = link_articles([a, b])
    assert r.articles[a.id].story_id == r.articles[b.id].story_id
    assert _groups_of([a, b]) == [{a.id, b.id}]
    (group,) = r.groups.values()
    assert group.type == "OTHER"


def test_a_mention_repeating_one_of_a_groups_verbs_joins_it() -> None:
    """Trigger agreement is the best-matching member's (rules 3): a group whose reports say "opened
    fire" and "attacked" takes a bare "firing" as well as a group that only says "opened fire" would."""
    guards = [
        ("Tajik border guards", "TJK", "COP", "group", None, "Tajik border guards"),
        ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border guards"),
    ]
    fire = build(reports()[0], guards, [("ASSAULT", None, 0, 1, "asserted", "2025-05-12", None, "opened fire", None)])
    post = [guards[0], ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border post")]
    attack = build(reports()[1], post, [("ASSAULT", None, 0, 1, "asserted", "2025-05-12", None, "attacked", None)])
    firing = _mention(2, "firing", published="2025-05-13")
    linker, r = Linker(), LinkResult()
    r.update(linker.link([fire, attack]))
    r.update(linker.link([firing]))  # after both, so it meets a group with both verbs
    assert len({r.articles[a.id].story_id for a in (fire, attack, firing)}) == 1
    assert [{m.article_id for m in g.members} for g in r.groups.values()] == [{fire.id, attack.id, firing.id}]


def test_untyped_mentions_with_different_verbs_stay_apart() -> None:
    a, b = _mention(0, "wounded"), _mention(4, "fired")
    assert link_articles([a, b]).articles[a.id].story_id == link_articles([a, b]).articles[b.id].story_id
    assert len(_groups_of([a, b])) == 2


def test_a_match_on_the_trigger_alone_stays_inside_its_story() -> None:
    a, b = _mention(0, "talked"), _mention(6, "talks", published="2025-05-14")
    r = link_articles([a, b])
    assert r.articles[a.id].story_id != r.articles[b.id].story_id
    assert len(_groups_of([a, b])) == 2


def test_an_untyped_mention_joins_a_typed_group_and_the_group_keeps_the_type() -> None:
    typed = _clash(0, "2025-05-12", KOK_TASH, "2025-05-12")
    bare = _mention(4, "fired", published="2025-05-13")
    r = link_articles([typed, bare])
    assert _groups_of([typed, bare]) == [{typed.id, bare.id}]
    assert [g.type for g in r.groups.values()] == ["ASSAULT"]


def test_an_undated_event_of_an_undated_article_is_not_pinned_to_the_day_it_inherits() -> None:
    early = _clash(0, "2025-05-01", KOK_TASH, "2025-05-01")
    later = build(dict(reports()[6], published="2025-05-20"), [], [])  # moves the stream to 20 May
    no_date = _clash(4, None, None, "2025-05-20")
    no_date = dataclasses.replace(no_date, published=None)
    assert _groups_of([early, later, no_date]) == [{early.id, no_date.id}]
    # the same report published on 20 May says "around 17-20 May": not the 1 May clash
    dated = _clash(4, None, None, "2025-05-20")
    assert len(_groups_of([early, later, dated])) == 2


def _two_reports(
    actors_a: list[Any], actors_b: list[Any], type_b: str = "ASSAULT", trigger: str = "opened fire"
) -> list[set[str]]:
    """Two reports of one story (the first shooting report and a re-worded copy of it), undated places."""
    r = reports()[0]
    a = build(r, actors_a, [("ASSAULT", None, 0, 1, "asserted", "2025-05-12", None, trigger, None)])
    b = build(
        dict(r, text=r["text"] + " More details were not given."),
        actors_b,
        [(type_b, None, 0, 1, "asserted", "2025-05-12", None, trigger, None)],
    )
    return [{m.article_id for m in g.members} for g in link_articles([a, b]).groups.values()]


def test_unnamed_bodies_named_with_other_nouns_are_compatible() -> None:
    gunman = ("gunman", None, "UAF", "person", None, "Tajik border guards")
    employee = ("employee", None, "LAB", "person", None, "Tajik border guards")
    guards = ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border guards")
    assert len(_two_reports([gunman, guards], [employee, guards])) == 1
    # ...but countries still contradict
    tjk = ("Tajik gunmen", "TJK", "UAF", "group", None, "Tajik border guards")
    uzb = ("Uzbek workers", "UZB", "LAB", "group", None, "Tajik border guards")
    assert len(_two_reports([tjk, guards], [uzb, guards])) == 2


def test_sector_unk_is_unknown() -> None:
    from eventwire.link.entities import known_sector

    assert known_sector("UNK") is None and known_sector("COP") == "COP" and known_sector(None) is None
    man = ("Eric Dalton", None, "UNK", "person", None, "Tajik border guards")
    officer = ("Eric Dalton", None, "COP", "person", None, "Tajik border guards")
    guards = ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border guards")
    r = reports()[0]
    evs = [("ASSAULT", None, 0, 1, "asserted", "2025-05-12", None, "opened fire", None)]
    a = build(r, [man, guards], evs)
    b = build(dict(r, text=r["text"] + " More details were not given."), [officer, guards], evs)
    res = link_articles([a, b])
    assert len({link.entity_id for link in res.actor_links.values() if link.actor_id.endswith(":a1")}) == 1


def test_one_verb_under_two_types_is_one_happening() -> None:
    guards = ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border guards")
    tjk = ("Tajik border guards", "TJK", "COP", "group", None, "Tajik border guards")
    assert len(_two_reports([tjk, guards], [tjk, guards], type_b="COERCE", trigger="opened fire")) == 1
    # different verbs under two types stay apart
    r = reports()[0]
    a = build(r, [tjk, guards], [("ASSAULT", None, 0, 1, "asserted", "2025-05-12", None, "opened fire", None)])
    b = build(
        dict(r, text=r["text"] + " More details were not given."),
        [tjk, guards],
        [("COERCE", None, 0, 1, "asserted", "2025-05-12", None, "Tajik border guards", None)],
    )
    assert len(link_articles([a, b]).groups) == 2


def test_rules_version_is_in_the_digest() -> None:
    """A state saved by older linking rules is refused (EW320) with the same options."""
    import hashlib
    import json

    from eventwire.link import options

    without = hashlib.sha256(json.dumps(dataclasses.asdict(LinkOptions()), sort_keys=True).encode()).hexdigest()[:16]
    assert options.RULES >= 2 and LinkOptions().digest() != without
