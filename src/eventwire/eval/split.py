"""The fixed tune / check halves of every development set (issue 13, docs/metrics.md).

Every gold item belongs to one half, decided by its id alone: the SHA-256 of
``"<SPLIT_SEED>:<dataset>:<item id>"``; a first byte below 128 puts it in ``tune``, otherwise in
``check``. So the split is the same on every run and machine, needs no file, and stays put when items
are added (an item's half never depends on the other items). Items that must stay together share one
id (the sentences of one IndiaPoliceEvents article, the articles of one ECB+ topic).

The discipline that goes with it: read only tune-half failures when fixing errors, add knowledge
because the ontology, a dictionary or a general pattern says so (never because one dev sentence
failed), report both halves, gate on ``check``.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Half = Literal["tune", "check"]
SplitName = Literal["tune", "check", "all"]

SPLIT_SEED = "eventwire-tune-check-v1"
"""Changing it reshuffles every dataset: do not, or every floor and reported number changes meaning."""

SPLITS: tuple[SplitName, ...] = ("tune", "check", "all")


def half_of(dataset: str, item_id: str) -> Half:
    """``tune`` or ``check`` for one item of ``dataset``."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{dataset}:{item_id}".encode()).digest()
    return "tune" if digest[0] < 128 else "check"


def in_split(split: SplitName, dataset: str, item_id: str) -> bool:
    """Whether an item belongs to ``split`` (every item belongs to ``all``)."""
    return split == "all" or half_of(dataset, item_id) == split


SPLIT_RULE = f"sha256('{SPLIT_SEED}:<dataset>:<item id>')[0] < 128 -> tune, else check"
"""The rule in one line, for reports."""

__all__ = ["SPLITS", "SPLIT_RULE", "SPLIT_SEED", "Half", "SplitName", "half_of", "in_split"]
