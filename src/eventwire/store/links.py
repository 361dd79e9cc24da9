"""Linking in the store: the tables of :mod:`eventwire.link`'s rows, and the linker's state between runs.

Every table is derived from a record type (:func:`~eventwire.store.tables.dataclass_table`), so a
field added to ``ArticleLink``, ``Story``, ``EventGroup``... shows up here without code changes.

Output tables (what ``query articles|stories|groups|actors`` and the web app read), one row per id:

========================  ==================  ===============
table                     row type            key
========================  ==================  ===============
``article_links``         ``ArticleLink``     ``article_id``
``copies``                ``CopyOf``          ``article_id``
``stories``               ``Story``           ``id``
``actor_entities``        ``ActorEntity``     ``id``
``actor_links``           ``ActorLink``       ``actor_id``
``event_groups``          ``EventGroup``      ``id`` (members nested)
========================  ==================  ===============

Working state (what :class:`~eventwire.link.Linker` needs to go on where it stopped):
``link_fingerprints`` (``Fingerprint``), ``link_story_profiles`` (``StoryProfile``),
``link_term_counts`` (``TermCount``), ``link_group_profiles`` (``GroupProfile``) and ``link_clock``
(``LinkClock``, one row). A story or group is open while it has a profile; the articles linked are
the rows of ``article_links``.

Tables whose order matters to the linker (it resolves ties by creation order) carry a store column
``seq``: the order in which each row was first written, kept when the row is rewritten.
:func:`save_changes` applies one ``Linker.link`` call's :class:`~eventwire.link.LinkChanges`;
:func:`load_snapshot` rebuilds the :class:`~eventwire.link.LinkSnapshot` from the tables, so a linker
resumed from the store continues exactly as one that never stopped (``tests/test_link_store.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from ..link.linker import LinkChanges, LinkSnapshot
from ..link.rows import Fingerprint, GroupProfile, LinkClock, StoryProfile, TermCount
from ..records import ActorEntity, ActorLink, ArticleLink, CopyOf, EventGroup, Story
from .tables import Table, dataclass_table, decode, encode, quote

_SEQ = (("seq", int, "order in which the row was first written (the linker breaks ties by creation order)"),)


@cache
def link_tables() -> tuple[Table, ...]:
    """Every linking table: the output tables, then the linker's working state."""
    return (
        dataclass_table("article_links", ArticleLink, ("article_id",)),
        dataclass_table("copies", CopyOf, ("article_id",)),
        dataclass_table("stories", Story, ("id",), extra=_SEQ),
        dataclass_table("actor_entities", ActorEntity, ("id",), extra=_SEQ),
        dataclass_table("actor_links", ActorLink, ("actor_id",)),
        dataclass_table("event_groups", EventGroup, ("id",), extra=_SEQ),
        dataclass_table("link_fingerprints", Fingerprint, ("article_id",), extra=_SEQ),
        dataclass_table("link_story_profiles", StoryProfile, ("story_id",), extra=_SEQ),
        dataclass_table("link_term_counts", TermCount, ("bucket",)),
        dataclass_table("link_group_profiles", GroupProfile, ("group_id",)),  # has its own seq
        dataclass_table("link_clock", LinkClock, ("options_digest",)),
    )


OUTPUT_TABLES = ("article_links", "copies", "stories", "actor_entities", "actor_links", "event_groups")
"""The linking tables that hold results (the rest is the linker's working state)."""


def link_table(name: str) -> Table:
    """The linking table called ``name``."""
    for t in link_tables():
        if t.name == name:
            return t
    raise KeyError(name)


