"""ECB+ (dev topics): article clustering into topics and sub-topics, and cross-document event coreference.

What is scored (docs/metrics.md, docs/linking.md):

* stories: the linker's stories against the gold topics (8) and sub-topics (16: topic x ``ecb`` /
  ``ecbplus``, two real events of one kind), B-cubed and V-measure (ECB+ has no publication dates,
  so time decay plays no part);
* event coreference over the GOLD event mentions (ACTION_* / NEG_* markables in the annotated
  sentences of ``ECBplus_coreference_sentences``): each mention becomes an event (type, actors,
  date and place of our extracted event whose trigger it overlaps, else type ``OTHER``) and the
  linker groups them; the same-lemma baseline (mentions with the same head lemma in the same
  predicted story; published about 78 B-cubed F1 on the test topics, Barhom et al. 2019, "cluster +
  lemma") runs in the same pass. MUC, B-cubed, CEAF-e and CoNLL F1, singletons included;
* end to end: our own extracted events (in the annotated sentences) against the gold mentions; a
  predicted event matches a gold mention when its trigger overlaps it.

Tune/check discipline: a topic is in the tune half iff ``int(sha256(topic).hexdigest(), 16) % 2 == 0``;
every metric is reported for ``tune``, ``check`` and ``all`` (the gate reads ``check``).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import EvalResult, Scorer
from .coref import clustering_scores, clusters_of, conll
from .progress import tracked
from .split import Half

if TYPE_CHECKING:
    from ..link import LinkOptions, LinkResult
    from ..records import Article

_FILE = re.compile(r"^(?P<topic>\d+)_(?P<n>\d+)(?P<sub>ecbplus|ecb)\.xml$")
_NO_SPACE_BEFORE = {",", ".", "!", "?", ";", ":", "'s", "n't", "%", ")", "'", "''", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "$", "``", "#"}


def gold_clusters(path: Path, limit: int | None = None) -> dict[str, str]:
    """Article file name -> gold cluster (``<topic>_<ecb|ecbplus>``) for the XML files under ``path``."""
    files = sorted(p for p in (path / "ECB+").rglob("*.xml") if _FILE.match(p.name))
    if limit is not None:
        files = files[:limit]
    out: dict[str, str] = {}
    for p in files:
        m = _FILE.match(p.name)
        assert m is not None  # filtered above
        out[p.name] = f"{m['topic']}_{m['sub']}"
    return out


def in_tune_half(topic: str) -> bool:
    """The seeded split: a topic is in the tune half iff sha256(topic) is even."""
    return int(hashlib.sha256(topic.encode()).hexdigest(), 16) % 2 == 0


@dataclass
class GoldMention:
    id: str
    start: int
    end: int
    sentence: int
    cluster: str


@dataclass
class Doc:
    name: str
    topic: str
    sub: str
    text: str
    sentence_spans: dict[int, tuple[int, int]]
    mentions: list[GoldMention] = field(default_factory=list)
    selected: set[int] | None = None
    """The annotated sentences (None: every sentence)."""


def read_doc(path: Path, selected: set[int] | None) -> Doc | None:
    """One ECB+ file as text (sentence per line, URL sentence of ``ecbplus`` files dropped) with its gold event mentions."""
    m = _FILE.match(path.name)
    if m is None:
        return None
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return None
    tokens = [(t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")]
    if m["sub"] == "ecbplus":
        tokens = [t for t in tokens if t[1] != 0]
    if not tokens:
        return None
    parts: list[str] = []
    offsets: dict[str, tuple[int, int, int]] = {}
    spans: dict[int, tuple[int, int]] = {}
    pos, prev_sent, prev_tok = 0, None, ""
    for tid, sent, word in tokens:
        if prev_sent is not None and sent != prev_sent:
            parts.append("\n")
            pos += 1
        elif prev_sent is not None and word not in _NO_SPACE_BEFORE and prev_tok not in _NO_SPACE_AFTER:
            parts.append(" ")
            pos += 1
        offsets[tid] = (pos, pos + len(word), sent)
        lo, _ = spans.get(sent, (pos, pos))
        spans[sent] = (lo, pos + len(word))
        parts.append(word)
        pos += len(word)
        prev_sent, prev_tok = sent, word
    doc = Doc(path.name, m["topic"], m["sub"], "".join(parts), spans, selected=selected)

    markables = root.find("Markables")
    instance: dict[str, str] = {}
    anchors: dict[str, list[str]] = {}
    is_event: set[str] = set()
    if markables is not None:
        for mk in markables:
            mid = mk.get("m_id", "")
            if mk.get("instance_id"):
                instance[mid] = mk.get("instance_id", "")
            ts = [a.get("t_id", "") for a in mk.findall("token_anchor")]
            if ts:
                anchors[mid] = ts
                if mk.tag.startswith(("ACTION", "NEG")):
                    is_event.add(mid)
    cluster_of: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations:
            target = rel.find("target")
            chain = instance.get(target.get("m_id", "")) if target is not None else None
            chain = chain or rel.get("note") or f"{path.name}:{rel.get('r_id')}"
            for src in rel.findall("source"):
                cluster_of[src.get("m_id", "")] = chain
    for mid in sorted(is_event, key=int):
        toks = [offsets[t] for t in anchors[mid] if t in offsets]
        if not toks:
            continue
        sent = toks[0][2]
        if selected is not None and sent not in selected:
            continue
        gid = f"{path.name}:{mid}"
        doc.mentions.append(
            GoldMention(gid, min(t[0] for t in toks), max(t[1] for t in toks), sent, cluster_of.get(mid, gid))
        )
    return doc


def selected_sentences(path: Path) -> dict[str, set[int]] | None:
    """File name -> annotated sentence numbers (``ECBplus_coreference_sentences*.csv``), if the file is there."""
    files = sorted(path.glob("ECBplus_coreference_sentences*.csv"))
    if not files:
        return None
    out: dict[str, set[int]] = {}
    with files[0].open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(f"{row['Topic']}_{row['File']}.xml", set()).add(int(row["Sentence Number"]))
    return out


def _shift(doc: Doc, article_text: str) -> dict[int, int]:
    """Sentence -> offset to add to a document offset to get the cleaned article's offset (found sentences only)."""
    out: dict[int, int] = {}
    pos = 0
    for sent, (lo, hi) in sorted(doc.sentence_spans.items()):
        i = article_text.find(doc.text[lo:hi], pos)
        if i >= 0:
            out[sent] = i - lo
            pos = i + (hi - lo)
    return out


