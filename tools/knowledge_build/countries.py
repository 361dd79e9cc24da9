"""Country tables -> demonyms (``demonyms.tsv``) and country names (``country_names.tsv``).

Sources: ``petrarch2/CountryInfo.120116.txt`` (``<Nationality>``, ``<Capital>``, ``<MajorCities>``,
``<Regions>`` per country), ``ngec/countries.csv`` (``Nationality``: demonyms and other names) and the
country records of ``Phoenix.Countries.actors.txt`` (every phrase PETRARCH2 codes as the country).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass

from .codes import CodeMapper
from .phoenix_actors import Record
from .report import Report
from .syntax import display_words, phrase_words

COUNTRYINFO = "petrarch2/CountryInfo.120116.txt"
COUNTRIES_CSV = "ngec/countries.csv"
NAME_WORDS = frozenset(
    {
        "republic",
        "kingdom",
        "islands",
        "island",
        "state",
        "states",
        "federation",
        "of",
        "union",
        "emirates",
        "democratic",
    }
)
"""Words that make a Nationality item a name ("Islamic Republic of Afghanistan"), not a demonym."""

TYPE_ORDER = {"name": 0, "capital": 1, "territory": 2, "city": 3, "region": 4, "alias": 5}


@dataclass
class CountryInfo:
    code: str
    """CAMEO code as given (``AFG``, ``USAPRI``, or the last code of a bracketed history)."""
    name: list[str]
    nationality: list[list[str]]
    capital: list[list[str]]
    cities: list[list[str]]
    regions: list[list[str]]
    line: int


def _items(body: str) -> list[list[str]]:
    out = []
    for line in body.splitlines():
        line = line.split("#", 1)[0]
        line = re.sub(r"\[[^\]]*\]", "", line).strip()
        if line:
            words = phrase_words(line)
            if words:
                out.append(words)
    return out


def parse_countryinfo(text: str, report: Report) -> list[CountryInfo]:
    # Blank out XML comments but keep line numbers (for the report).
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    out: list[CountryInfo] = []
    for m in re.finditer(r"<Country>(.*?)</Country>", text, re.S):
        body = m.group(1)
        line = text.count("\n", 0, m.start()) + 1

        def tag(name: str, body: str = body) -> str:
            t = re.search(rf"<{re.escape(name)}>(.*?)</{re.escape(name)}>", body, re.S)
            return t.group(1) if t else ""

        raw_code = tag("CountryCode").strip()
        if "[" in raw_code:
            codes = re.findall(r"\[([A-Z]+)[^\]]*\]", raw_code)
            raw_code = codes[-1] if codes else ""
        name = phrase_words(tag("CountryName"))
        if not raw_code or not name:
            report.drop(COUNTRYINFO, line, "country block without a CountryCode", " ".join(name) or body[:60])
            continue
        out.append(
            CountryInfo(
                raw_code,
                name,
                _items(tag("Nationality")),
                _items(tag("Capital")),
                _items(tag("MajorCities")),
                _items(tag("Regions")),
                line,
            )
        )
    return out


def dependencies(infos: list[CountryInfo], iso3: frozenset[str]) -> dict[str, str]:
    """CountryInfo dependency codes (parent + ISO of the dependency, and the dependency's own ISO code)
    -> parent, as PLOVER folds dependencies into their state."""
    out: dict[str, str] = {}
    for i in infos:
        if len(i.code) == 6 and i.code[:3] in iso3:
            out[i.code] = i.code[:3]
            out.setdefault(i.code[3:], i.code[:3])
    return out


@dataclass(frozen=True)
class NameRow:
    name: str
    country: str
    type: str
    source: str


@dataclass(frozen=True)
class DemonymRow:
    word: str
    country: str | None
    form: str
    source: str


def classify(item: str, names: list[str], items: set[str], suffixes: tuple[str, ...], all_names: set[str]) -> str:
    """``adjective``, ``people`` or ``name`` for one Nationality item (mixed case).

    The lists mix demonyms with other names of the country (official names, misspellings, names in
    other languages, dependencies). A demonym has a demonym ending (rules.tsv ``demonym_suffix``) and
    is not itself the name of a country or territory; a plural of one is ``people``.
    """
    low = item.casefold()
    words = set(low.replace("-", " ").split())
    if words & NAME_WORDS or any(low == n.casefold() for n in names) or low in all_names or "(" in low:
        return "name"
    if re.fullmatch(r"[A-Z.]{2,4}", item):
        return "name"  # "EU", "U.N."
    for n in names:
        stem = n.casefold()[:-1]
        # Misspellings and variants of the country's own name ("Afganistan"), but not its
        # demonym, which starts with the name ("Argentinean", "Canadian").
        similar = difflib.SequenceMatcher(None, low, n.casefold()).ratio() >= 0.8
        if similar and len(low) >= len(n) - 1 and not (low.startswith(stem) and len(low) > len(n)):
            return "name"
    if len(words) > 2:
        return "name"
    if low.endswith("s") and (low[:-1] in items or (low.endswith("es") and low[:-2] in items)):
        return "people"
    if low.endswith(("men", "women")):
        return "people"
    if len(words) == 1 and low.endswith("s") and not low.endswith("ss"):
        return "people"  # "Poles", "Danes": a plural that is not the name of a country
    last = low.split()[-1] if low.split() else low
    return "adjective" if last.endswith(suffixes) else "name"


def country_tables(
    infos: list[CountryInfo],
    csv_text: str,
    phoenix_records: list[Record],
    mapper: CodeMapper,
    pseudo_adjectives: dict[str, str],
    regional_adjectives: list[str],
    demonym_suffixes: frozenset[str],
    report: Report,
) -> tuple[list[NameRow], list[DemonymRow]]:
    names: list[NameRow] = []
    demonyms: list[DemonymRow] = []
    suffixes = tuple(s.lower() for s in demonym_suffixes)
    all_names = {display_words(i.name).casefold() for i in infos}
    all_names |= {(row.get("Name") or "").strip().casefold() for row in csv.DictReader(io.StringIO(csv_text))}
    for info in infos:
        country, used = mapper.country_of(info.code)
        if country is None or used != len(info.code):
            report.drop(COUNTRYINFO, info.line, f"CountryCode {info.code} maps to no country", display_words(info.name))
            continue
        dependency = info.code in mapper.dependencies
        own_names = [display_words(info.name)]
        names.append(NameRow(own_names[0], country, "territory" if dependency else "name", COUNTRYINFO))
        nat = [display_words(w) for w in info.nationality]
        lowered = {n.casefold() for n in nat}
        for item in nat:
            form = classify(item, own_names, lowered, suffixes, all_names)
            if form == "name":
                # CountryInfo's lists mix official names, misspellings and names in other languages.
                names.append(NameRow(item, country, "territory" if dependency else "alias", COUNTRYINFO))
            else:
                demonyms.append(DemonymRow(item, country, form, COUNTRYINFO))
        for words in info.capital:
            names.append(NameRow(display_words(words), country, "city" if dependency else "capital", COUNTRYINFO))
        for words in info.cities:
            names.append(NameRow(display_words(words), country, "city", COUNTRYINFO))
        for words in info.regions:
            names.append(NameRow(display_words(words), country, "region", COUNTRYINFO))
    for number, row in enumerate(csv.DictReader(io.StringIO(csv_text)), 2):
        code = (row.get("CCA3") or "").strip()
        country = mapper.fixed.get(code, code)
        if len(country) == 6 and country.endswith("PRE"):
            country = country[:3]  # partially recognised entity: PLOVER codes the nominal sovereign (+ sector PRE)
            report.count("Partially recognised entities coded as their nominal sovereign", code)
        if not re.fullmatch(r"[A-Z]{3}", country):
            report.drop(COUNTRIES_CSV, number, "CCA3 is not a 3-letter code", str(row))
            continue
        own = (row.get("Name") or "").strip()
        names.append(NameRow(own, country, "name", COUNTRIES_CSV))
        items = [i.strip() for i in re.split(r"[,\n]", row.get("Nationality") or "") if i.strip()]
        lowered = {i.casefold() for i in items}
        for item in items:
            form = classify(item, [own], lowered, suffixes, all_names)
            if form == "name":
                names.append(NameRow(item, country, "name", COUNTRIES_CSV))
            else:
                demonyms.append(DemonymRow(item, country, form, COUNTRIES_CSV))
    known = {(n.name.casefold(), n.country) for n in names} | {(d.word.casefold(), d.country or "") for d in demonyms}
    for rec in phoenix_records:
        if not rec.codes:
            continue
        country, _ = mapper.country_of(rec.codes[0].code)
        if country is None:
            continue
        for words in [rec.primary, *rec.synonyms]:
            text = display_words(words)
            if (text.casefold(), country) not in known:
                known.add((text.casefold(), country))
                names.append(NameRow(text, country, "alias", rec.source))
    for adjective, code in sorted(pseudo_adjectives.items()):
        demonyms.append(
            DemonymRow(adjective, code, "adjective", "rules.tsv pseudo_adjective (PLOVER manual tab:nonstate)")
        )
    for adjective in regional_adjectives:
        demonyms.append(
            DemonymRow(adjective, None, "regional", "ngec/PLOVER_agents.txt ~NON (regional construct: no country)")
        )
    return _dedupe_names(names, report), _dedupe_demonyms(demonyms, report)


def _dedupe_names(rows: list[NameRow], report: Report) -> list[NameRow]:
    best: dict[tuple[str, str], NameRow] = {}
    for r in rows:
        if not r.name:
            continue
        key = (r.name.casefold(), r.country)
        if key not in best or TYPE_ORDER[r.type] < TYPE_ORDER[best[key].type]:
            best[key] = r
    by_name: dict[str, set[str]] = {}
    for name, country in best:
        by_name.setdefault(name, set()).add(country)
    ambiguous = sum(1 for c in by_name.values() if len(c) > 1)
    if ambiguous:
        report.count(
            "Country names tied to more than one country (kept; a loader should not resolve them alone)",
            "names",
            ambiguous,
        )
    return sorted(best.values(), key=lambda r: (r.country, TYPE_ORDER[r.type], r.name.casefold(), r.name))


def _dedupe_demonyms(rows: list[DemonymRow], report: Report) -> list[DemonymRow]:
    best: dict[tuple[str, str | None], DemonymRow] = {}
    for r in rows:
        key = (r.word.casefold(), r.country)
        if key not in best:
            best[key] = r
        elif best[key].form != r.form:
            report.count("Demonyms classified differently by two sources (first kept)", r.word)
    by_word: dict[str, set[str | None]] = {}
    for word, country in best:
        by_word.setdefault(word, set()).add(country)
    for word, countries in sorted(by_word.items()):
        if len(countries) > 1:
            report.count("Demonyms of more than one country (kept; ambiguous)", word)
    return sorted(best.values(), key=lambda r: (r.word.casefold(), r.country or "", r.word))
