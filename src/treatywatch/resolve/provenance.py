"""Who says what about an agreement: supports, independent stories and confidence per field.

A support is one article's evidence for a field; copies of one wire story (resolve/stories.py)
count once (resolve/support.py weighs them). `trace` also gathers the agreement's aligned
quotations (resolve/quotes.py) and its conflicts (resolve/conflicts.py), and says which
provisions to withhold because the quoted text does not bear them out. docs/provenance.md
documents the fields and the confidence formula.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from treatywatch.records import Agreement, ArticleFacts, Event, Evidence, Provision
from treatywatch.resolve.conflicts import (content_claims, contradicting_denials, event_conflicts, status_conflicts,
                                           value_conflicts)
from treatywatch.resolve.quotes import Quote, align, quoted_spans
from treatywatch.resolve.support import (INFERRED, PARAPHRASE, PRIMARY, AgreementFacts, Supports, compatible,
                                         same_place)

__all__ = ["INFERRED", "PARAPHRASE", "PRIMARY", "Provenance", "provenance", "trace"]


@dataclass(slots=True)
class Provenance:
    """What `trace` found for one agreement."""

    fields: dict[str, Any]
    conflicts: list[dict[str, Any]]
    clauses: list[dict[str, Any]]
    claims: list[dict[str, Any]]          # content claims nothing quoted confirms or contradicts
    stories: list[str]
    withheld: list[Provision] = field(default_factory=list)  # provisions to drop from the record

    def as_json(self) -> dict[str, Any]:
        return {"provenance": {**self.fields, "claims": self.claims}, "conflicts": self.conflicts,
                "quoted_clauses": self.clauses, "stories": self.stories}


def trace(agreement: Agreement, facts_by_article: dict[str, ArticleFacts], refs: Iterable[tuple[str, str]],
          story_of: dict[str, str]) -> Provenance:
    """Supports, confidence and conflicts for one merged agreement.

    Args:
        agreement: a record from `merge`.
        facts_by_article: every article's facts, by article id.
        refs: the (article id, mention ref) pairs that `merge` put into this agreement.
        story_of: article id -> story id (`stories`); an article missing from it is its own story.
    """
    own = AgreementFacts.collect(facts_by_article, refs)
    sources = Supports(facts_by_article, story_of)
    clauses = _clauses(agreement, own, facts_by_article, story_of)
    sources.clauses = clauses
    withheld, claim_conflicts, unverified = content_claims(agreement, own, sources)
    fields = {
        "parties": sources.summary(agreement.parties, [(m, e, sources.weight(e)) for m, e in own.mention_evidence()]),
        "kind": sources.summary(agreement.kind.value,
                                [(m, e, sources.weight(e)) for m, e in own.mention_evidence() if m.kind == agreement.kind],
                                [(m, e, PARAPHRASE) for m, e in own.mention_evidence() if m.kind != agreement.kind]),
        "events": [_event_fields(event, own, sources) for event in agreement.events],
        "provisions": {key.value: _provision_field(key, value, own, sources)
                       for key, value in agreement.provisions.items() if key not in withheld},
    }
    conflicts = [*event_conflicts(agreement, own, sources), *status_conflicts(agreement, own, sources),
                 *value_conflicts(agreement, own, sources, withheld), *claim_conflicts]
    return Provenance(fields=fields, conflicts=conflicts, clauses=clauses, claims=unverified,
                      stories=sorted({story_of.get(a, a) for a in agreement.articles}), withheld=withheld)


def provenance(agreement: Agreement, facts_by_article: dict[str, ArticleFacts], refs: Iterable[tuple[str, str]],
               story_of: dict[str, str]) -> dict[str, Any]:
    """The record fields `trace` adds: provenance, conflicts, quoted_clauses, stories."""
    return trace(agreement, facts_by_article, refs, story_of).as_json()


# -- fields -------------------------------------------------------------------------------------


def _event_fields(event: Event, own: AgreementFacts, sources: Supports) -> dict[str, Any]:
    facts = own.facts_of(event)
    denied = contradicting_denials(event, own, sources)
    happened = sources.summary(event.kind.value, [(f, f.evidence, sources.weight(f.evidence)) for f in facts],
                               [(d, d.evidence, sources.weight(d.evidence)) for d in denied])
    fields: dict[str, Any] = {**happened}
    dated = [f for f in facts if f.date is not None]
    fields["date"] = sources.summary(
        str(event.date) if event.date else None,
        [(f, f.evidence, sources.weight(f.evidence, f.date_inferred)) for f in dated
         if event.date and compatible(f.date, event.date)],
        [(f, f.evidence, sources.weight(f.evidence)) for f in dated
         if event.date and not f.date_inferred and not compatible(f.date, event.date)])
    if event.place:
        placed = [f for f in facts if f.place]
        fields["place"] = sources.summary(
            event.place, [(f, f.evidence, sources.weight(f.evidence)) for f in placed if same_place(f.place, event.place)],
            [(f, f.evidence, sources.weight(f.evidence)) for f in placed if not same_place(f.place, event.place)])
    if event.party:
        fields["party"] = sources.summary(
            event.party, [(f, f.evidence, sources.weight(f.evidence)) for f in facts if f.party == event.party])
    return fields


def _provision_field(key: Provision, value: bool, own: AgreementFacts, sources: Supports) -> dict[str, Any]:
    facts = [p for p in own.provisions if p.key == key]
    return sources.summary(value, [(p, p.evidence, sources.weight(p.evidence)) for p in facts if p.value == value],
                           [(p, p.evidence, sources.weight(p.evidence)) for p in facts if p.value != value])


def _clauses(agreement: Agreement, own: AgreementFacts, facts_by_article: dict[str, ArticleFacts],
             story_of: dict[str, str]) -> list[dict[str, Any]]:
    """Quotations in the agreement's articles that overlap its evidence, aligned across outlets."""
    evidence = [*agreement.evidence, *(x for e in agreement.events for x in e.evidence),
                *(x for v in agreement.provision_evidence.values() for x in v),
                *(c.evidence for c in own.claims)]
    by_article: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_article[item.article_id].append(item)
    quotes = []
    for article_id, items in sorted(by_article.items()):
        facts = facts_by_article.get(article_id)
        if facts is None:
            continue
        for start, end, text in quoted_spans(facts.article.text):
            if any(start < x.end and end > x.start for x in items):
                quotes.append(Quote(text, article_id, facts.article.outlet, start, end))
    return align(quotes, story_of)
