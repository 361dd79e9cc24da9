"""Invented sample reports bundled with eventwire (used by ``eventwire demo`` and the tests).

They are written by the eventwire authors in the style of wire copy, with the mess of scraped
pages (site chrome, captions with credits, two single quotes as a double quote, weekday dates).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_paths() -> list[Path]:
    """Paths of the bundled sample reports, sorted by name."""
    root = Path(str(files(__name__)))
    return sorted(p for p in root.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
