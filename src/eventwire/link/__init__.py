"""Across articles: copies, stories, actor entities and event groups (see docs/linking.md).

Works on plain :class:`~eventwire.records.Article` records, incrementally and deterministically::

    from eventwire.link import Linker, LinkResult
    linker = Linker()                      # LinkOptions() defaults
    result = LinkResult()
    for batch in batches:                  # in publication order
        result.update(linker.link(batch))  # LinkChanges: rows to upsert by id
    result.stories, result.groups, result.entities, result.copies

State is rows: ``linker.snapshot()`` (a :class:`LinkSnapshot`) and ``Linker(snapshot=...)`` resume it.
"""

from .linker import LINKED_FIELDS, LinkChanges, Linker, LinkResult, LinkSnapshot, link_articles, links_differently
from .options import CopyOptions, EntityOptions, GroupOptions, LinkOptions, StoryOptions
from .rows import Fingerprint, GroupProfile, LinkClock, StoryProfile, TermCount

__all__ = [
    "LINKED_FIELDS",
    "CopyOptions",
    "EntityOptions",
    "Fingerprint",
    "GroupOptions",
    "GroupProfile",
    "LinkChanges",
    "LinkClock",
    "LinkOptions",
    "LinkResult",
    "LinkSnapshot",
    "Linker",
    "StoryOptions",
    "StoryProfile",
    "TermCount",
    "link_articles",
    "links_differently",
]
