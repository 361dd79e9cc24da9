"""quantities.rules.v1 on hand-built parses (no model): values, hedges, units, categories, links."""

from __future__ import annotations

import pytest

from eventwire.clean import Cleaned
from eventwire.extract.quantities.stage import make_run
from eventwire.extract.quantities.words import load_lexicon
from eventwire.nlp import Parsed, Token, TokenSpan
from eventwire.pipeline import Analysis
from eventwire.records import Event, Quantity, Span

LEXICON = load_lexicon()


def parse(rows: list[str]) -> Parsed:
    """Build a one-sentence Parsed from rows "text lemma POS TAG dep head [ENT]"; text ending in ~ has no space after."""
    text = ""
    tokens: list[Token] = []
    for i, row in enumerate(rows):
        parts = row.split()
        word, lemma, pos, tag, dep, head = parts[:6]
        ent = parts[6] if len(parts) > 6 else ""
        ws = "" if word.endswith("~") else " "
        word = word.rstrip("~")
        start = len(text)
        text += word + ws
        prev_ent = tokens[-1].ent_type if tokens else ""
        iob = "O" if not ent else ("I" if prev_ent == ent and tokens[-1].ent_iob != "O" else "B")
        tokens.append(Token(i, word, start, start + len(word), lemma, pos, tag, dep, int(head), ent, iob, 0, ws))
    text = text.rstrip()
    ents: list[TokenSpan] = []
    for t in tokens:
        if t.ent_iob == "B":
            last = t.i + 1
            while last < len(tokens) and tokens[last].ent_iob == "I":
                last += 1
            ents.append(
                TokenSpan(t.i, last, t.start, tokens[last - 1].end, text[t.start : tokens[last - 1].end], t.ent_type)
            )
    sent = TokenSpan(0, len(tokens), 0, len(text), text)
    return Parsed(text=text, tokens=tokens, sents=[sent], ents=ents)


def run(rows: list[str], events: list[Event] | None = None) -> tuple[list[Quantity], Analysis]:
    p = parse(rows)
    an = Analysis(cleaned=Cleaned(text=p.text), parsed=p, events=list(events or []))
    make_run(LEXICON)(an)
    for q in an.quantities:
        assert p.text[q.start : q.end] == q.text
        assert p.text[q.evidence.start : q.evidence.end] == q.evidence.text
    return an.quantities, an


AT_LEAST_12_DIED = [
    "At at ADV RB advmod 1 CARDINAL",
    "least least ADJ JJS advmod 2 CARDINAL",
    "12 12 NUM CD nummod 3 CARDINAL",
    "people people NOUN NNS nsubj 5",
    "have have AUX VBP aux 5",
    "died~ die VERB VBN ROOT 5",
    ". . PUNCT . punct 5",
]

# The same in the simple past: one incident's toll (in the perfect with no incident named it would be
# a running total, never linked to one event: see test_quantities_totals.py).
AT_LEAST_12_DIED_PAST = [
    "At at ADV RB advmod 1 CARDINAL",
    "least least ADJ JJS advmod 2 CARDINAL",
    "12 12 NUM CD nummod 3 CARDINAL",
    "people people NOUN NNS nsubj 4",
    "died~ die VERB VBD ROOT 4",
    ". . PUNCT . punct 4",
]


def test_hedged_figure_with_noun_and_category() -> None:
    (q,), _ = run(AT_LEAST_12_DIED)
    assert q.text == "At least 12 people"
    assert (q.value, q.low, q.high, q.qualifier) == (12, 12, None, "at least")
    assert (q.unit, q.category) == ("people", "killed")
    assert q.id == "n1" and not q.implicit


def test_figure_links_to_the_event_whose_trigger_governs_it() -> None:
    p = parse(AT_LEAST_12_DIED_PAST)
    died = p.tokens[4]
    ev = Event(
        id="e1", type="ASSAULT", mode=None, contexts=[], source=None, target=None, status="asserted",
        claimed_by=None, date=None, date_text=None, place=None, quantities=[],
        trigger=Span(died.text, died.start, died.end), evidence=Span(p.text, 0, len(p.text)), confidence=0.5,
    )  # fmt: skip
    (q,), an = run(AT_LEAST_12_DIED_PAST, [ev])
    assert q.event == "e1"
    assert an.events[0].quantities == ["n1"]


