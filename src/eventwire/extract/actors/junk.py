"""Junk actors: mentions the actors stage must not turn into people or organisations (issue 14).

Two kinds, both found on scraped reports:

* **Words that name no actor** (``knowledge/actors/junk_words.tsv``): online platforms ("said on
  Twitter": a channel, never a party), page words left by the scraper ("Videos", "Photographs"),
  web-technology words ("HTML5"), spelled-out numbers opening a sentence ("Seventeen buses").
* **Places the recogniser took for a person or organisation** ("the town of Pylos", "the Ashkeet
  crossing", "from Mariupol"): a PERSON/ORG/FAC entity that the gazetteer knows by its primary name
  or a curated alias, that the knowledge base does not know as an actor and that stands where a
  place stands (object of a locative preposition or "of"/"from"/"to", or the modifier of a place
  noun such as "crossing" or "camp"). It becomes a place (the places stage finds it), not an actor.
  A place name in an acting role ("Kyiv and Moscow agreed") is left to the actors stage.

The actors stage calls :func:`is_junk` once per candidate mention (the only hook); everything else
lives here.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from ...nlp import Parsed

JUNK_FILE = "actors/junk_words.tsv"
"""The shipped file, relative to the knowledge folder (part ``actors`` lists it for the digest)."""
_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

# Prepositions whose object is a place when the name is one ("in", "near", "the town of", "from").
PLACE_PREPS = frozenset(
    {"in", "at", "near", "inside", "outside", "within", "across", "throughout", "into", "around", "along", "via"}
    | {"through", "toward", "towards", "off", "of", "from", "to", "between", "beyond", "onto"}
)
# Nouns a place name modifies ("the Rafah crossing", "the Moura camp", "Zorbia port").
PLACE_NOUNS = frozenset(
    {"crossing", "crossings", "border", "checkpoint", "checkpoints", "port", "camp", "camps", "airport", "side"}
    | {"city", "town", "village", "region", "province", "district", "area", "corridor", "road", "highway"}
    | {"bridge", "gate", "terminal", "harbour", "harbor", "coast", "island", "post", "posts", "land"}
)
# Nouns of sites that only places modify: "the Ashkeet crossing" is a place even if no gazetteer has it.
SITE_NOUNS = frozenset({"crossing", "crossings", "checkpoint", "checkpoints", "camp", "camps", "village", "town"})
# Labels of entities that may be a mislabelled place (GPE/LOC are places already).
NAME_LABELS = frozenset({"PERSON", "ORG", "FAC"})


@cache
def junk_words() -> dict[str, str]:
    """word (lower case) -> kind, from ``knowledge/actors/junk_words.tsv``."""
    path = _KNOWLEDGE / JUNK_FILE
    with path.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#") and line.strip())
        return {r["word"]: r["kind"] for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}


def stands_as_place(p: Parsed, head: int) -> bool:
    """Whether the phrase headed by token ``head`` sits where a place sits: the object of a
    locative preposition or of "of"/"from"/"to", or the modifier of a place noun."""
    toks = p.tokens
    t = toks[head]
    for _ in range(4):  # "the Ashkeet and Argeen border crossings": up the conjunction chain
        if t.dep != "conj" or t.head == t.i:
            break
        t = toks[t.head]
    if t.dep == "pobj" and t.head != t.i:
        return toks[t.head].lower in PLACE_PREPS
    if t.dep in ("compound", "nmod", "amod") and t.head != t.i:
        return toks[t.head].lower in PLACE_NOUNS
    return False


def is_junk(
    p: Parsed,
    first: int,
    last: int,
    head: int,
    label: str,
    known_actor: bool,
    place_names: Callable[[str, bool], Iterable[object]] | None,
) -> bool:
    """True when the mention ``[first, last)`` (entity ``label``, head token ``head``) names no actor.

    ``known_actor``: the knowledge base resolved it (never junk then). ``place_names(text, variants)``:
    the gazetteer's matches of a name by primary name or curated alias, and with ``variants`` also by
    alternate names (an organisation-labelled "El Geneina"; a person's name needs a primary match);
    empty when it is no place. None when no gazetteer is at hand (then only the word list and the
    site nouns apply).
    """
    if known_actor:
        return False
    text = p.span_text(first, last)[0]
    words = text.lower().removeprefix("the ").strip()
    if words in junk_words():
        return True
    if label not in NAME_LABELS or not stands_as_place(p, head):
        return False
    if label != "PERSON" and _modifies(p, head, SITE_NOUNS):
        return True  # "the Ashkeet crossing", "the Moura camp": a site, known to the gazetteer or not
    if place_names is None:
        return False
    return any(True for _ in place_names(text.removeprefix("the "), label != "PERSON"))


def _modifies(p: Parsed, head: int, nouns: frozenset[str]) -> bool:
    t = p.tokens[head]
    for _ in range(4):
        if t.dep != "conj" or t.head == t.i:
            break
        t = p.tokens[t.head]
    return t.dep in ("compound", "nmod") and t.head != t.i and p.tokens[t.head].lower in nouns


__all__ = ["JUNK_FILE", "is_junk", "junk_words", "stands_as_place"]
