"""Gazetteer entities in a Doc: states, their adjectives and capitals, leaders, organisations, bodies.

Matching is case-sensitive so that "Chad" or "Turkey" in running text are not
mistaken for common words; ratifying bodies ("lower house", "Senate") match in any case.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from datetime import date
from functools import lru_cache
from importlib import resources
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from treatywatch.extract import gazetteer

SPAN_KEY = "treatywatch"


@Language.factory("treatywatch_gazetteer_v1")
def make_gazetteer_matcher(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp)


class GazetteerMatcher:
    """Writes doc.spans["treatywatch"]: label = STATE, STATE_ADJ, CAPITAL, CITY, ORG,
    LEADER or BODY; kb_id = the state code, organisation id, leader id or body id."""

    def __init__(self, nlp: Language):
        gaz = gazetteer.load()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase, (label, _code) in gaz.phrases.items():
            self.exact.add(f"{label}|{phrase}", [nlp.make_doc(phrase)])
        for phrase in gaz.leaders:
            self.exact.add(f"LEADER|{phrase}", [nlp.make_doc(phrase)])
        for phrase in gaz.bodies:
            self.lower.add(f"BODY|{phrase}", [nlp.make_doc(phrase)])

    def __call__(self, doc: Doc) -> Doc:
        gaz = gazetteer.load()
        published: date | None = doc.user_data.get("published")
        spans = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                label, phrase = doc.vocab.strings[match_id].split("|", 1)
                if label == "LEADER":
                    leaders = gaz.leaders[phrase]
                    current = [x for x in leaders if x.in_office(published)] or list(leaders)
                    kb_id = current[0].id
                elif label == "BODY":
                    bodies = gaz.bodies[phrase]
                    # A name several states use ("Senate") stays generic: context gives the state.
                    kb_id = bodies[0].id if len({b.state for b in bodies}) == 1 else \
                        next((b.id for b in bodies if b.state is None), bodies[0].id)
                else:
                    kb_id = gaz.phrases[phrase][1]
                spans.append(Span(doc, start, end, label=label, kb_id=kb_id))
        doc.spans[SPAN_KEY] = [s for s in filter_spans(spans) if not _in_place_name(s)]
        return doc


def _in_place_name(span: Span) -> bool:
    """A state's name or adjective inside a sea's, region's or continent's name ("the South China
    Sea", "South American"): no state (data/rules/geography.json)."""
    if span.label_ not in ("STATE", "STATE_ADJ"):
        return False
    words = _geography()
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    return before in words["before"] or after in words["after"]


@lru_cache(maxsize=1)
def _geography() -> dict[str, frozenset[str]]:
    data = json.loads((resources.files("treatywatch") / "data/rules/geography.json").read_text(encoding="utf-8"))
    return {key: frozenset(data[key]) for key in ("before", "after")}


STATE_LABELS = ("STATE", "STATE_ADJ", "CAPITAL", "LEADER")


class _Index:
    """One Doc's gazetteer spans of some labels, sorted by start, for bisecting.

    Built from doc.spans["treatywatch"] on first use; rebuilt if that group is replaced or
    changes length (a test or a later component may set it)."""

    __slots__ = ("group", "size", "by_labels")

    def __init__(self, group, size: int):
        self.group, self.size = group, size
        self.by_labels: dict[tuple[str, ...], tuple[list[int], list[Span]]] = {}


# Per Doc, dropped with it: entity_spans is called per mention and per sentence, so a scan of
# every span of the doc per call made extraction quadratic in the article's length.
_INDEXES: WeakKeyDictionary[Doc, _Index] = WeakKeyDictionary()
# How many spans entity_spans has looked at, in all (tests count work with it, never time).
examined = 0


def _sorted_spans(doc: Doc, labels: tuple[str, ...]) -> tuple[list[int], list[Span]]:
    group = doc.spans.get(SPAN_KEY)
    size = len(group) if group is not None else 0
    index = _INDEXES.get(doc)
    if index is None or index.group is not group or index.size != size:
        index = _INDEXES[doc] = _Index(group, size)
    found = index.by_labels.get(labels)
    if found is None:
        # A stable sort keeps the group's order among spans that start together.
        spans = sorted((e for e in (group or ()) if e.label_ in labels), key=lambda e: e.start)
        found = index.by_labels[labels] = ([e.start for e in spans], spans)
    return found


def entity_spans(span: Span | Doc, labels: tuple[str, ...]) -> list[Span]:
    """The gazetteer spans with one of `labels` that lie inside `span`, in order of start.

    O(log n + k) per call after one sort per Doc and label set (n spans in the doc, k found).
    """
    global examined
    doc = span if isinstance(span, Doc) else span.doc
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    starts, spans = _sorted_spans(doc, labels)
    found = []
    first = i = bisect_left(starts, start)
    while i < len(spans) and starts[i] < end:
        if spans[i].end <= end:
            found.append(spans[i])
        i += 1
    examined += i - first
    return found


def state_of(ent: Span) -> str | None:
    """The state an entity stands for: a leader's state, a capital's or adjective's state."""
    if ent.label_ == "LEADER":
        return gazetteer.load().leader_by_id[ent.kb_id_].state
    if ent.label_ == "BODY":
        return gazetteer.load().body_by_id[ent.kb_id_].state
    if ent.label_ in ("STATE", "STATE_ADJ", "CAPITAL"):
        return ent.kb_id_
    return None


def is_place(ent: Span) -> bool:
    """A city named as where something happened ("in Tashkent"), not as a government; a state
    named only as the venue of a gathering ("the talks in Qatar", "a summit in the Cook Islands")."""
    doc = ent.doc
    if ent.label_ == "STATE":
        return _venue(ent)
    if ent.label_ not in ("CAPITAL", "CITY"):
        return False
    if ent.start > 0 and doc[ent.start - 1].lower_ == "to" and ent.end < len(doc) and doc[ent.end].tag_ == "POS":
        return False  # "in reply to Nairobi's measures": the government that took them
    return ent.start > 0 and doc[ent.start - 1].lower_ in ("in", "at", "to", "from", "visit", "near") \
        or names_an_agreement(ent)


def _venue(ent: Span) -> bool:
    """'the meeting in Saint Vincent': the state hosts the gathering ("the" may stand before its name)."""
    from treatywatch.extract.agreements import rules
    doc = ent.doc
    start = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].lower_ == "the" else ent.start
    if start < 2 or doc[start - 1].lower_ not in ("in", "at"):
        return False
    prep = doc[start - 1]
    gathering = set(rules()["gathering_nouns"])
    # the place hangs on the noun, or on a participle that describes it ("the talks held in Oman")
    noun = prep.head.head if prep.head.dep_ == "acl" else prep.head
    return noun.lemma_.lower() in gathering or doc[start - 2].lemma_.lower() in gathering


def names_an_agreement(ent: Span) -> bool:
    """A city that is part of an agreement's name ("the Harbour City Accords", "Treaty of X"):
    where it was made, not a government."""
    from treatywatch.extract.agreements import rules
    kinds = rules()["kinds"]
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and after.text[:1].isupper() and \
            (after.lemma_.lower() in kinds or after.lower_.rstrip("s") in kinds):
        return True
    return ent.start > 1 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].text[:1].isupper() \
        and doc[ent.start - 2].lemma_.lower() in kinds


def state_codes(span: Span | Doc) -> list[str]:
    """The states a stretch of text names, in order, repeats kept (places excluded)."""
    return [code for ent in entity_spans(span, STATE_LABELS)
            if not is_place(ent) and (code := state_of(ent))]
