"""Scorer for PolNeAR (Political News Attribution Relations), brat standoff.

Layout (the corpus's published one): ``data/<split>/text/<name>.txt`` and
``data/<split>/attributions/<name>_<annotator>.ann``. ``path`` is the corpus folder or its ``data/``
folder (the ``dev`` split is scored), or one split's folder itself (``data/test``: that split is
scored and named in the notes).

Choices (also listed in ``EvalResult.notes``):

* One annotator file per article: the alphabetically first annotator id, so the choice is the
  same on every run.
* eventwire's stages run on the **raw** article text (cleaning is skipped), because the gold
  offsets point into the raw text and cleaning may drop lines (titles, bylines); the stages are the
  default pipeline's, parsed with the pipeline's own parser.
* A gold content with several pieces (split quotes) is scored by its extent (first to last char).
* Matching is one-to-one and greedy by overlap size. ``*_exact_*`` needs identical offsets after
  trimming surrounding whitespace; ``*_overlap_*`` needs any shared character.
* ``speaker_accuracy``: over quotes whose content matched (overlap) and whose gold has a Source,
  the share where the predicted speaker span overlaps the gold Source, or the predicted speaker's
  actor has a mention overlapping it (coreference).
* Baseline: textacy 0.13 ``textacy.extract.triples.direct_quotations`` on the same texts, parsed
  by the same spaCy model, scored the same way (it finds direct quotes only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import EvalResult, Scorer, prf
from .inputs import malformed, missing, read_text
from .progress import tracked

Range = tuple[int, int]


@dataclass
class GoldAttribution:
    """One gold attribution relation: the extents of its content, cue and source."""

    content: Range | None
    cue: Range | None
    source: Range | None


@dataclass
class Predicted:
    """One predicted quote reduced to character ranges."""

    content: Range | None
    cue: Range | None
    speaker: Range | None
    speaker_mentions: list[Range] = field(default_factory=list)
    """Mentions of the speaker's actor (for coreferent speaker matches)."""


_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")


_T_START = re.compile(r"^T\d+\t")


def _extent(ranges: str) -> Range:
    pairs = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
    if any(len(p) != 2 for p in pairs):
        raise ValueError(f"span {ranges!r} is not 'start end[;start end]'")
    return (min(p[0] for p in pairs), max(p[1] for p in pairs))


