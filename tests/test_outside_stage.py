"""A stage from another package, registered the way docs/api.md says: an entry point in the group
``eventwire.stages`` of an installed distribution. The test installs a tiny one (a ``*.dist-info``
folder with ``entry_points.txt`` next to its module) on ``sys.path``, reloads the registry and runs
the stage in a pipeline."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import DEFAULT_STAGES, PipelineConfig
from eventwire.errors import PipelineError
from eventwire.identity import extractor_identity
from eventwire.knowledge import load_knowledge
from eventwire.pipeline import Pipeline
from eventwire.stages import STAGES, registered_stages
from plugins import write_plugin

# The module of the outside package: the worked example of docs/api.md ("Writing a stage").
MODULE = '''
"""Marks events whose evidence sentence names a word of a watch list (an outside eventwire stage)."""

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from eventwire.analysis import Analysis
from eventwire.knowledge import Knowledge
from eventwire.stages import StageFn, StageSpec


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    words = [str(w) for w in options["words"]]
    context = str(options["context"])
    pattern = re.compile(r"\\b(?:" + "|".join(map(re.escape, words)) + r")\\b", re.IGNORECASE) if words else None

    def run(an: Analysis) -> None:
        if pattern is None:
            return
        for i, event in enumerate(an.events):
            if context not in event.contexts and pattern.search(event.evidence.text):
                # records are frozen: put a changed copy back (the stage declares it updates events)
                an.events[i] = dataclasses.replace(event, contexts=[*event.contexts, context])

    return run


SPEC = StageSpec(
    "watchlist.contexts.v1",
    make_stage,
    requires=("events",),
    updates=("events",),
    languages=("*",),
    options={"words": (), "context": "watchlist"},
    doc="adds a context to events whose evidence names a watch-list word",
)
'''

ENTRY_POINTS = {"eventwire.stages": {"watchlist.contexts.v1": "ewx_watchlist:SPEC"}}


REPORT = (
    "RIVERTON — Northland police detained 14 people at the Millbrook crossing on Tuesday, the interior "
    "ministry said.\n\nSouthland's foreign minister accused Northland of staging a provocation."
)


@pytest.fixture
def outside_package(tmp_path: Path) -> Iterator[Path]:
    """The package installed on sys.path for one test; the registry forgets it afterwards."""
    write_plugin(tmp_path, "ewx_watchlist", {"ewx_watchlist": MODULE}, ENTRY_POINTS)
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    STAGES.reload()
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("ewx_watchlist", None)
        importlib.invalidate_caches()
        STAGES.reload()


def test_outside_stage_is_found_through_its_entry_point(outside_package: Path) -> None:
    stages = registered_stages()
    assert "watchlist.contexts.v1" in stages
    assert STAGES.origin("watchlist.contexts.v1") == "ewx_watchlist:SPEC"
    spec = stages["watchlist.contexts.v1"]
    assert spec.updates == ("events",) and dict(spec.options) == {"words": (), "context": "watchlist"}
    # built-ins come from eventwire's own entry points, the same way
    assert STAGES.origin("events.rules.v1") == "eventwire.extract.events.stage:SPEC"


def test_outside_stage_is_checked_like_a_built_in(outside_package: Path) -> None:
    with pytest.raises(PipelineError) as err:
        Pipeline(stages=("actors.rules.v1", "watchlist.contexts.v1"))
    assert err.value.code == "EW202" and "needs events" in str(err.value)
    with pytest.raises(PipelineError) as err:
        Pipeline(stages=(*DEFAULT_STAGES, "watchlist.contexts.v1"), options={"watchlist.contexts.v1": {"word": "x"}})
    assert err.value.code == "EW208"


def test_outside_stage_options_are_part_of_the_extractor_identity(outside_package: Path) -> None:
    knowledge = load_knowledge()
    stages = (*DEFAULT_STAGES, "watchlist.contexts.v1")
    a = extractor_identity(PipelineConfig(stages=stages), knowledge)
    b = extractor_identity(
        PipelineConfig(stages=stages, options={"watchlist.contexts.v1": {"words": ["x"]}}), knowledge
    )
    assert a.options["watchlist.contexts.v1"] == {"words": [], "context": "watchlist"}
    assert a.id != b.id and a.code_key != b.code_key and a.knowledge == b.knowledge


def test_without_the_package_the_stage_is_unknown() -> None:
    assert "watchlist.contexts.v1" not in registered_stages()
    with pytest.raises(PipelineError) as err:
        Pipeline(stages=(*DEFAULT_STAGES, "watchlist.contexts.v1"))
    assert err.value.code == "EW203"


@pytest.mark.model
def test_outside_stage_runs_in_a_pipeline(outside_package: Path, pipeline: Any) -> None:
    config = PipelineConfig(
        stages=(*DEFAULT_STAGES, "watchlist.contexts.v1"),
        options={"watchlist.contexts.v1": {"words": ["crossing", "checkpoint"]}},
    )
    pipe = Pipeline(config, knowledge=pipeline.knowledge)
    pipe._parser = pipeline.parser  # share the loaded model with the session's pipeline
    article = pipe.process_text(REPORT, published="2021-11-16")
    plain = pipeline.process_text(REPORT, published="2021-11-16")
    marked = [e for e in article.events if "watchlist" in e.contexts]
    assert marked and all("crossing" in e.evidence.text for e in marked)
    # everything else is what the built-in stages alone give
    unmarked = [e.contexts for e in article.events if "crossing" not in e.evidence.text]
    assert unmarked == [e.contexts for e in plain.events if "crossing" not in e.evidence.text]
    assert len(article.events) == len(plain.events)
