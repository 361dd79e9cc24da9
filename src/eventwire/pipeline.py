"""The one core behind every entry point: read -> clean -> nlp -> declared stages -> Article.

:class:`Pipeline` is built from a :class:`~eventwire.config.PipelineConfig` and the
:class:`~eventwire.knowledge.Knowledge` it names. Building checks the stage declarations against each
other (:func:`eventwire.stages.check_order`) and calls each stage's factory with the knowledge parts
it declared and its options. Processing checks, after each stage on each document, that the stage
changed only the slots it declared (PipelineError EW207 otherwise).

:func:`process_batch` is the unit every runner calls: one batch, a pure function of the
configuration, the knowledge and the inputs. Where batches run (this process, a local pool,
Spark) is the runners' business (:mod:`eventwire.run`).
"""

from __future__ import annotations

import gc
import hashlib
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from .analysis import SLOTS, Analysis, changed_slots, snapshot
from .clean import Cleaned, clean
from .config import DEFAULT_STAGES, PipelineConfig
from .errors import ErrorPolicy, EventwireError, InputError, PipelineError, Skipped
from .identity import ExtractorIdentity, extractor_identity
from .knowledge import Knowledge, load_knowledge
from .nlp import Parsed, Parser
from .read import Source
from .records import SCHEMA_VERSION, Article
from .stages import StageFn, StageSpec, check_order, registered_stages


def article_id(text: str) -> str:
    """Stable id: sha256 of the NFC-normalised, whitespace-collapsed, case-folded text (16 hex)."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


class _Built:
    """One stage as a pipeline runs it: its declaration, its function, the slots it must leave alone."""

    __slots__ = ("fn", "guarded", "spec")

    def __init__(self, spec: StageSpec, fn: StageFn) -> None:
        self.spec = spec
        self.fn = fn
        self.guarded = tuple(s for s in SLOTS if s not in spec.writes)


class Pipeline:
    """Turns Sources (or plain text) into Article records.

    >>> pipe = Pipeline()                                    # doctest: +SKIP
    >>> article = pipe.process_text("MOSCOW — ...", published="2021-11-19")  # doctest: +SKIP

    ``Pipeline(config, knowledge=None, **overrides)``: a :class:`PipelineConfig`, or its fields as
    keywords (not both); ``knowledge`` is loaded from ``config.knowledge`` unless given (it must have
    been loaded from those sources).
    """

    def __init__(self, config: PipelineConfig | None = None, *, knowledge: Knowledge | None = None, **overrides: Any):
        if config is None:
            config = PipelineConfig(**overrides)
        elif overrides:
            raise TypeError("pass either a PipelineConfig or keyword overrides, not both")
        self.config = config
        self.specs = check_order(config.stages)
        if knowledge is None:
            knowledge = load_knowledge(config.knowledge, language=config.language)
        elif (knowledge.sources, knowledge.language) != (config.knowledge, config.language):
            raise PipelineError(
                "the knowledge given was loaded from other sources or for another language than the config names",
                code="EW202",
            )
        self.knowledge = knowledge
        self._stages = [
            _Built(
                s,
                s.factory(knowledge.only(s.knowledge, reader=s.name), s.resolve_options(config.stage_options(s.name))),
            )
            for s in self.specs
        ]
        self._parser: Parser | None = None
        self._identity: ExtractorIdentity | None = None

    @property
    def parser(self) -> Parser:
        """The spaCy parser (the model loads on first use)."""
        if self._parser is None:
            self._parser = Parser(self.config.model)
            # The model and the knowledge (~200k objects) live as long as the process; left in the
            # collector's reach, every full collection re-scans them all (about 5 % of the
            # pipeline's time, docs/benchmarks.md "Session 5"). Frozen, they are never scanned.
            gc.freeze()
        return self._parser

    @property
    def identity(self) -> ExtractorIdentity:
        """What this pipeline's records are made with (stored with every record)."""
        if self._identity is None:
            self._identity = extractor_identity(self.config, self.knowledge)
        return self._identity

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
        boilerplate = self.knowledge.boilerplate
        cleaned: list[tuple[Source, Cleaned] | Skipped] = []
        for src in sources:
            try:
                c = clean(src, published=self.config.published, boilerplate=boilerplate)
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
                # A stage that breaks its declaration is a bug in the stage, not in the input: never skipped.
                if errors == "raise" or (isinstance(e, PipelineError) and e.code == "EW207"):
                    raise
                yield _skip(EventwireError(f"extraction failed: {type(e).__name__}: {e}", code="EW204"), src)

    def run(self, inputs: Iterable[Source | Skipped], *, errors: ErrorPolicy = "record") -> Iterator[Article | Skipped]:
        """Process a stream of Sources in batches in this process; results in input order.

        Skipped inputs pass through (and bad documents become Skipped) unless ``errors='raise'``.
        For worker processes use :func:`eventwire.run.local.run_local`.
        """
        it = iter(inputs)
        while batch := list(islice(it, self.config.batch_size)):
            yield from self.run_batch(batch, errors)

    def run_batch(self, batch: Sequence[Source | Skipped], errors: ErrorPolicy = "record") -> list[Article | Skipped]:
        """One batch of Sources and pass-through Skipped entries, in order (what a runner sends a worker)."""
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

    def analyse(self, cleaned: Cleaned, parsed: Parsed, *, where: Source | None = None) -> Analysis:
        """Run the stages on one cleaned and parsed document and return the filled work state.

        Each stage runs if it supports the document's language (the config's language when none was
        detected), and must leave alone the slots it did not declare (PipelineError EW207 otherwise,
        naming ``where``).
        """
        an = Analysis(cleaned=cleaned, parsed=parsed)
        language = cleaned.language or self.config.language
        for stage in self._stages:
            if not stage.spec.runs_on(language):
                continue
            before = snapshot(an, stage.guarded)
            stage.fn(an)
            changed = changed_slots(an, before)
            if changed:
                raise PipelineError(
                    f"stage {stage.spec.name!r} changed {', '.join(changed)} without declaring it "
                    f"(it produces {', '.join(stage.spec.produces) or 'nothing'}, "
                    f"updates {', '.join(stage.spec.updates) or 'nothing'})",
                    code="EW207",
                    path=where.origin if where else None,
                    line=where.line if where else None,
                )
        return an

    def _extract(self, src: Source, c: Cleaned, doc: Parsed) -> Article:
        an = self.analyse(c, doc, where=src)
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
            input_id=src.id,
        )


