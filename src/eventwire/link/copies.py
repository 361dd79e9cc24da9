"""Copies: the same wire text carried again, under another headline or with another first or last line.

Each original article's text (not its title) becomes a set of word shingles, summarised by a MinHash
signature (datasketch); an LSH index over the originals of the last ``window_days`` proposes
candidates, and a candidate is the article's original when the estimated share of the shorter
text's shingles found in the other (containment) reaches ``min_containment``. Containment rather
than Jaccard: a copy trimmed by a paragraph, or with a new first line, still carries most of the
shorter text. Copies are not indexed themselves, so every copy points to the earliest article.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .common import ascii_words
from .options import CopyOptions
from .rows import Fingerprint

SCHEME = "affine32"
"""datasketch permutation scheme; stored signatures are only comparable with signatures of the same scheme."""


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """An earlier article whose text the new one carries."""

    copy_of: str
    containment: float
    jaccard: float


def shingles(text: str, k: int) -> set[bytes]:
    """Distinct word ``k``-shingles of ``text`` (ASCII-folded, lower-case), as UTF-8 bytes."""
    words = ascii_words(text)
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller set inside the other, from their Jaccard similarity and sizes."""
    if jaccard <= 0 or not size_a or not size_b:
        return 0.0
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    return min(1.0, shared / min(size_a, size_b))


class CopyDetector:
    """Finds the original of a new article among the recent originals; incremental, bounded memory."""

    def __init__(self, options: CopyOptions, fingerprints: list[Fingerprint] = ()) -> None:  # type: ignore[assignment]
        self.options = options
        self._lsh = MinHashLSH(threshold=options.lsh_threshold, num_perm=options.num_perm)
        self._prints: dict[str, tuple[Fingerprint, MinHash]] = {}
        self._order: deque[tuple[int, str]] = deque()
        # permutations are drawn from the seed once; every signature reuses them (drawing them is most of the cost)
        self._permutations = MinHash(num_perm=options.num_perm, seed=options.seed, scheme=SCHEME).permutations
        for fp in sorted(fingerprints, key=lambda f: (f.day, f.article_id)):
            self._insert(fp, self._restore(fp))

    def signature(self, text: str) -> tuple[int, MinHash]:
        """Number of shingles and MinHash signature of ``text``."""
        sh = shingles(text, self.options.shingle_words)
        m = MinHash(
            num_perm=self.options.num_perm, seed=self.options.seed, permutations=self._permutations, scheme=SCHEME
        )
        if sh:
            m.update_batch(list(sh))
        return len(sh), m

    def find(self, size: int, sig: MinHash, day: int) -> CopyMatch | None:
        """The best original within the window that this text copies, or None."""
        o = self.options
        if size < o.min_shingles:
            return None
        best: tuple[float, int, str, float] | None = None
        for key in self._lsh.query(sig):
            fp, other = self._prints[key]
            if abs(day - fp.day) > o.window_days or fp.shingles < o.min_shingles:
                continue
            j = float(sig.jaccard(other))
            c = containment(j, size, fp.shingles)
            if c < o.min_containment:
                continue
            # best containment; ties to the earlier article (then the smaller id) so results never depend on set order
            rank = (-c, fp.day, fp.article_id, j)
            if best is None or rank < best:
                best = rank
        if best is None:
            return None
        return CopyMatch(copy_of=best[2], containment=round(-best[0], 4), jaccard=round(best[3], 4))

    def add(self, article_id: str, story_id: str, day: int, size: int, sig: MinHash) -> Fingerprint:
        """Index an original article; returns its fingerprint row."""
        fp = Fingerprint(
            article_id=article_id, day=day, story_id=story_id, shingles=size, minhash=[int(v) for v in sig.hashvalues]
        )
        self._insert(fp, sig)
        return fp

    def story_of(self, article_id: str) -> str | None:
        """Story of an indexed original."""
        item = self._prints.get(article_id)
        return item[0].story_id if item else None

    def evict(self, today: int) -> list[str]:
        """Drop originals that fell out of the window behind ``today``; returns their ids."""
        gone = []
        while self._order and self._order[0][0] < today - self.options.window_days:
            _, key = self._order.popleft()
            if key in self._prints:
                del self._prints[key]
                self._lsh.remove(key)
                gone.append(key)
        return gone

    def fingerprints(self) -> list[Fingerprint]:
        """The indexed fingerprints (the detector's whole state)."""
        return [fp for fp, _ in self._prints.values()]

    def _restore(self, fp: Fingerprint) -> MinHash:
        hv = np.array(fp.minhash, dtype=np.uint64)
        return MinHash(
            num_perm=self.options.num_perm,
            seed=self.options.seed,
            hashvalues=hv,
            permutations=self._permutations,
            scheme=SCHEME,
        )

    def _insert(self, fp: Fingerprint, sig: MinHash) -> None:
        if fp.article_id in self._prints:
            return
        self._prints[fp.article_id] = (fp, sig)
        self._order.append((fp.day, fp.article_id))
        self._lsh.insert(fp.article_id, sig)


__all__ = ["CopyDetector", "CopyMatch", "containment", "shingles"]
