"""Lifecycle events (proposed, signed, ratified, in force, terminated) with date, place, party, body."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from treatywatch.extract.agreements import Mention
from treatywatch.extract.dates import DateContext, dateline_day, latest_full_date, parse_date, url_month_anchor
from treatywatch.extract.docindex import ents_in, text_of
from treatywatch.extract.entities import entity_spans, state_of
from treatywatch.extract.modality import contrasted, cue_of, cues, decided, is_denied, is_realised, stage_of
from treatywatch.extract.step_context import (approvals_before_signature, conditioned, just_done, nominal,
                                              proposals_of_signed, sole_agreement, talks_ended, text_anaphor,
                                              timeless, verb_of, year_of_description)
from treatywatch.extract.step_actors import actor_of, counterpart_of, partner_phrase, place_of, subject_states
from treatywatch.extract.step_targets import described, of_another, talks_of
from treatywatch.extract.step_times import (after_occasion, after_report, counted_from, governing_verb,
                                            in_dated_sequence, infinitive_dates, nearest_date, occasion_day,
                                            own_dates, read_dates, yearless_of)
from treatywatch.records import EventFact, EventKind, Evidence, PartialDate

LEAD_SENTENCES = 2
RECENT_SENTENCES = 4  # how far back "these documents" may reach


def find_events(doc: Doc, mentions: list[Mention], published: date | None,
                article_id: str, denials: list[EventFact] | None = None) -> list[EventFact]:
    """Events reported as having happened; steps reported as not (yet) taken go to `denials`."""
    events: list[EventFact] = []
    focus: Mention | None = None
    lead = _lead(doc)
    article = doc.user_data.get("article")
    written_day = None if published else latest_full_date(text_of(doc))
    # the day's news is the dateline's day where the outlet published it a time zone later
    report_day = dateline_day(text_of(doc), published) or published
    anchor = written_day or (None if published else url_month_anchor(getattr(article, "url", None)))
    trail: list[PartialDate | str] = []  # the days written so far ("MM-DD" without a year), for "four days later"
    recent: dict[int, int] = {}  # cluster -> index of the last sentence that reported it
    upon: set[int] = set()  # entries into force "upon signature": dated by the signing
    unsigned: set[int] = set()  # clusters whose signing the article tells as still ahead
    at_occasion: list[int] = []  # steps of the last sentence told only by an occasion ("after the meeting")
    families: dict[int, set[str]] = {}
    for m in mentions:
        if m.family:
            families.setdefault(m.cluster, set()).add(m.family)
    for number, sent in enumerate(doc.sents):
        in_sent = [m for m in mentions if m.cluster >= 0 and sent.start <= m.head.i < sent.end]
        found = [(token, cue, stage) for token in sent if (cue := cue_of(token, sent)) is not None
                 and (stage := stage_of(cue, token, sent)) is not None]
        yearless: dict[int, str] = {}  # date root -> "MM-DD" of a day written without a year
        dates = read_dates(sent, DateContext(report_day, anchor, anchor_is_day=written_day is not None),
                            in_sent, trail, yearless)
        if at_occasion and (held := occasion_day(sent, dates)) is not None:
            for i in at_occasion:  # "... after the meeting." "On 14 May the presidents held talks"
                events[i] = replace(events[i], date=held, date_inferred=False, yearless_day=None)
        at_occasion = []
        # "initialled rather than signed on Monday": the date is the initialling's
        owned = own_dates([f[0] for f in found if not contrasted(f[0])], dates)
        owned = infinitive_dates(owned, [f[0] for f in found])
        for token, cue, stage in found:
            kind = stage.kind
            carrier = (governing_verb(token) or token) if token.pos_ == "NOUN" and kind == EventKind.TERMINATED else token
            # "decided to hold the treaty in abeyance": the decision is the step
            decision = decided(carrier) if kind in (EventKind.SIGNED, EventKind.TERMINATED) else None
            if decision is not None and kind == EventKind.SIGNED:
                # "the presidents agreed to conclude a treaty on the junction": its initiative
                token, kind = decision, EventKind.PROPOSED
            if not is_realised(token) and decision is None:
                if kind == EventKind.SIGNED:
                    # "will not be signed until March", "to be signed next month": still unsigned
                    ahead = _targets(token, in_sent) or ([focus] if focus and _may_use_focus(token) else [])
                    unsigned.update(m.cluster for m in ahead)
                if denials is not None and is_denied(token) and in_sent:
                    target = _targets(token, in_sent)[0]
                    denials.append(EventFact(kind, f"m{target.cluster}", None, None, None, None,
                                             Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())))
                continue
            # ("the talks concluded in March": the negotiation of the agreement in focus)
            if cue.get("linked_only") and not _linked(token, in_sent) and \
                    not (stage.joint and not in_sent and talks_ended(token)):
                continue
            if token.lemma_.lower() in cue.get("person_object", ()):
                if not {t.lemma_.lower() for t in token.subtree} & set(cue["order_targets"]):
                    continue  # "ordering the authorities to publish it": no order to draft or sign
            elif not cue.get("needs_object") and _foreign_argument(token, in_sent):
                continue  # "adopted a resolution", "the CONOPS adopted on 31 October": not the agreement
            if of_another(token, sent, in_sent):
                continue  # "first signed in 1994 and renewed twice", "the previous one was concluded in 1998"
            targets = _targets(token, in_sent)
            if not targets and _plural_argument(token):
                # "these documents were ratified", "they were approved": every agreement in view
                targets = [m for m in _recent(mentions, recent, number)] or ([focus] if focus else [])
            elif not targets:
                targets = [focus] if focus and (_may_use_focus(token) or cue.get("needs_object")) else []
                targets = targets or sole_agreement(token, mentions)
            if stage.joint and (governed := talks_of(token, targets)) is not None and len(governed) < len(targets):
                targets = governed or ([focus] if focus else [])  # the talks' agreement, not one a clause below names
            targets = [m for m in targets if not (m.background and kind != EventKind.SIGNED)]
            if cue.get("needs_family"):
                # "issued a declaration": only an agreement every source calls a declaration
                targets = [m for m in targets if families.get(m.cluster, set()) <= set(cue["needs_family"])
                           and families.get(m.cluster)]
            if not targets:
                continue
            when = nearest_date(token, owned.get(token.i, []))
            day = yearless_of(token, owned.get(token.i, []), yearless) if when is None else None
            if when is None and day is None and kind == EventKind.SIGNED:
                when = year_of_description(token, targets)  # "the 2004 fisheries pact signed by ..."
            if kind == EventKind.IN_FORCE:
                when = counted_from(sent, dates) or when  # "on the first day of the month following" the exchange
            if when is not None and after_report(when, published):
                when = None  # a step reported as done is not dated after the report
            inferred = False
            if when is None and decision is not None:
                # a decision reported with the day's news: the sentence's day, else the report's
                when = next((d for _, d in dates if d is not None and d.precision == 3), None)
                if when is None and report_day:
                    when, inferred = PartialDate.from_date(report_day), True
            if when is None and kind == EventKind.PROPOSED and token.dep_ in ("relcl", "acl", "amod") and \
                    not cue.get("needs_draft"):
                continue  # "the third agreement that Kyiv finalized", "the proposed pact": a description, not a report
            if when is None and (cue.get("noun") or nominal(token)) and kind != EventKind.TERMINATED:
                continue  # "the signing" without a date is talk about signing, not a report of it
            if when is None and day is None and kind == EventKind.IN_FORCE and conditioned(token):
                continue  # "it takes effect thirty days after both sides notify each other": a condition of the text
            if when is None and day is None and kind == EventKind.IN_FORCE and timeless(token) and \
                    sent.start not in lead and not dates and not _upon_signature(sent):
                continue  # "it comes into force on the exchange of instruments": what the text provides
            if when is None and not owned.get(token.i) and (sent.start in lead or just_done(token)) and published and \
                    not in_dated_sequence(token, owned) and \
                    token.dep_ not in ("relcl", "acl", "amod") and \
                    kind in (EventKind.PROPOSED, EventKind.SIGNED, EventKind.RATIFIED, EventKind.IN_FORCE,
                             EventKind.TERMINATED) and \
                    verb_of(token).tag_ in ("VBD", "VBN", "VBZ", "VBP"):
                when = PartialDate.from_date(report_day)  # the lead reports the day's news
                inferred = True
            party, body = actor_of(kind, decision if decision is not None and kind == EventKind.TERMINATED else token,
                                 sent, stage.body)
            if stage.joint:
                party = None  # initialled, or the text agreed, by both delegations
            counterpart = counterpart_of(sent) if kind == EventKind.RATIFIED and party is None else None
            evidence = Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())
            if kind == EventKind.IN_FORCE and (when is None or inferred) and _upon_signature(sent):
                when, inferred = None, False
                upon.update(range(len(events), len(events) + len(targets)))
            if (when is None or inferred) and day is None and kind == EventKind.SIGNED and after_occasion(token):
                at_occasion.extend(range(len(events), len(events) + len(targets)))
            for mention in targets:
                events.append(EventFact(kind, f"m{mention.cluster}", when, place_of(token, sent),
                                        party, body, evidence, inferred, counterpart,
                                        day if when is None else None))
        if not found and events and (repeated := _repeat(sent, events, dates, yearless, article_id)):
            events.extend(repeated)  # "The next day, the Uzbek president did the same."
        reported = [m for m in in_sent if not m.background]
        if reported:
            focus = reported[-1]  # "on the basis of the UN Charter" does not change the subject
        for m in reported:
            recent[m.cluster] = number
    events = approvals_before_signature(doc, events, unsigned)
    events = proposals_of_signed(events)
    events.extend(_title_dates(mentions, published, article_id))
    return _on_signature(events, upon)







def _upon_signature(sent: Span) -> bool:
    text = sent.text.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in cues()["upon_signature_words"])


def _on_signature(events: list[EventFact], upon: set[int]) -> list[EventFact]:
    """'entered into force upon signature', 'takes immediate effect': the day the article gives
    for the agreement's signing."""
    out = []
    for i, event in enumerate(events):
        if i in upon:
            signed = [e.date for e in events if e.kind == EventKind.SIGNED and e.agreement_ref == event.agreement_ref
                      and e.date is not None and e.date.precision == 3 and not e.date_inferred]
            inferred = [e.date for e in events if e.kind == EventKind.SIGNED and e.agreement_ref == event.agreement_ref
                        and e.date is not None and e.date_inferred]
            if signed or inferred:
                event = replace(event, date=(signed or inferred)[0], date_inferred=not signed)
        out.append(event)
    return out


