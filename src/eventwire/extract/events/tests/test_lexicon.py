"""The events stage's knowledge files load, are well-formed, and order specific rows first."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import KnowledgeError
from eventwire.extract.events.lexicon import PLOVER_TYPES, load_lexicon


def test_shipped_lexicon_loads_with_every_plover_type() -> None:
    lex = load_lexicon()
    types = {e.type for entries in (*lex.verbs.values(), *lex.nouns.values()) for e in entries}
    assert types == PLOVER_TYPES
    for name in ("reporting", "light", "planned", "future", "hypothetical", "phone", "nonstate", "stative"):
        assert lex.word_class(name), name
    assert "say" in lex.word_class("reporting")
    assert {c for c, _, _ in lex.contexts} >= {"migration", "asylum", "military", "diplomatic", "humanitarian"}


def test_conditional_rows_come_before_bare_rows() -> None:
    lex = load_lexicon()
    accept = lex.verbs["accept"]
    assert accept[0].type == "AID" and accept[0].conditions
    assert accept[-1].type == "AGREE" and not accept[-1].conditions
    rule = lex.verbs["rule"][0]
    assert rule.type == "REJECT" and ("prt", frozenset({"out"})) in rule.conditions


def test_reporting_verbs_are_not_events() -> None:
    lex = load_lexicon()
    assert not {"say", "tell", "report"} & set(lex.verbs)


def test_user_files_extend_the_lexicon(tmp_path: Path) -> None:
    (tmp_path / "verbs.tsv").write_text("# extra\nparley\tCONSULT\t-\t-\t0.7\n", encoding="utf-8")
    lex = load_lexicon(tmp_path)
    assert lex.verbs["parley"][0].type == "CONSULT"


def test_bad_type_is_reported_with_its_row(tmp_path: Path) -> None:
    (tmp_path / "verbs.tsv").write_text("parley\tCHAT\t-\t-\t0.7\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="CHAT"):
        load_lexicon(tmp_path)


def test_bad_condition_key_is_reported(tmp_path: Path) -> None:
    (tmp_path / "nouns.tsv").write_text("parley\tCONSULT\t-\tcolour=red\t0.7\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="colour"):
        load_lexicon(tmp_path)
