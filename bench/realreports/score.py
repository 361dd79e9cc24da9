"""Score eventwire against the hand-annotated real-report corpus (bench/realreports).

    OMP_NUM_THREADS=1 python bench/realreports/score.py --texts /work/realreports/texts
    python bench/realreports/score.py --texts DIR --json > scores.json
    python bench/realreports/score.py --texts DIR --details dev-details.jsonl --details-split dev

eventwire runs through its public API (``eventwire.Pipeline().process_text(text, url=...)``) on
every report whose text is present in ``--texts``; reports whose text is missing are skipped with a
message (README.md says how to rebuild the texts). ``--predictions FILE`` scores saved records
(one Article JSON per line, ``input`` or ``url`` naming the report) instead of running the pipeline;
``--save-predictions FILE`` writes the records it produced.

Predicted spans point into eventwire's CLEANED text and gold spans into the RAW text, so alignment
goes through the evidence strings (normalised quotes, dashes, case and whitespace), never offsets.
Every metric is defined in README.md; the functions below are the definitions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "held", "all")

# ----------------------------------------------------------------------------------------------
# Normalisation and alignment through evidence text

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u0101": '"',  # mojibake quotation marks seen in scraped copies
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)

# Words that say nothing about who a speaker is; a name match needs a word outside this list.
_GENERIC_NAME_TEXT = (
    "the a an of for in at to and on by with from mr mrs ms dr gen brig president minister prime "
    "deputy spokesman spokeswoman spokesperson official officials source sources agency group said "
    "chief head director government ministry office his her its their he she it they one another "
    "senior regional researcher lead author un u n us national international foreign interior affairs "
    "state statement who which that this these those"
)
_GENERIC_NAME_WORDS = frozenset(_GENERIC_NAME_TEXT.split())


def norm(text: str) -> str:
    """Case-, quote-, dash- and whitespace-insensitive form of a string for alignment."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).lower()
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """Word tokens of the normalised string."""
    return _WORD.findall(norm(text))


def overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Overlap coefficient of two token multisets: shared tokens / size of the smaller one."""
    if not a or not b:
        return 0.0
    shared = sum((Counter(a) & Counter(b)).values())
    return shared / min(len(a), len(b))


def same_passage(pred: str, gold: str, *, threshold: float = 0.6) -> bool:
    """True when a predicted evidence string and a gold evidence string are the same sentence.

    Containment of one normalised string in the other (at least 15 characters), or shared word
    tokens covering at least ``threshold`` of the shorter side and half of the longer one (at least
    4 tokens on the shorter side). Sentence splitters disagree at the edges; this tolerates that
    but not two different sentences that share words, such as a headline and the lead restating it.
    """
    a, b = norm(pred), norm(gold)
    if not a or not b:
        return False
    shorter = min(len(a), len(b))
    if shorter >= 15 and (a in b or b in a):
        return True
    ta, tb = tokens(a), tokens(b)
    if min(len(ta), len(tb)) < 4:
        return False
    shared = overlap(ta, tb) * min(len(ta), len(tb))
    return shared / min(len(ta), len(tb)) >= threshold and shared / max(len(ta), len(tb)) >= 0.5


def similarity(a: str, b: str) -> float:
    """Shared word tokens over the longer side: ranks candidate alignments (1.0 = same tokens)."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return overlap(ta, tb) * min(len(ta), len(tb)) / max(len(ta), len(tb))


# ----------------------------------------------------------------------------------------------
# Reading gold and predicted records


def gold_country_options(actor: Any) -> set[str | None] | None:
    """The countries a gold actor accepts (``"AZE|ARM"`` alternatives, compound lists), or None."""
    if actor is None:
        return None
    members = actor if isinstance(actor, list) else [actor]
    out: set[str | None] = set()
    for m in members:
        raw = m.get("country")
        for code in (raw or "null").split("|"):
            out.add(None if code == "null" else code)
    return out


def pred_countries(article: dict[str, Any], primary: str | None, extra: Iterable[str]) -> set[str | None] | None:
    """Countries of a predicted event's source (or target) actors; None when it has none."""
    ids = [i for i in [primary, *extra] if i]
    if not ids:
        return None
    actors = {a["id"]: a for a in article.get("actors", [])}
    return {actors[i].get("country") if i in actors else None for i in ids}


def actor_match(gold_actor: Any, pred: set[str | None] | None) -> bool:
    """Same country: gold and prediction both without an actor, or a shared country code.

    A gold actor whose country is unknown (null) is matched by a predicted actor with a null
    country or by no actor at all.
    """
    gold = gold_country_options(gold_actor)
    if gold is None:
        return pred is None or pred == {None}
    if pred is None:
        return None in gold
    return bool(gold & pred)


def type_ok(gold_event: dict[str, Any], pred_type: str) -> bool:
    return pred_type == gold_event["type"] or pred_type in gold_event.get("type_alt", [])


