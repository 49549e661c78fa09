"""When a lifecycle step happened: the time expressions of a sentence, resolved (extract/dates.py),
and which step each belongs to. A dated step owns only the dates of its own clause; datelines,
dates inside an agreement's name and dates of things still ahead belong to no step."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Span, Token

from treatywatch.extract.agreements import Mention
from treatywatch.extract.dates import (FUTURE, PAST, TIME_ZONE_SLACK, DateContext, DateSpan, find_dates,
                                       names_a_point, parse_date, resolve, shift_date, shift_yearless,
                                       yearless_day)
from treatywatch.extract.docindex import ents_in, text_of
from treatywatch.extract.modality import cues, past_progressive
from treatywatch.records import PartialDate

DATELINE_FULL = re.compile(r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}|[A-Z][A-Za-z'.-]+(?:[ -][A-Z][A-Za-z'.-]+)*[.,]\s*"
                           r"(?:[A-Z][a-z]+[.,]\s*)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s*\d{4})?)")


DATELINE = re.compile(r"^\s*(?:date\s*|[A-Z][A-Za-z'.-]*(?:[ -][A-Z][A-Za-z'.-]*)*[.,]\s*(?:[A-Z][a-z]+,\s*)?)$")


def counted_from(sent: Span, dates: list[tuple[Token, PartialDate | None]]) -> PartialDate | None:
    """Entry into force counted from a day the sentence gives: 'on the first day of the month
    after the exchange of notes on 5 May', '30 days after the instruments were exchanged on ...'."""
    if any(d.kind == "count" for d in find_dates(sent.text)):
        return None  # "30 days after the exchange" is read as a count of days already
    known = [d for _, d in dates if d is not None and d.precision >= 2]
    return shift_date(known[-1], sent.text) if known else None


def after_report(when: PartialDate, published: date | None) -> bool:
    if published is None:
        return False
    latest = PartialDate.from_date(published + TIME_ZONE_SLACK).truncate(when.precision)
    return str(when) > str(latest)


def governing_verb(token: Token) -> Token | None:
    return next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


def read_dates(sent: Span, article: DateContext, mentions: list[Mention], trail: list[PartialDate | str],
                yearless: dict[int, str]) -> list[tuple[Token, PartialDate | None]]:
    """The sentence's dates, resolved (None: named but unresolvable; a day without a year that
    cannot be placed goes to `yearless` by its root, for the merge to place). A count of days
    ('four days later', 'the next day') runs from the last day written before it.
    A date inside an agreement's name ('suspends the 2018 military agreement') names the
    agreement, not a step, and datelines say when the report was filed."""
    found = []
    for span, expression in _date_spans(sent):
        if _is_dateline(span):
            continue
        if any(_in_name(span, m) for m in mentions):
            continue
        if _upcoming(span):
            continue  # "at an upcoming summit on Friday": the date of something still ahead
        root = _date_root(span)
        previous = trail[-1] if trail else None
        context = replace(article, tense=_tense(root), previous=previous if isinstance(previous, PartialDate) else None)
        value = resolve(expression, context) if expression is not None else \
            parse_date(span.text, article.published, anchor=article.anchor, tense=context.tense)
        if value is not None and value.precision == 3:
            trail.append(value)
        elif value is None and expression is not None and (day := yearless_day(expression) or (
                shift_yearless(previous, expression.text) if isinstance(previous, str) else None)):
            yearless[root.i] = day  # "on 14 May ... four days later" with no year anywhere
            trail.append(day)
        found.append((root, value))
    return found


def _in_name(span: Span, mention: Mention) -> bool:
    """A date inside a mention's words names the agreement ('the 2018 military agreement', 'the Treaty of
    5 May 1990'); one that ends the mention after 'on' or 'in' ('approved the treaty on 24.6.2025') is the
    day of the step the mention finder read as the treaty's subject."""
    if not (mention.span.start <= span.start and span.end <= mention.span.end):
        return False
    before = span.doc[span.start - 1] if span.start > mention.span.start else None
    return not (before is not None and before.lower_ in ("on", "in") and span.end == mention.span.end)


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


