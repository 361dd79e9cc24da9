"""Contradictions across reports: a claim in one article met by a denial or a conflicting figure in another.

Pure functions over :class:`~eventwire.records.Article` records and the linking rows. Four sources,
each a :class:`CrossContradiction` with both sides' article, item, speaker, channel, date and evidence:

* **claim, same group.** An event group whose members include a denial (status ``denied``) and an
  assertion or claim of the same happening in another report (copies of one report are one report):
  one pair per (claiming report, denying report).
* **claim, same proposition.** Two events in different groups of one story with the same type and the
  same source and target entities (the proposition "X did Y to Z"), one asserted or claimed, one
  denied, in different reports: the groups were kept apart (dates, places) but the denial answers it.
* **claim, quote only.** A denial that is only a quote in another report of the story ("the ministry
  denied that its guards had fired", no event found in it): the speaker must be a party (a resolved
  actor, not page text or a claim noun, see ``not_a_party`` in ``knowledge/quotes/claim_words.tsv``)
  and one of the claimed event's actors (the same entity, or the state of its forces: same country),
  and the quote's content must name the same action (:func:`same_action`: the lemma key of the
  trigger's first word and more than half of its words' keys, :func:`eventwire.link.triggers.trigger_keys`).
* **figure.** Two figures of one group and category from different reports that conflict by the rule
  of :mod:`eventwire.link.figures` (14 vs 15 injured).

In-article contradictions (``Article.contradictions``) come out in the same shape with
``cross_article`` false (:func:`in_article`), so one query lists both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..extract.common.quote_lexicon import load_lexicon
from ..records import Actor, ActorEntity, Article, ArticleLink, EventGroup, GroupMember, Quote, Span, to_dict
from .common import ascii_words
from .figures import FigureComparison, FigureValue
from .triggers import LEMMA, trigger_keys


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a contradiction: an item of one article and who says it."""

    article_id: str
    item_id: str
    """Article-local id of the event, quote or figure."""
    speaker: str | None
    """Who says it (a name); null when the outlet states it in its own voice."""
    via: str | None
    """The channel the text names for it ("state news agency BelTA"), if any."""
    date: str | None
    """The item's own date, else the article's publication date."""
    evidence: Span
    outlet: str | None = None
    status: str | None = None
    """For an event: asserted, claimed or denied."""
    published: str | None = None
    """When the report said it (its publication date): a denial's ``date`` is the denied day."""

    def to_json(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "item_id": self.item_id,
            "speaker": self.speaker,
            "via": self.via,
            "date": self.date,
            "evidence": to_dict(self.evidence),
            "outlet": self.outlet,
            "status": self.status,
            "published": self.published,
        }


