"""Whether a lifecycle cue reports a step that happened, and which step: signing, an initiative
(initialling, an agreed text, an approval to sign), a ratification, entry into force, an end.

Cue words are data (data/rules/events.json); this module reads the parse around them: a
signature on a ratification law is a ratification, "concluded the negotiations on the text" a
proposal both sides make, a cabinet "approving the signing" a proposal of its state, a
committee backing a ratification no step at all; "will sign", "intends to sign", "initialled
rather than signed" and "threatened to withdraw" report nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

from treatywatch.extract import gazetteer
from treatywatch.extract.entities import entity_spans
from treatywatch.records import EventKind


@lru_cache(maxsize=1)
def cues() -> dict:
    return json.loads((resources.files("treatywatch") / "data/rules/events.json").read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Stage:
    """The step a cue reports, the ratifying body named with it, and whether both sides took
    it together (initialling, agreeing the text: a step of no single party)."""

    kind: EventKind
    body: Span | None = None
    joint: bool = False


@lru_cache(maxsize=1)
def _cues_by_lemma() -> dict[str, tuple[dict, ...]]:
    """events.json's cues filed under each of their lemmas, in the file's order (the first that
    fits wins): a token is tested against the few cues of its lemma, not against all of them."""
    found: dict[str, list[dict]] = {}
    for cue in cues()["cues"]:
        for lemma in dict.fromkeys(cue["lemmas"]):
            found.setdefault(lemma, []).append(cue)
    return {lemma: tuple(group) for lemma, group in found.items()}


def cue_of(token: Token, sent: Span) -> dict | None:
    """The cue rule (events.json) a token matches, or None."""
    lemma = token.lemma_.lower()
    cfg = cues()
    for cue in _cues_by_lemma().get(lemma, ()):
        if cue.get("noun") and token.pos_ != "NOUN":
            continue
        if not cue.get("noun") and token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB") \
                and lemma not in cue.get("noun_lemmas", ()):
            continue  # "constitutional order" is no order to sign
        if cue.get("needs_words"):
            window = sent.text.lower()
            if not any(word in window for word in cue["needs_words"]):
                continue
        if cue.get("needs_object") and not _object_in(token, set(cue["needs_object"])):
            continue  # "completed the procedures", not "completed the visit"
        if cue.get("needs_body") and not entity_spans(sent, ("BODY",)) and \
                not {t.lemma_.lower() for t in token.subtree} & set(cfg["law_words"]) and \
                not (lemma in cue.get("leader_lemmas", ()) and _leader_subject(token)):
            continue  # approving "the law on ratification" counts; "under international law" does not
        if cue.get("needs_draft"):
            near = list(token.subtree) + list(token.doc[max(sent.start, token.i - 4): min(sent.end, token.i + 5)])
            if not any(t.lower_ in cfg["draft_words"] for t in near):
                continue
        return cue
    return None


def stage_of(cue: dict, token: Token, sent: Span) -> Stage | None:
    """The step a realised cue reports, read from its arguments; None when it reports none."""
    cfg = cues()
    kind = EventKind(cue["event"])
    bodies = entity_spans(sent, ("BODY",))
    joint = bool(cue.get("joint"))
    if kind == EventKind.SIGNED:
        law_words = set(cfg["law_words"])
        if _signs_law(token, law_words):
            return Stage(EventKind.RATIFIED)
        inner = _law_object_cue(token, law_words)
        if inner is not None:
            return Stage(inner)  # "signed a law suspending the treaty": the law's step, on the day signed
        if _approves(token):
            return Stage(EventKind.PROPOSED)  # "the cabinet approved the signing of the treaty"
        if _object_in(token, set(cfg["negotiation_words"])) or _subject_in(token, set(cfg["negotiation_words"])):
            return Stage(EventKind.PROPOSED, joint=True)  # "concluded the negotiations", "the text was agreed"
    if kind == EventKind.RATIFIED:
        if token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ == "on" and not bodies:
            return None  # "the law on ratification" without its author
        if token.pos_ in ("NOUN", "ADJ") and (
                token.head.lemma_.lower() in cfg["instrument_words"] or
                (token.head.lower_ == "of" and token.head.head.lemma_.lower() in cfg["instrument_words"])):
            return None  # "exchanged instruments of ratification": the entry into force, told elsewhere
        if _against(token) or _by_committee(token, bodies):
            return None  # "402 voted against"; "the committee supported the ratification" recommends it
        if _approves(token) and token.pos_ == "NOUN":
            return None  # "approved the ratification" is told by the approving verb's own cue
    if kind == EventKind.TERMINATED and token.lemma_.lower() in cfg["criticism_lemmas"] and \
            any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children):
        return None  # "denounced the pact as a sell-out": criticism, not a denunciation of the treaty
    if kind == EventKind.PROPOSED and _object_in(token, set(cfg["negotiation_words"])):
        joint = True  # "finalised the text"
    specific = [b for b in bodies if gazetteer.load().body_by_id[b.kb_id_].state]
    body = min(specific or bodies, key=lambda s: abs(s.start - token.i)) if bodies else None
    return Stage(kind, body, joint)


def _object_in(token: Token, words: set[str]) -> bool:
    """Whether the cue's object (or 'for X', 'on X') is one of `words`."""
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr") and \
                ({child.lemma_.lower(), child.lower_} | {c.lemma_.lower() for c in child.conjuncts}) & words:
            return True
        if child.dep_ == "prep" and child.lower_ in ("for", "on", "to"):
            if any(g.dep_ in ("pobj", "pcomp") and g.lemma_.lower() in words for g in child.children):
                return True
    return False


