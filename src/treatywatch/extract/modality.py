"""Whether a lifecycle verb reports something that happened, or only an intention, a plan or a denial."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token


@lru_cache(maxsize=1)
def cues() -> dict:
    return json.loads((resources.files("treatywatch") / "data/rules/events.json").read_text())


def _blocked(token: Token) -> bool:
    cfg = cues()
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in ("never", "yet")):
            return True
        if child.dep_ in ("aux", "auxpass") and child.lower_ in cfg["modal_aux"]:
            return True
        if child.dep_ == "aux" and child.lower_ == "to":
            return True  # "to sign": an infinitive is a plan unless a realised verb carries it
        if child.dep_ == "mark" and child.lower_ in cfg["conditional_marks"]:
            return True  # "after it comes into force": a condition, not a report
    return False


def is_realised(token: Token) -> bool:
    """False for 'will sign', 'intends to sign', 'is expected to be signed', 'has not ratified'.

    The verb, the verbs it is coordinated with and the verbs that govern it
    (xcomp, ccomp, prepositional complements) are checked for modal auxiliaries,
    negation and heads of intention ("plan", "agree", "set", "ready").
    """
    intent = set(cues()["intent_heads"])
    current = token
    if token.pos_ == "NOUN":
        # A nominal cue ("upon the exchange of ratification documents") is as real as its verb.
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return True
        current = verb
    for _ in range(5):
        if _blocked(current):
            # "agreed to sign" is blocked by its own "to", but "came to sign" is rare in news:
            # an infinitive is realised only under a realised verb of motion ("went to sign").
            return False
        head = current.head
        if head is current:
            return True
        if current.dep_ == "conj":
            if head.lemma_.lower() in intent and head.i < current.i:
                return False  # "it is planned to adopt ... and sign": the parse hangs 'sign' on 'planned'
            current = head
            continue
        if current.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "acomp", "advcl"):
            # An intention governs what follows it ("agreed to sign"); a head after the verb is
            # a parse that hung the clause on a later word ("signed ... the treaty agreed between").
            if (head.lemma_.lower() in intent or head.lower_ in intent) and head.i < token.i:
                return False
            current = head
            continue
        if current.dep_ in ("nsubj", "nsubjpass", "dobj") and current.pos_ == "NOUN":
            # a nominal cue ("ratification will take a month"): judge its verb
            current = head
            continue
        return True
    return True


def is_denied(token: Token) -> bool:
    """'has not (yet) been ratified', 'never entered into force': a plain negation, no modal."""
    children = list(token.children)
    negated = any(c.dep_ == "neg" for c in children)
    modal = any(c.dep_ in ("aux", "auxpass") and c.lower_ in cues()["modal_aux"] for c in children)
    return negated and not modal
