"""The record contract: dataclasses, JSON Schema snapshot, JSON round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

import eventwire
from eventwire.records import (
    SCHEMA_VERSION,
    Actor,
    Article,
    Contradiction,
    Event,
    Place,
    Quantity,
    Quote,
    Removed,
    Span,
    from_json,
    json_schema,
    to_dict,
    to_json,
)

SCHEMA_FILE = Path(eventwire.__file__).parent / "schema" / "article.schema.json"


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(part, start, start + len(part))


def full_article() -> Article:
    """An article with one of every record part, built by hand (no model)."""
    text = "WARSAW — Poland accused Belarus on Friday of pushing 200 migrants to Kuznica, officials said."
    sent = _span(text, text[len("WARSAW — ") :])
    poland, belarus = _span(text, "Poland"), _span(text, "Belarus")
    return Article(
        id="0123456789abcdef",
        schema_version=SCHEMA_VERSION,
        url="https://example.org/a",
        source="Example Wire",
        title="Poland accuses Belarus",
        published="2021-11-19",
        published_inferred=False,
        language="en",
        text=text,
        removed=[Removed("Skip to main content", "site_chrome", line=1)],
        actors=[
            Actor("a1", "Poland", "POL", "GOV", "state", [], [poland], country_evidence=poland),
            Actor("a2", "Belarus", "BLR", "GOV", "state", ["Minsk"], [belarus]),
        ],
        events=[
            Event(
                id="e1",
                type="ACCUSE",
                mode=None,
                contexts=["migration"],
                source="a1",
                target="a2",
                status="asserted",
                claimed_by=None,
                date="2021-11-19",
                date_text="on Friday",
                place="p1",
                quantities=["n1"],
                trigger=_span(text, "accused"),
                evidence=sent,
                confidence=0.8,
                date_span=_span(text, "on Friday"),
            )
        ],
        quotes=[
            Quote(
                "q1",
                None,
                "officials",
                "said",
                text[9:-17],
                False,
                None,
                sent,
                content_span=Span(text[9:-17], 9, len(text) - 17),
            )
        ],
        quantities=[
            Quantity(
                "n1",
                200.0,
                200.0,
                200.0,
                "exact",
                "other",
                "migrants",
                "200 migrants",
                text.index("200"),
                text.index("200") + 12,
                "e1",
                sent,
            )
        ],
        places=[Place("p1", "Kuźnica", 53.5, 23.6, "POL", "Podlasie", "PPL", "geonames:1", [_span(text, "Kuznica")])],
        contradictions=[Contradiction("c1", "q1", "e1", "claim", "invented for the test")],
        dateline=_span(text, "WARSAW —"),
    )


def test_round_trip_json() -> None:
    art = full_article()
    again = from_json(to_json(art))
    assert again == art
    assert to_dict(again) == to_dict(art)


def test_record_validates_against_checked_in_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(to_json(full_article())), schema)


def test_checked_in_schema_matches_dataclasses() -> None:
    """Fails when records.py and the checked-in schema drift: run `make schema`."""
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "schema out of date: run `make schema` and review the diff"


def test_unknown_field_is_rejected() -> None:
    data = to_dict(full_article())
    data["events"][0]["colour"] = "red"
    with pytest.raises(ValidationError):
        from_json(json.dumps(data))


def test_bad_status_is_rejected() -> None:
    data = to_dict(full_article())
    data["events"][0]["status"] = "rumoured"
    with pytest.raises(ValidationError):
        from_json(json.dumps(data))


def test_records_are_frozen() -> None:
    art = full_article()
    with pytest.raises(AttributeError):
        art.title = "changed"  # type: ignore[misc]


def test_spans_of_the_hand_built_article_slice_the_text() -> None:
    art = full_article()
    for span in [art.dateline, art.events[0].trigger, art.events[0].evidence, *art.places[0].mentions]:
        assert span is not None
        assert art.text[span.start : span.end] == span.text
