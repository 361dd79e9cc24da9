"""ACLED-style CSV: one row per event that the text asserts (or a party claims), ACLED column names.

``event_type``/``sub_event_type`` come from ``knowledge/exports/plover_to_acled.tsv`` and are empty
where no mapping exists (``plover_type``/``plover_mode`` are always given). ``fatalities`` is the
``killed`` count of the figures attached to the event (:mod:`eventwire.export.figures`), empty when the text gives none (unknown, not zero).
"""

from __future__ import annotations

from typing import IO, Any

from ..records import Article
from ..store.store import Store
from .base import TextExporter, write_csv
from .figures import event_figure
from .mappings import acled_type, country_names

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso3",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "source",
    "source_url",
    "notes",
    "fatalities",
    "plover_type",
    "plover_mode",
    "status",
    "article_id",
)
STATUSES = frozenset({"asserted", "claimed"})
"""Event statuses exported: what happened by the text's account or a party's claim (ACLED codes events, not threats)."""


def _date(event_date: str | None, published: str | None) -> tuple[str | None, int | None]:
    # ACLED time_precision: 1 = the day is known, 2 = within about a week, 3 = within a month or more
    if event_date and len(event_date) == 10:
        return event_date, 1
    if not event_date:
        return (published, 2) if published else (None, None)
    if published and published.startswith(event_date):  # a month or year the article was published in
        return published, 3
    return (event_date + "-01" if len(event_date) == 7 else event_date + "-01-01"), 3


def event_rows(article: Article) -> list[dict[str, Any]]:
    """ACLED-style rows of the asserted and claimed events in ``article``."""
    actors = {a.id: a for a in article.actors}
    places = {p.id: p for p in article.places}
    rows = []
    for e in article.events:
        if e.status not in STATUSES:
            continue
        src = actors.get(e.source) if e.source else None
        tgt = actors.get(e.target) if e.target else None
        mapped = acled_type(e.type, e.mode, tgt.sector if tgt else None)
        place = places.get(e.place) if e.place else None
        date, precision = _date(e.date, article.published)
        fatalities = event_figure(article, e, "killed")
        iso3 = place.country if place else None
        rows.append(
            {
                "event_id_cnty": f"{article.id}-{e.id}",
                "event_date": date,
                "year": int(date[:4]) if date else None,
                "time_precision": precision,
                "event_type": mapped[0] if mapped else None,
                "sub_event_type": mapped[1] if mapped else None,
                "actor1": src.name if src else None,
                "actor2": tgt.name if tgt else None,
                "country": country_names().get(iso3) if iso3 else None,
                "iso3": iso3,
                "admin1": place.admin1 if place else None,
                "location": place.name if place else None,
                "latitude": place.lat if place else None,
                "longitude": place.lon if place else None,
                "source": article.source,
                "source_url": article.url,
                "notes": e.evidence.text,
                "fatalities": int(fatalities) if fatalities is not None else None,
                "plover_type": e.type,
                "plover_mode": e.mode,
                "status": e.status,
                "article_id": article.id,
            }
        )
    return rows


class AcledExporter(TextExporter):
    """ACLED-style CSV: :func:`event_rows` of every stored article, by article id."""

    description = "ACLED-style CSV, one asserted or claimed event per row"

    def write(self, store: Store, fh: IO[str]) -> int:
        rows = (row for article in store.iter_articles() for row in event_rows(article))
        return write_csv(fh, COLUMNS, ([r[c] for c in COLUMNS] for r in rows))


ACLED = AcledExporter()

__all__ = ["ACLED", "COLUMNS", "STATUSES", "AcledExporter", "event_rows"]
