"""Doers and undergoers of passives the parser leaves apart (issue 14, class 2).

* Coordinated passives share their ``by`` agent and their passive subject: "The governor had been
  executed and mutilated by militia groups" (the agent hangs on "mutilated" only), "The city has been
  encircled and shelled by Russian forces" (the subject hangs on "encircled" only).
* The object of a purpose infinitive is the recipient of a hostile act that names none: "police
  fired tear gas to disperse demonstrators" (:func:`purpose_objects`).
* A ``by`` phrase the parser attached to a noun of the passive's own prepositional phrase: "was
  arrested in Tehran for 'inappropriate dress' by the morality police" (``by`` under "dress").

Only the tokens are found here; :class:`~.args.ArgumentReader` turns them into actors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .args import ArgumentReader

PASSIVE_SUBJ = ("nsubjpass", "csubjpass")


def is_passive(r: ArgumentReader, v: int) -> bool:
    return any(r.t[k].dep in ("auxpass", *PASSIVE_SUBJ) for k in r.kids[v]) or (
        r.t[v].tag == "VBN" and r.t[v].dep == "conj" and is_passive(r, r.t[v].head)
    )


def _conjuncts(r: ArgumentReader, v: int) -> list[int]:
    """Verbs coordinated with ``v`` (its conj head chain and conj children), nearest first."""
    out: list[int] = []
    j = v
    while r.t[j].dep == "conj" and r.t[j].head != j and len(out) < 4:
        j = r.t[j].head
        out.append(j)
    out += [k for k in r.kids[v] if r.t[k].dep == "conj" and r.t[k].pos == "VERB"]
    return out


def passive_agent(r: ArgumentReader, v: int) -> int | None:
    """The ``agent`` (or stray ``by``) token naming the doer of passive ``v`` when ``v`` has none."""
    if not is_passive(r, v) or r.child(v, "agent") is not None:
        return None
    for c in _conjuncts(r, v):
        if r.t[c].tag == "VBN" and (agent := r.child(c, "agent")) is not None:
            return agent
    for pr in r.children(v, "prep"):
        if r.lemma(pr) == "by":
            return pr
        for o in r.children(pr, "pobj"):
            for by in r.children(o, "prep"):
                if r.lemma(by) == "by" and r.child(by, "pobj") is not None:
                    return by
    return None


def shared_passive_subject(r: ArgumentReader, v: int) -> int | None:
    """The passive subject of the passive verb ``v`` is coordinated with, when ``v`` has none."""
    if r.t[v].tag != "VBN" or r.t[v].dep != "conj" or r.child(v, *PASSIVE_SUBJ, "nsubj") is not None:
        return None
    h = r.t[v].head
    return r.child(h, *PASSIVE_SUBJ) if r.t[h].tag == "VBN" else None


def purpose_objects(r: ArgumentReader, v: int) -> list[int]:
    """Objects of the infinitives of purpose of ``v`` ("to disperse X", "to push X back")."""
    out: list[int] = []
    for k in r.kids[v]:
        if r.t[k].dep in ("advcl", "xcomp") and any(r.t[a].dep == "aux" and r.lemma(a) == "to" for a in r.kids[k]):
            out += r.children(k, "dobj", "obj")
    return out


__all__ = ["is_passive", "passive_agent", "purpose_objects", "shared_passive_subject"]
