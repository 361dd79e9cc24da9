"""The spaCy wrapper: plain Parsed documents, paragraph boundaries, long texts in pieces."""

from __future__ import annotations

import pytest

from eventwire.nlp import Parser, split_long

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


def test_a_blank_line_always_ends_a_sentence(parser: Parser) -> None:
    text = "“We will not give in,” the minister said. “Never.”\n\nThe army and the police met on Monday."
    sents = [s.text.strip() for s in parser.parse(text).sents]
    assert sents[-1] == "The army and the police met on Monday."


def test_hard_wrapped_lines_are_not_cut_mid_sentence(parser: Parser) -> None:
    text = "The border guards of both countries met at the\ncrossing on Tuesday to discuss the fence."
    assert len(parser.parse(text).sents) == 1


def test_tokens_carry_offsets_into_the_text(parser: Parser) -> None:
    text = "Poland closed the Kuznica crossing.\n\nBelarus protested."
    doc = parser.parse(text)
    for tok in doc.tokens:
        assert text[tok.start : tok.end] == tok.text
    for ent in doc.ents:
        assert text[ent.start : ent.end] == ent.text
    heads = {doc.tokens[s.root].text for s in doc.sents}
    assert {"closed", "protested"} <= heads


def test_long_text_is_parsed_in_pieces_with_right_offsets(parser: Parser) -> None:
    para = "Polish border guards said they detained 12 migrants near the village on Tuesday.\n\n"
    text = para * 40
    assert len(split_long(text, 500)) > 1
    doc = Parser(piece_size=500).parse(text)
    whole = parser.parse(text)
    assert [(t.start, t.end) for t in doc.tokens] == [(t.start, t.end) for t in whole.tokens]
    assert [t.i for t in doc.tokens] == list(range(len(doc.tokens)))
    assert all(doc.tokens[t.head].sent == t.sent for t in doc.tokens)
    assert len(doc.sents) == 40
