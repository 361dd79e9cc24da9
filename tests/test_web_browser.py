"""Browser tests of ``eventwire serve``: Playwright driving Debian's chromium (never a downloaded
browser). Skipped when /usr/bin/chromium is absent (`.ci/run` installs it)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from web_crisis import HOSTILE_MEDICS, build_store
from web_store import HOSTILE_SOURCE, HOSTILE_TITLE, build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Iterator[str]:
    with serving(build(tmp_path_factory.mktemp("browser"), pipeline)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def serving(path: Path) -> Iterator[str]:
    """``eventwire serve`` of the store at ``path`` on a free loopback port, in a thread."""
    import uvicorn

    from eventwire.web import Database, create_app

    db = Database(path)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
        db.close()


@contextmanager
def checked_page(browser: Any, server: str) -> Iterator[Any]:
    """A page that fails the test on console errors, script dialogs or requests to anywhere else."""
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    # only the server itself: anything fetched from elsewhere (a CDN, tiles) fails the test
    pg.on("request", lambda r: None if r.url.startswith((server, "data:")) else problems.append(f"request {r.url}"))
    pg.problems = problems
    yield pg
    ctx.close()
    assert problems == []


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    with checked_page(browser, server) as pg:
        yield pg


@pytest.fixture(scope="module")
def crisis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The linked store of invented crises (figures compared, a running total, a denial, one hostile report)."""
    with serving(build_store(tmp_path_factory.mktemp("crisis"))) as url:
        yield url


@pytest.fixture
def crisis_page(browser: Any, crisis_server: str) -> Iterator[Any]:
    with checked_page(browser, crisis_server) as pg:
        yield pg


