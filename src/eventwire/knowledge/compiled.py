"""Readers for the knowledge files compiled from the field's public dictionaries.

``tools/build_knowledge.py`` (``make knowledge``) derives these files from the CAMEO / PETRARCH2 /
Phoenix / NGEC dictionaries and the PLOVER manual (see docs/knowledge.md). They sit next to the
hand-made files and never overwrite them:

=================================  =====================================================================
file (under ``knowledge/``)        what a row says
=================================  =====================================================================
``events/cameo_verbs.tsv``         a verb (with optional particle / object / subject / preposition
                                   conditions) codes a PLOVER type and mode (via its CAMEO code)
``events/cameo_verb_forms.tsv``    a CAMEO verb, its synonym block and the irregular forms the
                                   dictionary lists
``actors/phoenix_people.tsv``      one dated role of a named person: country, sector, valid_from/until
``actors/phoenix_orgs.tsv``        the same for organisations and named groups
``actors/agents.tsv``              a common noun ("border guard") that makes an actor of a sector
``actors/non_actors.tsv``          noun phrases the dictionaries mark as never an actor
``actors/demonyms.tsv``            nationality adjectives and nouns ("Polish", "Poles") -> country;
                                   regional adjectives ("Western") -> no country
``actors/country_names.tsv``       names, capitals, cities and regions the dictionaries tie to a country
``actors/regions_derived.tsv``     regional groupings and blocs ("Gulf states", "the West") in the
                                   format of ``actors/regions.tsv``
``actors/ethnic_groups.tsv``       an ethnic group ("Hutu") -> the states it lives in (CAMEO ECS)
``events/derived_nouns.tsv``       an English noun derived from an event verb ("deportation") -> the
                                   verb's type and mode
=================================  =====================================================================

Every file starts with ``#`` comment lines naming its sources, their licenses and the build command,
then a ``# columns:`` line; rows are tab-separated, ``-`` means none, ``|`` separates list items. This
module only reads: it imports no stage, so tests and tools can load the files on their own. The
readers raise :class:`~eventwire.errors.KnowledgeError` (EW205) naming file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import KnowledgeError

NONE = "-"
"""Cell value for "no value"."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "events/cameo_verbs.tsv": (
        "lemma",
        "type",
        "mode",
        "when",
        "confidence",
        "cameo",
        "dyad",
        "contexts",
        "block",
        "via",
        "pattern",
    ),
    "events/cameo_verb_forms.tsv": ("lemma", "prt", "block", "code", "forms"),
    "actors/phoenix_people.tsv": (
        "id",
        "name",
        "aliases",
        "country",
        "sector",
        "sectors",
        "valid_from",
        "valid_until",
        "kind",
        "code",
        "source",
    ),
    "actors/phoenix_orgs.tsv": (
        "id",
        "name",
        "aliases",
        "country",
        "sector",
        "sectors",
        "valid_from",
        "valid_until",
        "kind",
        "code",
        "source",
    ),
    "actors/agents.tsv": ("phrase", "sector", "kind", "role", "sectors", "country", "plurals", "code", "source"),
    "actors/non_actors.tsv": ("phrase", "reason", "source"),
    "actors/demonyms.tsv": ("word", "country", "form", "source"),
    "actors/country_names.tsv": ("name", "country", "type", "source"),
    "actors/regions_derived.tsv": ("name", "aliases", "country", "kind"),
    "actors/ethnic_groups.tsv": ("name", "aliases", "countries", "code", "source"),
    "events/derived_nouns.tsv": ("lemma", "type", "mode", "when", "confidence", "verb", "rule", "source"),
}
"""Derived file (path under ``knowledge/``) -> its columns, in order."""

VERB_CONDITION_KEYS = frozenset({"prt", "obj", "prep", "xcomp", "xtype", "comp", "src", "amod", "subj", "pobj"})
"""Condition keys of ``cameo_verbs.tsv``: those of ``events/verbs.tsv`` plus ``subj`` and ``pobj``."""

