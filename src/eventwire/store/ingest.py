"""Ingest: stream inputs through the local runner into the store, batch by batch, resumable.

Every input document gets a fingerprint (its content and metadata, the ``--published`` default and
the code part of the extractor identity). Fingerprints of processed inputs are committed in the same
transaction as their records, so a run killed with SIGKILL and started again skips finished inputs
before cleaning or parsing them, and ends with exactly the rows of an uninterrupted run.

The extractor identity (code version, model, stages, options, knowledge digest) is stored with every
article. When it changed since the records were written, the ingest first sorts the stored articles
(:func:`eventwire.store.identity.refresh`): after a knowledge change only the articles whose text
mentions a changed entry are re-extracted; the others keep their rows and take the new identity.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from ..config import PipelineConfig
from ..errors import ErrorPolicy, Skipped
from ..identity import ExtractorIdentity, extractor_identity
from ..knowledge import load_knowledge
from ..link import Linker, LinkOptions
from ..pipeline import Pipeline
from ..read import Source, iter_sources
from ..records import Article
from ..run.local import BatchProcessor, as_processor, run_local
from .identity import Refresh, current_fingerprints, refresh
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
    """The id of the extractor identity ``config`` gives with the knowledge its sources name now."""
    return extractor_identity(config, load_knowledge(config.knowledge, language=config.language)).id


def fingerprint(src: Source, *, published: str | None, extractor: str) -> str:
    """Ledger key of one input: everything that shapes its record except where the file lies.

    ``extractor`` is the identity's ``code_key`` (knowledge changes are handled per article, see
    :func:`eventwire.store.identity.refresh`).
    """
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
    """Inputs already processed by an earlier run and current (skipped before parsing)."""
    skipped: list[Skipped] = field(default_factory=list)
    """Inputs that produced no record in this run (the first 1000)."""
    refresh: Refresh = field(default_factory=Refresh)
    """Stored articles of other extractor identities: how many were stale, how many re-stamped."""
    identity: ExtractorIdentity | None = None
    """The extractor identity the records of this run are stamped with."""
    linked: int = 0
    """Articles linked (copies, stories, entities, event groups) in this run, stored ones caught up included."""
    relinked: bool = False
    """Whether a replaced article's new record links differently, so that every stored article was
    linked again from scratch at the end of the run (``linked`` then counts them all)."""

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
    config: PipelineConfig | None = None,
    processor: BatchProcessor | None = None,
    on_result: Callable[[Article | Skipped], None] | None = None,
    link: bool = True,
    link_options: LinkOptions | None = None,
) -> IngestReport:
    """Read, extract and store every document under ``paths``; one transaction per ``batch_size`` results.

    The pipeline is ``pipeline`` (built already, reused in this process), else the one ``config``
    describes, else ``PipelineConfig(published=published)``. ``processor`` replaces what runs on each
    batch (the ingest benchmark replays stored records with it); the records are still stamped with
    the configuration's identity. ``replace`` re-extracts inputs seen before and replaces stored
    records with the same id.

    With ``link`` (the default) each batch is linked across articles (docs/linking.md) in the
    transaction that stores it, resuming the linker from the store; stored articles not linked yet
    (an earlier run without linking, a database from before migration 6) are linked first, in
    publication order. A replaced article whose new record links as the old one did keeps its links;
    one that links differently (``WriteCounts.relinked``: another text, date, outlet, title, actors,
    places or events) empties the linking tables in its batch's transaction, and the run links every
    stored article again in publication order after its last batch (``IngestReport.relinked``): the
    links are then those of a fresh ingest of the final inputs (in publication order) and of
    ``eventwire link``. Without ``link`` the tables are emptied all the same, for the next linking
    ingest or ``eventwire link`` to rebuild.
    """
    if pipeline is not None:
        cfg, knowledge = pipeline.config, pipeline.knowledge
    else:
        cfg = config or PipelineConfig(published=published)
        knowledge = load_knowledge(cfg.knowledge, language=cfg.language)
    identity = pipeline.identity if pipeline is not None else extractor_identity(cfg, knowledge)
    work = as_processor(processor or pipeline or cfg)
    report = IngestReport(identity=identity)
    report.refresh = refresh(store, identity, knowledge.manifest(identity.knowledge_parts))
    linker: Linker | None = None
    if link:
        linker = Linker(link_options, snapshot=store.link_snapshot(), kb=knowledge.actors)
        report.linked += link_stored(store, linker, store.unlinked_article_ids())
    # Results come back in input order, one per input: the deque pairs each with its input. The runner
    # reads inputs at most a bounded window of batches ahead, so the deque stays small.
    pending: deque[tuple[Source | None, str | None]] = deque()

    def feed() -> Iterator[Source | Skipped]:
        inputs = iter_sources(paths)
        while chunk := list(islice(inputs, LEDGER_CHUNK)):
            fps = [
                fingerprint(s, published=cfg.published, extractor=identity.code_key) if isinstance(s, Source) else None
                for s in chunk
            ]
            done = set() if replace else current_fingerprints(store, [f for f in fps if f], identity)
            for item, fp in zip(chunk, fps, strict=True):
                if fp is not None and fp in done:
                    report.resumed += 1
                    continue
                pending.append((item if isinstance(item, Source) else None, fp))
                yield item

    batch: list[Item] = []
    written = 0

    def flush() -> None:
        nonlocal written, linker
        counts = store.write_batch(batch, extractor=identity.id, replace=replace, errors=errors, linker=linker)
        report.counts.add(counts)
        if counts.relinked:
            # the links were emptied with this batch: stop linking, rebuild after the last batch
            report.relinked = link
            linker = None
        elif linker is not None:
            report.linked += sum(1 for it in batch if isinstance(it.result, Article))
        written += len(batch)
        batch.clear()
        if written >= REOPEN_EVERY:
            store.reopen()
            written = 0

    for result in run_local(work, feed(), workers=workers, errors=errors):
        src, fp = pending.popleft()
        batch.append(Item(result, src, fp))
        if isinstance(result, Skipped) and len(report.skipped) < 1000:
            report.skipped.append(result)
        if on_result is not None:
            on_result(result)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if report.relinked:
        rebuild = Linker(link_options, kb=knowledge.actors)
        report.linked = link_stored(store, rebuild, store.unlinked_article_ids())
    return report


LINK_CHUNK = 256
"""Stored articles read and linked per transaction by :func:`link_stored`."""


def link_stored(
    store: Store, linker: Linker, ids: Sequence[str], *, on_progress: Callable[[int], None] | None = None
) -> int:
    """Link stored articles ``ids`` (give them in publication order) in chunks; returns how many were read."""
    done = 0
    for start in range(0, len(ids), LINK_CHUNK):
        chunk = list(ids[start : start + LINK_CHUNK])
        articles = store.articles_by_id(chunk)
        store.save_link_changes(linker.link(articles))
        done += len(chunk)
        if on_progress is not None:
            on_progress(len(chunk))
    return done


def relink(
    store: Store,
    *,
    options: LinkOptions | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Rebuild every linking table from the stored articles, in publication order (``eventwire link``).

    Returns the number of articles linked. The result is what ingesting the articles in publication
    order would have linked; running it again gives the same rows.
    """
    store.clear_links()
    knowledge = load_knowledge()
    linker = Linker(options, kb=knowledge.actors)
    return link_stored(store, linker, store.unlinked_article_ids(), on_progress=on_progress)


__all__ = ["LINK_CHUNK", "IngestReport", "extractor_id", "fingerprint", "ingest", "link_stored", "relink"]
