"""Per-document work state: the typed slots stages read and write while one document is processed.

Every slot is declared here, with its type, and a stage names the slots it needs (``requires``), adds
(``produces``) and changes after an earlier stage made them (``updates``) in its
:class:`~eventwire.stages.StageSpec`. The pipeline checks the order when it is built and, after each
stage on each document, that the stage touched no slot it did not declare (:func:`snapshot`,
:func:`changed_slots`): records are frozen, so a stage changes a record list only by putting new
objects in it, which a comparison of the list's items sees (identical items compare in C, so the
check costs well under a millisecond per document).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .clean import Cleaned
from .nlp import Parsed
from .records import Actor, Contradiction, Event, Place, Quantity, Quote, Span

PhraseResolver = Callable[["Analysis", int, int], "str | None"]
"""``(an, first, last) -> actor id | None``: the actor of a noun phrase given as a token range."""


class ActorIndex:
    """Which actor each token mentions, and the actors stage's resolver for phrases it did not list.

    The actors stage fills it (every token of every mention, resolved pronouns included) and installs
    its resolver; the events and quotes stages ask it about their arguments and speakers. A stage that
    calls :meth:`ensure` may add an actor, so it declares ``updates=("actors", "actor_index")``.
    """

    __slots__ = ("_of_token", "_resolver", "version")

    def __init__(self) -> None:
        self._of_token: dict[int, str] = {}
        self._resolver: PhraseResolver | None = None
        self.version = 0
        """Incremented by every write (the pipeline's undeclared-write check compares it)."""

    def at(self, i: int) -> str | None:
        """Id of the actor mentioned at token ``i``, if any."""
        return self._of_token.get(i)

    def __contains__(self, i: object) -> bool:
        return i in self._of_token

    def assign(self, i: int, actor_id: str) -> None:
        """Token ``i`` mentions ``actor_id``."""
        self._of_token[i] = actor_id
        self.version += 1

    def install(self, resolver: PhraseResolver) -> None:
        """Set the function :meth:`ensure` calls (the actors stage, bound to its knowledge base)."""
        self._resolver = resolver
        self.version += 1

    def ensure(self, an: Analysis, first: int, last: int) -> str | None:
        """The actor of the noun phrase ``[first, last)``: an existing one covering its head, else a new
        one when the phrase resolves to anything; None when no resolver is installed or nothing resolves."""
        if self._resolver is None:
            return None
        return self._resolver(an, first, last)


SLOTS: dict[str, str] = {
    "actors": "list[Actor]: people, organisations, states and groups (record part)",
    "actor_index": "ActorIndex: token -> actor id, and the resolver for noun phrases",
    "quotes": "list[Quote]: direct and reported speech (record part)",
    "quote_responses": "frozenset[str]: ids of quotes that answer an earlier claim without restating it",
    "events": "list[Event]: PLOVER events (record part)",
    "quantities": "list[Quantity]: typed figures (record part)",
    "places": "list[Place]: places, resolved against the gazetteer (record part)",
    "contradictions": "list[Contradiction]: claims and figures that disagree (record part)",
    "setting": "tuple[str, Span] | None: the one country the report is set in and the span that shows it",
}
"""Every slot a stage may declare, with its type and meaning."""


@dataclass(eq=False)
class Analysis:
    """Mutable work state for one document while the stages run.

    Stages read the parse and the slots earlier stages filled, and append to or replace items of the
    slots they declare (records are frozen: use ``dataclasses.replace`` and write the item back).
    """

    cleaned: Cleaned
    parsed: Parsed
    actors: list[Actor] = field(default_factory=list)
    actor_index: ActorIndex = field(default_factory=ActorIndex)
    quotes: list[Quote] = field(default_factory=list)
    quote_responses: frozenset[str] = frozenset()
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    setting: tuple[str, Span] | None = None
    _counters: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def published(self) -> str | None:
        return self.cleaned.published

    def next_id(self, prefix: str) -> str:
        """Next article-local id with ``prefix`` (a1, a2, ...; e1, ...)."""
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}{n}"


def _state(value: Any) -> Any:
    """What a slot holds, cheaply: the container, its version or its items (kept, not copied deeply)."""
    if isinstance(value, list):
        return (value, tuple(value))
    if isinstance(value, ActorIndex):
        return (value, value.version)
    return (value,)


def _same(before: Any, now: Any) -> bool:
    if before[0] is not now[0]:
        return False
    # Tuples compare item by item in C, identical items first (then a replaced record must still be
    # equal to the old one field by field to pass: a no-op replacement changes nothing).
    return len(before) == 1 or bool(before[1] == now[1])


def snapshot(an: Analysis, slots: tuple[str, ...]) -> dict[str, Any]:
    """The state of ``slots`` before a stage runs (for :func:`changed_slots`)."""
    return {name: _state(getattr(an, name)) for name in slots}


def changed_slots(an: Analysis, before: dict[str, Any]) -> list[str]:
    """The slots of ``before`` whose container, items or version changed since the snapshot."""
    return [name for name, state in before.items() if not _same(state, _state(getattr(an, name)))]


__all__ = ["SLOTS", "ActorIndex", "Analysis", "PhraseResolver", "changed_slots", "snapshot"]
