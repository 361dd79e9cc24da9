"""Stage actors.rules.v1 on hand-built parses (no model): the rules themselves, fast."""

from __future__ import annotations

from eventwire.clean import Cleaned
from eventwire.extract.actors.stage import actor_at, ensure_actor, make_stage
from eventwire.knowledge import load_knowledge
from eventwire.nlp import Parsed, Token, TokenSpan
from eventwire.pipeline import Analysis

KNOWLEDGE = load_knowledge()

# word, lemma, pos, tag, dep, head, entity label
Row = tuple[str, str, str, str, str, int, str]


def build(rows: list[Row]) -> Parsed:
    """A one-sentence Parsed document from token rows (single spaces between tokens, none before '.')."""
    tokens: list[Token] = []
    text = ""
    for i, (word, lemma, pos, tag, dep, head, ent) in enumerate(rows):
        if text and word != ".":
            text += " "
        start = len(text)
        text += word
        iob = "" if not ent else ("B" if i == 0 or rows[i - 1][6] != ent else "I")
        tokens.append(Token(i, word, start, len(text), lemma, pos, tag, dep, head, ent, iob or "O", 0))
    ents: list[TokenSpan] = []
    i = 0
    while i < len(rows):
        if rows[i][6]:
            j = i
            while j + 1 < len(rows) and rows[j + 1][6] == rows[i][6]:
                j += 1
            ents.append(
                TokenSpan(
                    i, j + 1, tokens[i].start, tokens[j].end, text[tokens[i].start : tokens[j].end], rows[i][6], j
                )
            )
            i = j + 1
        else:
            i += 1
    sent = TokenSpan(0, len(tokens), 0, len(text), text, root=next(t.i for t in tokens if t.dep == "ROOT"))
    return Parsed(text=text, tokens=tokens, sents=[sent], ents=ents)


def run(rows: list[Row]) -> Analysis:
    parsed = build(rows)
    an = Analysis(cleaned=Cleaned(text=parsed.text), parsed=parsed)
    make_stage(KNOWLEDGE, {})(an)
    return an


GUARDS: list[Row] = [
    ("Polish", "polish", "ADJ", "JJ", "amod", 2, "NORP"),
    ("border", "border", "NOUN", "NN", "compound", 2, ""),
    ("guards", "guard", "NOUN", "NNS", "nsubj", 3, ""),
    ("stopped", "stop", "VERB", "VBD", "ROOT", 3, ""),
    ("migrants", "migrant", "NOUN", "NNS", "dobj", 3, ""),
    ("in", "in", "ADP", "IN", "prep", 3, ""),
    ("Belarus", "Belarus", "PROPN", "NNP", "pobj", 5, "GPE"),
    (".", ".", "PUNCT", ".", "punct", 3, ""),
]


def test_sector_noun_phrases_and_demonym() -> None:
    an = run(GUARDS)
    names = {a.name: a for a in an.actors}
    guards = names["Polish border guards"]
    assert (guards.country, guards.sector, guards.kind) == ("POL", "COP", "group")
    assert guards.country_evidence is not None and guards.country_evidence.text == "Polish"
    assert guards.sector_evidence is not None and guards.sector_evidence.text == "border guards"
    assert [actor_at(an, i) for i in range(3)] == [guards.id] * 3
    migrants = names["migrants"]
    assert (migrants.country, migrants.sector) == (None, "REF")
    assert "Belarus" not in names  # "in Belarus": a place


def test_ensure_actor_on_a_place_makes_the_state() -> None:
    an = run(GUARDS)
    belarus = ensure_actor(an, 6, 7)
    assert belarus is not None
    actor = next(a for a in an.actors if a.id == belarus)
    assert (actor.country, actor.kind) == ("BLR", "state")
    assert actor_at(an, 6) == belarus
    assert ensure_actor(an, 3, 4) is None  # a verb is no actor


def test_seat_of_power_and_pronoun() -> None:
    rows: list[Row] = [
        ("The", "the", "DET", "DT", "det", 1, ""),
        ("Kremlin", "Kremlin", "PROPN", "NNP", "nsubj", 2, "ORG"),
        ("said", "say", "VERB", "VBD", "ROOT", 2, ""),
        ("it", "it", "PRON", "PRP", "nsubj", 4, ""),
        ("agreed", "agree", "VERB", "VBD", "ccomp", 2, ""),
        (".", ".", "PUNCT", ".", "punct", 2, ""),
    ]
    an = run(rows)
    assert len(an.actors) == 1
    kremlin = an.actors[0]
    assert (kremlin.name, kremlin.country, kremlin.sector, kremlin.kind) == ("Kremlin", "RUS", "GOV", "organisation")
    assert [m.text for m in kremlin.mentions] == ["Kremlin", "it"]
    assert actor_at(an, 3) == kremlin.id


def test_capital_as_subject_is_the_state() -> None:
    rows: list[Row] = [
        ("Minsk", "Minsk", "PROPN", "NNP", "nsubj", 1, "GPE"),
        ("denied", "deny", "VERB", "VBD", "ROOT", 1, ""),
        ("it", "it", "PRON", "PRP", "dobj", 1, ""),
        (".", ".", "PUNCT", ".", "punct", 1, ""),
    ]
    an = run(rows)
    state = an.actors[0]
    assert (state.name, state.country, state.kind, state.aliases) == ("Belarus", "BLR", "state", ["Minsk"])
    assert state.country_evidence is not None and state.country_evidence.text == "Minsk"


def test_object_pronoun_is_not_its_own_subject() -> None:
    rows: list[Row] = [
        ("Minsk", "Minsk", "PROPN", "NNP", "nsubj", 1, "GPE"),
        ("denied", "deny", "VERB", "VBD", "ROOT", 1, ""),
        ("it", "it", "PRON", "PRP", "dobj", 1, ""),
        (".", ".", "PUNCT", ".", "punct", 1, ""),
    ]
    an = run(rows)
    assert actor_at(an, 0) is not None
    assert actor_at(an, 2) is None
