"""Reading inputs: files, directories, globs, JSONL and stdin become :class:`Source` documents.

A bad input never stops the batch: it yields a :class:`~eventwire.errors.Skipped` entry with
its path, line and reason instead.
"""

from __future__ import annotations

from .files import MAX_FILE_BYTES, iter_sources
from .source import Source, SourceFormat

__all__ = ["MAX_FILE_BYTES", "Source", "SourceFormat", "iter_sources"]
