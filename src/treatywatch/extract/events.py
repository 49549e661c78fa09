"""Lifecycle events (proposed, signed, ratified, in force, terminated) with date, place, party, body."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from treatywatch.extract import gazetteer
from treatywatch.extract.agreements import Mention
from treatywatch.extract.dates import latest_full_date, offset_days, parse_date, url_month_anchor
from treatywatch.extract.entities import STATE_LABELS, entity_spans, is_place, state_of
from treatywatch.extract.modality import cues, is_denied, is_realised
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
    anchor = None if published else (latest_full_date(doc.text) or url_month_anchor(getattr(article, "url", None)))
    trail: list[PartialDate] = []  # the days written so far, for "four days later"
    recent: dict[int, int] = {}  # cluster -> index of the last sentence that reported it
    for number, sent in enumerate(doc.sents):
        in_sent = [m for m in mentions if m.cluster >= 0 and sent.start <= m.head.i < sent.end]
        found = [(token, cue, *_refine(EventKind(cue["event"]), token, sent))
                 for token in sent if (cue := _cue(token, sent)) is not None]
        found = [f for f in found if f[2] is not None]
        dates = _read_dates(sent, published, anchor, in_sent, trail)
        owned = _own_dates([f[0] for f in found], dates)
        for token, cue, kind, body_span in found:
            decided = kind == EventKind.SIGNED and (decision := _decided(token)) is not None
            if decided:
                # "the presidents agreed to conclude a treaty on the junction": its initiative
                token, kind = decision, EventKind.PROPOSED
            if not is_realised(token):
                if denials is not None and is_denied(token) and in_sent:
                    target = _targets(token, in_sent)[0]
                    denials.append(EventFact(kind, f"m{target.cluster}", None, None, None, None,
                                             Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())))
                continue
            if cue.get("linked_only") and not _linked(token, in_sent):
                continue
            targets = _targets(token, in_sent)
            if not targets and _plural_argument(token):
                # "these documents were ratified", "they were approved": every agreement in view
                targets = [m for m in _recent(mentions, recent, number)] or ([focus] if focus else [])
            elif not targets:
                targets = [focus] if focus and _may_use_focus(token) else []
            targets = [m for m in targets if not (m.background and kind != EventKind.SIGNED)]
            if not targets:
                continue
            when = _nearest(token, owned.get(token.i, []))
            inferred = False
            if when is None and decided:
                # a decision reported with the day's news: the sentence's day, else the report's
                when = next((d for _, d in dates if d is not None and d.precision == 3), None)
                if when is None and published:
                    when, inferred = PartialDate.from_date(published), True
            if when is None and cue.get("noun"):
                continue  # "the signing" without a date is talk about signing, not a report of it
            if when is None and not owned.get(token.i) and sent.start in lead and published and \
                    token.dep_ not in ("relcl", "acl") and \
                    kind in (EventKind.PROPOSED, EventKind.SIGNED, EventKind.RATIFIED, EventKind.IN_FORCE) and \
                    token.tag_ in ("VBD", "VBN", "VBZ", "VBP"):
                when = PartialDate.from_date(published)  # the lead reports the day's news
                inferred = True
            party, body = _actor(kind, token, sent, body_span)
            counterpart = _counterpart(sent) if kind == EventKind.RATIFIED and party is None else None
            evidence = Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())
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
    return events


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


def _cue(token: Token, sent: Span) -> dict | None:
    lemma = token.lemma_.lower()
    cfg = cues()
    for cue in cfg["cues"]:
        if lemma not in cue["lemmas"]:
            continue
        if cue.get("noun") and token.pos_ != "NOUN":
            continue
        if not cue.get("noun") and token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB") \
                and lemma not in cue.get("noun_lemmas", ()):
            continue  # "constitutional order" is no order to sign
        if cue.get("needs_words"):
            window = sent.text.lower()
            if not any(word in window for word in cue["needs_words"]):
                continue
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


def _decided(token: Token) -> Token | None:
    """The realised 'agreed' or 'decided' whose infinitive the signing is ('agreed to sign')."""
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_.lower() in cues()["decision_heads"] and \
            head.tag_ in ("VBD", "VBN") and is_realised(head):
        return head
    return None


def _leader_subject(token: Token) -> bool:
    """'Aliyev approved the document': a head of state's own approval of a concluded agreement
    (not of a draft, which is a proposal)."""
    subject = {t.i for c in token.children if c.dep_ in ("nsubj", "agent") for t in c.subtree}
    if not subject or any(t.lower_ in cues()["draft_words"] for t in token.subtree):
        return False
    return any(e.start in subject for e in entity_spans(token.sent, ("LEADER",))) or \
        any(token.doc[i].lower_ in cues()["president_words"] for i in subject)


def _refine(kind: EventKind, token: Token, sent: Span) -> tuple[EventKind | None, Span | None]:
    """A signature on a ratification law is a ratification, by the head of state."""
    cfg = cues()
    bodies = entity_spans(sent, ("BODY",))
    if kind == EventKind.SIGNED:
        law_words = set(cfg["law_words"])
        if _signs_law(token, law_words):
            return EventKind.RATIFIED, None
        inner = _law_object_cue(token, law_words)
        if inner is not None:
            return inner, None  # "signed a law suspending the treaty": the law's step, on the day signed
    if kind == EventKind.RATIFIED and token.pos_ == "NOUN" and token.dep_ == "pobj" and \
            token.head.lower_ == "on" and not bodies:
        return None, None  # "the law on ratification" without its author
    if kind == EventKind.RATIFIED and token.pos_ in ("NOUN", "ADJ") and \
            (token.head.lemma_.lower() in cfg["instrument_words"] or
             (token.head.lower_ == "of" and token.head.head.lemma_.lower() in cfg["instrument_words"])):
        return None, None  # "exchanged instruments of ratification": the entry into force, told elsewhere
    specific = [b for b in bodies if gazetteer.load().body_by_id[b.kb_id_].state]
    return kind, (_nearest_span(token, specific or bodies) if bodies else None)


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
                if t is not child and (cue := _cue(t, t.sent)) is not None and cue["event"] != "signed":
                    return EventKind(cue["event"])
            return None
    return None


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
    return [m for m in in_sent if token in m.head.ancestors or m.head in token.ancestors
            or m.head.head == token.head]


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
    for ent in sent.ents:
        if ent.label_ != "DATE" or _is_dateline(ent):
            continue
        if any(m.span.start <= ent.start and ent.end <= m.span.end for m in mentions):
            continue
        if _upcoming(ent):
            continue  # "at an upcoming summit on Friday": the date of something still ahead
        offset = offset_days(ent.text)
        if offset is not None:
            value = PartialDate.from_date(trail[-1].as_date() + timedelta(days=offset)) if trail else None
        else:
            value = parse_date(ent.text, published, anchor=anchor)
        if value is not None and value.precision == 3:
            trail.append(value)
        found.append((ent.root, value))
    return found


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


def _upcoming(ent: Span) -> bool:
    words = set(cues()["upcoming_words"])
    near = [ent.root, *list(ent.root.ancestors)[:3]]
    return any(t.lower_ in words and not ent.start <= t.i < ent.end for n in near for t in n.children) or \
        (ent.start > 0 and ent.doc[ent.start - 1].lower_ in words)


def _own_dates(cue_tokens: list[Token], dates: list[tuple[Token, PartialDate | None]]
               ) -> dict[int, list[tuple[int, PartialDate | None]]]:
    """Each date belongs to one cue: the first cue above it in the parse ("ratified the
    treaty signed on 22 December": the date is the signing's), else the nearest."""
    owned: dict[int, list[tuple[int, PartialDate | None]]] = {}
    if not cue_tokens:
        return owned
    indices = {t.i for t in cue_tokens}
    for root, value in dates:
        owner = next((a.i for a in root.ancestors if a.i in indices), None)
        if owner is None:
            owner = min(cue_tokens, key=lambda t: abs(t.i - root.i)).i
        owned.setdefault(owner, []).append((root.i, value))
    return owned


def _is_dateline(ent: Span) -> bool:
    """'ASTANA, September 3, 2024 -' or ' date 2025-02-26': when the report was filed, not an event."""
    sent_text = ent.doc.text[ent.sent.start_char:ent.sent.end_char]
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
    places += [e for e in sent.ents if e.label_ in ("GPE", "LOC") and e.start > 0
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
    while verb.dep_ in ("xcomp", "conj", "pcomp", "pobj", "prep", "dobj", "nsubjpass") and verb.head is not verb:
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
        for ent in mention.span.ents:
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
