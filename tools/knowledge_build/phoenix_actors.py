"""Phoenix actor dictionaries (``Phoenix.*.actors.txt``) -> people and organisations with dated roles.

A record is a primary phrase, its ``+`` synonyms and code lines; a code applies to the primary
phrase and every synonym; ``[USAGOV 090120-130120]`` holds between the dates (inclusive),
``[USAGOV >090120]`` from a date, ``[USAGOV <090120]`` until one, ``[USAGOV]`` is the default. As in
PETRARCH2, a record ends at the next primary phrase, so a primary phrase with no code lines of its
own codes nothing.

Records whose codes are all bare countries (``AFGHANISTAN_ [AFG]`` with its synonyms) name a
country, not an actor: they go to ``country_names.tsv`` (see countries.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .codes import NULL_CODE, CodeMapper
from .report import Report
from .syntax import DateError, Line, content_lines, display_words, parse_range, phrase_words

_BRACKET = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3})*$")
_ABBREV_MAX = 4
"""Single-token aliases this short are written in capitals: the loader then matches them only as
written ("UN", "ANSF"), so they cannot match ordinary words ("un", "is")."""


@dataclass
class Code:
    code: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    line: int


@dataclass
class Record:
    source: str
    line: int
    primary: list[str]
    comment: str
    synonyms: list[list[str]] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    last_line: int = 0
    code_text: bool = False
    """Whether any code brackets were seen (even ones dropped as malformed)."""


def _codes(text: str, ln: Line, source: str, report: Report) -> list[Code]:
    out = []
    for m in _BRACKET.finditer(text):
        parts = m.group(1).split(None, 1)
        if not parts:
            report.drop(source, ln.number, "empty code brackets", ln.raw)
            continue
        code = parts[0].strip()
        if code != NULL_CODE and not _CODE.match(code):
            report.drop(source, ln.number, "code is not a run of 3-letter blocks", ln.raw)
            continue
        try:
            start, end = parse_range(parts[1] if len(parts) > 1 else "")
        except DateError as e:
            report.drop(source, ln.number, f"malformed date ({e})", ln.raw)
            continue
        out.append(Code(code, start, end, ln.number))
    return out


def parse_actors(text: str, source: str, report: Report) -> list[Record]:
    records: list[Record] = []
    current: Record | None = None
    for ln in content_lines(text):
        stripped = ln.content.strip()
        if stripped.startswith("["):
            if current is None:
                report.drop(source, ln.number, "code line before any phrase", ln.raw)
                continue
            current.codes += _codes(stripped, ln, source, report)
            current.code_text = True
        elif stripped.startswith("+"):
            if current is None:
                report.drop(source, ln.number, "synonym before any phrase", ln.raw)
                continue
            phrase, _, rest = stripped[1:].partition("[")
            # "+A_B+_C_D" (a missing line break) is two synonyms.
            for part in phrase.split("+"):
                words = phrase_words(part)
                if words:
                    current.synonyms.append(words)
            if rest:
                current.codes += _codes("[" + rest, ln, source, report)
                current.code_text = True
        else:
            phrase, bracket, rest = stripped.partition("[")
            words = phrase_words(phrase)
            if not words:
                report.drop(source, ln.number, "line without a phrase", ln.raw)
                continue
            if current is not None and not current.code_text and ln.number == current.last_line + 1:
                # "IVO_JOSIPOVIC_" / "PRESIDENT_JOSIPOVIC_" / "JOSIPOVIC_" on adjacent lines, then the codes:
                # the '+' is missing. PETRARCH2 would leave all but the last phrase without codes.
                report.count("Adjacent primary phrases read as synonyms (missing '+')", source)
                current.synonyms.append(words)
                current.last_line = ln.number
                if bracket:
                    current.codes += _codes("[" + rest, ln, source, report)
                    current.code_text = True
                continue
            current = Record(source, ln.number, words, ln.comment)
            records.append(current)
            if bracket:
                current.codes += _codes("[" + rest, ln, source, report)
                current.code_text = True
        if current is not None:
            current.last_line = ln.number
    return records


@dataclass(frozen=True)
class RoleRow:
    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sectors: tuple[str, ...]
    valid_from: dt.date | None
    valid_until: dt.date | None
    kind: str
    code: str
    source: str

    def cells(self) -> list[str]:
        return [
            self.id,
            self.name,
            "|".join(self.aliases) or "-",
            self.country or "-",
            self.sectors[0] if self.sectors else "-",
            "|".join(self.sectors) or "-",
            self.valid_from.isoformat() if self.valid_from else "-",
            self.valid_until.isoformat() if self.valid_until else "-",
            self.kind,
            self.code,
            self.source,
        ]


def _split_abbreviations(words: list[str]) -> tuple[list[str], list[str]]:
    """``ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)`` -> (name words, ["AAIA"])."""
    name, abbrevs = [], []
    for w in words:
        m = re.fullmatch(r"\(([A-Z0-9.\-]+)\)", w)
        if m:
            abbrevs.append(m.group(1))
        elif w not in ("(", ")"):
            name.append(w)
    return name, abbrevs


def alias_text(words: list[str]) -> str:
    if len(words) == 1 and len(words[0].replace(".", "")) <= _ABBREV_MAX and re.fullmatch(r"[A-Z0-9.]+", words[0]):
        return words[0]
    return display_words(words)


def is_country_record(record: Record, mapper: CodeMapper) -> bool:
    """All codes undated and bare countries or dependencies: the record names a country."""
    if not record.codes:
        return False
    for c in record.codes:
        if c.valid_from or c.valid_until or c.code == NULL_CODE:
            return False
        country, used = mapper.country_of(c.code)
        if country is None or used != len(c.code) or country in mapper.pseudo_codes:
            return False
    return True


def _kind(record: Record, mapper: CodeMapper, titles: frozenset[str]) -> str:
    """person or organisation. The dictionaries do not say; a person has dated roles, comes from
    CountryInfo's leader lists, is a former official (ELI) or has a synonym "TITLE ... SURNAME"."""
    if any(c.valid_from or c.valid_until for c in record.codes):
        return "person"
    surname = record.primary[-1]
    if any(s[0] in titles and s[-1] == surname and len(s) > 1 for s in record.synonyms):
        return "person"
    if "CountryInfo" in record.comment or "IGOrulers" in record.comment:
        return "person"
    if any(c.code.endswith("ELI") or c.code == "ELI" for c in record.codes):
        return "person"
    return "organisation"


