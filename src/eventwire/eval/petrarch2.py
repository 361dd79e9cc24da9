"""PETRARCH2 unit-test records (CAMEO): event-type and dyad agreement with the gold codings.

The records are stylised sentences about (mostly fictional) states, each with gold
``<EventCoding sourcecode targetcode eventcode>`` rows, or ``noevents="True"``. Files: the records
(``PETR.UnitTest.records.xml``, published in ``petrarch2/data/text/``, or the dev sample
``PETR.UnitTest.records.dev_sample.xml``), the actor dictionary ``PETR.Validate.actors.txt``
(published in ``petrarch2/data/dictionaries/``) and the CAMEO->PLOVER crosswalk
``CAMEO2PLOVER-2021.txt`` (from the PLOVER repository; looked for in the folder, its published
sub-folders, then ``../plover_gsr/``).

eventwire runs with a **test-time actor KB** built from the suite's own dictionary
(:mod:`eventwire.eval.petrarch2_kb`), so the fictional states are coded as PETRARCH codes them and
the metrics judge the event coding rather than our ignorance of Gondor. The same sentences are also
run without it (the ``without test-time KB`` column), its actors then coded by matching their
names against the dictionary after the run.

* ``root_type_agreement``: gold codings whose CAMEO code maps to a PLOVER type (longest prefix in the
  crosswalk) for which eventwire codes an event of that type in the sentence. Codes the crosswalk
  does not cover (01x statements, 02x appeals, the suite's 9xx test codes) are not scored.
  ``root_type_precision``: eventwire's events in sentences with gold codings whose type is one of the
  gold types.
* ``dyad_agreement``: gold codings with a source and a target for which some eventwire event in the
  sentence has the same source and target, compared at the root (first three letters) of the actor
  codes: the actor's ``country`` (with the test-time KB); without it, the longest dictionary name
  matching the actor's name, an alias or a mention (each dictionary word a prefix of a name word,
  ``WORD_`` an exact word). ``triple_agreement`` also needs the right type.
* ``noevents_clean_rate``: ``noevents`` records where eventwire codes no event reported as happened.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import PipelineConfig
from ..knowledge import KnowledgeSources
from ..pipeline import Pipeline
from ..records import Actor, Article
from . import EvalResult, Scorer
from .inputs import find_file, malformed, read_text, xml_root
from .petrarch2_kb import read_dictionary, write_kb
from .texts import process_texts

RECORDS = "PETR.UnitTest.records.dev_sample.xml"
RECORD_FILES = ("PETR.UnitTest.records.xml", RECORDS)
RECORD_FOLDERS = (".", "text", "data/text", "petrarch2/data/text")
ACTORS = "PETR.Validate.actors.txt"
ACTOR_FOLDERS = (".", "dictionaries", "data/dictionaries", "petrarch2/data/dictionaries")
CROSSWALK = "CAMEO2PLOVER-2021.txt"
_HAPPENED = frozenset({"asserted", "claimed", "denied"})
WITHOUT_KB = "without test-time KB"


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
    """The ``<Sentence>`` records of the unit-test file; EW404 if it is not such a file."""
    root = xml_root(path)
    out: list[Record] = []
    for n, s in enumerate(root.iter("Sentence"), 1):
        text = " ".join((s.findtext("Text") or "").split())
        raw = s.get("date") or ""
        date = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if re.fullmatch(r"\d{8}", raw) else None
        if not s.get("id"):
            raise malformed(f"<Sentence> number {n} has no id attribute", path)
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
    if not out:
        raise malformed("no <Sentence> records with <Text>", path)
    return out


def read_crosswalk(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER type from the crosswalk (``030: AGREE, mode, context # ...``); EW404 if empty."""
    table: dict[str, str] = {}
    for line in read_text(path).splitlines():
        m = re.match(r"^\s*(\d{2,4})\s*:\s*([A-Z]+)", line)
        if m:
            table.setdefault(m[1], m[2])
    if not table:
        raise malformed("no 'CODE: TYPE' lines (expected the CAMEO->PLOVER crosswalk)", path)
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
    for entry in read_dictionary(path):
        code = entry.code()
        if code is None:
            continue
        for name, exact in zip(entry.names, entry.exact, strict=True):
            tokens = tuple(w for w in re.split(r"[_\s]+", name.strip().upper()) if w)
            if tokens:
                patterns.append(
                    _Pattern(tokens, tuple(exact and i == len(tokens) - 1 for i in range(len(tokens))), code)
                )
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


@dataclass(frozen=True)
class Suite:
    """What every record of one run shares: the crosswalk and the actor dictionary."""

    crosswalk: dict[str, str]
    actors_path: Path
    patterns: list[_Pattern]


@dataclass(frozen=True)
class Item:
    record: Record
    suite: Suite


@dataclass(frozen=True)
class Prediction:
    with_kb: Article | None
    without_kb: Article | None


