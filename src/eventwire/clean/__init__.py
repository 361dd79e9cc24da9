"""Cleaning: article text out of HTML or scraped plain text, with title, dateline, date and language.

Everything taken out is listed in ``Cleaned.removed`` with a reason. Offsets in the record refer
to ``Cleaned.text``.
"""

from __future__ import annotations

from .article import MAX_TEXT_CHARS, clean
from .cleaned import Cleaned
from .offsets import OffsetMap

__all__ = ["MAX_TEXT_CHARS", "Cleaned", "OffsetMap", "clean"]