def _upcoming(span: Span) -> bool:
    words = set(cues()["upcoming_words"])
    root = _date_root(span)
    near = [root, *list(root.ancestors)[:3]]
    return any(t.lower_ in words and not span.start <= t.i < span.end for n in near for t in n.children) or \
        (span.start > 0 and span.doc[span.start - 1].lower_ in words)


def own_dates(cue_tokens: list[Token], dates: list[tuple[Token, PartialDate | None]]
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
        if (root.dep_ in ("compound", "nmod", "amod") or (root.dep_ == "nummod" and root.like_num and
                                                          len(root.text) == 4)) and \
                root.head.pos_ in ("NOUN", "PROPN") and root.head.i not in indices:
            continue  # "after the March 3 storm", "following the 1990 floods": the date of another thing
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


def infinitive_dates(owned: dict[int, list[tuple[int, PartialDate | None]]], cue_tokens: list[Token]
                     ) -> dict[int, list[tuple[int, PartialDate | None]]]:
    """'had voted to approve the treaty on 24 June': a cue with no date of its own takes the dates of
    the cue in its infinitive (a step told as done by 'voted', its day written in 'to approve ...')."""
    indices = {t.i for t in cue_tokens}
    out = dict(owned)
    for token in cue_tokens:
        if owned.get(token.i):
            continue
        inner = next((c for c in token.children if c.dep_ == "xcomp" and c.i in indices and owned.get(c.i)), None)
        if inner is not None:
            out[token.i] = owned[inner.i]
    return out


def in_dated_sequence(token: Token, owned: dict[int, list[tuple[int, PartialDate | None]]]) -> bool:
    """'was signed in March and ratified over the summer': a step coordinated after one the sentence
    dates is told as what followed that step, not as the day's news."""
    first = token
    while first.dep_ == "conj" and first.head.pos_ in ("VERB", "AUX") and first.head.i < first.i:
        first = first.head
    return first is not token and any(value is not None for _, value in owned.get(first.i, []))


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
        if cue.pos_ == "NOUN" and governing_verb(cue) == verb:
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
    return perfect or cue.tag_ == "VBD" or past_progressive(cue)  # "announced in January that it was withdrawing"


def _is_dateline(ent: Span) -> bool:
    """'ASTANA, September 3, 2024 -' or ' date 2025-02-26': when the report was filed, not an event."""
    sent_text = text_of(ent.doc)[ent.sent.start_char:ent.sent.end_char]
    full = DATELINE_FULL.match(sent_text)
    if full and ent.start_char - ent.sent.start_char < full.end():
        return True
    before = sent_text[:ent.start_char - ent.sent.start_char]
    return bool(DATELINE.match(before)) and ent.start_char - ent.sent.start_char < 60


def yearless_of(token: Token, dates: list[tuple[int, PartialDate | None]], yearless: dict[int, str]) -> str | None:
    """The day without a year of a step that owns no resolved date, the nearest if it owns several."""
    days = [(i, yearless[i]) for i, value in dates if value is None and i in yearless]
    return min(days, key=lambda d: abs(d[0] - token.i))[1] if days else None


def nearest_date(token: Token, dates: list[tuple[int, PartialDate | None]]) -> PartialDate | None:
    known = [d for d in dates if d[1] is not None]
    if not known:
        return None
    return min(known, key=lambda d: abs(d[0] - token.i))[1]


def after_occasion(token: Token) -> bool:
    """'adopted after a summit of the two leaders': the step is told by the occasion it
    followed or took place at, which the sentence does not date."""
    cfg = cues()
    return any(p.dep_ == "prep" and p.lower_ in cfg["occasion_preps"] and
               any(o.dep_ == "pobj" and o.lemma_.lower() in cfg["occasion_nouns"] and
                   not any(t.ent_type_ in ("DATE", "TIME") for t in o.subtree) for o in p.children)
               for p in token.children)


def occasion_day(sent: Span, dates: list[tuple[Token, PartialDate | None]]) -> PartialDate | None:
    """The full date of a sentence that tells an occasion ('On 14 May the presidents held talks in
    X'): its main verb holds or meets, and the date hangs from that verb."""
    if sent.root.lemma_.lower() not in cues()["occasion_verbs"]:
        return None
    return next((value for root, value in dates if value is not None and value.precision == 3 and
                 governing_verb(root) == sent.root), None)