def one_per_sentence(events: list[EventFact]) -> list[EventFact]:
    """'approved the law on the ratification' is one step, not two: per sentence, agreement and
    kind keep the most informative report (a date, then a written date, a party, a body).
    A ratification told twice in a sentence, once without its party, is the party's step."""
    def score(e: EventFact) -> tuple:
        return (e.date is not None, e.yearless_day is not None, not e.date_inferred, e.party is not None,
                e.body is not None)

    def written_day(e: EventFact) -> str | None:
        return None if e.date_inferred else (str(e.date) if e.date else e.yearless_day)

    best: dict[tuple, EventFact] = {}
    partyless: list[EventFact] = []
    for event in events:
        if event.kind == EventKind.RATIFIED and event.party is None:
            partyless.append(event)
            continue
        key = (event.kind, event.agreement_ref, event.evidence.start,
               event.party if event.kind == EventKind.RATIFIED else None)
        kept = best.get(key)
        if kept is not None and event.kind == EventKind.RATIFIED and written_day(kept) and written_day(event) \
                and written_day(kept) != written_day(event):
            best[(*key, written_day(event))] = event  # two steps of one state, on two days
        elif kept is None or score(event) > score(kept):
            best[key] = event
    for event in partyless:
        owners = [k for k in best if k[:3] == (event.kind, event.agreement_ref, event.evidence.start)
                  and len(k) == 4]
        if not owners:
            key = (event.kind, event.agreement_ref, event.evidence.start, None)
            if key not in best or score(event) > score(best[key]):
                best[key] = event
            continue
        if len(owners) == 1 and event.date is not None and not event.date_inferred and \
                best[owners[0]].date not in (None, event.date):
            # "the Senate approved it on March 3 and the president signed the decree two days
            # later": another step of the same state
            best[(*owners[0], str(event.date))] = replace(event, party=owners[0][3])
            continue
        for key in owners:
            kept = best[key]
            if kept.date is None and event.date is not None:
                best[key] = replace(kept, date=event.date, date_inferred=event.date_inferred)
    return list(best.values())


