"""The one core behind every entry point: read -> clean -> nlp -> extract stages -> Article.

Extraction stages are registered with :func:`stage`, declaring what they need and what they
produce; :class:`Pipeline` checks the order when it is built (not halfway through a batch).
A stage is a factory called once per pipeline (load lexicons and knowledge bases there) that
returns a function run once per document on an :class:`Analysis`.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any

from .clean import Cleaned, clean
from .errors import ErrorPolicy, EventwireError, InputError, PipelineError, Skipped
from .nlp import MODEL, Parsed, Parser, set_thread_env
from .read import Source, iter_sources
from .records import (
    SCHEMA_VERSION,
    Actor,
    Article,
    Contradiction,
    Event,
    Place,
    Quantity,
    Quote,
)


@dataclass
class Analysis:
    """Mutable work state for one document while the stages run.

    Stages read the parse and what earlier stages produced, and append or replace records
    (records are frozen: use ``dataclasses.replace`` and write the list item back).
    """

    cleaned: Cleaned
    parsed: Parsed
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    scratch: dict[str, Any] = field(default_factory=dict)
    """Per-document data stages share that is not part of the record (e.g. token -> actor id)."""
    _counters: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def published(self) -> str | None:
        return self.cleaned.published

    def next_id(self, prefix: str) -> str:
        """Next article-local id with ``prefix`` (a1, a2, ...; e1, ...)."""
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}{n}"


StageFn = Callable[[Analysis], None]

WorkItem = tuple[list[Source | Skipped], ErrorPolicy]
"""One batch for a worker process, with the error policy."""


@dataclass(frozen=True)
class StageSpec:
    """A registered extraction stage."""

    name: str
    """Versioned name, e.g. ``events.rules.v1``; a change of behaviour gets a new version."""
    requires: tuple[str, ...]
    """Record parts that must be produced by earlier stages (``actors``, ``quotes``, ...)."""
    produces: tuple[str, ...]
    factory: Callable[[], StageFn]
    english_only: bool = True
    """Skip this stage for text not detected as English."""


STAGES: dict[str, StageSpec] = {}

# Modules that register the default stages, imported on first use.
_STAGE_MODULES = (
    "eventwire.extract.actors.stage",
    "eventwire.extract.quotes.stage",
    "eventwire.extract.events.stage",
    "eventwire.extract.quantities.stage",
    "eventwire.extract.places.stage",
    "eventwire.extract.contradictions.stage",
)

DEFAULT_STAGES: tuple[str, ...] = (
    "actors.rules.v1",
    "quotes.rules.v1",
    "events.rules.v1",
    "quantities.rules.v1",
    "places.gazetteer.v1",
    "contradictions.rules.v1",
)


def stage(
    name: str, *, requires: Sequence[str] = (), produces: Sequence[str] = (), english_only: bool = True
) -> Callable[[Callable[[], StageFn]], Callable[[], StageFn]]:
    """Register a stage factory under ``name``."""

    def register(factory: Callable[[], StageFn]) -> Callable[[], StageFn]:
        STAGES[name] = StageSpec(name, tuple(requires), tuple(produces), factory, english_only)
        return factory

    return register


def registered_stages() -> dict[str, StageSpec]:
    """All registered stages (importing the default stage modules first)."""
    for mod in _STAGE_MODULES:
        importlib.import_module(mod)
    return dict(STAGES)


def check_order(names: Sequence[str]) -> list[StageSpec]:
    """Resolve stage names and check that each stage's requirements come before it."""
    known = registered_stages()
    specs: list[StageSpec] = []
    produced: set[str] = set()
    for name in names:
        if name not in known:
            raise PipelineError(f"unknown stage {name!r}", code="EW203")
        spec = known[name]
        missing = [r for r in spec.requires if r not in produced]
        if missing:
            raise PipelineError(f"stage {name!r} needs {', '.join(missing)} from an earlier stage", code="EW202")
        produced.update(spec.produces)
        specs.append(spec)
    return specs


def article_id(text: str) -> str:
    """Stable id: sha256 of the NFC-normalised, whitespace-collapsed, case-folded text (16 hex)."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class PipelineConfig:
    """Everything needed to build an identical Pipeline in another process (picklable)."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    model: str = MODEL
    published: str | None = None
    """Publication date (YYYY-MM-DD) for inputs that carry none; overrides inference, not metadata."""
    batch_size: int = 32


