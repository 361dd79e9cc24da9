"""Exporters register through the entry-point group ``eventwire.exporters``: the built-ins the way an
outside package does, and an outside package (docs/exports.md's worked example) really through one."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import PipelineError, StoreError
from eventwire.export import EXPORTERS, Exporter, ExportReport, export
from eventwire.store import Store, open_store
from plugins import write_plugin
from store_records import make_article

DOC = Path(__file__).parent.parent / "docs" / "exports.md"
BUILT_INS = {"jsonl", "csv", "parquet", "plover", "acled"}


def doc_example() -> str:
    """The exporter module of docs/exports.md, "Writing an exporter" (the first Python block there)."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Writing an exporter") :]
    return str(re.findall(r"```python\n(.*?)```", section, re.S)[0])


@pytest.fixture
def outside_package(tmp_path: Path) -> Iterator[Path]:
    """``ew_geojson`` installed the way pip leaves a package: the module and its ``*.dist-info``."""
    site = write_plugin(
        tmp_path / "site",
        "ew_geojson",
        {"ew_geojson": doc_example()},
        {"eventwire.exporters": {"geojson": "ew_geojson:GEOJSON"}},
    )
    sys.path.insert(0, str(site))
    EXPORTERS.reload()
    try:
        yield site
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("ew_geojson", None)
        EXPORTERS.reload()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.duckdb"
    with open_store(path) as store:
        store.add([make_article(i) for i in range(3)])
    return path


def test_built_ins_are_entry_points() -> None:
    assert set(EXPORTERS.names()) >= BUILT_INS
    for name in BUILT_INS:
        assert EXPORTERS.origin(name).startswith("eventwire.export."), name  # from pyproject.toml, not register()
        assert isinstance(EXPORTERS.get(name), Exporter) and EXPORTERS.get(name).description


def test_an_outside_exporter_registered_through_an_entry_point(outside_package: Path, db: Path, tmp_path: Path) -> None:
    assert "geojson" in EXPORTERS
    assert EXPORTERS.origin("geojson") == "ew_geojson:GEOJSON"
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--help"], terminal_width=300)
    assert res.exit_code == 0 and "geojson" in res.stdout and "FeatureCollection" in res.stdout
    out = tmp_path / "events.geojson"
    res = runner.invoke(app, ["export", str(out), "--format", "geojson", "--db", str(db)])
    assert res.exit_code == 0, res.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    with open_store(db, read_only=True) as store:
        placed = [r for r in store.select("events").rows() if r.lat is not None]
        assert [f["id"] for f in collection["features"]] == [r.gid for r in placed]
        assert collection["features"][0]["geometry"]["coordinates"] == [placed[0].lon, placed[0].lat]
        assert export(store, "geojson", tmp_path / "again.geojson").rows == len(placed) == 3


def test_unknown_and_broken_exporters_are_clear(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["export", str(tmp_path / "x"), "--format", "nope", "--db", str(db)])
    assert res.exit_code == 2 and "registered: acled, csv" in res.output
    with open_store(db, read_only=True) as store, pytest.raises(StoreError) as e:
        export(store, "nope", tmp_path / "x")
    assert e.value.code == "EW306"
    with pytest.raises(PipelineError) as err:
        EXPORTERS.register("not-an-exporter", object())
    assert err.value.code == "EW206"


def test_run_time_registration(db: Path, tmp_path: Path) -> None:
    class Count(Exporter):
        description = "article count"

        def export(self, store: Store, out: Path) -> ExportReport:
            out.write_text(str(store.counts()["articles"]), encoding="utf-8")
            return ExportReport(rows=1, files=[str(out)])

    EXPORTERS.register("count", Count())
    try:
        with open_store(db, read_only=True) as store:
            export(store, "count", tmp_path / "n.txt")
        assert (tmp_path / "n.txt").read_text(encoding="utf-8") == "3"
    finally:
        EXPORTERS.unregister("count")
