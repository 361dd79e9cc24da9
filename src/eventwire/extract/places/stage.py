"""Stage ``places.gazetteer.v1``: toponyms, resolved against the gazetteer, and each event's place.

Where toponyms come from (each a :class:`~eventwire.records.Span` of the cleaned text):

* entities the parser labels GPE, LOC or FAC;
* a run of proper nouns after a locative preposition ("near Kuznica", "in Bruzgi", "at the
  Kuznica-Bruzgi crossing"): kept only when the gazetteer knows it by its name or a shipped alias,
  which catches small places the parser misses or mislabels;
* ORG/PERSON entities that are exactly the name of a country, region or capital (the small model
  sometimes labels "Minsk" ORG);
* a following "crossing", "checkpoint", "region", "province", ... joins the mention when the
  gazetteer knows the longer name ("the Grodno region", "the Kuznica crossing").

Decisions:

* Demonyms and nationality adjectives ("Polish", "Belarusians") are not places: the parser labels
  them NORP and the actors stage uses them; a GPE entity that is a demonym is dropped too.
* Metonyms ("Warsaw said", "Minsk denied") stay place mentions of the city or country: the
  gazetteer place is the same whether the name stands for the government or the ground, and
  GeoWebNews counts metonymic toponyms as toponyms. The actors stage reads the same words as a
  state actor; here they never become an event's place when they name its source or target.
* An entity the gazetteer does not know, or knows only weakly, is kept as a place with its text
  as name and null coordinates (never a guess) when the text uses it as a location ("camped in
  Zorblatt"); elsewhere an unknown GPE/LOC entity is more often a mislabelled person or brand and
  is dropped, as are unresolved proper-noun runs found by the preposition rule and unresolved FAC
  entities (streets, buildings).
* Words that are never a place alone (demonyms, and generic words such as "north", "delta", listed
  in knowledge/places/generic_words.tsv) are skipped even when a region somewhere has that name.

* Names of things that are not places (issue 14): a place name inside an outlet's or an
  international organisation's mention ("Al Jazeera", "EU", "London Independent"; the actors
  stage's JRN sector or PLOVER pseudo-country says which), a leading place in an organisation name
  not followed by an institution word (knowledge/places/name_words.tsv), a short code that is not a
  country's or region's ("UN" is no town called Un), and a name found only through a variant
  spelling used as a modifier ("the Gazan side") are dropped.
* A village or town the recogniser labelled PERSON/ORG is kept when it stands as a location ("in
  El Geneina"); the actors stage drops it as junk (extract/actors/junk.py).
* Transliteration variants of one name in one article ("Kelvarq"/"Kelvarg", "-ica"/"-itsa") join
  one place (:func:`translit_key`), never used to query the gazetteer.

An event's place is the place its clause names as a location ("in X", "at the X checkpoint",
"near X", "through X", "in the city of X"): such a mention inside the trigger's subtree in the same
sentence (the nearest one), else the only one in the sentence; else, when the sentence names no
location at all, the paragraph's if it names exactly one; otherwise none. A place named as an actor
("Poland accused Belarus") is not the event's place.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...analysis import Analysis
from ...knowledge import Knowledge
from ...nlp import Parsed, Token
from ...records import Actor, Place, Span
from ...resolve.gazetteer import ALTERNATE, QUALIFIER, GazEntry, Gazetteer
from ...resolve.geo_names import fold
from ...resolve.geocode import Context, Toponym, resolve
from ...stages import StageFn, StageSpec
from .words import name_words

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_LABELS = frozenset({"ORG", "PERSON"})
LOCATIVE = frozenset(
    [
        "in",
        "near",
        "at",
        "from",
        "to",
        "outside",
        "into",
        "across",
        "toward",
        "towards",
        "via",
        "through",
        "around",
        "between",
        "inside",
        "along",
        "within",
        "off",
    ]
)
# Nouns that, after a name, make a longer place name the gazetteer may know.
PLACE_NOUNS = frozenset(
    {"crossing", "checkpoint", "region", "province", "oblast", "voivodeship", "county", "district"}
    | {"governorate", "state"}
)
STRONG_FEATURES = frozenset({"PCLI", "CONT", "ADM1", "PPLC", "crossing"})
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass
class _Found:
    first: int
    last: int
    start: int
    end: int
    text: str
    strong: bool
    ner_place: bool
    label: str = ""


def _trim(parsed: Parsed, first: int, last: int) -> tuple[int, int]:
    """Drop a leading determiner and trailing punctuation/possessive tokens from a token range."""
    toks = parsed.tokens
    while first < last and (toks[first].lower in ("the", "a") or toks[first].pos == "PUNCT"):
        first += 1
    while last > first and (
        (toks[last - 1].pos == "PUNCT" and toks[last - 1].text != ".") or toks[last - 1].tag == "POS"
    ):
        last -= 1
    return first, last


def find_mentions(
    parsed: Parsed, gaz: Gazetteer, demonyms: frozenset[str], names: Mapping[str, str] | None = None
) -> list[_Found]:
    """Toponym candidates of a parsed text, in text order, not overlapping (``names``: see
    :func:`_leading_place`)."""
    toks = parsed.tokens
    taken = [False] * len(toks)
    found: list[_Found] = []

    def add(first: int, last: int, strong: bool, ner_place: bool, label: str = "") -> None:
        first, last = _trim(parsed, first, last)
        if first >= last or any(taken[first:last]):
            return
        text, start, end = parsed.span_text(first, last)
        if fold(text) in demonyms:
            return
        for k in range(first, last):
            taken[k] = True
        found.append(_Found(first, last, start, end, text, strong, ner_place, label))

    for e in parsed.ents:
        if e.label in PLACE_LABELS:
            add(e.first, e.last, True, True, e.label)
    for e in parsed.ents:
        if e.label in OTHER_LABELS:
            cands = gaz.lookup(_LEADING.sub("", e.text))
            if any(c.feature in STRONG_FEATURES and c.kind != ALTERNATE for c in cands):
                add(e.first, e.last, True, False)
            elif cands and is_locative(parsed, e.first, e.last, direct=True):
                # "the town of Pylos", "refugees in El Geneina": a village or town the recogniser took
                # for a person or organisation (the actors stage drops it as junk); a person-labelled
                # name needs a primary-name match, an organisation-labelled one may be a variant. It must
                # stand as the location itself: "in the NATO-Russia Council", "on Moore's Ford" name things
                strong = e.label != "PERSON"
                if strong or any(c.kind != ALTERNATE for c in cands):
                    add(e.first, e.last, strong, False)
            elif e.label == "ORG":
                # "Licking County Sheriff's Office", "Ohio Department of Health": a leading place name
                span = _leading_place(parsed, gaz, e.first, e.last, names)
                if span:
                    add(span[0], span[1], False, False)
    for first, last in _dateline_caps(parsed):
        if not any(taken[first:last]) and any(
            c.kind != ALTERNATE for c in gaz.lookup(parsed.span_text(first, last)[0])
        ):
            add(first, last, False, False)
    # token -> length of the non-place entity covering it (a run inside "University of California" is no place)
    bigger: dict[int, int] = {}
    for e in parsed.ents:
        if e.label not in PLACE_LABELS:
            for k in range(e.first, e.last):
                bigger[k] = e.last - e.first
    for t in toks:
        if t.lower not in LOCATIVE or t.pos not in ("ADP", "SCONJ"):
            continue
        j = t.i + 1
        if j < len(toks) and toks[j].lower == "the":
            j += 1
        k = j
        while k < len(toks) and toks[k].sent == t.sent and _name_token(parsed, k):
            k += 1
        if k > j and not any(taken[j:k]) and not _inside_other_name(parsed, j, k, bigger):
            text = parsed.span_text(j, k)[0]
            if any(c.kind != ALTERNATE for c in gaz.lookup(text)):
                add(j, k, False, False)
    found.sort(key=lambda f: f.start)
    return _merge_comma_names(parsed, gaz, [_extend(parsed, gaz, f) for f in found])


def _merge_comma_names(parsed: Parsed, gaz: Gazetteer, found: list[_Found]) -> list[_Found]:
    """Join "Washington, D.C." into one mention when the gazetteer knows the whole name."""
    out: list[_Found] = []
    toks = parsed.tokens
    for f in found:
        if out and f.first - out[-1].last == 1 and toks[out[-1].last].text == ",":
            prev = out[-1]
            text, start, end = parsed.span_text(prev.first, f.last)
            if any(c.kind != ALTERNATE for c in gaz.lookup(text)):
                out[-1] = _Found(prev.first, f.last, start, end, text, True, prev.ner_place or f.ner_place, prev.label)
                continue
        out.append(f)
    return out


EMBEDDED_FEATURES = frozenset({"PCLI", "ADM1", "ADM2", "PPLC"})


def _leading_place(
    parsed: Parsed, gaz: Gazetteer, first: int, last: int, names: Mapping[str, str] | None = None
) -> tuple[int, int] | None:
    """The longest run of proper nouns opening an organisation name that names a country, region,
    county or capital (by primary name or alias), as token range; None if there is none.

    With ``names`` (knowledge/places/name_words.tsv), the word after the place must be an
    institution word ("Ohio Department of Health"): after an outlet word ("London Independent") or
    another name ("Al Jazeera", "Nadia Hardman") the leading words are part of a name, not a place."""
    toks = parsed.tokens
    while first < last and toks[first].lower == "the":
        first += 1
    k = first
    # "Licking County Sheriff's Office": the parser may not tag every word of the place PROPN
    while k < last and toks[k].text[:1].isupper() and toks[k].text.isalpha() and toks[k].tag != "POS":
        k += 1
    for end in range(k, first, -1):
        if end == last:
            continue  # the whole entity is the organisation's name, not an embedded place
        cands = gaz.lookup(parsed.span_text(first, end)[0])
        if any(c.kind != ALTERNATE and c.feature in EMBEDDED_FEATURES for c in cands):
            return (first, end) if names is None or _names_an_institution(toks, end, last, names) else None
    return None


def _names_an_institution(toks: Sequence[Token], end: int, last: int, names: Mapping[str, str]) -> bool:
    """True when the rest ``[end, last)`` of an organisation name after its leading place makes it
    an institution named after where it sits: an institution word anywhere in it ("Ohio Supreme
    Court", "Madison County Health Department", "Kent's Board of Finance"), unless an outlet word
    follows the place ("London Independent": a newspaper's name)."""
    words = [t.lower.rstrip(".") for t in toks[end:last] if t.tag != "POS"]
    if not words or names.get(words[0]) == "outlet":
        return False
    return any(names.get(w) == "institution" for w in words)


def _dateline_caps(parsed: Parsed) -> list[tuple[int, int]]:
    """All-capitals words opening a line or sentence, followed by a comma, bracket or dash ("BEIRUT (AP) -")."""
    toks = parsed.tokens
    out: list[tuple[int, int]] = []
    text = parsed.text
    for i, t in enumerate(toks):
        line_start = t.start == 0 or text[t.start - 1] == "\n" or parsed.sents[t.sent].first == i
        if not line_start or not (t.text.isupper() and t.text.isalpha() and len(t.text) > 2):
            continue
        k = i
        while k < len(toks) and toks[k].text.isupper() and toks[k].text.replace(".", "").isalpha():
            k += 1
        if k < len(toks) and toks[k].text in (",", "(", "—", "-", "–", ":"):
            out.append((i, k))
    return out


def _person_words(parsed: Parsed) -> frozenset[str]:
    """Words of multi-word person names in the text: "Flores" is a person where "Maria Flores" is."""
    out: set[str] = set()
    for e in parsed.ents:
        if e.label == "PERSON" and e.last - e.first > 1:
            out.update(fold(parsed.tokens[k].text) for k in range(e.first, e.last))
    return frozenset(out)


def _inside_other_name(parsed: Parsed, j: int, k: int, bigger: dict[int, int]) -> bool:
    """True when tokens [j, k) are part of a longer name: a bigger non-place entity, or "X of Y"."""
    if any(bigger.get(i, 0) > k - j for i in range(j, k)):
        return True
    toks = parsed.tokens
    return k + 1 < len(toks) and toks[k].lower == "of" and toks[k + 1].pos == "PROPN"


# Entity types a proper-noun run after a preposition must not carry ("in May", "at Christmas"). NORP is
# allowed: the parser labels unknown place names NORP ("near Terespol"); real demonyms are filtered.
NOT_PLACE_TYPES = frozenset(
    {"DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "MONEY", "PERCENT"}
    | {"QUANTITY", "CARDINAL", "ORDINAL"}
)


def _name_token(parsed: Parsed, k: int) -> bool:
    t = parsed.tokens[k]
    if t.ent_type in NOT_PLACE_TYPES:
        return False
    if t.pos == "PROPN" and t.text[:1].isupper():
        return True
    # hyphen joining two names ("Kuznica-Bruzgi"), only between proper nouns
    if t.text in ("-", "–") and t.ws == "" and k + 1 < len(parsed.tokens):
        prev, nxt = parsed.tokens[k - 1], parsed.tokens[k + 1]
        return prev.pos == "PROPN" and nxt.pos == "PROPN" and prev.ws == ""
    return False


def _extend(parsed: Parsed, gaz: Gazetteer, f: _Found) -> _Found:
    """Join a following place noun ("crossing", "region") when the longer name is in the gazetteer."""
    toks = parsed.tokens
    k = f.last
    # "Kuznica-Bruzgi crossing": the parser may have split the name; take a hyphen-joined name too.
    if k + 1 < len(toks) and toks[k].text in ("-", "–") and toks[k].ws == "" and toks[k + 1].pos == "PROPN":
        k += 2
    if k < len(toks) and toks[k].lower in PLACE_NOUNS and toks[k].sent == toks[f.first].sent:
        text, start, end = parsed.span_text(f.first, k + 1)
        if gaz.lookup(text):
            return _Found(f.first, k + 1, start, end, text, True, f.ner_place, f.label)
    return f


def _qualifiers(parsed: Parsed, found: Sequence[_Found], gaz: Gazetteer) -> dict[int, list[GazEntry]]:
    """For mention i, the places the text says it lies in: "A, B" or "A in B" with B a country or region."""
    out: dict[int, list[GazEntry]] = {}
    toks = parsed.tokens
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if b.first - a.last != 1:
            continue
        sep = toks[a.last].lower
        if sep not in (",", "in"):
            continue
        cands = [c for c in gaz.lookup(b.text, qualifiers=sep == ",") if c.feature in ("PCLI", "ADM1")]
        if cands:
            out[i] = cands
    # "Alexandria, La." where the parser did not take the abbreviation as an entity
    for i, a in enumerate(found):
        if i in out or a.last + 1 >= len(toks) or toks[a.last].text != ",":
            continue
        nxt = toks[a.last + 1]
        if nxt.text[:1].isupper() and nxt.text.endswith("."):
            cands = [c for c in gaz.lookup(nxt.text, qualifiers=True) if c.kind == QUALIFIER]
            if cands:
                out[i] = cands
    return out


def _seed_context(an: Analysis | None, gaz: Gazetteer, found: Sequence[_Found]) -> Context:
    ctx = Context()
    if an is None:
        return ctx
    for actor in an.actors:
        if actor.country and len(actor.country) == 3 and actor.country.isalpha() and actor.country.isupper():
            ctx.countries[actor.country] += 0.5  # type: ignore[assignment]
    dl = an.cleaned.dateline
    if dl is not None:
        for f in found:
            if dl.start <= f.start and f.end <= dl.end:
                cands = gaz.lookup(f.text)
                if cands:
                    best = max(cands, key=lambda c: c.population)
                    ctx.add(best, 1.0)
    return ctx


# PLOVER's pseudo-countries (ch. 5, "Non-state international actors"): an actor coded with one of
# these is an organisation, and a place name inside its mention ("EU", "UN", "Africa Union") is no place.
PSEUDO_COUNTRIES = frozenset({"UNO", "EUR", "IGO", "NGO", "IMG"})
# Features of a short capitalised code that may stand for a place ("US", "UK"): countries and regions.
CODE_FEATURES = frozenset({"PCLI", "ADM1"})
_CODE = re.compile(r"^(?:[A-Z]\.?){2,3}$")


def _organisation_spans(an: Analysis | None) -> list[tuple[int, int]]:
    """Character spans of the mentions of outlets (sector JRN) and international organisations
    (a PLOVER pseudo-country): a place name inside them names the organisation, not a place."""
    if an is None:
        return []
    return [
        (m.start, m.end)
        for a in an.actors
        if a.sector == "JRN" or (a.country or "") in PSEUDO_COUNTRIES
        for m in a.mentions
    ]


def _named_thing(
    parsed: Parsed, f: _Found, t: Toponym, names: Mapping[str, str], orgs: Sequence[tuple[int, int]]
) -> bool:
    """True when the mention is part of the name of something that is not a place: an outlet or an
    international organisation ("Al Jazeera", "EU", "London Independent"), a short code that is not
    a country's ("UN" is no town called Un), or a name found only through a variant spelling and
    used as a modifier rather than a location ("the Gazan side": not the town Jizan)."""
    if any(s <= f.start and f.end <= e for s, e in orgs):
        return True
    nxt = parsed.tokens[f.last] if f.last < len(parsed.tokens) else None
    if nxt is not None and nxt.text[:1].isupper() and names.get(nxt.lower) == "outlet":
        return True
    chosen = t.chosen
    if _CODE.match(f.text) and (chosen is None or chosen.feature not in CODE_FEATURES):
        return True
    if len(f.text) < 3 and not f.text.isupper():
        return True
    head = parsed.tokens[f.last - 1]
    return (
        chosen is not None
        and chosen.kind == ALTERNATE
        and chosen.feature not in STRONG_FEATURES
        and head.dep in ("amod", "compound")
        and parsed.tokens[head.head].pos == "NOUN"
        and not is_locative(parsed, f.first, f.last)
    )


def geoparse(
    parsed: Parsed,
    gaz: Gazetteer,
    demonyms: frozenset[str],
    an: Analysis | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Toponym]:
    """Find and resolve the toponyms of a parsed text (``an`` adds actors' and dateline countries
    and keeps organisations' names out; ``names``: knowledge/places/name_words.tsv, the shipped
    list when None, so evaluation and the pipeline stage geoparse alike)."""
    if names is None:
        names = name_words()
    found = find_mentions(parsed, gaz, demonyms, names)
    quals = _qualifiers(parsed, found, gaz)
    tops: list[Toponym] = []
    for i, f in enumerate(found):
        cands = gaz.lookup(f.text)
        if i and found[i - 1].last + 1 == f.first and parsed.tokens[f.first - 1].text == ",":
            # "Alexandria, La." / "Seattle, WA": an abbreviation after a comma names the state
            abbrev = [c for c in gaz.lookup(f.text, qualifiers=True) if c.kind == QUALIFIER]
            cands = abbrev or cands
        if not cands:
            bare = _POSSESSIVE.sub("", _LEADING.sub("", f.text))
            if bare != f.text:
                cands = gaz.lookup(bare)
        tops.append(Toponym(f.text, f.start, f.end, cands, strong=f.ner_place, within=quals.get(i, [])))
    resolve(tops, _seed_context(an, gaz, found))
    persons = _person_words(parsed)
    orgs = _organisation_spans(an)
    keep: list[Toponym] = []
    for f, t in zip(found, tops, strict=True):
        person = f.last - f.first == 1 and fold(f.text) in persons
        if person and (t.chosen is None or t.chosen.feature not in ("PCLI", "CONT")):
            continue
        if _named_thing(parsed, f, t, names, orgs):
            continue
        # Unresolved: kept (null coordinates) only where the text uses it as a location ("in Zorblatt");
        # elsewhere an unknown "place" entity is more often a mislabelled name.
        if t.chosen is not None or (f.ner_place and f.label != "FAC" and is_locative(parsed, f.first, f.last)):
            keep.append(t)
    return keep


# Spelling variants of one sound across romanisations (Polish c / Russian ts, Arabic qaf as q or g,
# kh / h, ou / u, ee / i): "Kuznica", "Kuźnica" and "Kuznitsa", or "Argeen" and "Arqeen", share a key.
_TRANSLIT = (
    ("tch", "c"), ("tsch", "c"), ("ts", "c"), ("tz", "c"), ("cz", "c"), ("kh", "h"), ("gh", "g"),
    ("q", "g"), ("k", "g"), ("ph", "f"), ("dj", "j"), ("ou", "u"), ("ee", "i"), ("y", "i"), ("w", "v"),
)  # fmt: skip


def translit_key(name: str) -> str:
    """A key shared by the transliteration variants of one name (accents, hyphens and doubled letters
    ignored; see ``_TRANSLIT``). Used only to join mentions inside one article, never to look up the
    gazetteer, so two different places sharing a key elsewhere do no harm."""
    k = re.sub(r"[^a-z]", "", fold(name).lower())
    for a, b in _TRANSLIT:
        k = k.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", k)


def to_places(tops: Sequence[Toponym], next_id: object) -> tuple[list[Place], dict[int, str]]:
    """Group resolved toponyms into Place records (one per gazetteer place, or per unresolved name).

    An unresolved mention that is a transliteration variant of another mention of the article
    (:func:`translit_key`) joins that mention's place. Returns the places and a map from mention
    start offset to place id.
    """
    by_key: dict[str, int] = {}
    places: list[Place] = []
    at: dict[int, str] = {}
    variant_of: dict[str, GazEntry] = {}
    for t in tops:
        if t.chosen is not None:
            variant_of.setdefault(translit_key(t.text), t.chosen)
            variant_of.setdefault(translit_key(t.chosen.name), t.chosen)
    for t in tops:
        c = t.chosen or variant_of.get(translit_key(t.text))
        key = c.gid if c else "?" + translit_key(t.text)
        span = Span(t.text, t.start, t.end)
        if key in by_key:
            k = by_key[key]
            p = places[k]
            places[k] = dataclasses.replace(p, mentions=[*p.mentions, span])
            at[t.start] = p.id
            continue
        pid = next_id("p")  # type: ignore[operator]
        places.append(
            Place(
                id=pid,
                name=c.name if c else t.text,
                lat=round(c.lat, 5) if c else None,
                lon=round(c.lon, 5) if c else None,
                country=c.country if c else None,
                admin1=c.admin1 if c else None,
                feature=c.feature if c else None,
                gazetteer_id=c.gid if c else None,
                mentions=[span],
            )
        )
        by_key[key] = len(places) - 1
        at[t.start] = pid
    return places, at


def _actor_tokens(parsed: Parsed, actors: Sequence[Actor]) -> dict[int, str]:
    """token index -> actor id for every actor mention (to keep metonyms out of event places)."""
    out: dict[int, str] = {}
    for a in actors:
        for m in a.mentions:
            i = parsed.token_at(m.start)
            while i is not None and i < len(parsed.tokens) and parsed.tokens[i].start < m.end:
                out[i] = a.id
                i += 1
    return out


# Prepositions that put an event somewhere ("in Warsaw", "at the Kuznica checkpoint", "near Bruzgi");
# "from", "to", "into" name origins and destinations, not where the event took place.
# "through" and "via" name the crossing or route where a movement happened; "on" an island or coast
# ("on Lesbos"; a date after "on" is no place mention).
EVENT_LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "along", "within", "around", "off", "through", "via", "on"}
)
# Nouns a place name may follow with "of" and still be where things happen: "in the city of Mariupol",
# "at the village of Koufroun", "in the outskirts of Kabul".
PLACE_OF_NOUNS = frozenset(
    {"city", "town", "village", "region", "province", "port", "camp", "district", "capital", "area", "state"}
    | {"neighbourhood", "neighborhood", "outskirts", "suburb", "suburbs", "island", "coast", "centre", "center"}
    | {"governorate", "county", "municipality", "enclave", "territory", "strip", "border", "streets", "south"}
    | {"north", "east", "west", "heart", "parts", "part", "shores", "waters", "islands"}
)
# Dependency links a place name may sit under inside the preposition's object.
_NOMINAL_LINKS = frozenset({"compound", "amod", "nmod", "appos", "conj", "pobj", "npadvmod", "nn", "poss"})
_DIRECT_LINKS = frozenset({"appos", "conj"})


def is_locative(parsed: Parsed, first: int, last: int, *, direct: bool = False) -> bool:
    """True when the mention ``[first, last)`` is (inside) the object of a locative preposition:
    "in Kuznica", "at the Kuznica railway checkpoint", "in Poland and Lithuania". ``direct``: the
    mention must be the object itself (or joined to it by "and" or an apposition), not a modifier
    of another noun ("at the Kuznica railway checkpoint" is then False)."""
    toks = parsed.tokens
    j = next((k for k in range(first, last) if not first <= toks[k].head < last), last - 1)
    for _ in range(5):
        h = toks[j].head
        if h == j:
            return False
        if toks[h].pos == "ADP":
            if toks[h].lower == "of" and toks[h].head != h and toks[toks[h].head].lower in PLACE_OF_NOUNS:
                j = toks[h].head  # "the city of Mariupol": where the city is, the event is
                continue
            return toks[h].lower in EVENT_LOCATIVE
        links = _DIRECT_LINKS if direct else _NOMINAL_LINKS
        if toks[j].dep not in links or toks[h].pos not in ("NOUN", "PROPN"):
            return False
        j = h
    return False


def _paragraphs(parsed: Parsed) -> list[int]:
    """Sentence index -> paragraph index (a paragraph ends at a line break)."""
    out: list[int] = []
    para = 0
    prev_end: int | None = None
    for sent in parsed.sents:
        if prev_end is not None and "\n" in parsed.text[prev_end : sent.start]:
            para += 1
        out.append(para)
        prev_end = sent.end
    return out


def assign_event_places(an: Analysis, mentions: Sequence[tuple[int, int, str]]) -> None:
    """Set ``event.place`` for every event: the place its clause names, else none.

    ``mentions``: (first token, last token, place id) of each place mention. Only mentions that stand
    as a location ("in X", "at the X checkpoint", "near X") count: "Poland accused Belarus" names two
    states as actors, not where anything happened. The nearest such mention in the trigger's subtree
    wins; else the only one in the sentence; else, when the sentence names no location at all, the
    paragraph's when it names exactly one; else none.
    """
    parsed = an.parsed
    actor_of = _actor_tokens(parsed, an.actors)
    by_sent: dict[int, list[tuple[int, int, str]]] = {}
    for m in mentions:
        if is_locative(parsed, m[0], m[1]):
            by_sent.setdefault(parsed.tokens[m[0]].sent, []).append(m)
    para_of = _paragraphs(parsed)
    by_para: dict[int, set[str]] = {}
    for sent, ms in by_sent.items():
        by_para.setdefault(para_of[sent], set()).update(m[2] for m in ms)
    for idx, ev in enumerate(an.events):
        trig = parsed.token_at(ev.trigger.start)
        if trig is None:
            continue
        sent = parsed.tokens[trig].sent
        own = {ev.source, ev.target, *ev.sources, *ev.targets} - {None}
        cands = [m for m in by_sent.get(sent, []) if not any(actor_of.get(k) in own for k in range(m[0], m[1]))]
        lo, hi = parsed.subtree(trig)
        inside = [m for m in cands if lo <= m[0] and m[1] <= hi]
        place: str | None = None
        if inside:
            place = min(inside, key=lambda m: abs(m[0] - trig))[2]
        elif len({m[2] for m in cands}) == 1:
            place = cands[0][2]
        elif not by_sent.get(sent):
            # the sentence names no location: the paragraph's, when it names exactly one
            # ("Soldiers sealed the palace in Niamey. They detained the president." -> Niamey)
            para = by_para.get(para_of[sent], set())
            if len(para) == 1:
                place = next(iter(para))
        if place != ev.place:
            an.events[idx] = dataclasses.replace(ev, place=place)


def make_stage(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn:
    demonyms = knowledge.place_words
    names = name_words()
    # The index is opened (and built, on a machine's first run) when the first document arrives,
    # so building a Pipeline stays cheap.
    gaz: list[Gazetteer] = []

    def run(an: Analysis) -> None:
        if not gaz:
            gaz.append(knowledge.gazetteer)
        tops = geoparse(an.parsed, gaz[0], demonyms, an, names)
        places, at = to_places(tops, an.next_id)
        an.places.extend(places)
        mentions: list[tuple[int, int, str]] = []
        for t in tops:
            first = an.parsed.token_at(t.start)
            last = an.parsed.token_at(t.end - 1)
            if first is not None and last is not None:
                mentions.append((first, last + 1, at[t.start]))
        assign_event_places(an, mentions)

    return run


SPEC = StageSpec(
    "places.gazetteer.v1",
    make_stage,
    # Actors seed the country context and keep the places that name a source or target out of events.
    requires=("actors", "events"),
    produces=("places",),
    # Each event gets the place its clause names (``event.place``).
    updates=("events",),
    knowledge=("places", "gazetteer"),
    doc="toponyms resolved against the gazetteer, and each event's place",
)


__all__ = [
    "SPEC",
    "assign_event_places",
    "find_mentions",
    "geoparse",
    "is_locative",
    "make_stage",
    "to_places",
]
