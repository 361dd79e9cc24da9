"""Quote-mark pairing (pure text, no model) and the quote lexicon loader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.extract.common.quote_lexicon import load_lexicon
from eventwire.extract.quotes.marks import find_quoted


def _found(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quoted(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“The port is shut,” the mayor said.", ["“The port is shut,”"]),
        ('"The port is shut," the mayor said.', ['"The port is shut,"']),
        ("‘’The port is shut,’’ the mayor said.", ["‘’The port is shut,’’"]),
        ("''The port is shut,'' the mayor said.", ["''The port is shut,''"]),
        ("«The port is shut», the mayor said.", ["«The port is shut»"]),
        ("„The port is shut“, the mayor said.", ["„The port is shut“"]),
        ("The mayor called it 'a disgrace' on Monday.", ["'a disgrace'"]),
    ],
)
def test_every_mark_style(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


def test_apostrophes_are_not_quotes() -> None:
    assert _found("The guards' camp isn't Russia's and won't be, the mayor's aide said.") == []


def test_multi_paragraph_quote_continues_when_next_paragraph_reopens() -> None:
    text = "“The first part ends here.\n\n“The second part closes,” she said.\n\nNo quote here."
    qs = find_quoted(text)
    assert len(qs) == 1
    assert text[qs[0].start : qs[0].end] == "“The first part ends here.\n\n“The second part closes,”"
    assert len(qs[0].parts) == 2


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes\n\nA new paragraph."
    qs = find_quoted(text)
    assert len(qs) == 1 and not qs[0].closed
    assert text[qs[0].start : qs[0].end] == "“this never closes"


def test_lexicon_loads_with_kinds() -> None:
    lex = load_lexicon()
    assert lex.verbs["say"].kind == "speech"
    assert lex.verbs["deny"].kind == "deny"
    assert lex.verbs["disagree"].kind == "disagree"
    assert lex.phrases[("according", "to")] == "source_prep"
    assert lex.is_channel(["Russia", "’s", "Tass", "news", "agency"])
    assert not lex.is_channel(["Polish", "border", "guards"])
    assert "but" in lex.words["contrast"]


def test_lexicon_rejects_unknown_kind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "cue_verbs.tsv").write_text("mumble\tgossip\tnone\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        load_lexicon(tmp_path)


@given(st.text(alphabet="ab c.\n,“”\"'‘’«»„`-―:", max_size=60))
def test_passages_are_well_formed_for_any_text(text: str) -> None:
    for q in find_quoted(text):
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
        assert all(q.start <= a <= b <= q.end for a, b in q.parts)