# ----------------------------------------------------------------------------------------------
# Events


@dataclass
class EventOutcome:
    """How one predicted event was judged (``kind``) and why."""

    kind: str  # fully | partly | wrong | optional
    reasons: list[str]
    pred: dict[str, Any]
    gold: dict[str, Any] | None = None


def _event_fields(gold: dict[str, Any], pred: dict[str, Any], article: dict[str, Any]) -> list[str]:
    """Names of the fields (source country, target country, status) where pred differs from gold."""
    wrong = []
    if not actor_match(gold["source"], pred_countries(article, pred.get("source"), pred.get("sources", []))):
        wrong.append("source_country")
    if not actor_match(gold["target"], pred_countries(article, pred.get("target"), pred.get("targets", []))):
        wrong.append("target_country")
    if pred.get("status") != gold["status"]:
        wrong.append("status")
    return wrong


def in_furniture(evidence: str, furniture: Sequence[dict[str, Any]]) -> bool:
    """True when a predicted evidence string lies inside (or mostly inside) a furniture item."""
    for item in furniture:
        f = item["text"]
        if len(norm(f)) >= 8 and (norm(evidence) in norm(f) or same_passage(evidence, f, threshold=0.8)):
            return True
    return False


def score_events(gold: dict[str, Any], article: dict[str, Any]) -> tuple[list[EventOutcome], dict[str, EventOutcome]]:
    """Align predicted events with gold events of the same sentence, one to one.

    A prediction is *fully* right when it matches a required gold event of the same sentence with
    the same type (or an accepted alternative) and the same source country, target country and
    status; *partly* right when type and sentence match but one of those fields differs; *optional*
    when it matches an optional gold event (left out of the shares); *wrong* otherwise: no gold
    event in its sentence, gold events of other types only, or a duplicate of a gold event another
    prediction already took. Returns the outcomes and the gold events matched (id -> outcome).
    """
    preds = article.get("events", [])
    candidates: list[tuple[int, float, int, int, list[str]]] = []  # (-score, -similarity, pred, gold, wrong fields)
    for pi, p in enumerate(preds):
        for gi, g in enumerate(gold["events"]):
            if type_ok(g, p["type"]) and same_passage(p["evidence"]["text"], g["evidence"]["text"]):
                wrong = _event_fields(g, p, article)
                # Prefer required gold events, then the fewest wrong fields.
                score = (0 if g["optional"] else 10) + (3 - len(wrong))
                sim = similarity(p["evidence"]["text"], g["evidence"]["text"])
                candidates.append((-score, -sim, pi, gi, wrong))
    candidates.sort(key=lambda c: (c[0], c[1], c[2], c[3]))
    taken_p: dict[int, tuple[int, list[str]]] = {}
    taken_g: set[int] = set()
    for _, _, pi, gi, wrong in candidates:
        if pi in taken_p or gi in taken_g:
            continue
        taken_p[pi] = (gi, wrong)
        taken_g.add(gi)
    outcomes: list[EventOutcome] = []
    matched: dict[str, EventOutcome] = {}
    for pi, p in enumerate(preds):
        if pi in taken_p:
            gi, wrong = taken_p[pi]
            g = gold["events"][gi]
            kind = "optional" if g["optional"] else ("fully" if not wrong else "partly")
            out = EventOutcome(kind, wrong, p, g)
            matched[g["id"]] = out
        else:
            same = [g for g in gold["events"] if same_passage(p["evidence"]["text"], g["evidence"]["text"])]
            if any(type_ok(g, p["type"]) for g in same):
                reason = "duplicate"
            elif same:
                reason = "type_mismatch:" + "/".join(sorted({g["type"] for g in same}))
            elif in_furniture(p["evidence"]["text"], gold["furniture"]):
                reason = "from_furniture"
            else:
                reason = "no_gold_in_sentence"
            out = EventOutcome("wrong", [reason], p, None)
        outcomes.append(out)
    return outcomes, matched


def date_compatible(pred: str | None, gold: str | None) -> bool:
    """One date is a prefix of the other (``2023-06`` and ``2023-06-14``)."""
    return bool(pred and gold and (pred.startswith(gold) or gold.startswith(pred)))


def place_ok(article: dict[str, Any], place_id: str | None, gold_place: dict[str, Any]) -> bool:
    """The predicted place has the gold name (containment either way, normalised)."""
    places = {p["id"]: p for p in article.get("places", [])}
    if not place_id or place_id not in places:
        return False
    name, gname = norm(places[place_id].get("name") or ""), norm(gold_place["name"])
    return bool(name) and (name in gname or gname in name)


# ----------------------------------------------------------------------------------------------
# Figures


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def _numbers(q: dict[str, Any]) -> set[float]:
    return {n for n in (_num(q.get("value")), _num(q.get("low")), _num(q.get("high"))) if n is not None}


