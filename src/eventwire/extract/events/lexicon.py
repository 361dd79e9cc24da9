"""Loader for the events stage's knowledge files (``knowledge/events/*.tsv``).

The files are data, not code: ``verbs.tsv`` and ``nouns.tsv`` map lemmas to PLOVER types and modes
(with optional conditions), ``words.tsv`` holds the closed word classes (reporting verbs, light
verbs, modal auxiliaries, ...) and ``contexts.tsv`` the context cue words. Users can pass folders
with extra files of the same names to :func:`load_lexicon` (their rows are added).

:class:`WordClasses` is the lexicon's closed word classes as attributes, the form the argument,
time and status readers of the events stage take them in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ...errors import KnowledgeError

PLOVER_TYPES = frozenset(
    [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ]
)
CONDITION_KEYS = frozenset({"prt", "obj", "prep", "xcomp", "xtype", "comp", "src", "amod", "subj", "pobj"})
FILE_NAMES = ("verbs.tsv", "nouns.tsv", "words.tsv", "contexts.tsv")
COMPILED_FILES = ("cameo_verbs.tsv", "derived_nouns.tsv")
"""Files compiled by ``make knowledge`` (docs/knowledge.md): a fallback after the hand-made rows
(CAMEO verb patterns; nouns derived from the hand-made event verbs)."""
BARE_VERB_MIN_CONFIDENCE = 0.55
"""Compiled bare verbs below this prior (0.50: a synonym of the verb a block is named after, with no
code of its own) are left out: the block's code is a guess for a synonym ("affect" in the INFLUENCE
block -> SUPPORT). The verb a block is named after (0.55: ``--- KIDNAP [181] ---``) keeps it."""
SHIPPED_FILES = tuple(f"events/{name}" for name in (*FILE_NAMES, *COMPILED_FILES))
"""The shipped files, relative to the knowledge folder."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: a lemma read as a PLOVER type and mode when its conditions hold."""

    lemma: str
    type: str
    mode: str | None
    conditions: tuple[tuple[str, frozenset[str]], ...]
    """``(key, allowed values)`` pairs, all of which must hold; ``*`` means any value."""
    confidence: float
    compiled: bool = False
    """A row of ``cameo_verbs.tsv`` (tried only after every hand-made row of its lemma)."""
    bare: bool = False
    """A compiled bare verb line (no pattern): codes only a complete dyad, as PETRARCH2 does."""
    reversed: bool = False
    """CAMEO ``[A:P]``: the verb's subject is the recipient, the other party the actor."""
    contexts: tuple[str, ...] = ()
    cameo: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """The compiled knowledge of the events stage (read-only once loaded)."""

    verbs: dict[str, list[Entry]] = field(default_factory=dict)
    """Verb (and predicative adjective) lemma -> entries, most specific first."""
    nouns: dict[str, list[Entry]] = field(default_factory=dict)
    """Event noun lemma -> entries, most specific first."""
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    """Closed word class name -> lemmas."""
    light_patterns: dict[str, list[Entry]] = field(default_factory=dict)
    """Light verb lemma -> its compiled CAMEO patterns with an object ("take hostages", "issue a
    warning", "give asylum"): read only when the object noun has no noun entry of its own (the noun
    says what the event is; the dictionary's pattern decides where the noun lexicon is silent)."""
    contexts: list[tuple[str, tuple[str, ...], bool]] = field(default_factory=list)
    """``(context, cue lemmas, paragraph scope)``."""

    def word_class(self, name: str) -> frozenset[str]:
        """Lemmas of a closed word class (empty if the class is unknown)."""
        return self.words.get(name, frozenset())


