"""PolNeAR scorer: brat parsing, matching and scoring on invented data; the real dev split if present."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.eval.polnear import (
    GoldAttribution,
    Predicted,
    _Counts,
    articles,
    match,
    parse_ann,
    score_article,
)

TEXT = "The mayor said the bridge would reopen. Police said nothing else."
#       0123456789012345678901234567890123456789012345678901234567890123
ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 38\tthe bridge would reopen\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 40 46;52 64\tPolice nothing else.\n"
    "T6\tCue 47 51\tsaid\n"
    "E2\tAttribution-no-source:T6 Content:T5 Cue:T6\n"
)


def test_parse_ann_reads_roles_and_discontinuous_extents() -> None:
    gold = parse_ann(ANN)
    assert gold[0] == GoldAttribution(content=(15, 38), cue=(10, 14), source=(0, 9))
    assert gold[1].content == (40, 64) and gold[1].source is None


def test_match_is_one_to_one() -> None:
    assert match([(0, 10), (5, 15)], [(0, 12)], exact=False) == [(0, 0)]
    assert match([(0, 10)], [(0, 12)], exact=True) == []
    assert match([(0, 12)], [(0, 12)], exact=True) == [(0, 0)]


def test_score_article_counts_content_cue_and_speaker() -> None:
    gold = parse_ann(ANN)
    preds = [
        Predicted(content=(15, 38), cue=(10, 14), speaker=(4, 9)),  # exact content, speaker overlaps
        Predicted(content=(0, 3), cue=None, speaker=None),  # overlaps nothing relevant... "The"
    ]
    counts = _Counts()
    score_article(TEXT, preds, gold, counts)
    m = counts.metrics()
    assert m["content_exact_precision"] == 0.5 and m["content_exact_recall"] == 0.5
    assert m["cue_precision"] == 1.0 and m["cue_recall"] == 0.5
    assert m["speaker_accuracy"] == 1.0


def test_wrong_speaker_lowers_accuracy() -> None:
    gold = parse_ann(ANN)
    counts = _Counts()
    score_article(TEXT, [Predicted(content=(15, 38), cue=(10, 14), speaker=(40, 46))], gold, counts)
    assert counts.metrics()["speaker_accuracy"] == 0.0


def test_articles_picks_first_annotator(tmp_path: Path) -> None:
    root = tmp_path / "data" / "dev"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "attributions" / "a_ffff.ann").write_text("", encoding="utf-8")
    (root / "attributions" / "a_0abc.ann").write_text(ANN, encoding="utf-8")
    ((name, text, gold),) = list(articles(tmp_path))
    assert name == "a" and text == TEXT and len(gold) == 2


POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.exists(), reason="PolNeAR dev split not present")
def test_polnear_dev_sample_runs() -> None:
    from eventwire.eval import evaluate

    result = evaluate("polnear", POLNEAR, limit=3).all
    assert result.n == 3
    assert 0.0 < result.metrics["content_overlap_f1"] <= 1.0
    assert "textacy" in result.baselines
