"""The loader of the scorers' label mappings (knowledge/eval/*.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.eval.labelmaps import knowledge_path, read_table


def test_reads_commented_tsv(tmp_path: Path) -> None:
    p = tmp_path / "m.tsv"
    p.write_text("# format: a, b, reason\nfrom\tto\treason\nX\tY\tbecause\n\nZ\tW\tbecause too\n", encoding="utf-8")
    assert read_table(p, ("from", "to", "reason")) == [
        {"from": "X", "to": "Y", "reason": "because"},
        {"from": "Z", "to": "W", "reason": "because too"},
    ]


def test_bad_row_names_its_line(tmp_path: Path) -> None:
    p = tmp_path / "m.tsv"
    p.write_text("from\tto\treason\nX\tY\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        read_table(p, ("from", "to", "reason"))
    assert err.value.line == 2 and err.value.code == "EW205"


def test_missing_column_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "m.tsv"
    p.write_text("from\tto\nX\tY\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="reason"):
        read_table(p, ("from", "to", "reason"))


@pytest.mark.parametrize("name", ["ontonotes_to_conll.tsv", "case2021_to_plover.tsv", "indiapolice_terms.tsv"])
def test_shipped_mappings_load(name: str) -> None:
    header = {"ontonotes_to_conll.tsv": "ontonotes", "case2021_to_plover.tsv": "subtype"}.get(name, "term")
    assert read_table(knowledge_path(name), (header, "reason"))
