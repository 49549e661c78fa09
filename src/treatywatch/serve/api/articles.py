"""/api/articles: read one article; POST new ones (only on a server started with a token)."""

from __future__ import annotations

import secrets
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request

from treatywatch.serve.api.models import ArticleIn, ArticlePublic, IngestReportPublic

router = APIRouter(prefix="/api/articles", tags=["articles"])
write_router = APIRouter(prefix="/api/articles", tags=["articles"])

# One ingest at a time: each rebuilds every agreement from the stored facts.
_INGEST = threading.Lock()


@router.get("/{article_id}", response_model=ArticlePublic)
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """One article as stored (its text is plain text, never HTML) and the agreements it reports on."""
    return request.app.state.store.get_article(article_id)


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """401 without `Authorization: Bearer …`, 403 with the wrong token."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "a bearer token is required: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(given.strip().encode(), request.app.state.token.encode()):
        raise HTTPException(403, "the token is not valid")


@write_router.post("", response_model=IngestReportPublic, status_code=201, dependencies=[Depends(require_token)])
def post_articles(request: Request, articles: list[ArticleIn]) -> dict[str, Any]:
    """Ingest articles (a JSON list) by the same rules as `treatywatch ingest`; returns the report."""
    from treatywatch.ingest.read import article_from_row
    from treatywatch.jobs import ingest_articles

    if not articles:
        raise HTTPException(422, "send at least one article")
    # Straight to the job, no file in between: a text is never split or re-encoded on the way.
    items = [article_from_row(a.model_dump(mode="json", exclude_none=True), f"item {number}")
             for number, a in enumerate(articles, 1)]
    with _INGEST:
        report = ingest_articles(request.app.state.store, items)
    return {"read": report.read, "duplicates": report.duplicates, "extracted": report.extracted,
            "created": report.created, "updated": report.updated, "agreements": report.agreements,
            "failures": [{"source": f.source, "reason": f.reason} for f in report.failures]}
