"""Extractor identities and knowledge manifests in the store: which stored records are stale.

Every article row names the extractor identity it is current for (``articles.extractor``, the
identity's id); the ``extractors`` table holds each identity in full, and ``knowledge_entries`` the
manifest of the knowledge each identity was made with: per part, entry key -> entry hash and the
surface forms that look the entry up (schema migration 5).

When an ingest runs with a new identity, :func:`refresh` sorts the stored articles made by older
identities:

* another code version, model, stage list or options (``code_key`` differs), or an identity the store
  does not know: every such article is stale; its input is new to the ledger and is re-extracted.
* only the knowledge differs: the manifests are compared. A changed part that is not itemised (event
  and quote lexicons, figure words, place words and gazetteer, boilerplate) makes every article stale,
  as does a change to the actor knowledge base's sector words. Otherwise the changed entries (added,
  removed, or with another hash) give a set of surface forms, and exactly the articles whose text holds
  one of them (case-insensitive, accents folded, whole words) are stale; the others are re-stamped with
  the new identity without being touched otherwise (records and child rows stay as they are).

Stale articles keep their old identity until their input is processed again, so a killed ingest
finds them again the next time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from ..identity import ExtractorIdentity
from ..knowledge import Manifest

if TYPE_CHECKING:
    from .store import Store

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SCAN_BATCH = 500
_ENTRIES = pa.schema(
    [("digest", pa.string()), ("part", pa.string()), ("key", pa.string()), ("hash", pa.string()),
     ("forms", pa.list_(pa.string()))]
)  # fmt: skip


def fold(text: str) -> str:
    """The form texts and surface forms are compared in: accents dropped, apostrophes straightened, case-folded."""
    t = text.translate(_APOS)
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    return t.casefold()


def forms_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """One regex that finds any of ``forms`` as whole words in folded text (any whitespace between words)."""
    alts = sorted(
        {r"\s+".join(re.escape(w) for w in fold(f).split()) for f in forms if f.split()}, key=len, reverse=True
    )
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")


@dataclass
class Refresh:
    """What :func:`refresh` found among the stored articles made by other identities."""

    stale: int = 0
    """Articles to re-extract (they keep their old identity until then)."""
    restamped: int = 0
    """Articles whose records hold under the new identity: re-stamped, not re-extracted."""
    reasons: list[str] = field(default_factory=list)
    """One line per older identity: why its articles are stale or not."""


def register(con: duckdb.DuckDBPyConnection, identity: ExtractorIdentity, manifest: Mapping[str, Manifest]) -> None:
    """Store ``identity`` and the manifest of its knowledge (once each), in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT OR IGNORE INTO extractors (id, code_key, knowledge, identity) VALUES (?, ?, ?, ?)",
            [identity.id, identity.code_key, identity.knowledge, identity.to_json()],
        )
        have = con.execute("SELECT count(*) FROM knowledge_entries WHERE digest = ?", [identity.knowledge]).fetchall()
        if not have[0][0]:
            # One Arrow table, one INSERT: a knowledge base of tens of thousands of entries is one statement.
            rows = [(part, key, h, forms) for part, entries in manifest.items() for key, (h, forms) in entries.items()]
            table = pa.table(
                {
                    "digest": [identity.knowledge] * len(rows),
                    "part": [r[0] for r in rows],
                    "key": [r[1] for r in rows],
                    "hash": [r[2] for r in rows],
                    "forms": [list(r[3]) if r[3] is not None else None for r in rows],
                },
                schema=_ENTRIES,
            )
            con.register("_ew_entries", table)
            try:
                con.execute("INSERT INTO knowledge_entries SELECT * FROM _ew_entries")
            finally:
                con.unregister("_ew_entries")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _manifest(con: duckdb.DuckDBPyConnection, digest: str) -> dict[str, Manifest]:
    out: dict[str, Manifest] = {}
    for part, key, h, forms in con.execute(
        "SELECT part, key, hash, forms FROM knowledge_entries WHERE digest = ?", [digest]
    ).fetchall():
        out.setdefault(part, {})[key] = (h, tuple(forms) if forms is not None else None)
    return out


def changed_forms(old: Mapping[str, Manifest], new: Mapping[str, Manifest]) -> tuple[set[str] | None, list[str]]:
    """Surface forms of the entries that differ between two manifests, and the changed parts.

    None instead of forms when some change concerns every text (a part or entry without forms).
    """
    forms: set[str] = set()
    parts: list[str] = []
    for part in sorted(set(old) | set(new)):
        a, b = old.get(part), new.get(part)
        if a == b:
            continue
        parts.append(part)
        if a is None or b is None:
            return None, parts
        for key in set(a) | set(b):
            ea, eb = a.get(key), b.get(key)
            if ea is not None and eb is not None and ea[0] == eb[0]:
                continue
            for entry in (ea, eb):
                if entry is None:
                    continue
                if entry[1] is None:
                    return None, parts
                forms.update(entry[1])
    return forms, parts


