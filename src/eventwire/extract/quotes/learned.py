"""The learned part of the quotes stage: which verbs are attribution cues, and which of their
dependents carry the content.

Two logistic models over parse features, trained on the PolNeAR train split by
``tools/train_quote_model.py`` (docs/quote_model.md: data, command, date, metrics) and shipped as
one weight table (``knowledge/quotes/cue_model.tsv``):

* ``cue``: one example per verb token; positive when the token stands in a gold Cue span. It finds
  the long tail of attribution verbs ("slammed", "touted", "linked X to Y", "is drawing criticism")
  that a hand-made lexicon misses.
* ``arg``: one example per (cue verb, dependent) pair; positive when the dependent's subtree
  overlaps the gold Content. Its chosen dependents make the content (first to last char).

The cue model also judges the lexicon's verbs in context: one it scores below the veto probability
("Putin had called the chancellor", "the ambassador was recalled") is no cue there.

Features are plain strings; a model is a weight per feature plus a bias, so scoring is a few dict
look-ups per verb (no scikit-learn at run time). The feature functions live here so training and
inference share them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import KnowledgeError
from ...nlp import Parsed, Token

MODEL_FILE = "quotes/cue_model.tsv"
"""The shipped weight table, relative to the knowledge folder."""

SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
_QUOTE_MARKS = "“”\"«»„‘’'`"
# Dependents that can never carry the content: the subject (the source), auxiliaries, punctuation.
NOT_ARGS = frozenset(
    {"nsubj", "nsubjpass", "csubj", "aux", "auxpass", "neg", "punct", "cc", "prt", "det", "mark", "case", "expl"}
)


def _word(text: str) -> str:
    """A token's text as a feature value: whitespace and control characters would break the table's lines."""
    w = text.lower()
    if w.isprintable() and " " not in w:  # isprintable is False for every other space and control character
        return w
    return "".join(ch if ch.isprintable() and not ch.isspace() else "_" for ch in w)


def quoted_sentences(doc: Parsed) -> frozenset[int]:
    """Indices of the sentences that hold a quote mark (computed once per document)."""
    return frozenset(k for k, sent in enumerate(doc.sents) if any(m in sent.text for m in _QUOTE_MARKS))


def is_verb(t: Token) -> bool:
    """Tokens the cue model scores: verbs, and auxiliaries that head their clause ("is clear")."""
    if t.pos == "VERB":
        return True
    return t.pos == "AUX" and t.dep not in ("aux", "auxpass")


def _subject(doc: Parsed, i: int) -> Token | None:
    kids = doc.children
    j = i
    for _ in range(3):
        for k in kids[j]:
            if doc.tokens[k].dep in SUBJ_DEPS:
                return doc.tokens[k]
        t = doc.tokens[j]
        if t.dep in ("xcomp", "conj", "advcl") and t.head != j:
            j = t.head
            continue
        return None
    return None


def cue_features(
    doc: Parsed, i: int, lexicon_kind: str | None, in_quote: bool, quoted_sents: frozenset[int]
) -> list[str]:
    """Features of verb token ``i`` as a possible attribution cue (``quoted_sents``: :func:`quoted_sentences`)."""
    toks = doc.tokens
    t = toks[i]
    lem = _word(t.lemma)
    f = [f"lem={lem}", f"dep={t.dep}", f"tag={t.tag}", f"lem_tag={lem}|{t.tag}", f"lem_dep={lem}|{t.dep}"]
    f.append(f"lex={lexicon_kind or '-'}")
    if in_quote:
        f.append("in_quote")
    subj = _subject(doc, i)
    if subj is None:
        f.append("subj=none")
    else:
        kind = "prp" if subj.tag == "PRP" else (subj.ent_type or subj.pos)
        f += [f"subj={kind}", f"lem_subj={lem}|{kind}", f"subj_lem={_word(subj.lemma)}"]
    deps = set()
    for k in doc.children[i]:
        c = toks[k]
        d = c.dep
        if d == "prep":
            d = f"prep_{_word(c.text)}"
        elif d in ("dobj", "attr", "oprd"):
            f += [f"obj={_word(c.lemma)}", f"lem_obj={lem}|{_word(c.lemma)}"]
        elif d == "ccomp":
            mark = next((toks[m].lower for m in doc.children[k] if toks[m].dep == "mark"), "-")
            f.append(f"ccomp_mark={_word(mark)}")
        deps.add(d)
    for d in sorted(deps):
        f += [f"kid={d}", f"lem_kid={lem}|{d}"]
    near = [toks[k] for k in range(max(0, i - 3), min(len(toks), i + 4)) if k != i]
    if any(x.text and x.text[0] in _QUOTE_MARKS for x in near):
        f.append("near_quote")
    if t.sent in quoted_sents:
        f.append("sent_quote")
    head = toks[t.head]
    if t.head != i:
        f.append(f"head={_word(head.lemma)}|{t.dep}")
    if i > 0:
        f.append(f"prev={_word(toks[i - 1].text)}")
    if i + 1 < len(toks):
        f.append(f"next={_word(toks[i + 1].text)}")
    return f


def arg_candidates(doc: Parsed, i: int) -> list[int]:
    """Dependents of cue ``i`` that may carry its content."""
    return [k for k in doc.children[i] if doc.tokens[k].dep not in NOT_ARGS]


def arg_features(doc: Parsed, i: int, k: int) -> list[str]:
    """Features of dependent ``k`` of cue ``i`` as (part of) the content."""
    toks = doc.tokens
    t, c = toks[i], toks[k]
    lem = _word(t.lemma)
    d = c.dep
    side = "R" if k > i else "L"
    f = [f"d={d}", f"d_side={d}|{side}", f"lem_d={lem}|{d}", f"cpos={c.pos}", f"d_cpos={d}|{c.pos}"]
    if d in ("prep", "agent", "dative"):
        f += [f"prep={_word(c.text)}", f"lem_prep={lem}|{_word(c.text)}"]
    if d in ("advcl", "advmod", "npadvmod") and c.ent_type:
        f.append(f"d_ent={d}|{c.ent_type}")
    if c.ent_type in ("DATE", "TIME"):
        f.append("date")
    lo, hi = doc.subtree(k)
    f += [f"len={min(hi - lo, 20) // 5}", f"lem_d_side={lem}|{d}|{side}", f"d_clem={d}|{_word(c.lemma)}"]
    if toks[lo].text[:1] in _QUOTE_MARKS:
        f.append("opens_quote")
    if any(toks[x].text == "," for x in range(min(i, lo), max(i, lo))):
        f.append("comma_between")
    mark = next((_word(toks[m].text) for m in doc.children[k] if toks[m].dep == "mark"), None)
    if mark is not None:
        f.append(f"mark={mark}")
    return f


@dataclass(frozen=True)
class LogisticModel:
    """A weight per feature string plus a bias; ``prob`` is the logistic of their sum."""

    bias: float
    weights: dict[str, float]

    def prob(self, features: Iterable[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(x, 0.0) for x in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class CueModel:
    """The cue and content-argument models, and the probability each needs to fire."""

    cue: LogisticModel
    arg: LogisticModel
    cue_threshold: float
    arg_threshold: float
    veto_threshold: float = 0.0
    """A lexicon cue verb whose cue probability in context is below this is no cue (0: never vetoed)."""


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield lineno, line.split("\t")


def parse_model(text: str, name: str = "cue_model.tsv") -> CueModel:
    """Read a weight table: ``model<TAB>feature<TAB>weight`` rows; ``model<TAB>__bias__``,
    ``model<TAB>__threshold__`` rows hold the bias and the firing probability; an optional
    ``cue<TAB>__veto__`` row the probability below which a lexicon cue verb is dropped."""
    w: dict[str, dict[str, float]] = {"cue": {}, "arg": {}}
    meta: dict[tuple[str, str], float] = {}
    for lineno, cols in _rows(text):
        if len(cols) != 3 or cols[0] not in w:
            raise ValueError(f"{name}:{lineno}: expected 'cue|arg<TAB>feature<TAB>weight'")
        try:
            value = float(cols[2])
        except ValueError as e:
            raise ValueError(f"{name}:{lineno}: weight {cols[2]!r} is not a number") from e
        if cols[1] in ("__bias__", "__threshold__", "__veto__"):
            meta[(cols[0], cols[1])] = value
        else:
            w[cols[0]][cols[1]] = value
    for part in ("cue", "arg"):
        for key in ("__bias__", "__threshold__"):
            if (part, key) not in meta:
                raise ValueError(f"{name}: no '{part}<TAB>{key}' row")
    return CueModel(
        cue=LogisticModel(meta[("cue", "__bias__")], w["cue"]),
        arg=LogisticModel(meta[("arg", "__bias__")], w["arg"]),
        cue_threshold=meta[("cue", "__threshold__")],
        arg_threshold=meta[("arg", "__threshold__")],
        veto_threshold=meta.get(("cue", "__veto__"), 0.0),
    )


def load_model(path: Path) -> CueModel:
    """Read the weight table at ``path`` (KnowledgeError naming the file if it is not one)."""
    try:
        return parse_model(path.read_text(encoding="utf-8"), str(path))
    except (OSError, ValueError) as e:
        raise KnowledgeError(f"cannot read the quote model: {e}", path=str(path)) from e


__all__ = [
    "MODEL_FILE",
    "CueModel",
    "LogisticModel",
    "arg_candidates",
    "arg_features",
    "cue_features",
    "is_verb",
    "load_model",
    "parse_model",
    "quoted_sentences",
]
