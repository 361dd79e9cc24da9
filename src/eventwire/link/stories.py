"""Stories: articles about one developing situation, by single-pass stream clustering.

Each article, in publication order, is scored against every open story it shares a strong term or a
named actor with; it joins the best story whose score reaches ``threshold``, or starts a new one::

    score = (text_weight * cosine(article TF-IDF, story centroid)
             + entity_weight * share of the article's actor entities already in the story
             + place_weight * share of the article's places already in the story)
            * exp(-days since the story's last article / decay_days)

Terms are hashed into fixed buckets (CRC32) with running document frequencies, so the IDF of the
vector is the IDF of the stream so far and memory does not grow with the vocabulary. A story that
had no article for ``max_gap_days`` is closed. Copies join their original's story without scoring.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..records import Story
from .common import ascii_words, known_iso, stable_id
from .options import StoryOptions
from .rows import StoryProfile, TermCount

Vector = dict[int, float]
_LOOKUP_TERMS = 30  # strongest terms of an article used to find candidate stories


def terms(title: str | None, text: str, hash_bits: int) -> Counter[int]:
    """Hashed term counts of an article: content words of 3+ letters, the title's counted twice."""
    mask = (1 << hash_bits) - 1
    counts: Counter[int] = Counter()
    for weight, part in ((2, title or ""), (1, text)):
        for w in ascii_words(part):
            if len(w) >= 3 and not w.isdigit() and w not in ENGLISH_STOP_WORDS:
                counts[zlib.crc32(w.encode()) & mask] += weight
    return counts


@dataclass
class _Story:
    id: str
    first_day: int
    last_day: int
    centroid: Vector
    entities: Counter[str]
    places: Counter[str]
    place_names: dict[str, str]
    article_ids: list[str] = field(default_factory=list)
    label: str = ""
    _norm: float | None = None

    def norm(self) -> float:
        if self._norm is None:
            self._norm = math.sqrt(sum(v * v for v in self.centroid.values())) or 1.0
        return self._norm


