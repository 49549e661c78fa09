"""Lifecycle events (proposed, signed, ratified, in force, terminated) with date, place, party, body."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from treatywatch.extract import gazetteer
from treatywatch.extract.agreements import Mention
from treatywatch.extract.dates import (FUTURE, PAST, TIME_ZONE_SLACK, DateContext, DateSpan, find_dates,
                                       latest_full_date, names_a_point, parse_date, resolve, shift_date,
                                       url_month_anchor)
from treatywatch.extract.docindex import ents_in, text_of
from treatywatch.extract.entities import STATE_LABELS, entity_spans, is_place, state_of
from treatywatch.extract.modality import contrasted, cue_of, cues, decided, is_denied, is_realised, stage_of
from treatywatch.records import EventFact, EventKind, Evidence, PartialDate

LEAD_SENTENCES = 2
RECENT_SENTENCES = 4  # how far back "these documents" may reach
DATELINE_FULL = re.compile(r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}|[A-Z][A-Za-z'.-]+(?:[ -][A-Z][A-Za-z'.-]+)*[.,]\s*"
                           r"(?:[A-Z][a-z]+[.,]\s*)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s*\d{4})?)")
DATELINE = re.compile(r"^\s*(?:date\s*|[A-Z][A-Za-z'.-]*(?:[ -][A-Z][A-Za-z'.-]*)*[.,]\s*(?:[A-Z][a-z]+,\s*)?)$")


def find_events(doc: Doc, mentions: list[Mention], published: date | None,
                article_id: str, denials: list[EventFact] | None = None) -> list[EventFact]:
    """Events reported as having happened; steps reported as not (yet) taken go to `denials`."""
    events: list[EventFact] = []
    focus: Mention | None = None
    lead = _lead(doc)
    article = doc.user_data.get("article")
    anchor = None if published else (latest_full_date(text_of(doc)) or url_month_anchor(getattr(article, "url", None)))
    trail: list[PartialDate] = []  # the days written so far, for "four days later"
    recent: dict[int, int] = {}  # cluster -> index of the last sentence that reported it
    upon: set[int] = set()  # entries into force "upon signature": dated by the signing
    families: dict[int, set[str]] = {}
    for m in mentions:
        if m.family:
            families.setdefault(m.cluster, set()).add(m.family)
    for number, sent in enumerate(doc.sents):
        in_sent = [m for m in mentions if m.cluster >= 0 and sent.start <= m.head.i < sent.end]
        found = [(token, cue, stage) for token in sent if (cue := cue_of(token, sent)) is not None
                 and (stage := stage_of(cue, token, sent)) is not None]
        dates = _read_dates(sent, published, anchor, in_sent, trail)
        # "initialled rather than signed on Monday": the date is the initialling's
        owned = _own_dates([f[0] for f in found if not contrasted(f[0])], dates)
        for token, cue, stage in found:
            kind = stage.kind
            carrier = (_governing_verb(token) or token) if token.pos_ == "NOUN" and kind == EventKind.TERMINATED else token
            # "decided to hold the treaty in abeyance": the decision is the step
            decision = decided(carrier) if kind in (EventKind.SIGNED, EventKind.TERMINATED) else None
            if decision is not None and kind == EventKind.SIGNED:
                # "the presidents agreed to conclude a treaty on the junction": its initiative
                token, kind = decision, EventKind.PROPOSED
            if not is_realised(token) and decision is None:
                if denials is not None and is_denied(token) and in_sent:
                    target = _targets(token, in_sent)[0]
                    denials.append(EventFact(kind, f"m{target.cluster}", None, None, None, None,
                                             Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())))
                continue
            if cue.get("linked_only") and not _linked(token, in_sent):
                continue
            if token.lemma_.lower() in cue.get("person_object", ()):
                if not {t.lemma_.lower() for t in token.subtree} & set(cue["order_targets"]):
                    continue  # "ordering the authorities to publish it": no order to draft or sign
            elif not cue.get("needs_object") and _foreign_argument(token, in_sent):
                continue  # "adopted a resolution", "the CONOPS adopted on 31 October": not the agreement
            targets = _targets(token, in_sent)
            if not targets and _plural_argument(token):
                # "these documents were ratified", "they were approved": every agreement in view
                targets = [m for m in _recent(mentions, recent, number)] or ([focus] if focus else [])
            elif not targets:
                targets = [focus] if focus and (_may_use_focus(token) or cue.get("needs_object")) else []
            targets = [m for m in targets if not (m.background and kind != EventKind.SIGNED)]
            if cue.get("needs_family"):
                # "issued a declaration": only an agreement every source calls a declaration
                targets = [m for m in targets if families.get(m.cluster, set()) <= set(cue["needs_family"])
                           and families.get(m.cluster)]
            if not targets:
                continue
            when = _nearest(token, owned.get(token.i, []))
            if kind == EventKind.IN_FORCE:
                when = _counted(sent, dates) or when  # "on the first day of the month following" the exchange
            if when is not None and _after_report(when, published):
                when = None  # a step reported as done is not dated after the report
            inferred = False
            if when is None and decision is not None:
                # a decision reported with the day's news: the sentence's day, else the report's
                when = next((d for _, d in dates if d is not None and d.precision == 3), None)
                if when is None and published:
                    when, inferred = PartialDate.from_date(published), True
            if when is None and kind == EventKind.PROPOSED and token.dep_ in ("relcl", "acl") and \
                    not cue.get("needs_draft"):
                continue  # "the third agreement that Kyiv finalized": a description, not a report
            if when is None and (cue.get("noun") or _nominal(token)) and kind != EventKind.TERMINATED:
                continue  # "the signing" without a date is talk about signing, not a report of it
            if when is None and not owned.get(token.i) and sent.start in lead and published and \
                    token.dep_ not in ("relcl", "acl", "amod") and \
                    kind in (EventKind.PROPOSED, EventKind.SIGNED, EventKind.RATIFIED, EventKind.IN_FORCE,
                             EventKind.TERMINATED) and \
                    _verb_of(token).tag_ in ("VBD", "VBN", "VBZ", "VBP"):
                when = PartialDate.from_date(published)  # the lead reports the day's news
                inferred = True
            party, body = _actor(kind, decision if decision is not None and kind == EventKind.TERMINATED else token,
                                 sent, stage.body)
            if stage.joint:
                party = None  # initialled, or the text agreed, by both delegations
            counterpart = _counterpart(sent) if kind == EventKind.RATIFIED and party is None else None
            evidence = Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())
            if kind == EventKind.IN_FORCE and (when is None or inferred) and _upon_signature(sent):
                when, inferred = None, False
                upon.update(range(len(events), len(events) + len(targets)))
            for mention in targets:
                events.append(EventFact(kind, f"m{mention.cluster}", when, _place(token, sent),
                                        party, body, evidence, inferred, counterpart))
        if not found and events and (repeated := _repeat(sent, events, dates, article_id)):
            events.extend(repeated)  # "The next day, the Uzbek president did the same."
        reported = [m for m in in_sent if not m.background]
        if reported:
            focus = reported[-1]  # "on the basis of the UN Charter" does not change the subject
        for m in reported:
            recent[m.cluster] = number
    events.extend(_title_dates(mentions, published, article_id))
    return _on_signature(events, upon)


def _verb_of(token: Token) -> Token:
    """The verb that tells a step: the cue itself, or the verb of 'entered into force', 'took effect'."""
    if token.pos_ == "NOUN" and not _nominal(token):
        return _governing_verb(token) or token
    return token


def _nominal(token: Token) -> bool:
    """A cue that names a step as a noun ('the ratification', 'entry into force'), not one told
    by a verb phrase ('came into force', 'took effect')."""
    if token.pos_ != "NOUN":
        return False
    head = token.head
    if head.lower_ in ("into", "in") and head.head.pos_ in ("VERB", "AUX"):
        return False
    return not (head.lemma_.lower() == "take" and head.pos_ in ("VERB", "AUX"))


def _upon_signature(sent: Span) -> bool:
    text = sent.text.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in cues()["upon_signature_words"])


def _counted(sent: Span, dates: list[tuple[Token, PartialDate | None]]) -> PartialDate | None:
    """Entry into force counted from a day the sentence gives: 'on the first day of the month
    after the exchange of notes on 5 May', '30 days after the instruments were exchanged on ...'."""
    if any(d.kind == "count" for d in find_dates(sent.text)):
        return None  # "30 days after the exchange" is read as a count of days already
    known = [d for _, d in dates if d is not None and d.precision >= 2]
    return shift_date(known[-1], sent.text) if known else None


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
        return (e.date is not None, not e.date_inferred, e.party is not None, e.body is not None)

    best: dict[tuple, EventFact] = {}
    partyless: list[EventFact] = []
    for event in events:
        if event.kind == EventKind.RATIFIED and event.party is None:
            partyless.append(event)
            continue
        key = (event.kind, event.agreement_ref, event.evidence.start,
               event.party if event.kind == EventKind.RATIFIED else None)
        kept = best.get(key)
        if kept is not None and event.kind == EventKind.RATIFIED and kept.date and event.date and \
                not kept.date_inferred and not event.date_inferred and kept.date != event.date:
            best[(*key, str(event.date))] = event  # two steps of one state, on two days
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
    """The agreements a cue governs: linked by the parse, else the nearest in the sentence."""
    if not in_sent:
        return []
    linked = _linked(token, in_sent)
    arguments = [m for m in linked if _governing_verb(m.head) == token]
    if len(arguments) > 1:
        return _unique(arguments)  # "signed a treaty ..., and an agreement on ...": both signed
    if linked:
        # Coordinated objects ("signed an alliance treaty and a border agreement") are all signed.
        first = min(linked, key=lambda m: abs(m.head.i - token.i))
        group = [m for m in linked if m is first or m.head in first.head.conjuncts
                 or first.head in m.head.conjuncts]
        return _unique(group)
    return [min(in_sent, key=lambda m: abs(m.head.i - token.i))]


