"""The roles of the states an article names: a party, or a third state that brokers, mediates,
hosts or witnesses an agreement between others ("brokered by Qatar", "the US-brokered deal",
"with the mediation of Turkey", "under Egypt's auspices"). Read from the parse; the role
words live in data/rules/agreements.json (`third_party_roles`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from treatywatch.extract.entities import STATE_LABELS, entity_spans, is_place, state_of


def _rules() -> dict:
    from treatywatch.extract.agreements import rules
    return rules()


def _role_words() -> frozenset[str]:
    return frozenset(_rules()["third_party_roles"])


def is_third(ent: Span) -> bool:
    """The state named by `ent` acts here as broker, mediator, host or witness, not as a party."""
    doc, roles = ent.doc, _role_words()
    after = doc[ent.end: ent.end + 2]
    if len(after) == 2 and after[0].text in ("-", "\u2013") and after[1].lemma_.lower() in roles:
        return True  # "US-brokered", "Qatar-mediated"
    root = ent.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in roles:
        return True  # "brokered by the United States", "hosted by Saudi Arabia"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in roles:
        return True  # "with the mediation of Turkey", "under the auspices of Egypt"
    if root.dep_ == "poss" and head.lemma_.lower() in roles:
        return True  # "Qatar's mediation", "Egypt's auspices"
    if root.dep_ in ("nsubj", "compound", "amod") and head.lemma_.lower() in roles:
        return True  # "Qatar mediated the talks", "a Qatari mediator"
    return False


def third_states(doc: Doc | Span) -> set[str]:
    """States the text names in a third party's role; a title that names them as parties
    still wins (see article._parties)."""
    third = {code for ent in entity_spans(doc, STATE_LABELS) if is_third(ent) and (code := state_of(ent))}
    return third - signers(doc)


def signers(doc: Doc | Span) -> set[str]:
    """States the text names as the subject of a signing verb ("Chile and Peru signed"): parties,
    whatever else they did ("the talks Chile hosted")."""
    verbs = set(_rules()["signing_verbs"])
    found = set()
    for ent in entity_spans(doc, ("STATE",)):
        root = ent.root
        while root.dep_ == "conj":
            root = root.head
        if root.dep_ == "nsubj" and root.head.lemma_.lower() in verbs:
            found.add(state_of(ent))
    return found


def signing_states(head: Token) -> set[str]:
    """The states that sign the agreement whose noun is `head`: the subject of the signing verb it is
    the object of ("Chile and Peru signed the treaty"), or the agent of a signing that describes
    it ("the accords, signed by Chile's president and the president of Peru")."""
    verbs = set(_rules()["signing_verbs"])
    verb, sides = None, ()
    if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in verbs:
        verb, sides = head.head, ("nsubj", "agent")
    else:
        verb = next((c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in verbs), None)
        sides = ("agent",)
    if verb is None:
        return set()
    found: set[str] = set()
    for side in (c for c in verb.children if c.dep_ in sides):
        words = side.doc[side.left_edge.i: side.right_edge.i + 1]
        found |= {code for ent in entity_spans(words, STATE_LABELS) if not is_place(ent) and (code := state_of(ent))}
    return found
