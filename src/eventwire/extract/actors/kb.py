"""The actor knowledge base: countries, demonyms, capitals, organisations, sector words, people.

Data files live in ``eventwire/knowledge/actors/`` (TSV, ``#`` comment lines say format and source):

* ``countries.tsv``      iso3, name, aliases, adjectives, people, capitals
* ``organisations.tsv``  name, aliases, country, sector, kind   (IGOs, seats of power, agencies, armed groups, media)
* ``people.tsv``         name, aliases, country, sector, role, gender
* ``regions.tsv``        name, aliases, country, kind
* ``sectors.tsv``        phrase, sector, kind, role

Users extend the shipped files with their own: the files passed to :func:`load_kb` (a pipeline passes
``KnowledgeSources.actor_files``; the command line fills that from ``EVENTWIRE_KB``). A user file is TSV
in the format of one of the shipped files, named for it (``people*.tsv``, ``organisations*.tsv``, ...) or
saying which with a ``# kind: people`` line before its first row; or YAML (``.yml``/``.yaml``) with those
kinds as top-level keys, each a list of mappings with the column names as keys. User rows override
shipped rows with the same name. A malformed file raises :class:`~eventwire.errors.KnowledgeError`
(EW205) naming file and line.

Public API:

* :func:`load_kb` (``paths``) -> :class:`KnowledgeBase` (shipped files plus ``paths``; immutable).
* :func:`resolve_phrase` (``text``, ``kb``) -> ``(country, sector, kind)`` or None: a lookup that needs no parse.
* :func:`normalise` -- the key form names are looked up by.
* :meth:`KnowledgeBase.manifest_entries` -- entry key -> (content hash, surface forms), for the
  store's re-extraction after a knowledge change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import KnowledgeError
from ...records import ActorKind

KINDS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3", "name", "aliases", "adjectives", "people", "capitals"),
    "organisations": ("name", "aliases", "country", "sector", "kind"),
    "people": ("name", "aliases", "country", "sector", "role", "gender"),
    "regions": ("name", "aliases", "country", "kind"),
    "sectors": ("phrase", "sector", "kind", "role"),
}
"""File kind -> its columns, in order."""

SHIPPED = ("countries", "organisations", "people", "regions", "sectors")
COMPILED_FILES = (
    "actors/phoenix_people.tsv",
    "actors/phoenix_orgs.tsv",
    "actors/agents.tsv",
    "actors/non_actors.tsv",
    "actors/demonyms.tsv",
    "actors/country_names.tsv",
    "actors/regions_derived.tsv",
    "actors/ethnic_groups.tsv",
)
"""Files compiled from the field's dictionaries (docs/knowledge.md): they fill only what the
hand-made and user files leave open."""
SHIPPED_FILES = (*(f"actors/{kind}.tsv" for kind in SHIPPED), *COMPILED_FILES)
"""The shipped files, relative to the knowledge folder, in load order."""
DICTIONARY_UPDATED = dt.date(2017, 7, 20)
"""Last update of Phoenix.Countries: an open-ended role is what was true then, not necessarily later."""
ACTOR_KINDS = frozenset({"person", "organisation", "state", "group"})
PSEUDO_COUNTRIES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "KOS"})
_CODE = re.compile(r"^[A-Z]{3}$")
_KIND_LINE = re.compile(r"^#\s*kind\s*:\s*(\w+)\s*$", re.IGNORECASE)
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_ABBREV = re.compile(r"^[A-Z0-9.\-]+$")


@lru_cache(maxsize=4096)  # pure, and called for the same few names over and over (~100 a report)
def normalise(text: str) -> str:
    """Lookup key of a name: no accents, curly quotes straightened, case-folded, no leading "the",
    no trailing possessive, single spaces ("The Kremlin’s" -> "kremlin")."""
    t = unicodedata.normalize("NFKD", text.translate(_APOS))
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = " ".join(t.split()).casefold()
    if t.startswith("the "):
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    elif t.endswith("'"):
        t = t[:-1]
    return t.strip()


def _is_abbreviation(alias: str) -> bool:
    """All-capital short forms ("US", "WHO", "IS") match only as written, never as ordinary words."""
    return bool(_ABBREV.match(alias)) and any(c.isalpha() for c in alias)


@dataclass(frozen=True, slots=True)
class Entry:
    """One named actor of the knowledge base: an organisation, a person, a region or a country."""

    key: str
    """Stable key, e.g. ``person:Vladimir Putin``, ``org:Kremlin``, ``country:POL``."""
    name: str
    country: str | None
    sector: str | None
    kind: ActorKind
    roles: tuple[str, ...] = ()
    """Title words of a person ("president", "foreign minister")."""
    gender: str | None = None
    """m | f for people when known."""


@dataclass(frozen=True, slots=True)
class SectorWord:
    """A noun phrase that makes an actor of its noun phrase ("border guard" -> COP)."""

    phrase: tuple[str, ...]
    sector: str | None
    kind: ActorKind
    role: str | None
    """"head" (head of state/government titles), "title" (other titles) or None."""


@dataclass(frozen=True)
class KnowledgeBase:
    """Lookups compiled from the data files; build with :func:`load_kb` (read-only once built)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    """key -> entry."""
    names: dict[str, str] = field(default_factory=dict)
    """normalised name or alias -> entry key (organisations, people, regions, countries)."""
    exact: dict[str, str] = field(default_factory=dict)
    """abbreviations exactly as written ("US", "WHO") -> entry key."""
    adjectives: dict[str, str] = field(default_factory=dict)
    """normalised demonym adjective ("polish") -> iso3."""
    nationals: dict[str, str] = field(default_factory=dict)
    """normalised plural noun for nationals ("iraqis") -> iso3."""
    capitals: dict[str, str] = field(default_factory=dict)
    """normalised capital ("warsaw") -> iso3."""
    sectors: dict[tuple[str, ...], SectorWord] = field(default_factory=dict)
    max_sector_words: int = 1
    sources: tuple[str, ...] = ()
    """Files loaded, in order."""
    roles: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Entry key -> the dated roles (:class:`~eventwire.knowledge.compiled.ActorRole`) of an actor
    from the compiled Phoenix dictionaries; its entry's country/sector depend on the article's date."""
    non_actors: frozenset[tuple[str, ...]] = frozenset()
    """Lower-case noun phrases never made actors ("the border", weekdays, natural disasters)."""
    ethnic: dict[str, frozenset[str]] = field(default_factory=dict)
    """normalised ethnic group name ("hutu") -> the states it lives in (CAMEO ECS, compiled)."""
    day: dt.date | None = None
    """The article's publication date this view resolves dated roles on (:meth:`on`)."""

    # -- lookups -----------------------------------------------------------------------------
    def on(self, day: dt.date | None) -> KnowledgeBase:
        """A view of this knowledge base that resolves dated roles on ``day`` (shares all tables)."""
        return self if day == self.day else replace(self, day=day)

    def entry(self, text: str) -> Entry | None:
        """The organisation, person, region or country named exactly ``text`` (alias or name).

        An actor of the compiled dictionaries gets the role valid on the view's day (:meth:`on`);
        None when its role that day is "not an actor".
        """
        raw = text.strip().translate(_APOS)
        if raw.endswith("'s"):
            raw = raw[:-2]
        if raw[:4].lower() == "the ":
            raw = raw[4:]
        key = self.exact.get(raw) or self.names.get(normalise(text))
        e = self.entries.get(key) if key else None
        if e is not None and key in self.roles:
            return _dated_entry(e, self.roles[key], self.day)
        return e

    def is_non_actor(self, words: Sequence[str]) -> bool:
        """Whether these lower-case words are a phrase the dictionaries mark as never an actor."""
        return tuple(words) in self.non_actors

    def country_entry(self, iso3: str) -> Entry | None:
        """The state entry of a country code."""
        return self.entries.get(f"country:{iso3}")

    def country_of_name(self, text: str) -> str | None:
        """ISO3 if ``text`` names a country (name or alias, possessive allowed)."""
        e = self.entry(text)
        return e.country if e is not None and e.kind == "state" and e.key.startswith("country:") else None

    def adjective(self, word: str) -> str | None:
        """ISO3 for a demonym adjective ("Polish", "South African")."""
        if _is_abbreviation(word) and word in self.exact:
            e = self.entries[self.exact[word]]
            return e.country if e.key.startswith("country:") else None
        return self.adjectives.get(normalise(word))

    def ethnic_countries(self, word: str) -> frozenset[str]:
        """The states an ethnic group ("Hutu", "Tamil") lives in; empty when the word names none."""
        return self.ethnic.get(normalise(word), frozenset())

    def national(self, word: str) -> str | None:
        """ISO3 for a plural noun naming nationals ("Iraqis", "Palestinians")."""
        return self.nationals.get(normalise(word))

    def capital(self, word: str) -> str | None:
        """ISO3 for a capital city ("Minsk")."""
        return self.capitals.get(normalise(word))

    def sector_word(self, words: Sequence[str]) -> SectorWord | None:
        """The sector word for exactly these lower-case words (lemmas), if any."""
        return self.sectors.get(tuple(words))

    def manifest_entries(self) -> dict[str, tuple[str, tuple[str, ...] | None]]:
        """Entry key -> (hash of what the entry says, the surface forms text must contain for it to matter).

        The forms are every name, alias, abbreviation, demonym, national noun and capital that looks the
        entry up, so an entry can change a record only if the article's text holds one of them. Sector
        words are one entry, ``sectors:*``, without forms: they match lemmas and plurals anywhere, so a
        change to them concerns every article.
        """
        forms: dict[str, set[str]] = {key: set() for key in self.entries}
        for table in (self.names, self.exact):
            for form, key in table.items():
                forms.setdefault(key, set()).add(form)
        for table in (self.adjectives, self.nationals, self.capitals):
            for form, iso in table.items():
                forms.setdefault(f"country:{iso}", set()).add(form)
        out: dict[str, tuple[str, tuple[str, ...] | None]] = {}
        for key, found in forms.items():
            entry = self.entries.get(key)
            h = hashlib.sha256(repr((entry, sorted(found))).encode("utf-8")).hexdigest()[:16]
            out[key] = (h, tuple(sorted(found)))
        sectors = sorted((k, repr(v)) for k, v in self.sectors.items())
        out["sectors:*"] = (hashlib.sha256(repr(sectors).encode("utf-8")).hexdigest()[:16], None)
        return out


