"""Two processes on one database: the second gets StoreError EW301 (exit code 1), not a corrupt file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.store import open_store
from store_records import make_article

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
HOLD = """
import sys, time
from eventwire.store import open_store
store = open_store(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
store.close()
"""


@contextmanager
def holding(db: Path) -> Iterator[None]:
    """Another process keeps ``db`` open for writing inside the block."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        try:
            assert holder.stdout.readline().strip() == "ready"
            yield
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)


@pytest.fixture
def held_db(tmp_path: Path) -> Iterator[Path]:
    """A database another process has open for writing (until the test ends)."""
    db = tmp_path / "db.duckdb"
    with open_store(db) as store:
        store.add([make_article(1)])
    with holding(db):
        yield db


def test_second_writer_gets_ew301(held_db: Path) -> None:
    for read_only in (False, True):
        with pytest.raises(StoreError) as e:
            open_store(held_db, read_only=read_only)
        assert e.value.code == "EW301"
        assert "in use by another process" in str(e.value)


def test_second_ingest_process_exits_1_with_message(held_db: Path, tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("Poland closed a border crossing on Tuesday.\n", encoding="utf-8")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "COLUMNS": "200"}
    res = subprocess.run(
        [EVENTWIRE, "ingest", str(tmp_path / "r.txt"), "--db", str(held_db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 1
    assert "EW301" in res.stderr and "another eventwire process" in res.stderr
    assert "Traceback" not in res.stderr


def test_intact_after_holder_exits(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    with open_store(db) as store:
        store.add([make_article(1)])
    with holding(db), pytest.raises(StoreError):
        open_store(db)
    with open_store(db) as store:
        assert store.article(make_article(1).id) == make_article(1)
