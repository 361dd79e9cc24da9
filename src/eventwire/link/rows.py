"""Working state of the linker that is not itself output: persisted as rows like the output records.

The output records (stories, copies, entities, groups) live in ``eventwire.records``; these rows hold
what the linker needs to go on where it stopped: MinHash signatures of recent articles, story
centroids, running document frequencies, the matching profile of open groups. A store keeps them in
its own tables and hands them back through :meth:`eventwire.link.LinkState.from_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import _CONFIG


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """MinHash signature of a recent original article (copies are matched against these)."""

    __pydantic_config__ = _CONFIG

    article_id: str
    """The article."""
    day: int
    """Its linking date as a day number (``date.toordinal``)."""
    story_id: str
    """Its story (a copy joins it)."""
    shingles: int
    """Number of distinct word shingles in its text."""
    minhash: list[int]
    """The MinHash signature (``CopyOptions.num_perm`` values)."""


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """What an open story is matched on."""

    __pydantic_config__ = _CONFIG

    story_id: str
    """The story."""
    first_day: int
    """Day number of its first article."""
    last_day: int
    """Day number of its latest article."""
    centroid: list[tuple[int, float]]
    """Hashed term bucket and summed TF-IDF weight, strongest first (``StoryOptions.centroid_terms`` at most)."""
    entities: list[tuple[str, int]]
    """Actor entity ids and how many of its articles name them."""
    places: list[tuple[str, int]]
    """Place keys and how many of its articles name them."""
    place_names: list[tuple[str, str]] = field(default_factory=list)
    """Place key and its name (for the label)."""


@dataclass(frozen=True, slots=True)
class TermCount:
    """Running document frequency of one hashed term bucket."""

    __pydantic_config__ = _CONFIG

    bucket: int
    """Hash bucket of the term."""
    df: int
    """Number of original articles (copies excluded) whose text has a term in this bucket."""


@dataclass(frozen=True, slots=True)
class GroupProfile:
    """What an open event group is matched on (beyond its :class:`~eventwire.records.EventGroup` row)."""

    __pydantic_config__ = _CONFIG

    group_id: str
    """The group."""
    seq: int
    """Creation order (ties between equally good groups go to the older)."""
    intervals: list[tuple[int, int]]
    """Distinct date intervals (first, last day number) of its dated members; every new member must be compatible with each."""
    undated: list[tuple[int, int]]
    """Distinct publication windows of its undated members (checked the same way)."""
    places: list[tuple[str, str, float | None, float | None, str | None, str]]
    """Distinct member places: key, name, lat, lon, country, precision (point, region, country)."""
    stems: list[str]
    """Distinct stemmed trigger words of its members."""
    story_ids: list[str]
    """Stories of its members' articles."""
    closes_day: int
    """Day number after which no new member can be compatible (the group is closed once the stream passes it)."""


@dataclass(frozen=True, slots=True)
class LinkClock:
    """Stream position: the linker's one scalar state."""

    __pydantic_config__ = _CONFIG

    options_digest: str
    """``LinkOptions.digest()`` of the options that produced the state."""
    last_day: int | None
    """Day number of the latest article linked (undated articles take it)."""
    documents: int
    """Original articles counted in the document frequencies."""
    group_seq: int
    """Groups created so far (the next group's creation order)."""


__all__ = ["Fingerprint", "GroupProfile", "LinkClock", "StoryProfile", "TermCount"]
