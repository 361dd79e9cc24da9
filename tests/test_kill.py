"""kill -9 resume (issue 8): a real ``eventwire ingest`` killed with SIGKILL, then run again, ends with
exactly the rows of an uninterrupted run; also after a loop of kills at random moments."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.store import open_store
from store_records import snapshot
from store_reports import write_corpus

pytestmark = [pytest.mark.model, pytest.mark.slow]

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
N_REPORTS = 48
BATCH = "6"
WAL_AFTER_FIRST_BATCH = 30_000  # small transactions: many points where a kill can land between and inside commits


def start(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.Popen(
        [EVENTWIRE, "ingest", str(corpus), "--db", str(db), "--quiet", "--batch-size", BATCH],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def finish(corpus: Path, db: Path) -> None:
    p = start(corpus, db)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err.decode()


def kill(p: subprocess.Popen[bytes]) -> None:
    p.send_signal(signal.SIGKILL)
    p.communicate(timeout=60)


def rows(db: Path) -> dict[str, list[str]]:
    with open_store(db, read_only=True) as store:
        return snapshot(store)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The corpus and the rows of an uninterrupted run."""
    root = tmp_path_factory.mktemp("kill")
    corpus = write_corpus(root / "corpus", N_REPORTS, per_file=12)
    finish(corpus, root / "reference.duckdb")
    want = rows(root / "reference.duckdb")
    assert len(want["articles"]) == N_REPORTS
    return corpus, want


def test_kill_mid_run_then_resume(reference: tuple[Path, dict[str, list[str]]], tmp_path: Path) -> None:
    corpus, want = reference
    db = tmp_path / "db.duckdb"
    wal = Path(str(db) + ".wal")
    # The first run on a database writes its migrations and the extractor identity with its knowledge
    # manifest (hundreds of KB); an ingest of nothing does that first, so the write-ahead log below
    # grows only with batches of records.
    empty = tmp_path / "empty"
    empty.mkdir()
    finish(empty, db)
    # kill as soon as a batch is being written (a batch of records is tens of KB in the write-ahead
    # log); a kill inside that first commit leaves nothing, so try again
    for attempt in range(6):
        p = start(corpus, db)
        while p.poll() is None and not (wal.exists() and wal.stat().st_size > WAL_AFTER_FIRST_BATCH):
            time.sleep(0.02)
        # each retry waits a little longer past the first batch's log writes, so a slow commit (a
        # loaded machine) is done before the kill; the run is far from its last batch by then
        time.sleep(0.08 * attempt)
        assert p.poll() is None, "ingest finished before it could be killed"
        kill(p)
        partial = rows(db)
        if partial["articles"]:
            break
    assert 0 < len(partial["articles"]) < N_REPORTS
    # records and ledger rows were committed together: one ledger row per stored article
    assert len(partial["ingested_inputs"]) == len(partial["articles"])
    finish(corpus, db)
    assert rows(db) == want


def kill_at_random_point(p: subprocess.Popen[bytes], wal: Path, rnd: random.Random) -> bool:
    """SIGKILL ``p`` after a random number (0-2) of write-ahead-log writes plus up to half a second
    (0 writes: somewhere in start-up, loading or the first batch). False if it finished first."""
    writes, last = rnd.randint(0, 2), 0
    while p.poll() is None and writes:
        size = wal.stat().st_size if wal.exists() else 0
        if size > last:
            writes -= 1
        last = size
        time.sleep(0.01)
    time.sleep(rnd.uniform(0, 0.5))
    if p.poll() is not None:
        p.communicate()
        return False
    kill(p)
    return True


def test_loop_of_random_kills_then_resume(reference: tuple[Path, dict[str, list[str]]], tmp_path: Path) -> None:
    corpus, want = reference
    db = tmp_path / "db.duckdb"
    wal = Path(str(db) + ".wal")
    seed = random.randrange(10**6)
    rnd = random.Random(seed)
    killed = sum(kill_at_random_point(start(corpus, db), wal, rnd) for _ in range(4))
    assert killed >= 2, f"only {killed} of 4 runs were killed (seed {seed})"
    finish(corpus, db)
    assert rows(db) == want, f"seed {seed}"
