"""PLOVER GSR and PETRARCH2 scorers: label mapping, gold parsing, actor codes, and runs on invented files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.eval import evaluate, petrarch2, plover_gsr
from eventwire.records import Actor, Span

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.parametrize(
    ("label", "expected"),
    [("DEMAND", "REQUEST"), ("DISAPPROVE", "ACCUSE"), ("INVESTIGATE", "ACCUSE"), ("FIGHT", "ASSAULT"),
     ("CONSULT", "CONSULT"), ("DOCUMENT", None), ("", None)],
)  # fmt: skip
def test_gsr_label_mapping(label: str, expected: str | None) -> None:
    assert plover_gsr.gold_type({"event": label}) == expected


def test_gsr_gold_actor_fields() -> None:
    value = [{"actorText": "Israel", "code": "ISR"}, {"actorText": "rebels", "code": "pse", "sector": "REBHUT"}]
    assert plover_gsr.gold_codes(value) == {"ISR", "PSE"}
    assert plover_gsr.gold_sectors(value) == {"REB"}
    assert plover_gsr.gold_codes("") == set()
    assert plover_gsr.gold_sectors([{"code": "PSE", "sector": "***"}]) == set()


def test_crosswalk_longest_prefix(tmp_path: Path) -> None:
    p = tmp_path / "cw.txt"
    p.write_text(
        "# header\n04: CONSULT\n041: CONSULT, phone, # Discuss by telephone\n17: COERCE\n1712: ASSAULT, seize, # Destroy\n",
        encoding="utf-8",
    )
    cw = petrarch2.read_crosswalk(p)
    assert petrarch2.plover_type("041", cw) == "CONSULT"
    assert petrarch2.plover_type("1712", cw) == "ASSAULT"
    assert petrarch2.plover_type("1711", cw) == "COERCE"
    assert petrarch2.plover_type("174K", cw) == "COERCE"
    assert petrarch2.plover_type("023", cw) is None


def test_actor_dictionary_codes(tmp_path: Path) -> None:
    p = tmp_path / "actors.txt"
    p.write_text(
        "<!-- actors -->\nARNOR_ [ARN]\n+ARNORIAN\nMINAS_TIRITH [GON] # comment\nGONDOR [GON]\n", encoding="utf-8"
    )
    pats = petrarch2.read_actor_dictionary(p)

    def actor(name: str) -> Actor:
        return Actor(id="a1", name=name, country=None, sector=None, kind="state", mentions=[Span(name, 0, len(name))])

    assert petrarch2.actor_code(actor("Arnor"), pats) == "ARN"
    assert petrarch2.actor_code(actor("the Arnorian embassy"), pats) == "ARN"
    assert petrarch2.actor_code(actor("Minas Tirith border police"), pats) == "GON"
    assert petrarch2.actor_code(actor("Arnoria"), pats) is None  # ARNOR_ is an exact word
    assert petrarch2.actor_code(actor("Rohan"), pats) is None


def write_gsr(tmp_path: Path) -> Path:
    records: list[dict[str, Any]] = [
        {"id": "DOC", "event": "DOCUMENT"},
        {"id": "R1", "event": "DISAPPROVE", "text": "Canada condemned Iran on Monday over the arrests.",
         "source": [{"actorText": "Canada", "code": "CAN"}], "target": [{"actorText": "Iran", "code": "IRN"}]},
        {"id": "R2", "event": "CONSULT", "text": "The weather in the capital was mild all week.",
         "source": [{"actorText": "Chile", "code": "CHL", "sector": "GOV"}], "target": ""},
        {"id": "R3", "event": "NOT_A_TYPE", "text": "Chile praised Peru.", "source": "", "target": ""},
    ]  # fmt: skip
    (tmp_path / plover_gsr.DATA_FILE).write_text(json.dumps(records), encoding="utf-8")
    return tmp_path


@pytest.mark.model
def test_gsr_scorer_on_invented_records(tmp_path: Path) -> None:
    result = evaluate("plover_gsr", write_gsr(tmp_path)).all
    assert result.n == 2 and result.unscored == 1
    assert result.metrics["type_accuracy"] == 0.5  # R1 right, R2 has no event
    assert result.metrics["source_country_accuracy"] == 0.5
    assert result.metrics["target_country_accuracy"] == 1.0
    assert result.metrics["source_sector_accuracy"] == 0.0
    assert result.per_class["ACCUSE"]["f1"] == 1.0
    assert result.per_class["CONSULT"]["recall"] == 0.0


@pytest.mark.model
@pytest.mark.skipif(not (SHARED / "plover_gsr").exists(), reason="dev data not present")
def test_gsr_dev_sample_floors() -> None:
    result = evaluate("plover_gsr", SHARED / "plover_gsr").all
    assert result.n == 64
    assert result.metrics["type_accuracy"] >= 0.65


@pytest.mark.model
@pytest.mark.skipif(not (SHARED / "petrarch2_unittest").exists(), reason="dev data not present")
def test_petrarch2_dev_sample_runs() -> None:
    result = evaluate("petrarch2_unittest", SHARED / "petrarch2_unittest", limit=12).all
    assert result.n == 12
    assert set(result.metrics) >= {"root_type_agreement", "dyad_agreement", "noevents_clean_rate"}
