"""Loader for the quote knowledge files in ``eventwire/knowledge/quotes/``.

The files are TSV with ``#`` comment lines (each says its format and source). Users may pass
folders with extra files of the same names; their lines are added to the shipped ones.

It lives in ``extract/common`` because two stage families read it: the quotes stage (cue verbs,
phrases, channels) and the contradictions stage (claim, contrast and negation words).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

CUE_KINDS = frozenset({"speech", "belief", "deny", "disagree"})
PHRASE_KINDS = frozenset({"source_prep", "statement", "particle"})
CHANNEL_KINDS = frozenset({"word", "outlet"})
WORD_KINDS = frozenset(
    {
        "claim_noun",
        "cue_noun",
        "light_verb",
        "contrast",
        "negation",
        "label",
        "better",
        "worse",
        "not_a_party",
        "distinct",
    }
)
FILE_NAMES = ("cue_verbs.tsv", "cue_phrases.tsv", "channels.tsv", "claim_words.tsv")
SHIPPED_FILES = tuple(f"quotes/{name}" for name in FILE_NAMES)
"""The shipped files, relative to the knowledge folder."""


@dataclass(frozen=True)
class CueVerb:
    """One cue verb: its kind and where its content may stand besides a that-clause."""

    lemma: str
    kind: str
    content: frozenset[str]


@dataclass(frozen=True)
class QuoteLexicon:
    """Everything the quote and contradiction stages look up, loaded once per pipeline."""

    verbs: dict[str, CueVerb]
    phrases: dict[tuple[str, ...], str]
    """Cue phrase as a tuple of lower-case words -> kind."""
    channels: dict[tuple[str, ...], str]
    """Channel phrase as a tuple of lower-case words -> kind (word | outlet)."""
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    """kind (claim_noun, contrast, negation, label, better, worse, not_a_party, distinct) -> lower-case words."""

    def is_channel(self, words: Iterable[str]) -> bool:
        """True when the lower-case word sequence contains a channel phrase (as whole words)."""
        seq = tuple(w.lower() for w in words)
        for n, phrases in self._channels_by_length.items():
            for k in range(len(seq) - n + 1):
                if seq[k : k + n] in phrases:
                    return True
        return False

    @cached_property
    def _channels_by_length(self) -> dict[int, frozenset[tuple[str, ...]]]:
        # One set probe per window and length instead of comparing every phrase at every position.
        by_length: dict[int, set[tuple[str, ...]]] = {}
        for phrase in self.channels:
            by_length.setdefault(len(phrase), set()).add(phrase)
        return {n: frozenset(v) for n, v in by_length.items()}


def _rows(text: str, name: str, ncols: int) -> Iterator[list[str]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) != ncols:
            raise ValueError(f"{name}:{lineno}: expected {ncols} tab-separated columns, got {len(cols)}")
        yield [c.strip() for c in cols]


def _read(name: str, extra_dirs: tuple[Path, ...]) -> str:
    text = resources.files("eventwire").joinpath("knowledge", "quotes", name).read_text(encoding="utf-8")
    for extra in extra_dirs:
        if (Path(extra) / name).exists():
            text += "\n" + (Path(extra) / name).read_text(encoding="utf-8")
    return text


def _checked(kind: str, allowed: frozenset[str], where: str) -> str:
    if kind not in allowed:
        raise ValueError(f"{where}: unknown kind {kind!r} (known: {', '.join(sorted(allowed))})")
    return kind


def load_lexicon(*extra_dirs: Path) -> QuoteLexicon:
    """Load the shipped quote lexicons, plus same-named files from each folder of ``extra_dirs``."""
    verbs: dict[str, CueVerb] = {}
    for lemma, kind, content in _rows(_read("cue_verbs.tsv", extra_dirs), "cue_verbs.tsv", 3):
        places = frozenset(c for c in content.split(",") if c and c != "none")
        verbs[lemma.lower()] = CueVerb(lemma.lower(), _checked(kind, CUE_KINDS, "cue_verbs.tsv"), places)
    phrases = {
        tuple(p.lower().split()): _checked(k, PHRASE_KINDS, "cue_phrases.tsv")
        for p, k in _rows(_read("cue_phrases.tsv", extra_dirs), "cue_phrases.tsv", 2)
    }
    channels = {
        tuple(p.lower().split()): _checked(k, CHANNEL_KINDS, "channels.tsv")
        for p, k in _rows(_read("channels.tsv", extra_dirs), "channels.tsv", 2)
    }
    by_kind: dict[str, set[str]] = {}
    for w, k in _rows(_read("claim_words.tsv", extra_dirs), "claim_words.tsv", 2):
        by_kind.setdefault(_checked(k, WORD_KINDS, "claim_words.tsv"), set()).add(w.lower())
    words = {k: frozenset(v) for k, v in by_kind.items()}
    return QuoteLexicon(verbs=verbs, phrases=phrases, channels=channels, words=words)


__all__ = ["SHIPPED_FILES", "CueVerb", "QuoteLexicon", "load_lexicon"]
