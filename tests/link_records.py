"""Hand-built Article records of an invented crisis, for the linking tests (no model needed).

The texts are ours (tests/data/link_reports.jsonl): a Kyrgyz-Tajik border story (two shootings with
the same type and dyad two days apart, a wire report copied by another outlet under another headline
and first line, a spokesman spelled "Dzhumabaev" and "Jumabayev") and a Chilean port-strike story.
Records say by hand what a good extractor would find; offsets are computed from the text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.pipeline import article_id
from eventwire.records import SCHEMA_VERSION, Actor, Article, Event, Place, Span

REPORTS = Path(__file__).parent / "data" / "link_reports.jsonl"

# (name, country, sector, kind, kb_id, mention)
A = tuple[str, str | None, str | None, str, str | None, str]
# (type, mode, source index, target index, status, date, place index, trigger, claimant index)
E = tuple[str, str | None, int | None, int | None, str, str | None, int | None, str, int | None]
# (name, lat, lon, country, feature, gazetteer id, mention)
P = tuple[str, float | None, float | None, str | None, str | None, str | None, str]


def reports() -> list[dict[str, Any]]:
    return [json.loads(line) for line in REPORTS.read_text("utf-8").splitlines() if line.strip()]


def span(text: str, part: str) -> Span:
    i = text.index(part)
    return Span(part, i, i + len(part))


def sentence(text: str, part: str) -> Span:
    i = text.index(part)
    start = text.rfind(". ", 0, i)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", i)
    end = len(text) if end < 0 else end + 1
    return Span(text[start:end], start, end)


def build(doc: dict[str, Any], actors: list[A], events: list[E], places: list[P] = ()) -> Article:  # type: ignore[assignment]
    text = doc["text"]
    acts = [
        Actor(f"a{i + 1}", name, c, s, kind, [], [span(text, m)], kb_id=kb)  # type: ignore[arg-type]
        for i, (name, c, s, kind, kb, m) in enumerate(actors)
    ]
    plcs = [
        Place(f"p{i + 1}", name, lat, lon, c, None, feat, gid, [span(text, m)])
        for i, (name, lat, lon, c, feat, gid, m) in enumerate(places)
    ]
    evs = []
    for i, (typ, mode, src, tgt, status, date, plc, trig, claim) in enumerate(events):
        evs.append(
            Event(
                id=f"e{i + 1}",
                type=typ,
                mode=mode,
                contexts=[],
                source=f"a{src + 1}" if src is not None else None,
                target=f"a{tgt + 1}" if tgt is not None else None,
                status=status,  # type: ignore[arg-type]
                claimed_by=f"a{claim + 1}" if claim is not None else None,
                date=date,
                date_text=None,
                place=f"p{plc + 1}" if plc is not None else None,
                quantities=[],
                trigger=span(text, trig),
                evidence=sentence(text, trig),
                confidence=0.9,
            )
        )
    return Article(
        id=article_id(text),
        schema_version=SCHEMA_VERSION,
        url=None,
        source=doc["source"],
        title=doc["title"],
        published=doc["published"],
        published_inferred=False,
        language="en",
        text=text,
        actors=acts,
        events=evs,
        places=plcs,
    )


KOK_TASH: P = ("Kok-Tash", 39.95, 70.78, "KGZ", "PPL", "test:kok-tash", "Kok-Tash")
AK_SAI: P = ("Ak-Sai", 40.02, 70.93, "KGZ", "PPL", "test:ak-sai", "Ak-Sai")
VALPARAISO: P = ("Valparaíso", -33.036, -71.63, "CHL", "PPL", "geonames:3868626", "Valparaiso")

TJK_GUARDS = ("Tajik border guards", "TJK", "COP", "group", None, "Tajik border guards")
KGZ_GUARDS = ("Kyrgyz border guards", "KGZ", "COP", "group", None, "Kyrgyz border guards")


def crisis() -> list[Article]:
    """The nine invented reports as hand-built records, in file order."""
    r = reports()
    arts = [
        build(
            r[0],
            [TJK_GUARDS, KGZ_GUARDS, ("Nurlan Dzhumabaev", None, "COP", "person", None, "Nurlan Dzhumabaev")],
            [("ASSAULT", "firearms", 0, 1, "asserted", "2025-05-12", 0, "opened fire", None)],
            [KOK_TASH],
        ),
        build(
            r[1],
            [
                ("Tajik border guards", "TJK", "COP", "group", None, "Tajik border guards"),
                ("Kyrgyz border post", "KGZ", None, "organisation", None, "Kyrgyz border post"),
                ("Kyrgyz officials", "KGZ", "GOV", "group", None, "Kyrgyz officials"),
            ],
            [("ASSAULT", None, 0, 1, "claimed", "2025-05-12", 0, "attacked", 2)],
            [KOK_TASH],
        ),
    ]
    tajik_side: list[A] = [
        ("Tajikistan", "TJK", "GOV", "state", "country:TJK", "Tajikistan"),
        ("Tajik guards", "TJK", "COP", "group", None, "Tajik guards"),
        ("Kyrgyz guards", "KGZ", "COP", "group", None, "Kyrgyz guards"),
    ]
    denial: list[E] = [
        ("ASSAULT", "firearms", 1, 2, "denied", "2025-05-12", 0, "shooting", 0),
        ("ACCUSE", None, 0, 2, "asserted", "2025-05-13", None, "accused", None),
    ]
    arts.append(build(r[2], tajik_side, denial, [KOK_TASH]))
    arts.append(build(r[3], tajik_side, denial, [KOK_TASH]))  # the copy: same records, another headline
    arts.append(
        build(
            r[4],
            [TJK_GUARDS, KGZ_GUARDS],
            [("ASSAULT", "firearms", 0, 1, "asserted", "2025-05-14", 0, "fired", None)],
            [AK_SAI],
        )
    )
    arts.append(
        build(
            r[5],
            [
                ("Nurlan Jumabayev", "KGZ", "COP", "person", None, "Nurlan Jumabayev"),
                ("Jeenbek Kulubaev", "KGZ", "GOV", "person", None, "Jeenbek Kulubaev"),
                ("Tajik counterpart", "TJK", "GOV", "person", None, "Tajik counterpart"),
            ],
            [("CONSULT", "phone", 1, 2, "asserted", "2025-05-15", None, "spoke", None)],
        )
    )
    mendoza = ("Carla Mendoza", None, "LAB", "person", None, "Carla Mendoza")
    arts.append(
        build(
            r[6],
            [("dockworkers", None, "LAB", "group", None, "dockworkers"), mendoza],
            [("PROTEST", "strike", 0, None, "asserted", "2025-05-14", 0, "walked off the job", None)],
            [VALPARAISO],
        )
    )
    arts.append(
        build(
            r[7],
            [("Chilean police", "CHL", "COP", "organisation", None, "Chilean police"), mendoza],
            [("COERCE", "arrest", 0, None, "asserted", "2025-05-15", 0, "detained", None)],
            [VALPARAISO],
        )
    )
    arts.append(
        build(
            r[8],
            [("Dockworkers", None, "LAB", "group", None, "Dockworkers"), mendoza],
            [("AGREE", None, 0, None, "asserted", "2025-05-16", 0, "agreed", None)],
            [VALPARAISO],
        )
    )
    return arts
