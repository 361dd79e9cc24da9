"""PETRARCH2 unit-test records (CAMEO): event-type and dyad agreement with the gold codings.

The records are stylised sentences about (mostly fictional) states, each with gold
``<EventCoding sourcecode targetcode eventcode>`` rows, or ``noevents="True"``.

* ``root_type_agreement``: gold codings whose CAMEO code maps to a PLOVER type (longest prefix in the
  CAMEO->PLOVER crosswalk ``CAMEO2PLOVER-2021.txt``, searched in this folder and then in
  ``../plover_gsr/``) for which eventwire codes an event of that type in the sentence. Codes the
  crosswalk does not cover (01x statements, 02x appeals, the suite's 9xx test codes) are not scored.
  ``root_type_precision``: eventwire's events in sentences with gold codings whose type is one of the
  gold types.
* ``dyad_agreement``: gold codings with a source and a target for which some eventwire event in the
  sentence has the same source and target, compared at the root (first three letters) of the actor
  codes. eventwire's actors get codes from the suite's own actor dictionary
  (``PETR.Validate.actors.txt``): the longest dictionary name matching the actor's name, an alias or a
  mention (each dictionary word a prefix of a name word, ``WORD_`` an exact word; ``+`` lines are
  synonyms of the entry above). ``triple_agreement`` also needs the right type.
* ``noevents_clean_rate``: ``noevents`` records where eventwire codes no event reported as happened.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalError
from ..records import Actor
from . import EvalResult
from .texts import process_texts

RECORDS = "PETR.UnitTest.records.dev_sample.xml"
ACTORS = "PETR.Validate.actors.txt"
CROSSWALK = "CAMEO2PLOVER-2021.txt"
_HAPPENED = frozenset({"asserted", "claimed", "denied"})


@dataclass
class Coding:
    source: str
    target: str
    code: str


@dataclass
class Record:
    id: str
    text: str
    date: str | None
    codings: list[Coding] = field(default_factory=list)
    noevents: bool = False


def read_records(path: Path) -> list[Record]:
    """The ``<Sentence>`` records of the unit-test file."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise EvalError(f"cannot parse {path}: {e}", code="EW402", path=str(path)) from e
    out: list[Record] = []
    for s in root.iter("Sentence"):
        text = " ".join((s.findtext("Text") or "").split())
        raw = s.get("date") or ""
        date = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if re.fullmatch(r"\d{8}", raw) else None
        rec = Record(id=s.get("id") or "", text=text, date=date)
        for ec in s.iter("EventCoding"):
            if (ec.get("noevents") or "").strip().lower() == "true":
                rec.noevents = True
            elif ec.get("eventcode"):
                rec.codings.append(
                    Coding(ec.get("sourcecode") or "", ec.get("targetcode") or "", ec.get("eventcode") or "")
                )
        if text:
            out.append(rec)
    return out