def _lead(doc: Doc) -> set[int]:
    """Starts of the lead: the first sentences long enough to be prose (not headline or byline)."""
    starts = [sent.start for sent in doc.sents if sum(t.is_alpha for t in sent) >= 12]
    return set(starts[:LEAD_SENTENCES])


def _targets(token: Token, in_sent: list[Mention]) -> list[Mention]:
    """The agreements a cue governs: the one its participle or relative clause describes, else
    linked by the parse (the verb's own argument before a nearer mention: "the treaty, which
    replaced the 1990 accord, was signed"), else the nearest in the sentence."""
    if not in_sent:
        return []
    owner = described(token, in_sent)
    if owner is not None:
        return _unique([owner] + [m for m in in_sent if m.head in owner.head.conjuncts])
    linked = _linked(token, in_sent)
    arguments = [m for m in linked if governing_verb(m.head) == token]
    if len(arguments) > 1:
        return _unique(arguments)  # "signed a treaty ..., and an agreement on ...": both signed
    if linked:
        # Coordinated objects ("signed an alliance treaty and a border agreement") are all signed.
        direct = [m for m in arguments if m.head.head == token and m.head.dep_ in ("nsubjpass", "dobj", "nsubj")]
        first = direct[0] if direct else min(linked, key=lambda m: abs(m.head.i - token.i))
        group = [m for m in linked if m is first or m.head in first.head.conjuncts
                 or first.head in m.head.conjuncts]
        return _unique(group)
    return [min(in_sent, key=lambda m: abs(m.head.i - token.i))]