def _skip(err: EventwireError, src: Source) -> Skipped:
    if err.path is None:
        err.path, err.line = src.origin, src.line
        err.args = (err.format(),)
    return Skipped.from_error(err)


# -- the batch function every runner calls -------------------------------------------------------

_BUILT: OrderedDict[tuple[PipelineConfig, str], Pipeline] = OrderedDict()
_KEEP = 2


def pipeline_for(config: PipelineConfig, knowledge: Knowledge) -> Pipeline:
    """The pipeline for ``(config, knowledge)`` in this process, built once and reused.

    Built pipelines are kept by configuration and knowledge digest (the last two), so a worker that
    processes many batches loads the model and compiles the stages once.
    """
    key = (config, knowledge.digest)
    pipe = _BUILT.get(key)
    if pipe is None:
        pipe = Pipeline(config, knowledge=knowledge)
        _BUILT[key] = pipe
        while len(_BUILT) > _KEEP:
            _BUILT.popitem(last=False)
    else:
        _BUILT.move_to_end(key)
    return pipe


def remember(pipe: Pipeline) -> Pipeline:
    """Make ``pipe`` the one :func:`pipeline_for` returns for its configuration and knowledge here."""
    _BUILT[(pipe.config, pipe.knowledge.digest)] = pipe
    while len(_BUILT) > _KEEP:
        _BUILT.popitem(last=False)
    return pipe


def process_batch(
    config: PipelineConfig,
    knowledge: Knowledge,
    batch: Sequence[Source | Skipped],
    errors: ErrorPolicy = "record",
) -> list[Article | Skipped]:
    """Process one batch: a pure function of the configuration, the knowledge and the inputs.

    One result per input, in order (Skipped entries pass through). The same arguments give the same
    records in any process; a runner (local pool, Spark) only decides where this runs.
    """
    return pipeline_for(config, knowledge).run_batch(batch, errors)


__all__ = [
    "DEFAULT_STAGES",
    "Analysis",
    "Pipeline",
    "PipelineConfig",
    "StageSpec",
    "article_id",
    "check_order",
    "pipeline_for",
    "process_batch",
    "registered_stages",
]
