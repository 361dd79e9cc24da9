"""Speed benchmark: what eventwire costs on top of bare spaCy, on 1 and 2 worker processes.

    make bench                                   # = .venv/bin/python bench/speed.py
    .venv/bin/python bench/speed.py --json --stages --input reports/ --repeat 5

A tool, not part of the package: it uses eventwire's public entry points only (``Pipeline``,
``PipelineConfig``, ``eventwire.clean.clean``, ``eventwire.nlp.load``, and the stage registry for
the per-step profile).

Three modes run on the same corpus in the same process tree, so their ratio is meaningful on
any machine:

* ``spacy``: bare ``nlp.pipe`` over the already cleaned texts (the floor: the parser's own cost);
* ``read+clean+spacy``: read the files, clean them, parse and convert to :class:`~eventwire.nlp.Parsed`
  (a pipeline with no extraction stages);
* ``full``: the whole pipeline with all default stages, producing Article records.

Each mode is timed ``repeat`` times after a warm-up and the median is kept. With more than one
worker, a process pool is started (and warmed: model loaded, one document parsed) before the
clock starts, then batches go out as ``Pipeline.run`` sends them; pool start-up is reported apart.
CPU seconds (user + system of every process doing the work) are measured too: on a shared machine
wall time also measures everyone else's load, CPU time mostly what this code costs. Peak memory is
the largest summed RSS of the processes doing the work, sampled while the mode ran.

The corpus is the bundled samples (``eventwire/samples``) repeated to ``articles`` documents, text
copies varied by rotating their body paragraphs, or the documents of ``--input``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from multiprocessing.pool import Pool
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]  # no stubs in the lock file
from rich.console import Console
from rich.table import Table

from eventwire import Pipeline, PipelineConfig
from eventwire.analysis import Analysis
from eventwire.clean import clean
from eventwire.errors import EventwireError, Skipped
from eventwire.knowledge import load_knowledge
from eventwire.nlp import MODEL, load, set_thread_env
from eventwire.read import Source, iter_sources
from eventwire.stages import check_order

MODES = ("spacy", "read+clean+spacy", "full")
TARGET_RATIO = 1.3
"""Full pipeline time over bare spaCy time must stay at or below this (extraction < 30 %)."""

# Used only when no bundled samples are found (an installation without package data).
_INVENTED = (
    "RIVERTON — The interior ministry of Northland said on Monday it had sent 300 more border guards "
    "to the frontier with Southland after about 500 people tried to cross overnight.\n\n"
    "Southland's foreign minister accused Northland of staging a provocation and summoned its ambassador. "
    '"We will not accept threats," she told reporters in the capital.\n\n'
    "Police detained 40 people near the Millbrook crossing, a spokesman said. Two guards were injured.",
    "LAKESIDE — Thousands of people marched through Lakeside on Saturday to protest against new fuel taxes, "
    "and riot police used tear gas to disperse a crowd outside parliament.\n\n"
    "The opposition leader called for talks with the government, which said it would meet union leaders "
    "on Wednesday. At least 12 protesters were arrested, the city police said.",
)


@dataclass
class Measurement:
    """One mode on one worker count."""

    mode: str
    workers: int
    runs: list[float]
    """Wall-clock seconds of each timed run."""
    articles: int
    words: int
    peak_rss_mb: float
    startup_s: float = 0.0
    """Pool start-up and warm-up before the clock started (0 for one worker)."""
    cpu_runs: list[float] = field(default_factory=list)
    """CPU seconds (user + system, all processes of the run) of each timed run."""
    ratio: float | None = None
    """Median wall time over the median wall time of bare spaCy on the same worker count."""
    cpu_ratio: float | None = None
    """The same ratio on CPU seconds: what the extra work costs, hardly moved by other load on the machine."""

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(self.cpu_runs) if self.cpu_runs else 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(
            seconds=self.seconds,
            cpu_seconds=self.cpu_seconds,
            articles_per_s=self.articles_per_s,
            words_per_s=self.words_per_s,
        )
        return d


@dataclass
class BenchResult:
    """Everything one ``eventwire bench`` run measured."""

    articles: int
    words: int
    repeat: int
    corpus: str
    machine: dict[str, Any]
    measurements: list[Measurement] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """With ``stages=True``: CPU seconds of each step (read, clean, parse, each stage) over the corpus, 1 worker."""

    def ratio(self, mode: str, workers: int) -> float | None:
        for m in self.measurements:
            if m.mode == mode and m.workers == workers:
                return m.ratio
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "words": self.words,
            "repeat": self.repeat,
            "corpus": self.corpus,
            "machine": self.machine,
            "target_ratio": TARGET_RATIO,
            "measurements": [m.to_dict() for m in self.measurements],
            "stage_seconds": self.stage_seconds,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)


# -- corpus -------------------------------------------------------------------------------


def _sample_sources() -> list[Source]:
    from eventwire.samples import sample_paths

    paths = [str(p) for p in sample_paths()]
    found = [s for s in iter_sources(paths) if isinstance(s, Source)] if paths else []
    return found or [Source(origin=f"invented-{i}.txt", body=t) for i, t in enumerate(_INVENTED)]


def _vary(body: str, k: int) -> str:
    """Copy ``k`` of a plain-text article: body paragraphs (after the first three) rotated by ``k``."""
    paras = body.split("\n\n")
    head, rest = paras[:3], paras[3:]
    if k == 0 or len(rest) < 2:
        return body
    k %= len(rest)
    return "\n\n".join(head + rest[k:] + rest[:k])


def build_corpus(articles: int | None, input_path: str | None = None) -> list[Source]:
    """``articles`` documents: the ``input_path`` documents (all if None), or the samples repeated."""
    if input_path is not None:
        docs = [s for s in iter_sources([input_path]) if isinstance(s, Source)]
        if not docs:
            raise EventwireError(f"no readable documents in {input_path}", code="EW101", path=input_path)
        return docs[:articles] if articles else docs
    base = _sample_sources()
    n = articles or 200
    out: list[Source] = []
    for i in range(n):
        src = base[i % len(base)]
        body = src.body if src.format == "html" else _vary(src.body, i // len(base))
        out.append(Source(origin=src.origin, body=body, format=src.format, title=src.title, published=src.published))
    return out


def write_corpus(sources: Sequence[Source], folder: Path) -> list[str]:
    """One file per document (``.txt``/``.html``; ``.jsonl`` when it has metadata) so reading is timed too."""
    paths: list[str] = []
    for i, s in enumerate(sources):
        if s.title or s.published or s.url:
            p = folder / f"{i:05d}.jsonl"
            rec = {k: v for k, v in (("title", s.title), ("published", s.published), ("url", s.url)) if v}
            rec["html" if s.format == "html" else "text"] = s.body
            p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        else:
            p = folder / f"{i:05d}.{'html' if s.format == 'html' else 'txt'}"
            p.write_text(s.body, encoding="utf-8")
        paths.append(str(p))
    return paths


# -- runners: one per mode, each timed in turn so load changes hit all modes alike ----------


class _Runner:
    """Runs one mode over the whole corpus; ``setup`` (untimed) loads models and warms up."""

    def __init__(self, mode: str, texts: list[str], paths: list[str], config: PipelineConfig):
        self.mode, self.texts, self.paths, self.config = mode, texts, paths, config
        self.startup_s = 0.0
        self.peak_mb = 0.0
        self._kids: list[psutil.Process] = []

    def setup(self) -> None:
        raise NotImplementedError

    def run(self) -> None:
        raise NotImplementedError

    def processes(self) -> list[psutil.Process]:
        return [psutil.Process()]

    def close(self) -> None:
        return None


class _InProcess(_Runner):
    def setup(self) -> None:
        n = self.config.batch_size
        self._run = self._make(self.texts, self.paths)
        self._make(self.texts[:n], self.paths[:n])()  # warm-up: model load, first-call costs

    def run(self) -> None:
        self._run()

    def _make(self, texts: list[str], paths: list[str]) -> Callable[[], None]:
        if self.mode == "spacy":
            nlp = load(self.config.model)

            def run_spacy() -> None:
                for _ in nlp.pipe(texts, batch_size=32):
                    pass

            return run_spacy
        pipe = Pipeline(self.config)

        def run_pipeline() -> None:
            for result in pipe.run(iter_sources(paths)):
                if isinstance(result, Skipped):  # the bench corpus must be fully processed
                    raise EventwireError(f"bench input skipped: {result.message}", code=result.code)

        return run_pipeline


class _InPool(_Runner):
    """A warmed process pool that gets batches the way ``Pipeline.run`` sends them."""

    workers = 2

    def setup(self) -> None:
        ctx = mp.get_context("spawn")
        ready = ctx.Barrier(self.workers + 1)
        me = psutil.Process()
        before = {p.pid for p in me.children()}
        t0 = time.perf_counter()
        self.pool: Pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.mode, self.config, ready))
        self._kids = [p for p in me.children() if p.pid not in before]
        ready.wait(timeout=600)
        self.startup_s = time.perf_counter() - t0

    def run(self) -> None:
        n = self.config.batch_size
        if self.mode == "spacy":
            for _count in self.pool.imap(_work_spacy, _batches(self.texts, n), chunksize=1):
                pass
        else:
            for _results in self.pool.imap(_work_pipeline, _batches(self.paths, n), chunksize=1):
                pass

    def processes(self) -> list[psutil.Process]:
        return [psutil.Process(), *self._kids]

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


@contextmanager
def _sampling(current: list[_Runner | None], interval: float = 0.05) -> Iterator[None]:
    """Record, for whichever runner is running, the peak summed RSS (MB) of its processes."""
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            runner = current[0]
            if runner is None:
                continue
            total = 0
            for p in runner.processes():
                with suppress(psutil.Error, AttributeError):  # a process that just exited
                    total += p.memory_info().rss
            runner.peak_mb = max(runner.peak_mb, total / 2**20)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        yield
    finally:
        stop.set()
        t.join()


# -- worker processes ---------------------------------------------------------------------

_W_NLP: Any = None
_W_PIPE: Pipeline | None = None


def _init_worker(mode: str, config: PipelineConfig, ready: Barrier) -> None:
    """Load the model (and stages), parse one document, then wait until every worker is ready."""
    global _W_NLP, _W_PIPE
    set_thread_env()
    if mode == "spacy":
        _W_NLP = load(config.model)
        list(_W_NLP.pipe([_INVENTED[0]]))
    else:
        _W_PIPE = Pipeline(config)
        list(_W_PIPE.process_batch([Source(origin="<warm-up>", body=_INVENTED[0])]))
    ready.wait()


def _work_spacy(texts: list[str]) -> int:
    return sum(1 for _ in _W_NLP.pipe(texts, batch_size=len(texts)))


def _work_pipeline(paths: list[str]) -> list[Any]:
    assert _W_PIPE is not None  # set by _init_worker
    sources = [s for s in iter_sources(paths) if isinstance(s, Source)]
    return list(_W_PIPE.process_batch(sources))


def _batches(items: Sequence[Any], n: int) -> list[list[Any]]:
    return [list(items[i : i + n]) for i in range(0, len(items), n)]


# -- the benchmark ------------------------------------------------------------------------


def _config_for(mode: str, model: str, batch_size: int) -> PipelineConfig:
    if mode == "full":
        return PipelineConfig(model=model, batch_size=batch_size)
    return PipelineConfig(stages=(), model=model, batch_size=batch_size)


def measure(
    modes: Sequence[str],
    workers: int,
    texts: list[str],
    paths: list[str],
    *,
    repeat: int,
    words: int,
    model: str = MODEL,
    batch_size: int = 16,
    progress: Callable[[str], None] | None = None,
) -> list[Measurement]:
    """Time every mode on ``workers`` processes: set all up, then ``repeat`` rounds of one run each."""
    kind: type[_Runner] = _InProcess if workers <= 1 else _InPool
    runners: list[_Runner] = []
    for mode in modes:
        runner = kind(mode, texts, paths, _config_for(mode, model, batch_size))
        if isinstance(runner, _InPool):
            runner.workers = workers
        runners.append(runner)
    times: dict[str, list[float]] = {m: [] for m in modes}
    cpu: dict[str, list[float]] = {m: [] for m in modes}
    current: list[_Runner | None] = [None]
    try:
        with _sampling(current):
            for r in runners:
                if progress:
                    progress(f"{r.mode} on {workers} worker(s): loading and warming up")
                current[0] = r
                r.setup()
            for k in range(repeat):
                for r in runners:
                    if progress:
                        progress(f"{r.mode} on {workers} worker(s): run {k + 1}/{repeat} of {len(texts)} articles")
                    current[0] = r
                    c0 = _cpu_seconds(r.processes())
                    t0 = time.perf_counter()
                    r.run()
                    times[r.mode].append(time.perf_counter() - t0)
                    cpu[r.mode].append(_cpu_seconds(r.processes()) - c0)
            current[0] = None
    finally:
        for r in runners:
            r.close()
    return [
        Measurement(
            r.mode, workers, times[r.mode], len(texts), words, round(r.peak_mb, 1), round(r.startup_s, 2), cpu[r.mode]
        )
        for r in runners
    ]


def _cpu_seconds(procs: Sequence[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        with suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def machine_info() -> dict[str, Any]:
    """CPU model, cores, RAM, Python and spaCy versions of this machine."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "model": MODEL,
        "threads_env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
    }


