"""The FastAPI application: JSON API under ``/api``, server-rendered pages, downloads.

Every JSON answer is one envelope: ``{"data": ..., "next": cursor|null, "error": null}`` on
success and ``{"data": null, "next": null, "error": {"code", "message", "hint"}}`` on failure,
with the project's coded errors (EW310 bad request, EW311 not found, EW312 too large, EW3xx from
the store). Pages answer errors with an HTML page carrying the same code.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import EventwireError
from ..records import Article, from_json
from ..store import web_queries as wq
from . import across, render
from .db import Database
from .views import (
    LIST_VIEWS,
    MAX_BODY,
    MAX_EXPORT,
    MAX_URL,
    ApiError,
    ListView,
    evidence_link,
    filter_params,
)

HERE = Path(__file__).parent

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""No inline scripts or styles, nothing from another origin."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _ok(data: Any, nxt: str | None = None) -> JSONResponse:
    return JSONResponse({"data": jsonable(data), "next": nxt, "error": None})


def jsonable(obj: Any) -> Any:
    """Rows as JSON-ready values (DuckDB gives dates and decimals for some columns)."""
    return json.loads(json.dumps(obj, default=str))


def create_app(db: Database) -> FastAPI:
    """The web app over ``db`` (see :class:`~eventwire.web.db.Database` for reading and watching)."""
    app = FastAPI(
        title="eventwire API",
        version="1",
        description="Events, actors, quotes, figures, places and contradictions from news reports, "
        "each row with the evidence it came from. Envelope: {data, next, error}.",
        docs_url=None,  # the stock Swagger page loads scripts from a CDN; /api/docs renders the spec here
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.globals.update(
        kinds=render.KINDS, fold=wq.fold, colours=render.PLOVER_COLOURS, swatch=render.swatch, query=render.query, db=db
    )
    env.filters["safe_url"] = render.safe_url
    env.filters["evidence_link"] = evidence_link
    app.state.db = db
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # -- middleware and errors ------------------------------------------------------------------
    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        size = len(request.url.path) + len(request.url.query)
        body = request.headers.get("content-length")
        if size > MAX_URL or (body and body.isdigit() and int(body) > MAX_BODY):
            err = ApiError("request too large", code="EW312", status=413)
            response: Response = _error_response(request, err)
        elif request.method not in ("GET", "HEAD"):
            response = _error_response(request, ApiError("this server only reads; use GET", status=405))
        else:
            response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def _error_response(request: Request, err: EventwireError) -> Response:
        status = getattr(err, "status", 500 if err.code == "EW204" else 400)
        if err.code in ("EW304", "EW305"):
            status = 503
        body = ApiError.envelope(err) if isinstance(err, ApiError) else _envelope(err)
        if request.url.path.startswith("/api") or request.url.path.startswith("/export"):
            return JSONResponse(body, status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"error": body["error"], "params": {}, "title": "Error"}, status_code=status
        )

    def _envelope(err: EventwireError) -> dict[str, Any]:
        return {"data": None, "next": None, "error": {"code": err.code, "message": err.detail, "hint": err.hint}}

    @app.exception_handler(EventwireError)
    async def coded(request: Request, exc: EventwireError) -> Response:
        return _error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "query")
        too_big = first.get("type") in ("less_than_equal", "string_too_long")
        err = ApiError(
            f"{where}: {first.get('msg', 'invalid')}",
            code="EW312" if too_big else "EW310",
            status=413 if too_big else 400,
        )
        return _error_response(request, err)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = "EW311" if exc.status_code == 404 else "EW310"
        return _error_response(request, ApiError(str(exc.detail), code=code, status=exc.status_code))

    # -- JSON API -------------------------------------------------------------------------------
    def add_list(view: ListView) -> None:
        def endpoint(
            f: wq.WebFilters = Depends(filter_params),
            cursor: str | None = Query(None, max_length=1000, description="`next` of the previous page"),
            limit: int = Query(50, ge=1, le=wq.MAX_PAGE),
        ) -> JSONResponse:
            with db.read() as cur:
                rows, nxt = view.page(cur, f, cursor, limit)
            return _ok(rows, nxt)

        endpoint.__doc__ = f"{view.title}, keyset-paged (`type` filter: {view.type_means or 'not used'})."
        app.add_api_route(f"/api/{view.name}", endpoint, methods=["GET"], name=f"api_{view.name}", tags=["lists"])

    for view in LIST_VIEWS.values():
        add_list(view)

    @app.get("/api/articles/{article_id}", tags=["records"])
    def api_article(article_id: str) -> JSONResponse:
        """One article's full record: cleaned text, every span, what cleaning removed."""
        with db.read() as cur:
            record = wq.article_record(cur, article_id)
        if record is None:
            raise ApiError(f"no article {article_id!r}", code="EW311", status=404)
        return _ok(json.loads(record))

    @app.get("/api/actors/{key:path}", tags=["records"])
    def api_actor(key: str) -> JSONResponse:
        """One actor across articles: spellings, events as source and target, quotes."""
        with db.read() as cur:
            found = wq.actor(cur, key)
        if found is None:
            raise ApiError(f"no actor {key!r}", code="EW311", status=404)
        return _ok(found)

    @app.get("/api/groups/{group_id}", tags=["records"])
    def api_group(group_id: str) -> JSONResponse:
        """One event group: members with outlet, date, status and evidence; asserted/claimed/denied by."""
        with db.read() as cur:
            found = wq.group(cur, group_id)
        if found is None:
            raise ApiError(f"no event group {group_id!r}", code="EW311", status=404)
        return _ok(found)

    @app.get("/api/stories/{story_id}", tags=["records"])
    def api_story(story_id: str) -> JSONResponse:
        """One story: label, dates and its timeline of event groups with their outlets."""
        with db.read() as cur:
            found = wq.story(cur, story_id)
        if found is None:
            raise ApiError(f"no story {story_id!r}", code="EW311", status=404)
        return _ok(found)

    def across_filters(
        group: str | None = Query(None, max_length=100, description="One event group id"),
        story: str | None = Query(None, max_length=100, description="One story id"),
        category: str | None = Query(
            None, max_length=40, description="One figure category (killed, injured, returned, ...)"
        ),
        cross: bool = Query(False, description="Contradictions: only those across two reports"),
    ) -> across.AcrossFilters:
        return across.AcrossFilters(group=group or None, story=story or None, category=category or None, cross=cross)

    def across_page(
        name: str, f: across.AcrossFilters, cursor: str | None, limit: int
    ) -> tuple[list[dict[str, Any]], str | None]:
        with db.read() as cur:
            try:
                page = across.ACROSS_VIEWS[name].lister(cur, f, after=cursor, limit=limit)
            except ValueError as e:
                raise ApiError(str(e)) from e
        return page.rows, page.next

    cursor_q = Query(None, max_length=1000, description="`next` of the previous page")
    limit_q = Query(50, ge=1, le=wq.MAX_PAGE, description="rows wanted; a page ends at a group or story boundary")

    @app.get("/api/figures/compare", tags=["across reports"])
    def api_figures_compare(
        f: across.AcrossFilters = Depends(across_filters), cursor: str | None = cursor_q, limit: int = limit_q
    ) -> JSONResponse:
        """Figure comparisons per event group and category, as `eventwire query figures --compare`
        writes them: `group_id`, `category`, `conflict`, `low`, `high`, `values` (each report's value,
        qualifier, outlet, claimant, date, evidence), plus `latest`, `conflicts` (index pairs),
        `outlets`. Filters: `group`, `story`, `category`. Paged by group."""
        return _ok(*across_page("figures-compare", f, cursor, limit))

    @app.get("/api/series", tags=["across reports"])
    def api_series(
        f: across.AcrossFilters = Depends(across_filters), cursor: str | None = cursor_q, limit: int = limit_q
    ) -> JSONResponse:
        """Running totals (cumulative figures) by story and category, as `eventwire query series`
        writes them: `story_id`, `category`, `conflict`, `points` (by as-of date, each with outlet,
        claimant and evidence), `conflicts` (`lower_later` | `same_date`). Filters: `story`,
        `category`. Paged by story."""
        return _ok(*across_page("series", f, cursor, limit))

    @app.get("/api/contradictions/sides", tags=["across reports"])
    def api_contradiction_sides(
        f: across.AcrossFilters = Depends(across_filters), cursor: str | None = cursor_q, limit: int = limit_q
    ) -> JSONResponse:
        """Contradictions with both sides, in-article and across reports, as `eventwire query
        contradictions` writes them: `id`, `kind`, `cross_article`, `a` and `b` (`article_id`,
        `item_id`, `speaker`, `via`, `date`, `evidence`, `outlet`, `status`), `group_id`, `reason`.
        Filters: `group`, `story`, `cross=true` (only across reports). Paged by story.
        (`/api/contradictions` is the in-article list with the common filters.)"""
        return _ok(*across_page("contradiction-sides", f, cursor, limit))

    @app.get("/api/places", tags=["map"])
    def api_places(f: wq.WebFilters = Depends(filter_params)) -> JSONResponse:
        """Event places as a GeoJSON FeatureCollection (events, outlets, most frequent type)."""
        with db.read() as cur:
            return _ok(geojson(wq.places(cur, f)))

    @app.get("/api/timeline", tags=["map"])
    def api_timeline(
        f: wq.WebFilters = Depends(filter_params),
        of: str = Query("events", pattern="^(events|groups)$", description="count events or event groups"),
    ) -> JSONResponse:
        """Event counts by day and PLOVER type (`[{day, type, events}]`), or with `of=groups` event
        groups by their date and type (`[{day, type, groups}]`, the groups' filters)."""
        with db.read() as cur:
            return _ok(wq.group_timeline(cur, f) if of == "groups" else wq.timeline(cur, f))

    @app.get("/api/overview", tags=["map"])
    def api_overview(f: wq.WebFilters = Depends(filter_params), period: int = Query(7, ge=1, le=366)) -> JSONResponse:
        """Top actors, dyads, per-country change (this period vs the three before) and totals."""
        with db.read() as cur:
            ov = wq.overview(cur, f, period_days=period)
        return _ok({"totals": ov.totals, "top_actors": ov.top_actors, "dyads": ov.dyads, "change": ov.change})

    @app.get("/api/search", tags=["search"])
    def api_search(
        q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=100)
    ) -> JSONResponse:
        """Articles, quotes and actors containing `q` (case- and accent-insensitive)."""
        with db.read() as cur:
            return _ok(wq.search(cur, q, limit=limit))

    @app.get("/api/status", tags=["records"])
    def api_status() -> JSONResponse:
        """Row counts, whether the server writes (watching a folder) and what the watcher did."""
        with db.read() as cur:
            counts = wq.counts(cur)
        w = db.watch
        return _ok({"counts": counts, "writable": db.writable, "watch": None if w is None else vars(w).copy()})

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        spec = app.openapi()
        return templates.TemplateResponse(request, "api_docs.html", {"spec": spec, "params": {}, "title": "API"})

    # -- downloads ------------------------------------------------------------------------------
    @app.get("/export/{view}.{fmt}", tags=["downloads"])
    def export(
        view: str,
        fmt: str,
        f: wq.WebFilters = Depends(filter_params),
        af: across.AcrossFilters = Depends(across_filters),
    ) -> Response:
        """Every row of a view under the filters (at most 100,000) as csv, json or geojson.

        `figures-compare`, `series` and `contradiction-sides` take `group`, `story`, `category`,
        `cross` as their API endpoints do; their CSV has one row per report's figure, per point,
        per contradiction (both sides flattened)."""
        if view in across.ACROSS_VIEWS:
            return _across_download(view, fmt, af)
        if view == "places":
            if fmt != "geojson":
                raise ApiError("places download as geojson", status=404, code="EW311")
            with db.read() as cur:
                return _download(json.dumps(geojson(wq.places(cur, f))), view, fmt)
        lv = LIST_VIEWS.get(view)
        if lv is None or fmt not in ("csv", "json", "geojson") or (fmt == "geojson" and not lv.geo):
            raise ApiError(f"no download {view}.{fmt}", code="EW311", status=404)
        rows: list[dict[str, Any]] = []
        cursor: str | None = None
        with db.read() as cur:
            while len(rows) < MAX_EXPORT:
                page, cursor = lv.page(cur, f, cursor, wq.MAX_PAGE)
                rows.extend(page)
                if cursor is None:
                    break
        if fmt == "json":
            return _download(json.dumps(jsonable(rows), ensure_ascii=False), view, fmt)
        if fmt == "geojson":
            feats = [r for r in rows if r.get("lat") is not None and r.get("lon") is not None]
            return _download(json.dumps(geojson(feats), ensure_ascii=False), view, fmt)
        return _download(to_csv(rows), view, fmt)

    def _across_download(view: str, fmt: str, af: across.AcrossFilters) -> Response:
        if fmt not in ("csv", "json"):
            raise ApiError(f"no download {view}.{fmt}", code="EW311", status=404)
        rows: list[dict[str, Any]] = []
        cursor: str | None = None
        while len(rows) < MAX_EXPORT:
            page, cursor = across_page(view, af, cursor, wq.MAX_PAGE)
            rows.extend(page)
            if cursor is None:
                break
        rows = rows[:MAX_EXPORT]
        if fmt == "json":
            return _download(json.dumps(jsonable(rows), ensure_ascii=False), view, fmt)
        return _download(to_csv(across.ACROSS_VIEWS[view].csv_rows(rows)), view, fmt)

    # -- pages ----------------------------------------------------------------------------------
    def page(request: Request, name: str, **ctx: Any) -> Response:
        params = {k: v for k, v in request.query_params.items() if v}
        return templates.TemplateResponse(request, name, {"params": params, **ctx})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, f: wq.WebFilters = Depends(filter_params)) -> Response:
        started = time.perf_counter()
        params = {k: v for k, v in request.query_params.items() if v}
        layer = "sites" if params.get("map") == "sites" else "groups"
        with db.read() as cur:
            ov = wq.overview(cur, f)
            counts = wq.counts(cur)
            pins = wq.group_pins(cur, f) if layer == "groups" else None
            by_group = wq.group_timeline(cur, f) if layer == "groups" else None
        countries = {p["country"] for p in ov.places if p["country"]} | {c["country"] for c in ov.change}
        if pins is not None:
            countries |= {p["place_country"] for p in pins if p["place_country"]}
        return page(
            request,
            "overview.html",
            title="Overview",
            ov=ov,
            counts=counts,
            layer=layer,
            pins=pins,
            map=render.map_svg(ov.places, params, countries, groups=pins),
            timeline=render.timeline_svg(ov.timeline, params)
            if by_group is None
            else render.timeline_svg(by_group, params, of="groups"),
            legend=wq.ranked(ov.timeline, "type") if by_group is None else wq.ranked(by_group, "type", "groups"),
            elapsed_ms=round((time.perf_counter() - started) * 1000),
        )

    def add_list_page(view: ListView) -> None:
        def list_page(
            request: Request,
            f: wq.WebFilters = Depends(filter_params),
            cursor: str | None = Query(None, max_length=1000),
            limit: int = Query(50, ge=1, le=wq.MAX_PAGE),
        ) -> Response:
            with db.read() as cur:
                rows, nxt = view.page(cur, f, cursor, limit)
            return page(request, "table.html", title=view.title, view=view, rows=rows, next=nxt)

        app.add_api_route(
            f"/{view.name}", list_page, methods=["GET"], response_class=HTMLResponse, include_in_schema=False
        )

    for view in LIST_VIEWS.values():
        add_list_page(view)

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> Response:
        with db.read() as cur:
            record = wq.article_record(cur, article_id)
        if record is None:
            raise ApiError(f"no article {article_id!r}", code="EW311", status=404)
        art: Article = from_json(record)
        names = {a.id: a.name for a in art.actors}
        places = {p.id: p.name for p in art.places}
        return page(
            request,
            "article.html",
            title=art.title or art.id,
            art=art,
            text=render.highlight(art),
            names=names,
            places=places,
        )

    @app.get("/group/{group_id}", response_class=HTMLResponse, include_in_schema=False)
    def group_page(request: Request, group_id: str) -> Response:
        with db.read() as cur:
            found = wq.group(cur, group_id)
            if found is None:
                raise ApiError(f"no event group {group_id!r}", code="EW311", status=404)
            one = across.AcrossFilters(group=group_id)
            comps = across.comparisons(cur, one, limit=wq.MAX_PAGE).rows
            sides = across.contradictions(cur, one).rows
        return page(request, "group.html", title=f"{found['type']} group", g=found, comps=comps, sides=sides)

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> Response:
        with db.read() as cur:
            found = wq.story(cur, story_id)
            if found is None:
                raise ApiError(f"no story {story_id!r}", code="EW311", status=404)
            one = across.AcrossFilters(story=story_id)
            comps = across.comparisons(cur, one, limit=wq.MAX_PAGE)
            totals = across.series(cur, one).rows
            sides = across.contradictions(cur, one).rows
        return page(
            request,
            "story.html",
            title=str(found["label"] or story_id),
            st=found,
            comps=comps.rows,
            more_comps=comps.next,
            series=[(s, render.series_svg(s)) for s in totals],
            sides=sides,
        )

    @app.get("/actor/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, key: str) -> Response:
        with db.read() as cur:
            found = wq.actor(cur, key)
        if found is None:
            raise ApiError(f"no actor {key!r}", code="EW311", status=404)
        return page(request, "actor.html", title=str(found["name"]), actor=found)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=200)) -> Response:
        found: dict[str, list[dict[str, Any]]] = {}
        if q.strip():
            with db.read() as cur:
                found = wq.search(cur, q.strip())
        return page(request, "search.html", title="Search", q=q, found=found)

    return app


def geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of points from rows with ``lat`` and ``lon``."""
    feats = []
    for r in rows:
        props = {k: v for k, v in r.items() if k not in ("lat", "lon")}
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(r["lon"]), float(r["lat"])]},
                "properties": jsonable(props),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV (lists joined with ``;``); cells that a spreadsheet would run as formulas are quoted with '."""
    buf = io.StringIO()
    if not rows:
        return ""
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    for r in rows:
        out = {}
        for k, v in r.items():
            if isinstance(v, list):
                v = ";".join(str(x) for x in v)
            if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
                v = "'" + v
            out[k] = v
        w.writerow(out)
    return buf.getvalue()


def _download(body: str, view: str, fmt: str) -> Response:
    media = {"csv": "text/csv", "json": "application/json", "geojson": "application/geo+json"}[fmt]
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="eventwire-{view}.{fmt}"'},
    )


__all__ = ["CSP", "create_app", "geojson", "to_csv"]
