"""The pages (Jinja, autoescaped): agreements table, one agreement, one article, compare, map."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from treatywatch.errors import TreatywatchError
from treatywatch.records import AgreementKind, EventKind, Provision
from treatywatch.serve.api.parties import canonical_party
from treatywatch.serve.web.text import marked_segments
from treatywatch.serve.web.timeline import lifecycle

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("treatywatch") / "serve" / "web" / "templates"))
PAGE_SIZE = 100
MAX_COMPARED = 8
KINDS = [k.value for k in AgreementKind]
LIFECYCLE = [k.value for k in EventKind]
SORTS = ("title", "kind", "status", "date")
MAX_PAGE = 10_000_000  # a page number past every table, whose offset still fits a database's integer


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


@router.get("/", response_class=HTMLResponse)
def agreements_page(request: Request, party: str = "", kind: str = "", status: str = "",
                    q: Annotated[str, Query(max_length=200)] = "", year: str = "", sort: str = "id",
                    desc: bool = False, page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1) -> HTMLResponse:
    """The table, a page of PAGE_SIZE rows (agreement summaries): filtered, searched and sorted by the server."""
    since = until = None
    if year:
        if not (year.isdigit() and len(year) == 4):
            raise TreatywatchError(f"year: expected four digits, got {year!r}")
        since, until = date(int(year), 1, 1), date(int(year), 12, 31)
    if kind and kind not in KINDS:
        raise TreatywatchError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    if status and status not in LIFECYCLE:
        raise TreatywatchError(f"status: expected one of {', '.join(LIFECYCLE)}, got {status!r}")
    sort = sort if sort in SORTS else "id"
    items, total = request.app.state.store.summaries(
        party=canonical_party(party) if party.strip() else None, kind=kind or None, status=status or None,
        text=q.strip() or None, since=since, until=until, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
        sort=sort, descending=desc)
    filters = {"q": q, "party": party, "kind": kind, "status": status, "year": year}
    return templates.TemplateResponse(request, "agreements.html", {
        "items": items, "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)), "sort": sort,
        "desc": desc, "filters": filters, "kinds": KINDS, "statuses": LIFECYCLE})


@router.get("/agreements/{agreement_id:path}", response_class=HTMLResponse)
def agreement_page(request: Request, agreement_id: str) -> HTMLResponse:
    store = request.app.state.store
    record = store.agreement_records(agreement_id)
    sources = store.article_summaries(record["articles"])
    return templates.TemplateResponse(request, "agreement.html", {
        "a": record, "timeline": lifecycle(record), "events": event_rows(record),
        "provisions": provision_rows(record),
        "sources": [sources.get(a, {"id": a}) for a in record["articles"]],
        "conflicts": record.get("conflicts") or [], "flags": record.get("flags") or []})


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """The article as text; the passages quoted as evidence are marked (and linkable as #q-START)."""
    store = request.app.state.store
    article = store.get_article(article_id)
    records = [store.agreement_records(i) for i in article["agreements"]]
    spans = [(q["start"], q["end"]) for r in records for q in _quotes(r) if q["article_id"] == article_id]
    return templates.TemplateResponse(request, "article.html", {
        "article": article, "agreements": records, "segments": marked_segments(article["text"], spans)})


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, ids: Annotated[list[str], Query()] = []) -> HTMLResponse:  # noqa: B006
    """Agreements side by side, row by row: ?ids=a,b,c (or ids=a&ids=b)."""
    chosen = list(dict.fromkeys(i.strip() for value in ids for i in value.split(",") if i.strip()))
    if len(chosen) > MAX_COMPARED:
        raise TreatywatchError(f"ids: compare at most {MAX_COMPARED} agreements at once, got {len(chosen)}")
    store = request.app.state.store
    records = [store.agreement_records(i) for i in chosen]
    return templates.TemplateResponse(request, "compare.html", {
        "records": records, "ids": ",".join(chosen), "lifecycle": compare_lifecycle(records),
        "provisions": compare_provisions(records)})


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, year: Annotated[int | None, Query(ge=1000, le=2999)] = None) -> HTMLResponse:
    return templates.TemplateResponse(request, "map.html", {"year": year, "kinds": KINDS,
                                                                "statuses": ["mentioned", *LIFECYCLE]})


def event_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Each event with its quotes and, when the record has provenance, its confidence."""
    quotes = (record.get("evidence") or {}).get("events") or []
    support = ((record.get("provenance") or {}).get("events")) or []
    return [{**event, "quotes": quotes[i] if i < len(quotes) else [],
             "confidence": support[i].get("confidence") if i < len(support) else None}
            for i, event in enumerate(record["events"])]


def provision_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Every codebook key: true, false or not reported, with the quotes behind it."""
    quotes = (record.get("evidence") or {}).get("provisions") or {}
    support = (record.get("provenance") or {}).get("provisions") or {}
    return [{"key": key.value, "value": record["provisions"].get(key.value), "quotes": quotes.get(key.value, []),
             "confidence": (support.get(key.value) or {}).get("confidence")} for key in Provision]


def compare_lifecycle(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per lifecycle step: each agreement's dates for it (ratifications with their party)."""
    rows = []
    for kind in LIFECYCLE:
        cells = []
        for record in records:
            events = [e for e in record["events"] if e["kind"] == kind]
            cells.append([" ".join(x for x in (e.get("party"), e.get("date") or "date unknown") if x) for e in events])
        rows.append({"key": kind, "cells": cells})
    return rows


def compare_provisions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [{"key": key.value, "cells": [{"value": r["provisions"].get(key.value),
                                          "quotes": ((r.get("evidence") or {}).get("provisions") or {}).get(key.value, [])}
                                         for r in records]} for key in Provision]
    for row in rows:
        values = {c["value"] for c in row["cells"]}
        row["differs"] = len(records) > 1 and len(values) > 1
    return rows


def _quotes(record: dict[str, Any]) -> list[dict[str, Any]]:
    evidence = record.get("evidence") or {}
    return [*(evidence.get("agreement") or []), *(q for event in evidence.get("events") or [] for q in event),
            *(q for items in (evidence.get("provisions") or {}).values() for q in items)]
