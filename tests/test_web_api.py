"""The JSON API and pages of ``eventwire serve``, in-process, on a store built from the bundled
samples and invented reports (tests/web_store.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.store import web_queries as wq
from eventwire.web import Database, create_app
from eventwire.web.app import CSP
from web_store import HOSTILE_TITLE, INVENTED, build, ok, served

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    return build(tmp_path_factory.mktemp("web"), pipeline)


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    yield from served(db_path)


def all_pages(client: TestClient, url: str, limit: int = 3) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    sep = "&" if "?" in url else "?"
    body = ok(client, f"{url}{sep}limit={limit}")
    rows += body["data"]
    while body["next"]:
        body = ok(client, f"{url}{sep}limit={limit}&cursor={body['next']}")
        rows += body["data"]
    return rows


def test_keyset_pages_cover_every_event_once(client: TestClient) -> None:
    total = ok(client, "/api/status")["data"]["counts"]["events"]
    rows = all_pages(client, "/api/events", limit=4)
    gids = [r["gid"] for r in rows]
    assert len(gids) == total > 10
    assert len(set(gids)) == total
    days = [r["day"] for r in rows]
    assert days == sorted(days, reverse=True)
    article_id, local = wq.split_gid(gids[0])
    assert rows[0]["article_id"] == article_id and rows[0]["event_id"] == local


def test_filters_narrow_events(client: TestClient) -> None:
    every = all_pages(client, "/api/events", limit=500)
    blr = all_pages(client, "/api/events?country=blr")
    assert blr and len(blr) < len(every)
    for r in blr:
        assert "BLR" in (r["source_country"], r["target_country"], r["place_country"])
    accuse = all_pages(client, "/api/events?type=ACCUSE&since=2021-11-15&until=2021-11-30")
    assert accuse and all(r["type"] == "ACCUSE" and "2021-11-15" <= r["day"] <= "2021-11-30" for r in accuse)
    assert {r["gid"] for r in accuse} == {
        r["gid"] for r in every if r["type"] == "ACCUSE" and "2021-11-15" <= r["day"] <= "2021-11-30"
    }
    claimed = all_pages(client, "/api/events?status=claimed")
    assert claimed and all(r["status"] == "claimed" for r in claimed)
    lukashenko = all_pages(client, "/api/events?actor=LUKASHENKO")
    assert lukashenko and all(
        "lukashenko" in f"{r['source']} {r['target']} {r['claimed_by']}".lower() for r in lukashenko
    )


def test_every_list_endpoint_pages_in_the_envelope(client: TestClient) -> None:
    for name in ("articles", "actors", "quotes", "figures", "contradictions", "dead-letter"):
        rows = all_pages(client, f"/api/{name}", limit=2)
        assert rows, name
        keys = [json.dumps(r, sort_keys=True, default=str) for r in rows]
        assert len(keys) == len(set(keys)), f"{name}: a row came twice across pages"
    dead = ok(client, "/api/dead-letter")["data"]
    assert [d["code"] for d in dead] == ["EW106"]


def test_coded_errors(client: TestClient) -> None:
    cases = [
        ("/api/events?since=yesterday", 400, "EW310"),
        ("/api/events?country=Poland", 400, "EW310"),
        ("/api/events?limit=1000", 413, "EW312"),
        ("/api/events?cursor=not-a-cursor", 400, "EW310"),
        ("/api/articles/no-such-article", 404, "EW311"),
        ("/api/actors/no-such-actor", 404, "EW311"),
        ("/api/no-such-endpoint", 404, "EW311"),
        ("/api/events?text=" + "x" * 5000, 413, "EW312"),
        ("/api/events?country=" + ",".join(["POL"] * 30), 413, "EW312"),
    ]
    for url, status, code in cases:
        r = client.get(url)
        assert r.status_code == status, (url, r.text)
        body = r.json()
        assert body["data"] is None and body["next"] is None
        assert body["error"]["code"] == code, url
        assert body["error"]["message"] and body["error"]["hint"]
    r = client.post("/api/events", content=b"{}")
    assert r.status_code == 405 and r.json()["error"]["code"] == "EW310"
    page = client.get("/article/no-such-article")
    assert page.status_code == 404 and "EW311" in page.text


def test_article_record_and_highlighted_spans(client: TestClient) -> None:
    events = ok(client, "/api/events?limit=1")["data"]
    art_id, ev = events[0]["article_id"], events[0]["event_id"]
    record = ok(client, f"/api/articles/{art_id}")["data"]
    trigger = next(e for e in record["events"] if e["id"] == ev)["trigger"]
    assert record["text"][trigger["start"] : trigger["end"]] == trigger["text"]
    html = client.get(f"/article/{art_id}").text
    assert f'<span class="anchor" id="{ev}"></span>' in html
    assert 'class="k-event"' in html and 'class="k-actor"' in html and "k-quote" in html
    assert f"event {ev}: {events[0]['type']}" in html  # the field the span fed, shown on hover/focus
    assert "Removed by cleaning" in html


def test_hostile_report_renders_as_text(client: TestClient) -> None:
    found = [a for a in all_pages(client, "/api/articles", limit=500) if a["title"] == HOSTILE_TITLE]
    assert len(found) == 1
    art = found[0]["article_id"]
    pages = [f"/article/{art}", "/articles", "/search?q=alert", f"/events?article={art}", "/quotes?text=protect"]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200
        assert r.headers["content-security-policy"] == CSP
        html = r.text
        assert "<script" not in html.lower(), url
        assert 'href="javascript:' not in html.lower(), url
        assert "<img" not in html.lower(), url
    html = client.get(f"/article/{art}").text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#34;source&#34;)&gt;" in html
    assert "javascript:alert(&#39;url&#39;)" in html  # shown as text, not a link
    assert ok(client, f"/api/articles/{art}")["data"]["title"] == HOSTILE_TITLE


def test_search_ignores_case_and_accents(client: TestClient) -> None:
    a = ok(client, "/api/search?q=kuznica")["data"]
    b = ok(client, "/api/search?q=KUŹNICA")["data"]
    assert a == b
    titles = {x["title"] for x in a["articles"]}
    assert INVENTED[1]["title"] in titles
    assert a["actors"] or a["quotes"]
    html = client.get("/search?q=KU%C5%B9NICA").text
    assert INVENTED[1]["title"] in html


def test_places_are_geojson_points(client: TestClient) -> None:
    fc = ok(client, "/api/places")["data"]
    assert fc["type"] == "FeatureCollection" and fc["features"]
    for feat in fc["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert 1 <= feat["properties"]["outlets"] <= feat["properties"]["events"]
    blr = ok(client, "/api/places?country=BLR")["data"]["features"]
    assert 0 < len(blr) <= len(fc["features"])


def test_timeline_and_overview_agree_with_the_event_list(client: TestClient) -> None:
    timeline = ok(client, "/api/timeline?country=POL")["data"]
    events = all_pages(client, "/api/events?country=POL", limit=500)
    assert sum(r["events"] for r in timeline) == sum(1 for e in events if e["day"])
    ov = ok(client, "/api/overview")["data"]
    assert ov["totals"]["events"] == ok(client, "/api/status")["data"]["counts"]["events"]
    assert ov["top_actors"] and ov["change"]


def test_downloads_carry_the_filters(client: TestClient) -> None:
    api = all_pages(client, "/api/events?country=POL", limit=500)
    csv_text = client.get("/export/events.csv?country=POL").text
    assert csv_text.splitlines()[0].startswith("gid,")
    assert (
        len(csv_text.strip().splitlines())
        == len(api) + sum(r["evidence"].count("\n") for r in api if r["evidence"]) + 1
    )
    as_json = client.get("/export/events.json?country=POL").json()
    assert [r["gid"] for r in as_json] == [r["gid"] for r in api]
    geo = client.get("/export/events.geojson?country=POL").json()
    assert len(geo["features"]) == sum(1 for r in api if r["lat"] is not None)
    assert client.get("/export/quotes.geojson").status_code == 404


def test_pages_render_with_links_to_evidence(client: TestClient) -> None:
    html = client.get("/?country=BLR&map=sites").text  # the event-site layer: a pin opens the events there
    assert 'class="pin"' in html and "/events?country=BLR&amp;map=sites&amp;place=" in html
    groups = client.get("/").text  # the default layer: a pin per event group, opening the group
    assert 'class="gpin"' in groups and '<a href="/group/g' in groups and 'class="pin"' not in groups
    assert 'class="bar"' in html
    assert 'id="top-actors"' in html and 'id="change"' in html
    table = client.get("/events?country=BLR").text
    assert 'class="evidence" href="/article/' in table
    actor = ok(client, "/api/actors?limit=1")["data"][0]
    page = client.get(f"/actor/{actor['key']}")
    assert page.status_code == 200 and actor["name"] in page.text
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/places" in spec["paths"]


def test_country_change_compares_with_previous_periods() -> None:
    d = date.fromisoformat
    daily = [("POL", d("2021-11-20"), 6), ("POL", d("2021-11-10"), 3), ("BLR", d("2021-11-01"), 3)]
    out = {r["country"]: r for r in wq.country_change(daily, period_days=7, end=d("2021-11-21"))}
    assert out["POL"]["current"] == 6 and out["POL"]["previous_mean"] == 1.0 and out["POL"]["trend"] == "up"
    assert out["BLR"]["current"] == 0 and out["BLR"]["trend"] == "down"


def test_watch_ingests_new_files_while_serving(tmp_path: Path, pipeline: Any) -> None:
    inbox = tmp_path / "inbox"
    db = Database(tmp_path / "live.duckdb", watch=inbox)
    try:
        client = TestClient(create_app(db))
        assert ok(client, "/api/status")["data"]["counts"]["articles"] == 0
        db.start_watching(interval=0.1, pipeline=pipeline)
        inbox.mkdir(exist_ok=True)
        (inbox / "a.txt").write_text(
            "RIGA — Latvian border guards said on Friday they stopped 12 migrants near the Belarus border.",
            encoding="utf-8",
        )
        (inbox / "notes.csv").write_text("ignored,file\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and db.watch is not None and db.watch.files_ingested < 1:
            assert client.get("/").status_code == 200  # pages keep working during the ingest
            time.sleep(0.1)
        assert db.wait_idle(60)
        status = ok(client, "/api/status")["data"]
        assert status["writable"] is True
        assert status["counts"]["articles"] == 1 and status["watch"]["files_ingested"] == 1
        assert ok(client, "/api/search?q=latvian")["data"]["articles"]
    finally:
        db.close()


def test_read_only_server_keeps_other_readers_possible(db_path: Path) -> None:
    from eventwire.store import open_store

    db = Database(db_path)
    try:
        assert db.writable is False and db.watch is None
        with open_store(db_path, read_only=True) as other:  # e.g. `eventwire query` beside `serve`
            assert other.counts()["articles"] > 0
    finally:
        db.close()


def test_reopen_waits_for_running_reads(db_path: Path, tmp_path: Path) -> None:
    import shutil
    import threading

    copy = tmp_path / "copy.duckdb"
    shutil.copy(db_path, copy)
    db = Database(copy, watch=tmp_path / "inbox")  # writable: the ingest's re-open is allowed
    try:
        order: list[str] = []
        with db.read() as cur:
            t = threading.Thread(target=lambda: (db.store.reopen(), order.append("reopened")))
            t.start()
            time.sleep(0.3)
            order.append("read done")
            assert cur.execute("SELECT count(*) FROM articles").fetchone()[0] > 0  # type: ignore[index]
        t.join(30)
        assert order == ["read done", "reopened"]
        with db.read() as cur:  # reads work on the re-opened connection
            assert cur.execute("SELECT count(*) FROM events").fetchone()[0] > 0  # type: ignore[index]
    finally:
        db.close()


def test_serve_command_refuses_a_missing_database_and_warns_off_loopback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app
    from eventwire.cli.serve import _loopback

    assert _loopback("127.0.0.1") and _loopback("::1") and _loopback("localhost")
    assert not _loopback("0.0.0.0") and not _loopback("192.0.2.1")
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--host", "0.0.0.0"])
    assert res.exit_code == 1
    out = res.output
    assert "warning" in out and "EW304" in out


def test_actor_keys_with_slashes_route(client: TestClient) -> None:
    r = client.get("/api/actors/no%2Fsuch/actor")
    assert r.status_code == 404 and r.json()["error"]["code"] == "EW311"


def test_groups_and_stories_page_by_cursor_and_link_to_their_evidence(client: TestClient, db_path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        n_groups = con.execute("SELECT count(*) FROM event_groups").fetchall()[0][0]
        n_stories = con.execute("SELECT count(*) FROM stories").fetchall()[0][0]
        members = dict(
            con.execute(
                "SELECT g.id, count(m.event_id) FROM event_groups g LEFT JOIN group_members m ON m.group_id = g.id GROUP BY g.id"
            ).fetchall()
        )
    finally:
        con.close()
    assert n_groups and n_stories  # ingest links the samples
    groups = all_pages(client, "/api/groups", limit=2)
    assert sorted(g["group_id"] for g in groups) == sorted(members)  # every group once, by cursor
    days = [g["day"] for g in groups]
    assert days == sorted(days, reverse=True)
    stories = all_pages(client, "/api/stories", limit=1)
    assert len({s["story_id"] for s in stories}) == n_stories

    big = max(groups, key=lambda g: (g["members"], g["group_id"]))
    one = ok(client, f"/api/groups/{big['group_id']}")["data"]
    assert len(one["members_list"]) == members[big["group_id"]]
    for m in one["members_list"]:
        assert m["evidence"] and m["status"] and m["gid"].startswith(m["article_id"] + ":")
    # the group's events are event rows that link back to the group
    rows = ok(client, f"/api/events?group={big['group_id']}")["data"]
    assert sorted(r["gid"] for r in rows) == sorted(m["gid"] for m in one["members_list"])
    every = all_pages(client, "/api/events", limit=200)
    linked = {r["gid"] for r in every if r["group_id"] == big["group_id"]}
    assert linked == {m["gid"] for m in one["members_list"]}

    story = ok(client, f"/api/stories/{one['story_id']}")["data"]
    assert big["group_id"] in {g["group_id"] for g in story["groups_list"]}
    in_story = all_pages(client, f"/api/groups?story={one['story_id']}", limit=5)
    assert {g["group_id"] for g in in_story} == {g["group_id"] for g in story["groups_list"]}

    page = client.get(f"/group/{big['group_id']}")
    assert page.status_code == 200
    first = one["members_list"][0]
    assert f'href="/article/{first["article_id"]}#{first["event_id"]}"' in page.text
    assert client.get(f"/story/{one['story_id']}").status_code == 200
    events_page = client.get(f"/events?group={big['group_id']}")
    assert f'href="/group/{big["group_id"]}"' in events_page.text
    assert client.get("/api/groups/gnope").json()["error"]["code"] == "EW311"
    assert client.get("/api/groups?cursor=bad!").json()["error"]["code"] == "EW310"
