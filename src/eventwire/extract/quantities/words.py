"""Word knowledge for the quantities stage: number words, vague amounts, hedges, categories.

The words live in TSV files under ``eventwire/knowledge/quantities/`` (each with a header comment
giving its format); this module loads them once into a :class:`QuantityLexicon` and turns number
tokens into values. Users extend the lists by passing extra directories to :func:`load_lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import get_args

from ...records import Qualifier, QuantityCategory

_DIR = "knowledge/quantities"
FILE_NAMES = ("number_words.tsv", "vague_amounts.tsv", "hedges.tsv", "categories.tsv", "context_words.tsv")
SHIPPED_FILES = tuple(f"quantities/{name}" for name in FILE_NAMES)
"""The shipped files, relative to the knowledge folder."""

# "430", "5,000", "1.5", "25,000.75"; thousands separators must be well placed.
DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
# "30-40", "30–40": a range written as one token.
DIGIT_RANGE = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[-–]((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")

# The record contract's Literal types are the one list of allowed values.
_QUALIFIERS: frozenset[str] = frozenset(get_args(Qualifier))
_CATEGORIES: frozenset[str] = frozenset(get_args(QuantityCategory))


@dataclass(frozen=True, slots=True)
class Vague:
    """A vague amount ("dozens"): the range a reader would accept for it."""

    low: float
    high: float | None
    needs_category: bool


@dataclass(frozen=True, slots=True)
class Hedge:
    """Words that qualify a number ("at least", "or more")."""

    qualifier: Qualifier
    bound: str
    """Which end of the range the number fixes: low | high | none."""


@dataclass(frozen=True, slots=True)
class CategoryRule:
    category: QuantityCategory
    condition: str
    """"" | crossing | return | subject | protest | suffered (see categories.tsv)."""


@dataclass(frozen=True)
class QuantityLexicon:
    """Everything the quantities stage looks up, as sets and dicts keyed by lower-case words (read-only once loaded)."""

    units: dict[str, float] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    vague: dict[tuple[str, ...], Vague] = field(default_factory=dict)
    hedges_before: dict[tuple[str, ...], Hedge] = field(default_factory=dict)
    hedges_after: dict[tuple[str, ...], Hedge] = field(default_factory=dict)
    verbs: dict[str, CategoryRule] = field(default_factory=dict)
    nouns: dict[str, CategoryRule] = field(default_factory=dict)
    defaults: dict[str, CategoryRule] = field(default_factory=dict)
    lists: dict[str, set[str]] = field(default_factory=dict)
    currencies: dict[str, str] = field(default_factory=dict)

    def words(self, name: str) -> set[str]:
        """One of the word lists of ``context_words.tsv`` (empty if unknown)."""
        return self.lists.get(name, set())

    @property
    def max_vague(self) -> int:
        return max((len(k) for k in self.vague), default=1)

    @property
    def max_hedge(self) -> int:
        return max((len(k) for k in (*self.hedges_before, *self.hedges_after)), default=1)

    def number_value(self, words: Sequence[str]) -> float | None:
        """Value of a run of number tokens ("1.5 million", "two hundred and five", "twenty-five").

        Returns None if a word is not a number word.
        """
        total = 0.0
        current = 0.0
        seen = False
        for raw in words:
            w = raw.lower()
            if w in ("and", "-", "–"):
                continue
            if w in ("a", "an"):
                current = max(current, 1.0)
                seen = True
                continue
            parts = [x for x in w.split("-") if x] if "-" in w and not DIGITS.match(w) else [w]
            for part in parts:
                if DIGITS.match(part):
                    current += float(part.replace(",", ""))
                elif part in self.units:
                    current += self.units[part]
                elif part in self.scales:
                    scale = self.scales[part]
                    current = (current or 1.0) * scale
                    if scale >= 1000:
                        total += current
                        current = 0.0
                else:
                    return None
                seen = True
        # Rounded so that "76.74 lakh" is 7674000, not 7673999.999999999.
        return round(total + current, 6) if seen else None

    def is_number_word(self, word: str) -> bool:
        """True for a digit token or a (possibly hyphenated) number word."""
        w = word.lower()
        if DIGITS.match(w):
            return True
        if w in self.units or w in self.scales:
            return True
        if "-" in w:
            parts = [p for p in w.split("-") if p]
            return len(parts) > 1 and all(p in self.units for p in parts)
        return False


def _rows(path: Path | str, text: str | None = None) -> Iterator[list[str]]:
    body = text if text is not None else Path(path).read_text(encoding="utf-8")
    for line in body.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.rstrip("\n").split("\t")


def _read(name: str, extra_dirs: Iterable[Path]) -> Iterator[list[str]]:
    yield from _rows(name, files("eventwire").joinpath(_DIR, name).read_text(encoding="utf-8"))
    for d in extra_dirs:
        p = Path(d) / name
        if p.exists():
            yield from _rows(p)


def _qualifier(value: str) -> Qualifier:
    if value not in _QUALIFIERS:
        raise ValueError(f"unknown qualifier {value!r} in hedges.tsv")
    return value  # type: ignore[return-value]


def _category(value: str) -> QuantityCategory:
    if value not in _CATEGORIES:
        raise ValueError(f"unknown category {value!r} in categories.tsv")
    return value  # type: ignore[return-value]


def load_lexicon(extra_dirs: Iterable[Path] = ()) -> QuantityLexicon:
    """Load the shipped word lists, plus same-named files from ``extra_dirs`` (added on top)."""
    extra = list(extra_dirs)
    lex = QuantityLexicon()
    for word, value, kind in _read("number_words.tsv", extra):
        (lex.scales if kind == "scale" else lex.units)[word] = float(value)
    for row in _read("vague_amounts.tsv", extra):
        phrase, low, high, needs = ([*row, "", "", "", ""])[:4]
        lex.vague[tuple(phrase.split())] = Vague(float(low), float(high) if high else None, needs == "yes")
    for phrase, position, qualifier, bound in _read("hedges.tsv", extra):
        target = lex.hedges_before if position == "before" else lex.hedges_after
        target[tuple(phrase.split())] = Hedge(_qualifier(qualifier), bound)
    for row in _read("categories.tsv", extra):
        lemma, pos, category = row[:3]
        rule = CategoryRule(_category(category), row[3] if len(row) > 3 else "")
        {"verb": lex.verbs, "noun": lex.nouns, "default": lex.defaults}[pos][lemma] = rule
    for row in _read("context_words.tsv", extra):
        lex.lists.setdefault(row[0], set()).add(row[1])
        if row[0] == "currency":
            lex.currencies[row[1]] = row[2]
    return lex


__all__ = [
    "DIGITS",
    "DIGIT_RANGE",
    "SHIPPED_FILES",
    "CategoryRule",
    "Hedge",
    "QuantityLexicon",
    "Vague",
    "load_lexicon",
]
