"""Running the full pipeline over a dataset's texts, in batches, for the scorers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from ..pipeline import Pipeline
from ..read import Source
from ..records import Article, Event
from .progress import tracked

# Statuses of events the text says did not (or not yet) happen; a "main event" is one that did.
_NOT_HAPPENED = frozenset({"negated", "hypothetical", "threatened", "planned", "requested"})


def process_texts(
    texts: Sequence[str], *, ids: Sequence[str] | None = None, pipeline: Pipeline | None = None
) -> Iterator[Article | None]:
    """One Article per text, in order (None where the pipeline skipped the text).

    Texts go through ``Pipeline.run`` so spaCy parses them in batches (``nlp.pipe``).
    """
    pipe = pipeline or Pipeline()
    names = ids if ids is not None else [str(i) for i in range(len(texts))]
    sources = (Source(origin=name, body=text) for name, text in zip(names, texts, strict=True))
    for result in tracked(pipe.run(sources), len(texts)):
        yield result if isinstance(result, Article) else None


def _rank(e: Event) -> tuple[bool, float, int]:
    # happened first, then the more confident, then the earlier (news puts the main event first)
    return (e.status in _NOT_HAPPENED, -e.confidence, e.trigger.start)


def main_event(article: Article) -> Event | None:
    """The single event a short report is mainly about: happened > more confident > earlier."""
    return min(article.events, key=_rank) if article.events else None


# PLOVER types of verbal interaction: CAMEO's verbal cooperation and verbal conflict quad classes
# (roots 03-05 and 09-13) in the PLOVER crosswalk. The others (cooperation, aid, concessions,
# protest, force posture, sanctions, coercion, assault) are material acts.
VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})


def main_event_type(article: Article, *, material_first: bool = False) -> str | None:
    """The event type a short report is mainly about.

    The type reported most often among the events that happened (all events if none did); a tie
    goes to the type of the best-ranked event (:func:`main_event` order). Counting helps where one
    clause is coded oddly but the report keeps coming back to the same kind of event.

    ``material_first``: count only the material acts when the report has any (a protest and its
    demands, an attack and the calls it prompted): for event datasets that record physical events
    and demonstrations, not statements (ACLED, and CASE 2021 built on it).
    """
    happened = [e for e in article.events if e.status not in _NOT_HAPPENED] or article.events
    if not happened:
        return None
    if material_first:
        happened = [e for e in happened if e.type not in VERBAL_TYPES] or happened
    counts = Counter(e.type for e in happened)
    top = max(counts.values())
    return min((e for e in happened if counts[e.type] == top), key=_rank).type


__all__ = ["VERBAL_TYPES", "main_event", "main_event_type", "process_texts"]
