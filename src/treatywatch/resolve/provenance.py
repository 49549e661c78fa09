"""Who says what: supports, independent stories, confidence and disagreements for each fact.

Confidence of a field = (1 - 0.5 ** stories) * (1.0 if the agreement's own quoted words
support it, else 0.85) * (share of reports that agree with the chosen value). Three copies
of one wire story count as one story. docs/provenance.md explains the choice.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from treatywatch.records import Agreement, ArticleFacts, EventFact, EventKind, Evidence
from treatywatch.resolve.quotes import align, quoted_clauses

ONE_TIME_EVENTS = (EventKind.SIGNED, EventKind.IN_FORCE)


def provenance(agreement: Agreement, facts_by_article: dict[str, ArticleFacts],
               refs: list[tuple[str, str]], story_of: dict[str, str]) -> dict[str, Any]:
    """`refs` are the (article id, mention ref) pairs merged into `agreement`."""
    def support(item: Evidence) -> dict[str, Any]:
        article = facts_by_article[item.article_id].article
        published = facts_by_article[item.article_id].published
        return {"article_id": item.article_id, "outlet": article.outlet,
                "published": published.isoformat() if published else None, "quote": item.quote,
                "start": item.start, "end": item.end, "primary": item.primary,
                "story": story_of.get(item.article_id, item.article_id)}

    def summary(items: list[Evidence], agreeing: float = 1.0) -> dict[str, Any]:
        supports = [support(e) for e in items]
        stories = {s["story"] for s in supports}
        primary = any(s["primary"] for s in supports)
        confidence = (1 - 0.5 ** len(stories)) * (1.0 if primary else 0.85) * agreeing
        return {"sources": len({s["article_id"] for s in supports}), "stories": len(stories),
                "primary": primary, "confidence": round(confidence, 2), "supports": supports}

    events_by_key: dict[tuple, list[EventFact]] = defaultdict(list)
    claims, denials = [], []
    for article_id, ref in refs:
        facts = facts_by_article[article_id]
        for event in facts.events:
            if event.agreement_ref == ref:
                events_by_key[(event.kind, event.party)].append(event)
        claims += [c for c in facts.claims if c.agreement_ref == ref]
        denials += [d for d in facts.denials if d.agreement_ref == ref]

    fields: dict[str, Any] = {
        "parties": summary(agreement.evidence), "kind": summary(agreement.evidence),
        "events": [summary(e.evidence, _agreeing(e, events_by_key)) for e in agreement.events],
        "provisions": {k.value: summary(v) for k, v in agreement.provision_evidence.items()},
    }
    conflicts = _date_and_place_conflicts(events_by_key, support) + \
        _status_conflicts(agreement, denials, support) + _unsupported_claims(agreement, claims, support)
    quotes = [(clause, e.article_id, facts_by_article[e.article_id].article.outlet)
              for e in _all_evidence(agreement) for clause in quoted_clauses(e.quote)]
    return {"provenance": fields, "conflicts": conflicts, "quoted_clauses": align(quotes),
            "stories": sorted({story_of.get(a, a) for a in agreement.articles})}


def _all_evidence(agreement: Agreement) -> list[Evidence]:
    seen, out = set(), []
    for item in [*agreement.evidence, *(x for e in agreement.events for x in e.evidence),
                 *(x for v in agreement.provision_evidence.values() for x in v)]:
        if (item.article_id, item.start) not in seen:
            seen.add((item.article_id, item.start))
            out.append(item)
    return out


def _agreeing(event, events_by_key) -> float:
    reports = [f for f in events_by_key.get((event.kind, event.party), []) if f.date and not f.date_inferred]
    if not reports or event.date is None:
        return 1.0
    agree = sum(1 for f in reports if str(event.date).startswith(str(f.date)) or str(f.date).startswith(str(event.date)))
    return agree / len(reports)


def _date_and_place_conflicts(events_by_key, support) -> list[dict[str, Any]]:
    conflicts = []
    for (kind, party), facts in events_by_key.items():
        if kind not in ONE_TIME_EVENTS:
            continue  # several ratification steps of one party are normal, not a disagreement
        for field, value_of in (("date", lambda f: str(f.date) if f.date and not f.date_inferred else None),
                                ("place", lambda f: f.place)):
            values: dict[str, list] = defaultdict(list)
            for fact in facts:
                if (value := value_of(fact)) is not None:
                    values[value].append(support(fact.evidence))
            distinct = _incompatible(list(values))
            if len(distinct) > 1:
                conflicts.append({"kind": field, "field": f"events.{kind.value}.{field}", "party": party,
                                  "values": [{"value": v, "supports": values[v]} for v in distinct]})
    return conflicts


def _incompatible(values: list[str]) -> list[str]:
    """Values that are not just the same date at another precision ('2024' and '2024-05-14' agree)."""
    kept: list[str] = []
    for value in sorted(values, key=len, reverse=True):
        if not any(k.lower().startswith(value.lower()) for k in kept):
            kept.append(value)
    return kept


def _status_conflicts(agreement: Agreement, denials: list[EventFact], support) -> list[dict[str, Any]]:
    conflicts = []
    for kind in {d.kind for d in denials}:
        reported = [e for e in agreement.events if e.kind == kind]
        if reported:
            conflicts.append({"kind": "status", "field": f"events.{kind.value}",
                              "values": [{"value": "reported", "supports": [support(x) for e in reported for x in e.evidence]},
                                         {"value": "denied", "supports": [support(d.evidence) for d in denials if d.kind == kind]}]})
    return conflicts


def _unsupported_claims(agreement: Agreement, claims, support) -> list[dict[str, Any]]:
    """An outlet's summary claims a provision that the agreement's quoted text does not give."""
    quoted = sorted(k.value for k, items in agreement.provision_evidence.items()
                    if agreement.provisions.get(k) and any(e.primary for e in items))
    flagged = []
    for claim in claims:
        if agreement.provisions.get(claim.key) and any(e.primary for e in agreement.provision_evidence.get(claim.key, [])):
            continue  # the quoted text says so too
        flagged.append({"kind": "unsupported_claim", "field": f"provisions.{claim.key.value}",
                        "claim": claim.key.value, "quote": claim.evidence.quote, "article_id": claim.evidence.article_id,
                        "quoted_text_supports": quoted, "values": [{"value": "claimed", "supports": [support(claim.evidence)]}]})
    return flagged
