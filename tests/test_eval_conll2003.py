"""CoNLL-2003 scorer: conlleval chunking rules, the OntoNotes mapping, scoring (invented sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.eval import evaluate
from eventwire.eval.conll2003 import chunks, map_tags, read_conll, score
from eventwire.eval.labelmaps import label_map

# Invented sentences in the CoNLL-2003 layout (token POS chunk NER, IOB1).
TOY = """-DOCSTART- -X- -X- O

Maria NNP I-NP I-PER
Lindqvist NNP I-NP I-PER
visited VBD I-VP O
Oslo NNP I-NP I-LOC
. . O O

Nordbank NNP I-NP I-ORG
hired VBD I-VP O
Swedish JJ I-NP I-MISC
lawyers NNS I-NP O
. . O O
"""


def test_iob1_chunks_follow_conlleval() -> None:
    # I- after O starts a chunk; B- splits two adjacent chunks of one type; a type change splits too
    assert chunks(["I-PER", "I-PER", "O", "I-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    assert chunks(["I-LOC", "B-LOC", "I-LOC"]) == {(0, 1, "LOC"), (1, 3, "LOC")}
    assert chunks(["I-ORG", "I-MISC"]) == {(0, 1, "ORG"), (1, 2, "MISC")}
    assert chunks(["B-PER", "I-PER"]) == {(0, 2, "PER")}  # IOB2 reads the same way
    assert chunks(["O", "O"]) == set()


def test_mapping_is_data_and_drops_numbers() -> None:
    mapping = label_map("ontonotes_to_conll.tsv", "ontonotes", "conll")
    assert mapping["PERSON"] == "PER" and mapping["GPE"] == "LOC" and mapping["NORP"] == "MISC"
    assert mapping["CARDINAL"] == "O" and mapping["DATE"] == "O"
    assert set(mapping.values()) <= {"PER", "ORG", "LOC", "MISC", "O"}
    assert map_tags(["B-PERSON", "I-PERSON", "B-DATE", "O", "B-GPE"], mapping) == ["B-PER", "I-PER", "O", "O", "B-LOC"]


def test_score_counts_exact_chunks_only() -> None:
    gold = [{(0, 2, "PER"), (3, 4, "LOC")}]
    pred = [{(0, 1, "PER"), (3, 4, "LOC")}]  # PER boundary wrong
    overall, per_class = score(gold, pred)
    assert overall["precision"] == pytest.approx(0.5) and overall["recall"] == pytest.approx(0.5)
    assert per_class["LOC"]["f1"] == 1.0 and per_class["PER"]["f1"] == 0.0
    assert per_class["PER"]["support"] == 1


def test_read_conll(tmp_path: Path) -> None:
    (tmp_path / "eng.testa").write_text(TOY, encoding="utf-8")
    sents = list(read_conll(tmp_path / "eng.testa"))
    assert [s.words[0] for s in sents] == ["Maria", "Nordbank"]
    assert sents[1].tags == ["I-ORG", "O", "I-MISC", "O", "O"]


@pytest.mark.model
def test_evaluate_on_invented_sentences(tmp_path: Path, pipeline: object) -> None:
    (tmp_path / "eng.testa").write_text(TOY, encoding="utf-8")
    result = evaluate("conll2003_en", tmp_path).all
    assert result.dataset == "conll2003_en" and result.n == 2
    assert set(result.metrics) == {"f1", "precision", "recall"}
    assert result.extra["entities_gold"] == 4
    assert 0.0 <= result.metrics["f1"] <= 1.0
    assert evaluate("conll2003_en", tmp_path, limit=1).all.n == 1
