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
    accept = [e for e in lex.verbs["accept"] if not e.compiled]
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


def test_compiled_cameo_rows_follow_the_hand_made_rows_of_a_lemma() -> None:
    lex = load_lexicon()
    rows = lex.verbs["accept"]
    kinds = [e.compiled for e in rows]
    # every hand-made row before every compiled row, whatever their condition counts
    assert kinds == sorted(kinds) and kinds[0] is False
    assert any(kinds), "accept has CAMEO patterns"
    # a lemma only CAMEO knows comes in with its CAMEO code and contexts
    only_compiled = [lemma for lemma, es in lex.verbs.items() if all(e.compiled for e in es)]
    assert only_compiled
    assert all(e.cameo for e in lex.verbs[only_compiled[0]])


def test_compiled_rows_can_be_left_out_and_never_shadow_reporting_or_light_verbs() -> None:
    plain = load_lexicon(compiled=False)
    assert not any(e.compiled for es in plain.verbs.values() for e in es)
    lex = load_lexicon()
    for lemma in lex.word_class("reporting") | lex.word_class("light"):
        assert not any(e.compiled for e in lex.verbs.get(lemma, [])), lemma


def test_user_cameo_file_is_read(tmp_path: Path) -> None:
    from importlib import resources

    shipped = resources.files("eventwire").joinpath("knowledge", "events", "cameo_verbs.tsv").read_text("utf-8")
    header = "".join(line + "\n" for line in shipped.splitlines() if line.startswith("#"))
    row = "\t".join(
        ["zorble", "CONSULT", "-", "pobj=with:envoy", "0.70", "040", "forward", "-", "ZORBLE", "pattern", "-"]
    )
    (tmp_path / "cameo_verbs.tsv").write_text(header + row + "\n", encoding="utf-8")
    lex = load_lexicon(tmp_path)
    (entry,) = lex.verbs["zorble"]
    assert entry.compiled and entry.conditions == (("pobj", frozenset({"with:envoy"})),)
