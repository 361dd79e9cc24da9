"""How ``eventwire query`` shows rows in a terminal: a table when there is room, cards when narrow.

At 80 columns a table of eight columns leaves the evidence one character wide, so below
:data:`TABLE_MIN_WIDTH` each row becomes a short card: a header line with the codes (date, type,
mode, status, place), the actors, the evidence sentence wrapped at the terminal width, and where it
came from (outlet, publication date, title). Figures show their value or range ("300", "40-60",
"at least 1,000"). Wide terminals get the table, with the same "where from" column. Data formats
(jsonl, csv) are untouched: this module is for eyes only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..export import csv_value

TABLE_MIN_WIDTH = 140
"""Terminals at least this wide get a table; narrower ones get cards."""

# Columns of the wide table (all columns go to jsonl and csv); "name+code" shows "name [code]".
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": (
        "date",
        "type",
        "mode",
        "status",
        "source+source_country",
        "target+target_country",
        "place",
        "evidence",
        "from",
    ),
    "actors": ("published", "name", "country", "sector", "kind", "mentions", "title"),
    "quotes": ("published", "speaker+speaker_country", "cue", "via", "content", "from"),
    "figures": ("date", "amount", "category", "event_type", "evidence", "from"),
    "places": ("published", "name", "country", "admin1", "lat", "lon", "feature", "mentions", "title"),
    "articles": ("article_id", "published", "title", "outlet", "events", "quotes", "figures"),
    "skipped": ("input", "line", "code", "reason", "message"),
    "stories": ("id", "first_date", "last_date", "article_ids", "label"),
    "groups": ("date", "type", "source", "target", "place", "article_count", "outlet_count"),
}
WIDE = frozenset({"evidence", "content", "message", "title", "from"})
WIDE = WIDE | {"label"}
SHORT = frozenset(
    {
        "date",
        "published",
        "type",
        "status",
        "country",
        "sector",
        "kind",
        "code",
        "line",
        "mentions",
        "first_date",
        "last_date",
        "article_count",
        "outlet_count",
        "article_ids",
    }
)
_DERIVED = frozenset({"from", "amount"})
_QUALIFIER_WORDS = {
    "exact": "",
    "at_least": "at least ",
    "more_than": "more than ",
    "about": "about ",
    "up_to": "up to ",
    "at_most": "at most ",
    "less_than": "less than ",
}


def _number(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else str(v)


def amount(r: Mapping[str, Any]) -> str:
    """A figure's value or range with its qualifier: "300", "40-60", "at least 1,000"."""
    low, high, value = r.get("low"), r.get("high"), r.get("value")
    if low is not None and high is not None and low != high:
        return f"{_number(low)}-{_number(high)}"
    shown = value if value is not None else (low if low is not None else high)
    if shown is None:
        return str(r.get("figure") or "")
    qualifier = str(r.get("qualifier") or "exact").replace(" ", "_")
    return _QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " ") + " ") + _number(shown)


def where_from(r: Mapping[str, Any]) -> str:
    """Outlet, publication date and title of the row's article, as far as they are known."""
    parts = [str(r[k]) for k in ("outlet", "published") if r.get(k)]
    if r.get("title"):
        parts.append(f"“{r['title']}”")
    return " · ".join(parts) or str(r.get("url") or r.get("article_id") or "")


def _cell(r: Mapping[str, Any], column: str) -> str:
    name, _, code = column.partition("+")
    if name == "from":
        return where_from(r)
    if name == "amount":
        return amount(r)
    raw = r.get(name)
    if name == "article_ids" and isinstance(raw, list):
        return str(len(raw))  # the ids go to jsonl and csv; the terminal shows how many
    value = json.dumps(raw, ensure_ascii=False) if isinstance(raw, list | dict) else csv_value(raw)
    if code and r.get(code) is not None:
        value = f"{value} [{r[code]}]" if value else f"[{r[code]}]"
    return value


def table(what: str, columns: Iterable[str], rows: Sequence[Mapping[str, Any]]) -> Table:
    """The wide view: one row per record, long text columns fold, codes keep their width."""
    columns = list(columns)
    present = set(columns) | _DERIVED
    # a kind without a column list (added by a later command) shows all its columns
    shown = [c for c in TABLE_COLUMNS.get(what, tuple(columns)) if c.split("+")[0] in present]
    t = Table(title=f"{len(rows)} {what}", show_lines=False, expand=True)
    for c in shown:
        name = c.split("+")[0]
        if name in WIDE:
            t.add_column(name, overflow="fold", ratio=2 if name in ("evidence", "content", "message") else 1)
        else:  # codes and names keep their natural width; the text columns take the rest
            t.add_column(name, overflow="fold", max_width=10 if name in SHORT else 18)
    for r in rows:
        t.add_row(*(_cell(r, c) for c in shown))
    return t


