"""Sources that disagree about an agreement, and content claims its own quoted words do not bear out.

Kinds (docs/provenance.md): `date` and `place` of a step that happens once, `party` of one
ratification, `status` (a step reported by one source and denied by another), `value` (a
provision affirmed and denied) and `unsupported_claim`.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from treatywatch.records import Agreement, Event, EventFact, EventKind, Evidence, Provision
from treatywatch.resolve.support import (ONE_TIME, AgreementFacts, Supports, after, compatible, evidence_key)
from treatywatch.rules import load_rules


@lru_cache(maxsize=1)
def weaker_provisions() -> dict[Provision, frozenset[Provision]]:
    """For a provision, the weaker ones that quoted text may give without giving it (rules/weaker.jsonl)."""
    return {Provision(row["id"]): frozenset(Provision(k) for k in row["weaker"])
            for row in load_rules("rules/weaker.jsonl", required=("id", "weaker", "note"))}


def event_conflicts(agreement: Agreement, own: AgreementFacts, sources: Supports) -> list[dict[str, Any]]:
    conflicts = []
    for event in agreement.events:
        if event.kind not in ONE_TIME:
            continue  # several steps of one party (two chambers, then the president) are normal
        facts = own.facts_of(event)
        dates = {str(f.date): f.date for f in facts if f.date and not f.date_inferred}
        distinct = [d for d in dates.values() if not any(o != d and compatible(o, d) and o.precision > d.precision
                                                         for o in dates.values())]
        dated = between_sources({str(d): [f.evidence for f in facts if f.date and not f.date_inferred
                                           and compatible(f.date, d)] for d in sorted(distinct)})
        if len(dated) > 1:
            conflicts.append(_conflict("date", f"events.{event.kind.value}.date", sources, list(dated.items())))
        places: dict[str, list[Evidence]] = defaultdict(list)
        for fact in facts:
            if fact.place:
                places[fact.place.casefold()].append(fact.evidence)
        names = {f.place.casefold(): f.place for f in facts if f.place}
        placed = between_sources({names[k]: v for k, v in sorted(places.items())})
        if len(placed) > 1:
            conflicts.append(_conflict("place", f"events.{event.kind.value}.place", sources, list(placed.items())))
    # One ratification (one day, one body) ascribed to two parties by different articles.
    steps: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in agreement.events:
        if event.kind == EventKind.RATIFIED and event.party and event.date and event.date.precision == 3 and event.body:
            steps[(str(event.date), event.body.casefold())].append(event)
    for (day, _), events in steps.items():
        if len({e.party for e in events}) < 2:
            continue
        articles = [set(e.articles) for e in events]
        if any(a & b for i, a in enumerate(articles) for b in articles[i + 1:]):
            continue  # one article names both: both parties took a step that day
        conflicts.append(_conflict("party", f"events.{EventKind.RATIFIED.value}.party", sources,
                                   [(e.party, e.evidence) for e in events], date=day))
    return conflicts


def between_sources(values: dict[str, list[Evidence]]) -> dict[str, list[Evidence]]:
    """The values some article gives without giving any other: two sources disagree only if
    each side has an article of its own (one article naming two dates is its own muddle)."""
    articles = {v: {e.article_id for e in items} for v, items in values.items()}
    return {v: items for v, items in values.items()
            if articles[v] - set().union(*(articles[o] for o in values if o != v))}


def contradicting_denials(event: Event, own: AgreementFacts, sources: Supports) -> list[EventFact]:
    """Denials of `event` that it contradicts: not from an article that reports it, and not
    published before it happened ('not yet ratified' in March is true of a May ratification)."""
    reporting = set(event.articles)
    out = []
    for denial in own.denials:
        if denial.kind != event.kind or denial.evidence.article_id in reporting:
            continue
        facts = sources.facts_by_article.get(denial.evidence.article_id)
        published = (facts.article.published or facts.published) if facts else None
        if published is not None and event.date is not None and after(event.date, published):
            continue
        out.append(denial)
    return out


def status_conflicts(agreement: Agreement, own: AgreementFacts, sources: Supports) -> list[dict[str, Any]]:
    conflicts = []
    for kind in [k for k in EventKind if any(d.kind == k for d in own.denials)]:
        reported = [e for e in agreement.events if e.kind == kind]
        denied: dict[tuple, EventFact] = {}
        for event in reported:
            denied.update({evidence_key(d.evidence): d for d in contradicting_denials(event, own, sources)})
        if reported and denied:
            conflicts.append(_conflict("status", f"events.{kind.value}", sources, [
                ("reported", [x for e in reported for x in e.evidence]),
                ("not yet", [d.evidence for d in denied.values()])]))
    return conflicts


def value_conflicts(agreement: Agreement, own: AgreementFacts, sources: Supports,
                     withheld: list[Provision]) -> list[dict[str, Any]]:
    """A provision one article affirms and another denies."""
    conflicts = []
    for key in sorted(agreement.provisions):
        if key in withheld:
            continue
        facts = [p for p in own.provisions if p.key == key]
        sides = {value: [p.evidence for p in facts if p.value is value] for value in (True, False)}
        articles = {value: {e.article_id for e in items} for value, items in sides.items()}
        if sides[True] and sides[False] and articles[True] != articles[False]:
            conflicts.append(_conflict("value", f"provisions.{key.value}", sources,
                                       [("yes", sides[True]), ("no", sides[False])]))
    return conflicts


def content_claims(agreement: Agreement, own: AgreementFacts, sources: Supports
                    ) -> tuple[list[Provision], list[dict[str, Any]], list[dict[str, Any]]]:
    """Paraphrased content claims checked against the agreement's own quoted words.

    A claim (an outlet's wording from rules/claims.jsonl, or a provision `merge` set from
    paraphrases alone) is unsupported when no quoted evidence gives the provision but quoted
    evidence gives one of its weaker ones (rules/weaker.jsonl): it is flagged, and a provision
    set that way is withheld from the record. A claim nothing quoted speaks to is kept as
    unverified. Returns (withheld provisions, conflicts, unverified claims).
    """
    quoted = {key: [e for e in items if e.primary] for key, items in agreement.provision_evidence.items()
              if agreement.provisions.get(key) is True}
    claimed: dict[Provision, list[Evidence]] = defaultdict(list)
    for claim in own.claims:
        if claim.value and not quoted.get(claim.key):
            claimed[claim.key].append(claim.evidence)
    withheld = []
    for key, value in agreement.provisions.items():
        weaker = weaker_provisions().get(key, frozenset())
        if value is True and not quoted.get(key) and any(quoted.get(w) for w in weaker):
            withheld.append(key)
            claimed[key] += agreement.provision_evidence.get(key, [])
    conflicts, unverified = [], []
    for key, evidence in sorted(claimed.items()):
        evidence = list({evidence_key(e): e for e in evidence}.values())
        weaker = sorted((w for w in weaker_provisions().get(key, frozenset()) if quoted.get(w)), key=str)
        if not weaker:
            unverified.append({"claim": key.value, "supports": [sources.support(e) for e in evidence]})
            continue
        conflict = _conflict("unsupported_claim", f"provisions.{key.value}", sources, [
            ("claimed", evidence),
            ("quoted text gives " + ", ".join(w.value for w in weaker), [e for w in weaker for e in quoted[w]])])
        conflict.update({"claim": key.value, "quote": evidence[0].quote, "article_id": evidence[0].article_id,
                         "articles": sorted({e.article_id for e in evidence}),
                         "quoted_text_supports": [w.value for w in weaker]})
        conflicts.append(conflict)
    return sorted(withheld), conflicts, unverified


def _conflict(kind: str, field_name: str, sources: Supports, values: list[tuple[Any, list[Evidence]]],
              **extra: Any) -> dict[str, Any]:
    sides = []
    for value, evidence in values:
        supports = [sources.support(e) for e in {evidence_key(e): e for e in evidence}.values()]
        sides.append({"value": value, "supports": supports, "support": len({s["story"] for s in supports})})
    return {"kind": kind, "field": field_name, **extra, "values": sides}


