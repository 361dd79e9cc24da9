"""The local runner: one process or a spawned pool give the same results in input order; workers
build their pipeline from the configuration and refuse other knowledge than the parent's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import pytest

from eventwire.config import PipelineConfig
from eventwire.errors import ErrorPolicy, KnowledgeError, Skipped
from eventwire.knowledge import load_knowledge
from eventwire.pipeline import process_batch
from eventwire.read import Source
from eventwire.records import Article, to_json
from eventwire.run.local import PipelineProcessor, run_local

REPORTS = [
    "MINSK — Belarusian border guards said on Monday they had moved 200 migrants to a logistics centre.",
    "WARSAW — Polish police detained 14 people near the Kuznica crossing on Tuesday, a spokesman said.",
    "VILNIUS — Lithuania's interior minister accused Belarus of pushing migrants across the border.",
    "",  # nothing to extract: a Skipped entry in its place
    "RIGA — Latvia sent 300 troops to the frontier on Friday, the defence ministry said.",
]


def _sources() -> list[Source | Skipped]:
    return [Source(origin=f"r{i}.txt", body=text) for i, text in enumerate(REPORTS)]


def _lines(results: list[Article | Skipped]) -> list[str]:
    return [to_json(r) if isinstance(r, Article) else json.dumps([r.input, r.code]) for r in results]


@pytest.mark.model
@pytest.mark.slow
def test_one_and_two_workers_give_identical_results() -> None:
    config = PipelineConfig(published="2021-11-19", batch_size=2)
    one = list(run_local(config, _sources(), workers=1))
    two = list(run_local(config, _sources(), workers=2))
    assert _lines(one) == _lines(two)
    assert [type(r).__name__ for r in one] == ["Article", "Article", "Article", "Skipped", "Article"]
    # the runner only decides where the pure batch function runs
    direct = process_batch(config, load_knowledge(config.knowledge), _sources())
    assert _lines(direct) == _lines(one)


def test_a_worker_with_other_knowledge_refuses_to_run() -> None:
    processor = PipelineProcessor(PipelineConfig(), knowledge_digest="0" * 64)
    with pytest.raises(KnowledgeError) as err:
        processor.prepare()
    assert err.value.code == "EW205" and "other knowledge files" in str(err.value)


@dataclass(frozen=True)
class Tagger:
    """A processor without the model: every input becomes a Skipped entry naming it (order is visible)."""

    batch_size: int = 3

    def prepare(self) -> None:
        return None

    def __call__(self, batch: list[Source | Skipped], errors: ErrorPolicy) -> list[Article | Skipped]:
        return [
            Skipped(input=s.origin, line=None, code="EW103", reason="empty", message=s.body)
            if isinstance(s, Source)
            else s
            for s in batch
        ]


def test_any_batch_processor_runs_on_a_pool_in_input_order() -> None:
    sources: list[Source | Skipped] = [Source(origin=f"d{i}", body=str(i)) for i in range(40)]
    results = list(run_local(Tagger(), sources, workers=2))
    assert [r.message for r in results if isinstance(r, Skipped)] == [str(i) for i in range(40)]


def test_the_runner_reads_inputs_lazily() -> None:
    read = 0

    def endless() -> Iterator[Source]:
        nonlocal read
        n = 0
        while True:
            read += 1
            n += 1
            yield Source(origin=f"d{n}", body=str(n))

    first = list(islice(run_local(Tagger(batch_size=4), endless(), workers=1), 5))
    assert [r.message for r in first if isinstance(r, Skipped)] == ["1", "2", "3", "4", "5"]
    assert read <= 8