def figure_aligned(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Same sentence and the same number: a shared value/bound or overlapping mention text."""
    if not same_passage(pred["evidence"]["text"], gold["evidence"]["text"]):
        return False
    gnums = {n for n in (_num(gold["value"]), _num(gold["low"]), _num(gold["high"])) if n is not None}
    if not gold["vague"] and gnums & _numbers(pred):
        return True
    gm, pm = norm(gold["mention"]["text"]), norm(pred.get("text") or "")
    return bool(gm and pm) and (gm in pm or pm in gm)


def figure_errors(gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    """Fields of an aligned prediction that disagree with the gold figure (empty = correct)."""
    wrong = []
    accepted = {gold["category"], *gold["category_alt"]}
    if "transport" in (gold.get("note") or "").lower():
        # the annotation predates the transport category: such figures are labelled other + a note
        accepted.add("transport")
    if pred.get("category") not in accepted:
        wrong.append("category")
    if gold["vague"]:
        return wrong
    if gold["value"] is not None:
        v = float(gold["value"])
        pv = _num(pred.get("value"))
        if not (pv == v or (pv is None and v in _numbers(pred))):
            wrong.append("value")
    elif (_num(pred.get("low")), _num(pred.get("high"))) != (_num(gold["low"]), _num(gold["high"])):
        wrong.append("value")
    is_range = gold["value"] is None and gold["high"] is not None
    if not is_range and pred.get("qualifier") not in {gold["qualifier"], *gold["qualifier_alt"]}:
        wrong.append("qualifier")
    return wrong


@dataclass
class FigureOutcome:
    """How one predicted figure was judged."""

    kind: str  # correct | incorrect | wrong | other_ignored | optional
    reasons: list[str]
    pred: dict[str, Any]
    gold: dict[str, Any] | None = None


def score_figures(
    gold: dict[str, Any], article: dict[str, Any]
) -> tuple[list[FigureOutcome], dict[int, FigureOutcome]]:
    """Align predicted quantities with gold figures (same sentence, same number), one to one.

    An aligned prediction is *correct* when value (or range), category and qualifier agree with
    the gold figure's accepted values, else *incorrect*. Vague gold figures check the category
    only; predictions aligned with optional, non-vague figures are *optional* (not counted).
    Unaligned predictions of category ``other`` are ignored (they claim nothing about people);
    any other unaligned prediction is *wrong*.
    """
    preds = article.get("quantities", [])
    pairs = []
    for pi, p in enumerate(preds):
        for gi, g in enumerate(gold["figures"]):
            if figure_aligned(g, p):
                errs = figure_errors(g, p)
                sim = similarity(p["evidence"]["text"], g["evidence"]["text"])
                pairs.append(((0 if g["optional"] else 10) + (3 - len(errs)), sim, pi, gi, errs))
    pairs.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
    taken_p: dict[int, tuple[int, list[str]]] = {}
    taken_g: set[int] = set()
    for _, _, pi, gi, errs in pairs:
        if pi not in taken_p and gi not in taken_g:
            taken_p[pi] = (gi, errs)
            taken_g.add(gi)
    outcomes: list[FigureOutcome] = []
    matched: dict[int, FigureOutcome] = {}
    for pi, p in enumerate(preds):
        if pi in taken_p:
            gi, errs = taken_p[pi]
            g = gold["figures"][gi]
            if g["optional"] and not g["vague"]:
                out = FigureOutcome("optional", errs, p, g)
            else:
                out = FigureOutcome("incorrect" if errs else "correct", errs, p, g)
            matched[gi] = out
        elif p.get("category") in ("other", "transport"):  # not annotated exhaustively (transport was "other")
            out = FigureOutcome("other_ignored", [], p)
        else:
            same = any(same_passage(p["evidence"]["text"], g["evidence"]["text"]) for g in gold["figures"])
            if in_furniture(p["evidence"]["text"], gold["furniture"]):
                reason = "from_furniture"
            else:
                reason = "not_a_gold_figure" if same else "no_gold_figure_in_sentence"
            out = FigureOutcome("wrong", [reason], p)
        outcomes.append(out)
    return outcomes, matched


# ----------------------------------------------------------------------------------------------
# Quotes, contradictions, furniture, publication date


def names_match(gold_names: Iterable[str], pred_names: Iterable[str]) -> bool:
    """A predicted speaker names the gold speaker.

    Equal or contained normalised names (4+ characters), or a shared word outside the generic
    list (titles, "official", "agency", pronouns ...).
    """
    gold_l = [norm(n) for n in gold_names if n]
    pred_l = [norm(n) for n in pred_names if n]
    for g in gold_l:
        for p in pred_l:
            if g == p or (min(len(g), len(p)) >= 4 and (g in p or p in g)):
                return True
    gtok = {t for g in gold_l for t in _WORD.findall(g) if len(t) >= 3 and t not in _GENERIC_NAME_WORDS}
    ptok = {t for p in pred_l for t in _WORD.findall(p) if len(t) >= 3 and t not in _GENERIC_NAME_WORDS}
    return bool(gtok & ptok)


def quote_speaker_names(article: dict[str, Any], quote: dict[str, Any]) -> list[str]:
    actors = {a["id"]: a for a in article.get("actors", [])}
    names = [quote.get("speaker_text") or ""]
    if quote.get("speaker") in actors:
        a = actors[quote["speaker"]]
        names += [a.get("name") or "", *a.get("aliases", [])]
    return [n for n in names if n]


def quote_aligned(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """The predicted quote's content and the gold content overlap (same passage, lower bar)."""
    pc = pred.get("content") or ""
    gc = gold["content"]["text"]
    a, b = norm(pc), norm(gc)
    if not a or not b:
        return False
    if min(len(a), len(b)) >= 6 and (a in b or b in a):
        return True
    ta, tb = tokens(a), tokens(b)
    return min(len(ta), len(tb)) >= 3 and overlap(ta, tb) >= 0.5


@dataclass
class QuoteOutcome:
    gold: dict[str, Any]
    pred: dict[str, Any] | None
    speaker_ok: bool = False
    via_ok: bool | None = None


def score_quotes(gold: dict[str, Any], article: dict[str, Any]) -> tuple[list[QuoteOutcome], int]:
    """For each gold quote the best-aligned predicted quote and whether its speaker is right.

    Returns the outcomes and the number of predicted quotes that align with no gold quote.
    """
    preds = article.get("quotes", [])
    outcomes = []
    for g in gold["quotes"]:
        # Not one to one: a predicted quote that joins two consecutive gold quotes of one speaker
        # (or splits one) is a different cut of the same speech, not an error.
        best = None
        for pi, p in enumerate(preds):
            if quote_aligned(g, p):
                best = pi
                if names_match([g["speaker"], *g["speaker_alt"]], quote_speaker_names(article, p)):
                    break
        if best is None:
            outcomes.append(QuoteOutcome(g, None))
            continue
        p = preds[best]
        ok = names_match([g["speaker"], *g["speaker_alt"]], quote_speaker_names(article, p))
        via_ok = None
        if g["via"]:
            via_ok = bool(p.get("via")) and names_match([g["via"]], [p["via"]])
        outcomes.append(QuoteOutcome(g, p, ok, via_ok))
    unaligned = sum(1 for p in preds if not any(quote_aligned(g, p) for g in gold["quotes"]))
    return outcomes, unaligned


def _record_evidence(article: dict[str, Any], rid: str) -> str | None:
    for kind in ("events", "quotes", "quantities"):
        for r in article.get(kind, []):
            if r["id"] == rid:
                return str(r["evidence"]["text"])
    return None


def score_contradictions(gold: dict[str, Any], article: dict[str, Any]) -> tuple[int, int, int]:
    """(predicted, supported by a gold contradiction, gold contradictions found).

    A predicted contradiction is supported when the evidence of its two sides matches the two
    sides of a gold contradiction (either order); the rest are spurious.
    """
    pred = article.get("contradictions", [])
    found: set[int] = set()
    supported = 0
    for c in pred:
        ea, eb = _record_evidence(article, c["a"]), _record_evidence(article, c["b"])
        hit = None
        if ea and eb:
            for gi, g in enumerate(gold["contradictions"]):
                ga, gb = g["a"]["text"], g["b"]["text"]
                if (same_passage(ea, ga) and same_passage(eb, gb)) or (same_passage(ea, gb) and same_passage(eb, ga)):
                    hit = gi
                    break
        if hit is not None:
            supported += 1
            found.add(hit)
    return len(pred), supported, len(found)


def furniture_probes(raw: str, furniture: Sequence[dict[str, Any]]) -> list[str]:
    """One search string per furniture item: its text, widened with raw context when it is short
    or also occurs outside furniture (so that "more" or "• 0" are looked for in their place)."""
    nraw = norm(raw)
    counts = Counter(norm(f["text"]) for f in furniture)
    probes = []
    for f in furniture:
        n = norm(f["text"])
        if len(n) >= 12 and nraw.count(n) <= counts[n]:
            probes.append(n)
        elif "start" in f:
            s, e = f["start"], f["end"]
            probes.append(norm(raw[max(0, s - 20) : s] + f["text"] + raw[e : e + 20]))
        else:
            probes.append(n)
    return probes


def furniture_removed(raw: str, cleaned: str, furniture: Sequence[dict[str, Any]]) -> int:
    """How many furniture items are gone from the cleaned text.

    Items sharing a probe are counted together: if the raw text holds the probe k times and the
    cleaned text j times, min(items, k - j) of them were removed.
    """
    nraw, nclean = norm(raw), norm(cleaned)
    by_probe = Counter(furniture_probes(raw, furniture))
    removed = 0
    for probe, n_items in by_probe.items():
        removed += min(n_items, max(0, nraw.count(probe) - nclean.count(probe)))
    return removed


def body_kept(cleaned: str, gold: dict[str, Any]) -> tuple[int, int]:
    """(required gold event sentences still in the cleaned text, required gold event sentences)."""
    nclean = norm(cleaned)
    sentences = {norm(e["evidence"]["text"])[:80] for e in gold["events"] if not e["optional"]}
    return sum(1 for s in sentences if s and s in nclean), len(sentences)


def published_ok(pred: str | None, gold: str | None) -> bool:
    """Exact date; a month-level gold accepts any day of that month; null must stay null."""
    if gold is None:
        return pred is None
    if pred is None:
        return False
    return pred == gold or (len(gold) == 7 and pred.startswith(gold))


# ----------------------------------------------------------------------------------------------
# One report, then totals


@dataclass
class ReportScore:
    """Counters for one report plus the judged items (for --details)."""

    id: str
    split: str
    counts: Counter[str] = field(default_factory=Counter)
    details: list[dict[str, Any]] = field(default_factory=list)


def score_report(gold: dict[str, Any], article: dict[str, Any], raw: str) -> ReportScore:
    """Every metric's counters for one report (gold annotations vs one predicted Article dict)."""
    rs = ReportScore(gold["id"], gold.get("split", "?"))
    c = rs.counts
    events, ev_matched = score_events(gold, article)
    for o in events:
        c[f"ev_{o.kind}"] += 1
        c["ev_pred"] += 1
        if o.pred.get("date"):
            c["ev_dated"] += 1
        if o.pred.get("place"):
            c["ev_placed"] += 1
        for r in o.reasons:
            c[f"ev_{o.kind}_reason:{r.split(':')[0]}"] += 1
        rs.details.append(
            {
                "kind": "event",
                "judgement": o.kind,
                "reasons": o.reasons,
                "pred": {k: o.pred.get(k) for k in ("type", "mode", "status", "date", "trigger")},
                "pred_source": _actor_summary(article, o.pred.get("source")),
                "pred_target": _actor_summary(article, o.pred.get("target")),
                "evidence": o.pred["evidence"]["text"],
                "gold": _gold_event_summary(o.gold),
            }
        )
    required = [g for g in gold["events"] if not g["optional"]]
    c["ev_gold"] += len(required)
    for g in required:
        m = ev_matched.get(g["id"])
        if m is None:
            rs.details.append(
                {"kind": "event_missed", "gold": _gold_event_summary(g), "evidence": g["evidence"]["text"]}
            )
            continue
        c["ev_recalled"] += 1
        if m.kind == "fully":
            c["ev_recalled_fully"] += 1
        if g["date"]:
            c["ev_date_gold"] += 1
            c["ev_date_exact"] += m.pred.get("date") == g["date"]
            c["ev_date_compatible"] += date_compatible(m.pred.get("date"), g["date"])
        if g["place"]:
            c["ev_place_gold"] += 1
            c["ev_place_ok"] += place_ok(article, m.pred.get("place"), g["place"])

    figures, fig_matched = score_figures(gold, article)
    for f in figures:
        c[f"fig_{f.kind}"] += 1
        c["fig_pred"] += 1
        for r in f.reasons:
            c[f"fig_{f.kind}_reason:{r}"] += 1
        rs.details.append(
            {
                "kind": "figure",
                "judgement": f.kind,
                "reasons": f.reasons,
                "pred": {
                    k: f.pred.get(k)
                    for k in ("text", "value", "low", "high", "qualifier", "category", "event", "cumulative", "as_of")
                },
                "evidence": f.pred["evidence"]["text"],
                "gold": None
                if f.gold is None
                else {k: f.gold[k] for k in ("value", "low", "high", "qualifier", "category", "cumulative", "vague")}
                | {"mention": f.gold["mention"]["text"]},
            }
        )
    for gi, g in enumerate(gold["figures"]):
        if g["optional"] or g["vague"]:
            continue
        c["fig_gold"] += 1
        m = fig_matched.get(gi)
        if m is None:
            rs.details.append(
                {
                    "kind": "figure_missed",
                    "gold_mention": g["mention"]["text"],
                    "category": g["category"],
                    "evidence": g["evidence"]["text"],
                }
            )
            continue
        c["fig_found"] += 1
        c["fig_recalled"] += m.kind == "correct"
        if g["cumulative"]:
            c["fig_cum_found"] += 1
            c["fig_cum_linked_to_event"] += m.pred.get("event") is not None
            if "cumulative" in m.pred:
                c["fig_cum_flagged"] += bool(m.pred["cumulative"])
        elif m.pred.get("cumulative"):
            c["fig_event_count_flagged"] += 1  # one event's count marked a running total

    quotes, unaligned = score_quotes(gold, article)
    c["q_gold"] += len(quotes)
    c["q_pred_unaligned"] += unaligned
    for q in quotes:
        if q.pred is None:
            rs.details.append(
                {"kind": "quote_missed", "speaker": q.gold["speaker"], "content": q.gold["content"]["text"]}
            )
            continue
        c["q_found"] += 1
        c["q_speaker_ok"] += q.speaker_ok
        if q.via_ok is not None:
            c["q_via_gold"] += 1
            c["q_via_ok"] += q.via_ok
        if not q.speaker_ok:
            rs.details.append(
                {
                    "kind": "quote_speaker_wrong",
                    "gold_speaker": q.gold["speaker"],
                    "pred_speaker": quote_speaker_names(article, q.pred),
                    "content": q.gold["content"]["text"],
                }
            )

    n_pred, supported, found = score_contradictions(gold, article)
    c["con_pred"] += n_pred
    c["con_supported"] += supported
    c["con_spurious"] += n_pred - supported
    c["con_reports_spurious"] += int(n_pred > supported)
    c["con_gold"] += len(gold["contradictions"])
    c["con_found"] += found
    if n_pred > supported:
        rs.details.append(
            {
                "kind": "contradiction_spurious",
                "n": n_pred - supported,
                "reasons": [x.get("reason") for x in article.get("contradictions", [])],
            }
        )

    cleaned = article.get("text", "")
    c["furn_gold"] += len(gold["furniture"])
    removed = furniture_removed(raw, cleaned, gold["furniture"])
    c["furn_removed"] += removed
    if removed < len(gold["furniture"]):
        probes = furniture_probes(raw, gold["furniture"])
        left = [f["text"] for f, p in zip(gold["furniture"], probes, strict=True) if p in norm(cleaned)]
        rs.details.append({"kind": "furniture_kept", "items": left})
    kept, total = body_kept(cleaned, gold)
    c["body_kept"] += kept
    c["body_total"] += total

    pub = gold["published"]
    if not pub["ambiguous"]:
        c["pub_gold"] += 1
        ok = published_ok(article.get("published"), pub["gold"])
        c["pub_ok"] += ok
        if not ok:
            rs.details.append(
                {
                    "kind": "published_wrong",
                    "gold": pub["gold"],
                    "pred": article.get("published"),
                    "inferred": article.get("published_inferred"),
                    "shown": pub["text"],
                }
            )
    c["pub_inferred"] += bool(article.get("published_inferred"))
    return rs


def _actor_summary(article: dict[str, Any], actor_id: str | None) -> Any:
    for a in article.get("actors", []):
        if a["id"] == actor_id:
            return [a.get("name"), a.get("country"), a.get("sector")]
    return None


def _gold_event_summary(g: dict[str, Any] | None) -> Any:
    if g is None:
        return None

    def actor(a: Any) -> Any:
        if a is None:
            return None
        if isinstance(a, list):
            return [actor(x) for x in a]
        return [a["name"], a["country"], a["sector"]]

    return {
        "id": g["id"],
        "type": g["type"],
        "mode": g["mode"],
        "status": g["status"],
        "source": actor(g["source"]),
        "target": actor(g["target"]),
        "date": g["date"],
        "optional": g["optional"],
    }


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 3) if den else None