def read_crosswalk(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER type from the crosswalk (``030: AGREE, mode, context # ...``)."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*(\d{2,4})\s*:\s*([A-Z]+)", line)
        if m:
            table.setdefault(m[1], m[2])
    return table


def plover_type(code: str, crosswalk: dict[str, str]) -> str | None:
    """PLOVER type of a CAMEO code by the longest crosswalk prefix (None if unmapped)."""
    digits = re.sub(r"\D", "", code)
    for n in range(len(digits), 2, -1):
        if digits[:n] in crosswalk:
            return crosswalk[digits[:n]]
    # Two-digit roots are listed as headers ("03: AGREE"); 08 mixes CONCEDE and RETREAT, left out.
    if len(digits) >= 2 and digits[:2] in crosswalk and digits[:2] != "08":
        return crosswalk[digits[:2]]
    return None


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]
    exact: tuple[bool, ...]
    code: str


def read_actor_dictionary(path: Path) -> list[_Pattern]:
    """Name patterns and codes of the PETRARCH actor dictionary, longest first."""
    patterns: list[_Pattern] = []
    last_code: str | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("<!--") or line.lstrip().startswith("<"):
            continue
        synonym = line.startswith("+")
        name_part, _, rest = line.lstrip("+").partition("[")
        code = rest.split("]", 1)[0].split()[0].upper() if rest.strip() else None
        if code is None or code.startswith("-"):
            code = last_code if synonym else None
        if code is None:
            continue
        last_code = code
        tokens = [w for w in re.split(r"[_\s]+", name_part.strip().upper()) if w]
        if not tokens:
            continue
        raw = name_part.strip().upper()
        exact = tuple(raw.endswith("_") and i == len(tokens) - 1 for i in range(len(tokens)))
        patterns.append(_Pattern(tuple(tokens), exact, code))
    return sorted(patterns, key=lambda p: -len(p.words))


def _matches(p: _Pattern, words: list[str], at: int) -> bool:
    if at + len(p.words) > len(words):
        return False
    for k, (pw, ex) in enumerate(zip(p.words, p.exact, strict=True)):
        w = words[at + k]
        if (ex and w != pw) or not w.startswith(pw):
            return False
    return True


def actor_code(actor: Actor, patterns: list[_Pattern]) -> str | None:
    """Root (three-letter) code of an actor by the dictionary; None if no name matches."""
    names = [actor.name, *actor.aliases, *(m.text for m in actor.mentions)]
    best: tuple[int, str] | None = None
    for name in names:
        words = re.findall(r"[A-Z0-9][A-Z0-9'\-]*", name.upper())
        for p in patterns:
            if best is not None and len(p.words) <= best[0]:
                break
            if any(_matches(p, words, i) for i in range(len(words))):
                best = (len(p.words), p.code[:3])
                break
    return best[1] if best else None


def _crosswalk_path(path: Path) -> Path:
    for candidate in (path / CROSSWALK, path.parent / "plover_gsr" / CROSSWALK):
        if candidate.exists():
            return candidate
    raise EvalError(f"{CROSSWALK} not found in {path} or ../plover_gsr", code="EW402", path=str(path))


def evaluate(path: Path, *, limit: int | None = None) -> EvalResult:
    """Type, dyad and triple agreement with the gold CAMEO codings, and behaviour on noevents records."""
    records = read_records(path / RECORDS)
    if limit is not None:
        records = records[:limit]
    crosswalk = read_crosswalk(_crosswalk_path(path))
    patterns = read_actor_dictionary(path / ACTORS)
    articles = list(process_texts([r.text for r in records], ids=[f"petrarch2:{r.id}" for r in records]))
    type_hits = type_total = dyad_hits = dyad_total = triple_hits = 0
    prec_hits = prec_total = clean = noevent_total = unscored = 0
    for rec, art in zip(records, articles, strict=True):
        events = [e for e in art.events if e.status in _HAPPENED] if art is not None else []
        if rec.noevents:
            noevent_total += 1
            clean += int(not events)
            continue
        codes = {a.id: actor_code(a, patterns) for a in art.actors} if art is not None else {}
        gold_types = {t for c in rec.codings if (t := plover_type(c.code, crosswalk)) is not None}
        for e in events:
            if gold_types:
                prec_total += 1
                prec_hits += int(e.type in gold_types)
        for c in rec.codings:
            t = plover_type(c.code, crosswalk)
            if t is None:
                unscored += 1
            else:
                type_total += 1
                type_hits += int(any(e.type == t for e in events))
            if c.source and c.target:
                dyad_total += 1
                pairs = [(e, codes.get(e.source or ""), codes.get(e.target or "")) for e in events]
                dyads = [e for e, s, g in pairs if s == c.source[:3].upper() and g == c.target[:3].upper()]
                dyad_hits += int(bool(dyads))
                triple_hits += int(t is not None and any(e.type == t for e in dyads))

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    return EvalResult(
        dataset="petrarch2_unittest",
        n=len(records),
        metrics={
            "root_type_agreement": ratio(type_hits, type_total),
            "root_type_precision": ratio(prec_hits, prec_total),
            "dyad_agreement": ratio(dyad_hits, dyad_total),
            "triple_agreement": ratio(triple_hits, dyad_total),
            "noevents_clean_rate": ratio(clean, noevent_total),
        },
        unscored=unscored,
        notes=[
            "CAMEO -> PLOVER by the longest prefix in CAMEO2PLOVER-2021.txt; unmapped codes (01x, 02x, 9xx) unscored",
            "actors coded with PETR.Validate.actors.txt, compared on the three-letter root code",
            "only events reported as happened (asserted/claimed/denied) count",
            "stylised sentences about fictional states: a regression suite, not a sample of news",
        ],
        extra={
            "gold_codings_typed": type_total,
            "gold_dyads": dyad_total,
            "system_events_scored": prec_total,
            "noevents_records": noevent_total,
        },
    )


__all__ = ["actor_code", "evaluate", "plover_type", "read_actor_dictionary", "read_crosswalk", "read_records"]