def _subject_in(token: Token, words: set[str]) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in words for c in token.children)


def _approves(token: Token) -> bool:
    """A signing that a government approves or clears: 'approved the signing', 'approved the
    treaty for signing', 'authorised the minister to sign', 'gave the green light to the signing'."""
    cfg = cues()
    if token.pos_ == "NOUN":
        start = token.head
    elif token.dep_ in ("xcomp", "pcomp") and token.tag_ in ("VB", "VBG"):
        start = token.head  # "authorised the minister to sign", "approved it for signing"
    else:
        return False
    verb = next((t for t in [start, *start.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb is token:
        return False
    if verb.lemma_.lower() in cfg["approval_heads"]:
        return True
    phrase = " ".join(t.lower_ for c in verb.children if c.dep_ == "dobj" for t in c.subtree)
    return any(p in phrase for p in cfg["approval_phrases"])


def _against(token: Token) -> bool:
    return any(c.lower_ in cues()["against_words"] for c in token.children if c.dep_ in ("prep", "advmod", "prt"))


def _by_committee(token: Token, bodies: list[Span]) -> bool:
    """A committee or commission recommends a ratification; it does not ratify."""
    words = set(cues()["committee_words"])
    actors = [c for c in token.children if c.dep_ in ("nsubj", "agent")]
    if token.pos_ == "NOUN":
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        actors += [c for c in (verb.children if verb is not None else ()) if c.dep_ in ("nsubj", "agent")]
    return any(t.lower_ in words for actor in actors for t in actor.subtree)


def _leader_subject(token: Token) -> bool:
    """'Aliyev approved the document': a head of state's own approval of a concluded agreement
    (not of a draft, which is a proposal)."""
    subject = {t.i for c in token.children if c.dep_ in ("nsubj", "agent") for t in c.subtree}
    if not subject or any(t.lower_ in cues()["draft_words"] for t in token.subtree):
        return False
    return any(e.start in subject for e in entity_spans(token.sent, ("LEADER",))) or \
        any(token.doc[i].lower_ in cues()["president_words"] for i in subject)


SIGNATURE_NOUNS = frozenset({"signature", "name", "seal"})  # the objects of a light verb of signing ("put-signature")


def _signs_law(token: Token, law_words: set[str]) -> bool:
    """'signed the law on ratification', 'signed the treaty into law': the signature is a
    ratification. 'the law on ratification of the agreement signed on 3 May' is not: there
    the signing is the agreement's own, a participle hanging on it."""
    if token.dep_ in ("acl", "relcl", "amod"):
        return False
    after = token.doc[token.i + 1: token.sent.end - 1]
    into_law = any(t.lower_ == "into" and t.doc[t.i + 1].lemma_.lower() in law_words
                   and token in (t.head, *t.head.ancestors) for t in after)
    # The thing signed is a law, decree or instrument that ratifies ("the law on ratification",
    # "the ratification decree"), not a protocol on exchanging the instruments.
    signed = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    # "put his signature to the instrument of ratification": the thing signed is what the signature is put to
    signed += [p for holder in (token, *signed) for c in holder.children if c.dep_ == "prep" and c.lower_ in ("to", "on")
               for p in c.children if p.dep_ == "pobj" and any(o.lemma_.lower() in SIGNATURE_NOUNS for o in signed)]
    carriers = law_words | set(cues()["ratification_carriers"])
    clauses = {c.lemma_.lower() for c in token.children if c.dep_ in ("advcl", "xcomp", "acl")}
    for thing in signed:
        lemmas = {t.lemma_.lower() for t in thing.subtree} | clauses  # "signed a decree ratifying it"
        if thing.lemma_.lower() in carriers and lemmas & {"ratify", "ratification"}:
            return True
    prepositions = {t.lemma_.lower() for c in token.children if c.dep_ == "prep" for t in c.subtree}
    return into_law or bool(signed and signed[0].lemma_.lower() in law_words
                            and prepositions & {"ratify", "ratification"})


def _law_object_cue(token: Token, law_words: set[str]) -> EventKind | None:
    """The step a signed law takes: 'signed a law suspending participation in the treaty'."""
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in law_words:
            for t in child.subtree:
                if t is not child and (cue := cue_of(t, t.sent)) is not None and cue["event"] != "signed":
                    return EventKind(cue["event"])
            return None
    return None


def decided(token: Token) -> Token | None:
    """The realised 'agreed' or 'decided' whose infinitive the step is ('agreed to sign',
    'decided to hold the treaty in abeyance')."""
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_.lower() in cues()["decision_heads"] and \
            head.tag_ in ("VBD", "VBN") and is_realised(head):
        return head
    return None


def _blocked(token: Token) -> bool:
    cfg = cues()
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in ("never", "yet")):
            return True
        if child.dep_ in ("aux", "auxpass") and child.lower_ in cfg["modal_aux"]:
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and not _hearsay_of_past(token):
            return True  # "to sign": an infinitive is a plan unless a realised verb carries it
        if child.dep_ == "mark" and child.lower_ in cfg["conditional_marks"] and not (
                child.lower_ in cfg["past_event_marks"]["marks"] and _past(token)):
            return True  # "after it comes into force": a condition; "after it passed it" an earlier step
    return contrasted(token)


def _hearsay_of_past(token: Token) -> bool:
    """'said to be initialled two weeks ago', 'is believed to have been signed': an infinitive under a
    verb of hearsay that is perfect or carries a past time word reports a step done."""
    cfg = cues()
    if token.dep_ != "xcomp" or token.head.lemma_.lower() not in cfg["hearsay_heads"]:
        return False
    perfect = any(c.dep_ == "aux" and c.lower_ == "have" for c in token.children)
    past = any(t.lower_ in cfg["past_time_words"] for c in token.children if c.dep_ in ("npadvmod", "advmod", "prep")
               for t in c.subtree)
    return perfect or past


def _past(token: Token) -> bool:
    """'passed', 'had passed', 'was ratified': a step told as done."""
    auxiliaries = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    return (token.tag_ == "VBD" and not auxiliaries) or (
        token.tag_ == "VBN" and bool(auxiliaries & {"had", "has", "have", "was", "were"}))


def past_progressive(token: Token) -> bool:
    """'(announced that) it was withdrawing': a step told as under way when reported, not as a plan."""
    auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
    return token.tag_ == "VBG" and bool(auxiliaries & {"was", "were"}) and \
        not any(c.dep_ in ("aux", "auxpass") and c.lower_ in cues()["modal_aux"] for c in token.children)


def contrasted(token: Token) -> bool:
    """'initialled rather than signed', 'instead of ratifying': the step named is the one not taken."""
    before = " " + " ".join(t.lower_ for t in token.doc[max(token.sent.start, token.i - 4): token.i]) + " "
    return any(f" {marker} " in before for marker in cues()["contrast_markers"])


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
        planned = set(cues()["future_heads"])
        if (verb.lemma_.lower() in planned or verb.lower_ in planned) and token.head == verb and \
                token.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return False  # "the signing is scheduled for June 27"
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
            # "the ministry announced that both states have signed": a report of a step done, not an intention
            reported = current.dep_ == "ccomp" and head.lemma_.lower() in cues()["report_verbs"] and \
                (_past(current) or past_progressive(current))
            if (head.lemma_.lower() in intent or head.lower_ in intent) and head.i < token.i and not reported:
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
