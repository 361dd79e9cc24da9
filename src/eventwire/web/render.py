"""HTML fragments the templates cannot build simply: the highlighted article text and the SVG charts.

Every piece of text from a report goes through :func:`markupsafe.escape` before it is wrapped in
markup here; attribute values are escaped the same way. URLs become links only when they are
http(s) (:func:`safe_url`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from ..records import Article
from . import worldmap

PLOVER_COLOURS: dict[str, str] = {
    "AGREE": "#1b9e77",
    "CONSULT": "#66a61e",
    "SUPPORT": "#a6d854",
    "COOPERATE": "#4daf4a",
    "AID": "#80b1d3",
    "RETREAT": "#8dd3c7",
    "CONCEDE": "#b3de69",
    "REQUEST": "#377eb8",
    "ACCUSE": "#fdb462",
    "REJECT": "#ff7f00",
    "THREATEN": "#e78ac3",
    "PROTEST": "#b15928",
    "SANCTION": "#984ea3",
    "MOBILIZE": "#fb9a99",
    "COERCE": "#e7298a",
    "ASSAULT": "#e41a1c",
}
"""One colour per PLOVER event type (cooperation greens/blues, conflict reds/purples)."""
OTHER_COLOUR = "#999999"

KINDS = ("actor", "event", "quote", "figure", "place", "date")
"""Span kinds highlighted in an article, in the legend's order."""


def colour(event_type: str | None) -> str:
    return PLOVER_COLOURS.get((event_type or "").upper(), OTHER_COLOUR)


def safe_url(url: object) -> str | None:
    """``url`` if it is an http(s) URL with a host, else None (never a javascript: or data: link)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def query(params: dict[str, Any], **changes: Any) -> str:
    """A query string: ``params`` with ``changes`` applied (None removes a key)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", [])}
    return urlencode(merged, doseq=True)


# -- article text ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One highlighted span: kind, offsets, the field it fed (shown on hover/focus), anchor id."""

    kind: str
    start: int
    end: int
    field: str
    anchor: str


def _who(a: Article, actor_id: str | None) -> str:
    for x in a.actors:
        if x.id == actor_id:
            return x.name
    return "—"


def marks(a: Article) -> list[Mark]:
    """The spans of an article's record that point into its text, one Mark per field they fed."""
    out: list[Mark] = []
    for x in a.actors:
        desc = f"actor {x.id}: {x.name} · country {x.country or 'unknown'} · sector {x.sector or 'unknown'} · {x.kind}"
        for i, m in enumerate(x.mentions):
            out.append(Mark("actor", m.start, m.end, desc, x.id if i == 0 else ""))
    for e in a.events:
        desc = (
            f"event {e.id}: {e.type}{' (' + e.mode + ')' if e.mode else ''} · {e.status} · "
            f"{_who(a, e.source)} → {_who(a, e.target)} · date {e.date or 'unknown'}"
        )
        out.append(Mark("event", e.trigger.start, e.trigger.end, desc, e.id))
        if e.date_span is not None:
            out.append(Mark("date", e.date_span.start, e.date_span.end, f"date of event {e.id}: {e.date}", ""))
    for q in a.quotes:
        span = q.content_span or q.evidence
        speaker = _who(a, q.speaker) if q.speaker else (q.speaker_text or "unknown")
        desc = f"quote {q.id}: {'direct' if q.direct else 'reported'} · speaker {speaker} · cue {q.cue or '—'}"
        if q.via:
            desc += f" · via {q.via}"
        out.append(Mark("quote", span.start, span.end, desc, q.id))
    for n in a.quantities:
        amount = n.value if n.value is not None else f"{n.low}–{n.high}"
        desc = f"figure {n.id}: {n.category} · {n.qualifier} {amount} {n.unit or ''} · event {n.event or '—'}"
        out.append(Mark("figure", n.start, n.end, desc, n.id))
    for p in a.places:
        desc = f"place {p.id}: {p.name} · country {p.country or 'unknown'}"
        if p.lat is not None and p.lon is not None:
            desc += f" · {p.lat:.3f}, {p.lon:.3f}"
        for i, m in enumerate(p.mentions):
            out.append(Mark("place", m.start, m.end, desc, p.id if i == 0 else ""))
    size = len(a.text)
    return [m for m in out if 0 <= m.start < m.end <= size]


