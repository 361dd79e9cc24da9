#!/usr/bin/env python3
"""How many gold triggers of the PLOVER GSR tune half does a lexicon know with the gold type?

    python tools/measure_trigger_coverage.py [--data ../shared/data/plover_gsr] [--json]

A measurement, not a tuning aid: it reads only the TUNE half of the development sample and prints
counts, never sentences. For each record the gold trigger words are the tokens inside the
``(EVT: ...)`` marks of ``textInfo.markup``, lemmatised by eventwire's parser in the context of the
sentence. A record is covered by a lexicon when one of its trigger lemmas has an entry of the
record's gold type (0.5b1 labels mapped to the 16 current types); conditions are ignored, so this is
an upper bound on what the lexicon can code, the same for every lexicon measured:

* ``today``: the hand-made ``events/verbs.tsv`` and ``events/nouns.tsv``;
* ``compiled``: ``events/cameo_verbs.tsv`` (compiled from CAMEO.2.0.txt by ``make knowledge``);
* ``union``: both;
* ``loaded``: what the events stage loads (:func:`eventwire.extract.events.lexicon.load_lexicon`:
  hand-made verbs and nouns, compiled CAMEO rows it keeps, nouns derived from the event verbs).

Split: the evaluation's own tune half (:func:`eventwire.eval.split.half_of`, docs/metrics.md "Tune
and check"; before session 6 this tool used a hash of its own, a different half).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.eval.plover_gsr import gold_type, read_records  # noqa: E402
from eventwire.knowledge import compiled  # noqa: E402

KNOWLEDGE = ROOT / "src" / "eventwire" / "knowledge" / "events"
_EVT = re.compile(r"\(EVT:\s*([^)]*)\)")


def in_tune_half(record_id: str) -> bool:
    """The evaluation's tune half of PLOVER GSR (the split every scorer uses)."""
    from eventwire.eval.split import half_of

    return half_of("plover_gsr", record_id) == "tune"


def hand_made_lexicon() -> dict[str, set[str]]:
    """lemma -> PLOVER types in events/verbs.tsv and events/nouns.tsv (first two columns)."""
    table: dict[str, set[str]] = defaultdict(set)
    for name in ("verbs.tsv", "nouns.tsv"):
        for line in (KNOWLEDGE / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            table[cols[0].strip().lower()].add(cols[1].strip())
    return table


def compiled_lexicon() -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for v in compiled.read_verb_patterns():
        table[v.lemma].add(v.type)
    return table


def loaded_lexicon() -> dict[str, set[str]]:
    """lemma -> PLOVER types of every verb and noun entry the events stage loads."""
    from eventwire.extract.events.lexicon import load_lexicon

    lex = load_lexicon()
    table: dict[str, set[str]] = defaultdict(set)
    for entries in (*lex.verbs.values(), *lex.nouns.values()):
        for e in entries:
            table[e.lemma].add(e.type)
    return table


def trigger_spans(record: dict[str, Any]) -> list[tuple[int, int]]:
    """Character spans in ``text`` of the EVT-marked words, found in order."""
    markup = (record.get("textInfo") or {}).get("markup") or ""
    text = record.get("text") or ""
    spans, pos = [], 0
    for m in _EVT.finditer(markup):
        words = m.group(1).strip()
        at = text.find(words, pos)
        if at < 0:
            at = text.find(words)
        if at >= 0:
            spans.append((at, at + len(words)))
            pos = at + len(words)
    return spans


def measure(data: Path) -> dict[str, Any]:
    from eventwire.nlp import Parser

    records = [
        r
        for r in read_records(data / "PLOVER_GSR_CAMEO.dev_sample.json")
        if r.get("event") != "DOCUMENT" and in_tune_half(str(r.get("id")))
    ]
    parser = Parser()
    lexicons = {"today": hand_made_lexicon(), "compiled": compiled_lexicon(), "loaded": loaded_lexicon()}
    lexicons["union"] = {
        k: lexicons["today"].get(k, set()) | lexicons["compiled"].get(k, set())
        for k in set(lexicons["today"]) | set(lexicons["compiled"])
    }
    typed = {name: 0 for name in lexicons}
    known = {name: 0 for name in lexicons}
    scored = 0
    for record, parsed in zip(records, parser.parse_many(r.get("text") or "" for r in records), strict=True):
        gold = gold_type(record)
        spans = trigger_spans(record)
        if gold is None or not spans:
            continue
        scored += 1
        lemmas = {t.lemma.lower() for t in parsed.tokens if any(s <= t.start and t.end <= e for s, e in spans)}
        for name, lexicon in lexicons.items():
            if any(gold in lexicon.get(lemma, ()) for lemma in lemmas):
                typed[name] += 1
            if any(lemma in lexicon for lemma in lemmas):
                known[name] += 1
    return {
        "split": "tune half of eventwire.eval.split (plover_gsr)",
        "records_in_tune_half": len(records),
        "records_scored": scored,
        "trigger_lemma_with_gold_type": {k: round(v / scored, 3) if scored else None for k, v in typed.items()},
        "trigger_lemma_known_any_type": {k: round(v / scored, 3) if scored else None for k, v in known.items()},
        "counts_with_gold_type": typed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Gold-trigger coverage of the event lexicons on the PLOVER GSR tune half."
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "plover_gsr")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.data / "PLOVER_GSR_CAMEO.dev_sample.json").is_file():
        print(
            f"measure_trigger_coverage: no PLOVER_GSR_CAMEO.dev_sample.json in {args.data} (pass --data)",
            file=sys.stderr,
        )
        return 2
    result = measure(args.data)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(f"PLOVER GSR tune half: {result['records_scored']} of {result['records_in_tune_half']} records scored")
        for name in ("today", "compiled", "union", "loaded"):
            print(
                f"  {name:<9} trigger with gold type {result['trigger_lemma_with_gold_type'][name]:.3f}"
                f"   trigger known (any type) {result['trigger_lemma_known_any_type'][name]:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