def profile_steps(paths: Sequence[str], *, model: str = MODEL, batch_size: int = 16) -> dict[str, float]:
    """CPU seconds of each step of the default pipeline over ``paths`` (one process, one pass).

    Runs the steps ``Pipeline`` runs (read, clean, parse in batches, each stage in order), through
    the public stage registry, timing each; the Article assembly at the end is not included.
    """
    config = PipelineConfig(model=model)
    knowledge = load_knowledge(config.knowledge, language=config.language)
    specs = check_order(config.stages)
    fns = [
        (spec.name, spec.factory(knowledge.only(spec.knowledge, reader=spec.name), spec.resolve_options(None)))
        for spec in specs
    ]
    boilerplate = knowledge.boilerplate
    parser = Pipeline(PipelineConfig(stages=(), model=model), knowledge=knowledge).parser
    spent: dict[str, float] = {"read": 0.0, "clean": 0.0, "parse": 0.0, **{name: 0.0 for name, _ in fns}}
    clock = time.process_time
    for batch in _batches(list(paths), batch_size):
        t = clock()
        sources = [x for x in iter_sources(batch) if isinstance(x, Source)]
        spent["read"] += clock() - t
        t = clock()
        cleaned = [clean(x, boilerplate=boilerplate) for x in sources]
        spent["clean"] += clock() - t
        t = clock()
        parsed = list(parser.parse_many(c.text for c in cleaned))
        spent["parse"] += clock() - t
        for c, doc in zip(cleaned, parsed, strict=True):
            an = Analysis(cleaned=c, parsed=doc)
            language = c.language or config.language
            for (name, fn), spec in zip(fns, specs, strict=True):
                if not spec.runs_on(language):
                    continue
                t = clock()
                fn(an)
                spent[name] += clock() - t
    return {k: round(v, 3) for k, v in spent.items()}