def _linked(token: Token, in_sent: list[Mention]) -> list[Mention]:
    """The agreements the parse links to a cue; a nominal cue also reaches the arguments of its
    verb ('held the treaty in abeyance', 'announced the suspension of the pact')."""
    verb = _governing_verb(token) if token.pos_ == "NOUN" else None
    return [m for m in in_sent if token in m.head.ancestors or m.head in token.ancestors
            or m.head.head == token.head
            or (verb is not None and m.head.head == verb and m.head.dep_ in ("dobj", "nsubjpass", "nsubj"))]


def _foreign_argument(token: Token, in_sent: list[Mention]) -> bool:
    """The cue's own argument is something other than an agreement: 'adopted a resolution',
    'renounced the use of force', 'the plan adopted on 31 October', 'a troop withdrawal'."""
    cfg = cues()
    words = set(cfg["argument_words"]) | set(cfg["plural_anaphors"]["nouns"]) | set(cfg["law_words"]) | \
        set(cfg["ratification_carriers"]) | set(cfg["negotiation_words"]) | set(cfg["draft_words"])
    heads = {m.head.i for m in in_sent}
    spans = [(m.span.start, m.span.end) for m in in_sent]

    def foreign(noun: Token) -> bool:
        if noun.i in heads or any(a <= noun.i < b for a, b in spans) or noun.pos_ not in ("NOUN", "PROPN"):
            return False
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


