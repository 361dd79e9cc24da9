"""CAMEO event code -> PLOVER type, mode and contexts.

Sources, in the order they are consulted for a code:

1. ``rules.tsv`` ``crosswalk_override``: the few codes where the PLOVER manual's text contradicts the
   table (each row cites the manual);
2. ``CAMEO2PLOVER-2021.txt`` (PLOVER draft 0.8, the current 16 types; ``code: EVENT, mode, context``);
3. ``plover/CAMEO-PLOV.txt`` (0.5b1 labels, mapped with ``rules.tsv`` ``gsr_label``);
4. the same two tables for the 3-digit parent of a 4-digit code;
5. the PLOVER manual's table "PLOVER equivalents to CAMEO cue categories" for the 2-digit root
   (which also says that roots 01 and 02 are dropped).

Modes are kept only when the PLOVER manual's mode table or the NGEC codebook lists them for the type;
a "mode" that is really a context name moves to the contexts; contexts are kept only when the manual
lists them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from eventwire.extract.events.lexicon import PLOVER_TYPES

from .report import Report
from .rules import Rules


@dataclass(frozen=True, slots=True)
class Mapping:
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    via: str
    """Which table gave the mapping (for the report)."""


@dataclass(frozen=True, slots=True)
class _Row:
    event: str
    mode: str | None
    contexts: tuple[str, ...]


def _clean(cell: str) -> str | None:
    cell = cell.strip()
    return None if cell in ("", "---") else cell


def _contexts(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(c.strip() for c in cell.split(";") if c.strip() and c.strip() != "---")


def parse_2021(text: str) -> dict[str, _Row]:
    """``CAMEO2PLOVER-2021.txt``: ``code: EVENT, mode, context # description`` (first row of a code wins)."""
    table: dict[str, _Row] = {}
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{3,4}):\s*(.*)$", body)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split(",")]
        cells += [""] * (3 - len(cells))
        event = cells[0].upper()
        if m.group(1) not in table and event:
            table[m.group(1)] = _Row(event, _clean(cells[1]), _contexts(_clean(cells[2])))
    return table


def parse_cameo_plov(text: str) -> dict[str, _Row]:
    """``CAMEO-PLOV.txt``: fixed-width rows ``CAMEO  event  mode  context  description``."""
    table: dict[str, _Row] = {}
    for line in text.splitlines():
        if not re.match(r"^\d{3,4}\s", line):
            continue
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) < 4:
            continue
        code, event, mode, context = cells[:4]
        if code not in table:
            table[code] = _Row(event.upper(), _clean(mode), _contexts(_clean(context)))
    return table


def _unlatex(s: str) -> str:
    s = re.sub(r"\\hyperref\[[^]]*\]\{([^}]*)\}", r"\1", s)
    s = re.sub(r"\\[a-z]+\{([^}]*)\}", r"\1", s)
    return s.replace("\\_", "_").strip()


def manual_modes(tex: str) -> dict[str, set[str]]:
    """PLOVER type -> mode names from the manual's mode tables (``\\caption{X modes}`` ... ``\\end{tabular}``)."""
    out: dict[str, set[str]] = {}
    for m in re.finditer(r"\\caption\{([^\n]*?)\}\s*\\begin\{center\}(.*?)\\end\{tabular\}", tex, re.S):
        caption = _unlatex(m.group(1))
        words = caption.replace("{", " ").split()
        if len(words) < 2 or "modes" not in caption or words[0].upper() not in PLOVER_TYPES:
            continue
        modes = out.setdefault(words[0].upper(), set())
        for row in m.group(2).splitlines():
            row = row.strip()
            if "&" not in row or row.startswith("%"):
                continue
            name = _unlatex(row.split("&", 1)[0])
            if name and name != "Name" and re.fullmatch(r"[a-z][a-z_-]*", name):
                modes.add(name)
    return out


def manual_contexts(tex: str) -> set[str]:
    """Context names from the manual's "General contexts" table."""
    m = re.search(
        r"\\caption\{General contexts.*?\\end\{longtable\}|\\caption\{General contexts.*?\\end\{tabular\}", tex, re.S
    )
    if not m:
        return set()
    out = set()
    for row in m.group(0).splitlines():
        if "&" in row and not row.strip().startswith("%"):
            name = _unlatex(row.split("&", 1)[0])
            if re.fullmatch(r"[a-z][a-z_]*", name):
                out.add(name)
    return out


