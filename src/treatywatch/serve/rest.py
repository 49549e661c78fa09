"""REST routes: agreements, articles, parties, the graph; ingest only with the server's token."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel, Field

from treatywatch.records import AgreementKind, EventKind

router = APIRouter(prefix="/api", tags=["read"])
write_router = APIRouter(prefix="/api", tags=["write"])


class ArticleIn(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None


def store_of(request: Request):
    return request.app.state.store


@router.get("/agreements")
def list_agreements(request: Request,
                    party: Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z][\w .-]*$")] = None,
                    kind: AgreementKind | None = None, status: EventKind | None = None,
                    since: date | None = None, until: date | None = None,
                    q: Annotated[str | None, Query(max_length=200)] = None,
                    limit: Annotated[int, Query(ge=1, le=500)] = 50,
                    offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Agreements matching every filter given, by id, a page at a time."""
    items, total = store_of(request).query(party=party, kind=kind.value if kind else None,
                                           status=status.value if status else None, since=since, until=until,
                                           text=q, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next": offset + limit if offset + limit < total else None}


@router.get("/agreements/{agreement_id}")
def get_agreement(request: Request, agreement_id: str) -> dict[str, Any]:
    """One agreement: events, provisions, evidence (quotes with offsets), flags and articles."""
    return store_of(request).agreement_records(agreement_id)


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    return store_of(request).get_article(article_id)


@router.get("/parties/{code}")
def get_party(request: Request, code: str) -> dict[str, Any]:
    """A state's (or organisation's) agreements and partners."""
    return store_of(request).party(code)


@router.get("/graph")
def get_graph(request: Request, year: Annotated[int | None, Query(ge=1800, le=2200)] = None) -> dict[str, Any]:
    """Nodes are parties, edges are agreements (kind, status); `year` keeps those begun by then."""
    return store_of(request).graph(year=year)


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    if authorization.removeprefix("Bearer ").strip() != request.app.state.token:
        raise HTTPException(403, "the token is not valid")


@write_router.post("/articles", dependencies=[Depends(require_token)], status_code=201)
def post_articles(request: Request, articles: list[ArticleIn]) -> dict[str, Any]:
    """Ingest articles (JSON list); the same rules as `treatywatch ingest`."""
    from treatywatch.jobs import ingest

    if not articles:
        raise HTTPException(422, "send at least one article")
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.jsonl"
        batch.write_text("".join(json.dumps(a.model_dump(mode="json")) + "\n" for a in articles), encoding="utf-8")
        report = ingest(store_of(request), [str(batch)])
    return {"read": report.read, "duplicates": report.duplicates, "extracted": report.extracted,
            "created": report.created, "updated": report.updated,
            "failures": [{"source": f.source.rsplit(":", 1)[-1], "reason": f.reason} for f in report.failures]}
