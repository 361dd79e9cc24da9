"""eventwire: news reports in, a sourced and queryable record of events out.

Public API::

    import eventwire
    pipe = eventwire.Pipeline()
    article = pipe.process_text(text, published="2021-11-19")
    for a in eventwire.extract_paths(["reports/"]): ...
    db = eventwire.open("eventwire.duckdb")      # after `eventwire ingest reports/`
    db.events(type="COERCE", country="POL", since="2021-11-01")   # pandas DataFrame
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__
from .config import PipelineConfig
from .errors import EventwireError, Skipped
from .pipeline import Pipeline
from .records import SCHEMA_VERSION, Article, from_json, to_json
from .run.local import extract_paths

if TYPE_CHECKING:
    from .store import Store


def open(db: str | Path = "eventwire.duckdb", *, read_only: bool = False) -> Store:
    """Open (creating and migrating as needed) an eventwire database; queries return pandas DataFrames.

    ``eventwire.open("eventwire.duckdb").events(type="COERCE", country="POL", since="2021-11-01")``
    """
    from .store import open_store

    return open_store(db, read_only=read_only)


__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "EventwireError",
    "Pipeline",
    "PipelineConfig",
    "Skipped",
    "__version__",
    "extract_paths",
    "from_json",
    "open",
    "to_json",
]
