"""The layering docs/architecture.md draws, checked on the source: stage families do not import each
other, nothing but the command line's config module reads the environment, the version is not
imported back from the package root, only nlp.py imports spaCy."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eventwire"
FAMILIES = ("actors", "events", "quotes", "quantities", "places", "contradictions")

# Who may read environment variables, and why.
ENV_READERS = {
    "cli/config.py": "the edge: builds the configuration from EVENTWIRE_KB / EVENTWIRE_CACHE",
    "nlp.py": "sets (not reads) OMP/OpenBLAS thread counts for spaCy processes",
    "store/store.py": "DuckDB memory and row-group knobs, read when a database opens (store's own)",
    "cli/spark.py": "the edge: whether spark-submit already started the JVM (PYSPARK_GATEWAY_PORT)",
    "run/spark.py": "a local Spark session's Python workers run this interpreter (PYSPARK_PYTHON), unless set",
}


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "tests" not in p.relative_to(PACKAGE).parts]


def _imported(path: Path) -> list[str]:
    """Absolute names of every eventwire module ``path`` imports (relative imports resolved)."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    package = list(rel.parts[:-1])  # the package a relative import starts from (also for __init__.py)
    out: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out += [name] + [f"{name}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return [n for n in out if n.startswith("eventwire")]


def test_stage_families_do_not_import_each_other() -> None:
    bad: list[str] = []
    for family in FAMILIES:
        for path in (PACKAGE / "extract" / family).glob("*.py"):
            for name in _imported(path):
                parts = name.split(".")
                if len(parts) > 2 and parts[1] == "extract" and parts[2] not in (family, "common"):
                    bad.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not bad, "\n".join(bad)


def test_common_helpers_import_no_stage_family() -> None:
    for path in (PACKAGE / "extract" / "common").glob("*.py"):
        for name in _imported(path):
            parts = name.split(".")
            assert not (len(parts) > 2 and parts[1] == "extract" and parts[2] in FAMILIES), (path, name)


def test_no_module_imports_another_by_name_at_run_time() -> None:
    for path in (PACKAGE / "extract").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "import_module" not in text and "__import__" not in text, path


def test_only_the_edge_reads_the_environment() -> None:
    readers = set()
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if "os.environ" in text or "os.getenv" in text or "getenv(" in text:
            readers.add(path.relative_to(PACKAGE).as_posix())
    assert readers <= set(ENV_READERS), sorted(readers - set(ENV_READERS))


def test_version_is_not_imported_back_from_the_package_root() -> None:
    for path in _modules():
        if path == PACKAGE / "__init__.py":
            continue
        names = _imported(path)
        assert "eventwire.__version__" not in names, path


def test_no_import_dances() -> None:
    for path in _modules():
        assert "noqa: E402" not in path.read_text(encoding="utf-8"), path


def test_only_nlp_imports_spacy() -> None:
    for path in _modules():
        if path.name == "nlp.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(m == "spacy" or m.startswith("spacy.") for m in mods), path