# -- loading ---------------------------------------------------------------------------------


@dataclass
class _Tables:
    """The knowledge base's tables while the files are read."""

    entries: dict[str, Entry] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    exact: dict[str, str] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)
    nationals: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    sectors: dict[tuple[str, ...], SectorWord] = field(default_factory=dict)
    max_sector_words: int = 1
    sources: list[str] = field(default_factory=list)
    roles: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    non_actors: set[tuple[str, ...]] = field(default_factory=set)
    ethnic: dict[str, frozenset[str]] = field(default_factory=dict)


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def _opt(cell: str) -> str | None:
    cell = cell.strip()
    return None if cell in ("", "-") else cell


class _Builder:
    """Collects rows into plain dicts; :meth:`finish` makes the read-only knowledge base."""

    def __init__(self) -> None:
        self.kb = _Tables()

    def finish(self) -> KnowledgeBase:
        t = self.kb
        return KnowledgeBase(
            roles=t.roles,
            non_actors=frozenset(t.non_actors),
            ethnic=t.ethnic,
            entries=t.entries,
            names=t.names,
            exact=t.exact,
            adjectives=t.adjectives,
            nationals=t.nationals,
            capitals=t.capitals,
            sectors=t.sectors,
            max_sector_words=t.max_sector_words,
            sources=tuple(t.sources),
        )

    def _name(self, alias: str, key: str) -> None:
        if _is_abbreviation(alias):
            self.kb.exact[alias] = key
            if "." in alias:
                self.kb.exact[alias.replace(".", "")] = key
        else:
            self.kb.names[normalise(alias)] = key

    def _check_code(self, value: str | None, what: str, where: tuple[str, int]) -> str | None:
        if value is not None and not _CODE.match(value):
            raise KnowledgeError(
                f"{what} {value!r} is not a 3-letter upper-case code or '-'", path=where[0], line=where[1]
            )
        return value

    def _check_kind(self, value: str, where: tuple[str, int]) -> ActorKind:
        if value not in ACTOR_KINDS:
            raise KnowledgeError(
                f"kind {value!r} is not one of {', '.join(sorted(ACTOR_KINDS))}", path=where[0], line=where[1]
            )
        return value  # type: ignore[return-value]

    def add(self, kind: str, row: dict[str, str], where: tuple[str, int]) -> None:
        first = row.get(KINDS[kind][0], "").strip()
        if not first:
            raise KnowledgeError(f"empty {KINDS[kind][0]!r}", path=where[0], line=where[1])
        getattr(self, f"_add_{kind}")(row, where)

    def _add_countries(self, row: dict[str, str], where: tuple[str, int]) -> None:
        iso = self._check_code(_opt(row["iso3"]), "country", where)
        if iso is None:
            raise KnowledgeError("iso3 must not be '-'", path=where[0], line=where[1])
        key = f"country:{iso}"
        self.kb.entries[key] = Entry(key, row["name"].strip() or iso, iso, "GOV", "state")
        for alias in [row["name"], *_split(row["aliases"])]:
            self._name(alias, key)
        for adj in _split(row["adjectives"]):
            if _is_abbreviation(adj):
                self.kb.exact.setdefault(adj, key)
            else:
                self.kb.adjectives[normalise(adj)] = iso
        for noun in _split(row["people"]):
            self.kb.nationals[normalise(noun)] = iso
        for cap in _split(row["capitals"]):
            self.kb.capitals[normalise(cap)] = iso

    def _add_organisations(self, row: dict[str, str], where: tuple[str, int]) -> None:
        key = f"org:{row['name'].strip()}"
        country = self._check_code(_opt(row["country"]), "country", where)
        sector = self._check_code(_opt(row["sector"]), "sector", where)
        kind = self._check_kind(row["kind"].strip(), where)
        self.kb.entries[key] = Entry(key, row["name"].strip(), country, sector, kind)
        for alias in [row["name"], *_split(row["aliases"])]:
            self._name(alias, key)

    def _add_people(self, row: dict[str, str], where: tuple[str, int]) -> None:
        key = f"person:{row['name'].strip()}"
        country = self._check_code(_opt(row["country"]), "country", where)
        sector = self._check_code(_opt(row["sector"]), "sector", where)
        gender = _opt(row["gender"])
        if gender not in (None, "m", "f"):
            raise KnowledgeError(f"gender {gender!r} must be m, f or -", path=where[0], line=where[1])
        roles = tuple(r.lower() for r in _split(row["role"]))
        self.kb.entries[key] = Entry(key, row["name"].strip(), country, sector, "person", roles, gender)
        for alias in [row["name"], *_split(row["aliases"])]:
            self._name(alias, key)

    def _add_regions(self, row: dict[str, str], where: tuple[str, int]) -> None:
        key = f"region:{row['name'].strip()}"
        country = self._check_code(_opt(row["country"]), "country", where)
        kind = self._check_kind(row["kind"].strip(), where)
        self.kb.entries[key] = Entry(key, row["name"].strip(), country, None, kind)
        for alias in [row["name"], *_split(row["aliases"])]:
            self._name(alias, key)

    def _add_sectors(self, row: dict[str, str], where: tuple[str, int]) -> None:
        phrase = tuple(row["phrase"].lower().split())
        sector = self._check_code(_opt(row["sector"]), "sector", where)
        kind = self._check_kind(row["kind"].strip(), where)
        role = _opt(row["role"])
        if role not in (None, "head", "title"):
            raise KnowledgeError(f"role {role!r} must be head, title or -", path=where[0], line=where[1])
        self.kb.sectors[phrase] = SectorWord(phrase, sector, kind, role)
        self.kb.max_sector_words = max(self.kb.max_sector_words, len(phrase))


