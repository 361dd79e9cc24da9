"""An event being built for one predicate: what the argument, time and status readers of the events stage pass around."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...records import EventStatus
from ..common.dates import Tense
from .lexicon import Entry


@dataclass
class Candidate:
    """An event being built for one predicate (verb, adjective or noun)."""

    head: int
    """Token index of the predicate."""
    first: int
    last: int
    """Trigger token range ``[first, last)``."""
    entry: Entry
    type: str
    mode: str | None
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    status: EventStatus = "asserted"
    claimed_by: str | None = None
    confidence: float = 0.6
    nominal: bool = False
    intent: bool = False
    """An AGREE/THREATEN made from "X said it will/would ..." (the statement is the event)."""
    tense: Tense = "past"
    keep: bool = True
    named_subject: bool = False
    """The subject names someone (a named entity) that the actors stage did not resolve."""


__all__ = ["Candidate"]
