"""Evidence as supports: who says it, in which story, and how much that counts (docs/provenance.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from treatywatch.records import (AgreementMention, ArticleFacts, Event, EventFact, EventKind, Evidence, PartialDate,
                                 ProvisionFact)

# What one independent story adds to a field: the agreement's own quoted words, an outlet's
# paraphrase, or a date that is only the publication date standing in.
PRIMARY = 0.7
PARAPHRASE = 0.4
INFERRED = 0.25
# Steps that happen once to the whole agreement: two dates or places for one are a conflict.
ONE_TIME = (EventKind.SIGNED, EventKind.IN_FORCE)


@dataclass(slots=True)
class AgreementFacts:
    """The article facts `merge` put into one agreement."""

    mentions: list[tuple[str, AgreementMention]] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    provisions: list[ProvisionFact] = field(default_factory=list)
    claims: list[ProvisionFact] = field(default_factory=list)
    denials: list[EventFact] = field(default_factory=list)

    @classmethod
    def collect(cls, facts_by_article: dict[str, ArticleFacts], refs: Iterable[tuple[str, str]]) -> AgreementFacts:
        own = cls()
        for article_id, ref in sorted(set(refs)):
            facts = facts_by_article.get(article_id)
            if facts is None:
                continue
            own.mentions += [(article_id, m) for m in facts.agreements if m.ref == ref]
            own.events += [e for e in facts.events if e.agreement_ref == ref]
            own.provisions += [p for p in facts.provisions if p.agreement_ref == ref]
            own.claims += [c for c in getattr(facts, "claims", []) if c.agreement_ref == ref]
            own.denials += [d for d in getattr(facts, "denials", []) if d.agreement_ref == ref]
        return own

    def mention_evidence(self) -> list[tuple[AgreementMention, Evidence]]:
        """One piece of evidence per article and mention: its first quoted one, else its first."""
        out = []
        for _, mention in self.mentions:
            if mention.evidence:
                out.append((mention, next((e for e in mention.evidence if e.primary), mention.evidence[0])))
        return out

    def facts_of(self, event: Event) -> list[EventFact]:
        """The article facts `merge` folded into `event` (same kind, evidence and compatible date)."""
        keys = {evidence_key(x) for x in event.evidence}
        return [f for f in self.events if f.kind == event.kind and evidence_key(f.evidence) in keys
                and (event.party is None or f.party in (event.party, None))
                and (event.kind in ONE_TIME or f.date is None or event.date is None or compatible(f.date, event.date))]



class Supports:
    """Turns evidence into supports and supports into counted, weighed summaries."""

    def __init__(self, facts_by_article: dict[str, ArticleFacts], story_of: dict[str, str]):
        self.facts_by_article = facts_by_article
        self.story_of = story_of
        self.clauses: list[dict[str, Any]] = []

    def support(self, item: Evidence) -> dict[str, Any]:
        facts = self.facts_by_article.get(item.article_id)
        published = (facts.article.published or facts.published) if facts else None
        return {"article_id": item.article_id, "outlet": facts.article.outlet if facts else None,
                "published": published.isoformat() if published else None, "quote": item.quote,
                "start": item.start, "end": item.end, "primary": item.primary,
                "story": self.story_of.get(item.article_id, item.article_id)}

    @staticmethod
    def weight(item: Evidence, inferred: bool = False) -> float:
        return INFERRED if inferred else PRIMARY if item.primary else PARAPHRASE

    def summary(self, value: Any, supporting: list[tuple[Any, Evidence, float]],
                dissenting: list[tuple[Any, Evidence, float]] = ()) -> dict[str, Any]:
        """Counts, confidence and the supports of one field (see docs/provenance.md)."""
        supports = self._unique([(e, w) for _, e, w in supporting])
        dissent = self._unique([(e, w) for _, e, w in dissenting])
        backing, against = strength(supports), strength(dissent)
        confidence = backing * backing / (backing + against) if backing else 0.0
        stories = sorted({s["story"] for s, _ in supports})
        return {"value": value, "support": len(stories), "sources": len({s["article_id"] for s, _ in supports}),
                "stories": stories, "primary": any(s["primary"] for s, _ in supports),
                "quoted_by": self.quoted_by([s for s, _ in supports]), "confidence": round(confidence, 2),
                "supports": [s for s, _ in supports], "dissent": [s for s, _ in dissent]}

    def quoted_by(self, supports: list[dict[str, Any]]) -> int:
        """Outlets that quote a clause inside the field's evidence (0: no quotation there)."""
        best = 0
        for clause in self.clauses:
            for quote in clause["quotes"]:
                if any(s["article_id"] == quote["article_id"] and
                       quote["start"] < s["end"] and quote["end"] > s["start"] for s in supports):
                    best = max(best, clause["quoted_by"])
                    break
        return best

    def _unique(self, items: list[tuple[Evidence, float]]) -> list[tuple[dict[str, Any], float]]:
        best: dict[tuple, tuple[Evidence, float]] = {}
        for item, weight in items:
            key = evidence_key(item)
            if key not in best or weight > best[key][1]:
                best[key] = (item, weight)
        return [(self.support(e), w) for e, w in best.values()]



def strength(weighed: list[tuple[dict[str, Any], float]]) -> float:
    """1 - prod(1 - p) over independent stories, p the best weight among a story's supports."""
    per_story: dict[str, float] = {}
    for support, weight in weighed:
        per_story[support["story"]] = max(weight, per_story.get(support["story"], 0.0))
    remaining = 1.0
    for weight in per_story.values():
        remaining *= 1 - weight
    return 1 - remaining if per_story else 0.0


def evidence_key(item: Evidence) -> tuple[str, int, int]:
    return (item.article_id, item.start, item.end)


def compatible(a: PartialDate, b: PartialDate) -> bool:
    """'2024' and '2024-05-14' agree; '2024-05-14' and '2024-05-16' do not."""
    return str(a).startswith(str(b)) or str(b).startswith(str(a))


def after(when: PartialDate, published: date) -> bool:
    """Whether `when` is later than the publication day, at `when`'s own precision."""
    return str(when) > published.isoformat()[:len(str(when))]


def same_place(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()
