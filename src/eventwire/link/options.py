"""Every threshold and window of linking, with its default and why (see docs/linking.md).

One frozen value: the same options on the same stream give the same stories and groups, so a
store records the options' digest next to the linking state it wrote.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CopyOptions:
    """Copies: the same text carried again (MinHash over word shingles, LSH for candidates)."""

    shingle_words: int = 5
    """Words per shingle; 5 keeps sentences apart that share common phrases."""
    num_perm: int = 128
    """MinHash permutations: the error of a similarity estimate is about 1/sqrt(num_perm) (0.09)."""
    lsh_threshold: float = 0.4
    """Jaccard at which LSH starts proposing candidates; below the copy threshold so trimmed copies are found."""
    min_containment: float = 0.8
    """A copy shares at least this share of the shorter text's shingles with the earlier one."""
    min_shingles: int = 20
    """Texts with fewer shingles (about 25 words) are never called copies: briefs share too much boilerplate."""
    window_days: int = 7
    """An earlier article at most this many days older can be copied; wire copies run within days."""
    seed: int = 1
    """MinHash seed (fixed: signatures stored by one run are compared by the next)."""


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """Stories: each article joins its best story or starts one."""

    text_weight: float = 0.6
    """Weight of the cosine between the article's TF-IDF vector and the story's centroid."""
    entity_weight: float = 0.25
    """Weight of the share of the article's named actor entities already in the story."""
    place_weight: float = 0.15
    """Weight of the share of the article's places already in the story."""
    threshold: float = 0.2
    """Least score (after time decay) to join a story; below it the article starts a new one (ECB+ tune half: 0.2 gave sub-topic B-cubed 0.81, 0.3 gave 0.71)."""
    decay_days: float = 7.0
    """Time decay: the score is multiplied by exp(-gap / decay_days), gap = days since the story's last article."""
    max_gap_days: int = 30
    """A story that had no article for this many days is closed: later articles start new stories."""
    article_terms: int = 100
    """An article's vector keeps its strongest terms (TF-IDF weight)."""
    centroid_terms: int = 300
    """A story's centroid keeps its strongest terms; bounded so cost per story stays flat."""
    story_entities: int = 200
    """A story keeps counts of its most named actor entities and places, this many (pruned at twice as many): bounded memory."""
    hash_bits: int = 20
    """Terms are hashed into 2**hash_bits buckets (running document frequencies in fixed memory)."""
    label_items: int = 3
    """Actors named in a story's label (plus its most frequent place)."""


@dataclass(frozen=True, slots=True)
class EntityOptions:
    """Actor identities: one id per person or organisation across articles and spellings."""

    name_similarity: float = 0.85
    """Least similarity (rapidfuzz normalised Indel, 0..1) of two ASCII surnames (or organisation names) to be spellings of one name."""
    require_compatible: bool = True
    """Countries and sectors must not contradict (equal, or one unknown) for two names to merge."""


@dataclass(frozen=True, slots=True)
class GroupOptions:
    """Event groups: mentions of one real-world happening."""

    statuses: tuple[str, ...] = ("asserted", "claimed", "denied")
    """Statuses that are grouped; threatened, planned, requested, hypothetical and negated events are not happenings yet."""
    day_tolerance: int = 1
    """Two day-precise dates are compatible when at most this many days apart (relative dates resolve off by one)."""
    undated_lookback_days: int = 3
    """An undated event is placed in [publication - lookback, publication]: news reports recent happenings."""
    place_km: float = 50.0
    """Two point places (towns, crossings) are compatible within this distance."""
    region_km: float = 250.0
    """A region-level place (ADM1/ADM2) is compatible with places within this distance of its centre."""
    min_score: float = 3.0
    """Least evidence score to join a group (shared actor 2, trigger 2, place 1.5, same day 1, same story 1, ...)."""
    trigger_weight: float = 2.0
    """Evidence of triggers sharing a lemma key (the same verb: "killed" / "killing", "died" / "death"; link/triggers.py)."""
    synonym_weight: float = 1.0
    """Evidence of triggers sharing only a CAMEO synonym block ("arrested" / "captured"): the blocks are broad."""
    untyped: tuple[str, ...] = ("OTHER",)
    """Types that mean "type unknown" (gold mentions scored without a PLOVER type): compatible with every type."""
    symmetric_types: tuple[str, ...] = ("CONSULT", "AGREE", "COOPERATE")
    """Types whose source and target may be swapped between reports ("A met B" = "B met A")."""
    compatible_types: tuple[tuple[str, str], ...] = ()
    """Pairs of different PLOVER types that may still be one happening; none by default (same type required)."""
    window_days: int = 45
    """Groups whose latest possible date is this many days behind the stream are closed (month-precision dates stay open a month)."""


RULES = 3
"""Version of the linking rules, part of :meth:`LinkOptions.digest`: bumped when a rule changes what
the same options link (2: sector ``UNK`` is unknown, unnamed bodies' sectors do not contradict, one
verb under two event types, particles out of trigger keys; 3: trigger agreement is the best member's,
not the mean over members), so a state saved by older rules is
refused (EW320) until ``eventwire link`` rebuilds it, instead of being continued by other rules."""


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """All linking options; ``LinkOptions()`` are the documented defaults."""

    copies: CopyOptions = field(default_factory=CopyOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    entities: EntityOptions = field(default_factory=EntityOptions)
    groups: GroupOptions = field(default_factory=GroupOptions)

    def digest(self) -> str:
        """16 hex characters identifying these options and :data:`RULES` (stored with the state they produced)."""
        blob = json.dumps({**dataclasses.asdict(self), "rules": RULES}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


__all__ = ["CopyOptions", "EntityOptions", "GroupOptions", "LinkOptions", "StoryOptions"]