def _after_report(when: PartialDate, published: date | None) -> bool:
    if published is None:
        return False
    latest = PartialDate.from_date(published + TIME_ZONE_SLACK).truncate(when.precision)
    return str(when) > str(latest)


def _governing_verb(token: Token) -> Token | None:
    return next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


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
                or child.lower_ in words["pronouns"]):
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
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    carriers = set(cues()["law_words"]) | set(cues()["ratification_carriers"])
    # "signed the ratification law": the law is the agreement's, the one in focus
    return not objects or all(c.pos_ == "PRON" or c.lemma_.lower() in carriers for c in objects)


def _read_dates(sent: Span, published: date | None, anchor: date | None,
                mentions: list[Mention], trail: list[PartialDate]) -> list[tuple[Token, PartialDate | None]]:
    """The sentence's dates, resolved (None: named but unresolvable). A count of days
    ('four days later', 'the next day') runs from the last day written before it.
    A date inside an agreement's name ('suspends the 2018 military agreement') names the
    agreement, not a step, and datelines say when the report was filed."""
    found = []
    for span, expression in _date_spans(sent):
        if _is_dateline(span):
            continue
        if any(m.span.start <= span.start and span.end <= m.span.end for m in mentions):
            continue
        if _upcoming(span):
            continue  # "at an upcoming summit on Friday": the date of something still ahead
        root = _date_root(span)
        context = DateContext(published, anchor, _tense(root), trail[-1] if trail else None)
        value = resolve(expression, context) if expression is not None else \
            parse_date(span.text, published, anchor=anchor, tense=context.tense)
        if value is not None and value.precision == 3:
            trail.append(value)
        found.append((root, value))
    return found


def _date_spans(sent: Span) -> list[tuple[Span, DateSpan | None]]:
    """The time expressions of a sentence (extract/dates.py), as token spans; the model's DATE
    entities that none of them covers come too (without a reading: 'the same year', '2012')."""
    doc = sent.doc
    spans: list[tuple[Span, DateSpan | None]] = []
    for expression in find_dates(sent.text):
        span = doc.char_span(sent.start_char + expression.start, sent.start_char + expression.end,
                             alignment_mode="expand")
        if span is not None and len(span):
            spans.append((span, expression))
    covered = {t.i for span, _ in spans for t in span}
    for ent in ents_in(sent):
        if ent.label_ == "DATE" and not any(t.i in covered for t in ent) and names_a_point(ent.text):
            spans.append((ent, None))
    return sorted(spans, key=lambda item: item[0].start)