def summarize(counts: Counter[str], n_reports: int, n_failed: int = 0) -> dict[str, Any]:
    """The reported metrics from summed counters (definitions: README.md)."""
    c = counts
    judged = c["ev_fully"] + c["ev_partly"] + c["ev_wrong"]
    judged_fig = c["fig_correct"] + c["fig_incorrect"] + c["fig_wrong"]
    return {
        "reports": n_reports,
        "reports_failed": n_failed,
        "events": {
            "predicted": c["ev_pred"],
            "judged": judged,
            "fully": c["ev_fully"],
            "partly": c["ev_partly"],
            "wrong": c["ev_wrong"],
            "optional_matches": c["ev_optional"],
            "fully_share": _ratio(c["ev_fully"], judged),
            "partly_share": _ratio(c["ev_partly"], judged),
            "wrong_share": _ratio(c["ev_wrong"], judged),
            "gold_required": c["ev_gold"],
            "recall": _ratio(c["ev_recalled"], c["ev_gold"]),
            "recall_fully": _ratio(c["ev_recalled_fully"], c["ev_gold"]),
            "dated_share": _ratio(c["ev_dated"], c["ev_pred"]),
            "placed_share": _ratio(c["ev_placed"], c["ev_pred"]),
            "date_exact_on_matched": _ratio(c["ev_date_exact"], c["ev_date_gold"]),
            "date_compatible_on_matched": _ratio(c["ev_date_compatible"], c["ev_date_gold"]),
            "place_on_matched": _ratio(c["ev_place_ok"], c["ev_place_gold"]),
            "partly_fields": {k.split(":", 1)[1]: v for k, v in sorted(c.items()) if k.startswith("ev_partly_reason:")},
            "wrong_reasons": {k.split(":", 1)[1]: v for k, v in sorted(c.items()) if k.startswith("ev_wrong_reason:")},
        },
        "figures": {
            "predicted": c["fig_pred"],
            "correct": c["fig_correct"],
            "incorrect": c["fig_incorrect"],
            "wrong": c["fig_wrong"],
            "other_ignored": c["fig_other_ignored"],
            "optional_matches": c["fig_optional"],
            "precision": _ratio(c["fig_correct"], judged_fig),
            "gold_required": c["fig_gold"],
            "recall": _ratio(c["fig_recalled"], c["fig_gold"]),
            "found_recall": _ratio(c["fig_found"], c["fig_gold"]),
            "cumulative_found": c["fig_cum_found"],
            "cumulative_linked_to_an_event": c["fig_cum_linked_to_event"],
            "cumulative_flagged": c["fig_cum_flagged"],
            "non_cumulative_flagged": c["fig_event_count_flagged"],
            "incorrect_fields": {
                k.split(":", 1)[1]: v for k, v in sorted(c.items()) if k.startswith("fig_incorrect_reason:")
            },
            "wrong_reasons": {k.split(":", 1)[1]: v for k, v in sorted(c.items()) if k.startswith("fig_wrong_reason:")},
        },
        "quotes": {
            "gold": c["q_gold"],
            "found": c["q_found"],
            "recall": _ratio(c["q_found"], c["q_gold"]),
            "speaker_accuracy": _ratio(c["q_speaker_ok"], c["q_found"]),
            "via_accuracy": _ratio(c["q_via_ok"], c["q_via_gold"]),
            "predicted_unaligned": c["q_pred_unaligned"],
        },
        "contradictions": {
            "predicted": c["con_pred"],
            "supported": c["con_supported"],
            "spurious": c["con_spurious"],
            "reports_with_spurious": c["con_reports_spurious"],
            "gold": c["con_gold"],
            "gold_found": c["con_found"],
        },
        "furniture": {
            "gold_items": c["furn_gold"],
            "removed": c["furn_removed"],
            "recall": _ratio(c["furn_removed"], c["furn_gold"]),
            "body_sentences_kept": _ratio(c["body_kept"], c["body_total"]),
        },
        "published": {
            "gold": c["pub_gold"],
            "correct": c["pub_ok"],
            "accuracy": _ratio(c["pub_ok"], c["pub_gold"]),
            "inferred": c["pub_inferred"],
        },
    }


