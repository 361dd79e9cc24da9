"""The edge where the environment becomes configuration: the only place eventwire reads its
environment variables. Commands build their :class:`~eventwire.config.PipelineConfig` here and pass it
down; the library below never looks at the environment or a user cache on its own.

* ``EVENTWIRE_KB``: user actor files (``os.pathsep``-separated) -> ``KnowledgeSources.actor_files``.
* ``EVENTWIRE_CACHE``: folder of the gazetteer index files -> ``KnowledgeSources.gazetteer_dir``
  (default ``~/.cache/eventwire``).

(``EVENTWIRE_DUCKDB_MEMORY`` and ``EVENTWIRE_DUCKDB_ROW_GROUP`` are the store's, read when a database opens.)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..config import PipelineConfig
from ..knowledge import Knowledge, KnowledgeSources, default_cache_dir, load_knowledge


def knowledge_sources(env: Mapping[str, str] | None = None) -> KnowledgeSources:
    """The knowledge sources the environment names (``EVENTWIRE_KB``, ``EVENTWIRE_CACHE``)."""
    env = os.environ if env is None else env
    actor_files = tuple(p for p in env.get("EVENTWIRE_KB", "").split(os.pathsep) if p.strip())
    return KnowledgeSources(actor_files=actor_files, gazetteer_dir=env.get("EVENTWIRE_CACHE") or default_cache_dir())


def gazetteer_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder of the gazetteer index files (``EVENTWIRE_CACHE`` or ``~/.cache/eventwire``)."""
    return Path(knowledge_sources(env).gazetteer_dir)


def pipeline_config(**fields: Any) -> PipelineConfig:
    """A PipelineConfig with the environment's knowledge sources and ``fields`` (``published=...``)."""
    return PipelineConfig(knowledge=knowledge_sources(), **fields)


def prepare_knowledge() -> Knowledge:
    """Load the environment's knowledge and build the gazetteer index if it is missing or stale
    (``make install`` runs this once, so test workers do not race to build it)."""
    knowledge = load_knowledge(knowledge_sources())
    knowledge.gazetteer.lookup("Warsaw")
    return knowledge


__all__ = ["gazetteer_dir", "knowledge_sources", "pipeline_config", "prepare_knowledge"]
