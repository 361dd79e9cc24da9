"""The places stage's own word knowledge: words that are never a place alone.

Demonyms and nationality nouns (``knowledge/places/countries.tsv``) and generic geographic words
(``knowledge/places/generic_words.tsv``: "north", "delta", "valley"). The gazetteer itself is shared
with evaluation and the command line and lives in :mod:`eventwire.resolve.gazetteer`.
"""

from __future__ import annotations

from functools import lru_cache

from ...resolve import geo_sources
from ...resolve.geo_names import fold

SHIPPED_FILES = ("places/generic_words.tsv", "places/countries.tsv", "places/name_words.tsv")
"""The shipped files, relative to the knowledge folder."""


def not_place_words() -> frozenset[str]:
    """Keys of words that are never a place alone: demonyms (countries.tsv) and generic words
    (generic_words.tsv: "north", "delta", "valley")."""
    out: set[str] = {r["word"] for r in geo_sources.read_tsv("generic_words.tsv")}
    for r in geo_sources.read_tsv("countries.tsv"):
        for d in r["demonym"].split("|"):
            if d:
                out.add(fold(d))
                out.add(fold(d) + "s")
    return frozenset(out)


@lru_cache(maxsize=1)
def name_words() -> dict[str, str]:
    """Words that make a name with a place inside it an outlet or an institution
    (``knowledge/places/name_words.tsv``): word -> ``outlet`` or ``institution``. Cached: callers
    must not change the mapping."""
    return {r["word"]: r["kind"] for r in geo_sources.read_tsv("name_words.tsv")}


__all__ = ["SHIPPED_FILES", "name_words", "not_place_words"]
