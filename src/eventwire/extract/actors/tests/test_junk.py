"""Junk actors (issue 14): platforms, page words and places the recogniser took for names."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.extract.actors.junk import is_junk, junk_words, stands_as_place
from eventwire.nlp import Parsed, Token, TokenSpan


def _parsed(words: list[tuple[str, str, str, int]]) -> Parsed:
    """(text, pos, dep, head) per token, one sentence, single spaces."""
    toks: list[Token] = []
    pos_ = 0
    for i, (w, pos, dep, head) in enumerate(words):
        toks.append(Token(i, w, pos_, pos_ + len(w), w.lower(), pos, pos, dep, head, "", "O", 0, " "))
        pos_ += len(w) + 1
    text = " ".join(w[0] for w in words)
    return Parsed(text=text, tokens=toks, sents=[TokenSpan(0, len(toks), 0, len(text), text, root=1)], ents=[])


# "Refugees arrived in Zorvik" / "Zorvik said" / "the Kelvarq crossing"
IN_ZORVIK = _parsed(
    [
        ("Refugees", "NOUN", "nsubj", 1),
        ("arrived", "VERB", "ROOT", 1),
        ("in", "ADP", "prep", 1),
        ("Zorvik", "PROPN", "pobj", 2),
    ]
)
ZORVIK_SAID = _parsed([("Zorvik", "PROPN", "nsubj", 1), ("said", "VERB", "ROOT", 1), ("so", "ADV", "advmod", 1)])
CROSSING = _parsed(
    [
        ("at", "ADP", "prep", 0),
        ("the", "DET", "det", 3),
        ("Kelvarq", "PROPN", "compound", 3),
        ("crossing", "NOUN", "pobj", 0),
    ]
)


def _places(known: set[str]) -> Any:
    return lambda name, variants: [name] if name in known else []


def test_word_list_loads_and_covers_platforms_and_page_words() -> None:
    words = junk_words()
    assert words["twitter"] == "platform" and words["videos"] == "page" and words["html5"] == "web"


def test_platform_and_page_words_are_junk_unless_the_knowledge_base_knows_them() -> None:
    p = _parsed([("Telegram", "PROPN", "nsubj", 1), ("posted", "VERB", "ROOT", 1)])
    assert is_junk(p, 0, 1, 0, "ORG", False, None)
    assert not is_junk(p, 0, 1, 0, "ORG", True, None)


def test_a_place_in_a_place_position_is_junk_an_acting_one_is_not() -> None:
    assert stands_as_place(IN_ZORVIK, 3) and not stands_as_place(ZORVIK_SAID, 0)
    assert is_junk(IN_ZORVIK, 3, 4, 3, "PERSON", False, _places({"Zorvik"}))
    assert not is_junk(ZORVIK_SAID, 0, 1, 0, "PERSON", False, _places({"Zorvik"}))
    # unknown to the gazetteer: a person "in" a sentence stays a person
    assert not is_junk(IN_ZORVIK, 3, 4, 3, "PERSON", False, _places(set()))


def test_a_name_modifying_a_site_noun_is_a_place_even_unknown() -> None:
    assert is_junk(CROSSING, 2, 3, 2, "ORG", False, _places(set()))
    assert not is_junk(CROSSING, 2, 3, 2, "PERSON", False, _places(set()))


@pytest.mark.model
def test_pipeline_drops_junk_actors_on_an_invented_report(pipeline: Any) -> None:
    text = (
        "A video shared on Twitter showed refugees gathering in El Geneina near the border. "
        "Seventeen buses left the town. Videos posted online showed the convoy."
    )
    art = pipeline.process_text(text, published="2023-06-16")
    names = {a.name for a in art.actors}
    assert not names & {"Twitter", "El Geneina", "Seventeen", "Videos"}, names
    assert any(m.text == "El Geneina" for p in art.places for m in p.mentions)
