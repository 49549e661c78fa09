"""Gazetteer entities in a Doc: states, their adjectives and capitals, leaders, organisations, bodies.

Matching is case-sensitive so that "Chad" or "Turkey" in running text are not
mistaken for common words; ratifying bodies ("lower house", "Senate") match in any case.
"""

from __future__ import annotations

from datetime import date

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
        doc.spans[SPAN_KEY] = filter_spans(spans)
        return doc


STATE_LABELS = ("STATE", "STATE_ADJ", "CAPITAL", "LEADER")


def entity_spans(span: Span | Doc, labels: tuple[str, ...]) -> list[Span]:
    doc = span if isinstance(span, Doc) else span.doc
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    return [e for e in doc.spans.get(SPAN_KEY, []) if e.label_ in labels
            and e.start >= start and e.end <= end]


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
    """A city named as where something happened ("in Tashkent"), not as a government."""
    doc = ent.doc
    return ent.label_ in ("CAPITAL", "CITY") and ent.start > 0 and \
        doc[ent.start - 1].lower_ in ("in", "at", "to", "from", "visit", "near")


def state_codes(span: Span | Doc) -> list[str]:
    """The states a stretch of text names, in order, repeats kept (places excluded)."""
    return [code for ent in entity_spans(span, STATE_LABELS)
            if not is_place(ent) and (code := state_of(ent))]
