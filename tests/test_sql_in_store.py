"""All SQL lives in the store: the CLI, the exporters and every other module call store methods."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import eventwire

PACKAGE = Path(eventwire.__file__).parent
SQL = re.compile(
    r"\b(?:SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|CREATE\s+(?:TEMP\s+)?TABLE|ALTER\s+TABLE|DROP\s+TABLE|COPY\s*\()\b",
    re.S,
)  # keywords in capitals, as all SQL here is written
ALLOWED = {
    # the place index is a SQLite file the gazetteer builds and reads, not the store
    "resolve/gazetteer.py",
}


def sql_strings(path: Path) -> list[tuple[int, str]]:
    """String constants that look like SQL, docstrings excepted (they may show examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        scope = isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        first = node.body[0] if scope and node.body else None  # type: ignore[attr-defined]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            docstrings.add(id(first.value))
    found = []
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        if is_text and SQL.search(node.value):
            found.append((node.lineno, node.value[:60]))
    return found


def test_no_sql_outside_the_store() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("store/") or rel in ALLOWED:
            continue
        offenders += [f"{rel}:{line}: {text!r}" for line, text in sql_strings(path)]
    assert not offenders, "SQL belongs in eventwire/store (add a Store method):\n" + "\n".join(offenders)


def test_the_check_finds_sql() -> None:
    # the detector itself: an f-string query is a Constant part of a JoinedStr, and is found
    assert SQL.search("SELECT record FROM articles ORDER BY id")
    assert SQL.search("INSERT INTO dead_letter VALUES (?, ?)")
    assert not SQL.search("select the events of one story from the list")
    assert len(sql_strings(PACKAGE / "store" / "store.py")) > 3
