"""The DuckDB store: open (with migrations), write batches idempotently, read records back.

Writes are idempotent by article id and transactional per batch: a batch (its articles, child
rows, dead-letter entries and ledger rows) is committed whole or not at all, so a process killed
at any moment leaves the database as it was after the last committed batch.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from ..errors import ErrorPolicy, Skipped, StoreError
from ..link.linker import links_differently
from ..records import Actor, Article, Contradiction, Event, Place, Quantity, Quote, from_dict, from_json
from . import read_side
from .derive import record_batch, write_rows
from .ids import split_global_id, table_of
from .links import OUTPUT_TABLES, LinkWriter, clear_links, link_table, load_snapshot, read_rows, save_changes
from .migrations import LATEST, current_version, migrate, missing_columns
from .query import Filters, Page, Selection, read_error
from .tables import Table, all_tables, child_tables, quote, table

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]  # no stubs installed

    from ..link import LinkChanges, Linker, LinkSnapshot
    from ..read import Source
    from ..records import ActorEntity, ArticleLink, EventGroup, Story

DEFAULT_DB = "eventwire.duckdb"
"""Database file used when no ``--db`` is given (in the current directory)."""


def _export_table(name: str) -> Table:
    """Record table, ``dead_letter`` or linking output table ``name`` (what Parquet exports hold)."""
    return link_table(name) if name in OUTPUT_TABLES else table(name)


def table_schema(name: str) -> pa.Schema:
    """The Arrow schema of a record table, ``dead_letter`` or a linking output table, as exported.

    :func:`eventwire.store.tables.arrow_schema` covers the record tables; the linking tables'
    schemas are those ``eventwire spark link`` writes (``store.links.link_table(name)``).
    """
    return _export_table(name).arrow_schema()


def memory_limit() -> str:
    """DuckDB memory cap: ``$EVENTWIRE_DUCKDB_MEMORY`` (e.g. ``2GB``), default 512MB."""
    return os.environ.get("EVENTWIRE_DUCKDB_MEMORY", "512MB")


CATALOG = "eventwire"
"""Name the database file is attached under (``eventwire.events`` is the same table as ``events``)."""


ROW_GROUP_SIZE = 2048
"""Rows per DuckDB row group in eventwire databases (``$EVENTWIRE_DUCKDB_ROW_GROUP`` to change).

Every checkpoint rewrites a table's last, partly filled row group. With DuckDB's default (122,880
rows) and about 25 KB of record JSON per article, that rewrite grows with the corpus, and so do the
checkpoint's memory peaks: in a 100k-article store-only ingest they reached 920 MB, against 555-622
MB from 20k to 100k with 2,048 rows (8,192 rows still peaked at 714 MB in a smaller test). The price
is file size (compression works per group), 1.9-2.4x: docs/store.md, "Performance", measures it.
"""


def row_group_size() -> int:
    """``$EVENTWIRE_DUCKDB_ROW_GROUP`` or :data:`ROW_GROUP_SIZE`."""
    raw = os.environ.get("EVENTWIRE_DUCKDB_ROW_GROUP", "")
    try:
        return int(raw) if raw else ROW_GROUP_SIZE
    except ValueError:
        raise StoreError(
            f"EVENTWIRE_DUCKDB_ROW_GROUP must be a whole number of rows, got {raw!r}", code="EW305"
        ) from None


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file, turning DuckDB's errors into coded :class:`StoreError` messages."""
    where = str(path)
    if read_only and where != ":memory:" and not Path(where).exists():
        raise StoreError(f"no database at {where}", code="EW304")
    config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": memory_limit()}
    if where != ":memory:":
        # work bigger than the cap spills beside the database, not into the current directory's .tmp/
        config["temp_directory"] = where + ".tmp"
    try:
        # DuckDB's buffer cache defaults to 80 % of RAM and grows with the database; a fixed cap keeps
        # a long ingest's memory flat (bigger work spills to the temp directory beside the file).
        con = duckdb.connect(":memory:", config=config)
    except duckdb.Error as e:
        raise StoreError(f"cannot open database {where}: {e}", code="EW305") from e
    if where == ":memory:":
        return con
    # The row group size is an option of ATTACH, not of connect(): attach the file and make it the default.
    options = f"ROW_GROUP_SIZE {row_group_size()}" + (", READ_ONLY" if read_only else "")
    try:
        con.execute(f"ATTACH {_sql_literal(where)} AS {CATALOG} ({options})")
        con.execute(f"USE {CATALOG}")
    except duckdb.IOException as e:
        con.close()
        msg = str(e)
        if "lock" in msg.lower():
            pid = re.search(r"PID (\d+)", msg)
            holder = f" (process {pid.group(1)})" if pid else ""
            raise StoreError(f"database {where} is in use by another process{holder}", code="EW301") from e
        raise StoreError(f"cannot open database {where}: {msg}", code="EW305") from e
    except duckdb.Error as e:
        con.close()
        raise StoreError(f"cannot open database {where}: {e}", code="EW305") from e
    return con


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class Item:
    """One pipeline result on its way into the store, with the input it came from."""

    result: Article | Skipped
    source: Source | None = None
    fingerprint: str | None = None
    """Ledger key of the input (content + extractor), or None when written without a Source."""