def run_bench(
    *,
    articles: int | None = None,
    input_path: str | None = None,
    repeat: int = 3,
    workers: Sequence[int] = (1, 2),
    modes: Sequence[str] = MODES,
    batch_size: int = 16,
    progress: Callable[[str], None] | None = None,
    stages: bool = False,
) -> BenchResult:
    """Run every mode on every worker count; ratios are against ``spacy`` on the same worker count.

    ``stages``: also time each pipeline step once over the corpus (:func:`profile_steps`).
    """
    set_thread_env()
    sources = build_corpus(articles, input_path)
    boilerplate = load_knowledge().boilerplate
    texts = [clean(s, boilerplate=boilerplate).text for s in sources]
    words = sum(len(t.split()) for t in texts)
    corpus = input_path or "bundled samples (repeated, text copies varied)"
    result = BenchResult(len(sources), words, repeat, corpus, machine_info())
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        paths = write_corpus(sources, Path(tmp))
        for w in workers:
            result.measurements += measure(
                modes, w, texts, paths, repeat=repeat, words=words, batch_size=batch_size, progress=progress
            )
        if stages:
            if progress:
                progress("timing each pipeline step once (1 worker)")
            result.stage_seconds = profile_steps(paths, batch_size=batch_size)
    for m in result.measurements:
        base = next((b for b in result.measurements if b.mode == "spacy" and b.workers == m.workers), None)
        m.ratio = round(m.seconds / base.seconds, 3) if base and base.seconds else None
        m.cpu_ratio = round(m.cpu_seconds / base.cpu_seconds, 3) if base and base.cpu_seconds else None
    return result