def _join(*parts: Any) -> str:
    return "  ".join(str(p) for p in parts if p not in (None, ""))


def _coded(r: Mapping[str, Any], name: str, code: str) -> str:
    return _cell(r, f"{name}+{code}")


def card_lines(what: str, r: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """(header, second line, long text, where from) of one row's card; empty strings are left out."""
    if what == "events":
        kind = str(r.get("type") or "") + (f"/{r['mode']}" if r.get("mode") else "")
        place = _coded(r, "place", "place_country")
        head = _join(r.get("date") or "no date", kind, r.get("status"), f"@ {place}" if place else "")
        who = " -> ".join(
            x for x in (_coded(r, "source", "source_country"), _coded(r, "target", "target_country")) if x
        )
        return head, who, str(r.get("evidence") or ""), where_from(r)
    if what == "figures":
        head = _join(r.get("date") or "no date", r.get("category"), amount(r))
        event = f"counts a {r['event_type']} event" if r.get("event_type") else ""
        return head, event, str(r.get("evidence") or ""), where_from(r)
    if what == "quotes":
        speaker = _coded(r, "speaker", "speaker_country") or "unknown speaker"
        head = _join(speaker, r.get("cue"), f"via {r['via']}" if r.get("via") else "")
        return head, "", str(r.get("content") or ""), where_from(r)
    if what == "actors":
        head = _join(_coded(r, "name", "country"), r.get("sector"), r.get("kind"), f"{r.get('mentions', 0)} mention(s)")
        return head, str(r.get("aliases") or ""), "", where_from(r)
    if what == "places":
        coords = f"{r['lat']}, {r['lon']}" if r.get("lat") is not None else "no coordinates"
        head = _join(_coded(r, "name", "country"), r.get("admin1"), r.get("feature"), coords)
        return head, f"{r.get('mentions', 0)} mention(s)", "", where_from(r)
    if what == "articles":
        counts = ", ".join(f"{r.get(k, 0)} {k}" for k in ("events", "quotes", "figures"))
        head = _join(r.get("published") or "no date", r.get("outlet"), r.get("article_id"))
        return head, counts, str(r.get("title") or ""), str(r.get("url") or "")
    if what == "skipped":
        where = f"{r.get('input')}:{r.get('line')}" if r.get("line") else r.get("input")
        return _join(where, r.get("code"), r.get("reason")), "", str(r.get("message") or ""), ""
    if what == "stories":
        ids = r.get("article_ids") or []
        head = _join(f"{r.get('first_date') or '?'} .. {r.get('last_date') or '?'}", r.get("id"))
        return head, f"{len(ids)} article(s)", str(r.get("label") or ""), ""
    if what == "groups":
        kind = str(r.get("type") or "") + (f"/{r['mode']}" if r.get("mode") else "")
        head = _join(r.get("date") or "no date", kind, f"@ {r['place']}" if r.get("place") else "")
        who = " -> ".join(str(x) for x in (r.get("source"), r.get("target")) if x)
        counts = f"{r.get('article_count', 0)} report(s), {r.get('outlet_count', 0)} outlet(s)"
        return head, who, counts, _join(r.get("id"), f"story {r['story_id']}" if r.get("story_id") else "")
    # a kind without its own card (added by a later command): every field, wrapped
    fields = "; ".join(f"{k}={csv_value(v)}" for k, v in r.items() if v not in (None, ""))
    return "", "", fields, ""


def cards(what: str, rows: Sequence[Mapping[str, Any]]) -> Group:
    """The narrow view: one card per row, the long text wrapped at the terminal's width."""
    parts: list[RenderableType] = [Text(f"{len(rows)} {what}", style="italic")]
    for r in rows:
        head, second, body, source = card_lines(what, r)
        parts.append(Text(""))
        if head:
            parts.append(Text(head, style="bold"))
        if second:
            parts.append(Padding(Text(second), (0, 0, 0, 2), expand=False))
        if body:
            parts.append(Padding(Text(body, overflow="fold"), (0, 0, 0, 2), expand=False))
        if source:
            parts.append(Padding(Text(source, style="dim", overflow="fold"), (0, 0, 0, 2), expand=False))
    return Group(*parts)


def render(what: str, columns: Iterable[str], rows: Sequence[Mapping[str, Any]], width: int) -> RenderableType:
    """A table when ``width`` allows (:data:`TABLE_MIN_WIDTH`), else cards."""
    return table(what, columns, rows) if width >= TABLE_MIN_WIDTH else cards(what, rows)


__all__ = ["TABLE_COLUMNS", "TABLE_MIN_WIDTH", "amount", "card_lines", "cards", "render", "table", "where_from"]
