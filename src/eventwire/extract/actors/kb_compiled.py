"""The compiled actor dictionaries folded into the knowledge base (wiring plan of docs/knowledge.md).

Everything here only fills what the hand-made and user files left open (``setdefault``), so a
curated row always wins. What is kept, and why:

* ``phoenix_people.tsv`` / ``phoenix_orgs.tsv``: one entry per actor id, its dated roles kept in
  ``roles`` so the role valid on the article's date is chosen at lookup. Names of one word are not
  indexed (a surname or a common word such as "Gaza" alone is too ambiguous); all-capital short forms
  match only as written. A name two actors share whose default countries differ resolves to nothing.
* ``agents.tsv``: sector words the hand-made ``sectors.tsv`` lacks.
* ``non_actors.tsv``: phrases never made actors.
* ``demonyms.tsv``: adjectives and nationals ("Polish", "Poles") of one country; words listed for
  two countries and regional adjectives ("Western") give no country.
* ``country_names.tsv``: ``name`` and ``capital`` rows stand for the state when no other country
  claims the name; other rows are places, not actors.
* ``regions_derived.tsv``: regional groupings with no country ("the West", "Gulf states").
* ``ethnic_groups.tsv``: ethnic groups and the states they live in ("Hutu" -> BDI, COD, RWA): a
  group named by its ethnicity is of the one of those states its sentence names (actors stage).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ...knowledge import compiled
from .kb import Entry, SectorWord, _is_abbreviation, normalise

if TYPE_CHECKING:
    from .kb import _Tables


def _name(t: _Tables, alias: str, key: str, claims: dict[str, set[str]]) -> None:
    if _is_abbreviation(alias):
        t.exact.setdefault(alias, key)
        return
    if len(alias.split()) < 2:
        return
    norm = normalise(alias)
    claims[norm].add(key)
    t.names.setdefault(norm, key)


def _add_actors(t: _Tables) -> None:
    claims: dict[str, set[str]] = defaultdict(set)
    compiled_keys: set[str] = set()
    for name in ("actors/phoenix_people.tsv", "actors/phoenix_orgs.tsv"):
        for actor_id, roles in compiled.group_roles(compiled.read_actor_roles(name)).items():
            if actor_id in t.entries:
                continue
            default = compiled.role_on(roles, None)
            countries = {r.country for r in roles if r.code != "---"}
            country = default.country if default is not None else (countries.pop() if len(countries) == 1 else None)
            sector = default.sector if default is not None else None
            first = roles[0]
            kind = "organisation" if first.kind == "state" else first.kind
            t.entries[actor_id] = Entry(actor_id, first.name, country, sector, kind)  # type: ignore[arg-type]
            compiled_keys.add(actor_id)
            if any(r.dated for r in roles):
                t.roles[actor_id] = tuple(roles)
            for alias in dict.fromkeys([first.name, *(a for r in roles for a in r.aliases)]):
                _name(t, alias, actor_id, claims)
    # An alias of several compiled actors of different countries names none of them for sure.
    for norm, keys in claims.items():
        if len(keys) > 1 and t.names.get(norm) in compiled_keys and len({t.entries[k].country for k in keys}) > 1:
            del t.names[norm]


def _add_words(t: _Tables) -> None:
    for a in compiled.read_agents():
        if a.phrase not in t.sectors:
            t.sectors[a.phrase] = SectorWord(a.phrase, a.sector, a.kind, None)  # type: ignore[arg-type]
            t.max_sector_words = max(t.max_sector_words, len(a.phrase))
    for n in compiled.read_non_actors():
        t.non_actors.add(tuple(w.lower() for w in n.phrase))
    by_word: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    for d in compiled.read_demonyms():
        by_word[(normalise(d.word), d.form)].add(d.country)
    for (word, form), countries in by_word.items():
        if len(countries) != 1 or form == "regional":
            continue
        iso = next(iter(countries))
        if iso is None:
            continue
        table = t.adjectives if form == "adjective" else t.nationals
        table.setdefault(word, iso)
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in compiled.read_country_names():
        if c.type in ("name", "capital"):
            # Short capital forms ("US", "UAE") match only as written, like the hand-made aliases.
            by_name[(c.name if _is_abbreviation(c.name) else normalise(c.name), c.type)].add(c.country)
    for (name, kind), isos in by_name.items():
        if len(isos) != 1:
            continue
        iso = next(iter(isos))
        key = f"country:{iso}"
        if key not in t.entries:
            continue
        if _is_abbreviation(name):
            t.exact.setdefault(name, key)
        elif kind == "capital":
            t.capitals.setdefault(name, iso)
        elif name not in t.capitals:
            t.names.setdefault(name, key)
    for r in compiled.read_regions():
        key = f"region:{r.name}"
        if key in t.entries:
            continue
        t.entries[key] = Entry(key, r.name, r.country, None, r.kind)  # type: ignore[arg-type]
        for alias in (r.name, *r.aliases):
            norm = normalise(alias)
            t.names.setdefault(norm, key)


def _add_ethnic(t: _Tables) -> None:
    for g in compiled.read_ethnic_groups():
        for name in (g.name, *g.aliases):
            t.ethnic.setdefault(normalise(name), frozenset(g.countries))


def add_compiled(t: _Tables) -> None:
    """Fill ``t`` from the compiled files (rows already there win)."""
    _add_actors(t)
    _add_words(t)
    _add_ethnic(t)


__all__ = ["add_compiled"]
