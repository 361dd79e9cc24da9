"""Figures and claims across reports (issue 16): comparisons per event group, running totals, contradictions.

An invented crisis (tests/data/figure_reports.jsonl): two reports disagree on the injured of one tear-gas
protest (14 vs 15) and on the passengers of one flight (431 vs 430, a third says "more than 400"); a
third outlet copies the first report word for word; the death toll rises 8 -> 10 -> 13; the ministry
denies in a later report what the first asserted. Records are hand-built (what a good extractor would
find), then linked with the real linker, then compared: no model needed.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest

from eventwire.link import link_articles
from eventwire.link.claims import contradictions, group_claims, in_article, is_party, quote_denials, same_action
from eventwire.link.figures import (
    FigureValue,
    bounds,
    compare_figures,
    conflicting,
    series,
    series_conflicts,
)
from eventwire.records import Article, Contradiction, Quantity, Quote, Span
from link_records import A, P, build, sentence, span

REPORTS = Path(__file__).parent / "data" / "figure_reports.jsonl"
TOLVIK: P = ("Tolvik", 45.1, 21.3, "XMA", "PPL", "test:tolvik", "Tolvik")
POLICE: A = ("Marnian police", "XMA", "COP", "group", None, "police")
PROTESTERS: A = ("protesters", None, "CVL", "group", None, "protesters")
SUNDAY = "2025-06-01"


def reports() -> list[dict[str, Any]]:
    return [json.loads(line) for line in REPORTS.read_text("utf-8").splitlines() if line.strip()]


def figure(
    art: Article, fid: str, words: str, category: str, value: float, *, event: str | None = None,
    qualifier: str = "exact", cumulative: bool = False, as_of: str | None = None, quote: str | None = None,
    claimant: str | None = None, date: str | None = None,
) -> Quantity:  # fmt: skip
    s = span(art.text, words)
    exact = qualifier == "exact"
    return Quantity(
        id=fid, value=value, low=value if exact or qualifier == "more than" else None, high=value if exact else None,
        qualifier=qualifier, category=category, unit=None, text=s.text, start=s.start, end=s.end,  # type: ignore[arg-type]
        event=event, evidence=sentence(art.text, words), cumulative=cumulative, as_of=as_of, quote=quote,
        claimant=claimant, date=date,
    )  # fmt: skip


def quote(
    art: Article, qid: str, content: str, speaker_words: str, speaker: str | None, via: str | None = None
) -> Quote:
    c, s = span(art.text, content), span(art.text, speaker_words)
    return Quote(
        id=qid, speaker=speaker, speaker_text=s.text, cue="said", content=c.text, direct=False, via=via,
        evidence=sentence(art.text, content), content_span=c, speaker_span=s,
    )  # fmt: skip


def with_figures(art: Article, quantities: list[Quantity], quotes: list[Quote] = ()) -> Article:  # type: ignore[assignment]
    events = [dataclasses.replace(e, quantities=[q.id for q in quantities if q.event == e.id]) for e in art.events]
    return dataclasses.replace(art, quantities=quantities, quotes=list(quotes), events=events)


def crisis() -> list[Article]:
    r = reports()
    out = []
    # 1 and 3 (the copy): 14 injured per witnesses, 431 on the flight, toll 8 since May.
    for doc in (r[0], r[2]):
        a = build(
            doc,
            [POLICE, PROTESTERS, ("witnesses", None, "CVL", "group", None, "witnesses")],
            [
                ("ASSAULT", "crowd-control", 0, 1, "asserted", SUNDAY, 0, "fired tear gas", None),
                ("AID", None, None, None, "asserted", SUNDAY, 0, "carried", None),
            ],
            [TOLVIK],
        )
        q1 = quote(
            a,
            "q1",
            "Marnian police fired tear gas at protesters in Tolvik on Sunday, injuring 14 people",
            "witnesses",
            "a3",
        )
        out.append(
            with_figures(
                a,
                [
                    figure(a, "n1", "14 people", "injured", 14, event="e1", quote="q1", claimant="a3", date=SUNDAY),
                    figure(a, "n2", "431 returnees", "returned", 431, event="e2", date=SUNDAY),
                    figure(a, "n3", "8", "killed", 8, cumulative=True, as_of=doc["published"]),
                ],
                [q1],
            )
        )
    r1, r3 = out
    # 2: 15 injured per a rights group, 430 per the airport.
    a = build(
        r[1],
        [POLICE, PROTESTERS,
         ("a rights group", None, "NGO", "group", None, "a rights group"), ("the airport", None, None, "organisation", None, "the airport")],
        [("ASSAULT", "crowd-control", 0, 1, "asserted", SUNDAY, 0, "fired tear gas", None),
         ("AID", None, None, None, "asserted", SUNDAY, 0, "carried", None)],
        [TOLVIK],
    )  # fmt: skip
    r2 = with_figures(
        a,
        [
            figure(a, "n1", "15", "injured", 15, event="e1", quote="q1", claimant="a3", date=SUNDAY),
            figure(a, "n2", "430 returnees", "returned", 430, event="e2", quote="q2", claimant="a4", date=SUNDAY),
        ],
        [
            quote(
                a,
                "q1",
                "Marnian police fired tear gas at protesters in Tolvik on Sunday, injuring 15",
                "a rights group",
                "a3",
            ),
            quote(a, "q2", "The flight that landed in Tolvik on Sunday carried 430 returnees", "the airport", "a4"),
        ],
    )
    # 4: more than 400 on the flight; toll 10.
    a = build(r[3], [("officials", "XMA", "GOV", "group", None, "officials")],
              [("AID", None, None, None, "asserted", SUNDAY, 0, "arrived", None)], [TOLVIK])  # fmt: skip
    r4 = with_figures(
        a,
        [
            figure(a, "n1", "More than 400 returnees", "returned", 400, event="e1", qualifier="more than", date=SUNDAY),
            figure(a, "n2", "10", "killed", 10, cumulative=True, as_of="2025-06-04", quote="q1", claimant="a1"),
        ],
        [quote(a, "q1", "The death toll from the border unrest has risen to 10", "officials", "a1")],
    )
    # 5: the ministry denies the tear gas; toll 13.
    a = build(
        r[4],
        [("Marnian Interior Ministry", "XMA", "GOV", "organisation", None, "Marnian Interior Ministry"), POLICE, PROTESTERS,
         ("officials", "XMA", "GOV", "group", None, "officials")],
        [("ASSAULT", "crowd-control", 1, 2, "denied", SUNDAY, 0, "fired tear gas", 0)],
        [TOLVIK],
    )  # fmt: skip
    r5 = with_figures(
        a,
        [figure(a, "n1", "13", "killed", 13, cumulative=True, as_of="2025-06-06", quote="q2", claimant="a4")],
        [
            dataclasses.replace(
                quote(
                    a,
                    "q1",
                    "that police had fired tear gas at protesters in Tolvik on Sunday",
                    "Marnian Interior Ministry",
                    "a1",
                ),
                denial=True,
            ),
            quote(a, "q2", "The death toll from the border unrest has climbed to 13", "officials", "a4"),
        ],
    )
    # 6: a quote-only denial (no event found in it) by a party, and a page notice that is no party.
    a = build(
        r[5],
        [("Dara Velk", "XMA", "GOV", "person", None, "Marnian Interior Minister Dara Velk"),
         ("page notice", None, None, "organisation", None, "A notice on the page")],
        [],
        [TOLVIK],
    )  # fmt: skip
    r6 = with_figures(
        a,
        [],
        [
            dataclasses.replace(
                quote(
                    a,
                    "q1",
                    "that her officers had fired tear gas in Tolvik",
                    "Marnian Interior Minister Dara Velk",
                    "a1",
                ),
                denial=True,
                via="state radio",
            ),
            dataclasses.replace(
                quote(a, "q2", "that its photos showed tear gas in Tolvik", "A notice on the page", "a2"), denial=True
            ),
        ],
    )
    return [r1, r2, r3, r4, r5, r6]


@pytest.fixture(scope="module")
def linked() -> tuple[list[Article], Any]:
    arts = crisis()
    return arts, link_articles(arts)


def test_the_linker_sees_one_story_two_groups_and_one_copy(linked: tuple[list[Article], Any]) -> None:
    arts, result = linked
    assert len({x.story_id for x in result.articles.values()}) == 1
    assert result.articles[arts[2].id].copy_of == arts[0].id
    kinds = sorted(g.type for g in result.groups.values())
    assert kinds == ["AID", "ASSAULT"], [(g.type, [m.event_id for m in g.members]) for g in result.groups.values()]


def test_group_comparisons_side_by_side(linked: tuple[list[Article], Any]) -> None:
    arts, result = linked
    by_id = {a.id: a for a in arts}
    comps = {(c.category): c for c in compare_figures(result.groups.values(), by_id)}
    assert set(comps) == {"injured", "returned"}
    injured = comps["injured"]
    assert injured.conflict and (injured.low, injured.high) == (14, 15)
    assert sorted(v.value or 0 for v in injured.values) == [14, 15]
    # the copy is counted once: the original lists its outlet
    first = next(v for v in injured.values if v.article_id == arts[0].id)
    assert first.copied_by == ["River Daily"] and first.claimant == "witnesses" and first.outlet == "Lakeside Wire"
    assert all(v.article_id != arts[2].id for v in injured.values)
    moved = comps["returned"]
    assert moved.conflict and (moved.low, moved.high) == (400, 431)
    assert sorted(v.qualifier for v in moved.values) == ["exact", "exact", "more than"]
    pairs = {frozenset((moved.values[i].value, moved.values[j].value)) for i, j in moved.conflicts}
    assert pairs == {frozenset((430, 431))}  # "more than 400" agrees with both
    js = injured.to_json()
    assert set(js) >= {"group_id", "category", "conflict", "low", "high", "values"}
    assert set(js["values"][0]) >= {
        "value",
        "low",
        "high",
        "qualifier",
        "article_id",
        "outlet",
        "claimant",
        "date",
        "evidence",
    }


def test_an_implied_count_of_one_is_not_compared(linked: tuple[list[Article], Any]) -> None:
    # "killing him" names a person, not a toll: marked implicit, the rights group's 15 is no rival value
    arts, result = linked
    by_id = {a.id: a for a in arts}
    r2 = by_id[arts[1].id]
    by_id[r2.id] = dataclasses.replace(
        r2, quantities=[dataclasses.replace(q, implicit=q.category == "injured") for q in r2.quantities]
    )
    injured = next(c for c in compare_figures(result.groups.values(), by_id) if c.category == "injured")
    assert [v.value for v in injured.values] == [14] and not injured.conflict


def test_a_rising_total_is_a_series_not_a_contradiction(linked: tuple[list[Article], Any]) -> None:
    arts, result = linked
    (s,) = series(arts, result.articles, category="killed")
    assert [p.value for p in s.points] == [8, 10, 13]
    assert [p.date for p in s.points] == ["2025-06-02", "2025-06-04", "2025-06-06"]
    assert s.points[0].copied_by == ["River Daily"]
    assert s.conflicts == []
    assert s.to_json()["conflict"] is False


def test_claim_denied_in_another_report(linked: tuple[list[Article], Any]) -> None:
    arts, result = linked
    by_id = {a.id: a for a in arts}
    claims = group_claims(result.groups.values(), by_id, result.entities)
    # The asserting reports: the original and report 2 (the copy is the original's report).
    assert len(claims) == 2
    for c in claims:
        assert c.cross_article and c.kind == "claim"
        assert c.b.article_id == arts[4].id and c.b.speaker == "Marnian Interior Ministry" and c.b.status == "denied"
        assert c.a.article_id in (arts[0].id, arts[1].id) and c.a.status == "asserted"
        assert c.b.evidence.text.startswith("The Marnian Interior Ministry denied")
    everything = contradictions(
        by_id, result.groups.values(), compare_figures(result.groups.values(), by_id), result.entities
    )
    figure_kinds = [c for c in everything if c.kind == "figure"]
    assert len(figure_kinds) == 2  # 14 vs 15 injured, 431 vs 430 on the flight
    js = everything[0].to_json()
    assert set(js) >= {"id", "kind", "cross_article", "a", "b", "group_id"}
    assert set(js["a"]) >= {"article_id", "item_id", "speaker", "via", "date", "evidence"}


def test_quote_only_denial_in_another_report(linked: tuple[list[Article], Any]) -> None:
    arts, result = linked
    by_id = {a.id: a for a in arts}
    denier = arts[5]
    assert result.articles[denier.id].story_id == result.articles[arts[0].id].story_id
    assert is_party(denier, denier.quotes[0]) and not is_party(denier, denier.quotes[1])
    pairs = quote_denials(result.groups.values(), by_id, result.articles, result.entities)
    # The minister's quote answers the tear gas asserted by reports 1 and 2 (the copy is report 1);
    # the page notice is no side; report 5's denial is an event in the group (group_claims has it).
    assert sorted(by_id[c.a.article_id].source or "" for c in pairs) == ["Lakeside Wire", "Tolvik Post"]
    for c in pairs:
        assert c.kind == "claim" and c.cross_article and c.group_id is not None
        assert result.groups[c.group_id].type == "ASSAULT"
        assert (c.b.article_id, c.b.item_id, c.b.speaker, c.b.via) == (denier.id, "q1", "Dara Velk", "state radio")
        assert c.b.date == "2025-06-07" and c.b.evidence.text.startswith("Marnian Interior Minister Dara Velk denied")
        assert c.a.status == "asserted" and "Marnian police fired tear gas" in c.a.evidence.text
    everything = contradictions(
        by_id, result.groups.values(), compare_figures(result.groups.values(), by_id), result.entities, result.articles
    )
    claims = [c for c in everything if c.kind == "claim"]
    assert len(claims) == 4  # two for report 5's denied event, two for the minister's quote
    assert len({c.id for c in everything}) == len(everything)


def test_a_quote_finds_the_claim_when_its_denied_event_was_grouped_elsewhere(
    linked: tuple[list[Article], Any],
) -> None:
    arts, result = linked
    by_id = {a.id: a for a in arts}
    # Had the linker read report 5's "police" as another entity, its denied event would be a group of
    # its own, and neither the group nor the proposition (other source entity) would pair it.
    (tear_gas,) = [g for g in result.groups.values() if g.type == "ASSAULT"]
    (denied,) = [m for m in tear_gas.members if m.article_id == arts[4].id]
    apart = dataclasses.replace(
        tear_gas, id="g-apart", members=[dataclasses.replace(denied, source_entities=["x-other-police"])]
    )
    rest = dataclasses.replace(tear_gas, members=[m for m in tear_gas.members if m is not denied])
    groups = [g for g in result.groups.values() if g.id != tear_gas.id] + [rest, apart]
    assert group_claims(groups, by_id, result.entities) == []
    found = quote_denials(groups, by_id, result.articles, result.entities)
    pairs = sorted((by_id[c.b.article_id].title or "", by_id[c.a.article_id].source or "") for c in found)
    assert pairs == [
        ("Minister rejects tear gas reports", "Lakeside Wire"),
        ("Minister rejects tear gas reports", "Tolvik Post"),
        ("Ministry denies tear gas use", "Lakeside Wire"),  # report 5's quote, no longer answered
        ("Ministry denies tear gas use", "Tolvik Post"),
    ]
    assert all(c.group_id == rest.id for c in found)


def test_a_quote_denial_needs_a_party_to_the_action(linked: tuple[list[Article], Any]) -> None:
    arts, result = linked
    by_id = {a.id: a for a in arts}
    denier = arts[5]
    # the same quote about another action (the flight) or by a speaker of another country is no denial of it
    other_action = dataclasses.replace(denier.quotes[0], content="that her officers had beaten anyone in Tolvik")
    foreign = dataclasses.replace(denier.actors[0], country="XAB")
    for changed in (
        dataclasses.replace(denier, quotes=[other_action]),
        dataclasses.replace(denier, actors=[foreign, denier.actors[1]]),
    ):
        assert (
            quote_denials(result.groups.values(), {**by_id, denier.id: changed}, result.articles, result.entities) == []
        )


def test_a_denial_by_page_text_is_no_side(linked: tuple[list[Article], Any]) -> None:
    arts, result = linked
    by_id = {a.id: a for a in arts}
    ministry, *rest = arts[4].actors
    # an extractor that took a page notice for the denier: the denied event is no side of a dispute
    notice = dataclasses.replace(arts[4], actors=[dataclasses.replace(ministry, name="A notice on this page"), *rest])
    assert group_claims(result.groups.values(), {**by_id, notice.id: notice}, result.entities) == []
    assert len(group_claims(result.groups.values(), by_id, result.entities)) == 2


def test_the_same_action() -> None:
    assert same_action("fired tear gas", "that her officers had fired tear gas in Tolvik")
    assert same_action("were killed", "that anyone had been killed")
    assert same_action("opened fire", "that its guards opened fire")
    assert not same_action("fired tear gas", "that police fired at the march")  # one of three words
    assert not same_action("fired tear gas", "that police used tear gas")  # not the act's verb
    assert not same_action("opened fire", "that it had opened the border")
    assert not same_action("", "anything")


def test_in_article_contradictions_keep_their_shape() -> None:
    art = crisis()[1]
    art = dataclasses.replace(art, contradictions=[Contradiction("c1", "q1", "q2", "claim", "test")])
    (c,) = in_article([art])
    assert not c.cross_article and c.a.speaker == "a rights group" and c.b.item_id == "q2"


def _value(
    v: float | None, q: str, low: float | None = None, high: float | None = None, date: str = "2025-01-01"
) -> FigureValue:
    return FigureValue(
        value=v, low=low, high=high, qualifier=q, unit=None, text="", article_id="x", figure_id="n1", outlet=None,
        claimant=None, via=None, date=date, date_from="figure", published=date, evidence=Span("", 0, 0),
    )  # fmt: skip


def test_the_conflict_rule() -> None:
    assert bounds(431, 431, 431, "exact") == (431, 431)
    assert bounds(400, 400, None, "more than") == (401, math.inf)
    assert bounds(10, None, 10, "less than") == (0, 9)
    assert conflicting(bounds(14, 14, 14, "exact"), bounds(15, 15, 15, "exact"))
    assert not conflicting(bounds(430, None, None, "about"), bounds(431, 431, 431, "exact"))
    assert not conflicting(bounds(400, 400, None, "more than"), bounds(430, 430, 430, "exact"))
    assert conflicting(bounds(400, 400, None, "more than"), bounds(400, 400, 400, "exact"))
    assert not conflicting(bounds(None, 24, 99, "about"), bounds(30, 30, 30, "exact"))  # "dozens" vs 30


def test_series_conflicts_lower_later_and_same_date() -> None:
    pts = [
        _value(8, "exact", date="2025-01-01"),
        _value(12, "exact", date="2025-01-02"),
        _value(10, "exact", date="2025-01-03"),
    ]
    assert [c["kind"] for c in series_conflicts(pts)] == ["lower_later"]
    same = [_value(8, "exact", date="2025-01-01"), _value(9, "exact", date="2025-01-01")]
    assert [c["kind"] for c in series_conflicts(same)] == ["same_date"]
    assert series_conflicts([_value(8, "at least"), _value(12, "exact", date="2025-01-02")]) == []


def test_one_export_row_per_group(linked: tuple[list[Article], Any]) -> None:
    from eventwire.export.groups import COLUMNS, group_rows

    arts, result = linked
    rows = group_rows(result.groups.values(), {a.id: a for a in arts}, result.entities)
    assert len(rows) == 2 and all(set(COLUMNS) <= set(r) for r in rows)
    tear_gas = next(r for r in rows if r["plover_type"] == "ASSAULT")
    assert tear_gas["source_count"] == 3  # reports 1, 2 and 5; the copy is report 1
    assert sorted(tear_gas["outlets"]) == ["Lakeside Wire", "River Daily", "Tolvik Post"]
    assert (tear_gas["injured_low"], tear_gas["injured_high"], tear_gas["injured_conflict"]) == (14, 15, True)
    assert tear_gas["denied_by"] == ["Marnian Interior Ministry"]
    assert tear_gas["fatalities_low"] is None  # no report gives a death toll for it


@pytest.fixture(scope="module")
def linked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eventwire.link import Linker
    from eventwire.store import open_store

    path = tmp_path_factory.mktemp("figures") / "db.duckdb"
    with open_store(path) as store:
        store.add(crisis())
        store.save_link_changes(Linker().link(crisis()))
    return path


def _cli_jsonl(db: Path, *args: str) -> list[dict[str, Any]]:
    from typer.testing import CliRunner

    from eventwire.cli import app

    res = CliRunner().invoke(app, ["query", *args, "--format", "jsonl", "--db", str(db)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def test_cli_figures_compare(linked_db: Path) -> None:
    rows = _cli_jsonl(linked_db, "figures", "--compare")
    assert sorted((r["category"], r["conflict"], r["low"], r["high"]) for r in rows) == [
        ("injured", True, 14, 15),
        ("returned", True, 400, 431),
    ]
    injured = next(r for r in rows if r["category"] == "injured")
    (one,) = _cli_jsonl(linked_db, "figures", "--compare", "--category", "injured", "--group", injured["group_id"])
    assert one["category"] == "injured"
    v = one["values"][0]
    assert set(v) >= {"value", "low", "high", "qualifier", "article_id", "outlet", "claimant", "date", "evidence"}


def test_cli_series_and_contradictions(linked_db: Path) -> None:
    (s,) = _cli_jsonl(linked_db, "series", "--category", "killed")
    assert [p["value"] for p in s["points"]] == [8, 10, 13] and s["conflict"] is False
    rows = _cli_jsonl(linked_db, "contradictions")
    kinds = sorted((r["kind"], r["cross_article"]) for r in rows)
    assert kinds == [("claim", True)] * 4 + [("figure", True)] * 2  # two of the claims are the quote-only denial
    for r in rows:
        assert set(r) >= {"id", "kind", "cross_article", "a", "b", "group_id"}
        assert set(r["a"]) >= {"article_id", "item_id", "speaker", "via", "date", "evidence"}
    # one group (the web's group page reads the same): its claims, the quote-only denial included
    tear_gas = next(r["group_id"] for r in rows if r["kind"] == "claim")
    one = _cli_jsonl(linked_db, "contradictions", "--group", tear_gas)
    assert sorted(r["kind"] for r in one) == ["claim"] * 4 + ["figure"]
    assert {r["group_id"] for r in one} == {tear_gas}
    (story,) = _cli_jsonl(linked_db, "stories")
    assert len(_cli_jsonl(linked_db, "contradictions", "--story", story["id"])) == 6


def test_cli_tables_are_readable(linked_db: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    for args in (["figures", "--compare"], ["series"], ["contradictions"]):
        res = CliRunner().invoke(app, ["query", *args, "--db", str(linked_db)], env={"COLUMNS": "100"})
        assert res.exit_code == 0, res.output
    assert "CONFLICT" in CliRunner().invoke(app, ["query", "figures", "--compare", "--db", str(linked_db)]).stdout
    res = CliRunner().invoke(app, ["query", "series", "--format", "csv", "--db", str(linked_db)])
    assert res.exit_code == 2


def test_cli_export_one_row_per_group(linked_db: Path, tmp_path: Path) -> None:
    import csv

    from typer.testing import CliRunner

    from eventwire.cli import app

    out = tmp_path / "groups.csv"
    res = CliRunner().invoke(app, ["export", str(out), "--format", "acled", "--groups", "--db", str(linked_db)])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2
    tear_gas = next(r for r in rows if r["plover_type"] == "ASSAULT")
    assert (tear_gas["injured_low"], tear_gas["injured_high"], tear_gas["injured_conflict"]) == ("14", "15", "true")
    assert tear_gas["source_count"] == "3" and "River Daily" in tear_gas["outlets"]
    out = tmp_path / "groups.jsonl"
    res = CliRunner().invoke(app, ["export", str(out), "--format", "jsonl", "--groups", "--db", str(linked_db)])
    assert res.exit_code == 0, res.output
    assert len(out.read_text("utf-8").splitlines()) == 2
    res = CliRunner().invoke(app, ["export", str(out), "--format", "parquet", "--groups", "--db", str(linked_db)])
    assert res.exit_code == 2


def test_story_view_shows_figures_side_by_side_and_both_sides_of_contradictions(linked_db: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    (story,) = _cli_jsonl(linked_db, "stories")
    res = CliRunner().invoke(app, ["story", story["id"], "--db", str(linked_db)], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert all(len(line) <= 80 for line in out.splitlines()), out
    figures, totals, claims = (out.index(t) for t in ("Figures by event group", "Running totals", "Contradictions"))
    assert figures < totals < claims
    compared = out[figures:totals]
    # each group's range with the conflict marked, one line per report with outlet (and copy) and claimant
    assert "injured: 14-15  CONFLICT" in compared and "returned: 400-431  CONFLICT" in compared
    assert "'14 people' Lakeside Wire (+River Daily), per witnesses, 2025-06-01" in compared
    assert "'15' Tolvik Post, per a rights group, 2025-06-01" in compared
    assert "'More than 400 returnees' Marnia Today, in its own voice" in compared
    running = out[totals:claims]
    assert running.index("'8'") < running.index("'10'") < running.index("'13'") and "CONFLICT" not in running
    sides = out[claims:]
    # the quote-only denial: speaker, channel, date and evidence of both sides
    assert "B: Marnia Today, per Dara Velk via state radio, 2025-06-07 [denied]" in sides
    flat = " ".join(sides.split())  # a long side line wraps at 80 columns
    # a denial's date is the denied day; when it was said is the report's date
    assert "B: Lakeside Wire, per Marnian Interior Ministry, 2025-06-01, reported 2025-06-06 [denied]" in flat
    assert "A: Tolvik Post, per a rights group, 2025-06-01, reported 2025-06-02 [asserted]" in sides
    assert "page notice" not in out and sides.count("claim contradiction, across reports") == 4
    assert sides.count("figure contradiction, across reports") == 2