def _rows(text: str, source: str) -> Iterator[list[str]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2:
            raise KnowledgeError(f"{source}:{n}: expected tab-separated columns, got {line!r}", code="EW205")
        yield cols


def _conditions(spec: str, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    if spec in ("", "-"):
        return ()
    out: list[tuple[str, frozenset[str]]] = []
    for part in spec.split(";"):
        key, _, values = part.partition("=")
        key = key.strip()
        if key not in CONDITION_KEYS or not values:
            raise KnowledgeError(f"{where}: bad condition {part!r} (keys: {sorted(CONDITION_KEYS)})", code="EW205")
        out.append((key, frozenset(v.strip() for v in values.split("|"))))
    return tuple(out)


def _entries(text: str, source: str) -> Iterator[Entry]:
    for n, cols in enumerate(_rows(text, source), 1):
        cols += ["-"] * (5 - len(cols))
        lemma, etype, mode, when, conf = cols[:5]
        where = f"{source} row {n}"
        if etype not in PLOVER_TYPES:
            raise KnowledgeError(f"{where}: unknown PLOVER type {etype!r}", code="EW205")
        yield Entry(
            lemma=lemma.lower(),
            type=etype,
            mode=None if mode in ("", "-") else mode,
            conditions=_conditions(when, where),
            confidence=float(conf) if conf not in ("", "-") else 0.6,
        )


def _index(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    table: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        table[e.lemma].append(e)
    # More specific rows first; the sort is stable so file order breaks ties.
    return {k: sorted(v, key=lambda e: -len(e.conditions)) for k, v in table.items()}


def _compiled_entries(extra_dirs: tuple[Path, ...]) -> Iterator[Entry]:
    """Rows of the shipped ``cameo_verbs.tsv`` (and same-named user files) as lexicon entries."""
    from ...knowledge import compiled

    paths: list[Path | None] = [None, *(Path(d) / "cameo_verbs.tsv" for d in extra_dirs)]
    for path in paths:
        if path is not None and not path.exists():
            continue
        for r in compiled.read_verb_patterns(path):
            if r.type not in PLOVER_TYPES:
                continue
            if r.via == "verb" and r.confidence < BARE_VERB_MIN_CONFIDENCE:
                continue  # a bare verb coded only through its synonym block ("die" in a 190 block)
            yield Entry(
                lemma=r.lemma.lower(),
                type=r.type,
                mode=r.mode,
                conditions=r.conditions,
                confidence=r.confidence,
                compiled=True,
                bare=r.via == "verb",
                reversed=r.dyad == "reversed",
                contexts=r.contexts,
                cameo=r.cameo,
            )


def _derived_noun_entries() -> Iterator[Entry]:
    """Rows of ``derived_nouns.tsv`` ("deportation" from "deport") as noun entries."""
    from ...knowledge import compiled

    for r in compiled.read_derived_nouns():
        if r.type in PLOVER_TYPES:
            yield Entry(lemma=r.lemma, type=r.type, mode=r.mode, conditions=(), confidence=r.confidence, compiled=True)


def _with_fallback(hand: dict[str, list[Entry]], fallback: dict[str, list[Entry]]) -> dict[str, list[Entry]]:
    """Hand-made rows of a lemma first (most specific first), then its compiled rows.

    The two lists are ordered apart: sorted together, a broad compiled pattern with more conditions
    would shadow a curated row (docs/knowledge.md, wiring plan).
    """
    out = dict(hand)
    for lemma, rows in fallback.items():
        out[lemma] = [*hand.get(lemma, []), *rows]
    return out


def _read(name: str) -> str:
    return resources.files("eventwire").joinpath("knowledge", "events", name).read_text(encoding="utf-8")


def load_lexicon(*extra_dirs: Path, compiled: bool = True) -> Lexicon:
    """Load the shipped event lexicon, plus same-named files from each folder of ``extra_dirs`` (appended).

    With ``compiled`` (the default) the verb patterns compiled from CAMEO (``cameo_verbs.tsv``) follow
    the hand-made rows of each lemma, and the nouns derived from the event verbs
    (``derived_nouns.tsv``) the hand-made nouns (precedence: user and hand-made rows > compiled rows).
    """
    texts: dict[str, list[tuple[str, str]]] = {}
    for name in FILE_NAMES:
        texts[name] = [(_read(name), name)]
        for extra in extra_dirs:
            p = Path(extra) / name
            if p.exists():
                texts[name].append((p.read_text(encoding="utf-8"), str(p)))
    words: dict[str, set[str]] = defaultdict(set)
    for t, s in texts["words.tsv"]:
        for cols in _rows(t, s):
            words[cols[0]].add(cols[1].lower() if cols[0] != "nonstate" else cols[1])
    contexts: list[tuple[str, tuple[str, ...], bool]] = []
    for t, s in texts["contexts.tsv"]:
        for cols in _rows(t, s):
            scope = cols[2] if len(cols) > 2 else "sent"
            contexts.append((cols[0], tuple(cols[1].lower().split()), scope == "para"))
    light_rows = (
        [e for e in _compiled_entries(tuple(extra_dirs)) if e.lemma in words["light"] and not e.bare]
        if compiled
        else []
    )
    return Lexicon(
        light_patterns=_index(e for e in light_rows if any(k == "obj" for k, _ in e.conditions)),
        verbs=_with_fallback(
            _index(e for t, s in texts["verbs.tsv"] for e in _entries(t, s)),
            _index(
                e
                for e in (_compiled_entries(tuple(extra_dirs)) if compiled else ())
                # Reporting and light verbs have their own readings in the stage ("said", "took part
                # in talks"): a CAMEO row for "tell" or "take" would shadow them.
                if not any(
                    e.lemma in words[c] for c in ("reporting", "light", "planned", "aspect", "attempt", "stative")
                )
            ),
        ),
        nouns=_with_fallback(
            _index(e for t, s in texts["nouns.tsv"] for e in _entries(t, s)),
            _index(_derived_noun_entries() if compiled else ()),
        ),
        words={k: frozenset(v) for k, v in words.items()},
        contexts=contexts,
    )


@dataclass(frozen=True)
class WordClasses:
    """The closed word classes of ``words.tsv`` and the context cues, as attributes (lemma sets)."""

    reporting: frozenset[str]
    light: frozenset[str]
    planned: frozenset[str]
    aspect: frozenset[str]
    attempt: frozenset[str]
    future: frozenset[str]
    hypothetical: frozenset[str]
    obligation: frozenset[str]
    phone: frozenset[str]
    stative: frozenset[str]
    collective: frozenset[str]
    conduct: frozenset[str]
    natural: frozenset[str]
    unnamed_doer: frozenset[str]
    casualty: frozenset[str]
    nonstate: frozenset[str]
    motion: frozenset[str]
    """Verbs of going somewhere: a CONSULT visit only when a state's representative goes."""
    weapon: frozenset[str]
    """Weapons whose use is an attack by someone, named or not ("two bombs exploded")."""
    protester: frozenset[str]
    """Nouns for people protesting: violence with them on one side is a PROTEST riot."""
    reciprocal: frozenset[str]
    """Verbs and nouns of two-sided violence ("clashed", "clashes")."""
    holding: frozenset[str]
    """What a party owns or occupies ("the offices of X"): an act done to it is done to the owner."""
    custody: frozenset[str]
    """Nouns of holding someone ("in police custody"): the holder did what was done to the held."""
    purpose: frozenset[str]
    """Nouns of an act's stated aim ("in protest against X"): their ``against``/``to`` phrase is the recipient."""
    hedge: frozenset[str]
    """Adverbs and adjectives that attribute the event to an account ("allegedly", "the alleged killing")."""
    sent_cues: tuple[tuple[str, tuple[str, ...]], ...]
    """``(context, cue lemmas)`` looked for in the event's sentence."""
    para_cues: tuple[tuple[str, tuple[str, ...]], ...]
    """``(context, cue lemmas)`` looked for in the event's paragraph."""

    @classmethod
    def of(cls, lex: Lexicon) -> WordClasses:
        w = lex.word_class
        return cls(
            reporting=w("reporting"),
            light=w("light"),
            planned=w("planned"),
            aspect=w("aspect"),
            attempt=w("attempt"),
            future=w("future"),
            hypothetical=w("hypothetical"),
            obligation=w("obligation"),
            phone=w("phone"),
            stative=w("stative"),
            collective=w("collective"),
            conduct=w("conduct"),
            natural=w("natural"),
            unnamed_doer=w("unnamed_doer"),
            casualty=w("casualty"),
            nonstate=w("nonstate"),
            motion=w("motion"),
            weapon=w("weapon"),
            protester=w("protester"),
            reciprocal=w("reciprocal"),
            holding=w("holding"),
            purpose=w("purpose"),
            hedge=w("hedge"),
            custody=w("custody"),
            sent_cues=tuple((c, cue) for c, cue, para in lex.contexts if not para),
            para_cues=tuple((c, cue) for c, cue, para in lex.contexts if para),
        )


__all__ = [
    "COMPILED_FILES",
    "CONDITION_KEYS",
    "PLOVER_TYPES",
    "SHIPPED_FILES",
    "Entry",
    "Lexicon",
    "WordClasses",
    "load_lexicon",
]
