#!/usr/bin/env python3
"""How much of the CAMEO verb dictionary and of the PLOVER ontology does the events lexicon type?

    python tools/measure_lexicon_coverage.py [--json] [--hand-only]

A measurement from the ontology, not from any development sentence (issue 13): the share of the
CAMEO verb dictionary's verbs and patterns (every row of the compiled ``events/cameo_verbs.tsv``:
the CAMEO lines whose code the CAMEO->PLOVER crosswalk maps to a PLOVER type) that the lexicon as
the events stage loads it (:func:`eventwire.extract.events.lexicon.load_lexicon`) codes at all, and
the share it codes with the crosswalk's type.

Each dictionary row is *replayed*: the sentence it describes is taken to hold exactly the row's own
conditions (a bare verb line: a subject and an actor as object, a complete dyad as PETRARCH2 codes
it; a pattern: its object / particle / prepositional phrase / subject nouns), and the lexicon's
entries of the lemma are tried in the stage's order (hand-made rows, most specific first, then the
compiled rows; forward before reversed). An entry's condition holds in the replay when the row has
the same key with a shared value (a one-word value also matches the head of a several-word one);
``src=state`` holds (CAMEO dyads are between states unless the pattern says otherwise); conditions
the row cannot say anything about (``xtype``, ``comp``, ``amod``) do not hold. The first entry that
holds is what the stage would code. Verbs the stage reads itself (reporting, light, aspect ... verbs
of ``words.tsv``) have no verb entries: a light verb's row is typed by its object noun's entry in
``nouns.tsv`` ("hold talks"), else by its CAMEO pattern when the noun has no entry ("take
hostages"), as the stage reads it; the other classes count as not typed (the stage
reads them as reports, plans or aspects of another event).

The second table is the PLOVER manual's own vocabulary: for each (type, mode) pair that the manual
or the NGEC codebook lists as valid (the build's mode table, ``tools/knowledge_build``), whether
some lexicon entry (verb or noun) codes that type with that mode.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.extract.events.lexicon import Entry, Lexicon, load_lexicon  # noqa: E402
from eventwire.knowledge import compiled  # noqa: E402

Conditions = tuple[tuple[str, frozenset[str]], ...]
UNKNOWABLE = frozenset({"xtype", "comp", "amod", "xcomp"})


def _value_matches(entry_value: str, row_values: frozenset[str]) -> bool:
    if entry_value in row_values:
        return True
    words = entry_value.split()
    if len(words) == 1:
        return any(v.split()[-1] == entry_value for v in row_values)
    return False


def condition_holds(key: str, values: frozenset[str], row: dict[str, frozenset[str]]) -> bool:
    """Whether one entry condition holds in the sentence a dictionary row describes."""
    if key == "src":
        return "state" in values
    if key in UNKNOWABLE:
        return False
    have = row.get(key)
    if have is None:
        return False
    if key == "obj" and ("*any" in values or "*actor" in values):
        return True
    if key == "pobj":
        return any(
            v.partition(":")[0] == h.partition(":")[0]
            and _value_matches(v.partition(":")[2], frozenset([h.partition(":")[2]]))
            for v in values
            for h in have
        )
    return any(_value_matches(v, have) for v in values)


def row_context(conditions: Conditions, bare: bool) -> dict[str, frozenset[str]]:
    """The replayed sentence of a dictionary row: its conditions by key (a bare verb: an actor object)."""
    ctx: dict[str, set[str]] = defaultdict(set)
    for key, values in conditions:
        ctx[key] |= values
    if bare:
        ctx["obj"].add("*actor")
    return {k: frozenset(v) for k, v in ctx.items()}


def replay(entries: Iterable[Entry], ctx: dict[str, frozenset[str]]) -> Entry | None:
    """The entry the stage would take for the row's sentence (forward rows before reversed ones)."""
    ordered = list(entries)
    for want_reversed in (False, True):
        for e in ordered:
            if e.reversed == want_reversed and all(condition_holds(k, v, ctx) for k, v in e.conditions):
                return e
    return None


def light_verb_noun(lex: Lexicon, ctx: dict[str, frozenset[str]]) -> Entry | None:
    """A light verb's event is its object noun ("held talks", "launched an offensive"), as in the stage."""
    for value in sorted(ctx.get("obj", ())):
        head = value.split()[-1]
        got = replay(lex.nouns.get(head, []), {})
        if got is not None:
            return got
    return None


@dataclass
class Tally:
    rows: int = 0
    typed: int = 0
    agrees: int = 0

    def add(self, typed: bool, agrees: bool) -> None:
        self.rows += 1
        self.typed += typed
        self.agrees += agrees

    def shares(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "typed": round(self.typed / self.rows, 3) if self.rows else None,
            "agrees": round(self.agrees / self.rows, 3) if self.rows else None,
        }


