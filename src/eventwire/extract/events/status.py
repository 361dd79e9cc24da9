"""Status cues of the events stage that the governing-predicate walk does not see (issue 14, class 4).

"Right or null, never confidently wrong": an event the text only reports someone else saying must
not come out ``asserted``. These readers work on the parse through :class:`ArgumentReader`:

* :func:`be_to_plan`: "Several buses are to be used to rescue civilians" -- ``be`` + infinitive is an
  arrangement for the future (``planned``), not something done.
* :func:`trailing_reporter`: "X is being detained by Y, a source close to X said on Wednesday" -- the
  parser often hangs a sentence-final attribution on the event's clause (``conj``, ``parataxis``)
  instead of making the event its complement; the reporting verb still attributes the whole clause.
* :func:`hedged`: "police allegedly used live ammunition", "the alleged killing of migrants" (words
  of class ``hedge`` in ``knowledge/events/words.tsv``): the reporter attributes the event to an
  account (``claimed``) without saying whose. Bare "reportedly" is not a hedge here: the annotation
  guidelines keep "reportedly" without a named source asserted.
* :func:`performative`: '"ECOWAS condemns ... and calls on the coup plotters ..." the statement
  said' -- a speech act in the simple present inside a quote is the statement doing the act, told as
  fact (``asserted``), not a claim that it happened.
* :func:`attributing_preposition`: "according to X", "as per X": the source the sentence cites.
* :func:`declared_intent`: "the army is ready to attack the guards if ...", '"We will hunt you
  down," he warned': a party's declared readiness or resolve to use force is a THREATEN by that
  party (PLOVER THREATEN), not a planned attack.
"""

from __future__ import annotations

from .args import OBJ, ArgumentReader

# Deps through which the parser attaches a sentence-final attribution to the event's clause.
TRAILING_DEPS = frozenset({"conj", "parataxis", "ccomp", "advcl"})


def be_to_plan(r: ArgumentReader, v: int) -> bool:
    """``v`` is (or is the purpose of) an infinitive governed by ``be``: "are to be used (to rescue)"."""
    j = v
    for _ in range(4):
        h = r.t[j].head
        if h == j or r.t[j].dep not in ("xcomp", "advcl"):
            return False
        if not any(r.t[k].dep == "aux" and r.lemma(k) == "to" for k in r.kids[j]):
            return False
        if r.lemma(h) == "be" and r.t[h].pos == "AUX" and r.t[j].dep == "xcomp":
            return True
        j = h
    return False


def trailing_reporter(r: ArgumentReader, v: int) -> int | None:
    """A reporting verb that closes the sentence of ``v`` after a comma and attributes it ("..., a
    source said on Wednesday."): its token, or None. The verb must be a dependant of ``v``'s clause
    (or of a clause governing it), come after ``v``, have no clause or object of its own (else it
    reports something else: "..., and said it would ..."), and nothing after it but its own words."""
    sent = r.p.sents[r.t[v].sent]
    chain = r.ancestors(v)
    for j in chain:
        for k in r.kids[j]:
            tk = r.t[k]
            if k <= v or tk.pos != "VERB" or tk.dep not in TRAILING_DEPS or r.lemma(k) not in r.c.reporting:
                continue
            if r.children(k, "ccomp", "xcomp", *OBJ):
                continue
            _first, hi = r.p.subtree(k)
            if hi < sent.last and any(r.t[i].pos != "PUNCT" for i in range(hi, sent.last)):
                continue
            if not any(r.t[i].text == "," for i in range(v + 1, k)):
                continue
            return k
    return None


def hedged(r: ArgumentReader, head: int) -> bool:
    """The predicate (or its event noun) carries a hedge word: "allegedly used", "the alleged killing"."""
    return any(r.t[k].dep in ("advmod", "amod") and r.lemma(k) in r.c.hedge for k in r.kids[head])


def performative(r: ArgumentReader, head: int, speech_act: bool) -> bool:
    """A speech-act verb in the simple present with no auxiliary: the quote performs the act."""
    t = r.t[head]
    return (
        speech_act
        and t.pos == "VERB"
        and t.tag in ("VBZ", "VBP")
        and not any(r.t[k].dep in ("aux", "auxpass", "neg") for k in r.kids[head])
    )


def attributing_preposition(r: ArgumentReader, pr: int) -> list[int]:
    """The cited source of "according to X" / "as per X" for preposition token ``pr`` ([] if it is
    neither)."""
    word = r.t[pr].lower
    if word == "according":
        return [o for to in r.children(pr, "prep") if r.t[to].lower == "to" for o in r.children(to, "pobj")]
    if word == "as":  # the parser hangs "per" on "as"
        return [o for per in r.children(pr, "prep") if r.t[per].lower == "per" for o in r.children(per, "pobj")]
    if word == "per" and pr > 0 and r.t[pr - 1].lower == "as":
        return r.children(pr, "pobj")
    return []


# Words whose infinitive complement is an act the subject declares itself ready for.
READY_WORDS = frozenset({"ready", "prepared", "poised", "determined"})
FIRST_PERSON = frozenset({"we", "i"})


def declared_intent(r: ArgumentReader, v: int) -> bool:
    """``v`` is an act its doer declares ready or resolved to do: the complement of "ready/prepared
    to" ("the army was ready to attack"), or a first-person future ("We will hunt you down")."""
    j = v
    while r.t[j].dep == "conj" and r.t[j].head != j:
        j = r.t[j].head
    h = r.t[j].head
    if r.t[j].dep in ("xcomp", "acl", "advcl") and h != j and r.lemma(h) in READY_WORDS:
        return True
    subj = r.children(j, "nsubj")
    auxes = {r.lemma(k) for k in r.kids[j] if r.t[k].dep == "aux"}
    return bool(subj) and r.t[subj[0]].lower in FIRST_PERSON and bool(auxes & {"will", "shall", "'ll"})


__all__ = ["attributing_preposition", "be_to_plan", "declared_intent", "hedged", "performative", "trailing_reporter"]
