"""Stage declarations: order checks when a pipeline is built, the undeclared-write and undeclared-knowledge
checks while it runs, options and languages. No model: stages run on hand-built parses through
``Pipeline.analyse``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from eventwire.analysis import Analysis
from eventwire.clean import Cleaned
from eventwire.config import DEFAULT_STAGES, PipelineConfig
from eventwire.errors import PipelineError
from eventwire.knowledge import Knowledge
from eventwire.nlp import Parsed
from eventwire.pipeline import Pipeline
from eventwire.records import Event, Span
from eventwire.stages import STAGES, StageFn, StageSpec, check_order, register_stage

TEXT = "Northland closed the border."


def _doc(text: str = TEXT, language: str | None = "en") -> tuple[Cleaned, Parsed]:
    return Cleaned(text=text, language=language), Parsed(text=text, tokens=[], sents=[], ents=[])


def _event(an: Analysis) -> Event:
    span = Span(an.text[:9], 0, 9)
    return Event(
        id=an.next_id("e"), type="COERCE", mode=None, contexts=[], source=None, target=None, status="asserted",
        claimed_by=None, date=None, date_text=None, place=None, quantities=[], trigger=span, evidence=span,
        confidence=0.5,
    )  # fmt: skip


def _adds_event(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    def run(an: Analysis) -> None:
        an.events.append(_event(an))

    return run


def _marks_events(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    label = str(options["label"])

    def run(an: Analysis) -> None:
        for i, e in enumerate(an.events):
            an.events[i] = dataclasses.replace(e, contexts=[*e.contexts, label])

    return run


def _reads_gazetteer(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    def run(an: Analysis) -> None:
        knowledge.gazetteer  # noqa: B018  (reading it is the point)

    return run


@pytest.fixture
def registered() -> Iterator[list[str]]:
    """Register test stages for one test, and remove them after it."""
    names: list[str] = []

    def add(spec: StageSpec) -> None:
        register_stage(spec)
        names.append(spec.name)

    add(StageSpec("test.producer.v1", _adds_event, produces=("events",)))
    add(StageSpec("test.marker.v1", _marks_events, requires=("events",), updates=("events",), options={"label": "x"}))
    add(StageSpec("test.sneaky.v1", _marks_events, requires=("events",), options={"label": "x"}))
    add(StageSpec("test.undeclared_producer.v1", _adds_event))
    add(StageSpec("test.reader.v1", _reads_gazetteer))
    add(StageSpec("test.german.v1", _adds_event, produces=("events",), languages=("de",)))
    yield names
    for name in names:
        STAGES.unregister(name)


# -- order, checked when the pipeline is built ------------------------------------------------------


def test_default_stages_declare_a_valid_order() -> None:
    assert [s.name for s in check_order(DEFAULT_STAGES)] == list(DEFAULT_STAGES)


def test_requirement_after_its_producer_is_refused(registered: list[str]) -> None:
    with pytest.raises(PipelineError) as err:
        check_order(["test.marker.v1", "test.producer.v1"])
    assert err.value.code == "EW202" and "needs events" in str(err.value)


def test_update_of_a_slot_no_earlier_stage_produced_is_refused() -> None:
    spec = StageSpec("test.updater.v1", _marks_events, updates=("places",), options={"label": "x"})
    register_stage(spec)
    try:
        with pytest.raises(PipelineError) as err:
            check_order(["actors.rules.v1", "test.updater.v1"])
        assert err.value.code == "EW202" and "updates places" in str(err.value)
    finally:
        STAGES.unregister(spec.name)


def test_two_producers_of_one_slot_are_refused(registered: list[str]) -> None:
    with pytest.raises(PipelineError) as err:
        check_order([*DEFAULT_STAGES[:3], "test.producer.v1"])
    assert err.value.code == "EW202"
    assert "'events.rules.v1' and 'test.producer.v1' both produce 'events'" in str(err.value)


def test_unknown_and_repeated_stages_are_refused() -> None:
    with pytest.raises(PipelineError) as err:
        check_order(["actors.rules.v9"])
    assert err.value.code == "EW203" and "actors.rules.v9" in str(err.value)
    with pytest.raises(PipelineError) as err:
        check_order(["actors.rules.v1", "actors.rules.v1"])
    assert err.value.code == "EW202"


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"name": "Events.Rules"}, "not <family>.<method>.v<N>"),
        ({"produces": ("evnts",)}, "unknown slot(s) evnts"),
        ({"requires": ("events",), "produces": ("events",)}, "both produces and requires"),
    ],
)
def test_malformed_declarations_are_plugin_errors(kwargs: dict[str, Any], words: str) -> None:
    fields: dict[str, Any] = {"name": "test.bad.v1", "factory": _adds_event, **kwargs}
    with pytest.raises(PipelineError) as err:
        StageSpec(**fields)
    assert err.value.code == "EW206" and words in str(err.value)


def test_spec_names_its_family_and_version() -> None:
    spec = check_order(["actors.rules.v1"])[0]
    assert (spec.family, spec.version) == ("actors", 1)


# -- what a stage writes and reads, checked while it runs --------------------------------------------


def test_a_declared_update_runs(registered: list[str]) -> None:
    pipe = Pipeline(stages=("test.producer.v1", "test.marker.v1"), options={"test.marker.v1": {"label": "seen"}})
    an = pipe.analyse(*_doc())
    assert [e.contexts for e in an.events] == [["seen"]]


def test_a_stage_that_writes_a_slot_it_did_not_declare_fails(registered: list[str]) -> None:
    pipe = Pipeline(stages=("test.producer.v1", "test.sneaky.v1"))
    with pytest.raises(PipelineError) as err:
        pipe.analyse(*_doc())
    assert err.value.code == "EW207"
    assert "'test.sneaky.v1' changed events without declaring it" in str(err.value)


def test_adding_to_a_slot_without_declaring_it_fails_too(registered: list[str]) -> None:
    pipe = Pipeline(stages=("test.undeclared_producer.v1",))
    with pytest.raises(PipelineError) as err:
        pipe.analyse(*_doc())
    assert err.value.code == "EW207" and "changed events" in str(err.value)


def test_undeclared_knowledge_is_refused(registered: list[str]) -> None:
    pipe = Pipeline(stages=("test.reader.v1",))
    with pytest.raises(PipelineError) as err:
        pipe.analyse(*_doc())
    assert err.value.code == "EW207"
    assert "'test.reader.v1' reads knowledge part 'gazetteer' without declaring it" in str(err.value)


def test_contract_breaches_are_not_skipped_as_bad_input(registered: list[str]) -> None:
    """Under the record policy a failing document becomes Skipped; a stage that breaks its declaration
    is a bug in the stage and stops the run instead."""
    from eventwire.read import Source

    pipe = Pipeline(stages=("test.producer.v1", "test.sneaky.v1"))
    pipe._parser = _FakeParser()  # type: ignore[assignment]  # no model: empty parses
    with pytest.raises(PipelineError) as err:
        list(pipe.process_batch([Source(origin="a.txt", body=TEXT)], errors="record"))
    assert err.value.code == "EW207" and err.value.path == "a.txt"


class _FakeParser:
    def parse_many(self, texts: Any) -> Iterator[Parsed]:
        for t in texts:
            yield Parsed(text=t, tokens=[], sents=[], ents=[])


# -- options and languages -----------------------------------------------------------------------------


def test_unknown_option_is_refused_when_built(registered: list[str]) -> None:
    with pytest.raises(PipelineError) as err:
        Pipeline(stages=("test.producer.v1", "test.marker.v1"), options={"test.marker.v1": {"colour": "red"}})
    assert err.value.code == "EW208" and "colour" in str(err.value) and "label" in str(err.value)


def test_a_stage_runs_only_on_its_languages(registered: list[str]) -> None:
    pipe = Pipeline(stages=("test.german.v1",))
    assert len(pipe.analyse(*_doc(language="de")).events) == 1
    assert pipe.analyse(*_doc(language="en")).events == []
    assert pipe.analyse(*_doc(language=None)).events == []  # undetected: the configured language (en)


def test_config_is_hashable_and_picklable() -> None:
    import pickle

    a = PipelineConfig(options={"places.gazetteer.v1": {}}, stages=list(DEFAULT_STAGES))  # type: ignore[arg-type]
    b = PipelineConfig(options={"places.gazetteer.v1": {}})
    assert a == b and hash(a) == hash(b)
    assert pickle.loads(pickle.dumps(a)) == a
    assert {a: 1}[b] == 1
