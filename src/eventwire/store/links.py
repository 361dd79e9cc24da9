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
``event_groups``          ``EventGroup``      ``id`` (``members`` empty: see ``group_members``)
``group_members``         ``GroupMember``     ``event_id`` (+ ``group_id``)
``entity_spellings``      ``EntitySpelling``  ``entity_id``, ``spelling``
========================  ==================  ===============

A story's ``article_ids`` are the ``article_links`` rows of the story, a group's ``members`` the
``group_members`` rows of the group and an entity's ``spellings`` the ``entity_spellings`` rows of
the entity, each in the order they joined (``seq``); :func:`read_rows` and the queries put them
back, so a long story, a big group or a much-spelled entity costs the same per batch as a small one.

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

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from ..link.linker import LinkChanges, LinkSnapshot
from ..link.rows import Fingerprint, GroupProfile, LinkClock, StoryProfile, TermCount
from ..records import ActorEntity, ActorLink, ArticleLink, CopyOf, EventGroup, GroupMember, Story
from .tables import Table, dataclass_table, decode, encode, quote

_SEQ = (("seq", int, "order in which the row was first written (the linker breaks ties by creation order)"),)
_GROUP_ID = ("group_id", str, "the event group the member belongs to")


@dataclass(frozen=True)
class EntitySpelling:
    """One spelling of an actor entity (a row of ``entity_spellings``; ``ActorEntity.spellings`` in order)."""

    entity_id: str
    spelling: str


@cache
def link_tables() -> tuple[Table, ...]:
    """Every linking table: the output tables, then the linker's working state."""
    return (
        dataclass_table("article_links", ArticleLink, ("article_id",), extra=_SEQ),
        dataclass_table("copies", CopyOf, ("article_id",)),
        dataclass_table("stories", Story, ("id",), extra=_SEQ),
        dataclass_table("actor_entities", ActorEntity, ("id",), extra=_SEQ),
        dataclass_table("actor_links", ActorLink, ("actor_id",)),
        dataclass_table("event_groups", EventGroup, ("id",), extra=_SEQ),
        dataclass_table("group_members", GroupMember, ("event_id",), extra=(_GROUP_ID, *_SEQ)),
        dataclass_table("entity_spellings", EntitySpelling, ("entity_id", "spelling"), extra=_SEQ),
        dataclass_table("link_fingerprints", Fingerprint, ("article_id",), extra=_SEQ),
        dataclass_table("link_story_profiles", StoryProfile, ("story_id",), extra=_SEQ),
        dataclass_table("link_term_counts", TermCount, ("bucket",)),
        dataclass_table("link_group_profiles", GroupProfile, ("group_id",)),  # has its own seq
        dataclass_table("link_clock", LinkClock, ("options_digest",)),
    )


OUTPUT_TABLES = (
    "article_links",
    "copies",
    "stories",
    "actor_entities",
    "actor_links",
    "event_groups",
    "group_members",
    "entity_spellings",
)
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

_OPEN_STORIES = "(SELECT story_id FROM link_story_profiles)"

_VIEW = "_ew_link_rows"


def _arrow(t: Table, rows: Sequence[Any], seqs: list[int] | None = None, **extra: list[Any]) -> pa.Table:
    cols = [c for c in t.columns if c.is_record_field or (c.name == "seq" and seqs is not None) or c.name in extra]
    data = [encode(r) for r in rows]
    if seqs is not None:
        extra = {**extra, "seq": seqs}
    for name, values in extra.items():
        for d, v in zip(data, values, strict=True):
            d[name] = v
    return pa.Table.from_pylist(data, schema=pa.schema([c.arrow_field() for c in cols]))


def _top_seq(con: duckdb.DuckDBPyConnection, t: Table) -> int:
    ((top,),) = con.execute(f"SELECT max(seq) FROM {quote(t.name)}").fetchall()
    return int(top or 0)


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
    nxt = _top_seq(con, t) + 1
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
    top = _top_seq(con, t) if _has_seq(t) else None
    seqs = list(range(top + 1, top + 1 + len(rows))) if top is not None else None
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


_GROWING = ("article_links", "stories", "actor_entities", "event_groups", "group_members", "entity_spellings")
"""Tables with ``seq`` whose rows are only added or rewritten, never deleted (except all at once by
:func:`clear_links`): :class:`LinkWriter` numbers their rows itself."""

_LIVE_ENTITIES = f"(SELECT id FROM actor_entities WHERE story_id IS NULL OR story_id IN {_OPEN_STORIES})"


