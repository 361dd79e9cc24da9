"""Places: toponyms from a parse, disambiguation by the article's geography, the event's place."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.clean import Cleaned
from eventwire.extract.places.stage import assign_event_places, geoparse, is_locative, to_places
from eventwire.nlp import Parsed, Token, TokenSpan
from eventwire.pipeline import Analysis
from eventwire.records import Actor, Event, Span
from eventwire.resolve.gazetteer import ALTERNATE, PRIMARY, GazEntry, Gazetteer, import_geonames
from eventwire.resolve.geocode import Context, Toponym, resolve

DATA = Path(__file__).resolve().parents[5] / "tests" / "data"  # shared test data of the repository
PREPS = {"in", "near", "at", "from", "to"}


def parse(text: str, ents: dict[str, str]) -> Parsed:
    """A hand-made one-sentence parse: capitalised words are proper nouns; each verb heads the words
    after it (up to the next verb), the first verb is the root and heads the words before it."""
    spans = list(re.finditer(r"\w+(?:\.\w+)+\.?|\w+|[^\w\s]", text))
    verbs = [i for i, m in enumerate(spans) if m.group() in ("gathered", "met", "camped", "said")]
    verb = verbs[0]
    toks: list[Token] = []
    for i, m in enumerate(spans):
        w = m.group()
        pos = "ADP" if w in PREPS else "PROPN" if w[:1].isupper() else "PUNCT" if not w[0].isalnum() else "NOUN"
        if i in verbs:
            pos = "VERB"
        before = [v for v in verbs if v < i]
        head, dep = (before[-1] if before else verb), "dep"
        if i and spans[i - 1].group() in PREPS:
            head, dep = i - 1, "pobj"  # "near Kuznica": the name is the preposition's object
        ws = " " if m.end() < len(text) and text[m.end()] == " " else ""
        toks.append(Token(i, w, m.start(), m.end(), w.lower(), pos, pos, dep, head, "", "O", 0, ws))
    out_ents: list[TokenSpan] = []
    for name, label in ents.items():
        for m in re.finditer(re.escape(name), text):
            first = next(t.i for t in toks if t.start == m.start())
            last = next(t.i for t in toks if t.end == m.end()) + 1
            out_ents.append(TokenSpan(first, last, m.start(), m.end(), name, label, first))
    out_ents.sort(key=lambda e: e.start)
    sent = TokenSpan(0, len(toks), 0, len(text), text, root=verb)
    return Parsed(text=text, tokens=toks, sents=[sent], ents=out_ents)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "user.sqlite"
    import_geonames(DATA / "geonames_mini.txt", path)
    return Gazetteer([path])


NO_DEMONYMS = frozenset({"polish", "belarusian", "serbian"})


def test_article_countries_pick_the_border_village(gaz: Gazetteer) -> None:
    text = "Belarus said migrants gathered near Kuznica in Poland."
    tops = geoparse(parse(text, {"Belarus": "GPE", "Poland": "GPE"}), gaz, NO_DEMONYMS)
    by_text = {t.text: t for t in tops}
    # "Kuznica" is no entity in this parse: the locative preposition finds it
    assert by_text["Kuznica"].chosen is not None and by_text["Kuznica"].chosen.gid == "geonames:9100001"
    assert by_text["Poland"].chosen is not None and by_text["Poland"].chosen.feature == "PCLI"
    for t in tops:
        assert text[t.start : t.end] == t.text


def test_place_named_with_its_country_uses_that_country(gaz: Gazetteer) -> None:
    # The Serbian Vardonia is bigger; "in Vardonia, Ohio"-style qualifiers are tested below,
    # here the country after "in" decides.
    text = "Officials met in Vardonia in Serbia."
    tops = geoparse(parse(text, {"Vardonia": "GPE", "Serbia": "GPE"}), gaz, NO_DEMONYMS)
    assert tops[0].chosen is not None and tops[0].chosen.country == "SRB"


def test_population_is_the_prior_without_context(gaz: Gazetteer) -> None:
    text = "Officials met in Vardonia."
    (top,) = geoparse(parse(text, {"Vardonia": "GPE"}), gaz, NO_DEMONYMS)
    assert top.chosen is not None and top.chosen.gid == "geonames:9100003"


def test_demonyms_are_not_places(gaz: Gazetteer) -> None:
    text = "Polish guards said migrants camped in Belarus."
    tops = geoparse(parse(text, {"Polish": "GPE", "Belarus": "GPE"}), gaz, NO_DEMONYMS)
    assert [t.text for t in tops] == ["Belarus"]


def test_unknown_place_entity_keeps_its_name_with_null_coordinates(gaz: Gazetteer) -> None:
    text = "Migrants camped in Zorblatt."
    tops = geoparse(parse(text, {"Zorblatt": "GPE"}), gaz, NO_DEMONYMS)
    places, _ = to_places(tops, _ids())
    assert [(p.name, p.lat, p.lon, p.gazetteer_id) for p in places] == [("Zorblatt", None, None, None)]


def test_unknown_word_after_preposition_is_dropped(gaz: Gazetteer) -> None:
    text = "Migrants camped near Zorblatt."
    assert geoparse(parse(text, {}), gaz, NO_DEMONYMS) == []


def _ids() -> Callable[[str], str]:
    n = iter(range(1, 100))
    return lambda prefix: f"{prefix}{next(n)}"


def test_mentions_of_one_place_merge_into_one_record(gaz: Gazetteer) -> None:
    text = "Poland said migrants gathered in Poland near Kuznica."
    tops = geoparse(parse(text, {"Poland": "GPE"}), gaz, NO_DEMONYMS)
    places, at = to_places(tops, _ids())
    poland = next(p for p in places if p.name == "Poland")
    assert [m.start for m in poland.mentions] == [0, 33]
    assert all(text[m.start : m.end] == m.text for p in places for m in p.mentions)
    assert at[0] == at[33] == poland.id


def entry(gid: str, country: str, pop: int, feature: str = "PPL", kind: int = PRIMARY) -> GazEntry:
    return GazEntry(gid, gid, 0.0, 0.0, country, None, feature, pop, kind)


def test_resolve_prefers_candidates_in_the_article_countries() -> None:
    far = entry("far", "USA", 5000)
    near = entry("near", "POL", 1500)
    t = Toponym("Kuznica", 0, 7, [far, near])
    ctx = Context()
    ctx.countries["POL"] = 3
    resolve([t], ctx)
    assert t.chosen is near
    resolve([Toponym("Kuznica", 0, 7, [far, near])])  # without context the bigger one would win
    u = Toponym("Kuznica", 0, 7, [far, near])
    resolve([u])
    assert u.chosen is far


def test_resolve_refuses_a_weak_guess() -> None:
    hamlet = entry("hamlet", "BRA", 600, kind=ALTERNATE)
    t = Toponym("Zorb", 0, 4, [hamlet])
    resolve([t])
    assert t.chosen is None


def test_event_place_is_the_place_its_clause_names(gaz: Gazetteer) -> None:
    text = "Belarus said migrants gathered near Kuznica."
    parsed = parse(text, {"Belarus": "GPE"})
    an = Analysis(cleaned=Cleaned(text=text), parsed=parsed)
    an.actors.append(Actor("a1", "Belarus", "BLR", "GOV", "state", mentions=[Span("Belarus", 0, 7)]))
    trig = Span("gathered", 22, 30)
    an.events.append(
        Event(
            "e1", "MOBILIZE", None, [], None, None, "asserted", None, None, None, None, [], trig, Span(text, 0, 44), 0.5
        )
    )
    say = Span("said", 8, 12)
    an.events.append(
        Event("e2", "ACCUSE", None, [], "a1", None, "asserted", None, None, None, None, [], say, Span(text, 0, 44), 0.5)
    )
    tops = geoparse(parsed, gaz, NO_DEMONYMS, an)
    places, at = to_places(tops, an.next_id)
    mentions = []
    for t in tops:
        first = parsed.token_at(t.start)
        last = parsed.token_at(t.end - 1)
        assert first is not None and last is not None
        mentions.append((first, last + 1, at[t.start]))
    assign_event_places(an, mentions)
    kuznica = next(p for p in places if p.gazetteer_id == "geonames:9100001")
    assert an.events[0].place == kuznica.id
    # Belarus names the speaker (a metonym for its government), not where anything happened
    assert an.events[1].place == kuznica.id
    assert is_locative(parsed, *_tokens(parsed, "Kuznica")) and not is_locative(parsed, *_tokens(parsed, "Belarus"))


def _tokens(parsed: Parsed, word: str) -> tuple[int, int]:
    i = next(t.i for t in parsed.tokens if t.text == word)
    return i, i + 1


def test_states_named_as_actors_are_not_the_event_place(gaz: Gazetteer) -> None:
    text = "Poland said Belarus gathered troops."
    parsed = parse(text, {"Poland": "GPE", "Belarus": "GPE"})
    an = Analysis(cleaned=Cleaned(text=text), parsed=parsed)
    trig = Span("gathered", 20, 28)
    an.events.append(
        Event(
            "e1", "MOBILIZE", None, [], None, None, "asserted", None, None, None, None, [], trig, Span(text, 0, 36), 0.5
        )
    )
    tops = geoparse(parsed, gaz, NO_DEMONYMS, an)
    _, at = to_places(tops, an.next_id)
    mentions = [(parsed.token_at(t.start), parsed.token_at(t.end - 1) + 1, at[t.start]) for t in tops]  # type: ignore[operator]
    assign_event_places(an, mentions)  # type: ignore[arg-type]
    assert len(tops) == 2 and an.events[0].place is None


@pytest.mark.model
def test_pipeline_places_on_an_invented_report(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "WARSAW, Poland — Polish border guards said hundreds of migrants gathered on Tuesday near Kuznica, "
        "a village close to the Belarusian border, and at the Kuznica-Bruzgi crossing. Officials in Minsk "
        "denied that, and Moscow backed Minsk. Later the group camped near Bruzgi in Belarus. "
        "Freight trains waited near Terespol crossing and in Brześć."
    )
    art = pipeline.process_text(text, published="2021-11-16")
    by_name = {p.name: p for p in art.places}
    assert "Polish" not in {m.text for p in art.places for m in p.mentions}
    kuz = next(p for p in art.places if p.gazetteer_id == "geonames:766927")
    assert kuz.country == "POL" and kuz.lat is not None and abs(kuz.lat - 53.51) < 0.05
    assert by_name["Minsk"].country == "BLR" and by_name["Minsk"].feature == "PPLC"
    assert by_name["Moscow"].country == "RUS"
    assert any(p.feature == "crossing" for p in art.places)
    assert any(p.name == "Bruzgi" and p.country == "BLR" for p in art.places)
    assert any(p.feature == "crossing" and "Terespol" in p.name for p in art.places)
    assert by_name["Brest"].country == "BLR"  # found by its Polish name
    for p in art.places:
        for m in p.mentions:
            assert art.text[m.start : m.end] == m.text
