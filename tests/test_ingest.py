"""Ingest with the real pipeline: idempotent, resumable from the ledger, bad inputs dead-lettered."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.pipeline import PipelineConfig
from eventwire.read import Source
from eventwire.store import extractor_id, fingerprint, ingest, open_store
from store_records import snapshot
from store_reports import write_corpus


def test_fingerprint_ignores_location_but_not_content_or_extractor() -> None:
    a = Source(origin="a.txt", body="Text one.")
    ex = extractor_id(PipelineConfig())
    assert fingerprint(a, published=None, extractor=ex) == fingerprint(
        Source(origin="elsewhere/b.txt", body="Text one."), published=None, extractor=ex
    )
    assert fingerprint(a, published=None, extractor=ex) != fingerprint(
        Source(origin="a.txt", body="Text one!"), published=None, extractor=ex
    )
    assert fingerprint(a, published=None, extractor=ex) != fingerprint(a, published="2021-11-19", extractor=ex)
    assert fingerprint(a, published=None, extractor=ex) != fingerprint(a, published=None, extractor=ex + "x")


@pytest.mark.model
def test_ingest_twice_changes_nothing_and_skips_finished_inputs(pipeline: Any, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", 12, per_file=5)
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    with open_store(tmp_path / "db.duckdb") as store:
        first = ingest(store, [str(corpus)], pipeline=pipeline, batch_size=4)
        assert (first.counts.stored, first.counts.skipped, first.resumed) == (12, 1, 0)
        before = snapshot(store)
        assert len(before["articles"]) == 12 and len(before["events"]) > 0
        second = ingest(store, [str(corpus)], pipeline=pipeline)
        assert snapshot(store) == before
        # every document was skipped before parsing; only the unreadable file was looked at again
        assert (second.resumed, second.counts.stored, second.counts.duplicates, second.counts.skipped) == (12, 0, 0, 1)
        skipped = store.skipped()
        assert list(skipped["code"]) == ["EW104"] and skipped["input"][0].endswith("scan.pdf")
        # replace re-extracts everything and ends with the same rows (extraction is deterministic)
        third = ingest(store, [str(corpus)], pipeline=pipeline, replace=True)
        assert (third.counts.replaced, third.resumed) == (12, 0)
        assert snapshot(store) == before


@pytest.mark.model
def test_cli_ingest_summary_and_exit_codes(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", 3)
    db = tmp_path / "db.duckdb"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "3 stored" in res.output
    (corpus / "empty.txt").write_text("  \n")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert res.exit_code == 3  # finished, but an input was skipped (it is in the dead-letter table)
    assert "3 done by an earlier run" in res.output and "empty" in res.output
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 3 and store.counts()["dead_letter"] == 1


@pytest.mark.model
def test_reopening_the_connection_mid_ingest_keeps_every_row(
    pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the package exports the function ``ingest``, which hides the module of the same name
    ingest_module = importlib.import_module("eventwire.store.ingest")
    corpus = write_corpus(tmp_path / "in", 10, per_file=5)
    with open_store(tmp_path / "plain.duckdb") as store:
        ingest(store, [str(corpus)], pipeline=pipeline, batch_size=3)
        expected = snapshot(store)
    reopened: list[int] = []
    monkeypatch.setattr(ingest_module, "REOPEN_EVERY", 4)
    with open_store(tmp_path / "rotated.duckdb") as store:
        real_reopen = store.reopen

        def counted_reopen() -> None:
            reopened.append(1)
            real_reopen()

        monkeypatch.setattr(store, "reopen", counted_reopen)
        report = ingest(store, [str(corpus)], pipeline=pipeline, batch_size=3)
        assert report.counts.stored == 10
        assert len(reopened) == 2  # batches of 3: re-opened after articles 6 and 10 (4 or more written since)
        assert snapshot(store) == expected
        # the ledger still answers after the re-openings: a second run resumes everything
        assert ingest(store, [str(corpus)], pipeline=pipeline, batch_size=3).resumed == 10