# -- the command ------------------------------------------------------------------------------


def bench_table(result: BenchResult) -> Table:
    """The results table: one row per mode and worker count."""
    m0 = result.machine
    t = Table(
        title=f"eventwire bench: {result.articles} articles, {result.words:,} words, median of {result.repeat} "
        f"({m0.get('cpu')}, {m0.get('cores')} cores)",
        title_justify="left",
    )
    for col in (
        "mode",
        "workers",
        "art/s",
        "words/s",
        "median s",
        "x spaCy",
        "CPU s",
        "x spaCy CPU",
        "RSS MB",
        "start s",
    ):
        t.add_column(col, justify="left" if col == "mode" else "right", no_wrap=True)
    for m in result.measurements:
        ratio = "" if m.ratio is None else f"{m.ratio:.2f}"
        cpu_ratio = "" if m.cpu_ratio is None else f"{m.cpu_ratio:.2f}"
        if m.mode == "full" and m.cpu_ratio is not None:
            cpu_ratio = f"[{'green' if m.cpu_ratio <= TARGET_RATIO else 'red'}]{cpu_ratio}[/]"
        t.add_row(
            m.mode,
            str(m.workers),
            f"{m.articles_per_s:.1f}",
            f"{m.words_per_s:,.0f}",
            f"{m.seconds:.2f}",
            ratio,
            f"{m.cpu_seconds:.2f}",
            cpu_ratio,
            f"{m.peak_rss_mb:.0f}",
            f"{m.startup_s:.1f}" if m.workers > 1 else "",
        )
    return t