def _tsv_rows(text: str, path: str, kind: str | None) -> Iterator[tuple[str, dict[str, str], int | None]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            m = _KIND_LINE.match(line)
            if m:
                kind = m.group(1).lower()
                if kind not in KINDS:
                    raise KnowledgeError(
                        f"unknown kind {kind!r} (use one of {', '.join(KINDS)})", path=path, line=lineno
                    )
            continue
        if kind is None:
            raise KnowledgeError(
                f"cannot tell what the file holds: name it {'/'.join(KINDS)}*.tsv or add a '# kind: people' line",
                path=path,
                line=lineno,
            )
        cols = line.split("\t")
        want = KINDS[kind]
        if len(cols) != len(want):
            raise KnowledgeError(
                f"expected {len(want)} tab-separated columns ({', '.join(want)}) for {kind}, got {len(cols)}",
                path=path,
                line=lineno,
            )
        yield kind, dict(zip(want, cols, strict=True)), lineno


def _yaml_rows(text: str, path: str) -> Iterator[tuple[str, dict[str, str], int | None]]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise KnowledgeError(f"not valid YAML: {e}", path=path, line=mark.line + 1 if mark else None) from e
    if data is None:
        return
    if not isinstance(data, dict):
        raise KnowledgeError("a YAML knowledge file must be a mapping of kind -> list of entries", path=path, line=1)
    lines = text.splitlines()
    for kind, items in data.items():
        if kind not in KINDS:
            raise KnowledgeError(
                f"unknown kind {kind!r} (use one of {', '.join(KINDS)})", path=path, line=_find_line(lines, f"{kind}:")
            )
        if not isinstance(items, list):
            raise KnowledgeError(f"{kind} must be a list of entries", path=path, line=_find_line(lines, f"{kind}:"))
        for item in items:
            if not isinstance(item, dict):
                raise KnowledgeError(
                    f"each {kind} entry must be a mapping", path=path, line=_find_line(lines, str(item))
                )
            first = KINDS[kind][0]
            line = _find_line(lines, str(item.get(first, "")))
            unknown = set(item) - set(KINDS[kind])
            if unknown:
                raise KnowledgeError(
                    f"unknown field(s) {', '.join(sorted(map(str, unknown)))} in {kind}", path=path, line=line
                )
            row = {col: _yaml_cell(item.get(col)) for col in KINDS[kind]}
            yield kind, row, line


def _yaml_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


def _find_line(lines: list[str], needle: str) -> int | None:
    for i, line in enumerate(lines, 1):
        if needle and needle in line:
            return i
    return None


def _kind_of(path: Path) -> str | None:
    stem = path.name.lower()
    for kind in KINDS:
        if stem.startswith(kind) or stem.startswith(kind.rstrip("s")):
            return kind
    if stem.startswith("organizations"):
        return "organisations"
    return None


def _load_file(builder: _Builder, text: str, path: str, kind: str | None, yaml_file: bool) -> None:
    rows = _yaml_rows(text, path) if yaml_file else _tsv_rows(text, path, kind)
    for row_kind, row, line in rows:
        builder.add(row_kind, row, (path, line or 0))


def load_kb(paths: Iterable[str | Path] = (), *, compiled: bool = True) -> KnowledgeBase:
    """Load the shipped knowledge base plus the user files ``paths`` (in order; later rows win).

    With ``compiled`` (the default) the files compiled from the field's dictionaries then fill what
    the hand-made and user files leave open (precedence: user > hand-made > compiled).
    Raises :class:`KnowledgeError` (EW205) for a missing or malformed user file.
    """
    builder = _Builder()
    base = resources.files("eventwire") / "knowledge"
    for kind, rel in zip(SHIPPED, SHIPPED_FILES[: len(SHIPPED)], strict=True):
        res = base / rel
        _load_file(builder, res.read_text(encoding="utf-8"), f"knowledge/{rel}", kind, False)
        builder.kb.sources.append(str(res))
    for path in (Path(p) for p in paths):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise KnowledgeError(f"cannot read knowledge file: {e.strerror or e}", path=str(path)) from e
        except UnicodeDecodeError as e:
            raise KnowledgeError("knowledge files must be UTF-8", path=str(path)) from e
        yaml_file = path.suffix.lower() in (".yml", ".yaml")
        _load_file(builder, text, str(path), _kind_of(path), yaml_file)
        builder.kb.sources.append(str(path))
    if compiled:
        from .kb_compiled import add_compiled

        add_compiled(builder.kb)
        builder.kb.sources.extend(str(base / rel) for rel in COMPILED_FILES)
    return builder.finish()


def _dated_entry(e: Entry, roles: Sequence[Any], day: dt.date | None) -> Entry | None:
    """``e`` with the country and sector of its role on ``day`` (docs/knowledge.md, wiring plan 2-3)."""
    from ...knowledge.compiled import role_on

    role = role_on(roles, day)
    if role is None:
        # Known, but its role that day is not: the country only if every role shares it.
        countries = {r.country for r in roles if r.code != "---"}
        return replace(e, country=countries.pop() if len(countries) == 1 else None, sector=None)
    if role.code == "---":
        return None
    sector = role.sector
    if role.valid_from is not None and role.valid_until is None and day is not None and day > DICTIONARY_UPDATED:
        sector = None  # "held when the dictionary was last updated": the office may have changed since
    return replace(e, country=role.country, sector=sector)


# -- lookup without a parse ---------------------------------------------------------------------

_WORD = re.compile(r"[\w.'’\-]+")


def _singulars(word: str) -> list[str]:
    """Crude singular forms for sector lookups without a lemmatiser (guards -> guard, authorities -> authority)."""
    w = word.lower()
    out = [w]
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("men"):
        out.append(w[:-3] + "man")
    if w.endswith("es") and len(w) > 3:
        out.append(w[:-2])
    if w.endswith("s") and len(w) > 2:
        out.append(w[:-1])
    return out


def find_sector(kb: KnowledgeBase, words: Sequence[str], end: int) -> tuple[SectorWord, int, bool] | None:
    """Longest sector phrase ending at ``words[end]`` (lower-case words, the last may be plural).

    Returns (sector word, number of words, whether the last word was plural), or None.
    """
    for n in range(min(kb.max_sector_words, end + 1), 0, -1):
        head = words[end - n + 1 : end]
        for k, last in enumerate(_singulars(words[end])):
            sw = kb.sectors.get((*head, last))
            if sw is not None:
                return sw, n, k > 0
    return None


def resolve_phrase(text: str, kb: KnowledgeBase) -> tuple[str | None, str | None, ActorKind] | None:
    """Country, sector and kind of an actor phrase, without a parse; None if nothing is known.

    >>> kb = load_kb()
    >>> resolve_phrase("Polish border guards", kb)
    ('POL', 'COP', 'group')
    >>> resolve_phrase("the Kremlin", kb)
    ('RUS', 'GOV', 'organisation')
    """
    e = kb.entry(text)
    if e is not None:
        return e.country, e.sector, e.kind
    iso = kb.capital(text)
    if iso is not None:
        return iso, "GOV", "state"
    words = _WORD.findall(text.translate(_APOS))
    if not words:
        return None
    country: str | None = None
    for w in words:
        bare = w[:-2] if w.endswith("'s") else w
        country = country or kb.adjective(bare) or kb.country_of_name(bare) or kb.national(bare)
    for i in range(len(words) - 1):  # two-word names and demonyms ("South African", "Saudi Arabia's")
        pair = f"{words[i]} {words[i + 1]}"
        bare = pair[:-2] if pair.endswith("'s") else pair
        found = kb.adjective(bare) or kb.country_of_name(bare)
        if found:
            country = found
            break
    # Names inside the phrase: a known person at the end ("... Dmitry Peskov"), an organisation or
    # seat of power anywhere ("Kremlin spokesman") give what the words around them do not.
    named: Entry | None = None
    for i in range(len(words)):
        for j in range(min(len(words), i + 4), i, -1):
            e = kb.entry(" ".join(words[i:j]))
            if e is not None and (e.kind != "person" or j == len(words)):
                named = e
                break
        if named is not None:
            break
    lower = [w.lower() for w in words]
    for end in range(len(lower) - 1, -1, -1):
        hit = find_sector(kb, lower, end)
        if hit is not None:
            sw, _, plural = hit
            kind: ActorKind = "group" if sw.kind == "person" and plural else sw.kind
            if named is not None and named.kind == "person":
                kind = "person"
            fallback = named or Entry("", "", None, None, kind)
            return country or fallback.country, sw.sector or fallback.sector, kind
    if named is not None:
        return country or named.country, named.sector, named.kind
    national = kb.national(words[-1])
    return (national, None, "group") if national else None


__all__ = [
    "COMPILED_FILES",
    "KINDS",
    "SHIPPED_FILES",
    "Entry",
    "KnowledgeBase",
    "SectorWord",
    "find_sector",
    "load_kb",
    "normalise",
    "resolve_phrase",
]
