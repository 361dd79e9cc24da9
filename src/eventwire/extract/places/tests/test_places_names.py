"""Places on real reports (issue 14): names that are not places, spelling variants, event places.

Invented reports and a tiny invented gazetteer; the model-tier test runs the whole pipeline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from eventwire.clean import Cleaned
from eventwire.extract.places.stage import geoparse, to_places, translit_key
from eventwire.extract.places.words import name_words
from eventwire.nlp import Parsed
from eventwire.pipeline import Analysis
from eventwire.records import Actor, Span
from eventwire.resolve.gazetteer import PRIMARY, GazEntry, Gazetteer, import_geonames
from eventwire.resolve.geocode import Toponym

from .test_places import NO_DEMONYMS, parse

# Invented GeoNames rows: a town called "Un" (a code that must not become a place), a capital
# "Zorbia City", the country "Zorbia" and a village "Kelvarq".
_ROWS = [
    ("9200001", "Un", "P", "PPL", "ZZ", "4000"),
    ("9200002", "Zorbia", "A", "PCLI", "ZZ", "3000000"),
    ("9200003", "Zorbia City", "P", "PPLC", "ZZ", "900000"),
    ("9200004", "Kelvarq", "P", "PPL", "ZZ", "800"),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder = tmp_path_factory.mktemp("gaz")
    rows = [
        "\t".join(
            [gid, name, name, "", "10.0", "20.0", fc, code, cc, "", "", "", "", "", pop, "", "", "UTC", "2024-01-01"]
        )
        for gid, name, fc, code, cc, pop in _ROWS
    ]
    src = folder / "mini.txt"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    path = folder / "user.sqlite"
    import_geonames(src, path)
    return Gazetteer([path])


def _ids() -> Callable[[str], str]:
    n = iter(range(1, 100))
    return lambda prefix: f"{prefix}{next(n)}"


def test_transliteration_variants_share_a_key() -> None:
    assert translit_key("Kelvarq") == translit_key("Kelvarg") == translit_key("Kelwark")
    assert translit_key("Ostrica") == translit_key("Ostrítsa") == translit_key("Ostritsa")
    assert translit_key("El-Fashir") == translit_key("El Fasheer")
    assert translit_key("Zorbia") != translit_key("Zambia")


def test_an_unresolved_variant_joins_the_resolved_place() -> None:
    known = GazEntry("g:1", "Kelvarq", 1.0, 2.0, "ZZZ", None, "PPL", 800, PRIMARY)
    tops = [Toponym("Kelvarq", 0, 7, [known], chosen=known), Toponym("Kelvarg", 20, 27, [])]
    places, at = to_places(tops, _ids())
    assert len(places) == 1 and places[0].gazetteer_id == "g:1"
    assert at[0] == at[20] and [m.text for m in places[0].mentions] == ["Kelvarq", "Kelvarg"]


def test_outlet_named_after_a_place_is_no_place(gaz: Gazetteer) -> None:
    text = "Zorbia Times said migrants gathered in Zorbia."
    tops = geoparse(parse(text, {"Zorbia Times": "ORG", "Zorbia": "GPE"}), gaz, NO_DEMONYMS, None, name_words())
    assert [(t.text, t.start) for t in tops] == [("Zorbia", 39)]


def test_institution_named_after_a_place_keeps_the_place(gaz: Gazetteer) -> None:
    text = "Zorbia Ministry said migrants gathered."
    tops = geoparse(parse(text, {"Zorbia Ministry": "ORG"}), gaz, NO_DEMONYMS, None, name_words())
    assert [t.text for t in tops] == ["Zorbia"]


def test_a_place_opening_another_name_is_no_place(gaz: Gazetteer) -> None:
    # "Zorbia Smith": a person (or "Al Jazeera": an outlet) whose first word is a place name
    text = "Zorbia Smith said migrants gathered."
    tops = geoparse(parse(text, {"Zorbia Smith": "ORG"}), gaz, NO_DEMONYMS, None, name_words())
    assert tops == []


def test_short_codes_are_places_only_when_a_country(gaz: Gazetteer) -> None:
    text = "UN said migrants gathered in Zorbia."
    tops = geoparse(parse(text, {"UN": "GPE", "Zorbia": "GPE"}), gaz, NO_DEMONYMS, None, name_words())
    assert [t.text for t in tops] == ["Zorbia"]


def test_names_inside_an_international_organisation_are_no_place(gaz: Gazetteer) -> None:
    text = "Zorbia Relief said migrants gathered in Kelvarq."
    parsed = parse(text, {"Zorbia": "GPE", "Kelvarq": "GPE"})
    an = Analysis(cleaned=Cleaned(text=text), parsed=parsed)
    an.actors.append(Actor("a1", "Zorbia Relief", "NGO", None, "organisation", mentions=[Span("Zorbia Relief", 0, 13)]))
    tops = geoparse(parsed, gaz, NO_DEMONYMS, an, name_words())
    assert [t.text for t in tops] == ["Kelvarq"]


@pytest.mark.model
def test_pipeline_event_places_on_an_invented_report(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Police arrested ten protesters in the city of Lagos on Monday. They detained the governor.\n\n"
        "Al Jazeera reported that police fired tear gas at protesters in Accra."
    )
    art = pipeline.process_text(text, published="2024-03-05")
    names = {m.text for p in art.places for m in p.mentions}
    assert "Al" not in names
    by_id = {p.id: p.name for p in art.places}
    placed = {e.trigger.text: by_id.get(e.place or "") for e in art.events}
    # "the city of Lagos" is where the arrests happened; the next sentence of the paragraph names no
    # place, so the paragraph's one place is its place too
    assert placed.get("arrested") == "Lagos"
    assert placed.get("detained") == "Lagos"


def test_an_institution_word_anywhere_in_the_name_keeps_the_place(gaz: Gazetteer) -> None:
    # "Ohio Supreme Court", "Madison County Health Department", "Kent's Board of Finance": the
    # institution word need not follow the place directly (LGL counts these places)
    for name in ("Zorbia Supreme Court", "Zorbia Public Health Department", "Zorbia's Board of Finance"):
        text = f"{name} said migrants gathered."
        tops = geoparse(parse(text, {name: "ORG"}), gaz, NO_DEMONYMS, None, name_words())
        assert [t.text for t in tops] == ["Zorbia"], name


def test_an_outlet_word_after_the_place_wins_over_a_later_institution_word(gaz: Gazetteer) -> None:
    text = "Zorbia Times Media Group said migrants gathered."
    tops = geoparse(parse(text, {"Zorbia Times Media Group": "ORG"}), gaz, NO_DEMONYMS, None, name_words())
    assert tops == []


def test_geoparse_without_names_uses_the_shipped_words(gaz: Gazetteer) -> None:
    # evaluation calls geoparse without ``names``: it must geoparse as the pipeline stage does, not
    # drop every place that opens an organisation's name
    text = "Zorbia Ministry said migrants gathered."
    assert [t.text for t in geoparse(parse(text, {"Zorbia Ministry": "ORG"}), gaz, NO_DEMONYMS)] == ["Zorbia"]
    text = "Zorbia Smith said migrants gathered."
    assert geoparse(parse(text, {"Zorbia Smith": "ORG"}), gaz, NO_DEMONYMS) == []


def _as_modifier_of_next(parsed: Parsed, word: str) -> Parsed:
    """The parse with ``word`` a compound of the next token and that token the object of the
    preposition before ``word``'s determiner ("in the Kelvarq Council")."""
    toks = list(parsed.tokens)
    i = next(t.i for t in toks if t.text == word)
    prep = next(t.i for t in reversed(toks[:i]) if t.pos == "ADP")
    toks[i] = dataclasses.replace(toks[i], dep="compound", head=i + 1)
    toks[i + 1] = dataclasses.replace(toks[i + 1], dep="pobj", head=prep)
    return dataclasses.replace(parsed, tokens=toks)


def test_a_village_labelled_organisation_counts_only_as_the_location_itself(gaz: Gazetteer) -> None:
    # "refugees in Kelvarq" keeps the village the recogniser took for an organisation; "in the
    # Kelvarq Council" (a compound modifier, like "the NATO-Russia Council") names a body, not a place
    text = "Envoys met in Kelvarq."
    assert [t.text for t in geoparse(parse(text, {"Kelvarq": "ORG"}), gaz, NO_DEMONYMS)] == ["Kelvarq"]
    text = "Envoys met in the Kelvarq Council."
    parsed = _as_modifier_of_next(parse(text, {"Kelvarq": "ORG"}), "Kelvarq")
    assert geoparse(parsed, gaz, NO_DEMONYMS) == []
