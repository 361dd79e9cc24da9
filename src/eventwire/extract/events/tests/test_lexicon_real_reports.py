"""Event typing classes of issue 14 on invented sentences: crowd-control weapons are ASSAULT
crowd-control (never firearms), people travelling make no diplomatic visit, repatriation is RETREAT
and evacuation AID (PLOVER manual: CONSULT, RETREAT, AID; GUIDELINES of bench/realreports)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def typed(pipeline: Any, text: str) -> list[tuple[str, str | None]]:
    return [(e.type, e.mode) for e in pipeline.process_text(text, published="2024-03-08").events]


@pytest.mark.parametrize(
    "text",
    [
        "Riot police fired rubber bullets at the protesters in Tamsk.",
        "Police used water cannon and tear gas to disperse the crowd.",
    ],
)
def test_crowd_control_weapons_are_crowd_control(pipeline: Any, text: str) -> None:
    got = typed(pipeline, text)
    assert ("ASSAULT", "crowd-control") in got and ("ASSAULT", "firearms") not in got


def test_people_travelling_make_no_visit_officials_do(pipeline: Any) -> None:
    assert not any(
        t == "CONSULT" for t, _ in typed(pipeline, "The refugees had to travel to Tamsk to apply for visas.")
    )
    assert not any(t == "CONSULT" for t, _ in typed(pipeline, "She cut her visit short and left."))
    assert ("CONSULT", "visit") in typed(pipeline, "The Zorbian foreign minister travelled to Paris on Monday.")


def test_repatriation_is_retreat_evacuation_is_aid(pipeline: Any) -> None:
    assert ("RETREAT", None) in typed(pipeline, "The government repatriated 300 refugees on Monday.")
    assert ("AID", None) in typed(pipeline, "The navy evacuated 200 foreign nationals by ship.")