DYADS = frozenset({"forward", "reversed"})
VIAS = frozenset({"verb", "pattern"})
ACTOR_KINDS = frozenset({"person", "organisation", "group", "state"})
DEMONYM_FORMS = frozenset({"adjective", "people", "regional"})
COUNTRY_NAME_TYPES = frozenset({"name", "capital", "territory", "city", "region", "alias"})


# -- rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One row of ``cameo_verbs.tsv``: a verb lemma read as a PLOVER type when its conditions hold."""

    lemma: str
    type: str
    mode: str | None
    conditions: tuple[tuple[str, frozenset[str]], ...]
    """``(key, allowed values)`` pairs, all of which must hold (a key may repeat, e.g. two ``pobj``)."""
    confidence: float
    cameo: str
    """The CAMEO event code the dictionary gives (``0233``)."""
    dyad: str
    """``forward``: the verb's subject is the PLOVER actor; ``reversed``: the subject is the recipient
    and the other party (object or prepositional object) the actor (CAMEO ``[A:P]`` / ``[:P]``)."""
    contexts: tuple[str, ...]
    block: str
    """The CAMEO synonym block (its first verb); PETRARCH2 applies a block's patterns to all its verbs."""
    via: str
    """``verb`` (a bare verb line), ``pattern`` (a pattern of this verb) or ``synonym`` (a pattern of
    another verb of the same block)."""
    pattern: str
    """The source pattern, normalised (``* (FOR {HUMANITARIAN AID})``), or ``-`` for bare verbs."""


@dataclass(frozen=True, slots=True)
class VerbForms:
    """One verb of the CAMEO dictionary with its block and the irregular forms it lists."""

    lemma: str
    prt: str | None
    block: str
    code: str | None
    """The CAMEO code of the bare verb (its own or the block's), None for ``---``."""
    forms: tuple[str, ...]
    """Inflected forms given in the dictionary (lower case); empty = regular forms only."""


@dataclass(frozen=True, slots=True)
class ActorRole:
    """One dated role of a named actor (a row of ``phoenix_people.tsv`` / ``phoenix_orgs.tsv``).

    Rows with the same ``id`` are one actor; each row is one role. A row without dates is the
    actor's default role, used when no dated role holds on the article's date.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    sectors: tuple[str, ...]
    """All PLOVER sectors of the role, the primary first (``CVL|OPP``)."""
    valid_from: dt.date | None
    valid_until: dt.date | None
    """Inclusive bounds; None = open."""
    kind: str
    code: str
    """The dictionary's CAMEO code (``USAGOV``), ``---`` for "never an actor"."""
    source: str

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.valid_until is not None

    def holds_on(self, day: dt.date) -> bool:
        """Whether this dated role holds on ``day`` (bounds inclusive); False for the default role."""
        if not self.dated:
            return False
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True, slots=True)
class AgentWord:
    """A common noun phrase that makes an actor of its noun phrase, with a PLOVER sector."""

    phrase: tuple[str, ...]
    """Lower-case singular words, e.g. ``("border", "guard")``."""
    sector: str | None
    kind: str
    role: str | None
    sectors: tuple[str, ...]
    country: str | None
    """A pseudo-country the word implies (``IGO``) or None; a demonym in the phrase gives the rest."""
    plurals: tuple[str, ...]
    """Irregular plurals the dictionary lists; ``("-",)`` never appears: empty = regular plural."""
    code: str
    source: str


@dataclass(frozen=True, slots=True)
class NonActor:
    phrase: tuple[str, ...]
    reason: str
    """``NON`` (not an actor: weekdays, "the border") or ``JNK`` (natural disasters)."""
    source: str


@dataclass(frozen=True, slots=True)
class Demonym:
    word: str
    country: str | None
    """ISO3 or PLOVER pseudo-code; None for a regional adjective (PLOVER codes no country)."""
    form: str
    source: str


@dataclass(frozen=True, slots=True)
class CountryName:
    name: str
    country: str
    type: str
    source: str


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class EthnicGroup:
    """A group the CAMEO Ethnic Coding System names, with the states it lives in."""

    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    code: str
    source: str