@dataclass(frozen=True)
class Item:
    """One ECB+ document to score: its XML file and its annotated sentences (None: every sentence)."""

    path: Path
    selected: frozenset[int] | None

    @property
    def topic(self) -> str:
        m = _FILE.match(self.path.name)
        assert m is not None  # load keeps matching names only
        return m["topic"]


@dataclass
class Prepared:
    """What the pipeline made of the documents (the expensive part, run once): articles and head lemmas."""

    docs: list[Doc]
    articles: list[Article]
    lemmas: list[dict[str, str]]
    """Per document: gold mention id -> lemma of the mention's head token (for the same-lemma baseline)."""


@dataclass
class Prediction:
    """Everything scored of one document; ``doc`` is None when its XML could not be read."""

    doc: Doc | None
    story: str = ""
    gold: dict[Hashable, Hashable] = field(default_factory=dict)
    """Gold mention id -> our group, the linker grouping the gold mentions."""
    lemma: dict[Hashable, Hashable] = field(default_factory=dict)
    """Gold mention id -> same-lemma cluster (head lemma within the predicted story)."""
    e2e: dict[Hashable, Hashable] = field(default_factory=dict)
    """Our grouped events of the annotated sentences (keyed by the gold mention they overlap, else their own id) -> group."""


def prepare(docs: Sequence[Doc], pipe: Any = None) -> Prepared:
    """Run the pipeline on the documents and take the head lemma of every gold mention (loads spaCy)."""
    from ..pipeline import Pipeline
    from ..read import Source

    pipe = pipe or Pipeline()
    sources = [Source(origin=d.name, body=d.text, format="text", source=d.name) for d in docs]
    articles: list[Article] = []
    for d, art in zip(docs, tracked(pipe.process_batch(sources, "record"), len(docs)), strict=True):
        if not hasattr(art, "events"):
            raise RuntimeError(f"ECB+ document {d.name} was not processed: {art}")
        articles.append(dataclasses.replace(art, source=d.name))
    lemmas: list[dict[str, str]] = []
    for d, p in zip(docs, pipe.parser.parse_many(d.text for d in docs), strict=True):
        heads: dict[str, str] = {}
        for gm in d.mentions:
            # the head: the mention's token whose syntactic head lies outside the mention
            toks = [t for t in p.tokens if t.start < gm.end and t.end > gm.start]
            head = next((t for t in toks if not (gm.start <= p.tokens[t.head].start < gm.end) or t.head == t.i), None)
            heads[gm.id] = (head or toks[-1]).lemma.lower() if toks else d.text[gm.start : gm.end].lower()
        lemmas.append(heads)
    return Prepared(list(docs), articles, lemmas)


