"""The tune/check split and the gold-trigger reader of tools/measure_trigger_coverage.py (invented records)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from measure_trigger_coverage import hand_made_lexicon, in_tune_half, trigger_spans

from eventwire.eval.split import SPLIT_SEED


def test_split_is_the_documented_rule_and_roughly_even() -> None:
    ids = [f"REC-{i:04d}" for i in range(1000)]
    tune = [i for i in ids if in_tune_half(i)]
    documented = [hashlib.sha256(f"{SPLIT_SEED}:plover_gsr:{i}".encode()).digest()[0] < 128 for i in ids]
    assert [in_tune_half(i) for i in ids] == documented
    assert 400 < len(tune) < 600


def test_trigger_spans_follow_the_evt_marks_in_order() -> None:
    record = {
        "text": "Freedonia and Sylvania signed a pact; Freedonia signed again.",
        "textInfo": {
            "markup": "(SRC: Freedonia) and (TAR: Sylvania) (EVT: signed) a (EVT: pact); Freedonia (EVT: signed) again."
        },
    }
    text = record["text"]
    assert [text[s:e] for s, e in trigger_spans(record)] == ["signed", "pact", "signed"]
    assert trigger_spans(record)[2][0] > trigger_spans(record)[0][0]


def test_hand_made_lexicon_reads_types() -> None:
    lexicon = hand_made_lexicon()
    assert "AGREE" in lexicon["agree"]
