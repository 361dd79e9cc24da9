"""PLOVER JSONL: one event per line with the field names of the PLOVER manual and gold-standard records.

Fields: ``id``, ``date``, ``event``, ``mode``, ``context`` (comma-separated, as in the GSR),
``source``/``target`` (lists of ``{actorText, code, sector}``), ``eventText`` (the trigger),
``text`` (the evidence sentence), ``eventLoc`` (``{name, lat, lon, country, geonameid}``),
``dead``/``injured``/``size`` (from the figures attached to the event: :mod:`eventwire.export.figures`; a
vague figure gives its words, "Thousands"), ``language``,
``publication``, ``url``, ``coder``. eventwire's own fields (status, claimed_by, confidence,
spans, article and event ids) are kept under ``eventwire`` so PLOVER readers can ignore them.
"""

from __future__ import annotations

import json
from typing import IO, Any

from ..records import Actor, Article, Event, to_dict
from ..store.store import Store
from .base import TextExporter
from .figures import event_figure, event_figure_words

PLOVER_VERSION = "2.0"
"""PLOVER manual version the field names follow."""

_FIGURE_FIELD = {"killed": "dead", "injured": "injured", "participants": "size"}


def _actor(a: Actor) -> dict[str, Any]:
    return {"actorText": a.name, "code": a.country, "sector": a.sector}


def event_records(article: Article) -> list[dict[str, Any]]:
    """PLOVER records of every event in ``article``, in event order."""
    from .._version import __version__

    actors = {a.id: a for a in article.actors}
    places = {p.id: p for p in article.places}
    out = []
    for e in article.events:
        rec: dict[str, Any] = {
            "id": f"{article.id}-{e.id}",
            "date": e.date or article.published,
            "event": e.type,
            "mode": e.mode,
            "context": ", ".join(e.contexts),
            "source": [_actor(actors[i]) for i in _ids(e.sources, e.source) if i in actors],
            "target": [_actor(actors[i]) for i in _ids(e.targets, e.target) if i in actors],
            "eventText": e.trigger.text,
            "text": e.evidence.text,
        }
        place = places.get(e.place) if e.place else None
        if place is not None:
            gid = place.gazetteer_id or ""
            geonameid = gid.split(":", 1)[1] if gid.startswith("geonames:") else None
            rec["eventLoc"] = {
                "name": place.name,
                "lat": place.lat,
                "lon": place.lon,
                "country": place.country,
                "geonameid": geonameid,
            }
        for category, name in _FIGURE_FIELD.items():
            number = event_figure(article, e, category)
            words = event_figure_words(article, e, category) if number is None else None
            if number is not None or words is not None:
                rec[name] = number if number is not None else words
        rec.update(
            language=article.language,
            publication=article.source,
            url=article.url,
            coder=f"eventwire {__version__}",
            version=PLOVER_VERSION,
        )
        rec["eventwire"] = _extension(article, e)
        out.append(rec)
    return out


def _ids(many: list[str], one: str | None) -> list[str]:
    return many or ([one] if one else [])


def _extension(article: Article, e: Event) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "event_id": e.id,
        "status": e.status,
        "claimed_by": e.claimed_by,
        "confidence": e.confidence,
        "date_text": e.date_text,
        "published": article.published,
        "trigger": to_dict(e.trigger),
        "evidence": to_dict(e.evidence),
    }


class PloverExporter(TextExporter):
    """PLOVER JSONL: one event per line (:func:`event_records` of every stored article, by article id)."""

    description = "PLOVER JSONL, one event per line"

    def write(self, store: Store, fh: IO[str]) -> int:
        n = 0
        for article in store.iter_articles():
            for rec in event_records(article):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        return n


PLOVER = PloverExporter()

__all__ = ["PLOVER", "PLOVER_VERSION", "PloverExporter", "event_records"]
