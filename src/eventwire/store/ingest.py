"""Ingest: stream inputs through the Pipeline into the store, batch by batch, resumable.

Every input document gets a fingerprint (its content and metadata, the ``--published`` default and
the extractor). Fingerprints of processed inputs are committed in the same transaction as their
records, so a run killed with SIGKILL and started again skips finished inputs before cleaning or
parsing them, and ends with exactly the rows of an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from ..errors import ErrorPolicy, Skipped
from ..pipeline import Pipeline, PipelineConfig
from ..read import Source, iter_sources
from ..records import Article
from .store import Item, Store, WriteCounts

LEDGER_CHUNK = 256
"""Inputs looked up in the ledger at a time."""

REOPEN_EVERY = 4096
"""Articles written between two re-openings of the database connection during an ingest.

DuckDB keeps the metadata of every row group and column segment a connection has written (about
1 KB per stored article here) and caches written blocks until its memory limit; neither is needed
again by an ingest. Closing and re-opening the connection (which checkpoints) drops both, so the
ingest's memory stays flat however large the corpus grows. See docs/store.md, "Performance".
"""


def extractor_id(config: PipelineConfig) -> str:
    """Names what produced a record: eventwire version, model and stage names (stage names are versioned)."""
    from .. import __version__

    return f"eventwire {__version__}; model {config.model}; stages {','.join(config.stages)}"


def fingerprint(src: Source, *, published: str | None, extractor: str) -> str:
    """Ledger key of one input: everything that shapes its record except where the file lies."""
    parts = (src.body, src.format, src.url, src.title, src.published, src.source, published, extractor)
    h = hashlib.sha256()
    for p in parts:
        h.update(b"\x00" if p is None else b"\x01" + p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


@dataclass
class IngestReport:
    """What an ingest run did."""

    counts: WriteCounts = field(default_factory=WriteCounts)
    resumed: int = 0
    """Inputs already processed by an earlier run (skipped before parsing)."""
    skipped: list[Skipped] = field(default_factory=list)
    """Inputs that produced no record in this run (the first 1000)."""

    @property
    def processed(self) -> int:
        c = self.counts
        return c.stored + c.replaced + c.duplicates + c.skipped


def ingest(
    store: Store,
    paths: Sequence[str],
    *,
    published: str | None = None,
    workers: int = 1,
    errors: ErrorPolicy = "record",
    replace: bool = False,
    batch_size: int = 32,
    pipeline: Pipeline | None = None,
    on_result: Callable[[Article | Skipped], None] | None = None,
) -> IngestReport:
    """Read, extract and store every document under ``paths``; one transaction per ``batch_size`` results.

    ``replace`` re-extracts inputs seen before and replaces stored records with the same id.
    """
    pipe = pipeline or Pipeline(PipelineConfig(published=published))
    extractor = extractor_id(pipe.config)
    report = IngestReport()
    pending: deque[tuple[Source | None, str | None]] = deque()
    # Pipeline.run keeps at most 2 * workers batches in flight; this bound also holds for a pipeline
    # (a subclass, a test double) that reads ahead from another thread, so memory stays flat.
    in_flight = threading.BoundedSemaphore(max(256, 8 * pipe.config.batch_size * workers))

    # A pipeline may pull inputs from another thread: ledger look-ups and connection re-opening
    # take turns.
    connection = threading.Lock()

    def known(fps: list[str]) -> set[str]:
        with connection:
            cur = store.cursor()  # an own connection: the writer may be inside a transaction
            try:
                return store.known_fingerprints(fps, cur)
            finally:
                cur.close()

    def feed() -> Iterator[Source | Skipped]:
        inputs = iter_sources(paths)
        while chunk := list(islice(inputs, LEDGER_CHUNK)):
            fps = [
                fingerprint(s, published=pipe.config.published, extractor=extractor) if isinstance(s, Source) else None
                for s in chunk
            ]
            done = set() if replace else known([f for f in fps if f])
            for item, fp in zip(chunk, fps, strict=True):
                if fp is not None and fp in done:
                    report.resumed += 1
                    continue
                in_flight.acquire()
                pending.append((item if isinstance(item, Source) else None, fp))
                yield item

    batch: list[Item] = []
    written = 0

    def flush() -> None:
        nonlocal written
        report.counts.add(store.write_batch(batch, extractor=extractor, replace=replace, errors=errors))
        written += len(batch)
        batch.clear()
        if written >= REOPEN_EVERY:
            with connection:
                store.reopen()
            written = 0

    for result in pipe.run(feed(), workers=workers, errors=errors):
        src, fp = pending.popleft()
        in_flight.release()
        batch.append(Item(result, src, fp))
        if isinstance(result, Skipped) and len(report.skipped) < 1000:
            report.skipped.append(result)
        if on_result is not None:
            on_result(result)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return report


__all__ = ["IngestReport", "extractor_id", "fingerprint", "ingest"]
