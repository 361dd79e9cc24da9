"""Category rules of the quantities stage: what kind of figure a number is (killed, moved, ...).

A figure's category comes from the words that govern it, in this order: a category noun it
counts ("12 deaths"), the verb above it (climbing through light verbs such as "involve" or
"stand at" and through the prepositions of ``PASS_PREPS``), that verb's open complement ("left 12
dead") or, for light verbs, subject ("the death toll rose to 12"), a category noun above it ("the
deaths of 12"), a relative clause on its noun ("people who were killed"), else its noun's default
(protesters -> participants). The subject of a verb with an object is its agent, not what it
counts ("two bombers killed 10 people"), unless the verb counts its subject (categories.tsv
condition ``subject``: "600 families fled the fighting", "2,000 people attended the rally").

The moved/returned line: verbs that send people back where they came from (repatriate, deport,
return, expel) give ``returned``; verbs that only move people (carry, fly, transfer, relocate,
accept, take in) give ``moved`` unless their clause names a return ("a repatriation flight
carried 430 migrants" -> returned). Attempts/efforts are ``crossing_attempts`` only when the
sentence has a crossing verb (cross, break, breach, enter). Counts of vehicles, vessels and flights
are ``transport`` (noun defaults: "three flights", "a convoy of 20 trucks"). The word lists are in ``knowledge/quantities/categories.tsv`` and
``context_words.tsv``.
"""

from __future__ import annotations

from ...nlp import Parsed, Token
from ...records import QuantityCategory
from .words import QuantityLexicon

_VERBAL = frozenset(("VERB", "AUX", "ADJ"))
# Dependency labels of open-clause complements checked below a verb ("were found dead").
_COMPLEMENTS = frozenset(("xcomp", "oprd", "acomp", "ccomp"))
# Prepositions the category search climbs through ("the deaths of 12", "along with 10 associates").
PASS_PREPS = frozenset(("of", "including", "among", "with", "to", "at", "like"))
_MAX_WALK = 16


def _lower(t: Token) -> str:
    return t.text.lower()


