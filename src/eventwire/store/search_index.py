"""Read-side word index (migration 8): which articles and quotes contain a word.

DuckDB's full-text extension (``fts``) is not built into the pinned wheel and may not be
downloaded at run time, so the writer keeps a small inverted index itself, exact and incremental
in the same transaction as the rows (like :mod:`.summaries`):

``search_terms``
    The dictionary: every word seen (``term``, case- and accent-folded) with an integer ``tid``.
    Words are runs of letters and digits (``[\\pL\\pN]+``) of the folded text, at most
    :data:`MAX_TERM` characters. Words are never removed (a word without postings finds nothing).
``search_article_terms``
    ``(tid, article_id)`` for each distinct word of an article's title and text.
``search_quote_terms``
    ``(tid, article_id, id)`` for each distinct word of a quote's evidence (its content and the
    words naming its speaker: what the quotes ``text`` filter reads).

How a text filter uses it (:func:`word_condition`): every word of the asked text must begin a
word of the row (a prefix look-up in the dictionary, then the postings of those ``tid``), and
when the asked text is more than one bare word, the folded text must also contain it (the
phrase). So matching starts at word starts: ``kuzn`` finds ``Kuźnica``, ``znica`` does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import duckdb

TERMS = "search_terms"
ARTICLE_TERMS = "search_article_terms"
QUOTE_TERMS = "search_quote_terms"
TABLES = (TERMS, ARTICLE_TERMS, QUOTE_TERMS)
MAX_TERM = 64
"""Longer words (URLs, runs of digits) are not indexed; a filter word this long is checked by scan."""

_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TERMS} (term VARCHAR NOT NULL, tid INTEGER NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {ARTICLE_TERMS} (tid INTEGER NOT NULL, article_id VARCHAR NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {QUOTE_TERMS} (tid INTEGER NOT NULL, article_id VARCHAR NOT NULL, id VARCHAR NOT NULL)",
)

_WORDS = r"'[\pL\pN]+'"
_WORD = re.compile(r"[^\W_]+")  # Python's twin of [\pL\pN]+: letters and digits


def _words(expr: str) -> str:
    return f"unnest(regexp_extract_all(strip_accents(lower({expr})), {_WORDS}))"


def _new_words(scope: str) -> str:
    """``(kind, article_id, id, term)``: the distinct words of the articles and quotes in scope."""
    return f"""SELECT DISTINCT * FROM (
  SELECT 'a' AS kind, id AS article_id, '' AS id, {_words("COALESCE(title, '') || ' ' || COALESCE(text, '')")} AS term
  FROM articles WHERE {scope.format(col="id")}
  UNION ALL
  SELECT 'q', article_id, id, {_words("COALESCE(evidence.text, '')")} FROM quotes WHERE {scope.format(col="article_id")})
WHERE length(term) <= {MAX_TERM}"""


def _index(con: duckdb.DuckDBPyConnection, scope: str, params: dict[str, object]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE _ew_words AS {_new_words(scope)}", params)
    con.execute(
        f"""INSERT INTO {TERMS}
SELECT term, (SELECT COALESCE(max(tid), 0) FROM {TERMS}) + row_number() OVER (ORDER BY term) AS tid
FROM (SELECT DISTINCT w.term FROM _ew_words w ANTI JOIN {TERMS} t ON t.term = w.term)"""
    )
    con.execute(
        f"""INSERT INTO {ARTICLE_TERMS} SELECT t.tid, w.article_id FROM _ew_words w JOIN {TERMS} t ON t.term = w.term
WHERE w.kind = 'a'"""
    )
    con.execute(
        f"""INSERT INTO {QUOTE_TERMS} SELECT t.tid, w.article_id, w.id FROM _ew_words w JOIN {TERMS} t ON t.term = w.term
WHERE w.kind = 'q'"""
    )
    con.execute("DROP TABLE _ew_words")


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the index tables (empty) if they do not exist."""
    for ddl in _DDL:
        con.execute(ddl)


def add_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Index the articles (and their quotes) whose rows were just written (in the caller's transaction)."""
    if article_ids:
        _index(con, "list_contains($ids, {col})", {"ids": sorted(set(article_ids))})


def remove_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    """Drop the postings of stored articles about to be deleted."""
    if article_ids:
        ids = sorted(set(article_ids))
        for name in (ARTICLE_TERMS, QUOTE_TERMS):
            con.execute(f"DELETE FROM {name} WHERE list_contains(?, article_id)", [ids])


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Derive the index from the ``articles`` and ``quotes`` tables (all rows), a chunk of articles
    at a time (all words of a million-event store at once do not fit the store's memory cap)."""
    from .read_side import article_chunks

    create_tables(con)
    for name in TABLES:
        con.execute(f"DELETE FROM {name}")
    for lo, hi in article_chunks(con):
        _index(con, "{col} > $lo AND {col} <= $hi", {"lo": lo, "hi": hi})


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the word index (migration 8 applied)."""
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = ?",
        [TERMS],
    ).fetchall()
    return bool(rows[0][0])


def fold(text: str) -> str:
    """Lower-cased, accents stripped (NFKD without combining marks): DuckDB's ``strip_accents(lower())``."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of ``text``, as the index cuts them."""
    return _WORD.findall(fold(text))


def word_condition(table: str, alias: str, text: str) -> tuple[str, list[object], bool]:
    """SQL condition (and its parameters) keeping the rows of ``table`` (``articles`` or ``quotes``,
    as ``alias``) in which every word of ``text`` begins a word, and whether the caller must still
    check the phrase (``text`` is more than one bare word). ``("", [], True)`` when ``text`` has
    no indexable word (the caller scans)."""
    found = [w for w in words(text) if len(w) <= MAX_TERM]
    if not found:
        return "", [], True
    if table == "articles":
        one = f"{alias}.id IN (SELECT p.article_id FROM {ARTICLE_TERMS} p WHERE p.tid IN ({{tids}}))"
    else:
        one = (
            f"EXISTS (SELECT 1 FROM {QUOTE_TERMS} p WHERE p.article_id = {alias}.article_id AND p.id = {alias}.id"
            f" AND p.tid IN ({{tids}}))"
        )
    tids = f"SELECT s.tid FROM {TERMS} s WHERE starts_with(s.term, ?)"
    cond = " AND ".join(one.format(tids=tids) for _ in found)
    phrase = len(found) > 1 or fold(text) != found[0]
    return f"({cond})", list(found), phrase


__all__ = [
    "ARTICLE_TERMS",
    "MAX_TERM",
    "QUOTE_TERMS",
    "TABLES",
    "TERMS",
    "add_articles",
    "create_tables",
    "fold",
    "has_tables",
    "rebuild",
    "remove_articles",
    "word_condition",
    "words",
]