def test_ages_and_durations_are_not_counts() -> None:
    rows = [
        "A a DET DT det 6",
        "1~ 1 NUM CD nummod 3 DATE",
        "-~ - PUNCT HYPH punct 3 DATE",
        "year~ year NOUN NN npadvmod 5 DATE",
        "-~ - PUNCT HYPH punct 5 DATE",
        "old old ADJ JJ amod 6 DATE",
        "child child NOUN NN nsubj 7",
        "died die VERB VBD ROOT 7",
        "after after ADP IN prep 7",
        "six six NUM CD nummod 10 DATE",
        "weeks~ week NOUN NNS pobj 8 DATE",
        ". . PUNCT . punct 7",
    ]
    quantities, _ = run(rows)
    # "a ... child" as the subject of "died" is an implied count of one, but neither number is a figure.
    assert [q.text for q in quantities] == ["A 1-year-old child"]
    assert quantities[0].implicit and quantities[0].value == 1


def test_duration_noun_is_not_a_count_even_without_a_date_label() -> None:
    rows = [
        "They they PRON PRP nsubj 1",
        "waited wait VERB VBD ROOT 1",
        "for for ADP IN prep 1",
        "twelve twelve NUM CD nummod 4 CARDINAL",
        "hours~ hour NOUN NNS pobj 2",
        ". . PUNCT . punct 1",
    ]
    assert run(rows)[0] == []


def test_of_them_resolves_to_the_noun_of_the_earlier_figure() -> None:
    rows = [
        "Officials official NOUN NNS nsubj 1",
        "plan plan VERB VBP ROOT 1",
        "to to PART TO aux 3",
        "repatriate repatriate VERB VB xcomp 1",
        "at at ADP IN advmod 5 CARDINAL",
        "least least ADV RBS advmod 6 CARDINAL",
        "5,000 5,000 NUM CD dobj 3 CARDINAL",
        "of of ADP IN prep 6",
        "the the DET DT det 9",
        "migrants~ migrant NOUN NNS pobj 7",
        ", , PUNCT , punct 1",
        "but but CCONJ CC cc 1",
        "they they PRON PRP nsubj 13",
        "asked ask VERB VBD conj 1",
        "Germany Germany PROPN NNP dobj 13 GPE",
        "to to PART TO aux 16",
        "accept accept VERB VB xcomp 13",
        "2,000 2,000 NUM CD dobj 16 CARDINAL",
        "of of ADP IN prep 17",
        "them~ they PRON PRP pobj 18",
        ". . PUNCT . punct 13",
    ]
    first, second = run(rows)[0]
    assert (first.text, first.unit, first.category, first.qualifier) == (
        "at least 5,000 of the migrants",
        "migrants",
        "returned",
        "at least",
    )
    assert (second.text, second.unit, second.category, second.value) == ("2,000 of them", "migrants", "moved", 2000)


def test_break_down_parts_point_to_the_total() -> None:
    rows = [
        "Nine nine NUM CD nummod 1 CARDINAL",
        "people people NOUN NNS nsubjpass 3",
        "were be AUX VBD auxpass 3",
        "injured injure VERB VBN ROOT 3",
        "— — PUNCT : punct 3",
        "seven seven NUM CD nummod 6 CARDINAL",
        "policemen~ policeman NOUN NNS appos 1",
        ", , PUNCT , punct 6",
        "one one NUM CD nummod 9 CARDINAL",
        "soldier soldier NOUN NN conj 6",
        "and and CCONJ CC cc 9",
        "a a DET DT det 13",
        "border border NOUN NN compound 13",
        "guard~ guard NOUN NN conj 9",
        ". . PUNCT . punct 3",
    ]
    quantities, _ = run(rows)
    by_text = {q.text: q for q in quantities}
    total = by_text["Nine people"]
    assert (total.value, total.category, total.parent) == (9, "injured", None)
    for part, value in (("seven policemen", 7), ("one soldier", 1), ("a border guard", 1)):
        assert by_text[part].parent == total.id
        assert by_text[part].value == value
        assert by_text[part].category == "injured"