def create_link_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 6: the linking tables (empty; ``eventwire link`` fills them from stored articles)."""
    for t in link_tables():
        con.execute(t.ddl())


def clear_links(con: duckdb.DuckDBPyConnection) -> None:
    """Empty every linking table (before a rebuild)."""
    for t in link_tables():
        con.execute(f"DELETE FROM {quote(t.name)}")


# -- writing ------------------------------------------------------------------------------------------

_VIEW = "_ew_link_rows"


def _arrow(t: Table, rows: Sequence[Any], seqs: list[int] | None = None) -> pa.Table:
    cols = [c for c in t.columns if c.is_record_field or seqs is not None]
    data = [encode(r) for r in rows]
    if seqs is not None:
        for d, s in zip(data, seqs, strict=True):
            d["seq"] = s
    return pa.Table.from_pylist(data, schema=pa.schema([c.arrow_field() for c in cols]))


def _insert(con: duckdb.DuckDBPyConnection, t: Table, data: pa.Table) -> None:
    con.register(_VIEW, data)
    try:
        con.execute(f"INSERT INTO {quote(t.name)} BY NAME SELECT * FROM {_VIEW}")
    finally:
        con.unregister(_VIEW)


def _has_seq(t: Table) -> bool:
    """Whether the table has the store column ``seq`` (GroupProfile's own ``seq`` is a record field)."""
    return "seq" in t.names and not t.column("seq").is_record_field


def _next_seqs(con: duckdb.DuckDBPyConnection, t: Table, keys: list[Any]) -> list[int]:
    """Each key's stored ``seq``, or a new one after every stored row (in list order)."""
    (key,) = t.key
    found = dict(
        con.execute(
            f"SELECT {quote(key)}, seq FROM {quote(t.name)} WHERE list_contains(?, {quote(key)})", [keys]
        ).fetchall()
    )
    ((top,),) = con.execute(f"SELECT max(seq) FROM {quote(t.name)}").fetchall()
    nxt = (top or 0) + 1
    out = []
    for k in keys:
        if k in found:
            out.append(int(found[k]))
        else:
            found[k] = nxt
            out.append(nxt)
            nxt += 1
    return out


def append(con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[Any]) -> None:
    """Insert rows whose keys are new (rows of articles linked for the first time)."""
    if not rows:
        return
    t = link_table(name)
    seqs = _next_seqs(con, t, [getattr(r, t.key[0]) for r in rows]) if _has_seq(t) else None
    _insert(con, t, _arrow(t, rows, seqs))


def upsert(con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[Any]) -> None:
    """Insert or replace rows by key (the last row of a key wins); a replaced row keeps its ``seq``."""
    if not rows:
        return
    t = link_table(name)
    (key,) = t.key
    latest: dict[Any, Any] = {}
    for r in rows:  # the last row of a key, in the order keys first appear (new keys take seq in that order)
        latest[getattr(r, key)] = r
    ordered = list(latest.values())
    keys = [getattr(r, key) for r in ordered]
    seqs = _next_seqs(con, t, keys) if _has_seq(t) else None
    data = _arrow(t, ordered, seqs)
    con.register(_VIEW, data)
    try:
        con.execute(f"DELETE FROM {quote(t.name)} WHERE {quote(key)} IN (SELECT {quote(key)} FROM {_VIEW})")
        con.execute(f"INSERT INTO {quote(t.name)} BY NAME SELECT * FROM {_VIEW}")
    finally:
        con.unregister(_VIEW)


def delete(con: duckdb.DuckDBPyConnection, name: str, keys: Sequence[Any]) -> None:
    """Delete rows by key."""
    if keys:
        t = link_table(name)
        con.execute(f"DELETE FROM {quote(t.name)} WHERE list_contains(?, {quote(t.key[0])})", [list(keys)])


def save_changes(con: duckdb.DuckDBPyConnection, changes: LinkChanges) -> None:
    """Apply one ``Linker.link`` call's output and working-state changes (inside the caller's transaction)."""
    append(con, "article_links", changes.articles)
    append(con, "copies", changes.copies)
    append(con, "actor_links", changes.actor_links)
    upsert(con, "stories", changes.stories)
    upsert(con, "actor_entities", changes.entities)
    upsert(con, "event_groups", changes.groups)
    append(con, "link_fingerprints", changes.fingerprints)
    delete(con, "link_fingerprints", changes.evicted)
    upsert(con, "link_term_counts", changes.term_counts)
    upsert(con, "link_story_profiles", changes.story_profiles)
    delete(con, "link_story_profiles", changes.closed_stories)
    upsert(con, "link_group_profiles", changes.group_profiles)
    delete(con, "link_group_profiles", changes.closed_groups)
    if changes.clock is not None:
        con.execute("DELETE FROM link_clock")
        _insert(con, link_table("link_clock"), _arrow(link_table("link_clock"), [changes.clock]))


# -- reading --------------------------------------------------------------------------------------------


def read_rows(con: duckdb.DuckDBPyConnection, name: str, where: str = "", params: Sequence[Any] = ()) -> list[Any]:
    """Rows of linking table ``name`` as their record type (in ``seq`` order where the table has one)."""
    t = link_table(name)
    assert t.record_type is not None
    cols = [c.name for c in t.record_columns()]
    order = "ORDER BY seq" if "seq" in t.names else f"ORDER BY {quote(t.key[0])}"
    res = con.execute(
        f"SELECT {', '.join(quote(c) for c in cols)} FROM {quote(t.name)} {where} {order}", list(params)
    ).fetchall()
    return [decode(t.record_type, dict(zip(cols, r, strict=True))) for r in res]


_OPEN_STORIES = "(SELECT story_id FROM link_story_profiles)"
_NAMED_BY_OPEN_GROUPS = (
    "(SELECT unnest(list_concat(m.source_entities, m.target_entities, [m.claimed_by])) FROM "
    "(SELECT unnest(members) AS m FROM event_groups WHERE id IN (SELECT group_id FROM link_group_profiles)))"
)


def load_snapshot(con: duckdb.DuckDBPyConnection) -> LinkSnapshot | None:
    """The linker's state as stored, or None when nothing was linked yet."""
    clocks: list[LinkClock] = read_rows(con, "link_clock")
    if not clocks:
        return None
    linked = [r[0] for r in con.execute("SELECT article_id FROM article_links ORDER BY article_id").fetchall()]
    return LinkSnapshot(
        clock=clocks[0],
        entities=read_rows(con, "actor_entities", f"WHERE story_id IS NULL OR story_id IN {_OPEN_STORIES}"),
        fingerprints=read_rows(con, "link_fingerprints"),
        term_counts=read_rows(con, "link_term_counts"),
        stories=read_rows(con, "stories", f"WHERE id IN {_OPEN_STORIES}"),
        story_profiles=read_rows(con, "link_story_profiles"),
        groups=read_rows(con, "event_groups", "WHERE id IN (SELECT group_id FROM link_group_profiles)"),
        group_profiles=read_rows(con, "link_group_profiles"),
        linked=linked,
        closed_entities=read_rows(
            con,
            "actor_entities",
            f"WHERE story_id IS NOT NULL AND story_id NOT IN {_OPEN_STORIES} AND id IN {_NAMED_BY_OPEN_GROUPS}",
        ),
    )


__all__ = [
    "OUTPUT_TABLES",
    "clear_links",
    "create_link_tables",
    "link_table",
    "link_tables",
    "load_snapshot",
    "read_rows",
    "save_changes",
]
