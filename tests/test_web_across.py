"""The dashboard's figures and claims across reports (issue 16 in the web app, issue 17): the JSON
endpoints in the CLI's JSONL shapes, the story and group pages, the map of event groups and the
``story`` filter, on a linked store of invented crises (tests/web_crisis.py; no model needed)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from web_crisis import HOSTILE_MEDICS, build_store
from web_store import HOSTILE_SOURCE, HOSTILE_TITLE, ok, served


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("across"))


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    yield from served(db_path)


def every(client: TestClient, url: str, limit: int) -> list[dict[str, Any]]:
    sep = "&" if "?" in url else "?"
    body = ok(client, f"{url}{sep}limit={limit}")
    rows = list(body["data"])
    while body["next"]:
        body = ok(client, f"{url}{sep}limit={limit}&cursor={body['next']}")
        rows += body["data"]
    return rows


def cli_jsonl(db: Path, *args: str) -> list[dict[str, Any]]:
    from typer.testing import CliRunner

    from eventwire.cli import app

    res = CliRunner().invoke(app, ["query", *args, "--format", "jsonl", "--db", str(db)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def sql(db: Path, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def tolvik_story(db: Path) -> str:
    """The story with the conflicting figures (the one the hostile report joined)."""
    rows = sql(db, "SELECT story_id FROM event_groups WHERE place = 'Tolvik' AND type = 'ASSAULT'")
    return str(rows[0][0])


def test_endpoints_answer_what_the_cli_writes(client: TestClient, db_path: Path) -> None:
    by_key = {(r["group_id"], r["category"]): r for r in cli_jsonl(db_path, "figures", "--compare")}
    web = every(client, "/api/figures/compare", limit=1)  # one comparison a page: the cursor walks them all
    assert {(r["group_id"], r["category"]): r for r in web} == by_key
    assert len(web) == len(by_key) >= 2 and any(r["conflict"] for r in web)

    cli_series = cli_jsonl(db_path, "series")
    web_series = every(client, "/api/series", limit=1)
    key = lambda r: (r["story_id"], r["category"])  # noqa: E731
    assert sorted(web_series, key=key) == sorted(cli_series, key=key)
    killed = next(s for s in web_series if s["category"] == "killed")
    assert [p["value"] for p in killed["points"]] == [8, 10, 13] and not killed["conflict"]  # rising: no conflict

    cli_sides = {r["id"]: r for r in cli_jsonl(db_path, "contradictions")}
    web_sides = {r["id"]: r for r in every(client, "/api/contradictions/sides", limit=1)}
    assert web_sides == cli_sides
    cross = [r for r in web_sides.values() if r["cross_article"]]
    assert any(r["kind"] == "claim" for r in cross)  # a claim in one report denied in another
    for r in cross:
        for side in (r["a"], r["b"]):
            assert {"article_id", "item_id", "speaker", "via", "date", "evidence"} <= set(side)


def test_filters_group_story_category_cross(client: TestClient, db_path: Path) -> None:
    story = tolvik_story(db_path)
    everything = ok(client, "/api/figures/compare?limit=500")["data"]
    mine = ok(client, f"/api/figures/compare?story={story}")["data"]
    assert mine and all(r["story_id"] == story for r in mine)
    assert len(mine) < len(everything) or {r["story_id"] for r in everything} == {story}
    injured = ok(client, f"/api/figures/compare?story={story}&category=injured")["data"]
    assert [r["category"] for r in injured] == ["injured"]
    (one,) = injured
    assert one["conflict"] and one["low"] == 14 and one["high"] == 16
    assert {v["value"] for v in one["values"]} == {14, 15, 16}
    assert ok(client, f"/api/figures/compare?group={one['group_id']}&category=injured")["data"] == injured
    assert ok(client, "/api/figures/compare?group=gnope")["data"] == []
    assert ok(client, f"/api/series?story={story}&category=returned")["data"] == []  # not cumulative

    sides = ok(client, f"/api/contradictions/sides?story={story}")["data"]
    crossing = ok(client, f"/api/contradictions/sides?story={story}&cross=true")["data"]
    assert crossing and all(r["cross_article"] for r in crossing)
    assert {r["id"] for r in crossing} <= {r["id"] for r in sides}
    in_group = ok(client, f"/api/contradictions/sides?group={one['group_id']}")["data"]
    assert in_group and all(r["group_id"] == one["group_id"] for r in in_group)


def test_coded_errors_and_openapi(client: TestClient) -> None:
    for url, code in (
        ("/api/figures/compare?cursor=bad!", "EW310"),
        ("/api/series?limit=501", "EW312"),
        ("/api/contradictions/sides?cross=perhaps", "EW310"),
        ("/export/series.geojson", "EW311"),
    ):
        body = client.get(url).json()
        assert body["data"] is None and body["error"]["code"] == code, (url, body)
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/figures/compare", "/api/series", "/api/contradictions/sides"):
        assert p in paths
        names = {x["name"] for x in paths[p]["get"]["parameters"]}
        assert {"story", "cursor", "limit"} <= names
    assert "/api/figures/compare" in client.get("/api/docs").text


def test_downloads_carry_the_filters(client: TestClient, db_path: Path) -> None:
    story = tolvik_story(db_path)
    got = client.get(f"/export/figures-compare.csv?story={story}&category=injured")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert len(rows) == 3 and {r["category"] for r in rows} == {"injured"}  # one row per report's figure
    assert all(r["evidence_link"].startswith("/article/") and "#n" in r["evidence_link"] for r in rows)
    js = client.get(f"/export/figures-compare.json?story={story}").json()
    assert js == ok(client, f"/api/figures/compare?story={story}")["data"]
    series = list(csv.DictReader(io.StringIO(client.get(f"/export/series.csv?story={story}").text)))
    assert [r["value"] for r in series if r["category"] == "killed"] == ["8.0", "10.0", "13.0"]
    sides = list(csv.DictReader(io.StringIO(client.get("/export/contradiction-sides.csv?cross=true").text)))
    assert sides and all(r["cross_article"] == "True" and r["a_evidence"] and r["b_evidence"] for r in sides)


def _anchors(client: TestClient, link: str) -> None:
    """An evidence link opens an article page that has the anchor it names."""
    path, _, anchor = link.partition("#")
    page = client.get(path)
    assert page.status_code == 200, link
    assert f'id="{anchor}"' in page.text, link


def test_story_page_compares_charts_and_shows_both_sides(client: TestClient, db_path: Path) -> None:
    story = tolvik_story(db_path)
    html = client.get(f"/story/{story}").text
    assert 'id="comparisons"' in html and 'class="badge conflict"' in html
    assert html.count('class="in-conflict"') >= 2
    assert '<svg class="series"' in html and 'class="point' in html
    assert 'id="contradiction-sides"' in html and "across reports" in html
    links = re.findall(r'class="evidence" href="([^"]+)"', html)
    assert len(links) >= 6
    values = re.findall(r'<a class="value" href="(/article/[^"]+#n\d+)"', html)  # every value opens its figure
    assert len(values) == html.count('<td class="value">') >= 6
    links += values
    for link in dict.fromkeys(links):
        _anchors(client, link.replace("&amp;", "&"))
    for link in dict.fromkeys(re.findall(r'<a href="(/article/[^"]+)" class="point', html)):
        _anchors(client, link)
    # the hostile report's outlet and speaker are text, never markup
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(&#34;medics&#34;)&gt; medics" in html
    assert "&lt;img src=x onerror=alert(&#34;source&#34;)&gt;" in html


def test_group_page_compares_and_lists_contradictions(client: TestClient, db_path: Path) -> None:
    (gid,) = sql(db_path, "SELECT id FROM event_groups WHERE place = 'Tolvik' AND type = 'ASSAULT'")[0]
    html = client.get(f"/group/{gid}").text
    assert 'id="statuses"' in html and 'id="comparisons"' in html and 'id="contradiction-sides"' in html
    assert "Marnian Interior Ministry" in html  # denied by
    assert "<img src=x" not in html and HOSTILE_MEDICS not in html and HOSTILE_TITLE not in html
    assert f"/export/figures-compare.csv?group={gid}" in html


def test_map_of_event_groups(client: TestClient, db_path: Path) -> None:
    located = sql(db_path, "SELECT id FROM event_groups WHERE lat IS NOT NULL ORDER BY outlet_count DESC, id")
    html = client.get("/").text
    pins = re.findall(r'<a href="/group/([^"]+)" class="gpin" data-group="([^"]+)"', html)
    assert sorted(p[0] for p in pins) == sorted(r[0] for r in located)
    assert all(a == b for a, b in pins)
    assert 'class="pin"' not in html  # the event sites are the other layer
    sites = client.get("/?map=sites").text
    assert 'class="pin"' in sites and 'class="gpin"' not in sites
    assert 'name="map" value="sites"' in sites  # the filter form keeps the layer
    story = tolvik_story(db_path)
    in_story = re.findall(r'class="gpin" data-group="([^"]+)"', client.get(f"/?story={story}").text)
    assert set(in_story) == {r[0] for r in sql(db_path, "SELECT id FROM event_groups WHERE story_id = ?", [story])}
    asserted = re.findall(r'class="gpin" data-group="([^"]+)"', client.get("/?type=AID").text)
    assert asserted and len(asserted) < len(pins)
    geo = client.get(f"/export/groups.geojson?story={story}").json()
    assert {f["properties"]["group_id"] for f in geo["features"]} == set(in_story)


def test_story_filter_on_events_timeline_and_map(client: TestClient, db_path: Path) -> None:
    story = tolvik_story(db_path)
    members = {r[0] for r in sql(db_path, "SELECT article_id FROM article_links WHERE story_id = ?", [story])}
    rows = every(client, f"/api/events?story={story}", limit=3)
    assert rows and {r["article_id"] for r in rows} <= members
    all_rows = every(client, "/api/events", limit=100)
    assert {r["gid"] for r in rows} == {r["gid"] for r in all_rows if r["article_id"] in members}
    timeline = ok(client, f"/api/timeline?story={story}")["data"]
    assert sum(t["events"] for t in timeline) == sum(1 for r in rows if r["day"])
    places = ok(client, f"/api/places?story={story}")["data"]["features"]
    assert {f["properties"]["name"] for f in places} == {"Tolvik"}
    page = client.get(f"/events?story={story}").text
    assert 'name="story"' in page  # the filter form keeps it
    assert HOSTILE_SOURCE not in page


def test_timeline_of_event_groups(client: TestClient, db_path: Path) -> None:
    want = sql(
        db_path,
        "SELECT COALESCE(date, date_start, '') AS day, type, count(*) FROM event_groups "
        "WHERE COALESCE(date, date_start, '') <> '' GROUP BY ALL ORDER BY day, type",
    )
    got = ok(client, "/api/timeline?of=groups")["data"]
    assert [(r["day"], r["type"], r["groups"]) for r in got] == [tuple(w) for w in want]
    story = tolvik_story(db_path)
    assert sum(r["groups"] for r in ok(client, f"/api/timeline?of=groups&story={story}")["data"]) == 2
    assert client.get("/api/timeline?of=quotes").json()["error"]["code"] == "EW310"
    html = client.get("/").text  # the group layer's timeline counts groups; a bar opens that day's groups
    bars = re.findall(r'<a href="([^"]+)" class="bar">', html)
    assert bars and all(b.startswith("/groups?") for b in bars)
    day, kind = want[0][0], want[0][1]
    rows = ok(client, f"/api/groups?since={day}&until={day}&type={kind}")["data"]
    assert len(rows) >= want[0][2]
    sites = re.findall(r'<a href="([^"]+)" class="bar">', client.get("/?map=sites").text)
    assert sites and all(b.startswith("/events?") for b in sites)