def _linked(token: Token, in_sent: list[Mention]) -> list[Mention]:
    """The agreements the parse links to a cue; a nominal cue also reaches the arguments of its
    verb ('held the treaty in abeyance', 'announced the suspension of the pact')."""
    verb = governing_verb(token) if token.pos_ == "NOUN" else None
    return [m for m in in_sent if token in m.head.ancestors or m.head in token.ancestors
            or m.head.head == token.head
            or (verb is not None and m.head.head == verb and m.head.dep_ in ("dobj", "nsubjpass", "nsubj"))]


def _foreign_argument(token: Token, in_sent: list[Mention]) -> bool:
    """The cue's own argument is something other than an agreement: 'adopted a resolution',
    'renounced the use of force', 'the plan adopted on 31 October', 'a troop withdrawal'."""
    cfg = cues()
    words = set(cfg["argument_words"]) | set(cfg["plural_anaphors"]["nouns"]) | \
        set(cfg["plural_anaphors"]["plural_forms"]) | set(cfg["law_words"]) | \
        set(cfg["ratification_carriers"]) | set(cfg["negotiation_words"]) | set(cfg["draft_words"])
    heads = {m.head.i for m in in_sent}
    spans = [(m.span.start, m.span.end) for m in in_sent]

    def foreign(noun: Token) -> bool:
        if noun.i in heads or any(a <= noun.i < b for a, b in spans) or noun.pos_ not in ("NOUN", "PROPN"):
            return False
        if text_anaphor(noun):
            return False  # "approved the text": the agreement in focus
        if noun.lemma_.lower() in words or noun.lower_ in words:
            return False
        # "its participation in the treaty", "the text of the accord": the agreement through one preposition
        reached = [g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "in", "from", "to", "on")
                   for g in p.children if g.dep_ == "pobj"] + list(noun.conjuncts) + \
            [c for c in noun.children if c.dep_ in ("appos", "compound")]
        return not any(g.i in heads or any(a <= g.i < b for a, b in spans) for g in reached)

    if token.dep_ in ("acl", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        # "the plan adopted on 31 October"; but "the presidents signed in January" is a clause
        # the parse hung on its subject: people sign, they are not signed
        actor = token.head.lemma_.lower() in cues()["actor_nouns"] or token.head.ent_type_ in ("PERSON", "GPE", "NORP")
        return not actor and foreign(token.head)
    arguments = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if token.pos_ == "NOUN":
        arguments = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                     for g in c.children if g.dep_ == "pobj"]
        arguments += [c for c in token.children if c.dep_ == "compound"]
    return bool(arguments) and all(foreign(a) for a in arguments)


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        if m.cluster not in seen:
            seen.add(m.cluster)
            out.append(m)
    return out