class StoryClusterer:
    """Assigns articles to stories; state is :class:`StoryProfile` and :class:`TermCount` rows plus the stories."""

    def __init__(
        self,
        options: StoryOptions,
        *,
        documents: int = 0,
        term_counts: Iterable[TermCount] = (),
        profiles: Iterable[StoryProfile] = (),
        stories: Iterable[Story] = (),
    ) -> None:
        self.options = options
        self.documents = documents
        self._df = np.zeros(1 << options.hash_bits, dtype=np.int64)
        for tc in term_counts:
            self._df[tc.bucket] = tc.df
        self._open: dict[str, _Story] = {}
        self._by_term: dict[int, set[str]] = {}
        self._by_entity: dict[str, set[str]] = {}
        rows = {s.id: s for s in stories}
        for p in profiles:
            st = rows.get(p.story_id)
            story = _Story(
                id=p.story_id,
                first_day=p.first_day,
                last_day=p.last_day,
                centroid=dict(p.centroid),
                entities=Counter(dict(p.entities)),
                places=Counter(dict(p.places)),
                place_names=dict(p.place_names),
                article_ids=list(st.article_ids) if st else [],
                label=st.label if st else "",
            )
            self._open[story.id] = story
            self._index(story)
        self.changed: set[str] = set()

    # -- vectors -------------------------------------------------------------------------------
    def vector(self, counts: Counter[int], *, count_document: bool) -> Vector:
        """L2-normalised TF-IDF vector (sublinear TF, running IDF) keeping the strongest ``article_terms``."""
        if count_document and counts:
            self.documents += 1
            self._df[np.fromiter(counts.keys(), dtype=np.int64)] += 1
        n = max(self.documents, 1)
        weights = {
            b: (1.0 + math.log(c)) * (math.log((1 + n) / (1 + int(self._df[b]))) + 1.0) for b, c in counts.items()
        }
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: self.options.article_terms]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {b: w / norm for b, w in top}

    # -- assignment ----------------------------------------------------------------------------
    def best(
        self, vec: Vector, day: int, entities: set[str], places: set[str], lookup: Iterable[str] = ()
    ) -> tuple[str | None, float]:
        """The open story this article joins (and its score), or ``(None, best score)``.

        Candidates are the open stories sharing one of the article's strongest terms or one of the
        ``lookup`` entities (named actors; states are left out by the caller: they are in too many stories).
        """
        o = self.options
        candidates: set[str] = set()
        for b, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:_LOOKUP_TERMS]:
            candidates |= self._by_term.get(b, set())
        for e in lookup:
            candidates |= self._by_entity.get(e, set())
        best: tuple[float, int, str] | None = None
        for sid in candidates:
            st = self._open[sid]
            gap = day - st.last_day
            if gap > o.max_gap_days:
                continue
            cos = sum(w * st.centroid.get(b, 0.0) for b, w in vec.items()) / st.norm()
            ent = sum(1 for e in entities if e in st.entities) / len(entities) if entities else 0.0
            plc = sum(1 for p in places if p in st.places) / len(places) if places else 0.0
            score = (o.text_weight * cos + o.entity_weight * ent + o.place_weight * plc) * math.exp(
                -max(gap, 0) / o.decay_days
            )
            rank = (-score, st.first_day, sid)
            if best is None or rank < (-best[0], best[1], best[2]):
                best = (score, st.first_day, sid)
        if best is not None and best[0] >= o.threshold:
            return best[2], best[0]
        return None, best[0] if best else 0.0

    def start(self, article_id: str, day: int) -> str:
        """Open a new story whose first article is ``article_id``."""
        sid = stable_id("s", article_id)
        story = _Story(sid, day, day, {}, Counter(), Counter(), {})
        self._open[sid] = story
        return sid

    def add(
        self, story_id: str, article_id: str, day: int, vec: Vector, entities: Iterable[str], places: dict[str, str]
    ) -> None:
        """Add an article's vector, actors and places to a story."""
        st = self._open[story_id]
        st.article_ids.append(article_id)
        st.last_day = max(st.last_day, day)
        st._norm = None
        before = set(st.centroid)
        for b, w in vec.items():
            st.centroid[b] = st.centroid.get(b, 0.0) + w
        if len(st.centroid) > self.options.centroid_terms:
            top = sorted(st.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[: self.options.centroid_terms]
            st.centroid = dict(top)
        after = set(st.centroid)
        # update the index by difference: cost per article stays flat however large the story grows
        for b in before - after:
            self._drop(self._by_term, b, st.id)
        for b in after - before:
            self._by_term.setdefault(b, set()).add(st.id)
        for e in dict.fromkeys(entities):
            if e not in st.entities:
                self._by_entity.setdefault(e, set()).add(st.id)
            st.entities[e] += 1
        cap = self.options.story_entities
        if len(st.entities) > 2 * cap:
            # keep the most named (ties: first seen) so a long story's memory stays bounded
            keep = sorted(st.entities.items(), key=lambda kv: -kv[1])[:cap]
            for e in set(st.entities) - {k for k, _ in keep}:
                self._drop(self._by_entity, e, st.id)
            st.entities = Counter(dict(keep))
        for key, name in places.items():
            st.places[key] += 1
            st.place_names.setdefault(key, name)
        if len(st.places) > 2 * cap:
            keep_places = sorted(st.places.items(), key=lambda kv: -kv[1])[:cap]
            st.places = Counter(dict(keep_places))
            st.place_names = {k: st.place_names[k] for k in st.places}
        self.changed.add(story_id)

    @staticmethod
    def _drop(index: dict[Any, set[str]], key: Any, sid: str) -> None:
        ids = index.get(key)
        if ids is not None:
            ids.discard(sid)
            if not ids:
                del index[key]

    def entities_of(self, story_id: str) -> set[str]:
        return set(self._open[story_id].entities)

    def is_open(self, story_id: str) -> bool:
        return story_id in self._open

    # -- output --------------------------------------------------------------------------------
    def label(self, story_id: str, names: dict[str, str]) -> str:
        """Main actors (most named first) and its most named place: ``Kyrgyzstan, Tajikistan — Batken``."""
        st = self._open[story_id]
        ranked = [e for e, _ in sorted(st.entities.items(), key=lambda kv: -kv[1]) if e in names]
        actors = ", ".join(names[e] for e in ranked[: self.options.label_items])
        place = ""
        # a town or region says more than a country (countries are among the actors already)
        local = {k: n for k, n in st.places.items() if not k.startswith("country:")} or dict(st.places)
        if local:
            key = max(local.items(), key=lambda kv: kv[1])[0]  # ties: the first seen
            place = st.place_names.get(key, "")
        st.label = f"{actors} — {place}" if actors and place else actors or place
        return st.label

    def story(self, story_id: str) -> Story:
        st = self._open[story_id]
        return Story(
            id=st.id,
            label=st.label,
            first_date=known_iso(st.first_day),
            last_date=known_iso(st.last_day),
            article_ids=list(st.article_ids),
        )

    def profile(self, story_id: str) -> StoryProfile:
        st = self._open[story_id]
        return StoryProfile(
            story_id=st.id,
            first_day=st.first_day,
            last_day=st.last_day,
            centroid=sorted(st.centroid.items(), key=lambda kv: (-kv[1], kv[0])),
            entities=list(st.entities.items()),
            places=list(st.places.items()),
            place_names=list(st.place_names.items()),
        )

    def term_counts(self) -> list[TermCount]:
        nz = np.flatnonzero(self._df)
        return [TermCount(bucket=int(b), df=int(self._df[b])) for b in nz]

    def term_count(self, bucket: int) -> TermCount:
        """The running document frequency of one bucket."""
        return TermCount(bucket=bucket, df=int(self._df[bucket]))

    def open_ids(self) -> list[str]:
        return list(self._open)

    def due(self, today: int) -> list[str]:
        """Open stories whose last article is more than ``max_gap_days`` behind ``today``: no article can join them."""
        return [sid for sid, st in self._open.items() if today - st.last_day > self.options.max_gap_days]

    def close(self, ids: Iterable[str]) -> None:
        """Forget closed stories (their rows were emitted)."""
        for sid in ids:
            self._unindex(self._open.pop(sid))
            self.changed.discard(sid)

    # -- index ---------------------------------------------------------------------------------
    def _index(self, st: _Story) -> None:
        for b in st.centroid:
            self._by_term.setdefault(b, set()).add(st.id)
        for e in st.entities:
            self._by_entity.setdefault(e, set()).add(st.id)

    def _unindex(self, st: _Story) -> None:
        for b in st.centroid:
            ids = self._by_term.get(b)
            if ids is not None:
                ids.discard(st.id)
                if not ids:
                    del self._by_term[b]
        for e in st.entities:
            ids = self._by_entity.get(e)
            if ids is not None:
                ids.discard(st.id)
                if not ids:
                    del self._by_entity[e]


__all__ = ["StoryClusterer", "terms"]
