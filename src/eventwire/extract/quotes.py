"""Stage `quotes.rules.v1` (placeholder: produces nothing yet; its issue fills it in)."""

from __future__ import annotations

from ..pipeline import Analysis, StageFn, stage


@stage("quotes.rules.v1", requires=('actors',), produces=("quotes",))
def make_stage() -> StageFn:
    def run(an: Analysis) -> None:
        return None

    return run
