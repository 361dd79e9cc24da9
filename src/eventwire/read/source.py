"""One input document as read (its own module so the readers and their users import it without a cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SourceFormat = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class Source:
    """One input document, decoded to text, with whatever metadata came with it."""

    origin: str
    """Path of the file it came from, or ``-`` for stdin."""
    body: str
    """The decoded document: plain text or HTML, as ``format`` says."""
    format: SourceFormat = "text"
    line: int | None = None
    """1-based line for documents from JSONL."""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    """Publication date from metadata, as given (normalised later by cleaning)."""
    source: str | None = None
    """Outlet name from metadata."""
    id: str | None = None
    """The input's own id, if it has one (kept for reference; the record id is a text hash)."""
    encoding: str | None = None
    """Encoding the bytes were decoded from."""
    warnings: tuple[str, ...] = ()
    """Notes from reading for the user (NUL characters removed, ...); carried into the record."""

    @property
    def where(self) -> str:
        """``path:line`` for JSONL documents, else the path."""
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin


__all__ = ["Source", "SourceFormat"]
