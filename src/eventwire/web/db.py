"""The served database: one process owns it, page reads get their own snapshot cursors.

DuckDB lets one process write a database file (any number may read it when none writes). So:

- ``serve`` without ``--watch`` opens the file read-only. Other read-only commands (``query``,
  ``export``, another ``serve``) may run beside it; ``ingest`` may not (DuckDB refuses the writer
  while readers hold the file; it fails with EW301 and names the holder).
- ``serve --watch DIR`` opens the file for writing and is then the only process using it: a
  watcher thread in the server ingests new report files through the public
  :func:`eventwire.store.ingest`, and page reads use cursors of the same database instance.

Every request gets its own cursor (its own connection to the one database instance), so a read
sees one committed snapshot (DuckDB's MVCC) even while the watcher commits a batch: a page never
sees half an ingest. The ingest re-opens its connection every few thousand articles to keep
memory flat; a read/write gate makes that re-opening wait for running reads, and new reads wait
for it (milliseconds).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..errors import EventwireError
from ..store import Store, ingest, open_store
from ..store.store import CATALOG

log = logging.getLogger("eventwire.serve")

WATCHED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


class Gate:
    """A readers-writer gate: many readers at once, or one writer (writers are not starved)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@dataclass
class _ServedStore(Store):
    """A Store whose connection re-opening (done by ingest) waits for reads to finish."""

    on_reopen: Callable[[Callable[[], None]], None] | None = field(default=None, repr=False)

    def reopen(self) -> None:
        if self.on_reopen is None:
            super().reopen()
        else:
            self.on_reopen(super().reopen)


@dataclass
class WatchStatus:
    """What the watcher did so far (shown on every page and at /api/status)."""

    directory: str
    files_seen: int = 0
    files_ingested: int = 0
    articles_stored: int = 0
    skipped: int = 0
    last_batch_at: float | None = None
    last_error: str | None = None
    busy: bool = False


class Database:
    """The database a server reads (and, when watching, writes)."""

    def __init__(self, path: str | Path, *, watch: str | Path | None = None) -> None:
        self.path = str(path)
        self.gate = Gate()
        self._spawn = threading.Lock()
        self.writable = watch is not None
        base = open_store(self.path, read_only=not self.writable)
        self.store = _ServedStore(base.path, base.con, read_only=base.read_only)
        self.store.on_reopen = self._reopen
        self._root = self.store.con.cursor()
        self.watch: WatchStatus | None = WatchStatus(str(watch)) if watch is not None else None
        self._watch_dir = Path(watch) if watch is not None else None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._generation = 0

    # -- reading ---------------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on a consistent snapshot; closed when the block ends."""
        with self.gate.shared():
            with self._spawn:
                cur = self._root.cursor()
            try:
                if self.path != ":memory:":
                    cur.execute(f"USE {CATALOG}")
                yield cur
            finally:
                cur.close()

    @property
    def generation(self) -> int:
        """Number of batches the watcher has committed (changes when new data is visible)."""
        return self._generation

    def _reopen(self, reopen: Callable[[], None]) -> None:
        with self.gate.exclusive():
            self._root.close()
            reopen()
            self._root = self.store.con.cursor()

    # -- watching --------------------------------------------------------------------------------
    def start_watching(self, *, interval: float = 1.0, pipeline: object | None = None) -> None:
        """Ingest new report files appearing in the watched directory, in a background thread."""
        if self._watch_dir is None or self._thread is not None:
            return
        self._watch_dir.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(
            target=self._watch_loop, args=(interval, pipeline), name="eventwire-watch", daemon=True
        )
        self._thread.start()

    def _watch_loop(self, interval: float, pipeline: object | None) -> None:
        from ..pipeline import Pipeline

        assert self._watch_dir is not None and self.watch is not None
        pipe = pipeline if isinstance(pipeline, Pipeline) else Pipeline()
        seen: dict[Path, tuple[int, int]] = {}
        sizes: dict[Path, tuple[int, int]] = {}
        while not self._stop.is_set():
            ready: list[Path] = []
            for p in sorted(self._watch_dir.rglob("*")):
                if p.suffix.lower() not in WATCHED_SUFFIXES or not p.is_file():
                    continue
                try:
                    st = p.stat()
                except OSError:
                    continue
                sig = (st.st_size, st.st_mtime_ns)
                # a file is taken once it looked the same on two polls in a row (the writer is done)
                if seen.get(p) != sig and sizes.get(p) == sig:
                    ready.append(p)
                sizes[p] = sig
            self.watch.files_seen = len(sizes)
            if ready:
                self._ingest(ready, pipe)
                for p in ready:
                    seen[p] = sizes[p]
            self._stop.wait(interval)

    def _ingest(self, paths: list[Path], pipe: object) -> None:
        from ..pipeline import Pipeline

        assert self.watch is not None and isinstance(pipe, Pipeline)
        self.watch.busy = True
        try:
            report = ingest(self.store, [str(p) for p in paths], pipeline=pipe, errors="record")
            self.watch.files_ingested += len(paths)
            self.watch.articles_stored += report.counts.stored + report.counts.replaced
            self.watch.skipped += report.counts.skipped
            self.watch.last_error = None
        except EventwireError as e:  # the server keeps serving; the error shows on the pages
            self.watch.last_error = str(e)
            log.error("watch: %s", e)
        finally:
            self.watch.busy = False
            self.watch.last_batch_at = time.time()
            self._generation += 1

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until the watcher has nothing left to ingest (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            w = self.watch
            if w is None:
                return True
            if not w.busy and w.files_ingested >= w.files_seen:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        """Stop the watcher (finishing its batch) and close the database."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self.gate.exclusive():
            self._root.close()
            self.store.close()


__all__ = ["WATCHED_SUFFIXES", "Database", "Gate", "WatchStatus"]