def aggregate(scores: Sequence[ReportScore], failed: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """Metrics per split (dev, held) and for all reports together."""
    out = {}
    for split in SPLITS:
        chosen = [s for s in scores if split == "all" or s.split == split]
        total: Counter[str] = Counter()
        for s in chosen:
            total.update(s.counts)
        n_failed = sum(1 for _, sp in failed if split == "all" or sp == split)
        out[split] = summarize(total, len(chosen), n_failed)
    return out


# ----------------------------------------------------------------------------------------------
# Running


def load_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["id"]: r for r in rows}


def present_texts(manifest: dict[str, dict[str, Any]], texts: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """(id -> text for the reports present, ids missing, ids whose text differs from the manifest)."""
    found, missing, differ = {}, [], []
    for rid, meta in manifest.items():
        p = texts / f"{rid}.txt"
        if not p.exists():
            missing.append(rid)
            continue
        text = p.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != meta["sha256"]:
            differ.append(rid)
        found[rid] = text
    return found, missing, differ


def run_pipeline(
    items: Sequence[tuple[str, str, str | None]], quiet: bool
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]]]:
    """eventwire on each (id, text, url) through the public API; records as plain dicts."""
    from rich.progress import Progress

    import eventwire

    pipe = eventwire.Pipeline()
    out: dict[str, dict[str, Any]] = {}
    failed: list[tuple[str, str]] = []
    with Progress(disable=quiet, transient=True) as progress:
        task = progress.add_task("eventwire on real reports", total=len(items))
        for rid, text, url in items:
            try:
                article = pipe.process_text(text, url=url)
                out[rid] = json.loads(eventwire.to_json(article))
            except Exception as e:  # a crash is a result to report, not a reason to stop
                failed.append((rid, f"{type(e).__name__}: {e}"))
            progress.advance(task)
    return out, failed


