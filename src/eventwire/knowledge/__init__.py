"""Knowledge: everything the pipeline knows that is not code, loaded into one immutable value per language.

The data files live in one folder per family beside this package (``actors/``, ``events/``,
``quotes/``, ``quantities/``, ``places/``, ``boilerplate/``, ``eval/``, ``exports/``); each family's
loader lives with its code (``eventwire.extract.<family>``, ``eventwire.clean.boilerplate``,
``eventwire.resolve.gazetteer``). This package ties them together::

    from eventwire.knowledge import KnowledgeSources, load_knowledge

    k = load_knowledge(KnowledgeSources(actor_files=("my_people.tsv",)), language="en")
    k.digest                  # sha256 over every shipped and user file and the gazetteer's fingerprint
    k.part_digests["actors"]  # one part's digest
    k.actors.entry("Putin")   # parts load on first use
"""

from __future__ import annotations

from .sources import KNOWLEDGE_ROOT, KnowledgeSources, default_cache_dir
from .value import LANGUAGES, PARTS, Knowledge, Manifest, Part, PartFiles, load_knowledge

__all__ = [
    "KNOWLEDGE_ROOT",
    "LANGUAGES",
    "PARTS",
    "Knowledge",
    "KnowledgeSources",
    "Manifest",
    "Part",
    "PartFiles",
    "default_cache_dir",
    "load_knowledge",
]
