"""drop_restated on hand-built candidates (no model)."""

from __future__ import annotations

from eventwire.extract.events.candidate import Candidate
from eventwire.extract.events.lexicon import Entry
from eventwire.extract.events.restated import drop_restated

ENTRY = Entry("x", "AID", None, (), 0.6)


def cand(head: int, etype: str = "AID", sources: tuple[str, ...] = ("a1",), targets: tuple[str, ...] = (),
         nominal: bool = False, status: str = "asserted") -> Candidate:  # fmt: skip
    return Candidate(head=head, first=head, last=head + 1, entry=ENTRY, type=etype, mode=None, sources=list(sources),
                     targets=list(targets), nominal=nominal, status=status)  # type: ignore[arg-type]  # fmt: skip


def test_the_fuller_of_two_tellings_is_kept() -> None:
    bare, full = cand(3), cand(6, targets=("a2",))
    assert drop_restated([bare, full]) == [full]


def test_at_equal_targets_the_verb_beats_the_noun() -> None:
    verb, noun = cand(5, targets=("a2",)), cand(8, targets=("a2",), nominal=True)
    assert drop_restated([verb, noun]) == [verb]
    first, second = cand(2, targets=("a2",)), cand(9, targets=("a2",))
    assert drop_restated([first, second]) == [first]


def test_different_sources_types_targets_or_statuses_are_different_acts() -> None:
    a = cand(3, targets=("a2",))
    assert len(drop_restated([a, cand(6, sources=("a3",), targets=("a2",))])) == 2
    assert len(drop_restated([a, cand(6, etype="ASSAULT", targets=("a2",))])) == 2
    assert len(drop_restated([a, cand(6, targets=("a4",))])) == 2
    assert len(drop_restated([a, cand(6, targets=("a2",), status="negated")])) == 2
    # asserted and claimed are both told as fact: one act
    assert len(drop_restated([a, cand(6, targets=("a2",), status="claimed")])) == 1
