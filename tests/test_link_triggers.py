"""Trigger keys of event linking: lemma keys (irregular forms, derivations, stems) and CAMEO synonym keys."""

from __future__ import annotations

from importlib import resources

from eventwire.link.triggers import LEMMA, SYNONYM, lexicon, trigger_keys, trigger_match


def test_inflections_and_derivations_share_a_lemma_key() -> None:
    for a, b in [("died", "death"), ("dead", "dies"), ("killed", "killing"), ("shot", "shooting"), ("sold", "sale")]:
        assert trigger_match(trigger_keys(a), trigger_keys(b)) == "lemma", (a, b)


def test_verbs_of_one_cameo_block_share_only_a_synonym_key() -> None:
    assert trigger_match(trigger_keys("arrested"), trigger_keys("captured")) == "synonym"
    assert trigger_match(trigger_keys("killed"), trigger_keys("wounded")) is None


def test_light_and_function_words_give_no_key() -> None:
    assert trigger_keys("was killed") == trigger_keys("killed")
    assert trigger_keys("the") == frozenset()
    assert all(k.startswith((LEMMA, SYNONYM)) for k in trigger_keys("opened fire on"))


def test_derivations_file_is_well_formed_and_loaded() -> None:
    text = resources.files("eventwire.knowledge").joinpath("link/derivations.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert rows and all(len(r) == 3 and r[0] == r[0].lower() and r[1] == r[1].lower() and r[0] != r[1] for r in rows)
    words, blocks = lexicon()
    assert all(words[r[0]] == r[1] for r in rows)
    assert blocks  # the CAMEO synonym blocks are there


def test_particles_and_prepositions_give_no_key() -> None:
    assert trigger_match(trigger_keys("weed out"), trigger_keys("put out of business")) is None
    assert trigger_keys("shot down") == trigger_keys("shot")