def steps_table(spent: dict[str, float]) -> Table:
    """CPU seconds per pipeline step, with each step's share of the parse."""
    parse = spent.get("parse") or 0.0
    t = Table(title="CPU seconds per step (1 worker, one pass)", title_justify="left")
    for col in ("step", "CPU s", "% of parse"):
        t.add_column(col, justify="left" if col == "step" else "right", no_wrap=True)
    for name, secs in spent.items():
        t.add_row(name, f"{secs:.2f}", f"{100 * secs / parse:.1f}" if parse else "")
    stages = sum(v for k, v in spent.items() if k not in ("read", "clean", "parse"))
    t.add_row("[bold]all stages[/bold]", f"{stages:.2f}", f"{100 * stages / parse:.1f}" if parse else "")
    return t


def main(argv: Sequence[str] | None = None) -> int:
    """Measure speed: bare spaCy vs read+clean+spaCy vs the full pipeline, on 1 and 2 workers."""
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--input", help="corpus to use (file, folder, glob) instead of the bundled samples")
    ap.add_argument(
        "--articles", type=int, help="articles in the corpus (default 200 from the samples; all of --input)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (the median is reported)")
    ap.add_argument(
        "--workers", type=int, action="append", help="worker counts to measure (repeatable; default 1 and 2)"
    )
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    ap.add_argument("--stages", action="store_true", help="also time each step (read, clean, parse, each stage) once")
    args = ap.parse_args(argv)
    err = Console(stderr=True)

    def say(msg: str) -> None:
        err.print(f"[dim]bench:[/dim] {msg}", highlight=False)

    try:
        result = run_bench(
            articles=args.articles,
            input_path=args.input,
            repeat=args.repeat,
            workers=tuple(args.workers or (1, 2)),
            modes=MODES,
            progress=None if args.quiet else say,
            stages=args.stages,
        )
    except EventwireError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False)
        return 1
    if args.json:
        print(result.to_json())
        return 0
    # piped output (make bench > file) gets room for the whole table instead of 80 columns
    out = Console() if Console().is_terminal else Console(width=120)
    out.print(bench_table(result))
    if result.stage_seconds:
        out.print(steps_table(result.stage_seconds))
    for m in (m for m in result.measurements if m.mode == "full" and m.ratio is not None):
        cpu = m.cpu_ratio or 0.0
        verdict = "within" if cpu <= TARGET_RATIO else "ABOVE"
        out.print(
            f"full pipeline on {m.workers} worker(s): {cpu:.2f}x bare spaCy CPU time ({m.ratio:.2f}x wall time), "
            f"{verdict} the {TARGET_RATIO:.1f}x target (overhead {100 * (cpu - 1):.0f} % of CPU)",
            highlight=False,
        )
    return 0


__all__ = [
    "MODES",
    "TARGET_RATIO",
    "BenchResult",
    "Measurement",
    "build_corpus",
    "machine_info",
    "main",
    "profile_steps",
    "run_bench",
]


if __name__ == "__main__":
    sys.exit(main())
