"""Regenerate the screenshots in docs/dashboard.md (``make screenshots``).

Builds a store from the bundled samples and the web tests' invented reports, serves it on a free
loopback port and photographs each page with Debian's chromium through Playwright.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "docs" / "img"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    opts = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from eventwire.pipeline import Pipeline
    from eventwire.web import Database, create_app
    from web_store import build  # type: ignore[import-not-found]

    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(build(Path(tmp), Pipeline()))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        while not srv.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=opts.chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                shots = [
                    ("overview", "/", None),
                    ("events", "/events?country=BLR", None),
                    ("actor", "/actor/country:BLR", None),
                    ("search", "/search?q=KUZNICA", None),
                    ("api-docs", "/api/docs", None),
                ]
                for name, path, _ in shots:
                    page.goto(base + path)
                    page.screenshot(path=str(out / f"dashboard-{name}.png"), full_page=False)
                page.goto(base + "/events?type=CONSULT")
                page.locator("#rows a.evidence").first.click()
                page.locator("article.text mark.k-event").first.focus()
                page.screenshot(path=str(out / "dashboard-article.png"), full_page=False)
                page.goto(base + "/articles?text=medininkai")
                page.locator("#rows td.c-title a").first.click()
                page.screenshot(path=str(out / "dashboard-hostile.png"), full_page=False)
                page.goto(base + "/?map=sites")
                page.screenshot(path=str(out / "dashboard-overview-sites.png"), full_page=False)
                browser.close()
        finally:
            srv.should_exit = True
            thread.join(10)
            db.close()
        crisis_shots(Path(tmp), out, opts.chromium)
    print(f"screenshots written to {out}")


def crisis_shots(tmp: Path, out: Path, chromium: str) -> None:
    """The story and group pages on the invented crises of the linking tests (tests/web_crisis.py):
    the bundled samples have no figures reported by several outlets to compare."""
    import uvicorn
    from playwright.sync_api import sync_playwright

    from eventwire.web import Database, create_app
    from web_crisis import build_store  # type: ignore[import-not-found]

    db = Database(build_store(tmp / "crisis"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/")
            page.screenshot(path=str(out / "dashboard-group-pins.png"), full_page=False)
            page.goto(base + "/stories?text=tolvik")
            page.locator("#rows a.evidence").first.click()
            page.wait_for_url("**/story/*")
            page.screenshot(path=str(out / "dashboard-story.png"), full_page=True)
            page.locator("#comparisons a.group").last.click()
            page.wait_for_url("**/group/*")
            page.screenshot(path=str(out / "dashboard-group.png"), full_page=True)
            browser.close()
    finally:
        srv.should_exit = True
        thread.join(10)
        db.close()


if __name__ == "__main__":
    main()