@dataclass
class WriteCounts:
    """What one or more batch writes did."""

    stored: int = 0
    """New articles inserted."""
    replaced: int = 0
    """Stored articles replaced (another extractor, or ``replace=True``)."""
    duplicates: int = 0
    """Articles whose id was already stored by the same extractor (left as they were)."""
    skipped: int = 0
    """Inputs that produced no record (written to the dead-letter table under policy ``record``)."""
    relinked: int = 0
    """Replaced articles that were linked and whose new record links differently
    (:func:`eventwire.link.linker.links_differently`): their write emptied the linking tables,
    to be rebuilt in publication order (the ingest does it at its end; else ``eventwire link``)."""

    def add(self, other: WriteCounts) -> None:
        self.stored += other.stored
        self.replaced += other.replaced
        self.duplicates += other.duplicates
        self.skipped += other.skipped
        self.relinked += other.relinked


@dataclass
class Store:
    """An eventwire database. Use :func:`open_store` (``eventwire.open``) to get one.

    Queries take the same filters as ``eventwire query``: :meth:`select` gives Arrow, pandas, typed
    rows, records or pages; :meth:`events` and its siblings return pandas DataFrames.
    """

    path: str
    con: duckdb.DuckDBPyConnection
    read_only: bool = False
    _closed: bool = field(default=False, repr=False)
    _summaries: bool | None = field(default=None, repr=False)
    """Whether the summary tables exist (migration 7); a Store on an older schema (tests) has none."""
    _link_writer: LinkWriter | None = field(default=None, repr=False)
    """What this connection wrote to the linking tables (``store.links.LinkWriter``); None: read it again."""

    # -- life cycle ----------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (releases the file lock)."""
        if not self._closed:
            self.con.close()
            self._closed = True

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Another connection to the same database (own transaction and results) on the eventwire file."""
        cur = self.con.cursor()
        if self.path != ":memory:":
            cur.execute(f"USE {CATALOG}")  # USE is per connection: a cursor starts on DuckDB's in-memory catalog
        return cur

    def reopen(self) -> None:
        """Close and re-open the connection: checkpoints, and frees DuckDB's caches and table metadata."""
        self._writable()
        self._link_writer = None  # the file was unlocked for a moment: read the linking state again
        self.con.close()
        _release_freed_heap()
        self.con = connect(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @property
    def version(self) -> int:
        """Highest applied schema migration."""
        return current_version(self.con)

    # -- writing -------------------------------------------------------------------------
    def add(
        self,
        results: Iterable[Article | Skipped],
        *,
        extractor: str = "manual",
        replace: bool = False,
        errors: ErrorPolicy = "record",
    ) -> WriteCounts:
        """Store records (and dead-letter entries for Skipped) in one transaction."""
        return self.write_batch([Item(r) for r in results], extractor=extractor, replace=replace, errors=errors)

    def write_batch(
        self,
        items: Sequence[Item],
        *,
        extractor: str,
        replace: bool = False,
        errors: ErrorPolicy = "record",
        linker: Linker | None = None,
    ) -> WriteCounts:
        """Write one batch in one transaction; idempotent by article id.

        An article whose id is stored already is left alone when the same ``extractor`` made it,
        and replaced (with all its child rows) when another extractor did or ``replace`` is set.
        With a ``linker``, the batch's articles are linked and the linking rows and state written
        in the same transaction (articles linked before are skipped, also when replaced).

        A replaced article that was linked and links differently now (``links_differently``: its
        text, date, outlet, title, actors, places or events changed) makes every stored link stale,
        since each later article's links depend on it: the linking tables are emptied in the same
        transaction, the ``linker`` is not used, and ``WriteCounts.relinked`` says so. The caller
        rebuilds them in publication order (:func:`eventwire.store.ingest.ingest` does at its end);
        a crash before that leaves the articles unlinked, which the next linking ingest or
        ``eventwire link`` catches up, never stale links.
        """
        self._writable()
        counts = WriteCounts()
        articles = [it.result for it in items if isinstance(it.result, Article)]
        ids = sorted({a.id for a in articles})
        existing: dict[str, str | None] = {}
        if ids:
            rows = self.con.execute("SELECT id, extractor FROM articles WHERE list_contains(?, id)", [ids]).fetchall()
            existing = {r[0]: r[1] for r in rows}
        fresh: list[Article] = []
        seen: set[str] = set()
        drop: list[str] = []
        for a in articles:
            if a.id in seen or (a.id in existing and not replace and existing[a.id] == extractor):
                counts.duplicates += 1
            else:
                if a.id in existing:
                    drop.append(a.id)
                    counts.replaced += 1
                else:
                    counts.stored += 1
                fresh.append(a)
            seen.add(a.id)
        stale = self._stale_links(fresh, drop) if drop else []
        counts.relinked = len(stale)
        batch = record_batch(fresh, extractor)  # one JSON text per record; DuckDB derives every row from it
        dead = [it.result for it in items if isinstance(it.result, Skipped)]
        counts.skipped = len(dead)
        self.con.execute("BEGIN TRANSACTION")
        try:
            if self._summaries is None:
                self._summaries = read_side.has_tables(self.con)
            if stale:
                self._link_writer = None
                clear_links(self.con)
            if drop:
                if self._summaries:
                    read_side.remove_articles(self.con, drop)
                for t in child_tables():
                    self.con.execute(f"DELETE FROM {quote(t.name)} WHERE list_contains(?, article_id)", [drop])
                self.con.execute("DELETE FROM articles WHERE list_contains(?, id)", [drop])
            if fresh:
                write_rows(self.con, batch)
                if self._summaries:
                    read_side.add_articles(self.con, [a.id for a in fresh])
            self._write_dead_letters(items, dead if errors == "record" else [])
            ledger = [
                (
                    it.fingerprint,
                    _where(it),
                    it.result.id if isinstance(it.result, Article) else None,
                    it.result.code if isinstance(it.result, Skipped) else None,
                )
                for it in items
                if it.fingerprint is not None
            ]
            if ledger:
                self.con.executemany("INSERT OR IGNORE INTO ingested_inputs VALUES (?, ?, ?, ?)", ledger)
            if linker is not None and articles and not stale:
                save_changes(self.con, linker.link(articles), self._writer())
            self.con.execute("COMMIT")
        except BaseException:
            self._link_writer = None
            self.con.execute("ROLLBACK")
            raise
        return counts

    def _stale_links(self, fresh: list[Article], drop: list[str]) -> list[str]:
        """Ids in ``drop`` that are linked and whose record in ``fresh`` links differently from the stored one."""
        linked = [
            r[0]
            for r in self.con.execute(
                "SELECT article_id FROM article_links WHERE list_contains(?, article_id) ORDER BY article_id", [drop]
            ).fetchall()
        ]
        new = {a.id: a for a in fresh}
        return [old.id for old in self.articles_by_id(linked) if links_differently(old, new[old.id])]

    # -- linking (docs/linking.md, "In the store") -------------------------------------------------
    def link_snapshot(self) -> LinkSnapshot | None:
        """The linker's stored state (resume with ``Linker(snapshot=...)``), or None if nothing was linked."""
        return load_snapshot(self.con)

    def save_link_changes(self, changes: LinkChanges) -> None:
        """Store one ``Linker.link`` call's rows and working-state changes, in one transaction."""
        self._writable()
        self.con.execute("BEGIN TRANSACTION")
        try:
            save_changes(self.con, changes, self._writer())
            self.con.execute("COMMIT")
        except BaseException:
            self._link_writer = None
            self.con.execute("ROLLBACK")
            raise

    def _writer(self) -> LinkWriter:
        if self._link_writer is None:
            self._link_writer = LinkWriter(self.con)
        return self._link_writer

    def clear_links(self) -> None:
        """Empty every linking table (``eventwire link`` does this before relinking everything)."""
        self._writable()
        self._link_writer = None
        self.con.execute("BEGIN TRANSACTION")
        try:
            clear_links(self.con)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def unlinked_article_ids(self) -> list[str]:
        """Stored articles not linked yet, in publication order (undated last, then id)."""
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_links) "
            "ORDER BY published NULLS LAST, id"
        ).fetchall()
        return [r[0] for r in rows]

    def stories(self, **filters: Any) -> pd.DataFrame:
        """Stories: id, label, first and last dates, article ids (filters: since, until, text, story)."""
        return self.query("stories", **filters)

    def groups(self, **filters: Any) -> pd.DataFrame:
        """Event groups with their members (filters: story, type, country, since, until, text)."""
        return self.query("groups", **filters)

    def story(self, story_id: str) -> Story | None:
        """The stored :class:`~eventwire.records.Story` with ``story_id``; None if absent."""
        found = read_rows(self.con, "stories", "WHERE id = ?", [story_id])
        return found[0] if found else None

    def story_groups(self, story_id: str) -> list[EventGroup]:
        """The event groups of a story, as :class:`~eventwire.records.EventGroup` records, by date."""
        groups: list[EventGroup] = read_rows(self.con, "event_groups", "WHERE story_id = ?", [story_id])
        return sorted(groups, key=lambda g: (g.date_start is None, g.date_start or "", g.id))

    def article_link(self, article_id: str) -> ArticleLink | None:
        """How an article is linked (story, copy of), or None if it is not linked."""
        found = read_rows(self.con, "article_links", "WHERE article_id = ?", [article_id])
        return found[0] if found else None

    def entity(self, entity_id: str) -> ActorEntity | None:
        """The actor entity with ``entity_id`` (``kb:...`` or ``x...``); None if absent."""
        found = read_rows(self.con, "actor_entities", "WHERE id = ?", [entity_id])
        return found[0] if found else None

    def link_counts(self) -> dict[str, int]:
        """Row count of every linking output table."""
        out = {}
        for name in OUTPUT_TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()
            out[name] = int(row[0]) if row else 0
        return out

    def _write_dead_letters(self, items: Sequence[Item], dead: list[Skipped]) -> None:
        # An input that now gives a record (e.g. a fixed file) leaves the dead-letter list.
        fixed = [(it.source.origin, it.source.line) for it in items if it.source and isinstance(it.result, Article)]
        for inp, line in fixed + [(s.input, s.line) for s in dead]:
            self.con.execute("DELETE FROM dead_letter WHERE input = ? AND line IS NOT DISTINCT FROM ?", [inp, line])
        if dead:
            self.con.executemany(
                "INSERT INTO dead_letter VALUES (?, ?, ?, ?, ?)",
                [(s.input, s.line, s.code, s.reason, s.message) for s in dead],
            )

    def known_fingerprints(self, fingerprints: Sequence[str], con: duckdb.DuckDBPyConnection | None = None) -> set[str]:
        """The subset of ``fingerprints`` already in the ingest ledger."""
        if not fingerprints:
            return set()
        rows = (
            (con or self.con)
            .execute(
                "SELECT fingerprint FROM ingested_inputs WHERE list_contains(?, fingerprint)", [list(fingerprints)]
            )
            .fetchall()
        )
        return {r[0] for r in rows}

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"database {self.path} was opened read-only", code="EW303")

    # -- reading records ---------------------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        """The stored record with ``article_id``, rebuilt exactly from its JSON; None if absent."""
        row = self.con.execute("SELECT record FROM articles WHERE id = ?", [article_id]).fetchone()
        return from_json(row[0]) if row else None

    def article_ids(self) -> list[str]:
        """Every stored article's id, sorted."""
        return [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The stored records with these ids, in the order given (ids not stored are left out)."""
        if not ids:
            return []
        rows = self.con.execute("SELECT id, record FROM articles WHERE list_contains(?, id)", [list(ids)]).fetchall()
        by_id = {r[0]: r[1] for r in rows}
        return [from_json(by_id[i]) for i in ids if i in by_id]

    def iter_record_json(self, *, batch: int = 500) -> Iterator[str]:
        """Every stored record's JSON text in storage order (the order ingest wrote them), streamed.

        Storage order, not id order: sorting would hold every record at once (2.5 GB of JSON at
        100k articles), while one scan keeps memory flat. Two reads of one database give the same order.
        """
        cur = self.cursor()
        try:
            res = cur.execute("SELECT record FROM articles")
            while rows := res.fetchmany(batch):
                for (text,) in rows:
                    yield text
        except duckdb.Error as e:
            raise read_error(e, f"reading the records of {self.path}", "EW305") from e
        finally:
            cur.close()

    def iter_articles(self, *, batch: int = 500) -> Iterator[Article]:
        """Every stored record in storage order, streamed (memory stays flat)."""
        for text in self.iter_record_json(batch=batch):
            yield from_json(text)

    def record(self, gid: str) -> Actor | Event | Quote | Quantity | Place | Contradiction | Article | None:
        """The record a global id names (``<article_id>:e3`` -> the Event), or the Article for an article id.

        Rebuilt from its table row (every record field is a column); None if absent.
        """
        if ":" not in gid:
            return self.article(gid)
        t = table(table_of(gid))
        cols = t.record_columns()
        row = self.con.execute(
            f"SELECT {', '.join(quote(c.name) for c in cols)} FROM {quote(t.name)} WHERE article_id = ? AND id = ?",
            list(split_global_id(gid)),
        ).fetchone()
        if row is None or t.record_type is None:
            return None
        return from_dict(t.record_type, dict(zip([c.name for c in cols], row, strict=True)))

    def counts(self) -> dict[str, int]:
        """Row count of every record table and the dead-letter table."""
        out = {}
        for t in all_tables():
            row = self.con.execute(f"SELECT count(*) FROM {quote(t.name)}").fetchone()
            out[t.name] = int(row[0]) if row else 0
        return out

    def table_batches(self, name: str, *, size: int = 8192) -> Iterator[pa.RecordBatch]:
        """Every row of table ``name`` as Arrow record batches with :func:`table_schema` ``(name)``.

        Record tables: rows in storage order (as ingest wrote them: an article's child rows together,
        in ``ordinal`` order), streamed without a sort so memory stays flat. Linking output tables
        (``store.links.OUTPUT_TABLES``): rows in the order they were first written (``seq``; by key
        where a table has none), which does not depend on how often a row was rewritten (DuckDB
        spills the sort to disk). This is what Parquet exports write, table by table.
        """
        t = _export_table(name)
        schema = t.arrow_schema()
        cols = ", ".join(quote(c) for c in schema.names)
        order = ""
        if name in OUTPUT_TABLES:
            order = " ORDER BY seq" if "seq" in t.names else f" ORDER BY {', '.join(quote(k) for k in t.key)}"
        cur = self.cursor()
        try:
            for batch in cur.sql(f"SELECT {cols} FROM {quote(t.name)}{order}").to_arrow_reader(size):
                yield batch.cast(schema)
        except duckdb.Error as e:
            raise read_error(e, f"reading table {name} of {self.path}", "EW305") from e
        finally:
            cur.close()

    # -- queries (the same code behind `eventwire query` and the exporters) ----------------------
    def select(self, what: str, **filters: Any) -> Selection:
        """Query ``what`` (events, actors, quotes, figures, places, articles, skipped) under ``filters``.

        The :class:`~eventwire.store.query.Selection` is read as ``.arrow()``, ``.df()``,
        ``.rows()`` (typed rows), ``.records()``, ``.batches()`` (streamed) or ``.page()``.
        Filters: :class:`~eventwire.store.query.Filters` (``type``, ``country``, ``actor``,
        ``since``, ``until``, ``text``, ``status``, ``limit``, ``after``).
        """
        try:
            f = Filters(**filters)
        except TypeError as e:
            raise StoreError(f"unknown filter for {what}: {e}", code="EW303") from e
        return Selection(self.cursor, what, f)

    def page(self, what: str, *, limit: int = 50, after: str | None = None, **filters: Any) -> Page:
        """One page of query ``what``: ``limit`` rows after the cursor ``after``, and the next cursor."""
        return self.select(what, limit=limit, after=after, **filters).page()

    def query(self, what: str, **filters: Any) -> pd.DataFrame:
        """Run the named query (events, actors, quotes, figures, places, articles, skipped) as a DataFrame."""
        return self.select(what, **filters).df()

    def events(self, **filters: Any) -> pd.DataFrame:
        """Events with actor names and countries, place and evidence (filters: see :class:`Filters`)."""
        return self.query("events", **filters)

    def actors(self, **filters: Any) -> pd.DataFrame:
        """Actors per article with country, sector and mention count."""
        return self.query("actors", **filters)

    def quotes(self, **filters: Any) -> pd.DataFrame:
        """Quotes and reported speech with speaker name and country."""
        return self.query("quotes", **filters)

    def figures(self, **filters: Any) -> pd.DataFrame:
        """Typed figures (quantities) with the event they belong to."""
        return self.query("figures", **filters)

    def places(self, **filters: Any) -> pd.DataFrame:
        """Geocoded places per article."""
        return self.query("places", **filters)

    def articles(self, **filters: Any) -> pd.DataFrame:
        """One row per stored article (no text; see :meth:`article` for the record)."""
        return self.query("articles", **filters)

    def skipped(self, **filters: Any) -> pd.DataFrame:
        """The dead-letter table: inputs that produced no record, with path, line and reason."""
        return self.query("skipped", **filters)


def _release_freed_heap() -> None:
    """Return freed heap pages to the OS (glibc keeps them in its free lists, so RSS would not fall)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to do
        return
    trim(0)


def _where(it: Item) -> str:
    if it.source is not None:
        return it.source.where
    if isinstance(it.result, Skipped):
        return it.result.input
    return it.result.input or "?"


def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Store:
    """Open (creating and migrating as needed) the eventwire database at ``path``.

    ``read_only`` lets several processes read at once; a missing file is then an error (EW304).
    Another process holding the file gives StoreError EW301.
    """
    where = str(path)
    if read_only:
        con = connect(where, read_only=True)
        try:
            have = current_version(con)
        except duckdb.Error as e:
            con.close()
            raise StoreError(f"cannot read database {where}: {e}", code="EW305") from e
        if have > LATEST:
            con.close()
            raise StoreError(
                f"database is at schema migration {have}, this eventwire knows up to {LATEST}", code="EW302"
            )
        if have == LATEST and not missing_columns(con):
            return Store(where, con, read_only=True)
        con.close()  # an older database (or one without newer record fields): upgrade it once, reopen read-only
        open_store(where).close()
        return Store(where, connect(where, read_only=True), read_only=True)
    con = connect(where)
    try:
        migrate(con, path=where)
    except BaseException:
        con.close()
        raise
    return Store(where, con)


__all__ = ["DEFAULT_DB", "Item", "Store", "WriteCounts", "connect", "open_store", "table_schema"]