def highlight(a: Article) -> Markup:
    """The cleaned text with every mark wrapped in ``<mark>``; overlapping marks split the text
    into segments, each carrying the kinds and fields of every mark covering it."""
    ms = marks(a)
    bounds = sorted({0, len(a.text)} | {m.start for m in ms} | {m.end for m in ms})
    starts: dict[int, list[Mark]] = {}
    for m in ms:
        starts.setdefault(m.start, []).append(m)
    parts: list[str] = []
    for lo, hi in itertools.pairwise(bounds):
        for m in starts.get(lo, []):
            if m.anchor:
                parts.append(f'<span class="anchor" id="{escape(m.anchor)}"></span>')
        piece = escape(a.text[lo:hi])
        cover = [m for m in ms if m.start <= lo and hi <= m.end]
        if not cover:
            parts.append(str(piece))
            continue
        cover.sort(key=lambda m: m.end - m.start)  # innermost first
        kinds = " ".join(sorted({f"k-{m.kind}" for m in cover}))
        fields = " | ".join(dict.fromkeys(m.field for m in cover))
        parts.append(
            f'<mark class="{kinds}" tabindex="0" data-field="{escape(fields)}" title="{escape(fields)}">{piece}</mark>'
        )
    return Markup("".join(parts))


# -- charts ------------------------------------------------------------------------------------


def map_svg(
    places: list[dict[str, Any]],
    params: dict[str, Any],
    countries_with_events: set[str],
    *,
    groups: list[dict[str, Any]] | None = None,
) -> Markup:
    """The overview map: country outlines and pins, each a link to its evidence.

    With ``groups`` (rows of :func:`~eventwire.store.web_queries.group_pins`) one circle per event
    group (area ~ outlets reporting it, colour = its PLOVER type) linking to the group's page;
    otherwise one circle per event site (area ~ outlets, colour = the most frequent PLOVER type
    there) linking to the events at that place."""
    located = groups if groups is not None else places
    pts = [(p, *worldmap.project(float(p["lat"]), float(p["lon"]))) for p in located]
    box = worldmap.view_box([(x, y) for _, x, y in pts])
    width = float(box.split()[2])
    unit = width / 900.0  # one screen pixel at the usual rendered width
    iso2 = {worldmap.iso3_to_iso2().get(c, "") for c in countries_with_events}
    out = [
        f'<svg class="map" viewBox="{box}" role="img" aria-label="Map of event locations" '
        'xmlns="http://www.w3.org/2000/svg">',
        '<rect x="0" y="0" width="2475" height="1388" fill="#dfeaf3"/>',
        '<g class="outlines" stroke="#ffffff" stroke-width="0.6">',
    ]
    x0, y0, w0, h0 = (float(v) for v in box.split())
    for c in worldmap.countries():
        if not c.overlaps(x0, y0, x0 + w0, y0 + h0):
            continue  # outside the view: not sent
        fill = "#e8dcc3" if c.iso2 in iso2 else "#f4f1ea"
        out.append(f'<g fill="{fill}" data-cc="{c.iso2}">' + "".join(f'<path d="{d}"/>' for d in c.paths) + "</g>")
    out.append('</g><g class="pins">')
    if groups is not None:
        for g, x, y, r in _spread(pts, unit):
            out.append(_group_pin(g, x, y, r, unit))
        out.append("</g></svg>")
        return Markup("".join(out))
    for p, x, y in sorted(pts, key=lambda t: -int(t[0]["outlets"])):
        r = unit * (4 + 4 * math.sqrt(int(p["outlets"])))
        label = (
            f"{p['name']} ({p['country'] or '?'}): {p['events']} events, {p['outlets']} outlets; "
            f"most frequent type {p['type']}; types {', '.join(p['types'])}"
        )
        href = "/events?" + query(params, place=p["name"], cursor=None)
        out.append(
            f'<a href="{escape(href)}" class="pin" data-place="{escape(p["name"])}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour(p["type"])}" fill-opacity="0.8" '
            f'stroke="#222" stroke-width="{unit:.2f}"><title>{escape(label)}</title></circle></a>'
        )
    out.append("</g></svg>")
    return Markup("".join(out))


