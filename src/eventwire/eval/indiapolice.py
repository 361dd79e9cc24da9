"""IndiaPoliceEvents: police-action classes of each sentence, derived from eventwire's events.

Gold: for every sentence of 251 articles, which of KILL, ARREST, FAIL, FORCE, ANY_ACTION hold
(police killed / arrested / failed to intervene / used force / took any action). Each sentence is
run through the full pipeline on its own (in batches) and its events become classes:

* an event is a police event when its source actor is police (sector ``COP`` or a police word in
  the actor's name; security forces count), or it has no source and the sentence names the police
  ("killed in police firing") without the police being its target or the ones claiming it;
* police event that happened -> ANY_ACTION; ASSAULT -> FORCE; ASSAULT that kills (kill word in the
  trigger, the word after it ("shot dead") or the mode, or a linked figure of the killed) -> KILL;
  COERCE that arrests (arrest word in trigger or mode, or a figure of the arrested) -> ARREST;
* a negated police event ("police did not intervene") -> FAIL. eventwire has no notion of failing to
  act, so FAIL is only approximated and is not gated.

Words come from ``knowledge/eval/indiapolice_terms.tsv``. A keyword baseline built from the same
words (police word + kill/arrest/force word in the sentence) is scored in the same run, per class
and micro; ``micro_f1_over_keywords`` is eventwire's micro-F1 minus the baseline's.

File: ``data/final/sents.jsonl`` as published (one JSON object per sentence: ``doc_id``, ``sent_id``,
``sent_text``, ``sent_labels``); ``path`` is the dataset folder, ``data/final`` or the file. The
tune/check split is by article (``doc_id``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..records import Article, Event
from . import EvalResult, Scorer
from .classify import multi_label_scores
from .inputs import field, find_file, json_lines, malformed
from .labelmaps import knowledge_path, read_table
from .police_classifier import cv_fold, shipped_classifier, text_features
from .split import half_of
from .texts import process_texts

SENTS_FILE = Path("data") / "final" / "sents.jsonl"
FOLDERS = ("data/final", "final", ".")
CLASSES = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
TERMS = "indiapolice_terms.tsv"
_NOT_HAPPENED = frozenset({"hypothetical", "threatened", "planned", "requested"})
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class GoldSentence:
    doc_id: int
    sent_id: int
    text: str
    labels: frozenset[str]


@dataclass(frozen=True)
class Terms:
    police: tuple[str, ...]
    kill: tuple[str, ...]
    arrest: tuple[str, ...]
    force: tuple[str, ...]
    not_police: tuple[str, ...] = ()


@cache
def load_terms() -> Terms:
    """The term lists of ``knowledge/eval/indiapolice_terms.tsv`` by kind."""
    rows = read_table(knowledge_path(TERMS), ("term", "kind", "reason"))
    by_kind: dict[str, list[str]] = {"police": [], "kill": [], "arrest": [], "force": [], "not_police": []}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row["term"].lower())
    return Terms(*(tuple(by_kind[k]) for k in ("police", "kill", "arrest", "force", "not_police")))


def read_sentences(path: Path, limit: int | None = None) -> list[GoldSentence]:
    """Gold sentences in file order; ``limit`` keeps the sentences of the first N articles.

    ``path`` is the dataset folder, ``data/final`` or ``sents.jsonl`` itself; EW402 if absent,
    EW404 for a line that is not a sentence object.
    """
    file = find_file(path, "indiapoliceevents", ("sents.jsonl",), FOLDERS)
    out: list[GoldSentence] = []
    docs: list[int] = []
    for lineno, d in json_lines(file):
        doc_id = field(d, "doc_id", int, file, lineno)
        labels = field(d, "sent_labels", list, file, lineno)
        if not all(isinstance(x, str) for x in labels):
            raise malformed("field 'sent_labels' should be a list of strings", file, lineno)
        if not docs or docs[-1] != doc_id:
            if limit is not None and len(docs) == limit:
                break
            docs.append(doc_id)
        out.append(
            GoldSentence(
                doc_id,
                field(d, "sent_id", int, file, lineno),
                field(d, "sent_text", str, file, lineno),
                frozenset(labels),
            )
        )
    return out


def _has_term(text: str, terms: Iterable[str]) -> bool:
    """Any term (a word prefix, or a phrase) in ``text``."""
    low = text.lower()
    words = _WORD.findall(low)
    for term in terms:
        if " " in term:
            if re.search(rf"\b{re.escape(term)}\b", low):
                return True
        elif any(w.startswith(term) for w in words):
            return True
    return False


def _names_police(name: str, terms: Terms) -> bool:
    low = name.lower()
    for phrase in terms.not_police:  # "the X police station" names a place, not the police
        low = low.replace(phrase, " ")
    words = set(_WORD.findall(low))
    return any((t in low) if " " in t else (t in words) for t in terms.police)


def police_actor_ids(article: Article, terms: Terms) -> set[str]:
    """Ids of actors that are police: sector COP, or a police word in a name or alias."""
    return {
        a.id for a in article.actors if a.sector == "COP" or any(_names_police(n, terms) for n in (a.name, *a.aliases))
    }


def _counts(article: Article, event: Event, categories: frozenset[str]) -> bool:
    return any(q.id in event.quantities and q.category in categories for q in article.quantities)


def _trigger_and_next_word(event: Event) -> str:
    """The trigger plus the word after it ("shot dead", "taken into"), from the evidence text."""
    rel = event.trigger.end - event.evidence.start
    after = event.evidence.text[rel : rel + 40] if 0 <= rel <= len(event.evidence.text) else ""
    nxt = _WORD.match(after.lower().lstrip())
    return f"{event.trigger.text} {nxt.group(0) if nxt else ''}"


def event_classes(article: Article, event: Event, police: set[str], terms: Terms) -> set[str]:
    """The police-action classes one event supports (empty when it is not a police event)."""
    sources = {event.source, *event.sources} - {None}
    # Without a source, a sentence naming the police ("killed in police firing") counts, unless the
    # police are the target ("a policeman was shot") or only the ones reporting it ("police said").
    bystander = bool(({event.target, *event.targets, event.claimed_by} - {None}) & police)
    involved = bool(sources & police) or (not sources and not bystander and _names_police(event.evidence.text, terms))
    # An arrest without a named doer ("22 persons were arrested") is made by the police: arresting is
    # what law enforcement does (the question asks about police arrests, with or without the word).
    involved = involved or (not sources and event.type == "COERCE" and event.mode == "arrest")
    if not involved or event.status in _NOT_HAPPENED:
        return set()
    if event.status == "negated":
        return {"FAIL"}
    words = f"{_trigger_and_next_word(event)} {event.mode or ''}"
    out = {"ANY_ACTION"}
    if event.type == "ASSAULT":
        out.add("FORCE")
        if _has_term(words, terms.kill) or _counts(article, event, frozenset({"killed"})):
            out.add("KILL")
    if event.type == "COERCE" and (
        _has_term(words, terms.arrest) or _counts(article, event, frozenset({"arrested", "detained"}))
    ):
        out.add("ARREST")
    return out


def predict_classes(article: Article | None, terms: Terms) -> set[str]:
    """Classes of one sentence from the events eventwire found in it."""
    if article is None:
        return set()
    police = police_actor_ids(article, terms)
    out: set[str] = set()
    for event in article.events:
        out |= event_classes(article, event, police, terms)
    return out


def keyword_baseline(text: str, terms: Terms) -> set[str]:
    """A police word plus a kill / arrest / force word anywhere in the sentence."""
    if not _names_police(text, terms):
        return set()
    out = {"ANY_ACTION"}
    if _has_term(text, terms.kill):
        out |= {"KILL", "FORCE"}
    if _has_term(text, terms.arrest):
        out.add("ARREST")
    if _has_term(text, terms.force):
        out.add("FORCE")
    return out


def sentence_features(text: str, article: Article | None, terms: Terms) -> list[str]:
    """What the learned classifier reads of one sentence: its words and bigrams, the classes the rules
    give from eventwire's events (``rule:KILL``), the types of the events that happened and of those
    with a police source (``type:COERCE``, ``police_type:ASSAULT``), and whether the police are named."""
    feats = text_features(text)
    feats += [f"rule:{c}" for c in sorted(predict_classes(article, terms))]
    if _names_police(text, terms):
        feats.append("names_police")
    if article is not None:
        police = police_actor_ids(article, terms)
        for e in article.events:
            if e.status in _NOT_HAPPENED:
                continue
            feats.append(f"type:{e.type}")
            if e.mode:
                feats.append(f"mode:{e.type}:{e.mode}")
            if {e.source, *e.sources} & police:
                feats.append(f"police_type:{e.type}")
    return feats


@dataclass(frozen=True)
class SentencePrediction:
    """The classes given to one sentence, and those the event rules alone give (a baseline)."""

    classes: frozenset[str]
    rules: frozenset[str]


def classify(text: str, article: Article | None, terms: Terms, fold: int | None = None) -> SentencePrediction:
    """Classes of one sentence: the event rules' classes plus the learned classifier's over the sentence
    and its events when the artefact is shipped (:mod:`.police_classifier`), else the rules alone.
    ``fold``: the sentence's article was in that training fold; score it with the model fitted without it."""
    rules = frozenset(predict_classes(article, terms))
    model = shipped_classifier()
    if model is None:
        return SentencePrediction(rules, rules)
    # The rules are precise (precision 0.88-1.0 on both halves before the classifier): what they find stays.
    learned = model.predict(sentence_features(text, article, terms), fold)
    return SentencePrediction(frozenset(learned) | rules, rules)