def _crosswalk_path(path: Path) -> Path:
    base = path if path.is_dir() else path.parent
    return find_file(base, "petrarch2_unittest (CAMEO->PLOVER crosswalk)", (CROSSWALK,), (".", "..", "../plover_gsr"))


def load(path: Path, limit: int | None) -> list[Item]:
    """The unit-test records with the crosswalk and actor dictionary they are scored with."""
    records = read_records(find_file(path, "petrarch2_unittest", RECORD_FILES, RECORD_FOLDERS))
    base = path if path.is_dir() else path.parent
    actors_path = find_file(
        base, "petrarch2_unittest (actor dictionary)", (ACTORS,), (*ACTOR_FOLDERS, "../dictionaries")
    )
    suite = Suite(read_crosswalk(_crosswalk_path(path)), actors_path, read_actor_dictionary(actors_path))
    if limit is not None:
        records = records[:limit]
    return [Item(r, suite) for r in records]


def predict(items: Sequence[Item]) -> list[Prediction]:
    """Run every sentence without and with the test-time KB built from the suite's actor dictionary."""
    texts = [it.record.text for it in items]
    ids = [f"petrarch2:{it.record.id}" for it in items]
    without = list(process_texts(texts, ids=ids))
    with tempfile.TemporaryDirectory(prefix="eventwire-petrarch2-") as tmp:
        kb_file = write_kb(items[0].suite.actors_path, Path(tmp) / "petrarch2_actors.tsv")
        # The test-time KB is one more user actor file in the pipeline's knowledge sources.
        config = PipelineConfig(knowledge=KnowledgeSources(actor_files=(str(kb_file),)))
        with_kb = list(process_texts(texts, ids=ids, pipeline=Pipeline(config)))
    return [Prediction(w, wo) for w, wo in zip(with_kb, without, strict=True)]


CodeOf = Callable[[Actor], str | None]


def agreement(
    items: Sequence[Item], articles: Sequence[Article | None], code_of: CodeOf
) -> tuple[dict[str, float], int]:
    """The agreement metrics of ``articles`` (one per item), actors coded by ``code_of``; and the unscored codings."""
    type_hits = type_total = dyad_hits = dyad_total = triple_hits = 0
    prec_hits = prec_total = clean = noevent_total = unscored = 0
    for item, art in zip(items, articles, strict=True):
        rec, crosswalk = item.record, item.suite.crosswalk
        events = [e for e in art.events if e.status in _HAPPENED] if art is not None else []
        if rec.noevents:
            noevent_total += 1
            clean += int(not events)
            continue
        codes = {a.id: code_of(a) for a in art.actors} if art is not None else {}
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

    metrics = {
        "root_type_agreement": ratio(type_hits, type_total),
        "root_type_precision": ratio(prec_hits, prec_total),
        "dyad_agreement": ratio(dyad_hits, dyad_total),
        "triple_agreement": ratio(triple_hits, dyad_total),
        "noevents_clean_rate": ratio(clean, noevent_total),
        "typed_codings_n": float(type_total),
        "dyads_n": float(dyad_total),
        "noevents_n": float(noevent_total),
    }
    return metrics, unscored


def _kb_country(actor: Actor) -> str | None:
    return actor.country[:3] if actor.country else None


def score(items: Sequence[Item], predicted: Sequence[Prediction]) -> EvalResult:
    """Type, dyad and triple agreement with the gold codings (with the test-time KB; without it as a baseline)."""
    metrics, unscored = agreement(items, [p.with_kb for p in predicted], _kb_country)
    patterns = items[0].suite.patterns if items else []
    without, _ = agreement(items, [p.without_kb for p in predicted], lambda a: actor_code(a, patterns))
    return EvalResult(
        dataset="petrarch2_unittest",
        n=len(items),
        metrics=metrics,
        unscored=unscored,
        baselines={WITHOUT_KB: without},
        notes=[
            "CAMEO -> PLOVER by the longest prefix in CAMEO2PLOVER-2021.txt; unmapped codes (01x, 02x, 9xx) unscored",
            "eventwire ran with a test-time actor KB built from PETR.Validate.actors.txt (eval/petrarch2_kb.py); "
            "actors compared on the three-letter root of their country code",
            "the KB matches whole names (PETRARCH also matches word prefixes) and has no date restrictions",
            f"'{WITHOUT_KB}': the shipped KB only, actors coded afterwards by matching names to the dictionary",
            "only events reported as happened (asserted/claimed/denied) count",
            "stylised sentences about fictional states: a regression suite, not a sample of news",
        ],
    )


SCORER: Scorer[Item, Prediction] = Scorer(
    load=load,
    key=lambda item: item.record.id,
    predict=predict,
    score=score,
    summary="PETRARCH2 unit-test sentences: CAMEO root type and dyad agreement (test-time KB from its dictionary)",
)


__all__ = [
    "SCORER",
    "actor_code",
    "agreement",
    "plover_type",
    "read_actor_dictionary",
    "read_crosswalk",
    "read_records",
]
