"""Running totals: cumulative figures get an as-of date and no event (hand-built parses, invented sentences)."""

from __future__ import annotations

from eventwire.clean import Cleaned
from eventwire.extract.quantities.stage import make_run
from eventwire.pipeline import Analysis
from eventwire.records import Event, Quantity, Span

from .test_quantities_unit import LEXICON, parse

TOLL_ROSE_THURSDAY = [
    "The the DET DT det 2",
    "death death NOUN NN compound 2",
    "toll toll NOUN NN nsubj 3",
    "rose rise VERB VBD ROOT 3",
    "to to ADP IN prep 3",
    "12 12 NUM CD pobj 4 CARDINAL",
    "on on ADP IN prep 3",
    "Thursday~ Thursday PROPN NNP pobj 6 DATE",
    ". . PUNCT . punct 3",
]

SINCE_JANUARY = [
    "Since since ADP IN prep 6",
    "January~ January PROPN NNP pobj 0 DATE",
    ", , PUNCT , punct 6",
    "8 8 NUM CD nummod 4 CARDINAL",
    "migrants migrant NOUN NNS nsubj 6",
    "have have AUX VBP aux 6",
    "died~ die VERB VBN ROOT 6",
    ". . PUNCT . punct 6",
]

TWELVE_DIED = [
    "12 12 NUM CD nummod 1 CARDINAL",
    "people people NOUN NNS nsubj 2",
    "died~ die VERB VBD ROOT 2",
    ". . PUNCT . punct 2",
]


def _event(p_text: str, word: str) -> Event:
    at = p_text.index(word)
    return Event(
        id="e1", type="ASSAULT", mode=None, contexts=[], source=None, target=None, status="asserted",
        claimed_by=None, date=None, date_text=None, place=None, quantities=[],
        trigger=Span(word, at, at + len(word)), evidence=Span(p_text, 0, len(p_text)), confidence=0.5,
    )  # fmt: skip


def run(rows: list[str], published: str | None, trigger: str | None = None) -> tuple[list[Quantity], Analysis]:
    p = parse(rows)
    events = [_event(p.text, trigger)] if trigger else []
    an = Analysis(cleaned=Cleaned(text=p.text, published=published), parsed=p, events=events)
    make_run(LEXICON)(an)
    return an.quantities, an


def test_rising_toll_is_cumulative_as_of_its_own_sentence_date_and_not_an_events_count() -> None:
    (q,), an = run(TOLL_ROSE_THURSDAY, "2026-03-13", trigger="rose")
    assert (q.value, q.category, q.cumulative) == (12, "killed", True)
    assert q.as_of == "2026-03-12"  # the Thursday before publication, not the publication date
    assert q.event is None
    assert an.events[0].quantities == []


def test_since_a_month_is_cumulative_as_of_publication() -> None:
    (q,), _ = run(SINCE_JANUARY, "2026-03-13", trigger="died")
    assert (q.value, q.unit, q.cumulative) == (8, "migrants", True)
    assert q.as_of == "2026-03-13"  # "since January" is where the count starts, not its date
    assert q.event is None


def test_cumulative_without_any_date_has_no_as_of() -> None:
    (q,), _ = run(SINCE_JANUARY, None)
    assert q.cumulative and q.as_of is None


def test_a_plain_count_is_not_cumulative_and_keeps_its_event() -> None:
    (q,), _ = run(TWELVE_DIED, "2026-03-13", trigger="died")
    assert (q.cumulative, q.as_of, q.event) == (False, None, "e1")


SINCE_FIGHTING_BEGAN = [
    "40 40 NUM CD nummod 1 CARDINAL",
    "families family NOUN NNS nsubj 3",
    "have have AUX VBP aux 3",
    "fled flee VERB VBN ROOT 3",
    "since since SCONJ IN mark 7",
    "the the DET DT det 6",
    "fighting fighting NOUN NN nsubj 7",
    "began~ begin VERB VBD advcl 3",
    ". . PUNCT . punct 3",
]

DIED_IN_A_YEAR = [
    "90 90 NUM CD nummod 1 CARDINAL",
    "migrants migrant NOUN NNS nsubj 2",
    "died die VERB VBD ROOT 2",
    "in in ADP IN prep 2",
    "2031~ 2031 NUM CD pobj 3 DATE",
    ". . PUNCT . punct 2",
]


def test_since_a_clause_in_the_perfect_is_cumulative() -> None:
    (q,), _ = run(SINCE_FIGHTING_BEGAN, "2026-03-13")
    assert (q.value, q.category, q.cumulative, q.as_of) == (40, "displaced", True, "2026-03-13")


def test_a_whole_year_total_is_cumulative() -> None:
    (q,), _ = run(DIED_IN_A_YEAR, "2032-01-05", trigger="died")
    assert (q.value, q.cumulative, q.event) == (90, True, None)


# "The provisional death toll now stands at 90.": one incident's toll, restated, is its count (the
# real-report guidelines), not a running total: only a rising toll ("rose to") is one
TOLL_STANDS = [
    "The the DET DT det 3",
    "provisional provisional ADJ JJ amod 3",
    "death death NOUN NN compound 3",
    "toll toll NOUN NN nsubj 5",
    "now now ADV RB advmod 5",
    "stands stand VERB VBZ ROOT 5",
    "at at ADP IN prep 5",
    "90~ 90 NUM CD pobj 6 CARDINAL",
    ". . PUNCT . punct 5",
]


def test_a_toll_that_stands_at_a_figure_is_that_incidents_count() -> None:
    (q,), _ = run(TOLL_STANDS, "2026-03-13")
    assert (q.value, q.cumulative, q.as_of) == (90, False, None)
