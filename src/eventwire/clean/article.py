"""Clean one Source into a Cleaned article (minimal first version; issue 2 fills it in)."""

from __future__ import annotations

from ..read import Source
from . import Cleaned


def clean(source: Source, *, published: str | None = None) -> Cleaned:
    """Return the cleaned text of ``source``; ``published`` (YYYY-MM-DD) overrides any date found."""
    text = source.body
    if source.format == "html":
        import trafilatura

        text = trafilatura.extract(text) or ""
    date = published or source.published
    return Cleaned(
        text=text.strip(),
        title=source.title,
        published=date,
        published_evidence=("cli" if published else "metadata") if date else None,
        language="en",
        url=source.url,
        source=source.source,
    )
