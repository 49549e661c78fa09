"""Server-rendered pages (Jinja, autoescaped): table, agreement, article, compare, map."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from treatywatch.errors import TreatywatchError
from treatywatch.records import EventKind, Provision

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("treatywatch") / "serve" / "templates"))
PAGE_SIZE = 100
LIFECYCLE = [k.value for k in EventKind]


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


@router.get("/", response_class=HTMLResponse)
def agreements_page(request: Request, party: str = "", kind: str = "", status: str = "", q: str = "",
                    year: str = "", sort: str = "id", desc: int = 0, page: int = 1) -> HTMLResponse:
    store = request.app.state.store
    since = until = None
    if year:
        if not year.isdigit() or len(year) != 4:
            raise TreatywatchError(f"year: expected four digits, got {year!r}")
        since, until = date(int(year), 1, 1), date(int(year), 12, 31)
    page = max(page, 1)
    items, total = store.query(party=party or None, kind=kind or None, status=status or None, text=q or None,
                               since=since, until=until, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                               sort=sort, descending=bool(desc))
    filters = {"party": party, "kind": kind, "status": status, "q": q, "year": year}
    return templates.TemplateResponse(request, "agreements.html", {
        "items": items, "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)), "sort": sort,
        "desc": desc, "filters": filters, "kinds": ["treaty", "agreement", "declaration", "memorandum", "protocol", "other"],
        "statuses": LIFECYCLE})


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(request: Request, agreement_id: str) -> HTMLResponse:
    store = request.app.state.store
    record = store.agreement_records(agreement_id)
    sources = store.article_summaries(record["articles"])
    return templates.TemplateResponse(request, "agreement.html", {
        "a": record, "timeline": timeline(record), "sources": [sources.get(a, {"id": a}) for a in record["articles"]],
        "provisions": provision_rows(record), "conflicts": record.get("conflicts") or []})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    article = request.app.state.store.get_article(article_id)
    return templates.TemplateResponse(request, "article.html", {"article": article})


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, ids: str = "") -> HTMLResponse:
    store = request.app.state.store
    chosen = [i for i in (x.strip() for x in ids.split(",")) if i]
    records = [store.agreement_records(i) for i in chosen]
    rows = [{"key": key.value,
             "values": [{"value": r["provisions"].get(key.value),
                         "quotes": (r.get("evidence") or {}).get("provisions", {}).get(key.value, [])[:2]}
                        for r in records]} for key in Provision]
    options, _ = store.query(limit=500)
    return templates.TemplateResponse(request, "compare.html", {"records": records, "rows": rows, "options": options,
                                                                "ids": ",".join(chosen)})


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "map.html", {})


def timeline(record: dict[str, Any]) -> dict[str, Any]:
    """Positions for the lifecycle picture: one column per step in lifecycle order."""
    order = {k: i for i, k in enumerate(LIFECYCLE)}
    events = sorted(record["events"], key=lambda e: (order[e["kind"]], e["date"] or "9999", e.get("party") or ""))
    step = 170
    points = [{"x": 40 + i * step, "kind": e["kind"].replace("_", " "), "date": e["date"] or "date unknown",
               "who": " ".join(x for x in (e.get("party"), e.get("body")) if x), "place": e.get("place") or ""}
              for i, e in enumerate(events)]
    return {"points": points, "width": max(400, 80 + step * max(len(points) - 1, 0) + 120)}


def provision_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    quotes = (record.get("evidence") or {}).get("provisions", {})
    return [{"key": key.value, "value": record["provisions"].get(key.value), "quotes": quotes.get(key.value, [])}
            for key in Provision]
