"""Category rules of the quantities stage: what kind of figure a number is (killed, moved, ...).

A figure's category comes from the words that govern it, in this order: a category noun it
counts ("12 deaths"), the verb above it (climbing through light verbs such as "involve" or
"stand at" and through the prepositions of ``PASS_PREPS``), that verb's open complement ("left 12
dead") or, for light verbs, subject ("the death toll rose to 12"), a category noun above it ("the
deaths of 12"), a relative clause on its noun ("people who were killed"), else its noun's default
(protesters -> participants). The subject of a verb with an object is its agent, not what it
counts ("two bombers killed 10 people"), unless the verb counts its subject (categories.tsv
condition ``subject``: "600 families fled the fighting"; ``protest``: "2,000 people attended the
rally", a crowd only when the sentence names a protest).

The moved/returned line: verbs that send people back where they came from (repatriate, deport,
return, expel) give ``returned``; verbs that only move people (carry, fly, transfer, relocate,
accept, take in) give ``moved`` unless their clause names a return ("a repatriation flight
carried 430 migrants" -> returned). Attempts/efforts are ``crossing_attempts`` only when the
sentence has a crossing verb (cross, break, breach, enter). Counts of vehicles, vessels and flights
are ``transport`` (noun defaults: "three flights", "a convoy of 20 trucks") whatever verb governs
them ("two boats arrived carrying 40 people"). The word lists are in
``knowledge/quantities/categories.tsv`` and ``context_words.tsv``.

Right or null: the category comes from the figure's own clause, and ``other`` (which claims nothing
about people) is better than a category borrowed from a neighbouring clause. So:

* a clause on the counted noun itself ("the 13 service members killed", "over 1,000 protesters
  arrested", "another 4,200 wounded") is read before the walk up the tree;
* the walk never climbs from one coordinated clause into the other ("12 were killed and 17,000
  left homeless": 17,000 is not killed; "killing 5 and injuring 12");
* a count of a whole ("a total of 6,684 migrants", "a group of 40 migrants": ``amount_noun``)
  passes through its noun to the verb above; the whole of a part is not what the verb says of the
  part ("405 of the 8,500 students have been evacuated": the 8,500 is ``other``);
* a clausal complement has its own subject (no ``ccomp``: the speaker of "'They killed my sons,'
  said one villager" is not one of the dead), and a gerund complement belongs to its verb's subject
  ("ambulances started crossing ..., each with 20 beds");
* state verbs (``state_verb``: go, remain) take the category of their complement ("830 others went
  missing", "54 remain missing");
* the people a small craft carries (``craft``: boat, dinghy) are its passengers on board, not
  people moved by someone ("a dinghy carrying 65 men" is ``other``), while people carried by a
  flight, bus or convoy are moved;
* what people try or threaten (``intent_verb``) has not happened: "migrants trying to cross" are
  not displaced by the crossing, "threatened to kill 5 hostages" is no death toll (a plan keeps its
  category: "plans to repatriate 5,000" says whom the repatriation concerns);
* a verb's "for/with" injury ("treated for injuries", "hospitalised with gunshot wounds") makes its
  people injured, "from their homes" (``home_noun``) displaced ("forced from their homes");
* an adjective on the counted noun ("four wounded Palestinians", "30 dead migrants") decides when
  no verb or noun above does.
"""

from __future__ import annotations

from ...nlp import Parsed, Token
from ...records import QuantityCategory
from .words import QuantityLexicon

