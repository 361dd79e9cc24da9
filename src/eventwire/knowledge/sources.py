"""Where knowledge comes from: the files shipped with eventwire plus what the user adds, as one value.

:class:`KnowledgeSources` is part of :class:`~eventwire.config.PipelineConfig`: it names every user
file and folder explicitly, so the same configuration gives the same knowledge in any process. It is
built at the edge (the command line reads ``EVENTWIRE_KB`` and ``EVENTWIRE_CACHE`` into it, see
:mod:`eventwire.cli.config`); nothing below reads the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

KNOWLEDGE_ROOT = Path(__file__).resolve().parent
"""The shipped knowledge folder (``eventwire/knowledge``): data files in one folder per family."""


def default_cache_dir() -> str:
    """``~/.cache/eventwire``: where the gazetteer index lives unless a configuration says otherwise."""
    return str(Path.home() / ".cache" / "eventwire")


@dataclass(frozen=True)
class KnowledgeSources:
    """Every knowledge file a pipeline reads besides the shipped ones, explicitly (hashable, picklable).

    >>> KnowledgeSources(actor_files=("my_people.tsv",), gazetteer_dir="/data/eventwire")  # doctest: +SKIP
    """

    actor_files: tuple[str, ...] = ()
    """User actor files (TSV or YAML in the format of ``knowledge/actors``), loaded after the shipped
    ones; a row overrides a shipped row with the same name. The command line fills it from ``EVENTWIRE_KB``."""
    lexicon_dirs: tuple[tuple[str, str], ...] = ()
    """``(part, folder)`` pairs: files in ``folder`` named like a shipped file of ``part`` (``events``,
    ``quotes``, ``quantities``) are added to it (``("events", "my_lexicon")`` reads ``my_lexicon/verbs.tsv``)."""
    boilerplate_files: tuple[str, ...] = ()
    """User boilerplate pattern files (YAML in the format of ``knowledge/boilerplate/patterns.yaml``)."""
    gazetteer_dir: str = field(default_factory=default_cache_dir)
    """Folder of the gazetteer index files (``gazetteer-v1.sqlite``, optional ``gazetteer-user.sqlite``).
    The command line fills it from ``EVENTWIRE_CACHE``."""

    def __post_init__(self) -> None:
        # Lists given by a caller become tuples: the value must stay hashable.
        object.__setattr__(self, "actor_files", tuple(str(p) for p in self.actor_files))
        object.__setattr__(self, "boilerplate_files", tuple(str(p) for p in self.boilerplate_files))
        object.__setattr__(self, "lexicon_dirs", tuple((str(k), str(d)) for k, d in self.lexicon_dirs))
        object.__setattr__(self, "gazetteer_dir", str(self.gazetteer_dir))

    def lexicon_dirs_of(self, part: str) -> list[Path]:
        """The user folders added to ``part``, in order."""
        return [Path(d) for k, d in self.lexicon_dirs if k == part]


__all__ = ["KNOWLEDGE_ROOT", "KnowledgeSources", "default_cache_dir"]
