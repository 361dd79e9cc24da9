"""What the Spark runner's workers do without Spark: read file bytes by the local rules, carry
Sources through Arrow rows, and compute the knowledge digest (no PySpark, no model)."""

from __future__ import annotations

import codecs
from pathlib import Path

import eventwire.samples
from eventwire.config import PipelineConfig
from eventwire.knowledge import KnowledgeSources
from eventwire.read.expand import walk
from eventwire.read.files import read_file
from eventwire.run.spark_adapter import knowledge_digest, pipeline_config, table_keys, table_schemas
from eventwire.run.spark_inputs import item_batch, item_from_row, origin_of, source_from_fields, sources_from_bytes

SAMPLES = Path(eventwire.samples.__file__).parent


def awkward_files(root: Path) -> list[Path]:
    """Inputs that exercise every branch of file reading (all invented)."""
    files = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "doc.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "latin1.txt": "GENEVA — Délégués réunis à Genève, déclaration commune.".encode("cp1252"),
        "bom.txt": codecs.BOM_UTF8 + "LIMA — Ministers met on Monday.".encode(),
        "page.html": b"<html><body><p>QUITO - Officials met.</p></body></html>",
        "noext": b"<!doctype html><html><body><p>Sniffed as HTML.</p></body></html>",
        "lines.jsonl": b'{"text": "One."}\n\n{"text": 3}\n[1]\n{"html": "<p>Two</p>", "id": 7}\nnot json\n',
        "utf16.jsonl": codecs.BOM_UTF16_LE + '{"text": "Wide."}\n'.encode("utf-16-le"),
        "array.json": b'[{"text": "A."}, 5, {"title": "no text"}]',
        "object.json": b'{\n  "text": "Pretty printed."\n}\n',
        "script.py": b"print('not an article')\n",
        "nul.txt": b"Text with a NUL\x00 inside.",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    return sorted(root / n for n in files)


def test_file_bytes_give_what_reading_the_file_gives(tmp_path: Path) -> None:
    for path in [*awkward_files(tmp_path), *sorted(p for p in SAMPLES.iterdir() if p.is_file())]:
        expected = list(read_file(path))
        assert list(sources_from_bytes(str(path), path.read_bytes(), from_walk=False)) == expected, path.name


def test_a_walk_lists_code_files_as_unsupported_like_a_local_walk(tmp_path: Path) -> None:
    awkward_files(tmp_path)
    local = [s for s in walk(tmp_path) if not isinstance(s, Path)]
    spark = [
        s
        for p in sorted(tmp_path.iterdir())
        for s in sources_from_bytes(str(p), p.read_bytes(), from_walk=True)
        if getattr(s, "code", None) == "EW114"
    ]
    assert spark == local and len(local) == 1


def test_sources_and_dead_letters_survive_arrow_rows(tmp_path: Path) -> None:
    items = [i for p in awkward_files(tmp_path) for i in sources_from_bytes(str(p), p.read_bytes(), from_walk=False)]
    assert [item_from_row(r) for r in item_batch(items).to_pylist()] == items


def test_table_rows_are_checked_like_jsonl_lines() -> None:
    ok = source_from_fields({"text": "Body.", "url": "u", "id": "1", "extra": "ignored"}, "t.parquet", 4)
    assert getattr(ok, "where", None) == "t.parquet:4" and getattr(ok, "url", None) == "u"
    bad = source_from_fields({"text": None, "html": None, "title": "x"}, "t.parquet", 5)
    assert getattr(bad, "code", None) == "EW107" and getattr(bad, "line", None) == 5


def test_file_uris_become_local_paths() -> None:
    assert origin_of("file:/data/a%20b/x.txt") == "/data/a b/x.txt"
    assert origin_of("hdfs://nn:8020/news/x.txt") == "hdfs://nn:8020/news/x.txt"


def test_knowledge_digest_changes_with_user_knowledge(tmp_path: Path) -> None:
    config = pipeline_config()
    before = knowledge_digest(config)
    assert knowledge_digest(config) == before  # stable
    extra = tmp_path / "people.tsv"
    extra.write_text("name\tcountry\tsector\nInvented Person\tKEN\tGOV\n", encoding="utf-8")
    config = PipelineConfig(knowledge=KnowledgeSources(actor_files=(str(extra),)))
    with_kb = knowledge_digest(config)
    assert with_kb != before
    extra.write_text("name\tcountry\tsector\nInvented Person\tUGA\tGOV\n", encoding="utf-8")
    assert knowledge_digest(config) not in (before, with_kb)
    # --published is part of each input's ledger fingerprint, not of the extractor identity
    assert knowledge_digest(pipeline_config(published="2024-01-01")) == knowledge_digest(pipeline_config())


def test_every_table_has_a_schema_and_a_sort_key() -> None:
    schemas, keys = table_schemas(), table_keys()
    assert list(schemas) == list(keys)
    for name, key in keys.items():
        assert set(key) <= set(schemas[name].names), name