def parse_ann(text: str, path: Path | None = None) -> list[GoldAttribution]:
    """Gold attributions of one brat ``.ann`` file (``E`` lines linking ``T`` spans).

    A line that starts like a text-bound annotation (``T12<TAB>``) but is not one raises EW404;
    other lines (notes, the continuation of a span's text over a line break) are skipped.
    """
    spans: dict[str, Range] = {}
    events: list[dict[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _T_LINE.match(line)
        if m:
            try:
                spans[m.group(1)] = _extent(m.group(3))
            except ValueError as e:
                raise malformed(f"bad text-bound annotation: {e}", path or "<ann>", lineno) from e
        elif _T_START.match(line):
            raise malformed(
                "bad text-bound annotation (expected 'T<n><TAB>Type start end<TAB>text')", path or "<ann>", lineno
            )
        elif line.startswith("E"):
            cols = line.split("\t")
            if len(cols) < 2:
                continue
            roles = dict(part.split(":", 1) for part in cols[1].split() if ":" in part)
            events.append(roles)
    out: list[GoldAttribution] = []
    for roles in events:
        out.append(
            GoldAttribution(
                content=spans.get(roles.get("Content", "")),
                cue=spans.get(roles.get("Cue", "")),
                source=spans.get(roles.get("Source", "")),
            )
        )
    return out


def data_root(path: Path) -> Path:
    """The split folder (holding ``text/`` and ``attributions/``) to score under ``path``; EW402 if none."""
    for cand in (path / "data" / "dev", path / "dev", path):
        if (cand / "text").is_dir() and (cand / "attributions").is_dir():
            return cand
    raise missing(
        "polnear: no split folder with text/ and attributions/ (looked in data/dev/, dev/ and the folder "
        "itself; pass the corpus folder or one split's folder, e.g. data/dev)",
        path,
    )


def articles(path: Path, limit: int | None = None) -> Iterator[tuple[str, str, list[GoldAttribution]]]:
    """``(name, raw text, gold attributions)`` per article, one annotator file each (first id)."""
    root = data_root(path)
    for txt in sorted((root / "text").glob("*.txt")):
        if limit is not None and limit <= 0:
            return
        anns = sorted((root / "attributions").glob(f"{txt.stem}_*.ann"), key=lambda p: p.stem.rsplit("_", 1)[1])
        if not anns:
            continue
        if limit is not None:
            limit -= 1
        yield txt.stem, read_text(txt), parse_ann(read_text(anns[0]), anns[0])


def _overlap(a: Range, b: Range) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _strip(r: Range, text: str) -> Range:
    s, e = r
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e)


def match(pred: list[Range], gold: list[Range], *, exact: bool) -> list[tuple[int, int]]:
    """One-to-one greedy matching by overlap size; returns ``(pred index, gold index)`` pairs."""
    cands: list[tuple[int, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if exact:
                if p == g:
                    cands.append((1, i, j))
            else:
                ov = _overlap(p, g)
                if ov > 0:
                    cands.append((ov, i, j))
    cands.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _ov, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


@dataclass
class _Counts:
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)
    speaker_ok: int = 0
    speaker_total: int = 0

    def add(self, name: str, tp: int, fp: int, fn: int) -> None:
        self.tp[name] = self.tp.get(name, 0) + tp
        self.fp[name] = self.fp.get(name, 0) + fp
        self.fn[name] = self.fn.get(name, 0) + fn

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name in ("content_exact", "content_overlap", "cue", "speaker_overlap"):
            r = prf(self.tp.get(name, 0), self.fp.get(name, 0), self.fn.get(name, 0))
            out[f"{name}_precision"] = round(r["precision"], 4)
            out[f"{name}_recall"] = round(r["recall"], 4)
            out[f"{name}_f1"] = round(r["f1"], 4)
        out["speaker_accuracy"] = round(self.speaker_ok / self.speaker_total, 4) if self.speaker_total else 0.0
        out["speaker_matched"] = float(self.speaker_total)
        return out


def score_article(text: str, preds: list[Predicted], gold: list[GoldAttribution], counts: _Counts) -> None:
    """Add one article's counts for content (exact, overlap), cue, speaker and speaker accuracy."""
    g_items = [g for g in gold if g.content is not None]
    p_items = [p for p in preds if p.content is not None]
    g_content = [_strip(g.content, text) for g in g_items if g.content is not None]
    p_content = [_strip(p.content, text) for p in p_items if p.content is not None]
    for name, exact in (("content_exact", True), ("content_overlap", False)):
        pairs = match(p_content, g_content, exact=exact)
        counts.add(name, len(pairs), len(p_content) - len(pairs), len(g_content) - len(pairs))
        if not exact:
            for i, j in pairs:
                src = g_items[j].source
                if src is None:
                    continue
                counts.speaker_total += 1
                p = p_items[i]
                spans = ([p.speaker] if p.speaker else []) + p.speaker_mentions
                if any(_overlap(s, src) > 0 for s in spans):
                    counts.speaker_ok += 1
    for name, pr, gr in (
        ("cue", [p.cue for p in preds if p.cue], [g.cue for g in gold if g.cue]),
        ("speaker_overlap", [p.speaker for p in preds if p.speaker], [g.source for g in gold if g.source]),
    ):
        pl = [_strip(r, text) for r in pr if r is not None]
        gl = [_strip(r, text) for r in gr if r is not None]
        pairs = match(pl, gl, exact=False)
        counts.add(name, len(pairs), len(pl) - len(pairs), len(gl) - len(pairs))


def _eventwire_predictions(texts: list[str]) -> Iterable[list[Predicted]]:
    from ..clean import Cleaned
    from ..pipeline import DEFAULT_STAGES, Pipeline

    pipe = Pipeline(stages=DEFAULT_STAGES)
    for text, doc in zip(texts, pipe.parser.parse_many(texts), strict=True):
        an = pipe.analyse(Cleaned(text=text, language="en"), doc)
        mentions = {a.id: [(m.start, m.end) for m in a.mentions] for a in an.actors}
        yield [
            Predicted(
                content=(q.content_span.start, q.content_span.end) if q.content_span else None,
                cue=(q.cue_span.start, q.cue_span.end) if q.cue_span else None,
                speaker=(q.speaker_span.start, q.speaker_span.end) if q.speaker_span else None,
                speaker_mentions=mentions.get(q.speaker or "", []),
            )
            for q in an.quotes
        ]


def _textacy_predictions(texts: list[str]) -> Iterable[list[Predicted]]:
    from textacy.extract.triples import direct_quotations

    from ..nlp import load

    nlp = load()
    for doc in nlp.pipe(texts, batch_size=8):
        preds: list[Predicted] = []
        try:
            found = list(direct_quotations(doc))
        except ValueError:
            # textacy gives up on a document with an odd number of quote marks: it finds nothing there
            found = []
        for dq in found:
            sp = (dq.speaker[0].idx, dq.speaker[-1].idx + len(dq.speaker[-1])) if dq.speaker else None
            cue = (dq.cue[0].idx, dq.cue[-1].idx + len(dq.cue[-1])) if dq.cue else None
            preds.append(Predicted(content=(dq.content.start_char, dq.content.end_char), cue=cue, speaker=sp))
        yield preds


@dataclass(frozen=True)
class Doc:
    """One article of a split with its gold attributions."""

    name: str
    split: str
    """Name of the split folder it came from (``dev``, ``train``, ``test``)."""
    text: str
    gold: list[GoldAttribution]


@dataclass(frozen=True)
class Prediction:
    eventwire: list[Predicted]
    textacy: list[Predicted]


def load(path: Path, limit: int | None) -> list[Doc]:
    """The articles of the split under ``path`` (see :func:`data_root`), first annotator file each."""
    split = data_root(path).name
    return [Doc(name, split, text, gold) for name, text, gold in articles(path, limit)]


def predict(docs: Sequence[Doc]) -> list[Prediction]:
    """eventwire's quotes and textacy's direct quotations for every article."""
    texts = [d.text for d in docs]
    ours = list(tracked(_eventwire_predictions(texts), len(texts)))
    theirs = list(_textacy_predictions(texts))
    return [Prediction(o, t) for o, t in zip(ours, theirs, strict=True)]


def score(docs: Sequence[Doc], predicted: Sequence[Prediction]) -> EvalResult:
    """Score eventwire's quotes (and textacy's direct quotations) on these articles."""
    ours = _Counts()
    theirs = _Counts()
    for doc, pred in zip(docs, predicted, strict=True):
        score_article(doc.text, pred.eventwire, doc.gold, ours)
        score_article(doc.text, pred.textacy, doc.gold, theirs)
    splits = sorted({d.split for d in docs}) or ["(none)"]
    return EvalResult(
        dataset="polnear",
        n=len(docs),
        metrics=ours.metrics(),
        baselines={"textacy": theirs.metrics()},
        notes=[
            f"PolNeAR {'/'.join(splits)} split; one annotator file per article (alphabetically first annotator id)",
            "stages run on the raw text (no cleaning) so gold offsets hold",
            "content matched one-to-one by overlap size; exact = identical offsets after whitespace trim",
            "speaker_accuracy over content-matched quotes with a gold Source (overlap or coreferent mention)",
            "baseline textacy 0.13 direct_quotations, same spaCy model, same scoring",
        ],
        extra={"gold_attributions": sum(len(d.gold) for d in docs)},
    )


SCORER: Scorer[Doc, Prediction] = Scorer(
    load=load,
    key=lambda doc: doc.name,
    predict=predict,
    score=score,
    summary="PolNeAR articles: quote content, cue and speaker spans (textacy direct quotations as baseline)",
)


def summary(result: EvalResult) -> dict[str, Any]:
    """The headline numbers side by side (eventwire vs textacy)."""
    keys = ("content_exact_f1", "content_overlap_f1", "cue_f1", "speaker_overlap_f1", "speaker_accuracy")
    return {
        k: {"eventwire": result.metrics.get(k), "textacy": result.baselines.get("textacy", {}).get(k)} for k in keys
    }


__all__ = [
    "SCORER",
    "GoldAttribution",
    "Predicted",
    "articles",
    "data_root",
    "match",
    "parse_ann",
    "score_article",
    "summary",
]