def _date_root(span: Span) -> Token:
    """The word a date hangs from the parse by: 'Thursday' in 'on Thursday', not the preposition."""
    root = span.root
    if root.pos_ == "ADP":
        inside = [c for c in root.children if span.start <= c.i < span.end]
        if inside:
            return inside[0]
    return root


def _tense(token: Token) -> str | None:
    """Whether the clause of a date reports something done (past), something to come (future),
    or does not say (a present tense, a noun phrase)."""
    verb = next((t for t in [token, *token.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    cfg = cues()
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if words & set(cfg["modal_aux"]) or verb.lemma_.lower() in cfg["future_heads"] or \
            verb.lower_ in cfg["future_heads"] or (verb.head.lemma_.lower() in cfg["future_heads"] and verb.dep_ == "xcomp"):
        return FUTURE
    if verb.tag_ in ("VBD", "VBN") or words & {"has", "have", "had"}:
        return PAST
    return None


def _repeat(sent: Span, events: list[EventFact], dates: list[tuple[Token, PartialDate | None]],
            article_id: str) -> list[EventFact]:
    """'X did the same', 'Y followed suit': the last step reported, taken by another state."""
    lowered = sent.text.lower()
    if not any(re.search(rf"\b{p}\b", lowered) for p in cues()["repeat_phrases"]):
        return []
    verb = sent.root
    states = [e for e in entity_spans(sent, ("STATE", "STATE_ADJ", "LEADER")) if not _partner_phrase(e)]
    actor = _subject_states(verb, states) or (states if len({state_of(e) for e in states}) == 1 else [])
    if len(actor) != 1:
        return []
    party = state_of(actor[0])
    last = [e for e in events if e.evidence.start == events[-1].evidence.start]
    when = next((d for _, d in dates if d is not None), None)
    evidence = Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())
    return [replace(e, party=party, date=when, place=_place(verb, sent), evidence=evidence, date_inferred=False,
                    counterpart=None)
            for e in last if e.party not in (None, party) and e.kind in (EventKind.RATIFIED, EventKind.PROPOSED,
                                                                          EventKind.TERMINATED)]


def _upcoming(span: Span) -> bool:
    words = set(cues()["upcoming_words"])
    root = _date_root(span)
    near = [root, *list(root.ancestors)[:3]]
    return any(t.lower_ in words and not span.start <= t.i < span.end for n in near for t in n.children) or \
        (span.start > 0 and span.doc[span.start - 1].lower_ in words)


def _own_dates(cue_tokens: list[Token], dates: list[tuple[Token, PartialDate | None]]
               ) -> dict[int, list[tuple[int, PartialDate | None]]]:
    """Each date belongs to the one step whose clause it is in: the first cue above it in the
    parse ("ratified the treaty signed on 22 December": the date is the signing's), a nominal
    cue of the verb it hangs on ("the signing took place on Monday"), a cue its verb carries
    ("voted on Tuesday to ratify"), or a step just done that a report of that day announces
    ("announced on Wednesday that they have signed"). A date in another clause ("In a statement
    on Friday, he welcomed the signing") is no step's; one in a fragment without a verb (a
    caption, a headline) goes to the nearest cue."""
    owned: dict[int, list[tuple[int, PartialDate | None]]] = {}
    if not cue_tokens:
        return owned
    indices = {t.i for t in cue_tokens}
    reported: dict[int, list[tuple[int, PartialDate | None]]] = {}
    for root, value in dates:
        if root.dep_ in ("compound", "nmod", "amod") and root.head.pos_ in ("NOUN", "PROPN") and \
                root.head.i not in indices:
            continue  # "after the April 22 attack": the date of another thing
        owner = next((a.i for a in root.ancestors if a.i in indices), None)
        if owner is not None:
            owned.setdefault(owner, []).append((root.i, value))
            continue
        owner, by_report = _clause_owner(root, cue_tokens)
        if owner is not None:
            (reported if by_report else owned).setdefault(owner, []).append((root.i, value))
    for owner, items in reported.items():
        if not any(value is not None for _, value in owned.get(owner, [])):
            owned.setdefault(owner, []).extend(items)  # the report's day only where the step gives none
    return owned


def _clause_owner(root: Token, cue_tokens: list[Token]) -> tuple[int | None, bool]:
    """The cue of the clause a date hangs on, and whether only a report of the step gives it."""
    verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return min(cue_tokens, key=lambda t: abs(t.i - root.i)).i, False
    noun = next((a for a in root.ancestors if a.pos_ in ("NOUN", "PROPN", "VERB", "AUX")), None)
    if noun is not None and noun.pos_ in ("NOUN", "PROPN") and noun.lemma_.lower() not in cues()["occasion_nouns"] \
            and noun.ent_type_ not in ("DATE", "TIME") and not any(c.i == noun.i for c in cue_tokens):
        return None, False  # "in a statement on Friday, it welcomed the signing": the statement's day
    for cue in sorted(cue_tokens, key=lambda t: abs(t.i - root.i)):
        if cue.pos_ == "NOUN" and _governing_verb(cue) == verb:
            return cue.i, False  # "the signing took place on Monday"
        chain, current = [], cue
        while current.dep_ in ("xcomp", "conj") and current.head is not current:
            current = current.head
            chain.append(current)
        if verb in chain:
            return cue.i, False  # "voted on Tuesday to ratify", "met on Monday and signed"
    for cue in sorted(cue_tokens, key=lambda t: abs(t.i - root.i)):
        if _reported_by(cue, verb):
            return cue.i, True  # "announced on Wednesday that the two sides have signed"
    return None, False


def _reported_by(cue: Token, verb: Token) -> bool:
    """A step just done, told by a report of that day: 'X and Y signed a pact, the leaders
    announced on Friday', 'the ministry said on Monday that it has ratified the treaty'."""
    if verb.lemma_.lower() not in cues()["report_verbs"]:
        return False
    if not (cue.dep_ == "ccomp" and cue.head == verb) and not (verb.dep_ in ("ccomp", "parataxis") and verb.head == cue):
        return False
    perfect = any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have") for c in cue.children)
    return perfect or cue.tag_ == "VBD"


def _is_dateline(ent: Span) -> bool:
    """'ASTANA, September 3, 2024 -' or ' date 2025-02-26': when the report was filed, not an event."""
    sent_text = text_of(ent.doc)[ent.sent.start_char:ent.sent.end_char]
    full = DATELINE_FULL.match(sent_text)
    if full and ent.start_char - ent.sent.start_char < full.end():
        return True
    before = sent_text[:ent.start_char - ent.sent.start_char]
    return bool(DATELINE.match(before)) and ent.start_char - ent.sent.start_char < 60


def _nearest(token: Token, dates: list[tuple[int, PartialDate | None]]) -> PartialDate | None:
    known = [d for d in dates if d[1] is not None]
    if not known:
        return None
    return min(known, key=lambda d: abs(d[0] - token.i))[1]


def _nearest_span(token: Token, spans: list[Span]) -> Span:
    return min(spans, key=lambda s: abs(s.start - token.i))


def _place(token: Token, sent: Span) -> str | None:
    places = [e for e in entity_spans(sent, ("CAPITAL", "CITY")) if is_place(e)]
    places += [e for e in ents_in(sent) if e.label_ in ("GPE", "LOC") and e.start > 0
               and e.doc[e.start - 1].lower_ in cues()["place_prepositions"]
               and not entity_spans(e, ("STATE", "STATE_ADJ"))]
    if not places:
        return None
    return _nearest_span(token, places).text


def _actor(kind: EventKind, token: Token, sent: Span, body: Span | None) -> tuple[str | None, str | None]:
    """Who acted: for a ratification, the ratifying state and body; for a proposal or a
    withdrawal, the state that took the step."""
    if kind not in (EventKind.RATIFIED, EventKind.PROPOSED, EventKind.TERMINATED):
        return None, None
    gaz = gazetteer.load()
    body_name = gaz.body_by_id[body.kb_id_].body if body is not None else None
    party = state_of(body) if body is not None else None
    states = [e for e in entity_spans(sent, ("STATE", "STATE_ADJ", "LEADER", "CAPITAL"))
              if not is_place(e) and not _partner_phrase(e)]
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
        actor = _subject_states(token, states)
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


def _partner_phrase(ent: Span) -> bool:
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


def _counterpart(sent: Span) -> str | None:
    """'ratified the alliance agreement with Kazakhstan': the state a ratification was *not* by."""
    codes = {state_of(e) for e in entity_spans(sent, ("STATE", "STATE_ADJ", "CAPITAL"))
             if e.start > 0 and e.doc[e.start - 1].lower_ == "with"}
    return codes.pop() if len(codes) == 1 else None


def _subject_states(token: Token, states: list[Span]) -> list[Span]:
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
    return list({state_of(e): e for e in found}.values())


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
