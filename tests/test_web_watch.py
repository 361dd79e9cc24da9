"""``serve --watch``: reports dropped in batches while pages are read are ingested *and linked*
(stories and event groups appear for them, across batches), with no failed read."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.web import Database, create_app

pytestmark = pytest.mark.model

# invented reports: three outlets on one detention near Kuźnica, one on talks elsewhere
_DETENTION = (
    "WARSAW — Polish border guards detained 40 migrants near Kuźnica on Monday, the Border Guard said. "
    "Belarus denied pushing the migrants towards the frontier."
)
BATCHES = [
    [
        {
            "id": "w1",
            "title": "Guards detain 40 near Kuźnica",
            "source": "Wire One",
            "published": "2021-11-08",
            "text": _DETENTION,
        },
        {
            "id": "w2",
            "title": "Forty migrants held at border",
            "source": "Wire Two",
            "published": "2021-11-08",
            "text": _DETENTION.replace("WARSAW", "BIAŁYSTOK").replace("the Border Guard said", "officials said"),
        },
    ],
    [
        {
            "id": "w3",
            "title": "Poland holds 40 migrants",
            "source": "Wire Three",
            "published": "2021-11-09",
            "text": _DETENTION.replace("WARSAW", "LONDON").replace("on Monday", "on Monday, November 8"),
        },
        {
            "id": "w4",
            "title": "Ministers meet in Vilnius",
            "source": "Wire One",
            "published": "2021-11-09",
            "text": "VILNIUS — Lithuanian and Latvian interior ministers met in Vilnius on Tuesday to discuss the border.",
        },
    ],
]


def test_watched_reports_are_linked_while_pages_are_read(tmp_path: Path, pipeline: Any) -> None:
    inbox = tmp_path / "inbox"
    db = Database(tmp_path / "live.duckdb", watch=inbox)
    app = create_app(db)
    stop = threading.Event()
    failures: list[str] = []
    reads = [0]

    def reader() -> None:
        client = TestClient(app)  # its own client: one per thread
        while not stop.is_set():
            for url in ("/", "/api/events?limit=5", "/api/groups", "/api/stories", "/api/status"):
                r = client.get(url)
                reads[0] += 1
                if r.status_code != 200:
                    failures.append(f"{url}: {r.status_code} {r.text[:200]}")

    t = threading.Thread(target=reader, daemon=True)
    try:
        db.start_watching(interval=0.1, pipeline=pipeline)
        t.start()
        client = TestClient(app)
        seen = 0
        for b, batch in enumerate(BATCHES):
            part = inbox / f"batch-{b}.jsonl.part"
            part.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch), encoding="utf-8")
            part.rename(inbox / f"batch-{b}.jsonl")  # whole files only, as a copy into the folder would
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and db.watch is not None and db.watch.files_ingested < b + 1:
                time.sleep(0.1)
            assert db.wait_idle(120)
            seen += len(batch)
            status = client.get("/api/status").json()["data"]
            assert status["counts"]["articles"] == seen, status
            assert status["watch"]["last_error"] is None
            assert status["counts"]["stories"] > 0 and status["counts"]["event_groups"] > 0
        stop.set()
        t.join(60)
        stories = client.get("/api/stories?limit=50").json()["data"]
        groups = client.get("/api/groups?limit=50").json()["data"]
        assert stories and groups
        # the detention was reported in both batches: its story and group hold articles of both,
        # so the watcher's second ingest resumed the linker's state from the first
        with db.read() as cur:
            linked = dict(cur.execute("SELECT article_id, story_id FROM article_links").fetchall())
            titles = dict(cur.execute("SELECT id, title FROM articles").fetchall())
        by_title = {titles[a]: s for a, s in linked.items()}
        assert len(by_title) == 4  # every watched report is linked
        assert by_title["Guards detain 40 near Kuźnica"] == by_title["Poland holds 40 migrants"]
        biggest = max(groups, key=lambda g: g["outlets"])
        assert biggest["outlets"] == 3 and biggest["type"] == "COERCE", groups
        members = client.get(f"/api/groups/{biggest['group_id']}").json()["data"]["members_list"]
        assert {m["title"] for m in members} >= {"Guards detain 40 near Kuźnica", "Poland holds 40 migrants"}
        assert reads[0] > 0 and failures == []
    finally:
        stop.set()
        t.join(60)
        db.close()