def _spread(
    pts: list[tuple[dict[str, Any], float, float]], unit: float
) -> list[tuple[dict[str, Any], float, float, float]]:
    """Group pins with their radius; groups at one site are set around it on a small ring (in a fixed
    order), so that every one can be seen and clicked. Larger pins first (drawn below smaller ones)."""
    at: dict[tuple[float, float], list[tuple[dict[str, Any], float, float]]] = {}
    for p, x, y in pts:
        at.setdefault((round(x, 1), round(y, 1)), []).append((p, x, y))
    out = []
    for here in at.values():
        here.sort(key=lambda t: (-int(t[0]["outlets"]), str(t[0]["group_id"])))
        radii = [unit * (4 + 4 * math.sqrt(int(p["outlets"]))) for p, _, _ in here]
        ring = 0.0 if len(here) == 1 else max(radii) * 1.1
        for i, ((p, x, y), r) in enumerate(zip(here, radii, strict=True)):
            angle = 2 * math.pi * i / len(here) - math.pi / 2
            out.append((p, x + ring * math.cos(angle), y + ring * math.sin(angle), r))
    out.sort(key=lambda t: -t[3])
    return out


def _group_pin(g: dict[str, Any], x: float, y: float, r: float, unit: float) -> str:
    label = (
        f"{g['type']}: {g['source'] or 'someone'} → {g['target'] or 'someone'}, {g['day'] or 'undated'}, "
        f"{g['place'] or '?'} ({g['place_country'] or '?'}); {g['outlets']} outlets, {g['articles']} reports"
    )
    href = "/group/" + quote(str(g["group_id"]), safe="")
    return (
        f'<a href="{escape(href)}" class="gpin" data-group="{escape(g["group_id"])}">'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour(g["type"])}" fill-opacity="0.75" '
        f'stroke="#222" stroke-width="{unit:.2f}"><title>{escape(label)}</title></circle></a>'
    )


def series_svg(s: dict[str, Any]) -> Markup:
    """One running total (a row of ``query series``) as a line over as-of dates: every point is a link
    to the figure's evidence; a point that breaks the series (a lower total later, two totals for one
    date) is drawn as a hollow red ring."""
    points = s["points"]
    if not points:
        return Markup("")
    days = [_day_number(p.get("as_of") or p.get("date")) for p in points]
    values = [float(p["value"] if p["value"] is not None else (p["low"] or 0.0)) for p in points]
    known = [d for d in days if d is not None]
    d0, d1 = (min(known), max(known)) if known else (0, 0)
    top = max(values) or 1.0
    w, h, pad, left = 640.0, 200.0, 24.0, 48.0
    span = max(d1 - d0, 1)

    def xy(i: int) -> tuple[float, float]:
        day = days[i]
        d = day if day is not None else d0
        x = left + (w - left - pad) * ((d - d0) / span if d1 > d0 else 0.5)
        return x, h - pad - (h - 2 * pad) * values[i] / top

    bad = {int(c["b"]): str(c["kind"]) for c in s["conflicts"]}
    title = f"{s['category']} in story {s['story_id']}"
    out = [
        f'<svg class="series" viewBox="0 0 {w:g} {h + 20:g}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#999"/>',
        f'<line x1="{left}" y1="{pad}" x2="{left}" y2="{h - pad}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{pad + 4}" font-size="11" text-anchor="end">{_num(top)}</text>',
        f'<text x="{left - 6}" y="{h - pad}" font-size="11" text-anchor="end">0</text>',
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i) for i in range(len(points))))
    out.append(f'<polyline points="{line}" fill="none" stroke="#1f5f99" stroke-width="1.5"/>')
    for i, p in enumerate(points):
        x, y = xy(i)
        when = p.get("as_of") or p.get("date") or "undated"
        who = p["outlet"] or p["article_id"]
        label = f"{when}: {p['text']} ({who}{', ' + p['claimant'] if p['claimant'] else ''})"
        if i in bad:
            label += f" — breaks the series: {bad[i].replace('_', ' ')}"
        href = f"/article/{quote(str(p['article_id']), safe='')}#{quote(str(p['figure_id']), safe='')}"
        mark = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#fff" stroke="#b2182b" stroke-width="2.5"/>'
            if i in bad
            else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#1f5f99"/>'
        )
        cls = "point conflict" if i in bad else "point"
        out.append(f'<a href="{escape(href)}" class="{cls}">{mark}<title>{escape(label)}</title></a>')
        out.append(f'<text x="{x:.1f}" y="{y - 9:.1f}" font-size="11" text-anchor="middle">{_num(values[i])}</text>')
    out.append(f'<text x="{left}" y="{h + 12}" font-size="11">{escape(_day_text(d0))}</text>')
    if d1 > d0:
        out.append(f'<text x="{w - pad}" y="{h + 12}" font-size="11" text-anchor="end">{escape(_day_text(d1))}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _day_number(day: object) -> int | None:
    """A YYYY[-MM[-DD]] date as a day ordinal (partial dates at their first day), None if it is not one."""
    if not isinstance(day, str) or not day:
        return None
    parts = ([*day.split("-"), "01", "01"])[:3]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).toordinal()
    except ValueError:
        return None


