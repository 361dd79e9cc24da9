"""Agent dictionaries -> sector words (``agents.tsv``), non-actors (``non_actors.tsv``), regions.

``ngec/PLOVER_agents.txt`` is already coded in PLOVER sectors and wins; ``petrarch2/Phoenix.agents.txt``
(CAMEO role codes, mapped through rules.tsv) adds the phrases it lacks. Syntax, one entry a line:
``PHRASE {PLURALS} [~CODE]``; ``~CODE`` is appended to the country of the noun phrase, ``CODE~`` put
before it; ``{}`` = no plural, ``{X}`` = irregular plural; ``!SET! = A, B`` substitution sets expand
in place (``CONGRESS!PERSON!``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .codes import CodeMapper
from .report import Report
from .rules import Rules
from .syntax import content_lines, display_words, phrase_words

PLOVER_AGENTS = "ngec/PLOVER_agents.txt"
PHOENIX_AGENTS = "petrarch2/Phoenix.agents.txt"
NON_ACTOR_CODES = frozenset({"NON", "JNK"})


@dataclass(frozen=True)
class AgentEntry:
    words: tuple[str, ...]
    """Upper-case words of the phrase (substitutions expanded)."""
    plurals: tuple[str, ...] | None
    """None = regular plural; () = none; else the listed forms (lower case)."""
    prefix: str
    suffix: str
    source: str
    line: int


def parse_agents(text: str, source: str, report: Report) -> list[AgentEntry]:
    subs: dict[str, list[str]] = {}
    out: list[AgentEntry] = []
    for ln in content_lines(text):
        content = ln.content.strip()
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", content)
        if m:
            subs[m.group(1)] = [v.strip() for v in m.group(2).split(",") if v.strip()]
            continue
        code_m = re.search(r"\[([^\]}]*)[\]}]\s*$", content)
        if not code_m:
            report.drop(source, ln.number, "agent without a [code]", ln.raw)
            continue
        if code_m.group(0).rstrip().endswith("}"):
            report.count("Agent codes repaired", f"{source}: [{code_m.group(1)}}}")
        code = code_m.group(1).strip()
        head = content[: code_m.start()].strip()
        plurals: tuple[str, ...] | None = None
        pm = re.search(r"\{([^}]*)\}", head)
        if pm:
            plurals = tuple(" ".join(w.lower() for w in phrase_words(p)) for p in pm.group(1).split())
            head = head[: pm.start()].strip()
        prefix, _, suffix = code.partition("~") if "~" in code else ("", "", code)
        if not re.fullmatch(r"(?:[A-Z]{3})*", prefix) or not re.fullmatch(r"(?:[A-Z]{3})+", suffix or prefix):
            report.drop(source, ln.number, "agent code is not ~ABC or ABC~", ln.raw)
            continue
        for phrase in _expand(head, subs):
            words = tuple(phrase_words(phrase))
            if words:
                out.append(AgentEntry(words, plurals, prefix, suffix, source, ln.number))
    return out


def _expand(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    markers = re.findall(r"![A-Z]+!", phrase)
    if not markers:
        return [phrase]
    options = [subs.get(m, [m]) for m in markers]
    out = []
    for combo in itertools.product(*options):
        text = phrase
        for marker, value in zip(markers, combo, strict=True):
            text = text.replace(marker, value, 1)
        out.append(text)
    return out


@dataclass(frozen=True)
class AgentRow:
    phrase: str
    sector: str | None
    kind: str
    sectors: tuple[str, ...]
    country: str | None
    plurals: tuple[str, ...] | None
    code: str
    source: str

    def cells(self) -> list[str]:
        plural = "+" if self.plurals is None else ("|".join(self.plurals) or "-")
        return [
            self.phrase,
            self.sector or "-",
            self.kind,
            "-",
            "|".join(self.sectors) or "-",
            self.country or "-",
            plural,
            self.code,
            self.source,
        ]


def _head(words: tuple[str, ...], prepositions: frozenset[str]) -> str:
    """Head noun of an agent phrase: the last word before its first preposition ("MINISTRY OF HEALTH" -> MINISTRY)."""
    for i, w in enumerate(words):
        if i > 0 and w in prepositions:
            return words[i - 1]
    return words[-1]


def _singular_phrase(words: tuple[str, ...]) -> str:
    return " ".join(w.lower() for w in words)


def compile_agents(
    entries: list[AgentEntry], mapper: CodeMapper, rules: Rules, report: Report
) -> tuple[list[AgentRow], list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Agent rows, non-actor rows ``(phrase, reason, source)`` and regional constructs ``(name, source)``."""
    kinds = rules.table("agent_kind")
    regional_heads = rules.words("regional_head")
    rows: dict[str, AgentRow] = {}
    non_actors: dict[str, tuple[str, str, str]] = {}
    regions: dict[str, tuple[str, str]] = {}
    for e in entries:
        phrase = _singular_phrase(e.words)
        vocabulary = "plover" if e.source == PLOVER_AGENTS else "cameo"
        roles = e.suffix
        if roles in NON_ACTOR_CODES and vocabulary == "plover":
            if e.words[-1] in regional_heads:
                regions.setdefault(phrase, (display_words(list(e.words)), e.source))
            else:
                non_actors.setdefault(phrase, (phrase, roles, e.source))
            continue
        country: str | None = None
        if e.prefix:
            country, used = mapper.country_of(e.prefix)
            if used != len(e.prefix):
                report.drop(
                    e.source, e.line, f"agent prefix code {e.prefix} is not a pseudo-country", " ".join(e.words)
                )
                continue
        sectors: tuple[str, ...] = ()
        if roles:
            pseudo = mapper.pseudo.get(roles[:3])
            if pseudo is not None:  # PLOVER_agents ~NGO / ~IGO / ~IMG: a pseudo-country, not a sector
                country = country or pseudo
                roles = roles[3:]
            sectors = mapper.roles(roles, vocabulary, country) if roles else ()
            if roles and not sectors:
                report.count("Agent codes with no PLOVER sector (row kept without sector)", f"{vocabulary}: ~{roles}")
        kind = kinds.get(_head(e.words, rules.words("preposition")), "person")
        code = (e.prefix + "~" if e.prefix else "~") + e.suffix if e.prefix or e.suffix else "-"
        row = AgentRow(phrase, sectors[0] if sectors else None, kind, sectors, country, e.plurals, code, e.source)
        if phrase in rows:
            old = rows[phrase]
            if (old.sector, old.country) != (row.sector, row.country):
                report.count(
                    "Agent phrases coded differently (PLOVER_agents wins over Phoenix; first line wins within a file)",
                    f"{old.source.split('/')[0]} vs {e.source.split('/')[0]}",
                )
            continue
        rows[phrase] = row
    return (
        sorted(rows.values(), key=lambda r: r.phrase),
        sorted(non_actors.values()),
        sorted(regions.values()),
    )