@dataclass(frozen=True, slots=True)
class DerivedNoun:
    """A regular nominalisation of an event verb that is an English noun, typed as the verb."""

    lemma: str
    type: str
    mode: str | None
    confidence: float
    verb: str
    rule: str
    source: str


# -- reading ------------------------------------------------------------------------------------


def _opt(cell: str) -> str | None:
    cell = cell.strip()
    return None if cell in ("", NONE) else cell


def _items(cell: str) -> tuple[str, ...]:
    if cell.strip() in ("", NONE):
        return ()
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _date(cell: str, where: tuple[str, int]) -> dt.date | None:
    value = _opt(cell)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise KnowledgeError(f"bad date {value!r} (YYYY-MM-DD or -)", path=where[0], line=where[1]) from e


def _check(value: str, allowed: frozenset[str], what: str, where: tuple[str, int]) -> str:
    if value not in allowed:
        raise KnowledgeError(
            f"{what} {value!r} is not one of {', '.join(sorted(allowed))}", path=where[0], line=where[1]
        )
    return value


def read_rows(text: str, name: str, path: str) -> Iterator[tuple[dict[str, str], int]]:
    """Rows of a derived file as ``{column: cell}`` with their line numbers.

    ``name`` is the key in :data:`COLUMNS`; the file's ``# columns:`` line must match it.
    """
    columns = COLUMNS[name]
    header = "# columns: " + "\t".join(columns)
    seen_header = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if line.startswith("# columns:"):
                if line.rstrip() != header:
                    raise KnowledgeError(
                        f"columns line does not match the format of {name} ({', '.join(columns)})",
                        path=path,
                        line=lineno,
                    )
                seen_header = True
            continue
        if not seen_header:
            raise KnowledgeError(f"no '# columns:' line before the first row of {name}", path=path, line=lineno)
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise KnowledgeError(
                f"expected {len(columns)} tab-separated columns ({', '.join(columns)}), got {len(cells)}",
                path=path,
                line=lineno,
            )
        yield dict(zip(columns, cells, strict=True)), lineno


def parse_conditions(spec: str, where: tuple[str, int]) -> tuple[tuple[str, frozenset[str]], ...]:
    """``key=a|b;key2=c`` -> condition pairs (the ``when`` column); ``-`` -> none."""
    if spec.strip() in ("", NONE):
        return ()
    out: list[tuple[str, frozenset[str]]] = []
    for part in spec.split(";"):
        key, _, values = part.partition("=")
        key = key.strip()
        items = frozenset(v.strip() for v in values.split("|") if v.strip())
        if key not in VERB_CONDITION_KEYS or not items:
            raise KnowledgeError(
                f"bad condition {part!r} (keys: {', '.join(sorted(VERB_CONDITION_KEYS))})", path=where[0], line=where[1]
            )
        if key == "pobj" and not all(":" in v for v in items):
            raise KnowledgeError(f"pobj values are preposition:noun, got {part!r}", path=where[0], line=where[1])
        out.append((key, items))
    return tuple(out)


def _verb_pattern(row: dict[str, str], where: tuple[str, int]) -> VerbPattern:
    return VerbPattern(
        lemma=row["lemma"],
        type=row["type"],
        mode=_opt(row["mode"]),
        conditions=parse_conditions(row["when"], where),
        confidence=float(row["confidence"]),
        cameo=row["cameo"],
        dyad=_check(row["dyad"], DYADS, "dyad", where),
        contexts=_items(row["contexts"]),
        block=row["block"],
        via=_check(row["via"], VIAS, "via", where),
        pattern=row["pattern"],
    )


def _verb_forms(row: dict[str, str], where: tuple[str, int]) -> VerbForms:
    return VerbForms(row["lemma"], _opt(row["prt"]), row["block"], _opt(row["code"]), _items(row["forms"]))