def manual_roots(tex: str) -> dict[str, list[tuple[str, str]]]:
    """CAMEO root -> [(third-digit range "1-3" or "", PLOVER label)] from "PLOVER equivalents to CAMEO cue categories"."""
    m = re.search(r"\\caption\{PLOVER equivalents to CAMEO cue categories\}(.*?)\\end\{tabular\}", tex, re.S)
    out: dict[str, list[tuple[str, str]]] = {}
    if not m:
        return out
    for row in m.group(1).splitlines():
        cells = [c.strip() for c in row.replace("\\\\", "").split("&")]
        if len(cells) != 3 or not re.fullmatch(r"\d\d", cells[0]):
            continue
        rng = re.search(r"\((\d{3}) to (\d{3})\)", cells[1])
        label = cells[2].split()[0].upper() if cells[2] else ""
        out.setdefault(cells[0], []).append((f"{rng.group(1)[2]}-{rng.group(2)[2]}" if rng else "", label))
    return out


def codebook_modes(path: Path) -> dict[str, set[str]]:
    """PLOVER type -> modes in the NGEC structured codebook (``event,mode,...``)."""
    out: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            event, mode = (row.get("event") or "").strip().upper(), (row.get("mode") or "").strip()
            if event and mode:
                out.setdefault(event, set()).add(mode)
    return out


class Crosswalk:
    """Resolves CAMEO codes; every decision is counted in the report."""

    def __init__(
        self,
        rules: Rules,
        table_2021: dict[str, _Row],
        table_plov: dict[str, _Row],
        roots: dict[str, list[tuple[str, str]]],
        modes: dict[str, set[str]],
        contexts: set[str],
        report: Report,
    ) -> None:
        self.rules = rules
        self.t2021 = table_2021
        self.tplov = table_plov
        self.roots = roots
        self.modes = modes
        self.known_contexts = contexts
        self.report = report
        self.labels = rules.table("gsr_label")
        self.overrides = rules.table("crosswalk_override")
        self._cache: dict[str, Mapping | None] = {}

    def _label(self, event: str) -> tuple[str | None, str | None]:
        """A table label -> (current PLOVER type, mode implied by the label)."""
        mapped = self.labels.get(event, event)
        kind, _, mode = mapped.partition(":")
        return (kind if kind in PLOVER_TYPES else None), (mode or None)

    def _finish(self, code: str, event: str, mode: str | None, contexts: tuple[str, ...], via: str) -> Mapping | None:
        kind, label_mode = self._label(event)
        if kind is None:
            self.report.count("CAMEO codes without a PLOVER type in the tables", f"{code} ({event})")
            return None
        mode = mode or label_mode
        ctx = list(contexts)
        if (
            mode is not None
            and mode.replace("-", "_") in self.known_contexts
            and mode not in self.modes.get(kind, set())
        ):
            self.report.count("Crosswalk modes that are PLOVER contexts (moved to contexts)", f"{code} {kind}:{mode}")
            ctx.append(mode.replace("-", "_"))
            mode = None
        if mode is not None and mode not in self.modes.get(kind, set()):
            self.report.count(
                "Crosswalk modes not in the PLOVER manual or codebook for the type (mode dropped)", f"{kind}:{mode}"
            )
            mode = None
        kept = []
        for c in ctx:
            if c in self.known_contexts:
                kept.append(c)
            else:
                self.report.count("Crosswalk contexts not in the PLOVER manual (dropped)", c)
        return Mapping(kind, mode, tuple(dict.fromkeys(kept)), via)

    def _lookup(self, code: str) -> Mapping | None:
        if code in self.overrides:
            kind, _, mode = self.overrides[code].partition(":")
            base = self.t2021.get(code)
            return self._finish(code, kind, mode or None, base.contexts if base else (), "override")
        for candidate, suffix in ((code, ""), (code[:3], " (parent code)")):
            if len(candidate) < 3 or (suffix and candidate == code):
                continue
            if candidate in self.t2021:
                row = self.t2021[candidate]
                return self._finish(code, row.event, row.mode, row.contexts, "CAMEO2PLOVER-2021" + suffix)
            if candidate in self.tplov:
                row = self.tplov[candidate]
                return self._finish(code, row.event, row.mode, row.contexts, "CAMEO-PLOV" + suffix)
        root = code[:2]
        for rng, label in self.roots.get(root, []):
            if rng and len(code) >= 3:
                lo, hi = rng.split("-")
                if not lo <= code[2] <= hi:
                    continue
            if label == "DROPPED":
                self.report.count("CAMEO codes dropped (PLOVER drops their root)", f"root {root}")
                return None
            return self._finish(code, label, None, (), "manual root table")
        self.report.count("CAMEO codes without a PLOVER type in the tables", code)
        return None

    def resolve(self, code: str) -> Mapping | None:
        """PLOVER mapping of a CAMEO code (``042``, ``0256``), or None when PLOVER has no type for it."""
        if code not in self._cache:
            self._cache[code] = self._lookup(code)
            m = self._cache[code]
            self.report.count("CAMEO codes resolved, by table", m.via if m else "no PLOVER type")
        return self._cache[code]
