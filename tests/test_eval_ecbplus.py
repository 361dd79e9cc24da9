"""ECB+ reader on an invented file in the corpus's token XML shape (no model, no shared data)."""

from __future__ import annotations

from pathlib import Path

from eventwire.eval.ecbplus import in_tune_half, read_doc

XML = """<Document doc_name="9_1ecbplus.xml" doc_id="DOC1">
<token t_id="1" sentence="0" number="0">http://example.org/story</token>
<token t_id="2" sentence="1" number="0">Guards</token>
<token t_id="3" sentence="1" number="1">fired</token>
<token t_id="4" sentence="1" number="2">on</token>
<token t_id="5" sentence="1" number="3">farmers</token>
<token t_id="6" sentence="1" number="4">.</token>
<token t_id="7" sentence="2" number="0">The</token>
<token t_id="8" sentence="2" number="1">shooting</token>
<token t_id="9" sentence="2" number="2">ended</token>
<token t_id="10" sentence="2" number="3">.</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="3"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="8"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="3"><token_anchor t_id="9"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="4"><token_anchor t_id="5"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="5" RELATED_TO="" TAG_DESCRIPTOR="t9_shooting" instance_id="ACT9" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT9"><source m_id="1" /><source m_id="2" /><target m_id="5" /></CROSS_DOC_COREF>
</Relations>
</Document>
"""


def test_read_doc(tmp_path: Path) -> None:
    p = tmp_path / "9_1ecbplus.xml"
    p.write_text(XML, encoding="utf-8")
    doc = read_doc(p, None)
    assert doc is not None and doc.topic == "9" and doc.sub == "ecbplus"
    assert doc.text == "Guards fired on farmers.\nThe shooting ended."  # URL sentence dropped
    got = {doc.text[m.start : m.end]: m.cluster for m in doc.mentions}
    assert got["fired"] == got["shooting"] == "ACT9"
    assert got["ended"] == "9_1ecbplus.xml:3"  # a singleton
    assert "farmers" not in got  # participants are not event mentions
    only_first = read_doc(p, {1})
    assert only_first is not None and [doc.text[m.start : m.end] for m in only_first.mentions] == ["fired"]


def test_tune_half_is_the_seeded_hash() -> None:
    halves = {t: in_tune_half(t) for t in ("2", "5", "12", "18", "21", "23", "34", "35")}
    assert sorted(t for t, tune in halves.items() if tune) == ["12", "18", "23"]


def test_score_takes_any_subset_and_runs_the_lemma_baseline(tmp_path: Path) -> None:
    from eventwire.eval.ecbplus import Item, Prediction, score

    p = tmp_path / "9_1ecbplus.xml"
    p.write_text(XML, encoding="utf-8")
    doc = read_doc(p, None)
    assert doc is not None
    ids = [m.id for m in doc.mentions]
    # "fired" and "shooting" are one gold chain; the prediction gets it right, the lemma baseline does not
    pred = Prediction(
        doc,
        story="s1",
        gold={ids[0]: "g1", ids[1]: "g1", ids[2]: "g2"},
        lemma={i: ("s1", n) for n, i in enumerate(ids)},
    )
    res = score([Item(p, None)], [pred])
    assert res.n == 1 and res.metrics["gold_conll_f1"] == 1.0 and res.metrics["stories_subtopic_b3_f1"] == 1.0
    assert res.baselines["same_lemma"]["muc_f1"] == 0.0
    assert res.metrics["e2e_b3_recall"] == 0.0  # no event of ours: every gold mention missed
    empty = score([], [])
    assert empty.n == 0 and empty.metrics == {}


def test_the_scorer_splits_by_its_own_topic_rule() -> None:
    from eventwire.eval.ecbplus import SCORER

    assert SCORER.half is not None and SCORER.split_rule
    assert [t for t in ("2", "12", "18", "35") if SCORER.in_split("tune", "ecbplus", t)] == ["12", "18"]
    assert all(SCORER.in_split("all", "ecbplus", t) for t in ("2", "12"))
