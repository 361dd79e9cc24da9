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


def _guards_and(group: list[Row]) -> list[Row]:
    """'Latvian border guards stopped the bus and <group> condemned it .' (an invented sentence)."""
    n = len(group)
    head = next(i for i, r in enumerate(group) if r[4] == "nsubj")
    rows: list[Row] = [
        ("Latvian", "latvian", "ADJ", "JJ", "amod", 2, "NORP"),
        ("border", "border", "NOUN", "NN", "compound", 2, ""),
        ("guards", "guard", "NOUN", "NNS", "nsubj", 3, ""),
        ("stopped", "stop", "VERB", "VBD", "ROOT", 3, ""),
        ("the", "the", "DET", "DT", "det", 5, ""),
        ("bus", "bus", "NOUN", "NN", "dobj", 3, ""),
        ("and", "and", "CCONJ", "CC", "cc", 3, ""),
    ]
    verb = 7 + n
    for word, lemma, pos, tag, dep, h, ent in group:
        rows.append((word, lemma, pos, tag, dep, verb if dep == "nsubj" else 7 + h, ent))
    rows += [
        ("condemned", "condemn", "VERB", "VBD", "conj", 3, ""),
        ("it", "it", "PRON", "PRP", "dobj", verb, ""),
        (".", ".", "PUNCT", ".", "punct", 3, ""),
    ]
    assert rows[7 + head][1] == group[head][1]
    return rows


def test_plural_heads_of_state_span_several_states() -> None:
    """'both presidents' / 'the two leaders' are of several states: never the sentence's one country,
    while a counted group without a title ('both police officers') still takes it."""
    presidents = run(
        _guards_and(
            [("both", "both", "DET", "DT", "det", 1, ""), ("presidents", "president", "NOUN", "NNS", "nsubj", 1, "")]
        )
    )
    leaders = run(
        _guards_and(
            [
                ("the", "the", "DET", "DT", "det", 2, ""),
                ("two", "two", "NUM", "CD", "nummod", 2, ""),
                ("leaders", "leader", "NOUN", "NNS", "nsubj", 2, ""),
            ]
        )
    )
    officers = run(
        _guards_and(
            [
                ("both", "both", "DET", "DT", "det", 2, ""),
                ("police", "police", "NOUN", "NN", "compound", 2, ""),
                ("officers", "officer", "NOUN", "NNS", "nsubj", 2, ""),
            ]
        )
    )
    for an, name in ((presidents, "presidents"), (leaders, "leaders")):
        group = next(a for a in an.actors if a.name == name)
        assert (group.country, group.sector) == (None, "GOV")
        assert next(a for a in an.actors if a.name == "Latvian border guards").country == "LVA"
    police = next(a for a in officers.actors if a.name.endswith("officers"))
    assert police.country == "LVA"


def test_ethnic_group_takes_the_sentence_state_it_lives_in() -> None:
    """'Hutu rebels attacked Burundian soldiers .' (invented): CAMEO ECS lists BDI among the states
    the Hutu live in, so the rebels are of the sentence's one state; a group named by a regional
    adjective ('Western rebels') gets no country."""
    rows: list[Row] = [
        ("Hutu", "Hutu", "PROPN", "NNP", "compound", 1, "NORP"),
        ("rebels", "rebel", "NOUN", "NNS", "nsubj", 2, ""),
        ("attacked", "attack", "VERB", "VBD", "ROOT", 2, ""),
        ("Burundian", "burundian", "ADJ", "JJ", "amod", 4, "NORP"),
        ("soldiers", "soldier", "NOUN", "NNS", "dobj", 2, ""),
        (".", ".", "PUNCT", ".", "punct", 2, ""),
    ]
    names = {a.name: a for a in run(rows).actors}
    assert names["Hutu rebels"].country == "BDI"
    assert names["Burundian soldiers"].country == "BDI"
    western = run([("Western", "western", "ADJ", "JJ", "amod", 1, "NORP"), *rows[1:]])
    assert next(a for a in western.actors if a.name.endswith("rebels")).country is None
    assert KNOWLEDGE.actors.ethnic_countries("Hutu") >= {"BDI", "RWA"}
    assert not KNOWLEDGE.actors.ethnic_countries("Burundian")