def role_rows(
    records: list[Record], mapper: CodeMapper, source_tag: str, report: Report, titles: frozenset[str] = frozenset()
) -> list[RoleRow]:
    """One row per (record, code line); records without codes are dropped (they code nothing)."""
    rows: list[RoleRow] = []
    ids: dict[str, int] = {}
    signatures: set[tuple[object, ...]] = set()
    for rec in records:
        signature = (
            tuple(rec.primary),
            tuple(tuple(s) for s in rec.synonyms),
            tuple((c.code, c.valid_from, c.valid_until) for c in rec.codes),
        )
        if signature in signatures:
            report.count("Phoenix records repeated verbatim in a file (kept once)", rec.source)
            continue
        signatures.add(signature)
        if not rec.codes:
            report.drop(
                rec.source,
                rec.line,
                "phrase without code lines (codes nothing, as in PETRARCH2)",
                " ".join(rec.primary),
            )
            continue
        name_words, abbrevs = _split_abbreviations(rec.primary)
        if not name_words:
            report.drop(rec.source, rec.line, "phrase is only an abbreviation", " ".join(rec.primary))
            continue
        base = f"phoenix:{source_tag}:" + "_".join(w.lower() for w in name_words)
        ids[base] = ids.get(base, 0) + 1
        if ids[base] > 1:
            report.count("Phoenix primary phrases used by more than one record (kept apart: id#n)", source_tag)
        actor_id = base if ids[base] == 1 else f"{base}#{ids[base]}"
        name = display_words(name_words)
        aliases: list[str] = []
        for words in [*(a for a in ([x] for x in abbrevs)), *rec.synonyms]:
            syn_words, syn_abbrevs = _split_abbreviations(words)
            for alias in [alias_text(syn_words)] if syn_words else []:
                aliases.append(alias)
            aliases += syn_abbrevs
        known = {name.casefold()}
        unique = []
        for a in aliases:
            if a.casefold() not in known:
                known.add(a.casefold())
                unique.append(a)
        kind = _kind(rec, mapper, titles)
        for c in rec.codes:
            coded = mapper.map(c.code, "cameo", where=f"{rec.source}:{c.line}")
            report.count("Phoenix roles by country kind", _country_kind(coded.country, mapper))
            rows.append(
                RoleRow(
                    actor_id,
                    name,
                    tuple(unique),
                    coded.country,
                    coded.sectors,
                    c.valid_from,
                    c.valid_until,
                    kind,
                    c.code,
                    rec.source,
                )
            )
    return rows


def _country_kind(country: str | None, mapper: CodeMapper) -> str:
    if country is None:
        return "no country (region, elite without country, null code)"
    if country in mapper.pseudo_codes:
        return f"pseudo-country {country}"
    if country in mapper.historical.values():
        return "historical state"
    return "state"
