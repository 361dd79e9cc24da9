"""CASE 2021 Task 2: the type of the main event eventwire codes in each snippet vs the gold type.

Gold types are ACLED sub-event types (plus five others); ``knowledge/eval/case2021_to_plover.tsv``
maps those with a defensible PLOVER counterpart (each row gives its reason). Rows whose gold type
has no mapping are left out of accuracy/F1 and reported as coverage (``mapped rows / all rows``).
A snippet where eventwire finds no event counts as wrong. A majority-class baseline (always the
most frequent mapped type) is scored in the same run.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import EvalResult
from .classify import single_label_scores
from .labelmaps import label_map
from .texts import main_event_type, process_texts

DATA_FILE = "dev_sample_with_labels.tsv"
MAPPING = "case2021_to_plover.tsv"
UNMAPPED = "-"
# The types subtask 2 adds to the ACLED 25: not political events, so a coder should find none.
NON_POLITICAL = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"})


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    subtype: str


def read_snippets(path: Path) -> list[Snippet]:
    """Rows of the task's TSV (``id<TAB>EventSnippet<TAB>SubType``, header first)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Snippet(r[0], r[1], r[2].strip()) for r in rows[1:] if len(r) >= 3]


def evaluate(path: Path, *, limit: int | None = None) -> EvalResult:
    """Accuracy, macro-F1 and weighted-F1 of main-event types on the mapped rows, and coverage."""
    snippets = read_snippets(path / DATA_FILE)
    if limit is not None:
        snippets = snippets[:limit]
    mapping = label_map(MAPPING, "subtype", "plover")
    predicted: list[str | None] = []
    for article in process_texts([s.text for s in snippets], ids=[f"case2021:{s.id}" for s in snippets]):
        predicted.append(main_event_type(article) if article is not None else None)
    gold: list[str] = []
    pred: list[str | None] = []
    unknown: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    events_on_non_political = 0
    for s, p in zip(snippets, predicted, strict=True):
        plover = mapping.get(s.subtype)
        if plover is None:
            unknown[s.subtype] += 1
        elif plover == UNMAPPED:
            unmapped[s.subtype] += 1
            events_on_non_political += s.subtype in NON_POLITICAL and p is not None
        else:
            gold.append(plover)
            pred.append(p)
    metrics, per_class = single_label_scores(gold, pred)
    metrics["coverage"] = len(gold) / len(snippets) if snippets else 0.0
    metrics["event_found_rate"] = sum(p is not None for p in pred) / len(pred) if pred else 0.0
    majority = Counter(gold).most_common(1)[0][0] if gold else None
    baseline, _ = single_label_scores(gold, [majority] * len(gold))
    non_political = sum(n for t, n in unmapped.items() if t in NON_POLITICAL)
    return EvalResult(
        dataset="case2021_task2",
        n=len(gold),
        metrics=metrics,
        per_class=per_class,
        unscored=len(snippets) - len(gold),
        baselines={f"majority ({majority})": baseline} if majority else {},
        notes=[
            f"gold ACLED/CASE types mapped to PLOVER with knowledge/eval/{MAPPING}; {len(gold)} of "
            f"{len(snippets)} rows mapped (coverage {metrics['coverage']:.2f})",
            "unmapped types (not scored): " + ", ".join(f"{t} {n}" for t, n in unmapped.most_common()),
            "prediction = most frequent type among events that happened (ties: most confident, then first); no event = wrong",
            f"events found on non-political rows (crime/disasters, should be none): "
            f"{events_on_non_political} of {non_political}",
            "published (full test set, 25/28/30-way, not comparable to the 6 PLOVER types here): "
            "best weighted F1 83.9 / 79.7 / 77.1 (Haneczok et al. 2021)",
        ]
        + ([f"types missing from the mapping: {dict(unknown)}"] if unknown else []),
        extra={
            "unmapped_rows": dict(unmapped),
            "events_on_non_political_rows": events_on_non_political,
            "non_political_rows": non_political,
        },
    )
