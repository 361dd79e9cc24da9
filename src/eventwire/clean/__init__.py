"""Cleaning: article text out of HTML or scraped plain text, with title, dateline, date and language.

Everything taken out is listed in ``Cleaned.removed`` with a reason. Offsets in the record refer
to ``Cleaned.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Removed, Span


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaned article text and what cleaning learned about it."""

    text: str
    title: str | None = None
    published: str | None = None
    published_inferred: bool = False
    published_evidence: str | None = None
    dateline: Span | None = None
    language: str | None = None
    url: str | None = None
    source: str | None = None
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


from .article import clean  # noqa: E402

__all__ = ["Cleaned", "clean"]
