"""CoNLL-2003 English NER sanity check: the spaCy model's entities against ``eng.testa``.

Entity-level precision/recall/F1 as conlleval computes them: an entity counts only when its
tokens and type both match. Gold tags are IOB1; the model's OntoNotes labels are mapped to
PER/ORG/LOC/MISC with ``knowledge/eval/ontonotes_to_conll.tsv`` (labels mapped to ``O``, such as
DATE or CARDINAL, are dropped). The model runs on the gold tokens, one sentence per document.

File: ``eng.testa`` (the official development file; pass ``eng.testb`` or another file in the same
format by its path). The tune/check split is by article (the text between ``-DOCSTART-`` lines,
identified by a hash of its tokens); a file without ``-DOCSTART-`` lines is split by sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..nlp import ner_on_tokens
from . import EvalResult, Scorer, prf
from .inputs import find_file, malformed, read_text
from .labelmaps import label_map
from .progress import tracked

DATA_FILE = "eng.testa"
MAPPING = "ontonotes_to_conll.tsv"
CLASSES = ("PER", "ORG", "LOC", "MISC")

Chunk = tuple[int, int, str]
"""(first token, last token exclusive, type)."""


_TAG = re.compile(r"^(?:O|[BI]-[A-Z]+)$")


@dataclass(frozen=True)
class Sentence:
    words: list[str]
    tags: list[str]
    """Gold NER tags as in the file (IOB1)."""
    doc: int = 0
    """Index of the article (``-DOCSTART-`` section) it belongs to."""
    key: str = ""
    """Tune/check key: a hash of its article's tokens (of its own, in a file without articles)."""


def read_conll(path: Path) -> Iterator[Sentence]:
    """Sentences of a CoNLL-2003 file (``token POS chunk NER`` lines), skipping ``-DOCSTART-``.

    EW404 for a token line with fewer than two cells or a last cell that is not an IOB tag.
    """
    words: list[str] = []
    tags: list[str] = []
    doc = 0
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        cells = line.split()
        if not cells or cells[0] == "-DOCSTART-":
            if words:
                yield Sentence(words, tags, doc)
            words, tags = [], []
            doc += bool(cells)
            continue
        if len(cells) < 2 or not _TAG.match(cells[-1]):
            raise malformed(f"expected 'token POS chunk NER' with an IOB tag last, got {line.strip()!r}", path, lineno)
        words.append(cells[0])
        tags.append(cells[-1])
    if words:
        yield Sentence(words, tags, doc)


def with_keys(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences with their tune/check key: their article's hash, or their own without articles."""
    by_doc: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_doc.setdefault(s.doc, []).append(s)
    if len(by_doc) <= 1:
        return [replace(s, key=_digest([s])) for s in sentences]
    keys = {doc: _digest(group) for doc, group in by_doc.items()}
    return [replace(s, key=keys[s.doc]) for s in sentences]


def _digest(sentences: list[Sentence]) -> str:
    return hashlib.sha1("\n".join(" ".join(s.words) for s in sentences).encode()).hexdigest()[:16]


def chunks(tags: Sequence[str]) -> set[Chunk]:
    """Entity chunks of an IOB1 or IOB2 tag sequence, with conlleval's rules for where one starts.

    A chunk starts at ``B-X``, or at ``I-X`` after ``O`` or after a tag of another type; it ends
    before the next start or ``O``.
    """
    out: set[Chunk] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if kind and (prefix == "O" or begins):
            out.add((start, i, kind))
            start, kind = -1, ""
        if begins:
            start, kind = i, label
    return out


def map_tags(tags: Sequence[str], mapping: dict[str, str]) -> list[str]:
    """IOB2 tags with OntoNotes labels -> IOB2 tags with CoNLL labels (unmapped or ``O`` -> ``O``)."""
    out: list[str] = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        conll = mapping.get(label, "O") if prefix in ("B", "I") else "O"
        out.append("O" if conll == "O" else f"{prefix}-{conll}")
    return out


def score(
    gold: Sequence[set[Chunk]], pred: Sequence[set[Chunk]]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Micro P/R/F1 over all chunks and per type (conlleval)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        for c in p & g:
            tp[c[2]] += 1
        for c in p - g:
            fp[c[2]] += 1
        for c in g - p:
            fn[c[2]] += 1
    per_class: dict[str, dict[str, float]] = {}
    for label in sorted(set(tp) | set(fp) | set(fn)):
        row = prf(tp[label], fp[label], fn[label])
        row["support"] = tp[label] + fn[label]
        per_class[label] = row
    overall = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"f1": overall["f1"], "precision": overall["precision"], "recall": overall["recall"]}, per_class


def load(path: Path, limit: int | None) -> list[Sentence]:
    """The sentences of ``eng.testa`` under ``path`` (or of the file ``path``), with their split keys."""
    sentences = with_keys(list(read_conll(find_file(path, "conll2003_en", (DATA_FILE,), (".", "conll2003")))))
    return sentences[:limit] if limit is not None else sentences


def predict(sentences: Sequence[Sentence]) -> list[set[Chunk]]:
    """The model's entity chunks (mapped to CoNLL types) on each sentence's gold tokens."""
    mapping = label_map(MAPPING, "ontonotes", "conll")
    tagged = ner_on_tokens(s.words for s in sentences)
    return [chunks(map_tags(tags, mapping)) for tags in tracked(tagged, len(sentences))]


def score_sentences(sentences: Sequence[Sentence], predicted: Sequence[set[Chunk]]) -> EvalResult:
    """Entity-level P/R/F1 of the model's NER (mapped to CoNLL types) on these sentences."""
    mapping = label_map(MAPPING, "ontonotes", "conll")
    gold = [chunks(s.tags) for s in sentences]
    metrics, per_class = score(gold, list(predicted))
    kept = ", ".join(f"{k}->{v}" for k, v in mapping.items() if v != "O")
    dropped = ", ".join(k for k, v in mapping.items() if v == "O")
    return EvalResult(
        dataset="conll2003_en",
        n=len(sentences),
        metrics=metrics,
        per_class=per_class,
        unscored=0,
        notes=[
            "entity-level micro P/R/F1 (conlleval rules), gold IOB1; model run on the gold tokens, one sentence at a time",
            f"OntoNotes -> CoNLL mapping (knowledge/eval/{MAPPING}): {kept}; dropped: {dropped}",
            "reference (test set eng.testb, not this dev file): CoNLL-2003 best 88.76, Flair 93.09, LUKE 94.3",
        ],
        extra={"entities_gold": sum(len(g) for g in gold), "entities_predicted": sum(len(p) for p in predicted)},
    )


SCORER: Scorer[Sentence, set[Chunk]] = Scorer(
    load=load,
    key=lambda sentence: sentence.key,
    predict=predict,
    score=score_sentences,
    summary="CoNLL-2003 eng.testa: the spaCy model's entities mapped to CoNLL types (parser sanity check)",
)
