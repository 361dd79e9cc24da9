"""Definite titles across an article: "the minister" -> the one minister named earlier, or nobody.

News copy introduces a person once with title and name ("Interior Minister Jane Doe", "a government
spokesman, Peter Njoro", "Police Chief Tom Okello") and then refers back by the title alone: "the
minister said", "the spokesman added", "the police chief told reporters". No coreference model runs
offline, so the actors stage resolves these with a rule over what the parse gave it:

* every named person earlier in the article carries the **title words** written with the name (the
  words between the mention's start and the name, without determiners and country words), the words
  of a title in apposition, and the roles the knowledge base dates for the person;
* a definite title mention ("the minister", "the interior minister", "the Kenyan police chief")
  refers to a person whose title words end with its own words ("minister" matches "interior minister",
  "chief" matches "police chief"), of the same country when the mention names one; a bare head-of-state
  word ("the leader", "the strongman") matches anyone holding a head title;
* exactly one such person (one actor) -> that person: the mention joins the actor (its own span stays
  in the actor's mentions as evidence) and carries the actor's country and sector over; **two or more
  -> unresolved**: the mention stays an actor of its own and joins no one, not even another "the
  minister" ("Interior Minister Doe and Foreign Minister Amani ... the minister said" is never a guess).

This module holds the rule and its bookkeeping; ``actors/stage.py`` calls it while it assigns merge
keys, in text order, so only persons named *before* the title count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Words of a head-of-state/government title that name no particular office: "the leader" refers to
# whoever holds a head title ("President X", "Prime Minister Y").
GENERIC_HEAD_WORDS = frozenset({"leader", "strongman", "ruler", "head"})
# Words inside a title that do not narrow it ("the then minister", "the former president").
NON_TITLE_WORDS = frozenset({"then", "former", "current", "new", "acting", "interim", "outgoing", "incoming"})

AMBIGUOUS = "ambiguous"
"""Result of :meth:`TitleBook.refer` when two or more persons hold the title."""


@dataclass
class _Holder:
    key: str
    country: str | None
    titles: set[tuple[str, ...]]
    head_title: bool


@dataclass
class TitleBook:
    """The persons named so far in an article, with the titles each holds (fill in text order)."""

    _holders: dict[str, _Holder] = field(default_factory=dict)

    def add(self, key: str, country: str | None, titles: Iterable[tuple[str, ...]], head_title: bool) -> None:
        """Record a named person (merge key ``key``) and the title word sequences seen with them."""
        h = self._holders.get(key)
        if h is None:
            h = self._holders[key] = _Holder(key, country, set(), False)
        h.titles.update(t for t in titles if t)
        h.head_title = h.head_title or head_title
        if h.country is None:
            h.country = country

    def refer(self, words: tuple[str, ...], country: str | None) -> str | None:
        """Key of the one person whose title ends with ``words`` (of ``country`` if given).

        None when nobody holds such a title, :data:`AMBIGUOUS` when two or more do.
        """
        words = tuple(w for w in words if w not in NON_TITLE_WORDS)
        if not words:
            return None
        generic = len(words) == 1 and words[0] in GENERIC_HEAD_WORDS
        found = [
            h.key
            for h in self._holders.values()
            if (country is None or h.country == country)
            and ((generic and h.head_title) or any(_ends_with(t, words) for t in h.titles))
        ]
        if not found:
            return None
        return found[0] if len(found) == 1 else AMBIGUOUS


def _ends_with(title: tuple[str, ...], words: tuple[str, ...]) -> bool:
    title = tuple(w for w in title if w not in NON_TITLE_WORDS)
    return len(title) >= len(words) and title[len(title) - len(words) :] == words


def role_words(role: str) -> tuple[str, ...]:
    """A knowledge-base role ("foreign minister") as title words."""
    return tuple(role.lower().split())


__all__ = ["AMBIGUOUS", "GENERIC_HEAD_WORDS", "TitleBook", "role_words"]