def _day_text(n: int) -> str:
    return date.fromordinal(n).isoformat() if n > 0 else ""


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def timeline_svg(timeline: list[dict[str, Any]], params: dict[str, Any], *, of: str = "events") -> Markup:
    """Events (``of="events"``) or event groups (``of="groups"``) per day, stacked by PLOVER type;
    every bar segment links to its events or groups (the rows count in column ``of``)."""
    noun = "event groups" if of == "groups" else "events"
    if not timeline:
        return Markup(f'<p class="empty">No dated {noun} under these filters.</p>')
    days = sorted({str(r["day"]) for r in timeline})
    per_day: dict[str, list[dict[str, Any]]] = {}
    for r in timeline:
        per_day.setdefault(str(r["day"]), []).append(r)
    top = max(sum(int(r[of]) for r in rows) for rows in per_day.values())
    w, h, pad = 900.0, 180.0, 24.0
    bw = (w - 2 * pad) / len(days)
    out = [
        f'<svg class="timeline" viewBox="0 0 {w:g} {h + 40:g}" role="img" aria-label="{noun.capitalize()} per day by type" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, day in enumerate(days):
        y = h
        for r in sorted(per_day[day], key=lambda r: str(r["type"])):
            bh = (h - pad) * int(r[of]) / top
            y -= bh
            href = f"/{of}?" + query(params, since=day, until=day, type=r["type"], cursor=None, map=None)
            label = f"{day}: {r[of]} {r['type']} {noun}"
            out.append(
                f'<a href="{escape(href)}" class="bar"><rect x="{pad + i * bw + 1:.1f}" y="{y:.1f}" '
                f'width="{max(bw - 2, 1):.1f}" height="{bh:.1f}" fill="{colour(str(r["type"]))}">'
                f"<title>{escape(label)}</title></rect></a>"
            )
    out.append(f'<text x="{pad}" y="{h + 16}" font-size="11">{escape(days[0])}</text>')
    if len(days) > 1:
        out.append(f'<text x="{w - pad}" y="{h + 16}" font-size="11" text-anchor="end">{escape(days[-1])}</text>')
    out.append(f'<text x="{pad}" y="12" font-size="11">max {top} {noun} a day</text>')
    out.append("</svg>")
    return Markup("".join(out))


def swatch(event_type: str) -> Markup:
    """A small colour square for a legend (an SVG attribute, not an inline style: the CSP forbids those)."""
    return Markup(
        f'<svg class="swatch" width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
        f'fill="{colour(event_type)}"/></svg>'
    )


__all__ = [
    "KINDS",
    "PLOVER_COLOURS",
    "Mark",
    "colour",
    "highlight",
    "map_svg",
    "marks",
    "query",
    "safe_url",
    "series_svg",
    "swatch",
    "timeline_svg",
]
