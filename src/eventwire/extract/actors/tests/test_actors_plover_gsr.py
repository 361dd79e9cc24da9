"""Actor country/sector on the PLOVER GSR dev sample (skipped when ../shared is absent).

For each gold source/target actor, the actor covering its text (``actor_at`` on the phrase head, else
``ensure_actor`` as the events stage would call it) must carry the gold country and sector. Floors sit a
little under the measured values (2026-11-27: country 0.802, sector 0.764 over 126/89 gold actors).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.clean import Cleaned
from eventwire.extract.actors.stage import actor_at, ensure_actor, make_stage
from eventwire.knowledge import load_knowledge
from eventwire.pipeline import Analysis

KNOWLEDGE = load_knowledge()

DATA = Path(__file__).resolve().parents[6] / "shared" / "data" / "plover_gsr" / "PLOVER_GSR_CAMEO.dev_sample.json"

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not DATA.exists(), reason="PLOVER GSR dev sample not present"),
]


def _golds(record: dict[str, Any]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for role in ("source", "target"):
        value = record.get(role) or []
        out.extend([value] if isinstance(value, dict) and value else value if isinstance(value, list) else [])
    return out


def test_actor_country_and_sector_floors(pipeline: Any) -> None:
    records = json.loads(DATA.read_text(encoding="utf-8"))[1:]
    run = make_stage(KNOWLEDGE, {})
    country = [0, 0]
    sector = [0, 0]
    texts = [r["text"].strip() for r in records]
    for record, text, doc in zip(records, texts, pipeline.parser.parse_many(texts), strict=True):
        an = Analysis(cleaned=Cleaned(text=text), parsed=doc)
        run(an)
        for gold in _golds(record):
            phrase = gold.get("actorText", "").split("..")[0].split("(")[0].strip()
            at = text.find(phrase) if phrase else -1
            if at < 0:
                continue
            toks = [t.i for t in doc.tokens if t.start < at + len(phrase) and t.end > at]
            aid = actor_at(an, toks[-1]) or ensure_actor(an, toks[0], toks[-1] + 1)
            actor = next((a for a in an.actors if a.id == aid), None)
            country[0] += actor is not None and actor.country == gold.get("code")
            country[1] += 1
            gold_sector = (gold.get("sector") or "")[:3]
            if gold_sector and gold_sector != "***":
                sector[0] += actor is not None and actor.sector == gold_sector
                sector[1] += 1
    assert country[1] > 100 and sector[1] > 60
    assert country[0] / country[1] >= 0.75, country
    assert sector[0] / sector[1] >= 0.70, sector
