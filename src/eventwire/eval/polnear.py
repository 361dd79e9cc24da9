"""Scorer for PolNeAR (Political News Attribution Relations), dev split, brat standoff.

Layout expected under ``path`` (the dataset folder or its ``data/`` folder):
``data/dev/text/<name>.txt`` and ``data/dev/attributions/<name>_<annotator>.ann``.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import EvalResult, prf

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


def _extent(ranges: str) -> Range:
    pairs = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
    return (min(p[0] for p in pairs), max(p[1] for p in pairs))


def parse_ann(text: str) -> list[GoldAttribution]:
    """Gold attributions of one brat ``.ann`` file (``E`` lines linking ``T`` spans)."""
    spans: dict[str, Range] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        m = _T_LINE.match(line)
        if m:
            spans[m.group(1)] = _extent(m.group(3))
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


def _data_root(path: Path) -> Path:
    for cand in (path / "data" / "dev", path / "dev", path):
        if (cand / "text").is_dir() and (cand / "attributions").is_dir():
            return cand
    from ..errors import EvalError

    raise EvalError(f"no PolNeAR dev split (text/ and attributions/) under {path}", code="EW402", path=str(path))


def articles(path: Path, limit: int | None = None) -> Iterator[tuple[str, str, list[GoldAttribution]]]:
    """``(name, raw text, gold attributions)`` per article, one annotator file each (first id)."""
    root = _data_root(path)
    for txt in sorted((root / "text").glob("*.txt")):
        if limit is not None and limit <= 0:
            return
        anns = sorted((root / "attributions").glob(f"{txt.stem}_*.ann"), key=lambda p: p.stem.rsplit("_", 1)[1])
        if not anns:
            continue
        if limit is not None:
            limit -= 1
        yield txt.stem, txt.read_text(encoding="utf-8"), parse_ann(anns[0].read_text(encoding="utf-8"))


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
        for name in self.tp:
            r = prf(self.tp[name], self.fp[name], self.fn[name])
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


def evaluate(path: Path, *, limit: int | None = None, baseline: bool = True) -> EvalResult:
    """Score eventwire's quotes (and textacy's direct quotations) on the PolNeAR dev split."""
    items = list(articles(Path(path), limit))
    texts = [t for _n, t, _g in items]
    ours = _Counts()
    for (_name, text, gold), preds in zip(items, _eventwire_predictions(texts), strict=True):
        score_article(text, preds, gold, ours)
    result = EvalResult(
        dataset="polnear",
        n=len(items),
        metrics=ours.metrics(),
        notes=[
            "dev split; one annotator file per article (alphabetically first annotator id)",
            "stages run on the raw text (no cleaning) so gold offsets hold",
            "content matched one-to-one by overlap size; exact = identical offsets after whitespace trim",
            "speaker_accuracy over content-matched quotes with a gold Source (overlap or coreferent mention)",
        ],
        extra={"gold_attributions": sum(len(g) for _n, _t, g in items)},
    )
    if baseline:
        theirs = _Counts()
        for (_name, text, gold), preds in zip(items, _textacy_predictions(texts), strict=True):
            score_article(text, preds, gold, theirs)
        result.baselines["textacy"] = theirs.metrics()
        result.notes.append("baseline textacy 0.13 direct_quotations, same spaCy model, same scoring")
    return result


def summary(result: EvalResult) -> dict[str, Any]:
    """The headline numbers side by side (eventwire vs textacy)."""
    keys = ("content_exact_f1", "content_overlap_f1", "cue_f1", "speaker_overlap_f1", "speaker_accuracy")
    return {
        k: {"eventwire": result.metrics.get(k), "textacy": result.baselines.get("textacy", {}).get(k)} for k in keys
    }


__all__ = ["GoldAttribution", "Predicted", "articles", "evaluate", "match", "parse_ann", "score_article", "summary"]