class Pipeline:
    """Turns Sources (or plain text) into Article records.

    >>> pipe = Pipeline()                                    # doctest: +SKIP
    >>> article = pipe.process_text("MOSCOW — ...", published="2021-11-19")  # doctest: +SKIP
    """

    def __init__(self, config: PipelineConfig | None = None, **overrides: Any):
        if config is None:
            config = PipelineConfig(**overrides)
        elif overrides:
            raise TypeError("pass either a PipelineConfig or keyword overrides, not both")
        self.config = config
        self.specs = check_order(config.stages)
        self._fns: list[tuple[StageSpec, StageFn]] = [(s, s.factory()) for s in self.specs]
        self._parser: Parser | None = None

    @property
    def parser(self) -> Parser:
        if self._parser is None:
            self._parser = Parser(self.config.model)
        return self._parser

    # -- one document -------------------------------------------------------------------
    def process_text(self, text: str, *, published: str | None = None, **meta: Any) -> Article:
        """Process one plain-text report (``meta``: url, title, source, format='html')."""
        fmt = meta.pop("format", "text")
        src = Source(origin=meta.pop("origin", "<text>"), body=text, format=fmt, published=published, **meta)
        result = next(self.process_batch([src]))
        if isinstance(result, Skipped):
            raise result.as_error()
        return result

    # -- batches --------------------------------------------------------------------------
    def process_batch(self, sources: Sequence[Source], errors: ErrorPolicy = "record") -> Iterator[Article | Skipped]:
        """Clean, parse and extract a batch; one result per source, in order."""
        cleaned: list[tuple[Source, Cleaned] | Skipped] = []
        for src in sources:
            try:
                c = clean(src, published=self.config.published)
                if not c.text.strip():
                    raise InputError(
                        "no article text left after cleaning", code="EW109", path=src.origin, line=src.line
                    )
                cleaned.append((src, c))
            except EventwireError as e:
                if errors == "raise":
                    raise
                cleaned.append(_skip(e, src))
            except Exception as e:  # a bug must not kill the batch
                if errors == "raise":
                    raise
                cleaned.append(_skip(EventwireError(f"cleaning failed: {type(e).__name__}: {e}", code="EW204"), src))
        ok = [c for c in cleaned if not isinstance(c, Skipped)]
        parsed = iter(self.parser.parse_many(c.text for _, c in ok)) if ok else iter(())
        for item in cleaned:
            if isinstance(item, Skipped):
                yield item
                continue
            src, c = item
            doc = next(parsed)
            try:
                yield self._extract(src, c, doc)
            except Exception as e:
                if errors == "raise":
                    raise
                yield _skip(EventwireError(f"extraction failed: {type(e).__name__}: {e}", code="EW204"), src)

    def _extract(self, src: Source, c: Cleaned, doc: Parsed) -> Article:
        an = Analysis(cleaned=c, parsed=doc)
        english = c.language in (None, "en")
        for spec, fn in self._fns:
            if spec.english_only and not english:
                continue
            fn(an)
        return Article(
            id=article_id(c.text),
            schema_version=SCHEMA_VERSION,
            url=c.url,
            source=c.source,
            title=c.title,
            published=c.published,
            published_inferred=c.published_inferred,
            language=c.language,
            text=c.text,
            removed=list(c.removed),
            actors=an.actors,
            events=an.events,
            quotes=an.quotes,
            quantities=an.quantities,
            places=an.places,
            contradictions=an.contradictions,
            dateline=c.dateline,
            input=src.where,
            published_evidence=c.published_evidence,
            warnings=list(c.warnings),
        )

    def run(
        self,
        inputs: Iterable[Source | Skipped],
        *,
        workers: int = 1,
        errors: ErrorPolicy = "record",
    ) -> Iterator[Article | Skipped]:
        """Process a stream of Sources in batches, on ``workers`` processes; results in input order.

        Skipped inputs pass through (and bad documents become Skipped) unless ``errors='raise'``.
        Memory stays flat: at most ``2 * workers`` batches are in flight.
        """
        batches = _batched(inputs, self.config.batch_size)
        if workers <= 1:
            for batch in batches:
                yield from self._run_batch(batch, errors)
            return
        import multiprocessing as mp

        set_thread_env()
        ctx = mp.get_context("spawn")
        # Pool.imap would drain the whole input into its task queue; a bounded window of async
        # batches keeps memory flat however large the input, and results stay in input order.
        window = 2 * workers
        init, initargs, work = self._worker_setup()
        with ctx.Pool(workers, initializer=init, initargs=initargs) as pool:
            pending: deque[AsyncResult[list[Article | Skipped]]] = deque()
            for batch in batches:
                pending.append(pool.apply_async(work, ((batch, errors),)))
                if len(pending) >= window:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()

    def _worker_setup(
        self,
    ) -> tuple[Callable[..., None], tuple[Any, ...], Callable[[WorkItem], list[Article | Skipped]]]:
        """What the worker processes run: an initializer, its arguments, and the batch function.

        Each worker builds its own Pipeline from the config; a subclass that processes batches
        differently (the ingest benchmark's replay) returns its own, picklable, functions.
        """
        return _init_worker, (self.config,), _work

    def _run_batch(self, batch: list[Source | Skipped], errors: ErrorPolicy) -> list[Article | Skipped]:
        sources = [s for s in batch if isinstance(s, Source)]
        done = iter(self.process_batch(sources, errors))
        out: list[Article | Skipped] = []
        for item in batch:
            if isinstance(item, Skipped):
                if errors == "raise":
                    raise item.as_error()
                out.append(item)
            else:
                out.append(next(done))
        return out


def _skip(err: EventwireError, src: Source) -> Skipped:
    if err.path is None:
        err.path, err.line = src.origin, src.line
        err.args = (err.format(),)
    return Skipped.from_error(err)


def _batched(items: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


_WORKER: Pipeline | None = None


def _init_worker(config: PipelineConfig) -> None:
    global _WORKER
    set_thread_env()
    _WORKER = Pipeline(config)


def _work(args: WorkItem) -> list[Article | Skipped]:
    assert _WORKER is not None  # set by _init_worker in every pool process
    batch, errors = args
    return _WORKER._run_batch(batch, errors)


def extract_paths(
    paths: Sequence[str], *, published: str | None = None, workers: int = 1, errors: ErrorPolicy = "record"
) -> Iterator[Article | Skipped]:
    """Read, clean and extract every document under ``paths`` (files, dirs, globs, ``-``)."""
    pipe = Pipeline(PipelineConfig(published=published))
    return pipe.run(iter_sources(paths), workers=workers, errors=errors)


__all__ = [
    "DEFAULT_STAGES",
    "STAGES",
    "Analysis",
    "Pipeline",
    "PipelineConfig",
    "StageSpec",
    "article_id",
    "check_order",
    "extract_paths",
    "registered_stages",
    "stage",
]
