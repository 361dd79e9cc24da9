"""Coreference scores against the worked example of Pradhan et al. (2014) and hand-checked edge cases."""

from __future__ import annotations

import pytest

from eventwire.eval.coref import b_cubed, ceaf_e, clustering_scores, conll, muc

# Pradhan, Luo, Recasens, Hovy, Ng, Strube (2014), "Scoring coreference partitions of predicted
# mentions: a reference implementation", ACL: key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}.
KEY = [frozenset("abc"), frozenset("defg")]
RESPONSE = [frozenset("ab"), frozenset("cd"), frozenset("fghi")]


def test_muc_worked_example() -> None:
    s = muc(KEY, RESPONSE)
    assert s["recall"] == pytest.approx(2 / 5) and s["precision"] == pytest.approx(2 / 5)


def test_b_cubed_worked_example() -> None:
    s = b_cubed(KEY, RESPONSE)
    assert s["recall"] == pytest.approx((4 / 3 + 1 / 3 + 1 / 4 + 4 / 4) / 7)  # 0.4167
    assert s["precision"] == pytest.approx((4 / 2 + 1 / 2 + 1 / 2 + 4 / 4) / 8)  # 0.5


def test_ceaf_e_worked_example() -> None:
    s = ceaf_e(KEY, RESPONSE)
    # best alignment {a,b,c}~{a,b} (phi4 0.8) and {d,e,f,g}~{f,g,h,i} (0.5)
    assert s["recall"] == pytest.approx(1.3 / 2) and s["precision"] == pytest.approx(1.3 / 3)


def test_conll_is_the_mean_f1_and_perfect_is_one() -> None:
    s = conll(KEY, RESPONSE)
    assert s["conll"]["f1"] == pytest.approx((s["muc"]["f1"] + s["b3"]["f1"] + s["ceafe"]["f1"]) / 3)
    same = conll(KEY, KEY)
    assert all(same[m]["f1"] == pytest.approx(1.0) for m in ("muc", "b3", "ceafe", "conll"))


def test_all_singletons() -> None:
    key = [frozenset([m]) for m in "abcd"]
    assert muc(key, key)["f1"] == 0.0  # MUC has no links to score
    assert b_cubed(key, key)["f1"] == pytest.approx(1.0)
    merged = [frozenset("abcd")]
    assert b_cubed(key, merged)["precision"] == pytest.approx(0.25)
    assert b_cubed(key, merged)["recall"] == pytest.approx(1.0)


def test_clustering_scores() -> None:
    gold = {1: "x", 2: "x", 3: "y", 4: "y"}
    perfect = clustering_scores(gold, {1: "a", 2: "a", 3: "b", 4: "b"})
    assert perfect["b3_f1"] == pytest.approx(1.0) and perfect["v_measure"] == pytest.approx(1.0)
    one = clustering_scores(gold, dict.fromkeys(gold, "a"))
    assert one["b3_recall"] == pytest.approx(1.0) and one["b3_precision"] == pytest.approx(0.5)
    assert one["homogeneity"] == pytest.approx(0.0) and one["completeness"] == pytest.approx(1.0)