class CategoryRules:
    """The category lookups, with the word lists loaded once."""

    def __init__(self, lex: QuantityLexicon) -> None:
        self.lex = lex
        self.light = lex.words("light_verb")
        self.crossing = lex.words("crossing_verb")
        self.return_words = lex.words("return_word")
        self.suffer = lex.words("suffer_verb")
        self.forces = lex.words("force_noun")
        self.person = lex.words("person")

    def is_force(self, t: Token) -> bool:
        """A person or force noun: only these can be "troops" when a verb says "deployed"."""
        lemma = t.lemma.lower()
        return (
            lemma in self.person
            or lemma in self.forces
            or _lower(t) in self.forces
            or (lemma in self.lex.defaults and self.lex.defaults[lemma].category == "troops")
        )

    def default_of(self, t: Token, only: QuantityCategory) -> QuantityCategory | None:
        """The counted noun's default category if it is ``only`` ("vans" -> transport), else None."""
        rule = self.lex.defaults.get(t.lemma.lower()) or self.lex.defaults.get(_lower(t))
        return rule.category if rule is not None and rule.category == only else None

    def sentence_has_crossing(self, p: Parsed, i: int) -> bool:
        s = p.sents[p.tokens[i].sent]
        return any(
            p.tokens[k].pos == "VERB" and p.tokens[k].lemma.lower() in self.crossing for k in range(s.first, s.last)
        )

    def _clause_names_return(self, p: Parsed, verb: int) -> bool:
        lo, hi = p.subtree(verb)
        return any(
            p.tokens[k].lemma.lower() in self.return_words or _lower(p.tokens[k]) in self.return_words
            for k in range(lo, hi)
        )

    def _rule_category(self, p: Parsed, i: int, table: str) -> QuantityCategory | None:
        t = p.tokens[i]
        rules = self.lex.verbs if table == "verb" else self.lex.nouns
        rule = rules.get(t.lemma.lower()) or rules.get(_lower(t))
        if rule is None:
            return None
        if rule.condition == "crossing" and not self.sentence_has_crossing(p, i):
            return None
        if rule.condition == "return" and self._clause_names_return(p, i):
            return "returned"
        return rule.category

    def _verb_category(self, p: Parsed, v: int, *, shares_subject: bool = False) -> QuantityCategory | None:
        """Category from a verb, its open complements ("were found dead") or, for a light verb, its subject
        ("the death toll rose to 12")."""
        toks = p.tokens
        cat = self._rule_category(p, v, "verb")
        if cat is not None:
            return cat
        light = toks[v].lemma.lower() in self.light
        suffer = toks[v].lemma.lower() in self.suffer
        for c in p.children[v]:
            dep = toks[c].dep
            if dep in _COMPLEMENTS and toks[c].pos in _VERBAL:
                cat = self._rule_category(p, c, "verb")
            elif light and dep in ("nsubj", "nsubjpass") and toks[c].pos == "NOUN":
                cat = self._rule_category(p, c, "noun")
            elif suffer and dep == "dobj" and toks[c].pos == "NOUN":
                cat = self._rule_category(p, c, "noun")  # "three persons sustained bullet injuries"
            elif shares_subject and dep == "conj" and toks[c].pos == "VERB":
                # "eight civilians were abducted and shot dead": the second verb has the same subject
                cat = self._verb_category(p, c)
            if cat is not None:
                return cat
        return None

    def category(
        self, p: Parsed, start: int, noun: int | None, money: bool, core: range = range(0)
    ) -> QuantityCategory:
        """Category of a figure whose counted noun is ``noun`` (walk starts at ``start``; ``core`` = number words)."""
        if money:
            return "money"
        toks = p.tokens
        if noun is not None:
            cat = self._rule_category(p, noun, "noun")
            if cat is not None:
                return cat
            if toks[noun].pos == "ADJ" or toks[noun].tag == "VBN":
                cat = self._rule_category(p, noun, "verb")
                if cat is not None:
                    return cat
        cur = start
        via_of = False
        for _ in range(_MAX_WALK):
            h = toks[cur].head
            if h == cur:
                break
            if toks[cur].dep == "pobj" and _lower(toks[h]) not in PASS_PREPS:
                break  # "killed in clashes with 300 protesters": the clash's figure is not the dead
            arrived_by = toks[cur].dep
            cur = h
            t = toks[cur]
            if t.pos == "ADP":
                via_of = _lower(t) == "of"
                continue
            if cur in core:
                via_of = False  # "several of his associates": the number words stand for the noun
                continue  # (and "several", an ADJ, says nothing of the category)
            if t.pos in _VERBAL:
                rule = self.lex.verbs.get(t.lemma.lower())
                counts_subject = t.lemma.lower() in self.suffer or (rule is not None and rule.condition == "subject")
                agent = arrived_by == "nsubj" and not counts_subject
                if agent and any(toks[c].dep == "dobj" for c in p.children[cur]):
                    break  # "two bombers killed 10 people": the subject of a transitive verb is its agent
                cat = self._verb_category(p, cur, shares_subject=arrived_by in ("nsubj", "nsubjpass"))
                if cat is not None:
                    return cat
                if t.lemma.lower() not in self.light:
                    break
            elif t.pos in ("NOUN", "PROPN"):
                cat = self._rule_category(p, cur, "noun")
                if cat is not None:
                    return cat
                if via_of:
                    break  # "the leader of 300 fighters was killed": the leader was, not the 300
            via_of = False
        for holder in (noun, start):
            if holder is None:
                continue
            # "500 people who were killed", "migrants trapped in the forest"
            for c in p.children[holder]:
                if toks[c].dep in ("relcl", "acl") and toks[c].pos in _VERBAL:
                    cat = self._verb_category(p, c)
                    if cat is not None:
                        return cat
        if noun is not None:
            rule = self.lex.defaults.get(toks[noun].lemma.lower())
            if rule is not None:
                return rule.category
        return "other"


__all__ = ["PASS_PREPS", "CategoryRules"]