def test_overview_filter_pin_to_highlighted_evidence(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.locator("#layers a").click()  # from the event groups to the event sites
    page.wait_for_url("**/?map=sites")
    assert page.locator("svg.map a.pin").count() > 0
    assert page.locator("svg.timeline a.bar").count() > 0
    page.fill("#filters input[name=country]", "BLR")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?*country=BLR*")
    assert page.locator("#top-actors tbody tr").count() > 0
    pin = page.locator("svg.map a.pin").first
    place = pin.get_attribute("data-place")
    pin.click()
    page.wait_for_url("**/events?*place=*")
    assert "country=BLR" in page.url
    rows = page.locator("#rows tbody tr")
    assert rows.count() > 0
    assert all(place == t.strip() for t in page.locator("#rows td.c-place").all_inner_texts())
    page.locator("#rows a.evidence").first.click()
    page.wait_for_url("**/article/*#e*")
    anchor = page.url.rsplit("#", 1)[1]
    mark = page.locator(f"span.anchor#{anchor} + mark")
    assert "k-event" in (mark.get_attribute("class") or "")
    mark.focus()
    assert f"event {anchor}:" in (mark.get_attribute("data-field") or "")
    assert page.locator("article.text mark.k-actor").count() > 0
    assert page.locator("#removed, section.evidence-lists").count() > 0


def test_hostile_report_shows_as_text_and_runs_nothing(page: Any, server: str) -> None:
    page.goto(server + "/articles?text=medininkai")
    link = page.locator("#rows td.c-title a").first
    assert link.inner_text() == HOSTILE_TITLE  # the markup is the visible text
    link.click()
    page.wait_for_url("**/article/*")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("article.text script, article.text img, main a[href^='javascript']").count() == 0
    assert '<script>alert("text")</script>' in page.locator("article.text").inner_text()
    page.goto(server + "/search?q=alert")
    assert page.locator("#found-articles li").count() >= 1


def test_every_page_loads_without_console_errors(page: Any, server: str) -> None:
    for path in (
        "/",
        "/events",
        "/articles",
        "/actors",
        "/quotes",
        "/figures",
        "/contradictions",
        "/dead-letter",
        "/groups",
        "/stories",
        "/search?q=kuznica",
        "/api/docs",
    ):
        resp = page.goto(server + path)
        assert resp is not None and resp.status == 200, path
        assert "script-src 'self'" in resp.headers["content-security-policy"]
    page.goto(server + "/actors")
    page.locator("#rows td.c-name a").first.click()
    page.wait_for_url("**/actor/*")
    assert page.locator("h1").inner_text()


def test_event_row_to_group_to_member_evidence_and_story(page: Any, server: str) -> None:
    page.goto(server + "/events")
    link = page.locator("#rows a.group").first
    group = (link.get_attribute("href") or "").rsplit("/", 1)[1]
    link.click()
    page.wait_for_url(f"**/group/{group}")
    members = page.locator("#members tbody tr")
    assert members.count() >= 1
    assert page.locator("#statuses tr").count() == 3  # asserted, claimed, denied by
    page.locator("p.meta a[href^='/story/']").click()
    page.wait_for_url("**/story/*")
    assert page.locator(f"#story-groups a.group[href='/group/{group}']").count() == 1
    page.locator(f"#story-groups a.group[href='/group/{group}']").click()
    page.locator("#members a.evidence").first.click()
    page.wait_for_url("**/article/*#*")
    anchor = page.url.rsplit("#", 1)[1]
    assert "k-event" in (page.locator(f"span.anchor#{anchor} + mark").get_attribute("class") or "")


def test_group_pin_to_group_to_member_evidence(crisis_page: Any, crisis_server: str) -> None:
    page, server = crisis_page, crisis_server
    page.goto(server + "/")
    pins = page.locator("svg.map a.gpin")
    assert pins.count() >= 5
    assert page.locator("svg.map a.pin").count() == 0  # event sites are the other layer
    pin = page.locator("svg.map a.gpin", has=page.locator("title", has_text="ASSAULT: Marnian police"))
    group = pin.get_attribute("data-group")
    pin.click()
    page.wait_for_url(f"**/group/{group}")
    assert "Marnian Interior Ministry" in page.locator("#statuses").inner_text()  # denied by
    assert page.locator("#comparisons tbody.comparison.conflict").count() == 1  # 14 vs 15 vs 16 injured
    assert page.locator("#contradiction-sides tbody tr").count() >= 1
    page.locator("#members a.evidence").first.click()
    page.wait_for_url("**/article/*#e*")
    anchor = page.url.rsplit("#", 1)[1]
    assert "k-event" in (page.locator(f"span.anchor#{anchor} + mark").get_attribute("class") or "")


def test_story_compares_figures_charts_the_total_and_shows_both_sides(crisis_page: Any, crisis_server: str) -> None:
    page, server = crisis_page, crisis_server
    page.goto(server + "/stories?text=tolvik")
    page.locator("#rows a.evidence").first.click()
    page.wait_for_url("**/story/*")
    table = page.locator("#comparisons")
    assert table.locator("tbody.comparison").count() >= 2  # the flight and the tear gas at least
    assert table.locator("span.badge.conflict").count() >= 2
    assert table.locator("tr.in-conflict").count() >= 4
    chart = page.locator("figure.series[data-category=killed] svg.series")
    assert chart.locator("a.point").count() == 3 and chart.locator("a.point.conflict").count() == 0
    sides = page.locator("#contradiction-sides tbody tr")
    assert sides.count() >= 1
    denial = sides.filter(has_text="Marnian Interior Ministry").first
    assert denial.locator("a.evidence").count() == 2  # both sides link to their evidence
    # the hostile report joined the tear-gas group: its outlet and speaker are shown as text
    text = page.locator("main").inner_text()
    assert HOSTILE_SOURCE in text and HOSTILE_MEDICS in text
    assert page.locator("main img, main script, main a[href^='javascript']").count() == 0
    # a point of the running total opens the figure in its article
    chart.locator("a.point").last.click()
    page.wait_for_url("**/article/*#n*")
    anchor = page.url.rsplit("#", 1)[1]
    assert "k-figure" in (page.locator(f"span.anchor#{anchor} + mark").get_attribute("class") or "")


def test_story_filter_keeps_to_the_story(crisis_page: Any, crisis_server: str) -> None:
    page, server = crisis_page, crisis_server
    page.goto(server + "/stories?text=tolvik")
    page.locator("#rows a.evidence").first.click()
    page.wait_for_url("**/story/*")
    page.locator("p.meta a", has_text="on the map").click()
    page.wait_for_url("**/?story=*")
    assert page.locator("svg.map a.gpin").count() == 2  # the story's two groups, both at Tolvik
    page.locator("#filters input[name=type]").fill("ASSAULT")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?*type=ASSAULT*")
    assert "story=" in page.url and page.locator("svg.map a.gpin").count() == 1
    page.goto(page.url.replace("/?", "/events?"))
    types = page.locator("#rows td.c-type").all_inner_texts()
    assert len(types) >= 4 and {t.strip() for t in types} == {"ASSAULT"}  # the tear gas, the denial included
