"""Pipeline assembly (stage order, ids) and long-text splitting, without the model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import PipelineError
from eventwire.nlp import split_long
from eventwire.pipeline import DEFAULT_STAGES, article_id, check_order, registered_stages


def test_default_stages_are_registered_in_a_valid_order() -> None:
    specs = check_order(DEFAULT_STAGES)
    assert [s.name for s in specs] == list(DEFAULT_STAGES)


def test_stage_before_its_requirement_is_refused_when_built() -> None:
    with pytest.raises(PipelineError) as err:
        check_order(["events.rules.v1", "actors.rules.v1"])
    assert err.value.code == "EW202"
    assert "needs" in str(err.value)


def test_unknown_stage_is_named() -> None:
    with pytest.raises(PipelineError) as err:
        check_order(["actors.rules.v9"])
    assert err.value.code == "EW203"
    assert "actors.rules.v9" in str(err.value)


def test_every_stage_declares_what_it_produces() -> None:
    for spec in registered_stages().values():
        assert spec.produces, spec.name


def test_article_id_ignores_whitespace_and_case_but_not_words() -> None:
    a = article_id("Poland  closed the\ncrossing.")
    assert a == article_id("poland closed the crossing.")
    assert a != article_id("Poland opened the crossing.")
    assert len(a) == 16


@given(st.text(min_size=0, max_size=3000), st.integers(min_value=20, max_value=400))
def test_split_long_pieces_cover_the_text_exactly(text: str, limit: int) -> None:
    pieces = split_long(text, limit)
    assert "".join(p for _, p in pieces) == text
    for off, piece in pieces:
        assert text[off : off + len(piece)] == piece
        assert len(piece) <= limit