def test_elided_noun_and_crossing_attempts() -> None:
    rows = [
        "Guards guard NOUN NNS nsubj 1",
        "reported report VERB VBD ROOT 1",
        "two two NUM CD nummod 4 CARDINAL",
        "mass mass ADJ JJ compound 4",
        "efforts effort NOUN NNS dobj 1",
        "— — PUNCT : punct 4",
        "one one NUM CD appos 4 CARDINAL",
        "involving involve VERB VBG acl 6",
        "about about ADP IN quantmod 9 CARDINAL",
        "500 500 NUM CD nummod 10 CARDINAL",
        "migrants migrant NOUN NNS dobj 7",
        "and and CCONJ CC cc 10",
        "the the DET DT det 13",
        "other other ADJ JJ amod 15",
        "about about ADV RB advmod 15 CARDINAL",
        "50 50 NUM CD conj 10 CARDINAL",
        "— — PUNCT : punct 6",
        "to to PART TO aux 17",
        "break break VERB VB xcomp 1",
        "across across ADP IN prep 17",
        "the the DET DT det 20",
        "frontier~ frontier NOUN NN pobj 18",
        ". . PUNCT . punct 1",
    ]
    quantities, _ = run(rows)
    got = [(q.text, q.value, q.qualifier, q.unit, q.category) for q in quantities]
    assert got == [
        ("two mass efforts", 2, "exact", "efforts", "crossing_attempts"),
        ("about 500 migrants", 500, "about", "migrants", "crossing_attempts"),
        ("about 50", 50, "about", "migrants", "crossing_attempts"),
    ]


def test_vague_amount_has_a_range_and_no_value() -> None:
    rows = [
        "Thousands thousand NOUN NNS nsubj 3 CARDINAL",
        "of of ADP IN prep 0",
        "protesters protester NOUN NNS pobj 1",
        "gathered~ gather VERB VBD ROOT 3",
        ". . PUNCT . punct 3",
    ]
    (q,), _ = run(rows)
    assert (q.text, q.value, q.low, q.high, q.qualifier) == ("Thousands of protesters", None, 2000, 9999, "about")
    assert (q.unit, q.category) == ("protesters", "participants")


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        (["See see VERB VB ROOT 0", "Article article PROPN NNP dobj 0", "5~ 5 NUM CD nummod 1", ". . PUNCT . punct 0"], "label"),
        (["Call call VERB VB ROOT 0", "555 555 NUM CD dobj 0", "0134~ 0134 NUM CD dobj 0", ". . PUNCT . punct 0"], "phone"),
        (["In in ADP IN ROOT 0", "2021~ 2021 NUM CD pobj 0 DATE", ". . PUNCT . punct 0"], "year"),
        (["It it PRON PRP nsubj 1", "rose rise VERB VBD ROOT 1", "15 15 NUM CD nummod 3 PERCENT",
          "percent~ percent NOUN NN dobj 1 PERCENT", ". . PUNCT . punct 1"], "percentage"),
        (["The the DET DT det 2", "first first ADJ JJ amod 2 ORDINAL", "flight~ flight NOUN NN ROOT 2",
          ". . PUNCT . punct 2"], "ordinal"),
    ],
)  # fmt: skip
def test_not_counts(rows: list[str], why: str) -> None:
    assert run(rows)[0] == [], why


def test_number_words_and_scales() -> None:
    lex = LEXICON
    assert lex.number_value(["1.5", "million"]) == 1_500_000
    assert lex.number_value(["twenty-five"]) == 25
    assert lex.number_value(["twenty", "-", "five"]) == 25
    assert lex.number_value(["two", "hundred", "and", "five"]) == 205
    assert lex.number_value(["a", "dozen"]) == 12
    assert lex.number_value(["5,000"]) == 5000
    assert lex.number_value(["many"]) is None
    assert lex.is_number_word("forty-two") and not lex.is_number_word("well-being")


def test_lexicon_files_load_and_users_can_extend_them(tmp_path: object) -> None:
    from pathlib import Path

    extra = Path(str(tmp_path))
    (extra / "categories.tsv").write_text("# test\nevacuate\tverb\tdisplaced\n", encoding="utf-8")
    lex = load_lexicon([extra])
    assert lex.verbs["evacuate"].category == "displaced"
    assert LEXICON.verbs["evacuate"].category == "moved"
    assert ("at", "least") in lex.hedges_before
    assert lex.vague[("dozens",)].low == 24
    assert "week" in lex.words("duration") and lex.currencies["$"] == "dollars"
