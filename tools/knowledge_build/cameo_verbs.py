"""CAMEO.2.0.txt (PETRARCH2's verb dictionary) -> verb patterns with PLOVER types.

The dictionary has synonym sets (``&CURRENCY`` + members), verb blocks (``---  ATTACK  [190]  ---``,
then verb lines ``RUSH``, ``SPEED {SPEEDING SPEEDS SPED }``, ``+CALL_OFF [160]``) and patterns
(``- * (FOR {HUMANITARIAN AID})  [0233]  # ASK``). A pattern becomes a row for the verb its comment
names, with dependency conditions a lemma matcher can test:

=========================  ==========================================================
pattern element            condition
=========================  ==========================================================
noun before ``*``          ``subj=<head lemma>``
particle after ``*``       ``prt=<particle>`` (OUT, UP, OFF, ...)
noun after ``*``           ``obj=<head lemma>`` (``{FINANCIAL AID}`` -> ``financial aid``:
                           head last, the words before it modify it)
``(TO)``                   ``prep=to``
``(TO BORDER)``            ``pobj=to:border``
``&SYNSET``                every member of the set
=========================  ==========================================================

PETRARCH2 applies a block's patterns to every verb of the block. Rows keep the block's name instead
of repeating each pattern for every synonym (that would be ~36,000 mostly odd rows: "format a
demonstration"); a matcher that wants PETRARCH2's reading groups pattern rows by ``block``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .crosswalk import Crosswalk, Mapping
from .report import Report
from .rules import Rules
from .syntax import Line, content_lines, phrase_words, singulars

SOURCE = "petrarch2/CAMEO.2.0.txt"
MAX_VALUES = 200
"""Cap on the values one condition may list (synset products); larger ones are cut and reported."""

CONFIDENCE = {"pattern": 0.7, "verb_own": 0.6, "verb_head": 0.55, "verb_block": 0.5}
"""Priors (not measured): a pattern says more than a bare verb, a verb's own code more than its block's.
``verb_head``: the verb a block is named after (its first verb line, ``--- KIDNAP [181] ---``) carries
the block's code as its own meaning; the block's other verbs are synonyms whose fit is looser."""


@dataclass
class Verb:
    words: list[str]
    """Lower-case words; ``inflected`` is the verb itself, the rest are particles or objects."""
    inflected: int
    forms: list[str] | None
    """Forms listed in ``{}`` (lower case, words joined by spaces); None = regular forms."""
    code: str | None
    """The code on the verb's own line (raw), None = the block's."""
    line: int

    @property
    def lemma(self) -> str:
        return self.words[self.inflected]

    @property
    def key(self) -> str:
        return " ".join(self.words)


@dataclass
class Pattern:
    body: str
    code: str
    source_verb: str
    line: int


@dataclass
class Block:
    name: str
    code: str
    line: int
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Dictionary:
    synsets: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    transformations: int = 0


@dataclass(frozen=True)
class Row:
    lemma: str
    type: str
    mode: str | None
    when: str
    confidence: float
    cameo: str
    dyad: str
    contexts: tuple[str, ...]
    block: str
    via: str
    pattern: str

    def cells(self) -> list[str]:
        return [
            self.lemma,
            self.type,
            self.mode or "-",
            self.when or "-",
            f"{self.confidence:.2f}",
            self.cameo,
            self.dyad,
            "|".join(self.contexts) or "-",
            self.block,
            self.via,
            self.pattern or "-",
        ]


# -- parsing the file ---------------------------------------------------------------------------

_CODE_AT_END = re.compile(r"\[([^\]]*)\]\s*$")


def parse_dictionary(text: str, report: Report) -> Dictionary:
    d = Dictionary()
    # Section markers are comment lines ("####### VERB PATTERNS #######"), so find them first.
    markers = [
        (number, raw.strip("# \t").split()[0].upper())
        for number, raw in enumerate(text.splitlines(), 1)
        if raw.startswith("#######") and raw.strip("# \t")
    ]
    block: Block | None = None
    synset: str | None = None
    for ln in content_lines(text):
        section = ""
        for number, name in markers:
            if number < ln.number:
                section = name
        if section == "SYNONYM":
            content = ln.content.strip()
            if content.startswith("&"):
                synset = content.rstrip("_").strip()
                d.synsets[synset] = []
            elif content.startswith("+") and synset is not None:
                member = [w.lower() for w in phrase_words(content[1:])]
                if {"and", "or"} & set(member):
                    report.drop(SOURCE, ln.number, "synonym-set member with and/or (not one noun phrase)", ln.raw)
                else:
                    d.synsets[synset].append(" ".join(member))
            else:
                report.drop(SOURCE, ln.number, "synonym-set line outside a set", ln.raw)
        elif section == "VERB":
            block = _verb_section_line(d, block, ln, report)
        elif section == "TRANSFORMATIONS" and ln.content.strip().startswith("~"):
            d.transformations += 1
    return d


def _verb_section_line(d: Dictionary, block: Block | None, ln: Line, report: Report) -> Block | None:
    content = ln.content.strip()
    if content.startswith("---"):
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", content)
        if not m:
            report.drop(SOURCE, ln.number, "malformed block header", ln.raw)
            return block
        new = Block(m.group(1).upper(), m.group(2).strip(), ln.number)
        d.blocks.append(new)
        return new
    if block is None:
        report.drop(SOURCE, ln.number, "line before the first verb block", ln.raw)
        return block
    if content.startswith("-"):
        m = _CODE_AT_END.search(content)
        if not m:
            report.drop(SOURCE, ln.number, "pattern without a [code]", ln.raw)
            return block
        source_verb = ln.comment.split()[0].upper() if ln.comment.split() else ""
        block.patterns.append(Pattern(content[1 : m.start()].strip(), m.group(1).strip(), source_verb, ln.number))
        return block
    verb = _parse_verb(content, ln, report)
    if verb is not None:
        block.verbs.append(verb)
    return block


def _parse_verb(content: str, ln: Line, report: Report) -> Verb | None:
    code: str | None = None
    m = _CODE_AT_END.search(content)
    if m:
        code = m.group(1).strip()
        content = content[: m.start()].strip()
    forms: list[str] | None = None
    if "{" in content or "}" in content:
        head, brace, rest = content.partition("{")
        if not brace:  # "DETER DETERRED}": the opening brace is missing
            head, _, rest = content.partition(" ")
            report.count("CAMEO verb lines repaired", "forms list without '{'")
        forms = [" ".join(w.lower() for w in phrase_words(f.replace("+", ""))) for f in rest.rstrip("} ").split()]
        content = head.strip()
    token = content.split()[0] if content.split() else ""
    if not token:
        report.drop(SOURCE, ln.number, "empty verb line", ln.raw)
        return None
    parts = token.split("_")
    inflected = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    words = [w.lower() for w in phrase_words(token.replace("+", ""))]
    if not words:
        report.drop(SOURCE, ln.number, "empty verb line", ln.raw)
        return None
    return Verb(words, min(inflected, len(words) - 1), forms, code, ln.number)


# -- forms and verb lookup ----------------------------------------------------------------------


def regular_forms(word: str) -> list[str]:
    """PETRARCH2-style regular forms of a verb: +S/ES/IES, +ED/D, +ING."""
    w = word.lower()
    out = [w]
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        out += [w[:-1] + "ies", w[:-1] + "ied"]
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        out += [w + "es", w + "ed"]
    else:
        out.append(w + "s")
        out.append(w + "d" if w.endswith("e") else w + "ed")
    out.append(w[:-1] + "ing" if w.endswith("e") and not w.endswith("ee") else w + "ing")
    return out


def _verb_index(block: Block) -> dict[str, Verb]:
    """Every form of every verb of a block (words joined by ``_``, upper case) -> the verb."""
    index: dict[str, Verb] = {}
    for v in block.verbs:
        variants = list(v.forms or []) + [
            " ".join([*v.words[: v.inflected], f, *v.words[v.inflected + 1 :]]) for f in regular_forms(v.lemma)
        ]
        for form in [v.key, *variants]:
            index.setdefault(form.replace(" ", "_").upper(), v)
    return index


# -- conditions ---------------------------------------------------------------------------------


class Unusable(Exception):
    """A pattern or verb line that cannot become a condition set (the message is the report reason)."""


_DETERMINERS = frozenset({"A", "AN", "THE"})
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\*|[$+^%]|[^\s{}()*$^%]+")


class Conditions:
    """Builds the ``when`` column of a row."""

    def __init__(self) -> None:
        self.items: list[tuple[str, list[str]]] = []

    def add(self, key: str, values: list[str]) -> None:
        if len(values) > MAX_VALUES:
            values = values[:MAX_VALUES]
        self.items.append((key, list(dict.fromkeys(values))))

    def has(self, key: str) -> bool:
        return any(k == key for k, _ in self.items)

    def render(self) -> str:
        order = {"subj": 0, "prt": 1, "obj": 2, "prep": 3, "pobj": 4}
        items = sorted(self.items, key=lambda kv: order.get(kv[0], 9))
        return ";".join(f"{k}={'|'.join(v)}" for k, v in items)


class PatternReader:
    def __init__(self, synsets: dict[str, list[str]], rules: Rules, report: Report) -> None:
        self.synsets = synsets
        self.particles = rules.words("particle")
        self.prepositions = rules.words("preposition")
        self.report = report

    def _noun(self, token: str) -> list[str]:
        """Values (lower-case phrases, head last, head in singular and as written) of a noun element."""
        if token.startswith("{"):
            parts = [
                p
                for p in re.split(r"\s+", token.strip("{} "))
                if p and p not in "$+^%" and p.upper() not in _DETERMINERS
            ]
        else:
            parts = [token]
        options: list[list[str]] = []
        for part in parts:
            if part.startswith("&"):
                name = part.rstrip("_")
                if name not in self.synsets:
                    raise Unusable(f"unknown synonym set {name}")
                options.append(self.synsets[name])
            else:
                options.append([" ".join(w.lower() for w in phrase_words(part))])
        values: list[str] = []
        for combo in itertools.product(*options):
            words = " ".join(combo).split()
            if not words:
                continue
            if {"and", "or"} & set(words):
                raise Unusable("coordinated words in a noun phrase")
            for head in singulars(words[-1]):
                values.append(" ".join([*words[:-1], head]))
            if len(values) > MAX_VALUES:
                self.report.count("CAMEO pattern conditions cut to the value cap", f"{token}")
                break
        if not values:
            raise Unusable("empty noun phrase")
        return values

    def _group(self, tokens: list[str]) -> list[str]:
        """Merge runs of consecutive noun words into one noun phrase (TABARI reads "FIRST MOVE" as a
        sequence: modifier then head), leaving particles, prepositions and bracketed groups alone."""
        out: list[str] = []
        run: list[str] = []

        def flush() -> None:
            if run:
                out.append(run[0] if len(run) == 1 else "{" + " ".join(run) + "}")
                run.clear()

        for t in tokens:
            bare = not t.startswith(("{", "(", "*"))
            if bare and t.upper() not in self.particles | self.prepositions:
                run.append(t)
            else:
                flush()
                out.append(t)
        flush()
        return out

    def _pp(self, token: str, cond: Conditions) -> None:
        inner = [
            t
            for t in _TOKEN.findall(token.strip("() "))
            if t not in ("$", "+", "^", "%") and t.upper() not in _DETERMINERS
        ]
        if not inner:
            raise Unusable("empty parentheses")
        first = inner[0].upper()
        rest = self._group(inner[1:])
        if first in self.prepositions:
            if not rest:
                cond.add("prep", [first.lower()])
                return
            if len(rest) > 1:
                raise Unusable("prepositional phrase with more than one noun phrase")
            cond.add("pobj", [f"{first.lower()}:{v}" for v in self._noun(rest[0])])
            return
        if first in self.particles and rest and len(rest) == 1:
            cond.add("prt", [first.lower()])
            cond.add("obj", self._noun(rest[0]))
            return
        raise Unusable("parenthesised phrase that does not start with a preposition")

    def read(self, body: str, verb: Verb) -> str:
        """The ``when`` column for pattern ``body`` used with ``verb`` (whose own extra words count too)."""
        cond = Conditions()
        self.verb_extras(verb, cond)
        tokens = [t for t in _TOKEN.findall(body) if t not in ("$", "+", "^", "%") and t.upper() not in _DETERMINERS]
        if tokens.count("*") != 1:
            raise Unusable("pattern without exactly one '*'")
        star = tokens.index("*")
        before, after = self._group(tokens[:star]), self._group(tokens[star + 1 :])
        nouns_before = [t for t in before if not t.startswith("(")]
        if len(nouns_before) > 1:
            raise Unusable("more than one noun phrase before the verb")
        for t in before:
            if t.startswith("("):
                self._pp(t, cond)
            else:
                cond.add("subj", self._noun(t))
        for t in after:
            if t.startswith("("):
                self._pp(t, cond)
                continue
            word = t.upper()
            if ("prt", [word.lower()]) in cond.items:
                continue  # the particle of a multi-word verb, repeated in the pattern (LAY_DOWN: "* DOWN ARMS")
            if not t.startswith(("{", "&")) and word in self.particles and not cond.has("prt") and not cond.has("obj"):
                cond.add("prt", [word.lower()])
            elif not t.startswith(("{", "&")) and word in self.prepositions and word not in self.particles:
                cond.add("prep", [word.lower()])
            elif cond.has("obj"):
                raise Unusable("two noun phrases after the verb")
            else:
                cond.add("obj", self._noun(t))
        return cond.render()

    def verb_extras(self, verb: Verb, cond: Conditions) -> None:
        """Conditions from the words of a multi-word verb besides the verb itself (CALL_OFF -> prt=off)."""
        if verb.inflected > 0:
            raise Unusable("multi-word verb with words before the verb")
        extras = [w.upper() for w in verb.words[1:]]
        i = 0
        while i < len(extras):
            w = extras[i]
            nxt = extras[i + 1] if i + 1 < len(extras) else None
            if w in ("AND", "OR"):
                raise Unusable("coordinated verbs (TABARI leftover)")
            if w in self.prepositions and nxt is not None and nxt not in self.particles | self.prepositions:
                cond.add("pobj", [f"{w.lower()}:{v}" for v in singulars(nxt.lower())])
                i += 2
                continue
            if w in self.particles and not cond.has("prt"):
                cond.add("prt", [w.lower()])
            elif w in self.prepositions:
                cond.add("prep", [w.lower()])
            elif cond.has("obj"):
                raise Unusable("two noun phrases after the verb")
            else:
                cond.add("obj", singulars(w.lower()))
            i += 1


# -- rows ---------------------------------------------------------------------------------------


def split_code(raw: str) -> tuple[str | None, str | None, bool]:
    """``042:043`` -> (``042``, ``043``); ``:173`` -> (None, ``173``); ``---`` -> (None, None).

    The flag says a typo was repaired (``080!``).
    """
    cleaned = re.sub(r"[^0-9:\-]", "", raw)
    fixed = cleaned != raw.replace(" ", "")
    forward, _, reverse = cleaned.partition(":")

    def one(c: str) -> str | None:
        return c if re.fullmatch(r"\d{2,4}", c) else None

    return one(forward), one(reverse), fixed


def is_block_head(block: Block, verb: Verb) -> bool:
    """The verb a synonym block is named after: the block's first verb line, spelled as the block."""
    return bool(block.verbs) and block.verbs[0] is verb and block.name.lower() == verb.lemma