def link_predictions(prep: Prepared, options: LinkOptions | None = None) -> dict[str, Prediction]:
    """Link the articles (stories, end-to-end groups) and the gold mentions; one prediction per document name."""
    from ..link import link_articles

    linked = link_articles(prep.articles, options)
    story_of = {a.source or "": linked.articles[a.id].story_id for a in prep.articles}
    gold_arts, mention_of_event = _gold_mention_articles(prep.docs, prep.articles)
    gold_linked = link_articles(gold_arts, options)
    group_of_mention = {mention_of_event[m.event_id]: g.id for g in gold_linked.groups.values() for m in g.members}
    out: dict[str, Prediction] = {}
    for d, art, heads in zip(prep.docs, prep.articles, prep.lemmas, strict=True):
        story = story_of[d.name]
        out[d.name] = Prediction(
            doc=d,
            story=story,
            gold={gm.id: group_of_mention.get(gm.id, ("unlinked", gm.id)) for gm in d.mentions},
            lemma={gm.id: (story, heads[gm.id]) for gm in d.mentions},
            e2e=_end_to_end(d, art, linked),
        )
    return out


def _gold_mention_articles(docs: Sequence[Doc], articles: Sequence[Article]) -> tuple[list[Article], dict[str, str]]:
    """Articles whose events are the gold mentions (with the type, actors, date and place of our event there)."""
    from ..records import Event, Span

    out: list[Article] = []
    mention_of_event: dict[str, str] = {}
    for d, art in zip(docs, articles, strict=True):
        shift = _shift(d, art.text)
        events: list[Event] = []
        for n, gm in enumerate(d.mentions, 1):
            if gm.sentence not in shift:
                continue
            s, e = gm.start + shift[gm.sentence], gm.end + shift[gm.sentence]
            trigger = Span(art.text[s:e], s, e)
            ours = next((ev for ev in art.events if ev.trigger.start < e and ev.trigger.end > s), None)
            lo, hi = d.sentence_spans[gm.sentence]
            sentence = Span(
                art.text[lo + shift[gm.sentence] : hi + shift[gm.sentence]],
                lo + shift[gm.sentence],
                hi + shift[gm.sentence],
            )
            eid = f"g{n}"
            if ours is not None:
                ev = dataclasses.replace(ours, id=eid, trigger=trigger, status="asserted")
            else:
                ev = Event(
                    eid, "OTHER", None, [], None, None, "asserted", None, None, None, None, [], trigger, sentence, 0.0
                )
            events.append(ev)
            mention_of_event[f"{art.id}:{eid}"] = gm.id
        out.append(dataclasses.replace(art, events=events))
    return out, mention_of_event


def _end_to_end(d: Doc, art: Article, linked: LinkResult) -> dict[Hashable, Hashable]:
    """Our grouped events in the annotated sentences, keyed by the gold mention they overlap (or their own id)."""
    resp: dict[Hashable, Hashable] = {}
    group_of = {m.event_id: g.id for g in linked.groups.values() for m in g.members if m.article_id == art.id}
    shift = _shift(d, art.text)
    inverse = {
        sent: (lo + shift[sent], hi + shift[sent]) for sent, (lo, hi) in d.sentence_spans.items() if sent in shift
    }
    wanted = d.selected
    for ev in art.events:
        sent = next((s for s, (lo, hi) in inverse.items() if lo <= ev.trigger.start < hi), None)
        if sent is None or (wanted is not None and sent not in wanted):
            continue
        gid = group_of.get(f"{art.id}:{ev.id}")
        if gid is None:
            continue  # not grouped (planned, hypothetical, ...): not a claim that it happened
        s, e = ev.trigger.start - shift[sent], ev.trigger.end - shift[sent]
        gold = next((gm.id for gm in d.mentions if gm.start < e and gm.end > s and gm.id not in resp), None)
        resp[gold or f"{d.name}:pred:{ev.id}"] = gid
    return resp


def _coref(key_of: dict[Hashable, Hashable], resp_of: dict[Hashable, Hashable]) -> dict[str, float]:
    """MUC, B-cubed, CEAF-e, CoNLL of a response (mentions absent from the key count against precision)."""
    s = conll(clusters_of(key_of), clusters_of(resp_of))
    return {f"{m}_{k}": v for m, d in s.items() for k, v in d.items()}


