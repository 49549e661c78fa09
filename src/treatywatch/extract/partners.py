"""Agreements named in the plural with their partners: "Chile has signed water agreements with
Peru and Bolivia", "similar deals are being discussed with Ghana and Togo".

Each partner gives one agreement named in passing (`form` "passing"): its parties are the partner and
the state the plural's agreements are of (one of the article's agreement's parties), its subject the
plural's own ("fisheries agreements") or, when it only compares ("similar deals", "the deals
reached with ..."), the subject of the agreement the article is about. Like any mention in passing it
starts no record: merge joins it to the record of exactly its parties whose subject it shares.

A plural that enumerates its agreements ("signed two memoranda: one on customs and the other on patrols")
names one in passing per subject (`enumerated_mentions`), of the two states its sentence names.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from treatywatch.extract import agreements as agr
from treatywatch.extract.entities import entity_spans, is_place, state_codes, state_of
from treatywatch.records import AgreementKind, AgreementMention, Evidence


def partner_mentions(doc: Doc, focus: AgreementMention | None, article_states: Counter,
                     article_id: str) -> list[AgreementMention]:
    """One mention in passing per partner of every plural agreement noun with a "with" list."""
    if focus is None or len(focus.parties) < 2:
        return []
    cfg = agr.rules()
    heads = cfg["plural_partner_heads"]
    found: list[AgreementMention] = []
    for token in doc:
        if token.tag_ != "NNS" or token.lemma_.lower() not in heads:
            continue
        partners = _partners(token)
        if not partners:
            continue
        home = _home(token, partners, focus, article_states)
        if home is None:
            continue
        subject = _own_subject(doc, token) or set(focus.subject.split())
        if not subject:
            continue
        sent = token.sent
        for partner in partners:
            parties = tuple(sorted((home, partner)))
            if parties == tuple(sorted(focus.parties)):
                continue  # the article's own agreement, counted among the others
            found.append(AgreementMention(
                ref=f"p{token.i}-{partner}", title=token.text, kind=AgreementKind(heads[token.lemma_.lower()]),
                subject=" ".join(sorted(subject)), parties=parties, background=False, form="passing",
                evidence=[Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())]))
    return found


def _partners(token: Token) -> list[str]:
    """The states after the "with" of the noun, of the verb it is the subject or object of, or of the
    participle that follows it ("the deals reached with X and Y"), up to the next verb."""
    owners = [token, *(c for c in token.children if c.dep_ == "acl")]
    if token.dep_ in ("nsubj", "nsubjpass", "dobj") and token.head.pos_ in ("VERB", "AUX"):
        owners.append(token.head)
    prep = next((c for owner in owners for c in owner.children if c.dep_ == "prep" and c.lower_ == "with"), None)
    if prep is None:
        return []
    sent = token.sent
    end = next((t.i for t in token.doc[prep.i + 1: sent.end] if t.pos_ in ("VERB", "AUX")), sent.end)
    codes = [state_of(ent) for ent in entity_spans(token.doc[prep.i + 1: end], ("STATE",)) if not is_place(ent)]
    return list(dict.fromkeys(c for c in codes if c))


def _home(token: Token, partners: list[str], focus: AgreementMention, article_states: Counter) -> str | None:
    """The state whose agreements these are: a party of the article's agreement that is no partner, the one
    the sentence names if it names one, else the one the article names most."""
    candidates = [p for p in focus.parties if p not in partners]
    named = set(state_codes(token.sent))
    in_sentence = [p for p in candidates if p in named]
    if len(in_sentence) == 1:
        return in_sentence[0]
    pool = in_sentence or candidates
    if not pool:
        return None
    return max(pool, key=lambda p: (article_states.get(p, 0), -candidates.index(p)))


def _own_subject(doc: Doc, token: Token) -> set[str]:
    """The plural's own subject words, without markers of another agreement ("similar", "previous")
    and the weak ones."""
    cfg = agr.rules()
    span = agr.title_span(doc, token)
    dropped = set(cfg["distinct_markers"]) | set(cfg["weak_subject_words"]) | {"such", "same"}
    return {w for w in agr.subject_of(span, token) if w not in dropped}



def enumerated_mentions(doc: Doc, focus: AgreementMention | None, kept: list[AgreementMention],
                        article_id: str) -> list[AgreementMention]:
    """"Accra and Lome signed two memoranda: one on customs and the other on fisheries":
    one agreement named in passing per subject the plural enumerates, of the two states its sentence names
    (else of the article's agreement)."""
    cfg = agr.rules()
    plurals = cfg["enumerated_plurals"]
    weak = set(cfg["weak_subject_words"])
    found: list[AgreementMention] = []
    for token in doc:
        if token.lower_ not in plurals:
            continue
        sent = token.sent
        named = list(dict.fromkeys(state_codes(sent)))
        parties = tuple(sorted(named)) if len(named) == 2 else \
            tuple(sorted(focus.parties)) if focus is not None and len(focus.parties) >= 2 else ()
        if not parties:
            continue
        for opener, prep, end in agr.enumeration(token):
            subject = set(agr.subject_of(doc[prep.i: end], prep))
            if not subject - weak or any(m.parties == parties and set(m.subject.split()) & subject for m in kept):
                continue  # nothing said of what it is about, or the article's own agreement again
            found.append(AgreementMention(
                ref=f"e{opener.i}", title=f"{token.text} {doc[prep.i: end].text}",
                kind=AgreementKind(plurals[token.lower_]), subject=" ".join(sorted(subject)), parties=parties,
                background=False, form="passing",
                evidence=[Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())]))
    return found
