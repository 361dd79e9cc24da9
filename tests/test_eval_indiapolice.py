"""IndiaPoliceEvents scorer: events -> police-action classes, keyword baseline, reading (invented data)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from eventwire.eval import evaluate
from eventwire.eval.classify import multi_label_scores
from eventwire.eval.indiapolice import (
    event_classes,
    keyword_baseline,
    load_terms,
    police_actor_ids,
    predict_classes,
    read_sentences,
)
from eventwire.records import SCHEMA_VERSION, Actor, Article, Event, Quantity, Span

TEXT = "Police shot dead two rioters and arrested nine men in the old city."


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(part, start, start + len(part))


def _event(
    eid: str, etype: str, trigger: str, source: str | None, status: str = "asserted", qty: list[str] | None = None
) -> Event:
    return Event(
        eid, etype, None, [], source, None, status, None, None, None, None, qty or [], _span(trigger),  # type: ignore[arg-type]
        Span(TEXT, 0, len(TEXT)), 0.9,
    )  # fmt: skip


def _article(
    events: list[Event], actors: list[Actor] | None = None, quantities: list[Quantity] | None = None
) -> Article:
    police = Actor("a1", "Police", None, None, "organisation", [], [_span("Police")])
    return Article(
        "0" * 16, SCHEMA_VERSION, None, None, None, None, False, "en", TEXT,
        actors=actors if actors is not None else [police], events=events, quantities=quantities or [],
    )  # fmt: skip


def test_police_actors_by_sector_or_name() -> None:
    terms = load_terms()
    mob = Actor("a2", "rioters", None, "CVL", "group", [], [_span("rioters")])
    cop = Actor("a3", "the Rapid Action Force", None, None, "organisation", [], [])
    sector = Actor("a4", "Inspector-led unit X", None, "COP", "group", [], [])
    art = _article([], actors=[mob, cop, sector])
    assert police_actor_ids(art, terms) == {"a3", "a4"}


def test_event_classes() -> None:
    terms = load_terms()
    kill = _event("e1", "ASSAULT", "shot", "a1")
    arrest = _event("e2", "COERCE", "arrested", "a1")
    art = _article([kill, arrest])
    police = police_actor_ids(art, terms)
    assert event_classes(art, kill, police, terms) == {"ANY_ACTION", "FORCE", "KILL"}
    assert event_classes(art, arrest, police, terms) == {"ANY_ACTION", "ARREST"}
    assert event_classes(art, _event("e3", "ASSAULT", "shot", "a1", status="negated"), police, terms) == {"FAIL"}
    assert event_classes(art, _event("e4", "ASSAULT", "shot", "a9"), police, terms) == set()
    # no source, but the sentence names the police ("killed in police firing")
    assert "FORCE" in event_classes(art, _event("e5", "ASSAULT", "shot", None), police, terms)
    assert predict_classes(art, terms) == {"ANY_ACTION", "FORCE", "KILL", "ARREST"}
    assert predict_classes(None, terms) == set()


def test_killed_figure_makes_an_assault_a_kill() -> None:
    terms = load_terms()
    qty = Quantity("n1", 2, 2, 2, "exact", "killed", "rioters", "two", 0, 3, "e1", Span(TEXT, 0, len(TEXT)))
    hit = _event("e1", "ASSAULT", "rioters", "a1", qty=["n1"])
    art = _article([hit], quantities=[qty])
    assert "KILL" in event_classes(art, hit, police_actor_ids(art, terms), terms)


def test_keyword_baseline() -> None:
    terms = load_terms()
    assert keyword_baseline("police opened fire on the crowd", terms) == {"ANY_ACTION", "FORCE"}
    assert keyword_baseline("two men were arrested by the police", terms) == {"ANY_ACTION", "ARREST"}
    assert keyword_baseline("a mob set fire to shops", terms) == set()


def test_multi_label_scores() -> None:
    metrics, per_class = multi_label_scores([{"KILL", "FORCE"}, set()], [{"FORCE"}, {"KILL"}], ["KILL", "FORCE"])
    assert per_class["FORCE"]["f1"] == 1.0 and per_class["KILL"]["f1"] == 0.0
    assert metrics["micro_precision"] == pytest.approx(0.5) and metrics["micro_recall"] == pytest.approx(0.5)


def _write(tmp_path: Path) -> Path:
    rows = [
        {"doc_id": 7, "sent_id": 0, "sent_labels": [], "sent_text": "the city was calm on sunday."},
        {"doc_id": 7, "sent_id": 1, "sent_labels": ["ARREST", "ANY_ACTION"], "sent_text": "police arrested 20 people."},
        {"doc_id": 9, "sent_id": 0, "sent_labels": ["FORCE", "ANY_ACTION"], "sent_text": "police fired tear gas."},
    ]
    folder = tmp_path / "data" / "final"
    folder.mkdir(parents=True)
    (folder / "sents.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return tmp_path


def test_read_sentences_limit_counts_articles(tmp_path: Path) -> None:
    root = _write(tmp_path)
    assert len(read_sentences(root)) == 3
    one = read_sentences(root, limit=1)
    assert [(s.doc_id, s.sent_id) for s in one] == [(7, 0), (7, 1)]
    assert one[1].labels == {"ARREST", "ANY_ACTION"}


@pytest.mark.model
def test_evaluate_on_invented_sentences(tmp_path: Path, pipeline: object) -> None:
    result = evaluate("indiapoliceevents", _write(tmp_path)).all
    assert result.n == 3 and set(result.per_class) == {"KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"}
    assert "keywords" in result.baselines and result.baselines["keywords"]["any_action_f1"] == 1.0
    assert {"micro_f1", "macro_f1", "any_action_f1", "arrest_f1"} <= set(result.metrics)


def test_police_as_target_or_claimant_is_not_police_action() -> None:
    terms = load_terms()
    art = _article([])
    police = police_actor_ids(art, terms)
    on_police = Event(
        "e1", "ASSAULT", None, [], None, "a1", "asserted", None, None, None, None, [], _span("shot"),
        Span(TEXT, 0, len(TEXT)), 0.9,
    )  # fmt: skip
    claimed = Event(
        "e2", "ASSAULT", None, [], None, None, "claimed", "a1", None, None, None, [], _span("shot"),
        Span(TEXT, 0, len(TEXT)), 0.9,
    )  # fmt: skip
    assert event_classes(art, on_police, police, terms) == set()
    assert event_classes(art, claimed, police, terms) == set()


def test_shot_at_is_force_not_kill_and_police_station_is_a_place() -> None:
    terms = load_terms()
    text = "A youth was shot at by two men near the Eastgate police station."
    span = Span(text, 0, len(text))
    shot = Span("shot", text.index("shot"), text.index("shot") + 4)
    event = Event("e1", "ASSAULT", None, [], None, None, "asserted", None, None, None, None, [], shot, span, 0.9)
    art = Article("0" * 16, SCHEMA_VERSION, None, None, None, None, False, "en", text, events=[event])
    assert predict_classes(art, terms) == set()  # "police station" names a place, not the police
    art2 = Article("0" * 16, SCHEMA_VERSION, None, None, None, None, False, "en", TEXT, events=[])
    police_shot_at = _event("e2", "ASSAULT", "shot", "a1")
    assert "KILL" in event_classes(art2, police_shot_at, {"a1"}, terms)  # TEXT says "shot dead"
    assert keyword_baseline("police shot at the crowd", terms) == {"ANY_ACTION", "FORCE"}


def test_arrest_without_a_named_doer_is_a_police_arrest() -> None:
    terms = load_terms()
    art = _article([], actors=[])
    arrest = dataclasses.replace(_event("e1", "COERCE", "arrested", None), mode="arrest")
    assert event_classes(art, arrest, set(), terms) == {"ANY_ACTION", "ARREST"}
    # a sourceless arrest that the text only plans is still no police action
    planned = dataclasses.replace(arrest, status="planned")
    assert event_classes(art, planned, set(), terms) == set()