def score(items: Sequence[Item], predictions: Sequence[Prediction]) -> EvalResult:
    """Stories, gold-mention and end-to-end coreference of the documents given (any subset of topics)."""
    preds = [p for p in predictions if p.doc is not None]
    result = EvalResult(dataset="ecbplus", n=len(preds), metrics={}, unscored=len(predictions) - len(preds))
    if not preds:
        result.notes.append("no readable ECB+ documents (token XML) were found")
        return result
    docs = [p.doc for p in preds if p.doc is not None]
    story: dict[Hashable, Hashable] = {d.name: p.story for d, p in zip(docs, preds, strict=True)}
    topic = {d.name: d.topic for d in docs}
    sub = {d.name: f"{d.topic}_{d.sub}" for d in docs}
    for prefix, truth in (("topic", topic), ("subtopic", sub)):
        for k, v in clustering_scores(truth, story).items():
            result.metrics[f"stories_{prefix}_{k}"] = round(v, 4)
    key_of: dict[Hashable, Hashable] = {m.id: m.cluster for d in docs for m in d.mentions}
    ours = {m: g for p in preds for m, g in p.gold.items()}
    lemma = {m: g for p in preds for m, g in p.lemma.items()}
    e2e = {m: g for p in preds for m, g in p.e2e.items()}
    for name, resp in (("gold", ours), ("e2e", e2e)):
        for k, v in _coref(key_of, resp).items():
            result.metrics[f"{name}_{k}"] = round(v, 4)
    result.baselines["same_lemma"] = {k: round(v, 4) for k, v in _coref(key_of, lemma).items()}
    result.extra = {
        "documents": len(docs),
        "topics": sorted(set(topic.values()), key=int),
        "gold_mentions": len(key_of),
        "gold_chains": len(set(key_of.values())),
        "stories": len(set(story.values())),
        "groups_gold_mode": len(set(ours.values())),
        "matched_gold_mentions": sum(1 for m in e2e if m in key_of),
        "predicted_events_e2e": len(e2e),
    }
    result.notes += [
        "stories: linker stories vs gold topics and sub-topics (B-cubed, V-measure, ARI); ECB+ has no dates",
        "gold: gold ACTION/NEG mentions of the annotated sentences grouped by the linker (types, actors, dates, places "
        "of the overlapping extracted event, else type OTHER); singletons included",
        "same_lemma baseline: same head lemma within the same predicted story; published ~78 B3 F1 "
        "(Barhom et al. 2019, ECB+ test topics, cluster+lemma)",
        "e2e: our grouped events of the annotated sentences vs every gold mention; an event is the gold mention its "
        "trigger overlaps, else a mention of its own (counts against precision); gold mentions we miss count "
        "against recall",
    ]
    return result


def _load(path: Path, limit: int | None) -> list[Item]:
    # no ECB+ articles: the runner raises EW402 ("no gold items") with the path
    if not (path / "ECB+").is_dir():
        return []
    selected = selected_sentences(path)
    names = gold_clusters(path, limit)
    files = sorted((p for p in (path / "ECB+").rglob("*.xml") if p.name in names), key=lambda p: p.name)
    return [Item(p, frozenset(selected.get(p.name, set())) if selected is not None else None) for p in files]


def read_items(items: Sequence[Item]) -> list[Doc | None]:
    """The gold documents of the items (None for a file that is not ECB+ token XML)."""
    return [read_doc(it.path, set(it.selected) if it.selected is not None else None) for it in items]


def _predict(items: Sequence[Item]) -> list[Prediction]:
    docs = read_items(items)
    readable = [d for d in docs if d is not None]
    preds = link_predictions(prepare(readable)) if readable else {}
    return [preds[d.name] if d is not None else Prediction(None) for d in docs]


def evaluate(path: Path, *, limit: int | None = None) -> EvalResult:
    """Score every dev topic together (the ``all`` split; ``eventwire eval ecbplus`` gives tune and check too)."""
    items = _load(path, limit)
    return score(items, _predict(items))


def _half(topic: str) -> Half:
    return "tune" if in_tune_half(topic) else "check"


SCORER: Scorer[Item, Prediction] = Scorer(
    load=_load,
    key=lambda item: item.topic,
    predict=_predict,
    score=score,
    half=_half,
    split_rule="ECB+ topic in tune iff int(sha256(topic), 16) % 2 == 0, else check",
    summary="ECB+ dev topics: stories (B3, V-measure) and cross-document event coreference (MUC, B3, CEAF-e, CoNLL)",
)
"""Registered in pyproject.toml (``[project.entry-points."eventwire.scorers"]``). Items are documents;
a topic's documents share its key, and ECB+ keeps its own topic split (``in_tune_half``: the story
threshold and the grouping were tuned on those tune topics only). Linking runs once over every
document in ``predict``; ``score`` scores whichever documents it is given."""

__all__ = [
    "Item",
    "Prediction",
    "Prepared",
    "evaluate",
    "gold_clusters",
    "in_tune_half",
    "link_predictions",
    "prepare",
    "read_doc",
    "read_items",
    "score",
    "selected_sentences",
]