def _plural_argument(token: Token) -> bool:
    """The step's agreement is a plural back-reference: 'these documents', 'both accords', 'they'."""
    words = cues()["plural_anaphors"]
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "nsubj") and (
                (child.tag_ in ("NNS", "NNPS") and child.lemma_.lower() in words["nouns"])
                or child.lower_ in words["plural_forms"] or child.lower_ in words["pronouns"]):
            return True
    return False


def _recent(mentions: list[Mention], recent: dict[int, int], number: int) -> list[Mention]:
    """One mention of each agreement reported in the last few sentences, if there are several."""
    clusters = [c for c, last in recent.items() if number - last <= RECENT_SENTENCES]
    if len(clusters) < 2:
        return []
    return [next(m for m in mentions if m.cluster == c) for c in sorted(clusters)]


def _may_use_focus(token: Token) -> bool:
    """'It was signed in May' or 'was ratified' with no noun object refers back."""
    if token.dep_ == "acl" and token.head.pos_ == "NOUN" and \
            not any(c.dep_ in ("det", "poss") and c.lower_ in cues()["definite_words"] for c in token.head.children):
        return False  # "earlier accords signed in 2019": other agreements, none of the article's
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    carriers = set(cues()["law_words"]) | set(cues()["ratification_carriers"])
    # "signed the ratification law": the law is the agreement's, the one in focus
    return not objects or all(c.pos_ == "PRON" or c.lemma_.lower() in carriers or text_anaphor(c) for c in objects)



def _repeat(sent: Span, events: list[EventFact], dates: list[tuple[Token, PartialDate | None]],
            yearless: dict[int, str], article_id: str) -> list[EventFact]:
    """'X did the same', 'Y followed suit': the last step reported, taken by another state (on
    the sentence's day, which may be a day without a year: 'the next day' after '29 November')."""
    lowered = sent.text.lower()
    if not any(re.search(rf"\b{p}\b", lowered) for p in cues()["repeat_phrases"]):
        return []
    verb = sent.root
    states = [e for e in entity_spans(sent, ("STATE", "STATE_ADJ", "LEADER")) if not partner_phrase(e)]
    actor = subject_states(verb, states) or (states if len({state_of(e) for e in states}) == 1 else [])
    if len(actor) != 1:
        return []
    party = state_of(actor[0])
    last = [e for e in events if e.evidence.start == events[-1].evidence.start]
    when = next((d for _, d in dates if d is not None), None)
    day = next(iter(yearless.values()), None) if when is None else None
    evidence = Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())
    return [replace(e, party=party, date=when, place=place_of(verb, sent), evidence=evidence, date_inferred=False,
                    counterpart=None, yearless_day=day)
            for e in last if e.party not in (None, party) and e.kind in (EventKind.RATIFIED, EventKind.PROPOSED,
                                                                          EventKind.TERMINATED)]


def _title_dates(mentions: list[Mention], published: date | None, article_id: str) -> list[EventFact]:
    """'the Treaty ... of January 13, 1993' or 'the 1992 treaty': the date is its signing."""
    events = []
    for mention in mentions:
        if mention.cluster < 0 or not mention.named:
            continue
        for ent in ents_in(mention.span):
            if ent.label_ == "DATE":
                value = parse_date(ent.text, published)
                if value is None and ent.text.strip().isdigit():
                    value = parse_date(ent.text.strip(), None)
                if value is not None:
                    sent = mention.span.sent
                    events.append(EventFact(EventKind.SIGNED, f"m{mention.cluster}", value, None, None, None,
                                            Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())))
                    break
    return events
