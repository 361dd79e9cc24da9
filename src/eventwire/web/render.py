"""HTML fragments the templates cannot build simply: the highlighted article text and the SVG charts.

Every piece of text from a report goes through :func:`markupsafe.escape` before it is wrapped in
markup here; attribute values are escaped the same way. URLs become links only when they are
http(s) (:func:`safe_url`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

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


def map_svg(places: list[dict[str, Any]], params: dict[str, Any], countries_with_events: set[str]) -> Markup:
    """The overview map: country outlines, one circle per place (area ~ outlets, colour = the most
    frequent PLOVER type there), each circle a link to the events at that place."""
    pts = [(p, *worldmap.project(float(p["lat"]), float(p["lon"]))) for p in places]
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


def timeline_svg(timeline: list[dict[str, Any]], params: dict[str, Any]) -> Markup:
    """Events per day, stacked by PLOVER type; every bar segment links to its events."""
    if not timeline:
        return Markup('<p class="empty">No dated events under these filters.</p>')
    days = sorted({str(r["day"]) for r in timeline})
    per_day: dict[str, list[dict[str, Any]]] = {}
    for r in timeline:
        per_day.setdefault(str(r["day"]), []).append(r)
    top = max(sum(int(r["events"]) for r in rows) for rows in per_day.values())
    w, h, pad = 900.0, 180.0, 24.0
    bw = (w - 2 * pad) / len(days)
    out = [
        f'<svg class="timeline" viewBox="0 0 {w:g} {h + 40:g}" role="img" aria-label="Events per day by type" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, day in enumerate(days):
        y = h
        for r in sorted(per_day[day], key=lambda r: str(r["type"])):
            bh = (h - pad) * int(r["events"]) / top
            y -= bh
            href = "/events?" + query(params, since=day, until=day, type=r["type"], cursor=None)
            label = f"{day}: {r['events']} {r['type']}"
            out.append(
                f'<a href="{escape(href)}" class="bar"><rect x="{pad + i * bw + 1:.1f}" y="{y:.1f}" '
                f'width="{max(bw - 2, 1):.1f}" height="{bh:.1f}" fill="{colour(str(r["type"]))}">'
                f"<title>{escape(label)}</title></rect></a>"
            )
    out.append(f'<text x="{pad}" y="{h + 16}" font-size="11">{escape(days[0])}</text>')
    if len(days) > 1:
        out.append(f'<text x="{w - pad}" y="{h + 16}" font-size="11" text-anchor="end">{escape(days[-1])}</text>')
    out.append(f'<text x="{pad}" y="12" font-size="11">max {top} events a day</text>')
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
    "swatch",
    "timeline_svg",
]
