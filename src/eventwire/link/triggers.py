"""Trigger keys: what two event mentions' trigger words must share to report one happening.

Linking has plain spans, no parser (only ``eventwire.nlp`` imports spaCy), so a trigger's words are
reduced to the verb they report with knowledge we ship, most certain first:

1. irregular forms the CAMEO verb dictionary lists (``events/cameo_verb_forms.tsv``: "shot" -> shoot,
   "sold" -> sell) and irregular derivations (``link/derivations.tsv``: "death" -> die, "theft" ->
   steal);
2. a Snowball stem of the result (regular inflection and derivation: "killing" = "killed",
   "election" = "elected").

Each content word gives a **lemma key** (``w:<stem>``) and, when the verb belongs to exactly one
CAMEO synonym block, a **synonym key** (``b:<block>``: "arrest", "capture", "nab" and "seize" are
the block ``apprehend``). A shared lemma key is strong evidence, a shared synonym key weaker (the
blocks are broad: ``physical_conflict`` holds attack, hit, strike and storm).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import snowballstemmer

from ..knowledge.compiled import read_verb_forms
from .common import ascii_words

_STEMMER = snowballstemmer.stemmer("english")
# Function words, particles and prepositions name no event ("weed out" and "put out of business"
# share only "out").
_STOP = frozenset(
    {"the", "a", "an", "of", "to", "on", "in", "with", "and", "for", "by", "at", "from", "up"}
    | {"out", "off", "down", "over", "under", "into", "onto", "back", "away", "about", "as", "after"}
    | {"before", "during", "against", "through", "its", "his", "her", "their", "it", "them", "this", "that"}
)
# Light and auxiliary verbs carry no event of their own ("was killed", "took place", "had left").
_LIGHT = frozenset({"be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do", "did", "does"})

LEMMA = "w:"
SYNONYM = "b:"


def _derivations() -> dict[str, str]:
    text = resources.files("eventwire.knowledge").joinpath("link/derivations.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise ValueError(f"knowledge/link/derivations.tsv line {n}: need word<TAB>verb")
        out[cols[0].strip().lower()] = cols[1].strip().lower()
    return out


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, str], dict[str, str]]:
    """(word -> the verb it reports, stemmed verb -> its only CAMEO synonym block)."""
    base: dict[str, set[str]] = {}
    blocks: dict[str, set[str]] = {}
    for row in read_verb_forms():
        if row.prt is not None:
            continue  # "shot down" is a phrase: its words alone say less
        blocks.setdefault(_STEMMER.stemWord(row.lemma), set()).add(row.block)
        for form in row.forms:
            if " " not in form:
                base.setdefault(form, set()).add(row.lemma)
    words = {w: next(iter(v)) for w, v in base.items() if len(v) == 1 and w != next(iter(v))}
    words.update(_derivations())  # written for linking: they win over a CAMEO form
    only = {v: next(iter(b)) for v, b in blocks.items() if len(b) == 1}
    return words, only


@lru_cache(maxsize=65536)
def trigger_keys(text: str) -> frozenset[str]:
    """Lemma and synonym keys of a trigger's content words ("were killed" -> w:kill, b:kill)."""
    words, blocks = lexicon()
    keys: set[str] = set()
    for w in ascii_words(text):
        if w in _STOP or w in _LIGHT:
            continue
        stem = _STEMMER.stemWord(words.get(w, w))
        keys.add(LEMMA + stem)
        block = blocks.get(stem)
        if block is not None:
            keys.add(SYNONYM + block)
    return frozenset(keys)


def trigger_match(a: frozenset[str], b: frozenset[str] | set[str]) -> str | None:
    """``lemma`` when the two key sets share a lemma key, ``synonym`` when only a synonym key, else None."""
    shared = a & b
    if not shared:
        return None
    return "lemma" if any(k.startswith(LEMMA) for k in shared) else "synonym"


__all__ = ["LEMMA", "SYNONYM", "lexicon", "trigger_keys", "trigger_match"]
