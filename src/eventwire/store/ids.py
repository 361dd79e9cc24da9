"""Global ids: one string names any record in any article.

Inside a record, references are article-local (an event's ``source`` is ``a1``, an actor of the same
article). Across articles — event groups, contradictions between reports, the dashboard's links —
a record is named by its **global id**, ``<article_id>:<local_id>`` (``0123456789abcdef:e3``).
Article ids are 16 hex characters and local ids a letter and a number, so the separator never
occurs in either. The store keeps the global form beside every local id (``gid``, ``source_gid``,
...); the record JSON keeps the local ids.

>>> global_id("0123456789abcdef", "e3")
'0123456789abcdef:e3'
>>> split_global_id("0123456789abcdef:e3")
('0123456789abcdef', 'e3')
"""

from __future__ import annotations

from ..errors import StoreError

SEPARATOR = ":"

KIND_OF_PREFIX = {"a": "actors", "e": "events", "q": "quotes", "n": "quantities", "p": "places", "c": "contradictions"}
"""Table a local id's letter points into (the stages' ``an.next_id`` prefixes)."""


def global_id(article_id: str, local_id: str) -> str:
    """The global id of record ``local_id`` in article ``article_id``."""
    if not article_id or SEPARATOR in article_id:
        raise ValueError(f"not an article id: {article_id!r}")
    return f"{article_id}{SEPARATOR}{local_id}"


def split_global_id(gid: str) -> tuple[str, str]:
    """``(article_id, local_id)`` of a global id; StoreError EW303 if ``gid`` is not one."""
    article_id, sep, local_id = gid.partition(SEPARATOR)
    if not sep or not article_id or not local_id:
        raise StoreError(
            f"{gid!r} is not a global id (<article_id>:<local_id>, e.g. 0123456789abcdef:e3)", code="EW303"
        )
    return article_id, local_id


def table_of(gid: str) -> str:
    """The table a global id's record lives in (``...:e3`` -> ``events``); EW303 if unknown."""
    _, local_id = split_global_id(gid)
    kind = KIND_OF_PREFIX.get(local_id[:1])
    if kind is None:
        raise StoreError(
            f"{gid!r}: local id {local_id!r} names no record kind ({', '.join(KIND_OF_PREFIX)})", code="EW303"
        )
    return kind


__all__ = ["KIND_OF_PREFIX", "SEPARATOR", "global_id", "split_global_id", "table_of"]
