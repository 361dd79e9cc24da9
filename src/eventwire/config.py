"""The pipeline's configuration: one complete, hashable, picklable value.

Two equal configurations build pipelines that give the same records from the same inputs, in any
process on any machine with the same files: the configuration names every stage, option, model and
knowledge file. It is built at the edge (the command line reads environment variables into it, see
:mod:`eventwire.cli.config`) and passed down; nothing below reads the environment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .frozen import FrozenMap
from .knowledge.sources import KnowledgeSources
from .nlp import MODEL

DEFAULT_STAGES: tuple[str, ...] = (
    "actors.rules.v1",
    "quotes.rules.v2",
    "events.rules.v1",
    "quantities.rules.v1",
    "places.gazetteer.v1",
    "actors.setting.v1",
    "contradictions.rules.v1",
)
"""The extraction stages of the default pipeline, in order."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PipelineConfig:
    """Everything needed to build an identical Pipeline in another process (hashable, picklable).

    >>> PipelineConfig(published="2021-11-19", options={"places.gazetteer.v1": {}})  # doctest: +SKIP
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    """Names of the extraction stages to run, in order (see ``eventwire stages``)."""
    model: str = MODEL
    """Import name of the spaCy pipeline."""
    language: str = "en"
    """Language of the knowledge loaded; documents detected as another language skip stages that
    do not run on it, documents whose language is not detected count as this one."""
    published: str | None = None
    """Publication date (YYYY-MM-DD) for inputs that carry none; overrides inference, not metadata."""
    batch_size: int = 32
    """Documents cleaned and parsed together (and sent to a worker process at a time)."""
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=FrozenMap)
    """Stage name -> its options (a frozen mapping; each stage declares the options it takes)."""
    knowledge: KnowledgeSources = field(default_factory=KnowledgeSources)
    """User knowledge files and the gazetteer folder (shipped knowledge is always loaded)."""

    def __post_init__(self) -> None:
        names: object = self.stages
        if isinstance(names, str):
            raise TypeError("stages must be a sequence of stage names, not one string")
        object.__setattr__(self, "stages", tuple(self.stages))
        object.__setattr__(self, "options", FrozenMap({k: FrozenMap(v) for k, v in dict(self.options).items()}))
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.published is not None and not _DATE.match(self.published):
            raise ValueError(f"published must be YYYY-MM-DD, got {self.published!r}")

    def stage_options(self, name: str) -> Mapping[str, Any]:
        """The options given for stage ``name`` (empty if none)."""
        opts: Mapping[str, Any] = self.options.get(name, FrozenMap())
        return opts


__all__ = ["DEFAULT_STAGES", "PipelineConfig"]
