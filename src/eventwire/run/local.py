"""The local runner: batches in this process, or on a pool of worker processes on this machine.

Both call the same batch function (:func:`eventwire.pipeline.process_batch` through a
:class:`BatchProcessor`); results come back in input order and memory stays flat: inputs are read
lazily and at most ``2 * workers`` batches are in flight.

Worker processes are started with the ``spawn`` method and build their pipeline once, from the
configuration (the model and the knowledge are loaded in the worker, never pickled). Each worker
checks that the knowledge files it finds give the digest the parent process computed, so a worker
never silently runs other knowledge than the one the records will be stamped with.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any, Protocol, runtime_checkable

from ..config import PipelineConfig
from ..errors import ErrorPolicy, KnowledgeError, Skipped
from ..knowledge import Knowledge, load_knowledge
from ..nlp import set_thread_env
from ..pipeline import Pipeline, pipeline_for, remember
from ..read import Source, iter_sources
from ..records import Article

Result = Article | Skipped
Item = Source | Skipped


@runtime_checkable
class BatchProcessor(Protocol):
    """What a runner runs on each batch: picklable, prepared once per worker process.

    ``prepare()`` is called once in each process before its first batch (load models there);
    ``__call__(batch, errors)`` returns one result per input, in order.
    """

    @property
    def batch_size(self) -> int:
        """Inputs per batch."""
        ...

    def prepare(self) -> None: ...

    def __call__(self, batch: list[Item], errors: ErrorPolicy) -> list[Result]: ...


@dataclass(frozen=True)
class PipelineProcessor:
    """The default processor: the pipeline of ``config`` with the knowledge of digest ``knowledge_digest``.

    Pickles as the configuration and the digest only; a worker loads model and knowledge itself
    (once) and refuses to run if its knowledge files give another digest (KnowledgeError EW205).
    """

    config: PipelineConfig
    knowledge_digest: str | None = None
    _local: Pipeline | None = field(default=None, compare=False, repr=False)
    """A pipeline already built in this process (not pickled): used instead of building another."""

    @property
    def batch_size(self) -> int:
        return self.config.batch_size

    def prepare(self) -> None:
        self._pipeline()

    def __call__(self, batch: list[Item], errors: ErrorPolicy) -> list[Result]:
        return self._pipeline().run_batch(batch, errors)

    def _pipeline(self) -> Pipeline:
        if self._local is not None:
            return self._local
        knowledge = _knowledge(self.config)
        if self.knowledge_digest is not None and knowledge.digest != self.knowledge_digest:
            raise KnowledgeError(
                f"this process finds other knowledge files (digest {knowledge.digest[:12]}) than the one that "
                f"started the run ({self.knowledge_digest[:12]}); the same files must be installed everywhere",
                code="EW205",
            )
        return pipeline_for(self.config, knowledge)

    def __reduce__(self) -> tuple[Any, ...]:
        return (PipelineProcessor, (self.config, self.knowledge_digest))


_KNOWLEDGE: dict[tuple[Any, str], Knowledge] = {}


def _knowledge(config: PipelineConfig) -> Knowledge:
    """The knowledge of ``config`` in this process (loaded once per sources and language)."""
    key = (config.knowledge, config.language)
    if key not in _KNOWLEDGE:
        _KNOWLEDGE.clear()  # one configuration per worker process; keep memory to one knowledge value
        _KNOWLEDGE[key] = load_knowledge(config.knowledge, language=config.language)
    return _KNOWLEDGE[key]


def as_processor(work: PipelineConfig | Pipeline | BatchProcessor) -> BatchProcessor:
    """A processor for a configuration, an already built pipeline, or a processor itself."""
    if isinstance(work, PipelineConfig):
        return PipelineProcessor(work)
    if isinstance(work, Pipeline):
        remember(work)
        return PipelineProcessor(work.config, work.knowledge.digest, work)
    if isinstance(work, BatchProcessor):
        return work
    raise TypeError(f"expected a PipelineConfig, a Pipeline or a BatchProcessor, got {type(work).__name__}")


def _batched(items: Iterable[Item], n: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def run_local(
    work: PipelineConfig | Pipeline | BatchProcessor,
    inputs: Iterable[Item],
    *,
    workers: int = 1,
    errors: ErrorPolicy = "record",
) -> Iterator[Result]:
    """Process a stream of Sources (Skipped entries pass through) on ``workers`` local processes.

    ``work`` is a configuration, a built :class:`~eventwire.pipeline.Pipeline` (reused in this
    process), or any :class:`BatchProcessor`. Results come in input order; a bad document becomes a
    Skipped entry unless ``errors="raise"``. With ``workers > 1`` the calling script must be
    importable by the spawned workers (put it under ``if __name__ == "__main__":``).
    """
    processor = as_processor(work)
    batches = _batched(inputs, processor.batch_size)
    if workers <= 1:
        processor.prepare()
        for batch in batches:
            yield from processor(batch, errors)
        return
    import multiprocessing as mp

    set_thread_env()
    ctx = mp.get_context("spawn")
    # Pool.imap would drain the whole input into its task queue; a bounded window of async
    # batches keeps memory flat however large the input, and results stay in input order.
    window = 2 * workers
    with ctx.Pool(workers, initializer=_init_worker, initargs=(processor,)) as pool:
        pending: deque[AsyncResult[list[Result]]] = deque()
        for batch in batches:
            pending.append(pool.apply_async(_work, ((batch, errors),)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


_WORKER: BatchProcessor | None = None


def _init_worker(processor: BatchProcessor) -> None:
    global _WORKER
    set_thread_env()
    processor.prepare()
    _WORKER = processor


def _work(args: tuple[list[Item], ErrorPolicy]) -> list[Result]:
    assert _WORKER is not None  # set by _init_worker in every pool process
    batch, errors = args
    return _WORKER(batch, errors)


def extract_paths(
    paths: Iterable[str],
    *,
    published: str | None = None,
    workers: int = 1,
    errors: ErrorPolicy = "record",
    config: PipelineConfig | None = None,
) -> Iterator[Result]:
    """Read, clean and extract every document under ``paths`` (files, dirs, globs, ``-``).

    ``config`` defaults to ``PipelineConfig(published=published)``.
    """
    cfg = config or PipelineConfig(published=published)
    return run_local(cfg, iter_sources(list(paths)), workers=workers, errors=errors)


__all__ = ["BatchProcessor", "PipelineProcessor", "as_processor", "extract_paths", "run_local"]