def training_fold(doc_id: int) -> int | None:
    """The CV fold of an article the classifier was trained on (the tune half), None for the others."""
    return cv_fold(doc_id) if half_of("indiapoliceevents", str(doc_id)) == "tune" else None


def load(path: Path, limit: int | None) -> list[GoldSentence]:
    """The gold sentences (``limit`` = those of the first N articles)."""
    return read_sentences(path, limit)


def run_pipeline(sentences: Sequence[GoldSentence]) -> list[Article | None]:
    """eventwire's record of each sentence, each run on its own (in batches)."""
    ids = [f"indiapolice:{s.doc_id}:{s.sent_id}" for s in sentences]
    return list(process_texts([s.text for s in sentences], ids=ids))


def predict(sentences: Sequence[GoldSentence]) -> list[SentencePrediction]:
    """The police-action classes of each sentence (classifier over the sentence and its events)."""
    terms = load_terms()
    # Tune-half sentences are scored by the cross-fitted model that did not see their article, so
    # the tune number is held out like the check half's (the full model alone would score its own fit).
    return [
        classify(s.text, a, terms, training_fold(s.doc_id))
        for s, a in zip(sentences, run_pipeline(sentences), strict=True)
    ]


def score(sentences: Sequence[GoldSentence], predicted: Sequence[SentencePrediction]) -> EvalResult:
    """Sentence-level P/R/F1 per police-action class: ours, the event rules alone and the keyword baseline."""
    terms = load_terms()
    gold = [set(s.labels) for s in sentences]
    metrics, per_class = multi_label_scores(gold, [set(p.classes) for p in predicted], CLASSES)
    for label in CLASSES:
        metrics[f"{label.lower()}_f1"] = per_class[label]["f1"]
    base, base_per_class = multi_label_scores(gold, [keyword_baseline(s.text, terms) for s in sentences], CLASSES)
    for label in CLASSES:
        base[f"{label.lower()}_f1"] = base_per_class[label]["f1"]
    rules, rules_per_class = multi_label_scores(gold, [set(p.rules) for p in predicted], CLASSES)
    for label in CLASSES:
        rules[f"{label.lower()}_f1"] = rules_per_class[label]["f1"]
    metrics["micro_f1_over_keywords"] = metrics["micro_f1"] - base["micro_f1"]
    metrics["micro_f1_over_rules"] = metrics["micro_f1"] - rules["micro_f1"]
    articles = len({s.doc_id for s in sentences})
    model = shipped_classifier()
    return EvalResult(
        dataset="indiapoliceevents",
        n=len(sentences),
        metrics=metrics,
        per_class=per_class,
        unscored=0,
        baselines={"keywords": base, "rules": rules},
        notes=[
            f"{len(sentences)} sentences of {articles} articles, each run through the pipeline on its own",
            (
                "prediction = learned sentence classifier (knowledge/eval/indiapolice_classifier.json, trained on "
                f"the TUNE half only: {model.meta.get('trained_on')}) over the sentence's words and eventwire's events; "
                "'rules' = the events alone"
                if model is not None
                else "prediction = eventwire's events alone (no classifier artefact shipped)"
            ),
            "police event = source actor is police (sector COP / police word) or no source and police named; "
            "ASSAULT -> FORCE, killing ASSAULT -> KILL, arresting COERCE -> ARREST, any -> ANY_ACTION",
            "FAIL is approximated by negated police events only; eventwire does not code failures to act",
            "keywords = police word + kill/arrest/force word in the sentence (same term list), same run; "
            "micro_f1_over_keywords = micro_f1 - keywords micro_f1",
            "published: zero-shot RoBERTa-MNLI / ELECTRA-MSMARCO / keyword baselines in Halterman et al. 2021 "
            "(full data; figures not copied into the dataset README)",
        ],
    )


SCORER: Scorer[GoldSentence, SentencePrediction] = Scorer(
    load=load,
    key=lambda sentence: str(sentence.doc_id),
    predict=predict,
    score=score,
    summary="IndiaPoliceEvents sentences: police-action classes from our events and a tune-half classifier (keyword and rules baselines)",
)
