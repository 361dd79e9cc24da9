"""CASE 2021 Task 2 scorer: the ACLED -> PLOVER mapping, main-event choice, scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.eval import evaluate
from eventwire.eval.case2021 import MAPPING, UNMAPPED, read_snippets
from eventwire.eval.classify import single_label_scores
from eventwire.eval.labelmaps import knowledge_path, label_map, read_table
from eventwire.eval.texts import main_event
from eventwire.records import SCHEMA_VERSION, Article, Event, Span

PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
CASE_TYPES = {
    "ABDUCT_DISSAP", "AGREEMENT", "AIR_STRIKE", "ARMED_CLASH", "ARREST", "ART_MISS_ATTACK", "ATTACK",
    "CHANGE_TO_GROUP_ACT", "CHEM_WEAP", "DISR_WEAP", "FORCE_AGAINST_PROTEST", "GOV_REGAINS_TERIT",
    "GRENADE", "HQ_ESTABLISHED", "MOB_VIOL", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER",
    "OTHER", "PEACE_PROTEST", "PROPERTY_DISTRUCT", "PROTEST_WITH_INTER", "REM_EXPLOS", "SEX_VIOL",
    "SUIC_BOMB", "VIOL_DEMONSTR", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB",
}  # fmt: skip


def test_mapping_covers_all_30_types_with_reasons() -> None:
    mapping = label_map(MAPPING, "subtype", "plover")
    assert set(mapping) == CASE_TYPES
    assert set(mapping.values()) - {UNMAPPED} <= PLOVER
    assert mapping["PEACE_PROTEST"] == "PROTEST" and mapping["ARREST"] == "COERCE"
    assert mapping["NATURAL_DISASTER"] == UNMAPPED
    rows = read_table(knowledge_path(MAPPING), ("subtype", "plover", "reason"))
    assert all(len(r["reason"]) > 10 for r in rows)


def test_single_label_scores() -> None:
    metrics, per_class = single_label_scores(
        ["ASSAULT", "ASSAULT", "PROTEST", "AGREE"], ["ASSAULT", None, "ASSAULT", "AGREE"]
    )
    assert metrics["accuracy"] == pytest.approx(0.5)
    assert per_class["ASSAULT"]["precision"] == pytest.approx(0.5) and per_class["ASSAULT"]["recall"] == pytest.approx(
        0.5
    )
    assert per_class["PROTEST"]["f1"] == 0.0 and per_class["AGREE"]["f1"] == 1.0
    assert metrics["macro_f1"] == pytest.approx((0.5 + 0.0 + 1.0) / 3)
    assert metrics["weighted_f1"] == pytest.approx((0.5 * 2 + 0 + 1.0) / 4)


def _event(eid: str, etype: str, start: int, status: str = "asserted", confidence: float = 0.8) -> Event:
    span = Span("x", start, start + 1)
    return Event(eid, etype, None, [], None, None, status, None, None, None, None, [], span, span, confidence)  # type: ignore[arg-type]


def _article(events: list[Event]) -> Article:
    return Article("0" * 16, SCHEMA_VERSION, None, None, None, None, False, "en", "x" * 50, events=events)


def test_main_event_prefers_happened_then_confident_then_first() -> None:
    assert main_event(_article([])) is None
    threatened = _event("e1", "THREATEN", 0, status="threatened", confidence=0.99)
    first = _event("e2", "ASSAULT", 5)
    later = _event("e3", "PROTEST", 9)
    assert main_event(_article([threatened, later, first])) is first
    surer = _event("e4", "COERCE", 20, confidence=0.95)
    assert main_event(_article([first, surer])) is surer


def test_read_snippets(tmp_path: Path) -> None:
    (tmp_path / "dev_sample_with_labels.tsv").write_text(
        'id\tEventSnippet\tSubType\n1\tRiot police fired "rubber" bullets.\tFORCE_AGAINST_PROTEST\n', encoding="utf-8"
    )
    [s] = read_snippets(tmp_path / "dev_sample_with_labels.tsv")
    assert s.id == "1" and s.subtype == "FORCE_AGAINST_PROTEST" and '"rubber"' in s.text


@pytest.mark.model
def test_evaluate_on_invented_snippets(tmp_path: Path, pipeline: object) -> None:
    rows = [
        "id\tEventSnippet\tSubType",
        "1\tThousands of teachers marched through the capital on Monday to demand higher pay.\tPEACE_PROTEST",
        "2\tPolice arrested twelve men suspected of smuggling weapons across the border.\tARREST",
        "3\tA fire destroyed a warehouse in the port town overnight.\tMAN_MADE_DISASTER",
    ]
    (tmp_path / "dev_sample_with_labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = evaluate("case2021_task2", tmp_path).all
    assert result.n == 2 and result.unscored == 1
    assert result.metrics["coverage"] == pytest.approx(2 / 3)
    assert {"accuracy", "macro_f1", "weighted_f1", "event_found_rate"} <= set(result.metrics)
    assert result.extra["non_political_rows"] == 1


def test_main_event_type_counts_happened_events() -> None:
    from eventwire.eval.texts import main_event_type

    assert main_event_type(_article([])) is None
    one_sure_protest = _event("e1", "PROTEST", 0, confidence=0.95)
    two_assaults = [_event("e2", "ASSAULT", 10), _event("e3", "ASSAULT", 20)]
    assert main_event_type(_article([one_sure_protest, *two_assaults])) == "ASSAULT"
    # threatened events do not count while some event happened
    threats = [_event(f"t{i}", "THREATEN", 30 + i, status="threatened") for i in range(3)]
    assert main_event_type(_article([one_sure_protest, *threats])) == "PROTEST"
    assert main_event_type(_article(threats)) == "THREATEN"
    # a tie goes to the more confident event
    assert (
        main_event_type(_article([_event("e4", "AGREE", 0, confidence=0.5), _event("e5", "CONSULT", 9)])) == "CONSULT"
    )


def test_arresting_the_protesters_of_a_protest_counts_as_the_protest() -> None:
    """ACLED's "Protest with intervention": detaining a protest's participants is part of it."""
    from dataclasses import replace

    from eventwire.eval.case2021 import acled_view
    from eventwire.eval.texts import main_event_type
    from eventwire.records import Actor

    police = Actor("a1", "police", None, "COP", "organisation")
    crowd = Actor("a2", "protesters", None, "CVL", "group")
    officials = Actor("a3", "officials", None, "GOV", "group")
    protest = replace(_event("e1", "PROTEST", 30), source="a2")
    arrest = replace(_event("e2", "COERCE", 0, confidence=0.9), source="a1", target="a2", targets=["a2"])
    art = replace(_article([arrest, protest]), actors=[police, crowd, officials])
    assert main_event_type(art, material_first=True) == "COERCE"
    assert main_event_type(acled_view(art), material_first=True) == "PROTEST"
    # An arrest of others, or without a protest in the report, stays an arrest.
    of_others = replace(arrest, target="a3", targets=["a3"])
    assert main_event_type(acled_view(replace(art, events=[of_others, protest])), material_first=True) == "COERCE"
    assert main_event_type(acled_view(replace(art, events=[arrest])), material_first=True) == "COERCE"


def test_case_classifier_round_trip_and_folds(tmp_path: Path) -> None:
    """The artefact format: argmax of intercept + weights; a fold model scores that fold's snippets."""
    from eventwire.errors import KnowledgeError
    from eventwire.eval.case_classifier import CaseClassifier, read_classifier, snippet_features

    model = CaseClassifier(
        {"ASSAULT": 0.5, "PROTEST": 0.0},
        {"ASSAULT": {}, "PROTEST": {"rule:PROTEST": 1.0, "w:marched": 0.2}},
        {"trained_on": "invented"},
        [({"ASSAULT": 0.0, "PROTEST": 0.1}, {"ASSAULT": {}, "PROTEST": {}})] * 5,
    )
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), encoding="utf-8")
    loaded = read_classifier(path)
    feats = snippet_features("Teachers marched.", None, "PROTEST")
    assert feats == ["rule:PROTEST", "w:marched", "w:teachers"]
    assert loaded.predict(feats) == "PROTEST" and loaded.predict(["rule:None"]) == "ASSAULT"
    assert loaded.predict(["rule:None"], fold=2) == "PROTEST"  # the fold model, not the final one
    path.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(KnowledgeError):
        read_classifier(path)


def test_shipped_case_classifier_was_trained_on_tune_only() -> None:
    from eventwire.eval.case_classifier import shipped_classifier

    model = shipped_classifier()
    assert model is not None and "tune half" in str(model.meta["trained_on"])
    assert len(model.fold_models) == 5 and set(model.intercepts) <= PLOVER
