"""One act told twice in one sentence is one event (issue 14, class 10: duplicates).

"Ukraine has sent buses to deliver aid and evacuate thousands of trapped residents" tells one AID
by Ukraine; "more than 50 people had been wounded by gunfire" one ASSAULT, not a second one for the
noun "gunfire". Within a sentence, an event of the same type and status class as another, with the
same sources and a subset of its targets, adds nothing: the fuller one is kept (the one with more
targets; at equal targets the verb over the noun, then the earlier). Events with different sources
or with a target the other lacks are different acts ("X attacked A and B" stays two when the parser
gives two targets to two verbs).
"""

from __future__ import annotations

from collections.abc import Sequence

from .candidate import Candidate


def _told(c: Candidate) -> str:
    return "fact" if c.status in ("asserted", "claimed") else c.status


def _fuller(a: Candidate, b: Candidate) -> bool:
    """``b`` says everything ``a`` says about the act, and more or as much from a better trigger."""
    if a.type != b.type or _told(a) != _told(b) or set(a.sources) != set(b.sources):
        return False
    ta, tb = set(a.targets), set(b.targets)
    if not ta <= tb:
        return False
    if ta != tb:
        return True
    return (a.nominal, a.head) > (b.nominal, b.head)


def drop_restated(cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates of one sentence without those another candidate restates more fully."""
    return [a for a in cands if not any(b is not a and _fuller(a, b) for b in cands)]


__all__ = ["drop_restated"]