def load_predictions(path: Path, manifest: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Saved Article records, keyed by report id (from ``input`` = "<id>..." or the manifest url)."""
    by_url = {m["url"]: rid for rid, m in manifest.items()}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        rid = rec.get("report_id") or by_url.get(rec.get("url") or "")
        if rid is None and rec.get("input"):
            rid = Path(str(rec["input"])).stem
        if rid:
            out[rid] = rec
    return out


def print_table(result: dict[str, Any], file: Any = sys.stdout) -> None:
    rows = [
        ("reports scored", lambda m: m["reports"]),
        ("events predicted", lambda m: m["events"]["predicted"]),
        ("  fully right", lambda m: f"{m['events']['fully']} ({m['events']['fully_share']})"),
        ("  partly right", lambda m: f"{m['events']['partly']} ({m['events']['partly_share']})"),
        ("  wrong", lambda m: f"{m['events']['wrong']} ({m['events']['wrong_share']})"),
        ("  matched optional gold", lambda m: m["events"]["optional_matches"]),
        ("event recall (type, sentence)", lambda m: m["events"]["recall"]),
        ("event recall (fully right)", lambda m: m["events"]["recall_fully"]),
        ("events with a date", lambda m: m["events"]["dated_share"]),
        ("events with a place", lambda m: m["events"]["placed_share"]),
        ("date exact (matched events)", lambda m: m["events"]["date_exact_on_matched"]),
        ("place right (matched events)", lambda m: m["events"]["place_on_matched"]),
        ("figures predicted", lambda m: m["figures"]["predicted"]),
        ("figure precision", lambda m: m["figures"]["precision"]),
        ("figure recall", lambda m: m["figures"]["recall"]),
        ("figures found (any fields)", lambda m: m["figures"]["found_recall"]),
        (
            "running totals linked to an event",
            lambda m: f"{m['figures']['cumulative_linked_to_an_event']}/{m['figures']['cumulative_found']}",
        ),
        ("quote recall", lambda m: m["quotes"]["recall"]),
        ("quote speaker accuracy", lambda m: m["quotes"]["speaker_accuracy"]),
        (
            "spurious contradictions",
            lambda m: f"{m['contradictions']['spurious']} of {m['contradictions']['predicted']}",
        ),
        ("furniture removed (recall)", lambda m: m["furniture"]["recall"]),
        ("body sentences kept", lambda m: m["furniture"]["body_sentences_kept"]),
        (
            "publication date accuracy",
            lambda m: f"{m['published']['accuracy']} ({m['published']['correct']}/{m['published']['gold']})",
        ),
    ]
    print(f"{'metric':38} {'dev':>16} {'held':>16} {'all':>16}", file=file)
    for name, get in rows:
        print(f"{name:38} " + " ".join(f"{get(result[s])!s:>16}" for s in SPLITS), file=file)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Score eventwire on the real-report corpus (see bench/realreports/README.md)."
    )
    ap.add_argument("--texts", type=Path, required=True, help="folder with the <id>.txt report texts")
    ap.add_argument("--gold", type=Path, default=HERE / "gold.jsonl")
    ap.add_argument("--manifest", type=Path, default=HERE / "manifest.jsonl")
    ap.add_argument("--predictions", type=Path, help="score these saved Article records instead of running eventwire")
    ap.add_argument("--save-predictions", type=Path, help="write the records eventwire produced (JSONL)")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    ap.add_argument("--details", type=Path, help="write every judged item (JSONL) for error analysis")
    ap.add_argument("--details-split", choices=SPLITS, default="dev", help="which split --details covers (default dev)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    manifest = load_manifest(args.manifest)
    gold = {g["id"]: g for g in load_gold(args.gold)}
    texts, missing, differ = present_texts(manifest, args.texts)
    if missing:
        print(
            f"skipping {len(missing)} of {len(manifest)} reports: text missing in {args.texts} "
            f"(README.md says how to rebuild them): {' '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}",
            file=sys.stderr,
        )
    if differ:
        print(
            f"warning: {len(differ)} texts differ from the manifest sha256 (scored anyway): {' '.join(differ)}",
            file=sys.stderr,
        )
    if not texts:
        print("no report texts present: nothing to score", file=sys.stderr)
        return 2
    ids = [rid for rid in manifest if rid in texts and rid in gold]
    if args.predictions:
        preds = load_predictions(args.predictions, manifest)
        failed = [(rid, manifest[rid]["split"]) for rid in ids if rid not in preds]
    else:
        preds, crashed = run_pipeline([(rid, texts[rid], manifest[rid]["url"]) for rid in ids], args.quiet)
        for rid, why in crashed:
            print(f"eventwire failed on {rid}: {why}", file=sys.stderr)
        failed = [(rid, manifest[rid]["split"]) for rid, _ in crashed]
        if args.save_predictions:
            with args.save_predictions.open("w", encoding="utf-8") as f:
                for rid in ids:
                    if rid in preds:
                        f.write(json.dumps(preds[rid] | {"report_id": rid}, ensure_ascii=False) + "\n")
    scores = [
        score_report(gold[rid] | {"split": manifest[rid]["split"]}, preds[rid], texts[rid])
        for rid in ids
        if rid in preds
    ]
    result = aggregate(scores, failed)
    if args.details:
        with args.details.open("w", encoding="utf-8") as f:
            for s in scores:
                if args.details_split == "all" or s.split == args.details_split:
                    for d in s.details:
                        f.write(json.dumps({"report": s.id} | d, ensure_ascii=False) + "\n")
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
