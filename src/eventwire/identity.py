"""The extractor identity: what made a record, precisely enough to tell when it must be made again.

``identity = eventwire version + model (name, version) + stages (versioned names, in order) + their
options + the digest of the knowledge the pipeline reads``. The store keeps it with every article;
an ingest whose identity differs from a stored record's finds out which records the difference can
change (see :mod:`eventwire.store.identity`).

``code_key`` is the identity without the knowledge: when only knowledge changed, the store can
compare knowledge manifests entry by entry instead of re-extracting everything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .nlp import model_version
from .stages import check_order

if TYPE_CHECKING:
    from .config import PipelineConfig
    from .knowledge import Knowledge

CLEANING_PARTS = ("boilerplate",)
"""Knowledge every pipeline reads besides what its stages declare: cleaning's patterns."""


@dataclass(frozen=True)
class ExtractorIdentity:
    """Everything that decides what record a pipeline makes from an input."""

    version: str
    """eventwire version."""
    model: str
    model_version: str
    language: str
    stages: tuple[str, ...]
    """Versioned stage names, in order."""
    options: dict[str, dict[str, Any]]
    """Stage name -> its resolved options (defaults and configured values), for every stage."""
    knowledge_parts: tuple[str, ...]
    """Knowledge parts the pipeline reads (declared by its stages, plus cleaning's)."""
    knowledge: str
    """Digest of those parts (:meth:`eventwire.knowledge.Knowledge.digest_of`)."""

    def to_json(self) -> str:
        """Canonical JSON (sorted keys): equal identities give equal text."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def id(self) -> str:
        """Short stable id of the whole identity (stored with every article as ``extractor``)."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:20]

    @property
    def code_key(self) -> str:
        """Id of everything but the knowledge digest: equal keys mean only knowledge differs."""
        d = asdict(self)
        d.pop("knowledge")
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:20]

    @classmethod
    def from_json(cls, text: str) -> ExtractorIdentity:
        d = json.loads(text)
        return cls(
            version=d["version"],
            model=d["model"],
            model_version=d["model_version"],
            language=d["language"],
            stages=tuple(d["stages"]),
            options=d["options"],
            knowledge_parts=tuple(d["knowledge_parts"]),
            knowledge=d["knowledge"],
        )


def extractor_identity(config: PipelineConfig, knowledge: Knowledge) -> ExtractorIdentity:
    """The identity of the pipeline ``config`` builds with ``knowledge`` (no stage is built)."""
    specs = check_order(config.stages)
    parts = sorted({p for s in specs for p in s.knowledge} | set(CLEANING_PARTS))
    options = {s.name: _plain(s.resolve_options(config.stage_options(s.name))) for s in specs}
    return ExtractorIdentity(
        version=__version__,
        model=config.model,
        model_version=model_version(config.model),
        language=config.language,
        stages=tuple(s.name for s in specs),
        options=options,
        knowledge_parts=tuple(parts),
        knowledge=knowledge.digest_of(parts),
    )


def _plain(value: Any) -> Any:
    """JSON-ready form of frozen option values (maps -> dicts, tuples and sets -> lists)."""
    if hasattr(value, "thaw"):
        value = value.thaw()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    return value


__all__ = ["CLEANING_PARTS", "ExtractorIdentity", "extractor_identity"]