def _actor_role(row: dict[str, str], where: tuple[str, int]) -> ActorRole:
    return ActorRole(
        id=row["id"],
        name=row["name"],
        aliases=_items(row["aliases"]),
        country=_opt(row["country"]),
        sector=_opt(row["sector"]),
        sectors=_items(row["sectors"]),
        valid_from=_date(row["valid_from"], where),
        valid_until=_date(row["valid_until"], where),
        kind=_check(row["kind"], ACTOR_KINDS, "kind", where),
        code=row["code"],
        source=row["source"],
    )


def _agent(row: dict[str, str], where: tuple[str, int]) -> AgentWord:
    return AgentWord(
        phrase=tuple(row["phrase"].split()),
        sector=_opt(row["sector"]),
        kind=_check(row["kind"], ACTOR_KINDS, "kind", where),
        role=_opt(row["role"]),
        sectors=_items(row["sectors"]),
        country=_opt(row["country"]),
        plurals=_items(row["plurals"]),
        code=row["code"],
        source=row["source"],
    )


def _non_actor(row: dict[str, str], where: tuple[str, int]) -> NonActor:
    return NonActor(tuple(row["phrase"].split()), row["reason"], row["source"])


def _demonym(row: dict[str, str], where: tuple[str, int]) -> Demonym:
    return Demonym(row["word"], _opt(row["country"]), _check(row["form"], DEMONYM_FORMS, "form", where), row["source"])


def _country_name(row: dict[str, str], where: tuple[str, int]) -> CountryName:
    return CountryName(
        row["name"], row["country"], _check(row["type"], COUNTRY_NAME_TYPES, "type", where), row["source"]
    )


def _region(row: dict[str, str], where: tuple[str, int]) -> Region:
    return Region(
        row["name"], _items(row["aliases"]), _opt(row["country"]), _check(row["kind"], ACTOR_KINDS, "kind", where)
    )


def _ethnic_group(row: dict[str, str], where: tuple[str, int]) -> EthnicGroup:
    countries = _items(row["countries"])
    if not countries:
        raise KnowledgeError("an ethnic group needs at least one country", path=where[0], line=where[1])
    return EthnicGroup(row["name"], _items(row["aliases"]), countries, row["code"], row["source"])


def _derived_noun(row: dict[str, str], where: tuple[str, int]) -> DerivedNoun:
    try:
        conf = float(row["confidence"])
    except ValueError:
        raise KnowledgeError(f"bad confidence {row['confidence']!r}", path=where[0], line=where[1]) from None
    return DerivedNoun(row["lemma"], row["type"], _opt(row["mode"]), conf, row["verb"], row["rule"], row["source"])


_PARSERS = {
    "events/cameo_verbs.tsv": _verb_pattern,
    "events/cameo_verb_forms.tsv": _verb_forms,
    "actors/phoenix_people.tsv": _actor_role,
    "actors/phoenix_orgs.tsv": _actor_role,
    "actors/agents.tsv": _agent,
    "actors/non_actors.tsv": _non_actor,
    "actors/demonyms.tsv": _demonym,
    "actors/country_names.tsv": _country_name,
    "actors/regions_derived.tsv": _region,
    "actors/ethnic_groups.tsv": _ethnic_group,
    "events/derived_nouns.tsv": _derived_noun,
}


def _text(name: str, path: str | Path | None) -> tuple[str, str]:
    if path is not None:
        p = Path(path)
        try:
            return p.read_text(encoding="utf-8"), str(p)
        except OSError as e:
            raise KnowledgeError(f"cannot read knowledge file: {e.strerror or e}", path=str(p)) from e
    res = resources.files("eventwire").joinpath("knowledge", *name.split("/"))
    return res.read_text(encoding="utf-8"), f"knowledge/{name}"


def read(name: str, path: str | Path | None = None) -> list[object]:
    """All rows of derived file ``name`` (a key of :data:`COLUMNS`) as typed records.

    Reads the shipped file unless ``path`` names another file of the same format.
    """
    if name not in COLUMNS:
        raise KnowledgeError(f"unknown derived file {name!r} (one of {', '.join(COLUMNS)})")
    text, where = _text(name, path)
    parse = _PARSERS[name]
    return [parse(row, (where, line)) for row, line in read_rows(text, name, where)]