@dataclass(frozen=True, slots=True)
class CrossContradiction:
    """Two items that cannot both hold, within one report or across two."""

    id: str
    kind: str
    """claim | figure."""
    cross_article: bool
    a: Side
    b: Side
    reason: str
    group_id: str | None = None
    category: str | None = None
    """For a figure contradiction, the figure category."""

    def to_json(self) -> dict[str, Any]:
        """The JSONL object of ``eventwire query contradictions`` (issue 16's contract, plus extras)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "cross_article": self.cross_article,
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "group_id": self.group_id,
            "reason": self.reason,
            "category": self.category,
        }


def _id(*parts: str) -> str:
    return "x" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _local(event_id: str) -> str:
    return event_id.split(":", 1)[1] if ":" in event_id else event_id


def _quote_around(article: Article, start: int) -> Quote | None:
    best: Quote | None = None
    for q in article.quotes:
        cs = q.content_span
        if cs is None or not cs.start <= start < cs.end:
            continue
        if best is None or best.content_span is None or cs.start >= best.content_span.start:
            best = q
    return best


def _actor_name(article: Article, actor_id: str | None) -> str | None:
    if actor_id is None:
        return None
    a = next((x for x in article.actors if x.id == actor_id), None)
    return a.name if a is not None else None


def event_side(m: GroupMember, article: Article | None, entities: Mapping[str, ActorEntity] | None = None) -> Side:
    """A group member as a side: the claimant (or the quote's speaker) and the quote's channel."""
    local = _local(m.event_id)
    speaker: str | None = None
    via: str | None = None
    date = m.date
    published = article.published if article is not None else None
    if article is not None:
        ev = next((e for e in article.events if e.id == local), None)
        if ev is not None:
            q = _quote_around(article, ev.trigger.start)
            if q is not None:
                speaker = _actor_name(article, q.speaker) or q.speaker_text
                via = q.via
            if ev.status in ("claimed", "denied") and ev.claimed_by:
                speaker = _actor_name(article, ev.claimed_by) or speaker
        date = date or article.published
    if speaker is None and m.claimed_by and entities is not None and m.claimed_by in entities:
        speaker = entities[m.claimed_by].name
    return Side(
        article_id=m.article_id,
        item_id=local,
        speaker=speaker,
        via=via,
        date=date,
        evidence=m.evidence,
        outlet=m.outlet,
        status=m.status,
        published=published,
    )


def _denier_is_party(m: GroupMember, articles: Mapping[str, Article]) -> bool:
    """A denied member's denier (its claimant, else the quote around it) is a party, not page text.

    Unknown (article not loaded, no claimant and no quote) counts as a party: the event stage set
    the status, and nothing says otherwise.
    """
    art = articles.get(m.article_id)
    if art is None:
        return True
    ev = next((e for e in art.events if e.id == _local(m.event_id)), None)
    if ev is None:
        return True
    name = _actor_name(art, ev.claimed_by)
    if name is None:
        q = _quote_around(art, ev.trigger.start)
        name = q.speaker_text if q is not None else None
    return name is None or _names_a_party(name)


def _names_a_party(words: str) -> bool:
    last = words.lower().split()[-1:] or [""]
    return last[0].strip(".,;:'\"") not in _not_a_party()


def _report(m: GroupMember) -> str:
    """The report a member belongs to: a copy is its original."""
    return m.copy_of or m.article_id


_CLAIMING = frozenset(("asserted", "claimed"))


def group_claims(
    groups: Iterable[EventGroup],
    articles: Mapping[str, Article],
    entities: Mapping[str, ActorEntity] | None = None,
) -> list[CrossContradiction]:
    """Claims and denials of one happening in different reports (one per claiming x denying report)."""
    out: list[CrossContradiction] = []
    for g in sorted(groups, key=lambda g: g.id):
        denials = [m for m in g.members if m.status == "denied" and _denier_is_party(m, articles)]
        claims = [m for m in g.members if m.status in _CLAIMING]
        done: set[tuple[str, str]] = set()
        for d in denials:
            for c in claims:
                key = (_report(c), _report(d))
                if key[0] == key[1] or key in done:
                    continue
                done.add(key)
                out.append(_claim_pair("claim", f"{g.type}", c, d, g.id, articles, entities))
    return out


def _claim_pair(
    prefix: str,
    what: str,
    c: GroupMember,
    d: GroupMember,
    group_id: str,
    articles: Mapping[str, Article],
    entities: Mapping[str, ActorEntity] | None,
) -> CrossContradiction:
    """A claim (``c``) and its denial in another report (``d``) as one cross-article contradiction."""
    a = event_side(c, articles.get(c.article_id), entities)
    b = event_side(d, articles.get(d.article_id), entities)
    return CrossContradiction(
        id=_id(prefix, c.event_id, d.event_id),
        kind="claim",
        cross_article=True,
        a=a,
        b=b,
        reason=f"{what} {c.status} by {a.speaker or a.outlet or a.article_id}, "
        f"denied by {b.speaker or b.outlet or b.article_id}",
        group_id=group_id,
    )


def proposition_claims(
    groups: Iterable[EventGroup],
    articles: Mapping[str, Article],
    entities: Mapping[str, ActorEntity] | None = None,
) -> list[CrossContradiction]:
    """Denials in one group of a story that answer a claim of another group: same type, source and target."""
    by_prop: dict[tuple[str, str, str, str], list[tuple[EventGroup, GroupMember]]] = {}
    for g in groups:
        for m in g.members:
            src = m.source_entities[0] if m.source_entities else None
            tgt = m.target_entities[0] if m.target_entities else ""
            if src is None or m.status not in (*_CLAIMING, "denied"):
                continue
            if m.status == "denied" and not _denier_is_party(m, articles):
                continue
            by_prop.setdefault((g.story_id, g.type, src, tgt), []).append((g, m))
    out: list[CrossContradiction] = []
    for key in sorted(by_prop):
        members = by_prop[key]
        done: set[tuple[str, str]] = set()
        for gd, d in members:
            if d.status != "denied":
                continue
            for gc, c in members:
                if c.status not in _CLAIMING or gc.id == gd.id:
                    continue  # the same group is group_claims' work
                pair = (_report(c), _report(d))
                if pair[0] == pair[1] or pair in done:
                    continue
                done.add(pair)
                what = f"same proposition ({key[1]}, same actors):"
                out.append(_claim_pair("proposition", what, c, d, gc.id, articles, entities))
    return out


@lru_cache(maxsize=1)
def _not_a_party() -> frozenset[str]:
    words = load_lexicon().words
    return words.get("not_a_party", frozenset()) | words.get("claim_noun", frozenset())


def is_party(article: Article, q: Quote) -> bool:
    """The quote's speaker can be a side of a dispute: a resolved actor, not page text or a claim noun."""
    if q.speaker is None or not any(a.id == q.speaker for a in article.actors):
        return False
    return bool((q.speaker_text or "").split()) and _names_a_party(q.speaker_text or "")


def _refers_back(q: Quote) -> bool:
    """ "denied these accusations": the content only points back to a claim (the in-article stage's work)."""
    words = [w.strip(".,;:'\"") for w in q.content.lower().split()]
    return 0 < len(words) <= 4 and words[-1] in _not_a_party()


def _denied_inside(
    article: Article, q: Quote, members: Mapping[str, tuple[EventGroup, GroupMember]]
) -> list[tuple[EventGroup, GroupMember]]:
    """The grouped denied events whose trigger stands inside the quote's content."""
    cs = q.content_span
    out: list[tuple[EventGroup, GroupMember]] = []
    for e in article.events:
        x = members.get(f"{article.id}:{e.id}")
        if x is not None and cs is not None and e.status == "denied" and cs.start <= e.trigger.start < cs.end:
            out.append(x)
    return out


def _answered(g: EventGroup, m: GroupMember, inside: list[tuple[EventGroup, GroupMember]]) -> bool:
    """A denied event in the quote already answers ``m``: same group (group_claims) or proposition."""
    for gd, d in inside:
        if gd.id == g.id:
            return True
        if (
            gd.story_id == g.story_id
            and gd.type == g.type
            and d.source_entities
            and d.source_entities[:1] == m.source_entities[:1]
            and (d.target_entities[:1] or [""]) == (m.target_entities[:1] or [""])
        ):
            return True
    return False


def same_action(trigger: str, content: str) -> bool:
    """The content names the trigger's action: its first word's lemma and most of its words.

    "fired tear gas" is named by "had fired tear gas at the march", not by "fired at the march" nor
    "used tear gas"; "opened fire" not by "opened the border".
    """
    said = {k for k in trigger_keys(content) if k.startswith(LEMMA)}
    words = [keys for w in ascii_words(trigger) if (keys := {k for k in trigger_keys(w) if k.startswith(LEMMA)})]
    if not words or not words[0] & said:
        return False
    return sum(bool(keys & said) for keys in words) * 2 > len(words)


def _same_actors(speaker: Actor, m: GroupMember, entities: Mapping[str, ActorEntity]) -> bool:
    """The speaker is a party to the claimed event: one of its actors by name, or the state of its forces."""
    name = speaker.name.lower()
    for eid in (*m.source_entities, *m.target_entities):
        ent = entities.get(eid)
        if ent is None:
            continue
        if name == ent.name.lower() or name in (s.lower() for s in ent.spellings):
            return True
        if speaker.country is not None and speaker.country == ent.country:
            return True
    return False


def quote_denials(
    groups: Iterable[EventGroup],
    articles: Mapping[str, Article],
    links: Mapping[str, ArticleLink],
    entities: Mapping[str, ActorEntity],
) -> list[CrossContradiction]:
    """Quote-only denials in one report of claims or assertions of a story's event in another report.

    One pair per (group, claiming report, denying quote). A quote whose content holds a denied event
    that is in the claim's group, or states the claim's proposition, is left to :func:`group_claims`
    or :func:`proposition_claims`; a denied event the linker put elsewhere (other actor readings:
    "its guards" against "Belarusian guards") is matched here.
    """
    gs = sorted(groups, key=lambda g: g.id)
    by_story: dict[str, list[EventGroup]] = {}
    members: dict[str, tuple[EventGroup, GroupMember]] = {}
    for g in gs:
        by_story.setdefault(g.story_id, []).append(g)
        members.update((m.event_id, (g, m)) for m in g.members)
    out: list[CrossContradiction] = []
    for aid in sorted(articles):
        art, link = articles[aid], links.get(aid)
        if link is None or link.copy_of is not None:
            continue  # a copy's denial is its original's
        for q in art.quotes:
            if not q.denial or q.content_span is None or _refers_back(q) or not is_party(art, q):
                continue
            inside = _denied_inside(art, q, members)
            speaker = next(a for a in art.actors if a.id == q.speaker)
            for g in by_story.get(link.story_id, []):
                done: set[str] = set()
                for m in g.members:
                    report = _report(m)
                    if m.status not in _CLAIMING or report == aid or report in done:
                        continue
                    if not same_action(m.trigger or "", q.content) or not _same_actors(speaker, m, entities):
                        continue
                    if _answered(g, m, inside):
                        continue  # group_claims or proposition_claims pairs it with the denied event
                    done.add(report)
                    out.append(_quote_pair(m, art, q, speaker, g, articles, entities))
    return out


def _quote_pair(
    m: GroupMember,
    art: Article,
    q: Quote,
    speaker: Actor,
    g: EventGroup,
    articles: Mapping[str, Article],
    entities: Mapping[str, ActorEntity],
) -> CrossContradiction:
    a = event_side(m, articles.get(m.article_id), entities)
    b = Side(art.id, q.id, speaker.name, q.via, art.published, q.evidence, art.source, "denied", art.published)
    return CrossContradiction(
        id=_id("quote", m.event_id, art.id, q.id),
        kind="claim",
        cross_article=True,
        a=a,
        b=b,
        reason=f"{g.type} {m.status} by {a.speaker or a.outlet or a.article_id}, "
        f"denied by {speaker.name} (quote: {q.content!r})",
        group_id=g.id,
    )


def _figure_side(v: FigureValue) -> Side:
    return Side(
        article_id=v.article_id,
        item_id=v.figure_id,
        speaker=v.claimant,
        via=v.via,
        date=v.date,
        evidence=v.evidence,
        outlet=v.outlet,
        published=v.published,
    )


def figure_conflicts(comparisons: Iterable[FigureComparison]) -> list[CrossContradiction]:
    """Conflicting figures of one group from different reports (see :mod:`eventwire.link.figures`)."""
    out: list[CrossContradiction] = []
    for c in comparisons:
        for i, j in c.conflicts:
            va, vb = c.values[i], c.values[j]
            if va.article_id == vb.article_id:
                continue  # within one report: the contradictions stage's work
            out.append(
                CrossContradiction(
                    id=_id("figure", va.article_id, va.figure_id, vb.article_id, vb.figure_id),
                    kind="figure",
                    cross_article=True,
                    a=_figure_side(va),
                    b=_figure_side(vb),
                    reason=f"{va.text!r} vs {vb.text!r} ({c.category})",
                    group_id=c.group_id,
                    category=c.category,
                )
            )
    return out


def _item_side(article: Article, item_id: str) -> Side | None:
    for q in article.quotes:
        if q.id == item_id:
            return Side(
                article.id, q.id, _actor_name(article, q.speaker) or q.speaker_text, q.via,
                article.published, q.evidence, article.source, None, article.published,
            )  # fmt: skip
    for e in article.events:
        if e.id == item_id:
            return Side(
                article.id, e.id, _actor_name(article, e.claimed_by), None, e.date or article.published, e.evidence,
                article.source, e.status, article.published,
            )  # fmt: skip
    for n in article.quantities:
        if n.id == item_id:
            around = _quote_around(article, n.start)
            return Side(
                article.id, n.id, _actor_name(article, n.claimant) or (around.speaker_text if around else None),
                around.via if around else None, n.date or article.published, n.evidence, article.source, None,
                article.published,
            )  # fmt: skip
    return None


def in_article(articles: Iterable[Article]) -> list[CrossContradiction]:
    """The contradictions the pipeline found inside each article, in the cross-source shape."""
    out: list[CrossContradiction] = []
    for art in articles:
        for c in art.contradictions:
            a, b = _item_side(art, c.a), _item_side(art, c.b)
            if a is None or b is None:
                continue
            out.append(
                CrossContradiction(id=f"{art.id}:{c.id}", kind=c.kind, cross_article=False, a=a, b=b, reason=c.reason)
            )
    return out


def contradictions(
    articles: Mapping[str, Article],
    groups: Iterable[EventGroup],
    comparisons: Iterable[FigureComparison] = (),
    entities: Mapping[str, ActorEntity] | None = None,
    links: Mapping[str, ArticleLink] | None = None,
) -> list[CrossContradiction]:
    """Every contradiction: in-article ones, then claims and figures across reports.

    Quote-only denials (:func:`quote_denials`) need ``links`` (each article's story and copy) and
    ``entities``; without them they are left out.
    """
    gs = list(groups)
    quoted = quote_denials(gs, articles, links, entities) if links is not None and entities is not None else []
    return [
        *in_article(articles[k] for k in sorted(articles)),
        *group_claims(gs, articles, entities),
        *proposition_claims(gs, articles, entities),
        *quoted,
        *figure_conflicts(comparisons),
    ]


__all__ = [
    "CrossContradiction",
    "Side",
    "contradictions",
    "event_side",
    "figure_conflicts",
    "group_claims",
    "in_article",
    "is_party",
    "proposition_claims",
    "quote_denials",
    "same_action",
]
