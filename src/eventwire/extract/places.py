"""Stage `places.gazetteer.v1` (placeholder: produces nothing yet; its issue fills it in)."""

from __future__ import annotations

from ..pipeline import Analysis, StageFn, stage


@stage("places.gazetteer.v1", requires=('events',), produces=("places",))
def make_stage() -> StageFn:
    def run(an: Analysis) -> None:
        return None

    return run