_VERBAL = frozenset(("VERB", "AUX", "ADJ"))
# Dependency labels of open-clause complements checked below a verb ("were found dead").
# Not ccomp: a clausal complement has its own subject ("... killed my sons," said one villager": the
# villager is the speaker, not one of the dead).
_COMPLEMENTS = frozenset(("xcomp", "oprd", "acomp"))
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
        self.amount = lex.words("amount_noun")
        self.state = lex.words("state_verb")
        self.craft = lex.words("craft")
        self.intent = lex.words("intent_verb")
        self.homes = lex.words("home_noun")

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

    def _sentence_names_protest(self, p: Parsed, i: int) -> bool:
        """Another word of the sentence is a participants word ("rally", "march", "protesters")."""
        s = p.sents[p.tokens[i].sent]
        for k in range(s.first, s.last):
            if k == i:
                continue
            lemma = p.tokens[k].lemma.lower()
            for table in (self.lex.verbs, self.lex.nouns, self.lex.defaults):
                rule = table.get(lemma)
                if rule is not None and rule.category == "participants" and rule.condition != "protest":
                    return True
        return False

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
        if rule.condition == "protest" and not self._sentence_names_protest(p, i):
            return None  # "hundreds of families gathered ..., plotting their escape": no crowd count
        if rule.condition == "suffered" and p.tokens[t.head].lemma.lower() not in self.suffer:
            return None  # "lost their lives" is a death, "saved the lives of 40" is not
        if rule.condition == "return" and self._clause_names_return(p, i):
            return "returned"
        if rule.condition == "return" and table == "verb" and self._carried_by_craft(p, i):
            return None  # "a dinghy carrying 65 men": its passengers on board, not people moved by someone
        return rule.category

    def _aboard_craft(self, p: Parsed, noun: int) -> bool:
        """The counted noun is the object of a moving verb whose subject is a small craft."""
        toks = p.tokens
        v = toks[noun].head
        if toks[noun].dep != "dobj" or v == noun:
            return False
        rule = self.lex.verbs.get(toks[v].lemma.lower())
        return rule is not None and rule.condition == "return" and self._carried_by_craft(p, v)

    def _carried_by_craft(self, p: Parsed, verb: int) -> bool:
        """The subject of a moving verb is a small craft ("a boat carrying 400 migrants", "a boat believed
        to have been carrying 400", "two boats were estimated to be carrying 40 people")."""
        toks = p.tokens
        subjects: list[int] = []
        v = verb
        for _ in range(4):
            subjects += [c for c in p.children[v] if toks[c].dep in ("nsubj", "nsubjpass")]
            if toks[v].dep in ("acl", "relcl") and toks[v].head != v:
                subjects.append(toks[v].head)  # "a boat carrying ...", "a boat that carried ..."
            if toks[v].dep != "xcomp" or toks[v].head == v:
                break
            v = toks[v].head  # "believed to have been carrying": the subject is the raising verb's
        return any(toks[k].lemma.lower() in self.craft or _lower(toks[k]) in self.craft for k in subjects)

    def _verb_category(self, p: Parsed, v: int, *, shares_subject: bool = False) -> QuantityCategory | None:
        """Category from a verb, its open complements ("were found dead") or, for a light verb, its subject
        ("the death toll rose to 12")."""
        toks = p.tokens
        cat = self._rule_category(p, v, "verb")
        if cat is not None:
            return cat
        light = toks[v].lemma.lower() in self.light
        suffer = toks[v].lemma.lower() in self.suffer
        state = toks[v].lemma.lower() in self.state
        intent = toks[v].lemma.lower() in self.intent
        for c in p.children[v]:
            dep = toks[c].dep
            if intent and dep == "xcomp":
                continue  # "migrants attempting to cross", "threatened to kill 5 hostages": not done
            if not shares_subject and dep == "xcomp" and toks[c].tag == "VBG":
                # "ambulances started crossing ..., each with 20 beds": the subject crosses, not the
                # figure ("forced 300 families to flee", an infinitive, is about the object)
                continue
            if (dep in _COMPLEMENTS or (state and dep == "advcl")) and toks[c].pos in _VERBAL:
                # "830 others went missing": the parser hangs the state's complement as an advcl
                cat = self._rule_category(p, c, "verb")
            elif light and dep in ("nsubj", "nsubjpass") and toks[c].pos == "NOUN":
                cat = self._rule_category(p, c, "noun")
            elif suffer and dep in ("dobj", "nsubjpass") and toks[c].pos == "NOUN":
                # "three persons sustained bullet injuries", "27 people whose lives were lost"
                cat = self._rule_category(p, c, "noun")
            elif dep == "prep" and _lower(toks[c]) in ("for", "with", "from"):
                cat = self._prep_category(p, c)
            elif shares_subject and dep == "conj" and toks[c].pos == "VERB":
                # "eight civilians were abducted and shot dead": the second verb has the same subject
                cat = self._verb_category(p, c, shares_subject=True)
            if cat is not None:
                return cat
        return None

    def _prep_category(self, p: Parsed, prep: int) -> QuantityCategory | None:
        """ "treated for injuries", "hospitalised with gunshot wounds": the injury the verb's people have;
        "forced from their homes", "driven from their homes": displaced (``home_noun``)."""
        toks = p.tokens
        for g in p.children[prep]:
            if toks[g].dep != "pobj" or toks[g].pos != "NOUN":
                continue
            lemma = toks[g].lemma.lower()
            if _lower(toks[prep]) == "from":
                if lemma in self.homes or _lower(toks[g]) in self.homes:
                    return "displaced"
                continue
            rule = self.lex.nouns.get(lemma) or self.lex.nouns.get(_lower(toks[g]))
            if rule is not None and rule.category == "injured" and not rule.condition:
                return "injured"
        return None

    def category(
        self, p: Parsed, start: int, noun: int | None, money: bool, core: range = range(0)
    ) -> QuantityCategory:
        """Category of a figure whose counted noun is ``noun`` (walk starts at ``start``; ``core`` = number words)."""
        if money:
            return "money"
        toks = p.tokens
        if noun is not None:
            if self.default_of(toks[noun], only="transport") is not None:
                return "transport"  # "two boats arrived carrying 40 people": the boats are vehicles
            cat = self._rule_category(p, noun, "noun")
            if cat is not None:
                return cat
            if toks[noun].pos == "ADJ" or toks[noun].tag == "VBN":
                cat = self._rule_category(p, noun, "verb")
                if cat is not None:
                    return cat
        if noun is not None and self._aboard_craft(p, noun):
            return "other"  # "a boat carrying 250 people arriving from Iran": its passengers on board
        cat = self._own_clause(p, (noun, start, *core))
        if cat is not None:
            return cat  # "the 13 service members killed", "another 4,200 wounded"
        cur = start
        via_of = False
        for _ in range(_MAX_WALK):
            h = toks[cur].head
            if h == cur:
                break
            if toks[cur].dep == "pobj" and _lower(toks[h]) not in PASS_PREPS:
                break  # "killed in clashes with 300 protesters": the clash's figure is not the dead
            if toks[cur].dep == "conj" and toks[h].pos in _VERBAL:
                # "18 were killed, 898 injured and 1,000 protesters arrested", "12 died and 17,000 were
                # left homeless": the head verb is another clause's, and so is its category
                break
            arrived_by = toks[cur].dep
            cur = h
            t = toks[cur]
            if t.pos == "ADP":
                via_of = _lower(t) == "of"
                continue
            if cur in core:
                via_of = False  # "several of his associates": the number words stand for the noun
                continue  # (and "several", an ADJ, says nothing of the category)
            if via_of and t.pos == "NUM":
                break  # "405 of the 8,500 students have been evacuated": the 8,500 is the whole, not who was
            if t.pos in _VERBAL:
                if t.dep == "xcomp" and toks[t.head].lemma.lower() in self.intent:
                    break  # "threatened to kill 5 hostages": the killing has not happened
                rule = self.lex.verbs.get(t.lemma.lower())
                counts_subject = t.lemma.lower() in self.suffer or (
                    rule is not None and rule.condition in ("subject", "protest")
                )
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
                if via_of and t.lemma.lower() not in self.amount and _lower(t) not in self.amount:
                    break  # "the leader of 300 fighters was killed": the leader was, not the 300
            via_of = False
        if noun is not None:
            # "four wounded Palestinians arrived", "19 critically injured patients": the noun's own adjective
            for c in p.children[noun]:
                if toks[c].dep == "amod" and toks[c].pos in _VERBAL and c < noun:
                    cat = self._rule_category(p, c, "verb")
                    if cat is not None:
                        return cat
            rule = self.lex.defaults.get(toks[noun].lemma.lower())
            if rule is not None:
                return rule.category
        return "other"

    def _own_clause(self, p: Parsed, holders: tuple[int | None, ...]) -> QuantityCategory | None:
        """Category from a clause on the counted noun or the number ("500 people who were killed",
        "the 13 service members killed", "another 4,200 wounded")."""
        toks = p.tokens
        for holder in dict.fromkeys(holders):
            if holder is None:
                continue
            for c in p.children[holder]:
                if toks[c].dep in ("relcl", "acl") and toks[c].pos in _VERBAL:
                    # the noun is the clause's subject ("people who started fleeing", "migrants rescued
                    # and returned")
                    cat = self._verb_category(p, c, shares_subject=True)
                    if cat is not None:
                        return cat
        return None


__all__ = ["PASS_PREPS", "CategoryRules"]
