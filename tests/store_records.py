"""Hand-built Article records for the store tests (no model needed).

The texts are invented; offsets are computed from the text so every span is exact.
"""

from __future__ import annotations

from eventwire.pipeline import article_id
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
)
from eventwire.store import Store
from eventwire.store.tables import record_tables


def span(text: str, part: str, start: int = 0) -> Span:
    i = text.index(part, start)
    return Span(part, i, i + len(part))


def make_article(n: int = 0, *, published: str | None = "2021-11-16", extra: str = "") -> Article:
    """An invented border report; ``n`` changes the text (and so the id)."""
    text = (
        f"WARSAW — Polish border guards said on Tuesday they detained 40 migrants near Kuznica (report {n}). "
        "Belarus denied pushing people to the border. "
        '"We will not be blackmailed," said Polish Interior Minister Mariusz Kaminski. '
        f"Latvia sent 300 troops to the frontier.{extra}"
    )
    s1 = span(text, f"Polish border guards said on Tuesday they detained 40 migrants near Kuznica (report {n}).")
    s2 = span(text, "Belarus denied pushing people to the border.")
    s3 = span(text, '"We will not be blackmailed," said Polish Interior Minister Mariusz Kaminski.')
    s4 = span(text, "Latvia sent 300 troops to the frontier.")
    guards = Actor(
        "a1",
        "Polish border guards",
        "POL",
        "COP",
        "group",
        [],
        [span(text, "Polish border guards")],
        country_evidence=span(text, "Polish"),
        sector_evidence=span(text, "border guards"),
    )
    belarus = Actor("a2", "Belarus", "BLR", "GOV", "state", ["Minsk"], [span(text, "Belarus")], kb_id="BLR")
    minister = Actor(
        "a3",
        "Mariusz Kaminski",
        "POL",
        "GOV",
        "person",
        ["Kaminski"],
        [span(text, "Polish Interior Minister Mariusz Kaminski")],
    )
    migrants = Actor("a4", "migrants", None, "REF", "group", [], [span(text, "migrants")])
    latvia = Actor("a5", "Latvia", "LVA", None, "state", [], [span(text, "Latvia")])
    kuz = Place("p1", "Kuźnica", 53.51, 23.64, "POL", "Podlaskie", "PPL", "geonames:3093524", [span(text, "Kuznica")])
    fig = Quantity(
        "n1",
        40.0,
        40.0,
        40.0,
        "exact",
        "detained",
        "migrants",
        "40 migrants",
        text.index("40 migrants"),
        text.index("40 migrants") + len("40 migrants"),
        "e1",
        s1,
    )
    troops = Quantity(
        "n2",
        300.0,
        300.0,
        300.0,
        "exact",
        "troops",
        "troops",
        "300 troops",
        text.index("300 troops"),
        text.index("300 troops") + len("300 troops"),
        "e3",
        s4,
    )
    e1 = Event(
        "e1",
        "COERCE",
        "arrest",
        ["migration"],
        "a1",
        "a4",
        "asserted",
        None,
        published,
        "Tuesday",
        "p1",
        ["n1"],
        span(text, "detained"),
        s1,
        0.8,
        date_span=span(text, "Tuesday"),
        sources=["a1"],
        targets=["a4"],
    )
    e2 = Event(
        "e2",
        "ASSAULT",
        None,
        ["migration", "human_rights"],
        "a2",
        "a4",
        "denied",
        "a2",
        None,
        None,
        None,
        [],
        span(text, "pushing"),
        s2,
        0.5,
        sources=["a2"],
        targets=["a4"],
    )
    e3 = Event(
        "e3",
        "MOBILIZE",
        "troops",
        ["military"],
        "a5",
        None,
        "asserted",
        None,
        "2021-11",
        None,
        None,
        ["n2"],
        span(text, "sent"),
        s4,
        0.7,
        sources=["a5"],
    )
    q1 = Quote(
        "q1",
        "a3",
        "Polish Interior Minister Mariusz Kaminski",
        "said",
        "We will not be blackmailed,",
        True,
        None,
        s3,
        content_span=span(text, "We will not be blackmailed,"),
        speaker_span=span(text, "Polish Interior Minister Mariusz Kaminski"),
        cue_span=span(text, "said", s3.start),
    )
    c1 = Contradiction("c1", "e2", "q1", "claim", "invented contradiction for the test")
    return Article(
        id=article_id(text),
        schema_version=SCHEMA_VERSION,
        url=f"https://example.org/report/{n}",
        source="Example Wire",
        title=f"Border report {n}",
        published=published,
        published_inferred=False,
        language="en",
        text=text,
        removed=[Removed("Share this article", "share_line", 3)],
        actors=[guards, belarus, minister, migrants, latvia],
        events=[e1, e2, e3],
        quotes=[q1],
        quantities=[fig, troops],
        places=[kuz],
        contradictions=[c1],
        dateline=span(text, "WARSAW —"),
        input=f"reports/{n}.txt",
        published_evidence="metadata",
        warnings=[],
    )


def snapshot(store: Store) -> dict[str, list[str]]:
    """Every row of every data table, as sorted reprs (order-free comparison)."""
    out = {}
    for name in [t.name for t in record_tables()] + ["dead_letter", "ingested_inputs"]:
        rows = store.con.execute(f'SELECT * FROM "{name}"').fetchall()
        out[name] = sorted(repr(r) for r in rows)
    return out
