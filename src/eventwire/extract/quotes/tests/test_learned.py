"""The learned cue and content-argument models: weight table, scoring, features on a hand-built parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.extract.quotes.learned import (
    arg_candidates,
    arg_features,
    cue_features,
    is_verb,
    load_model,
    parse_model,
    quoted_sentences,
)
from eventwire.knowledge import load_knowledge
from eventwire.nlp import Parsed, Token, TokenSpan

TABLE = """# a tiny model
cue\t__bias__\t-2.0
cue\t__threshold__\t0.5
arg\t__bias__\t0.0
arg\t__threshold__\t0.5
cue\tlem=slam\t3.0
arg\td=dobj\t1.5
arg\td=npadvmod\t-2.0
"""


def _parsed() -> Parsed:
    # "Critics slammed the plan Monday ." built by hand: slammed <- Critics (nsubj), plan (dobj), Monday (npadvmod)
    words = [
        ("Critics", "critic", "NOUN", "NNS", "nsubj", 1, ""),
        ("slammed", "slam", "VERB", "VBD", "ROOT", 1, ""),
        ("the", "the", "DET", "DT", "det", 3, ""),
        ("plan", "plan", "NOUN", "NN", "dobj", 1, ""),
        ("Monday", "Monday", "PROPN", "NNP", "npadvmod", 1, "DATE"),
        (".", ".", "PUNCT", ".", "punct", 1, ""),
    ]
    toks: list[Token] = []
    pos = 0
    for i, (w, lem, p, tag, dep, head, ent) in enumerate(words):
        toks.append(Token(i, w, pos, pos + len(w), lem, p, tag, dep, head, ent, "B" if ent else "O", 0))
        pos += len(w) + 1
    text = " ".join(w[0] for w in words)
    return Parsed(text=text, tokens=toks, sents=[TokenSpan(0, len(toks), 0, len(text), text)], ents=[])


def test_weight_table_scores_features() -> None:
    model = parse_model(TABLE)
    doc = _parsed()
    assert is_verb(doc.tokens[1]) and not is_verb(doc.tokens[3])
    feats = cue_features(doc, 1, None, False, quoted_sentences(doc))
    assert "lem=slam" in feats and "subj=NOUN" in feats and "kid=dobj" in feats
    assert model.cue.prob(feats) == pytest.approx(1 / (1 + 2.718281828**-1.0), rel=1e-6)
    assert model.cue.prob(["lem=unknown"]) < model.cue_threshold
    args = arg_candidates(doc, 1)
    assert args == [3, 4]  # subject, punctuation never carry the content
    picked = [k for k in args if model.arg.prob(arg_features(doc, 1, k)) >= model.arg_threshold]
    assert picked == [3]


@pytest.mark.parametrize(
    "bad",
    [
        "cue\tlem=x\tnot-a-number\n",
        "other\tlem=x\t1.0\n",
        "cue\tlem=x\n",
        "cue\t__bias__\t0\ncue\t__threshold__\t0.5\narg\t__bias__\t0\n",  # no arg threshold
    ],
)
def test_bad_weight_tables_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_model(bad)


def test_unreadable_table_is_a_knowledge_error(tmp_path: Path) -> None:
    path = tmp_path / "cue_model.tsv"
    path.write_text("cue\tlem=x\tnope\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as e:
        load_model(path)
    assert e.value.code == "EW205" and "cue_model.tsv" in str(e.value)


def test_shipped_model_loads_and_is_small() -> None:
    knowledge = load_knowledge()
    model = knowledge.quote_model
    assert 0.0 < model.cue_threshold < 1.0 and 0.0 < model.arg_threshold < 1.0
    assert len(model.cue.weights) > 1000 and len(model.arg.weights) > 100
    # attribution verbs outscore verbs that rarely carry one
    assert model.cue.weights.get("lem=slam", 0.0) > model.cue.weights.get("lem=eat", 0.0)
