"""The result of cleaning one document (its own module so cleaning code and its users import it without a cycle)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Removed, Span
from .offsets import OffsetMap


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaned article text and what cleaning learned about it."""

    text: str
    """The article body; every offset refers to it. The headline is not part of it (see ``title``)."""
    title: str | None = None
    """Headline: from metadata or HTML, else a headline-like first line (then listed in ``removed``)."""
    published: str | None = None
    """Publication date YYYY-MM-DD, or None."""
    published_inferred: bool = False
    """True when ``published`` was inferred from dates and weekday names in the text."""
    published_evidence: str | None = None
    """Where ``published`` came from: metadata, cli, html_meta, published_line, dateline, date_line, url or text."""
    dateline: Span | None = None
    """The dateline at offset 0 of ``text`` ("MOSCOW —"), if any."""
    language: str | None = None
    """ISO 639-1 code of the text's language; None when too short or unsure."""
    url: str | None = None
    source: str | None = None
    """Outlet name from metadata or the HTML page."""
    removed: list[Removed] = field(default_factory=list)
    """Everything taken out (boilerplate, captions, credits, bylines, title, normalised quote pairs)."""
    warnings: list[str] = field(default_factory=list)
    """Notes for the user (NUL or control characters removed, language not English, bad metadata date)."""
    offset_map: OffsetMap | None = None
    """Maps offsets in ``text`` back to the input text (``Source.body``) for plain-text inputs;
    None for HTML (the text was extracted from markup)."""


__all__ = ["Cleaned"]