def read_verb_patterns(path: str | Path | None = None) -> list[VerbPattern]:
    """Rows of ``events/cameo_verbs.tsv`` (or a file of the same format)."""
    return [r for r in read("events/cameo_verbs.tsv", path) if isinstance(r, VerbPattern)]


def read_verb_forms(path: str | Path | None = None) -> list[VerbForms]:
    return [r for r in read("events/cameo_verb_forms.tsv", path) if isinstance(r, VerbForms)]


def read_actor_roles(name: str = "actors/phoenix_people.tsv", path: str | Path | None = None) -> list[ActorRole]:
    """Rows of ``actors/phoenix_people.tsv`` or ``actors/phoenix_orgs.tsv``."""
    return [r for r in read(name, path) if isinstance(r, ActorRole)]


def read_agents(path: str | Path | None = None) -> list[AgentWord]:
    return [r for r in read("actors/agents.tsv", path) if isinstance(r, AgentWord)]


def read_non_actors(path: str | Path | None = None) -> list[NonActor]:
    return [r for r in read("actors/non_actors.tsv", path) if isinstance(r, NonActor)]


def read_demonyms(path: str | Path | None = None) -> list[Demonym]:
    return [r for r in read("actors/demonyms.tsv", path) if isinstance(r, Demonym)]


def read_country_names(path: str | Path | None = None) -> list[CountryName]:
    return [r for r in read("actors/country_names.tsv", path) if isinstance(r, CountryName)]


def read_regions(path: str | Path | None = None) -> list[Region]:
    return [r for r in read("actors/regions_derived.tsv", path) if isinstance(r, Region)]


def read_derived_nouns(path: str | Path | None = None) -> list[DerivedNoun]:
    return [r for r in read("events/derived_nouns.tsv", path) if isinstance(r, DerivedNoun)]


def read_ethnic_groups(path: str | Path | None = None) -> list[EthnicGroup]:
    return [r for r in read("actors/ethnic_groups.tsv", path) if isinstance(r, EthnicGroup)]


# -- choosing a dated role ----------------------------------------------------------------------


def role_on(roles: Sequence[ActorRole], day: dt.date | None) -> ActorRole | None:
    """The role of one actor (rows with one ``id``) that holds on ``day``.

    Among the dated roles that hold on ``day`` (bounds inclusive) the one that began last wins
    (ties: the one that ends first, then file order), because the dictionaries list roles in no
    reliable order and overlapping ranges mean a change of office; with none, the default (undated)
    role, as in PETRARCH2; with none of those either, None (the actor is known but its role on that
    day is not). Without a date (``day`` None) only the default role is used.
    """
    if day is not None:
        holding = [(i, r) for i, r in enumerate(roles) if r.holds_on(day)]
        if holding:
            return min(
                holding,
                key=lambda ir: (
                    -(ir[1].valid_from or dt.date.min).toordinal(),
                    (ir[1].valid_until or dt.date.max).toordinal(),
                    ir[0],
                ),
            )[1]
    defaults = [r for r in roles if not r.dated]
    return defaults[0] if defaults else None


def group_roles(rows: Iterable[ActorRole]) -> dict[str, list[ActorRole]]:
    """Rows grouped by actor id, in file order."""
    out: dict[str, list[ActorRole]] = {}
    for r in rows:
        out.setdefault(r.id, []).append(r)
    return out


__all__ = [
    "COLUMNS",
    "VERB_CONDITION_KEYS",
    "ActorRole",
    "AgentWord",
    "CountryName",
    "Demonym",
    "DerivedNoun",
    "EthnicGroup",
    "NonActor",
    "Region",
    "VerbForms",
    "VerbPattern",
    "group_roles",
    "parse_conditions",
    "read",
    "read_actor_roles",
    "read_agents",
    "read_country_names",
    "read_demonyms",
    "read_derived_nouns",
    "read_ethnic_groups",
    "read_non_actors",
    "read_regions",
    "read_rows",
    "read_verb_forms",
    "read_verb_patterns",
    "role_on",
]
