"""The PETRARCH2 scorer's test-time actor KB: the suite's dictionary read as entries and written as a KB
file that eventwire's own loader reads (invented dictionary lines, fictional names only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.eval.petrarch2_kb import kb_rows, read_dictionary, write_kb
from eventwire.extract.actors.kb import load_kb

DICTIONARY = """<!-- AN INVENTED ACTOR DICTIONARY -->
# a comment line
ARNOR_ [ARN]
+ARNORIAN
VARDONIA [VRD] # a comment after the code
+VARDONIAN
+PORT_ELSWICK
VARDONIAN_BORDER_GUARD [VRDCOP]
QUELLMARK_SENATE [QLMLEG]
ELDER_THORN
+THE_OLD_THORN
\t[QLM < 950601]
\t[QLMGOV 19950601 - 19990815]
\t[QLMREB > 990816]
HARBOUR_COUNCIL  [VRD/QLM]
NOBODY_IN_PARTICULAR [---]
GROUP OF 9 [G09]
DRIFT_MARSHAL
\t[DRF]
"""


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    p = tmp_path / "PETR.Validate.actors.txt"
    p.write_text(DICTIONARY, encoding="utf-8")
    return p


def test_dictionary_entries_and_their_codes(dictionary: Path) -> None:
    entries = {e.names[0]: e for e in read_dictionary(dictionary)}
    assert entries["Arnor"].names == ["Arnor", "Arnorian"] and entries["Arnor"].exact == [True, False]
    assert entries["Vardonia"].names == ["Vardonia", "Vardonian", "Port Elswick"]
    assert entries["Vardonia"].code() == "VRD"
    assert entries["Elder Thorn"].names == ["Elder Thorn", "The Old Thorn"]
    assert entries["Elder Thorn"].code() == "QLMREB"  # no undated code: the open-ended latest one
    assert entries["Harbour Council"].code() == "VRD"  # A/B: the first
    assert entries["Drift Marshal"].code() == "DRF"  # the code on its own line
    assert entries["Nobody In Particular"].code() is None  # a discard code
    assert entries["Group Of 9"].code() is None  # not letters


def test_kb_rows_states_and_organisations(dictionary: Path) -> None:
    countries, orgs = kb_rows(read_dictionary(dictionary))
    by_code = {row[0]: row for row in countries}
    assert by_code["VRD"] == ["VRD", "Vardonia", "Vardonian|Port Elswick|Harbour Council", "Vardonian", "", ""]
    assert by_code["ARN"][3] == "Arnorian"  # a demonym-like synonym is also an adjective
    assert {r[0]: r[2:4] for r in orgs} == {
        "Vardonian Border Guard": ["VRD", "COP"],
        "Quellmark Senate": ["QLM", "LEG"],
        "Elder Thorn": ["QLM", "REB"],
    }


def test_the_written_kb_loads_with_eventwires_own_loader(dictionary: Path, tmp_path: Path) -> None:
    kb = load_kb([write_kb(dictionary, tmp_path / "kb.tsv")])
    arnor = kb.entry("Arnor")
    assert arnor is not None and (arnor.country, arnor.kind) == ("ARN", "state")
    assert kb.adjective("Arnorian") == "ARN" and kb.adjective("Vardonian") == "VRD"
    guard = kb.entry("Vardonian Border Guard")
    assert guard is not None and (guard.country, guard.sector) == ("VRD", "COP")
    thorn = kb.entry("the Old Thorn")
    assert thorn is not None and (thorn.country, thorn.sector) == ("QLM", "REB")
    assert kb.entry("Port Elswick") is not None and kb.entry("Nobody In Particular") is None


@pytest.mark.model
def test_the_test_time_kb_codes_the_fictional_states(dictionary: Path, tmp_path: Path) -> None:
    from eventwire.config import PipelineConfig
    from eventwire.knowledge import KnowledgeSources
    from eventwire.pipeline import Pipeline

    text = "Arnor accused Vardonia of sending troops across the border."
    kb_file = write_kb(dictionary, tmp_path / "kb.tsv")
    # the scorer passes its KB the same way: one more user actor file in the knowledge sources
    config = PipelineConfig(knowledge=KnowledgeSources(actor_files=(str(kb_file),)))
    article = Pipeline(config).process_text(text)
    countries = {a.name: a.country for a in article.actors}
    assert countries.get("Arnor") == "ARN" and countries.get("Vardonia") == "VRD"
    accuse = [e for e in article.events if e.type == "ACCUSE"]
    actors = {a.id: a.country for a in article.actors}
    assert any(actors.get(e.source or "") == "ARN" and actors.get(e.target or "") == "VRD" for e in accuse)
