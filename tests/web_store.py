"""A small store for the web tests: the bundled sample reports plus invented ones, one hostile.

The hostile report is invented for these tests: markup and script in its title, outlet, URL and
text must come out of every page as text (and run nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from eventwire.pipeline import Pipeline
from eventwire.store import ingest, open_store
from eventwire.web import Database, create_app

HOSTILE_TITLE = '<script>alert("title")</script>Border <b>report</b>'
HOSTILE_URL = "javascript:alert('url')"
HOSTILE_SOURCE = '<img src=x onerror=alert("source")>'
HOSTILE_TEXT = (
    "VILNIUS — Lithuanian border guards said on Monday they turned back 45 migrants near Medininkai. "
    '<script>alert("text")</script> The interior ministry accused Belarus of organising the crossings. '
    '"<img src=x onerror=alert(1)> We will protect the frontier," said Agne Bilotaite, the interior minister. '
    '<a href="javascript:alert(2)">click</a>'
)

INVENTED = [
    {
        "id": "web-hostile",
        "title": HOSTILE_TITLE,
        "url": HOSTILE_URL,
        "source": HOSTILE_SOURCE,
        "published": "2021-11-22",
        "text": HOSTILE_TEXT,
    },
    {
        "id": "web-accents",
        "title": "Guards in Kuźnica report calm night",
        "url": "https://example.org/kuznica-calm",
        "source": "Test Wire",
        "published": "2021-11-23",
        "text": (
            "KUŹNICA — Polish border guards said on Tuesday the night near Kuźnica had been calm. "
            "Belarus accused Poland of mistreating migrants at the crossing."
        ),
    },
]


def write_reports(folder: Path) -> Path:
    """The samples and the invented reports as files under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = resources.files("eventwire.samples")
    for item in samples.iterdir():
        if item.name.endswith((".txt", ".html", ".jsonl")):
            (folder / item.name).write_bytes(item.read_bytes())
    with (folder / "invented.jsonl").open("w", encoding="utf-8") as fh:
        for r in INVENTED:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (folder / "broken.jsonl").write_text("{not json\n", encoding="utf-8")  # one dead-letter entry
    return folder


def build(folder: Path, pipeline: Pipeline) -> Path:
    """Ingest the reports into ``folder/web.duckdb`` and return its path."""
    reports = write_reports(folder / "reports")
    db = folder / "web.duckdb"
    with open_store(db) as store:
        ingest(store, [str(reports)], pipeline=pipeline)
    return db


def served(db_path: Path) -> Iterator[TestClient]:
    """A test client over the app serving ``db_path`` read-only (closed after the module's tests)."""
    db = Database(db_path)
    try:
        yield TestClient(create_app(db))
    finally:
        db.close()


def ok(client: TestClient, url: str) -> Any:
    """The JSON body of a successful API answer (status 200, no error in the envelope)."""
    r = client.get(url)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error"] is None
    return body