def compile_verbs(
    d: Dictionary, crosswalk: Crosswalk, rules: Rules, report: Report
) -> tuple[list[Row], list[list[str]]]:
    """Rows of ``cameo_verbs.tsv`` and ``cameo_verb_forms.tsv``."""
    reader = PatternReader(d.synsets, rules, report)
    rows: list[tuple[int, int, Row]] = []
    forms: list[list[str]] = []
    seen: set[tuple[str, str, str, str | None, str]] = set()
    order = itertools.count()

    def mappings(raw: str, what: str) -> list[tuple[str, str, Mapping]]:
        """(code, dyad, mapping) for each side of a code that PLOVER can type; the rest is counted."""
        forward, reverse, fixed = split_code(raw)
        if fixed:
            report.count("CAMEO codes repaired", raw)
        if forward is None and reverse is None:
            report.count("CAMEO entries with the null code [---] (code nothing)", what)
            return []
        out = []
        for code, dyad in ((forward, "forward"), (reverse, "reversed")):
            if code is None:
                continue
            m = crosswalk.resolve(code)
            if m is None:
                report.count(f"CAMEO {what}s left out: code has no PLOVER type", code)
            else:
                out.append((code, dyad, m))
        return out

    def emit(rank: int, row: Row) -> None:
        key = (row.lemma, row.when, row.type, row.mode, row.dyad)
        if key in seen:
            report.count("CAMEO rows merged (same lemma, conditions, type, mode, dyad)", row.via)
            return
        seen.add(key)
        rows.append((rank, next(order), row))

    for block in d.blocks:
        index = _verb_index(block)
        for verb in block.verbs:
            code = verb.code if verb.code is not None else block.code
            prt = verb.words[1] if len(verb.words) > 1 and verb.words[1].upper() in reader.particles else None
            forward, reverse, _ = split_code(code)
            forms.append(
                [
                    verb.lemma,
                    prt or "-",
                    block.name.lower(),
                    code if forward or reverse else "-",
                    "|".join(verb.forms) if verb.forms else "-",
                ]
            )
            typed = mappings(code, "bare verb")
            if not typed:
                continue
            try:
                cond = Conditions()
                reader.verb_extras(verb, cond)
            except Unusable as e:
                report.drop(SOURCE, verb.line, f"verb line: {e}", verb.key)
                continue
            conf = (
                CONFIDENCE["verb_own"]
                if verb.code is not None
                else CONFIDENCE["verb_head"]
                if is_block_head(block, verb)
                else CONFIDENCE["verb_block"]
            )
            for cameo, dyad, m in typed:
                emit(
                    1,
                    Row(
                        verb.lemma,
                        m.type,
                        m.mode,
                        cond.render(),
                        conf,
                        cameo,
                        dyad,
                        m.contexts,
                        block.name.lower(),
                        "verb",
                        "",
                    ),
                )
        for pat in block.patterns:
            typed = mappings(pat.code, "pattern")
            if not typed:
                continue
            verb_of = index.get(pat.source_verb.rstrip("_"))
            if verb_of is None and len(block.verbs) == 1:
                verb_of = block.verbs[0]  # one verb in the block: the pattern can only be its
            if verb_of is None:
                # The comment names a verb of another file ("# CONCLUDE" under CANCEL) or none: which
                # verb of the block the pattern was written for is unknown.
                report.drop(
                    SOURCE,
                    pat.line,
                    "pattern whose comment names no verb of its block",
                    f"- {pat.body} [{pat.code}] # {pat.source_verb}",
                )
                continue
            try:
                when = reader.read(pat.body, verb_of)
            except Unusable as e:
                report.drop(SOURCE, pat.line, f"pattern: {e}", f"- {pat.body} [{pat.code}]")
                continue
            shown = " ".join(pat.body.split())
            for cameo, dyad, m in typed:
                emit(
                    0,
                    Row(
                        verb_of.lemma,
                        m.type,
                        m.mode,
                        when,
                        CONFIDENCE["pattern"],
                        cameo,
                        dyad,
                        m.contexts,
                        block.name.lower(),
                        "pattern",
                        shown,
                    ),
                )
    if d.transformations:
        report.count("CAMEO entries not compiled", "transformations (verb-on-verb rules)", d.transformations)
    rows.sort(key=lambda t: (t[2].lemma, t[0], t[1]))
    return [r for _, _, r in rows], forms


def iter_patterns(d: Dictionary) -> Iterator[Pattern]:
    for block in d.blocks:
        yield from block.patterns
