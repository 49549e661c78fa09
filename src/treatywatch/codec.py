"""Records to and from plain JSON: the stored facts and the exported agreement (FORMAT.md)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from treatywatch.records import (Agreement, AgreementKind, AgreementMention, Article, ArticleFacts,
                                 Event, EventFact, EventKind, Evidence, PartialDate, Provision,
                                 ProvisionFact)


def _date(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _evidence(item: Evidence) -> dict[str, Any]:
    return asdict(item)


def facts_to_json(facts: ArticleFacts) -> dict[str, Any]:
    return {
        "published": facts.published.isoformat() if facts.published else None,
        "agreements": [_mention(m) for m in facts.agreements],
        "passing": [_mention(m) for m in facts.passing],
        "events": [_event_fact(e) for e in facts.events],
        "provisions": [_provision(p) for p in facts.provisions],
        "claims": [_provision(p) for p in facts.claims],
        "denials": [_event_fact(e) for e in facts.denials],
    }


def _mention(m: AgreementMention) -> dict[str, Any]:
    return {"ref": m.ref, "title": m.title, "kind": m.kind.value, "subject": m.subject, "parties": list(m.parties),
            "background": m.background, "form": m.form, "evidence": [_evidence(e) for e in m.evidence]}


def _provision(p: ProvisionFact) -> dict[str, Any]:
    return {"key": p.key.value, "value": p.value, "ref": p.agreement_ref, "evidence": _evidence(p.evidence)}


def _event_fact(e: EventFact) -> dict[str, Any]:
    return {"kind": e.kind.value, "ref": e.agreement_ref, "date": _date(e.date), "place": e.place,
            "party": e.party, "body": e.body, "date_inferred": e.date_inferred, "counterpart": e.counterpart,
            "yearless_day": e.yearless_day, "evidence": _evidence(e.evidence)}


def read_mention(m: dict[str, Any]) -> AgreementMention:
    return AgreementMention(ref=m["ref"], title=m["title"], kind=AgreementKind(m["kind"]), subject=m["subject"],
                            parties=tuple(m["parties"]), background=m["background"], form=m.get("form", "name"),
                            evidence=[Evidence(**e) for e in m["evidence"]])


def facts_from_json(article: Article, data: dict[str, Any]) -> ArticleFacts:
    return ArticleFacts(
        article=article,
        published=date.fromisoformat(data["published"]) if data.get("published") else None,
        agreements=[read_mention(m) for m in data["agreements"]],
        passing=[read_mention(m) for m in data.get("passing", [])],
        events=[_read_event(e) for e in data["events"]],
        provisions=[_read_provision(p) for p in data["provisions"]],
        claims=[_read_provision(p) for p in data.get("claims", [])],
        denials=[_read_event(e) for e in data.get("denials", [])],
    )


def _read_event(e: dict[str, Any]) -> EventFact:
    return EventFact(EventKind(e["kind"]), e["ref"], PartialDate.parse(e["date"]) if e["date"] else None,
                     e["place"], e["party"], e["body"], Evidence(**e["evidence"]), e.get("date_inferred", False),
                     e.get("counterpart"), e.get("yearless_day"))


def _read_provision(p: dict[str, Any]) -> ProvisionFact:
    return ProvisionFact(Provision(p["key"]), p["value"], p["ref"], Evidence(**p["evidence"]))


def agreement_to_json(agreement: Agreement) -> dict[str, Any]:
    """The export record: FORMAT.md's fields plus `evidence` (quotes behind each fact)."""
    return {
        "id": agreement.id,
        "title": agreement.title,
        "kind": agreement.kind.value,
        "parties": agreement.parties,
        "status": agreement.status.value if agreement.status else None,
        "events": [{"kind": e.kind.value, "date": _date(e.date), "place": e.place, "party": e.party,
                    "body": e.body, "articles": e.articles} for e in agreement.events],
        "provisions": {k.value: v for k, v in agreement.provisions.items()},
        "articles": agreement.articles,
        "identity": agreement.identity,
        "evidence": {
            "agreement": [_evidence(e) for e in agreement.evidence],
            "events": [[_evidence(x) for x in e.evidence] for e in agreement.events],
            "provisions": {k.value: [_evidence(x) for x in v] for k, v in agreement.provision_evidence.items()},
        },
    }


def agreement_from_json(data: dict[str, Any]) -> Agreement:
    evidence = data.get("evidence") or {}
    event_evidence = evidence.get("events") or [[] for _ in data["events"]]
    return Agreement(
        id=data["id"], title=data["title"], kind=AgreementKind(data["kind"]), parties=data["parties"],
        events=[Event(EventKind(e["kind"]), PartialDate.parse(e["date"]) if e["date"] else None, e["place"],
                      e["party"], e.get("body"), e["articles"], [Evidence(**x) for x in ev])
                for e, ev in zip(data["events"], event_evidence)],
        provisions={Provision(k): v for k, v in data["provisions"].items() if v is not None},
        provision_evidence={Provision(k): [Evidence(**x) for x in v]
                            for k, v in (evidence.get("provisions") or {}).items()},
        articles=data["articles"],
        evidence=[Evidence(**x) for x in evidence.get("agreement") or []],
        identity=data.get("identity") or [],
    )
