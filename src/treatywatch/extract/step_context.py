"""A lifecycle step read against what is around it (extract/events.py reads the cue): an approval
of an agreement still to be signed is a proposal, a proposal the article does not date beside its
signing is none, a participle signing takes the year of its agreement's description, a present
tense of entry into force is what the text provides, "has just signed" is the day's news, ended
talks and "the text" are the agreement in focus, "the deal" the article's only agreement."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from treatywatch.extract.agreements import Mention
from treatywatch.extract.dates import parse_date
from treatywatch.extract.entities import entity_spans, state_of
from treatywatch.extract.modality import cues
from treatywatch.extract.step_times import governing_verb
from treatywatch.records import EventFact, EventKind, PartialDate


def verb_of(token: Token) -> Token:
    """The verb that tells a step: the cue itself, or the verb of 'entered into force', 'took effect'."""
    if token.pos_ == "NOUN" and not nominal(token):
        return governing_verb(token) or token
    return token


def nominal(token: Token) -> bool:
    """A cue that names a step as a noun ('the ratification', 'entry into force'), not one told
    by a verb phrase ('came into force', 'took effect')."""
    if token.pos_ != "NOUN":
        return False
    head = token.head
    if head.lower_ in ("into", "in") and head.head.pos_ in ("VERB", "AUX"):
        return False
    return not (head.lemma_.lower() == "take" and head.pos_ in ("VERB", "AUX"))


def proposals_of_signed(events: list[EventFact]) -> list[EventFact]:
    """In an article that reports an agreement's signing, a proposal of it with no date at all
    ('the treaty was finalized after years of talks') is the signing told again, or an earlier step the
    article does not date: no step of its own. A dated one ('initialled in March') stays, and so
    does one party's proposal the lead dates by the report's day; a joint one the report's day dates
    ('both texts were initialled in Geneva') is the signing of that day, which takes the day when
    the article gives it none."""
    signed = {e.agreement_ref for e in events if e.kind == EventKind.SIGNED}
    # "both texts were initialled in Geneva" by the report's day beside "the presidents then signed
    # the declaration" without a day: one act of that day, the signing
    same_day = {e.agreement_ref: e.date for e in events if e.kind == EventKind.PROPOSED and e.party is None and
                e.date_inferred and e.agreement_ref in signed}
    out = []
    for e in events:
        if e.kind == EventKind.PROPOSED and e.agreement_ref in signed and (
                (e.date is None and e.yearless_day is None) or
                (e.agreement_ref in same_day and e.date_inferred and e.party is None)):
            continue
        if e.kind == EventKind.SIGNED and e.agreement_ref in same_day and e.date is None and e.yearless_day is None:
            e = replace(e, date=same_day[e.agreement_ref], date_inferred=True)
        out.append(e)
    return out


def approvals_before_signature(doc: Doc, events: list[EventFact], unsigned: set[int]) -> list[EventFact]:
    """An approval of an agreement the article says is yet to be signed ('approved on Tuesday by
    the two presidents, although it will not be signed until March') ratifies nothing: nothing signed
    can be ratified. It is the approval of the text for signing, a proposal; of no single party
    when leaders of two states gave it."""
    signed = {e.agreement_ref for e in events if e.kind == EventKind.SIGNED}
    pending = {f"m{c}" for c in unsigned} - signed
    out = []
    for event in events:
        if event.kind == EventKind.RATIFIED and event.agreement_ref in pending:
            span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
            leaders = {state_of(e) for e in entity_spans(span, ("LEADER",))} if span is not None else set()
            party = None if len(leaders) >= 2 else event.party
            event = replace(event, kind=EventKind.PROPOSED, party=party, body=None, counterpart=None)
        out.append(event)
    return out


def year_of_description(token: Token, targets: list[Mention]) -> PartialDate | None:
    """'the 2004 fisheries agreement signed by the then presidents': a signing told by a
    participle on an agreement whose description gives a year (and no more) was in that year."""
    if token.dep_ not in ("acl", "relcl"):
        return None
    owner = next((m for m in targets if m.span.start <= token.head.i < m.span.end), None)
    if owner is None:
        return None
    years = [t for t in owner.span if t.like_num and len(t.text) == 4 and t.ent_type_ == "DATE"]
    value = parse_date(years[0].text, None) if len(years) == 1 else None
    return value if value is not None and value.precision == 1 else None


def talks_ended(token: Token) -> bool:
    """'The talks concluded in March': negotiations (the subject) that ended, of no agreement named."""
    words = set(cues()["negotiation_words"])
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in words and c.tag_ == "NNS" for c in token.children)


def timeless(token: Token) -> bool:
    """'enters into force on the date of ...', 'goes into effect after publication': a present
    tense with no auxiliary tells what the text provides, not a step taken."""
    verb = verb_of(token)
    return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def conditioned(token: Token) -> bool:
    """'takes effect thirty days after the two sides notify each other', 'enters into force once both
    have ratified it': a present tense with no auxiliary whose own clause holds a condition tells
    what the text provides, wherever in the article it is told (even in the lead)."""
    verb = verb_of(token)
    if not timeless(token):
        return False
    marks = set(cues()["conditional_marks"])
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
               for c in verb.children)


def just_done(token: Token) -> bool:
    """'have just concluded the negotiations', 'has just signed': a step the day's news reports,
    wherever in the article it is told."""
    verb = verb_of(token)
    words = set(cues()["just_done_words"])
    return any(c.dep_ == "advmod" and c.lower_ in words for c in verb.children) and \
        any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)


def text_anaphor(noun: Token) -> bool:
    """'the text', 'this document' with nothing after it: the agreement in focus ('the text of the
    resolution' is the resolution's)."""
    words = cues()["text_anaphors"]
    return noun.lemma_.lower() in words["nouns"] and noun.tag_ == "NN" and \
        any(c.dep_ == "det" and c.lower_ in words["determiners"] for c in noun.children) and \
        not any(c.dep_ in ("prep", "acl", "relcl", "amod", "compound") for c in noun.children)


def sole_agreement(token: Token, mentions: list[Mention]) -> list[Mention]:
    """'The senate approved the fishing deal': a definite agreement word the mention finder left
    out is the article's agreement where the article speaks of only one."""
    cfg = cues()
    words = set(cfg["agreement_nouns"])
    if token.pos_ != "VERB" or token.tag_ not in ("VBD", "VBN") or token.dep_ not in ("ROOT", "conj", "ccomp"):
        return []  # a step the sentence reports ("the date for signing the deal is open" is none)
    if not any(c.dep_ in ("dobj", "nsubjpass") and c.tag_ == "NN" and c.lemma_.lower() in words and
               any(d.dep_ in ("det", "poss") and d.lower_ in cfg["definite_words"] for d in c.children) and
               not any(d.dep_ == "prep" and d.lower_ == "of" for d in c.children)
               for c in token.children):
        return []
    spoken = {m.cluster: m for m in reversed(mentions) if m.cluster >= 0 and not m.background}
    return list(spoken.values()) if len(spoken) == 1 else []