class LinkWriter:
    """What the store holds of the linking rows that keep growing, so that a batch's writes depend on
    the batch, not on the size of the store.

    Read once from the tables and kept up to date by :meth:`save`: the highest ``seq`` of each table
    in :data:`_GROWING`, the ``seq`` of every row the linker can still change (open stories and
    groups; entities that are global or scoped to an open story), and how many members each open
    group and how many spellings each such entity has stored. Without it each batch would look these
    up in the tables, a scan that grows with the corpus (there is no index on tables that grow:
    migration 3). A linker never changes a closed story or group, or an entity of a closed story,
    again (it forgets them when they close), so this state is bounded as the linker's is. It is only
    right while nothing else writes the linking tables: :class:`~eventwire.store.Store` keeps one
    per open connection and drops it when a transaction rolls back or the tables are emptied.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.top = {name: _top_seq(con, link_table(name)) for name in _GROWING}
        self.seq: dict[str, dict[str, int]] = {
            "stories": dict(con.execute(f"SELECT id, seq FROM stories WHERE id IN {_OPEN_STORIES}").fetchall()),
            "event_groups": dict(
                con.execute(
                    "SELECT id, seq FROM event_groups WHERE id IN (SELECT group_id FROM link_group_profiles)"
                ).fetchall()
            ),
            "actor_entities": {},
        }
        self.scoped: dict[str, list[str]] = {}  # open story -> its story-scoped entities
        for eid, seq, story in con.execute(
            f"SELECT id, seq, story_id FROM actor_entities WHERE id IN {_LIVE_ENTITIES} ORDER BY seq"
        ).fetchall():
            self.seq["actor_entities"][eid] = seq
            if story is not None:
                self.scoped.setdefault(story, []).append(eid)
        self.members: dict[str, int] = dict(
            con.execute(
                "SELECT group_id, count(*) FROM group_members "
                "WHERE group_id IN (SELECT group_id FROM link_group_profiles) GROUP BY group_id"
            ).fetchall()
        )
        self.spellings: dict[str, int] = dict(
            con.execute(
                f"SELECT entity_id, count(*) FROM entity_spellings WHERE entity_id IN {_LIVE_ENTITIES} GROUP BY entity_id"
            ).fetchall()
        )

    def _numbers(self, name: str, n: int) -> list[int]:
        top = self.top[name]
        self.top[name] = top + n
        return list(range(top + 1, top + 1 + n))

    def _append(self, con: duckdb.DuckDBPyConnection, name: str, rows: Sequence[Any], **extra: list[Any]) -> None:
        if rows:
            t = link_table(name)
            _insert(con, t, _arrow(t, rows, self._numbers(name, len(rows)), **extra))

    def _upsert(self, con: duckdb.DuckDBPyConnection, name: str, rows: Iterable[Any]) -> None:
        """Insert or replace rows by id (the last row of an id wins); a replaced row keeps its ``seq``."""
        latest = {r.id: r for r in rows}  # the last row of an id, in the order ids first appear
        if not latest:
            return
        known = self.seq[name]
        replaced = [k for k in latest if k in known]
        for k in latest:
            if k not in known:
                (known[k],) = self._numbers(name, 1)
        t = link_table(name)
        data = _arrow(t, list(latest.values()), [known[k] for k in latest])
        if replaced:
            con.execute(f"DELETE FROM {quote(t.name)} WHERE id IN (SELECT unnest(?))", [replaced])
        _insert(con, t, data)

    def _append_members(self, con: duckdb.DuckDBPyConnection, groups: Sequence[EventGroup]) -> None:
        """Members each group gained since it was last written (a group's members are only ever appended)."""
        rows: list[GroupMember] = []
        owners: list[str] = []
        for g in groups:
            new = g.members[self.members.get(g.id, 0) :]
            self.members[g.id] = len(g.members)
            rows += new
            owners += [g.id] * len(new)
        self._append(con, "group_members", rows, group_id=owners)

    def _append_spellings(self, con: duckdb.DuckDBPyConnection, entities: Sequence[ActorEntity]) -> None:
        """Spellings each entity gained since it was last written (an entity's spellings are only ever appended)."""
        rows: list[EntitySpelling] = []
        for e in entities:
            rows += [EntitySpelling(e.id, s) for s in e.spellings[self.spellings.get(e.id, 0) :]]
            self.spellings[e.id] = len(e.spellings)
        self._append(con, "entity_spellings", rows)

    def save(self, con: duckdb.DuckDBPyConnection, changes: LinkChanges) -> None:
        """Apply one ``Linker.link`` call's output and working-state changes (inside the caller's transaction)."""
        self._append(con, "article_links", changes.articles)
        append(con, "copies", changes.copies)
        append(con, "actor_links", changes.actor_links)
        self._upsert(con, "stories", [dataclasses.replace(s, article_ids=[]) for s in changes.stories])
        entities = list({e.id: e for e in changes.entities}.values())
        for e in entities:
            if e.story_id is not None and e.id not in self.seq["actor_entities"]:
                self.scoped.setdefault(e.story_id, []).append(e.id)
        self._append_spellings(con, entities)
        self._upsert(con, "actor_entities", [dataclasses.replace(e, spellings=[]) for e in entities])
        groups = list({g.id: g for g in changes.groups}.values())
        self._append_members(con, groups)
        self._upsert(con, "event_groups", [dataclasses.replace(g, members=[]) for g in groups])
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
        # closed: the linker will not change them again
        for sid in changes.closed_stories:
            self.seq["stories"].pop(sid, None)
            for eid in self.scoped.pop(sid, []):
                self.seq["actor_entities"].pop(eid, None)
                self.spellings.pop(eid, None)
        for gid in changes.closed_groups:
            self.seq["event_groups"].pop(gid, None)
            self.members.pop(gid, None)


def save_changes(con: duckdb.DuckDBPyConnection, changes: LinkChanges, writer: LinkWriter | None = None) -> None:
    """Apply one ``Linker.link`` call's output and working-state changes (inside the caller's transaction).

    A story's ``article_ids``, a group's ``members`` and an entity's ``spellings`` grow with it:
    rewriting them with every change would cost more the longer a story runs, so they live in
    ``article_links``, ``group_members`` and ``entity_spellings`` (appended) and are put back when
    read (:func:`read_rows`). ``writer`` carries what earlier calls wrote (give the same one to every
    call on a connection, see :class:`LinkWriter`); without it one is read from the tables.
    """
    (writer or LinkWriter(con)).save(con, changes)


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
    rows = [decode(t.record_type, dict(zip(cols, r, strict=True))) for r in res]
    if name == "stories":
        return fill_article_ids(con, rows)
    if name == "event_groups":
        return fill_members(con, rows)
    if name == "actor_entities":
        return fill_spellings(con, rows)
    return rows


def _ordered_values(
    con: duckdb.DuckDBPyConnection, table: str, key: str, value: str, keys: list[str]
) -> dict[str, list[str]]:
    """``key -> [value, ...]`` in ``seq`` order from a child table of appended rows, for ``keys`` only."""
    return {
        k: list(v)
        for k, v in con.execute(
            f"SELECT {key}, list({value} ORDER BY seq) FROM {table} WHERE list_contains(?, {key}) GROUP BY {key}",
            [keys],
        ).fetchall()
    }


def fill_article_ids(con: duckdb.DuckDBPyConnection, stories: list[Story]) -> list[Story]:
    """Stories with their ``article_ids`` (stored in ``article_links``), in linking order."""
    if not stories:
        return stories
    ids = _ordered_values(con, "article_links", "story_id", "article_id", [s.id for s in stories])
    return [dataclasses.replace(s, article_ids=ids.get(s.id, [])) for s in stories]


def fill_members(con: duckdb.DuckDBPyConnection, groups: list[EventGroup]) -> list[EventGroup]:
    """Groups with their ``members`` (stored in ``group_members``), in the order they joined."""
    if not groups:
        return groups
    t = link_table("group_members")
    cols = [c.name for c in t.record_columns()]
    res = con.execute(
        f"SELECT group_id, {', '.join(quote(c) for c in cols)} FROM group_members "
        "WHERE list_contains(?, group_id) ORDER BY seq",
        [[g.id for g in groups]],
    ).fetchall()
    members: dict[str, list[GroupMember]] = {}
    for r in res:
        members.setdefault(r[0], []).append(decode(GroupMember, dict(zip(cols, r[1:], strict=True))))
    return [dataclasses.replace(g, members=members.get(g.id, [])) for g in groups]


def fill_spellings(con: duckdb.DuckDBPyConnection, entities: list[ActorEntity]) -> list[ActorEntity]:
    """Entities with their ``spellings`` (stored in ``entity_spellings``), in the order they were first seen."""
    if not entities:
        return entities
    found = _ordered_values(con, "entity_spellings", "entity_id", "spelling", [e.id for e in entities])
    return [dataclasses.replace(e, spellings=found.get(e.id, [])) for e in entities]


_NAMED_BY_OPEN_GROUPS = (
    "(SELECT unnest(list_concat(m.source_entities, m.target_entities, [m.claimed_by])) FROM group_members m "
    "WHERE m.group_id IN (SELECT group_id FROM link_group_profiles))"
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
    "EntitySpelling",
    "LinkWriter",
    "clear_links",
    "create_link_tables",
    "fill_article_ids",
    "fill_members",
    "fill_spellings",
    "link_table",
    "link_tables",
    "load_snapshot",
    "read_rows",
    "save_changes",
]
