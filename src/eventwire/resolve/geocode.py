"""Choosing one gazetteer place for each toponym of an article (disambiguation).

Each mention has candidate places (every place whose name, alternate name or alias matches).
A candidate's score adds:

* a prior: log10 of its population, plus a bonus by feature (a country or continent named in news
  is nearly always the country; then admin1 regions, capitals, shipped border crossings);
* how the name matched: a GeoNames primary name or shipped alias beats an alternate name;
* the article's geography: countries (and admin1 regions) of the article's other places, its actors
  and its dateline. "Kuznica" in an article about Poland and Belarus is the Polish village;
* nearness: a town or county close to the article's other towns and counties (local news);
* an explicit qualifier ("Bruzgi in Belarus", "Columbus, Ohio") restricts the candidates to that
  country or region when any candidate lies there.

Resolution runs in passes: first with the context of the unambiguous mentions, then with the
context of every resolved mention, then once more with nearness to the other resolved points. A mention whose best candidate is weak (an alternate-name match of a
small place outside the article's countries) stays unresolved: null coordinates, never a guess.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .gazetteer import ALIAS, ALTERNATE, PRIMARY, GazEntry

# Feature priors (added to log10 population). Countries and continents are almost never the small
# homonymous village when news names them; regions next.
FEATURE_BONUS = {
    "PCLI": 4.0,
    "CONT": 4.0,
    "OCN": 4.0,
    "SEA": 4.0,
    "GULF": 4.0,
    "STRT": 4.0,
    "RGN": 4.0,
    "crossing": 3.0,
    "ADM1": 1.0,
    "PPLC": 1.5,
    "ADM2": -0.5,
}
AREAS = frozenset({"PCLI", "CONT", "OCN", "SEA", "GULF", "STRT", "RGN", "ADM1"})
NEAR_KM = 150.0
COHERENCE = 2.0
"""Bonus for a town or county within NEAR_KM of another place the article names: local news names
places near each other (Rogersville, Springfield and Greene County are all in Missouri)."""
CITY_OVER_REGION = 50_000
"""A city of at least this many people inside a region of the same name (or ten times as many
anywhere in the country) beats the region: news writes "New York", "Brest" for the city and
"New York state", "the Brest region" for the region."""
KIND_BONUS = {PRIMARY: 0.0, ALIAS: 0.5, ALTERNATE: -1.5}
CONTEXT_COUNTRY = 3.0
CONTEXT_ADMIN1 = 1.5
MIN_SCORE = 3.0
"""Below this a candidate is not taken (about: a primary-name village of 1,000 people outside the
article's countries just passes; an alternate-name hamlet does not)."""


@dataclass
class Toponym:
    """A place mention waiting for resolution."""

    text: str
    start: int
    end: int
    candidates: list[GazEntry]
    strong: bool = True
    """False for mentions found only by the locative-preposition rule or in a non-place entity: they
    need a primary name or alias match to count."""
    within: list[GazEntry] = field(default_factory=list)
    """Places the text says this one lies in ("Bruzgi in Belarus", "Columbus, Ohio")."""
    chosen: GazEntry | None = None


@dataclass
class Context:
    """The article's geography: weights by country (ISO3) and admin1 name."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    points: list[tuple[float, float, str]] = field(default_factory=list)
    """(lat, lon, mention text) of places already chosen that are points (towns, counties), not areas."""

    def add(self, e: GazEntry, weight: float = 1.0) -> None:
        if e.country:
            self.countries[e.country] += weight  # type: ignore[assignment]
        if e.country and e.admin1 and e.feature != "PCLI":
            self.admin1[(e.country, e.admin1)] += weight  # type: ignore[assignment]


def _inside(e: GazEntry, container: GazEntry) -> bool:
    if container.feature in ("PCLI",):
        return e.country == container.country and e.gid != container.gid
    if container.feature in ("ADM1",):
        return e.country == container.country and e.admin1 == container.admin1 and e.gid != container.gid
    return False


def restrict(candidates: Sequence[GazEntry], within: Iterable[GazEntry]) -> list[GazEntry]:
    """Candidates that lie in one of the ``within`` places (countries or admin1 regions)."""
    containers = [w for w in within if w.feature in ("PCLI", "ADM1")]
    return [c for c in candidates if any(_inside(c, w) for w in containers)]


def _near(e: GazEntry, ctx: Context, own: str) -> bool:
    """Whether another mention's chosen place lies within NEAR_KM of candidate ``e``."""
    coslat = math.cos(math.radians(e.lat))
    for lat, lon, text in ctx.points:
        if text == own:
            continue
        dx = (lon - e.lon) * coslat * 111.2
        dy = (lat - e.lat) * 111.2
        if dx * dx + dy * dy <= NEAR_KM * NEAR_KM:
            return True
    return False


def score(e: GazEntry, ctx: Context, *, exclude: GazEntry | None = None, own: str = "") -> float:
    """Score of candidate ``e`` in context ``ctx`` (higher is better); ``own`` is the mention's text
    (its other mentions must not vote for it)."""
    s = math.log10(e.population + 10)
    if ctx.points and e.feature not in AREAS and _near(e, ctx, own):
        s += COHERENCE
    s += FEATURE_BONUS.get(e.feature, 0.0)
    s += KIND_BONUS.get(e.kind, 0.0)
    if e.country is None:
        s += CONTEXT_COUNTRY  # continents, oceans, world regions: in every article's context
    else:
        w = ctx.countries.get(e.country, 0.0)
        if exclude is not None and exclude.country == e.country:
            w -= 1.0  # the mention's own earlier choice must not vote for itself
        if w > 0:
            s += CONTEXT_COUNTRY * min(1.0, w / 2.0)
        if e.admin1 and e.feature not in ("PCLI", "ADM1"):
            a = ctx.admin1.get((e.country, e.admin1), 0.0)
            if exclude is not None and exclude.admin1 == e.admin1:
                a -= 1.0
            if a > 0:
                s += CONTEXT_ADMIN1 * min(1.0, a)
    return s


def _choose(t: Toponym, ctx: Context) -> GazEntry | None:
    cands = t.candidates
    if t.within:
        inside = restrict(cands, t.within)
        if inside:
            cands = inside
    if not t.strong:
        cands = [c for c in cands if c.kind != ALTERNATE]
    if not cands:
        return None
    own = t.text.lower()
    best = max(cands, key=lambda c: (score(c, ctx, exclude=t.chosen, own=own), c.population))
    if best.feature == "ADM1":
        cities = [
            c
            for c in cands
            if c.feature in ("PPL", "PPLC")
            and c.country == best.country
            and c.population >= CITY_OVER_REGION
            and (c.admin1 == best.admin1 or c.population >= 10 * CITY_OVER_REGION)
        ]
        if cities:
            best = max(cities, key=lambda c: c.population)
    if score(best, ctx, exclude=t.chosen, own=own) < MIN_SCORE and not t.within:
        return None
    return best


def resolve(toponyms: Sequence[Toponym], seed: Context | None = None) -> None:
    """Set ``chosen`` on every toponym (None when no candidate is good enough).

    ``seed`` carries context from outside the place mentions (actors' countries, dateline).
    """
    base = seed or Context()
    # Pass 1: unambiguous mentions (one candidate, or a country/continent/region) set the scene.
    ctx = Context(Counter(base.countries), Counter(base.admin1))
    for t in toponyms:
        t.chosen = None
        top = _choose(t, Context())
        if top is not None and (len(t.candidates) == 1 or top.feature in ("PCLI", "CONT", "ADM1")):
            ctx.add(top)
    for t in toponyms:
        t.chosen = _choose(t, ctx)
    # Pass 2: every resolved mention votes (not for itself).
    ctx2 = Context(Counter(base.countries), Counter(base.admin1))
    for t in toponyms:
        if t.chosen is not None:
            ctx2.add(t.chosen)
    for t in toponyms:
        t.chosen = _choose(t, ctx2)
    # Pass 3: towns and counties near the article's other towns and counties win.
    ctx2.points = [
        (t.chosen.lat, t.chosen.lon, t.text.lower())
        for t in toponyms
        if t.chosen is not None and t.chosen.feature not in AREAS
    ]
    if len(ctx2.points) > 1:
        for t in toponyms:
            t.chosen = _choose(t, ctx2)


__all__ = ["Context", "Toponym", "resolve", "restrict", "score"]