def refresh(store: Store, identity: ExtractorIdentity, manifest: Mapping[str, Manifest]) -> Refresh:
    """Register ``identity`` and sort the articles of other identities into stale and re-stamped."""
    con = store.con
    register(con, identity, manifest)
    result = Refresh()
    olds = con.execute(
        "SELECT extractor, count(*) FROM articles WHERE extractor IS DISTINCT FROM ? GROUP BY extractor ORDER BY 1",
        [identity.id],
    ).fetchall()
    for old_id, n in olds:
        found = con.execute("SELECT identity FROM extractors WHERE id = ?", [old_id]).fetchall()
        old = ExtractorIdentity.from_json(found[0][0]) if found else None
        if old is None or old.code_key != identity.code_key:
            result.stale += n
            result.reasons.append(f"{n} article(s) by extractor {old_id}: other code, model, stages or options")
            continue
        forms, parts = changed_forms(_manifest(con, old.knowledge), manifest)
        if forms is None:
            result.stale += n
            result.reasons.append(f"{n} article(s) by extractor {old_id}: knowledge changed ({', '.join(parts)})")
            continue
        affected = _mentioning(store, old_id, forms)
        keep = n - len(affected)
        if affected:
            con.execute(
                "UPDATE articles SET extractor = ? WHERE extractor = ? AND NOT list_contains(?, id)",
                [identity.id, old_id, sorted(affected)],
            )
        else:
            con.execute("UPDATE articles SET extractor = ? WHERE extractor = ?", [identity.id, old_id])
        result.stale += len(affected)
        result.restamped += keep
        result.reasons.append(
            f"{n} article(s) by extractor {old_id}: {len(forms)} changed surface form(s) in {', '.join(parts)}; "
            f"{len(affected)} mention one, {keep} re-stamped"
        )
    return result


def _mentioning(store: Store, extractor: str, forms: set[str]) -> set[str]:
    """Ids of the articles of ``extractor`` whose text holds one of ``forms`` (streamed, memory flat)."""
    pattern = forms_pattern(forms)
    if pattern is None:
        return set()
    found: set[str] = set()
    cur = store.cursor()
    try:
        cur.execute("SELECT id, text FROM articles WHERE extractor = ?", [extractor])
        while rows := cur.fetchmany(_SCAN_BATCH):
            found.update(aid for aid, text in rows if pattern.search(fold(text)))
    finally:
        cur.close()
    return found


def current_fingerprints(store: Store, fingerprints: list[str], identity: ExtractorIdentity) -> set[str]:
    """The ledger fingerprints among ``fingerprints`` whose work is done and current under ``identity``.

    An input is done when the ledger has it and it gave no record (dead-lettered) or its article is
    stamped with ``identity``; an input whose article is stale is not done.
    """
    if not fingerprints:
        return set()
    rows = store.con.execute(
        "SELECT l.fingerprint FROM ingested_inputs l LEFT JOIN articles a ON a.id = l.article_id "
        "WHERE list_contains(?, l.fingerprint) AND (l.article_id IS NULL OR a.extractor = ?)",
        [fingerprints, identity.id],
    ).fetchall()
    return {r[0] for r in rows}


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Schema migration 5: the extractor identities and their knowledge manifests."""
    # One row per extractor identity that wrote records (its id is what articles.extractor holds).
    con.execute(
        "CREATE TABLE IF NOT EXISTS extractors ("
        " id VARCHAR PRIMARY KEY, code_key VARCHAR NOT NULL, knowledge VARCHAR NOT NULL, identity VARCHAR NOT NULL,"
        " created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    # The knowledge manifest of each knowledge digest: per part, entry -> hash and surface forms
    # (forms NULL: a change to the entry concerns every article). No key: rows are written once per digest.
    con.execute(
        "CREATE TABLE IF NOT EXISTS knowledge_entries ("
        " digest VARCHAR NOT NULL, part VARCHAR NOT NULL, key VARCHAR NOT NULL, hash VARCHAR NOT NULL, forms VARCHAR[])"
    )


__all__ = [
    "Refresh",
    "changed_forms",
    "create_tables",
    "current_fingerprints",
    "fold",
    "forms_pattern",
    "refresh",
    "register",
]
