"""Stage `actors.rules.v1` (placeholder: produces nothing yet; issue 3 fills it in).

Public helpers other stages rely on (keep their signatures):

* ``actor_at(an, i) -> str | None``: id of the actor whose mention covers token ``i`` (or whose
  mention is the noun phrase headed by ``i``); None if no actor.
"""

from __future__ import annotations

from ..pipeline import Analysis, StageFn, stage


def actor_at(an: Analysis, i: int) -> str | None:
    """Id of the actor mentioned at token ``i``, if any."""
    table: dict[int, str] = an.scratch.get("actor_of_token", {})
    return table.get(i)


@stage("actors.rules.v1", requires=(), produces=("actors",))
def make_stage() -> StageFn:
    def run(an: Analysis) -> None:
        return None

    return run
