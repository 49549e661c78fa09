"""Who took a lifecycle step and where: the acting state and body (a chamber, a president, a
government) read from the parse, the partners a step was taken with, the place it happened."""

from __future__ import annotations

from spacy.tokens import Span, Token

from treatywatch.extract import gazetteer
from treatywatch.extract.docindex import ents_in
from treatywatch.extract.entities import STATE_LABELS, entity_spans, is_place, state_of
from treatywatch.extract.modality import cues
from treatywatch.records import EventKind

def _nearest_span(token: Token, spans: list[Span]) -> Span:
    return min(spans, key=lambda s: abs(s.start - token.i))


def place_of(token: Token, sent: Span) -> str | None:
    places = [e for e in entity_spans(sent, ("CAPITAL", "CITY")) if is_place(e)]
    places += [e for e in ents_in(sent) if e.label_ in ("GPE", "LOC") and e.start > 0
               and e.doc[e.start - 1].lower_ in cues()["place_prepositions"]
               and not entity_spans(e, ("STATE", "STATE_ADJ"))]
    if not places:
        return None
    return _nearest_span(token, places).text


def actor_of(kind: EventKind, token: Token, sent: Span, body: Span | None) -> tuple[str | None, str | None]:
    """Who acted: for a ratification, the ratifying state and body; for a proposal or a
    withdrawal, the state that took the step."""
    if kind not in (EventKind.RATIFIED, EventKind.PROPOSED, EventKind.TERMINATED):
        return None, None
    gaz = gazetteer.load()
    body_name = gaz.body_by_id[body.kb_id_].body if body is not None else None
    party = state_of(body) if body is not None else None
    states = [e for e in entity_spans(sent, ("STATE", "STATE_ADJ", "LEADER", "CAPITAL"))
              if not is_place(e) and not partner_phrase(e)]
    if party is None and body is not None:
        # The state right around the body: "the Kazakh Senate", "Senate of Uzbekistan".
        near = [e for e in states if abs(e.start - body.start) <= 4 or abs(e.start - body.end) <= 4]
        if near:
            party = state_of(min(near, key=lambda e: abs(e.start - body.start)))
    if party is None:
        # "signed the instrument on behalf of the Government of X": X acted
        behalf = {t.i for b in token.subtree if b.lower_ == "behalf" and b.head.head == token for t in b.subtree}
        codes = {state_of(e) for e in states if e.start in behalf}
        if len(codes) == 1:
            party = codes.pop()
    if party is None:
        actor = subject_states(token, states)
        if len(actor) == 1:
            party = state_of(actor[0])
            if body_name is None and actor[0].label_ == "LEADER":
                body_name = gaz.leader_by_id[actor[0].kb_id_].title or "President"
    if party is None and kind == EventKind.PROPOSED:
        # "published on the Kazakh government's portal": the state whose institution acted
        around = {t.i for c in token.children if c.dep_ == "prep" for t in c.subtree}
        codes = {state_of(e) for e in states if e.start in around}
        if len(codes) == 1:
            party = codes.pop()
    if body_name is None and kind == EventKind.RATIFIED:
        # "King X signed the ratification act": the head of state's own step, named by the title
        subject = {t.i for c in token.children if c.dep_ in ("nsubj", "agent") for t in c.subtree}
        titles = [t for t in cues()["head_of_state_titles"] if " " not in t]
        named = next((token.doc[i].lower_ for i in sorted(subject) if token.doc[i].lower_ in titles), None)
        if named and named not in cues()["president_words"]:
            body_name = named.capitalize()
    if body_name is None and any(t.lower_ in cues()["president_words"] for t in sent):
        body_name = "President"
    return party, body_name


def partner_phrase(ent: Span) -> bool:
    """'with Brazil', 'between Kazakhstan and Mongolia': states named as the parties, not as the actor."""
    doc = ent.doc
    i = ent.start - 1
    while i >= ent.sent.start:
        word = doc[i]
        if word.lower_ in ("with", "between"):
            return True
        if word.lower_ in ("and", ",", "the", "of", "republic") or \
                any(e.start <= i < e.end for e in entity_spans(ent.sent, STATE_LABELS)):
            i -= 1
            continue
        return False
    return False


def counterpart_of(sent: Span) -> str | None:
    """'ratified the alliance agreement with Kazakhstan': the state a ratification was *not* by."""
    codes = {state_of(e) for e in entity_spans(sent, ("STATE", "STATE_ADJ", "CAPITAL"))
             if e.start > 0 and e.doc[e.start - 1].lower_ == "with"}
    return codes.pop() if len(codes) == 1 else None


def subject_states(token: Token, states: list[Span]) -> list[Span]:
    """The states named in the grammatical subject of the cue (or of the verb it hangs on);
    'Kazakhstan and Uzbekistan finalized' names two, so no single party acted."""
    verb = token
    while verb.dep_ in ("xcomp", "conj", "pcomp", "pobj", "prep", "dobj", "nsubjpass", "dative") and verb.head is not verb:
        if verb.pos_ == "NOUN" and verb is not token:
            # "New Delhi's measures, such as suspending the treaty": the possessor acted
            owners = {t.i for c in verb.children if c.dep_ == "poss" for t in c.subtree}
            found = [e for e in states if any(t.i in owners for t in e)]
            if found:
                return list({state_of(e): e for e in found}.values())
        if any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children):
            break
        verb = verb.head
    subject_tokens = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "agent", "nsubjpass"):
            subject_tokens |= {t.i for t in child.subtree}
    found = [e for e in states if any(t.i in subject_tokens for t in e)]
    if not found and _reported_by_itself(verb):
        return subject_states(verb.head, states)  # "X's ministry says it has suspended the pact": X acted
    return list({state_of(e): e for e in found}.values())


def _reported_by_itself(verb: Token) -> bool:
    """'the ministry says it has suspended ...': a pronoun subject under a report verb is the reporter."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in cues()["report_verbs"] and \
        any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "they") for c in verb.children)
