"""``eventwire serve``: a local web app and JSON API over the DuckDB store.

:func:`create_app` builds the FastAPI application over a :class:`Database` (read-only, or the
single writer when watching a folder); see docs/dashboard.md.
"""

from __future__ import annotations

from .app import create_app
from .db import Database

__all__ = ["Database", "create_app"]
