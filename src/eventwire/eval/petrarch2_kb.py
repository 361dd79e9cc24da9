"""The PETRARCH2 validation suite's actor dictionary, read as entries and turned into a test-time KB.

The suite's sentences are about fictional states (Arnor = ARN, Gondor = GON, ...) that eventwire's
knowledge base does not know, so without help most of its records have no actors and the event
coding cannot be judged. PETRARCH codes them with ``PETR.Validate.actors.txt``; the scorer does the
same for eventwire by writing that dictionary as an actor-KB file in the format
:func:`eventwire.extract.actors.kb.load_kb` reads (``# kind:`` TSV sections), loaded for the scorer's
run only. Nothing of it is shipped.

Dictionary format (PETRARCH / TABARI): an entry is a name line (``ARNOR_ [ARN]``; words joined by
``_`` or spaces, a trailing ``_`` = exact word, else each word is a prefix), then ``+SYNONYM``
lines and optionally indented code lines with date restrictions (``[HOBGOV 19950601 - 19990815]``,
``[HOB < 950601]``, ``[HOBREB > 990816]``). ``#`` starts a comment, ``<!-- -->`` lines are markers.

The KB rows:

* a code of three letters is a state actor (``countries`` row): name = its first dictionary name,
  aliases = the others; single-word names with an English demonym ending (-an, -ese, -ish, -i, -ch:
  ``ARNORIAN``, ``DANISH``) are also adjectives, so "Arnorian troops" is coded ARN;
* a longer code is country + sector (``ISRMIL`` -> ISR, MIL; ``organisations`` row, kind
  ``organisation``); the sector is the next three letters;
* an entry with date restrictions takes its undated code, else the open-ended latest (``> date``),
  else the last one; ``A/B`` codes take the first; discard codes (``---``, ``+++``) and codes that
  are not letters (``G77``) are left out.

Limits (stated in the scorer's notes): the KB matches whole names, where PETRARCH also matches word
prefixes (``ARGENTIN`` matches "Argentina"), and it has no dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .inputs import malformed, read_text

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_LETTERS = re.compile(r"^[A-Z]{3,}$")
_DEMONYM = re.compile(r"(?:AN|ESE|ISH|I|CH)$")


@dataclass
class DictEntry:
    """One dictionary entry: its names (first = the name line) and code lines (code, restriction)."""

    names: list[str]
    exact: list[bool]
    """Per name: a trailing ``_`` (the last word must match exactly, not as a prefix)."""
    codes: list[tuple[str, str]] = field(default_factory=list)
    line: int = 0

    def code(self) -> str | None:
        """The code the KB uses: undated, else open-ended latest, else last; None for discards."""
        if not self.codes:
            return None
        undated = [c for c, r in self.codes if not r]
        latest = [c for c, r in self.codes if r.startswith(">")]
        raw = (undated or latest or [self.codes[-1][0]])[0]
        code = raw.split("/")[0].strip().upper()
        return code if _LETTERS.match(code) else None


def _name_and_code(text: str) -> tuple[str, tuple[str, str] | None]:
    m = _CODE_BLOCK.search(text)
    name = (text[: m.start()] if m else text).strip()
    if m is None:
        return name, None
    parts = m.group(1).strip().split(None, 1)
    if not parts:
        return name, None
    return name, (parts[0], parts[1].strip() if len(parts) > 1 else "")


def read_dictionary(path: Path) -> list[DictEntry]:
    """The entries of a PETRARCH actor dictionary, in file order; EW404 if it has none."""
    entries: list[DictEntry] = []
    current: DictEntry | None = None
    for lineno, raw in enumerate(read_text(path).splitlines(), 1):
        line = raw.split("#", 1)[0]
        text = line.strip()
        if not text or text.startswith("<"):
            continue
        if text.startswith("["):
            _, code = _name_and_code(text)
            if current is not None and code is not None:
                current.codes.append(code)
            continue
        synonym = text.startswith("+")
        name, code = _name_and_code(text.lstrip("+"))
        if synonym and current is not None:
            if name:
                current.names.append(_display(name))
                current.exact.append(name.endswith("_"))
            if code is not None:
                current.codes.append(code)
            continue
        if not name:
            continue
        current = DictEntry([_display(name)], [name.endswith("_")], [code] if code else [], lineno)
        entries.append(current)
    if not entries:
        raise malformed("no actor entries (lines like 'ARNOR_ [ARN]')", path)
    return entries


def _display(name: str) -> str:
    """``PRESIDENT_GEORGE_W._BUSH`` -> ``President George W. Bush``; a short one-word name stays (``IMF``)."""
    words = [w for w in re.split(r"[_\s]+", name.strip()) if w]
    if len(words) == 1 and len(words[0]) <= 3:
        return words[0]
    return " ".join("-".join(p.capitalize() if p.isalpha() else p for p in w.split("-")) for w in words)


def kb_rows(entries: list[DictEntry]) -> tuple[list[list[str]], list[list[str]]]:
    """(countries rows, organisations rows) in the columns of the shipped KB files."""
    states: dict[str, list[str]] = {}
    orgs: list[list[str]] = []
    for e in entries:
        code = e.code()
        if code is None:
            continue
        if len(code) == 3:
            names = states.setdefault(code, [])
            names += [n for n in e.names if n not in names]
            continue
        sector = code[3:6] if len(code) >= 6 else "-"
        orgs.append([e.names[0], "|".join(e.names[1:]), code[:3], sector, "organisation"])
    countries: list[list[str]] = []
    for code, names in states.items():
        adjectives = [n for n in names if " " not in n and _DEMONYM.search(n.upper())]
        countries.append([code, names[0], "|".join(names[1:]), "|".join(adjectives), "", ""])
    return countries, orgs


def write_kb(dictionary: Path, out: Path) -> Path:
    """Write the dictionary at ``dictionary`` as one actor-KB file at ``out`` (TSV with kind sections)."""
    countries, orgs = kb_rows(read_dictionary(dictionary))
    lines = [f"# Test-time actor KB built from {dictionary.name} by eventwire.eval.petrarch2_kb (not shipped)."]
    for kind, rows in (("countries", countries), ("organisations", orgs)):
        lines.append(f"# kind: {kind}")
        lines += ["\t".join(row) for row in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


__all__ = ["DictEntry", "kb_rows", "read_dictionary", "write_kb"]