def cameo_replay(lex: Lexicon, rows: list[compiled.VerbPattern]) -> dict[str, Any]:
    """Shares of CAMEO verb lines and patterns the lexicon types, and types as the crosswalk does."""
    kinds: dict[str, Tally] = defaultdict(Tally)
    by_type: dict[str, Tally] = defaultdict(Tally)
    misses: Counter[str] = Counter()
    disagree: Counter[tuple[str, str]] = Counter()
    lemmas: dict[str, tuple[bool, bool]] = {}
    light = lex.word_class("light")
    for r in rows:
        bare = r.via == "verb"
        ctx = row_context(r.conditions, bare)
        got = replay(lex.verbs.get(r.lemma.lower(), []), ctx)
        if got is None and r.lemma.lower() in light:
            got = light_verb_noun(lex, ctx)
            if got is None and not any(h.split()[-1] in lex.nouns for h in ctx.get("obj", ())):
                got = replay(lex.light_patterns.get(r.lemma.lower(), []), ctx)
        typed, agrees = got is not None, got is not None and got.type == r.type
        kind = "verb line" if bare else "pattern"
        kinds[kind].add(typed, agrees)
        kinds["all"].add(typed, agrees)
        by_type[r.type].add(typed, agrees)
        if got is None:
            misses[r.lemma] += 1
        elif not agrees:
            disagree[(r.type, got.type)] += 1
        if bare:
            old = lemmas.get(r.lemma, (False, False))
            lemmas[r.lemma] = (old[0] or typed, old[1] or agrees)
    verbs = Tally()
    for typed, agrees in lemmas.values():
        verbs.add(typed, agrees)
    return {
        "by_kind": {k: t.shares() for k, t in sorted(kinds.items())},
        "verb_lemmas": verbs.shares(),
        "by_type": {k: t.shares() for k, t in sorted(by_type.items())},
        "untyped_lemmas_most_rows": misses.most_common(25),
        "disagreements_crosswalk_to_lexicon": [[a, b, n] for (a, b), n in disagree.most_common(15)],
    }


def default_src() -> Path:
    """../shared/knowledge next to the repository, or next to the worktree folder."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "knowledge" / "plover").is_dir():
            return base / "shared" / "knowledge"
    return ROOT.parent / "shared" / "knowledge"


def manual_modes(src: Path) -> dict[str, frozenset[str]]:
    """PLOVER type -> valid modes, from the manual and the NGEC codebook (as the build reads them)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from knowledge_build import crosswalk

    modes = crosswalk.manual_modes((src / "plover" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8"))
    for kind, more in crosswalk.codebook_modes(src / "ngec" / "PLOVER_structured_codebook_updated.csv").items():
        modes.setdefault(kind, set()).update(more)
    return {k: frozenset(v) for k, v in modes.items()}


def mode_coverage(lex: Lexicon, modes: dict[str, frozenset[str]]) -> dict[str, Any]:
    have: set[tuple[str, str]] = set()
    for table in (lex.verbs, lex.nouns):
        for entries in table.values():
            have.update((e.type, e.mode) for e in entries if e.mode)
    pairs = sorted((t, m) for t, ms in modes.items() for m in ms)
    missing = [f"{t} {m}" for t, m in pairs if (t, m) not in have]
    return {
        "pairs": len(pairs),
        "coded": round(1 - len(missing) / len(pairs), 3) if pairs else None,
        "missing": missing,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CAMEO and PLOVER-manual coverage of the event lexicon.")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--hand-only", action="store_true", help="measure the hand-made rows alone")
    parser.add_argument("--src", type=Path, default=None, help="the dictionaries (default ../shared/knowledge)")
    args = parser.parse_args(argv)
    src = args.src or default_src()
    lex = load_lexicon(compiled=not args.hand_only)
    result: dict[str, Any] = {"cameo": cameo_replay(lex, compiled.read_verb_patterns())}
    if (src / "plover").is_dir():
        result["manual_modes"] = mode_coverage(lex, manual_modes(src))
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return 0
    c = result["cameo"]
    for kind, s in c["by_kind"].items():
        print(f"CAMEO {kind:<10} {s['rows']:>5} rows  typed {s['typed']:.3f}  crosswalk type {s['agrees']:.3f}")
    s = c["verb_lemmas"]
    print(f"CAMEO verb lemmas {s['rows']:>5}       typed {s['typed']:.3f}  crosswalk type {s['agrees']:.3f}")
    for t, s in c["by_type"].items():
        print(f"  {t:<10} {s['rows']:>5} rows  typed {s['typed']:.3f}  crosswalk type {s['agrees']:.3f}")
    print("untyped lemmas (rows):", ", ".join(f"{lemma} {n}" for lemma, n in c["untyped_lemmas_most_rows"]))
    print("crosswalk -> lexicon:", ", ".join(f"{a}->{b} {n}" for a, b, n in c["disagreements_crosswalk_to_lexicon"]))
    if "manual_modes" in result:
        m = result["manual_modes"]
        print(f"manual (type, mode) pairs {m['pairs']}: coded {m['coded']:.3f}; missing: {', '.join(m['missing'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
