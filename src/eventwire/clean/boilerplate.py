"""Boilerplate patterns (site chrome, share lines, bylines, photo credits) loaded from data files.

The patterns live in ``eventwire/knowledge/boilerplate/*.yaml`` (format described in the shipped
``patterns.yaml``); this module compiles them and answers two questions about a line: is the
whole line boilerplate (and why), and does it end in a photo credit. A pipeline compiles them once,
as part of its knowledge (``Knowledge.boilerplate``), and hands them to :func:`eventwire.clean.clean`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeError

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge" / "boilerplate"
"""Folder of the shipped boilerplate pattern files."""

MAX_CHROME_CHARS = 400
"""Lines longer than this are never whole-line boilerplate (keeps huge one-line inputs linear)."""

CREDIT_TAIL = 240
"""A photo credit is looked for only in this many characters at the end of a line."""

# What may stand right before a credit glued to a caption ("...is growing.JANE DOE/AGENCY").
_CAPTION_END = re.compile(r"""(?:^|[.!?"”’)\]]\s*|\s[—–-]\s*)$""")


@dataclass(frozen=True, slots=True)
class LineRule:
    """Whole-line boilerplate: ``regex`` matches from the start of a stripped line of at most ``max_words``."""

    reason: str
    max_words: int
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Compiled boilerplate knowledge."""

    rules: tuple[LineRule, ...]
    credit: re.Pattern[str] | None
    plea: re.Pattern[str] | None = None
    """A line that continues a donation or membership plea (first-person plural outlet talk)."""
    plea_after: frozenset[str] = frozenset()
    """Reasons of removed lines that open a plea."""
    plea_lines: int = 0
    """How many lines after the opening line a plea may run."""
    inline: tuple[tuple[str, re.Pattern[str]], ...] = ()
    """``(reason, regex)``: furniture glued inside a kept line ("... Kabul AFP Posted at Aug 16
    2021 04:31 PM Afghans ...", a caption sentence ending "Credit:Getty Images")."""

    def inline_spans(self, line: str) -> list[tuple[int, int, str]]:
        """``(start, end, reason)`` of the inline furniture in the stripped ``line``, in order, not
        overlapping; each span takes the whitespace after it."""
        found: list[tuple[int, int, str]] = []
        for reason, regex in self.inline:
            for m in regex.finditer(line):
                end = m.end()
                while end < len(line) and line[end].isspace():
                    end += 1
                if m.end() > m.start() and not any(a < end and m.start() < b for a, b, _ in found):
                    found.append((m.start(), end, reason))
        return sorted(found)

    def line_reason(self, line: str) -> str | None:
        """The removal reason when the stripped ``line`` is boilerplate as a whole, else None."""
        if len(line) > MAX_CHROME_CHARS:
            return None
        words = len(line.split())
        for rule in self.rules:
            if words <= rule.max_words and rule.regex.match(line):
                return rule.reason
        return None

    def split_credit(self, line: str) -> tuple[str, str] | None:
        """``(caption, credit)`` when the stripped ``line`` ends in a photo credit, else None.

        The caption part may be empty (a credit on a line of its own). A credit counts only when
        what stands before it ends a sentence, so "talks between the EU/NATO" is not a credit.
        """
        if self.credit is None:
            return None
        offset = max(0, len(line) - CREDIT_TAIL)
        m = self.credit.search(line, offset)
        while m is not None:
            tail = line[max(0, m.start() - 3) : m.start()]  # not the whole prefix: lines may be huge
            if m.group(0).startswith("(") or _CAPTION_END.search(tail):
                return line[: m.start()].rstrip(), line[m.start() :]
            m = self.credit.search(line, m.start() + 1)
        return None


def _compile(pattern: str, flags: int, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        raise KnowledgeError(f"bad regular expression {pattern!r}: {e}", path=where) from e


def _parse_inline(data: dict[str, Any], where: str) -> list[tuple[str, re.Pattern[str]]]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for group in data.get("inline") or []:
        try:
            reason = str(group["reason"])
            patterns = [str(p) for p in group["patterns"]]
        except (KeyError, TypeError, ValueError) as e:
            raise KnowledgeError(f"each `inline` group needs `reason` and `patterns` ({e})", path=where) from e
        flags = re.IGNORECASE if group.get("ignore_case", False) else 0
        for p in patterns:
            _compile(p, flags, where)
        out.append((reason, _compile("|".join(f"(?:{p})" for p in patterns), flags, where)))
    return out


def _parse(data: Any, where: str) -> tuple[list[LineRule], list[str], str]:
    if not isinstance(data, dict):
        raise KnowledgeError("expected a mapping with `lines`, `inline` and/or `credits`", path=where)
    rules: list[LineRule] = []
    for group in data.get("lines") or []:
        try:
            reason = str(group["reason"])
            max_words = int(group.get("max_words", 12))
            patterns = [str(p) for p in group["patterns"]]
        except (KeyError, TypeError, ValueError) as e:
            raise KnowledgeError(f"each `lines` group needs `reason` and `patterns` ({e})", path=where) from e
        flags = re.IGNORECASE if group.get("ignore_case", True) else 0
        for p in patterns:  # check each alone so an error names the bad pattern
            _compile(p, flags, where)
        regex = _compile("|".join(f"(?:{p})" for p in patterns), flags, where)
        rules.append(LineRule(reason, max_words, regex))
    credits = data.get("credits") or {}
    agencies = str(credits.get("agencies", ""))
    credit_patterns = [str(p).replace("{agencies}", agencies) for p in credits.get("patterns") or []]
    for p in credit_patterns:
        _compile(p, 0, where)
    return rules, credit_patterns, agencies


def load_boilerplate(paths: Iterable[Path]) -> Boilerplate:
    """Compile the boilerplate files at ``paths`` (e.g. ``[*shipped_files(), my_patterns]``)."""
    rules: list[LineRule] = []
    credit_patterns: list[str] = []
    inline: list[tuple[str, re.Pattern[str]]] = []
    plea_patterns: list[str] = []
    plea_after: set[str] = set()
    plea_lines = 0
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as e:
            raise KnowledgeError(f"cannot load boilerplate patterns: {e}", path=str(path)) from e
        more_rules, more_credits, _ = _parse(data, str(path))
        rules.extend(more_rules)
        credit_patterns.extend(more_credits)
        inline.extend(_parse_inline(data, str(path)))
        pleas = data.get("pleas") or {}
        if pleas:
            try:
                plea_after.update(str(r) for r in pleas["after"])
                plea_lines = max(plea_lines, int(pleas.get("max_lines", 6)))
                plea_patterns.extend(str(p) for p in pleas["patterns"])
            except (KeyError, TypeError, ValueError) as e:
                raise KnowledgeError(f"`pleas` needs `after` and `patterns` ({e})", path=str(path)) from e
            for p in plea_patterns:
                _compile(p, re.IGNORECASE, str(path))
    credit = re.compile("(?:" + "|".join(f"(?:{p})" for p in credit_patterns) + r")\s*$") if credit_patterns else None
    plea = re.compile("|".join(f"(?:{p})" for p in plea_patterns), re.IGNORECASE) if plea_patterns else None
    return Boilerplate(tuple(rules), credit, plea, frozenset(plea_after), plea_lines, tuple(inline))


def shipped_files() -> list[Path]:
    """The boilerplate pattern files that come with eventwire."""
    return sorted(KNOWLEDGE.glob("*.yaml"))


__all__ = ["MAX_CHROME_CHARS", "Boilerplate", "LineRule", "load_boilerplate", "shipped_files"]
