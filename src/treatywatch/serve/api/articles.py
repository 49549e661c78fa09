"""/api/articles: read one article; POST new ones (only on a server started with a token) as a background job."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter, ValidationError

from treatywatch.records import Article, Skipped
from treatywatch.serve.api.auth import require_token
from treatywatch.serve.api.jobs import Busy
from treatywatch.serve.api.models import ArticleIn, ArticlePublic, ErrorPublic, JobPublic

router = APIRouter(prefix="/api/articles", tags=["articles"])
write_router = APIRouter(prefix="/api/articles", tags=["articles"])

MAX_BODY = 50 * 1024 * 1024  # bytes of one POST /api/articles body, unless create_app is given another limit
ARTICLES = TypeAdapter(list[ArticleIn])


@router.get("/{article_id:path}", response_model=ArticlePublic)
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """One article as stored (its text is plain text, never HTML) and the agreements it reports on.

    An id may contain `/`: `/api/articles/wire/2024/7` is the article `wire/2024/7`.
    """
    return request.app.state.store.get_article(article_id)


# The body is no parameter of the route: FastAPI would read and parse it before the token is checked.
# The token dependency runs first, then the body is read a chunk at a time up to the limit.
@write_router.post(
    "", status_code=202, response_model=JobPublic, dependencies=[Depends(require_token)],
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "array", "minItems": 1, "items": ArticleIn.model_json_schema()}}}}},
    responses={202: {"description": "Queued: `Location` is the job's address (GET /api/jobs/{id})"},
               401: {"model": ErrorPublic, "description": "No bearer token"},
               403: {"model": ErrorPublic, "description": "A wrong token"},
               413: {"model": ErrorPublic, "description": "The body is larger than the server's limit"},
               422: {"model": ErrorPublic, "description": "Not a JSON list of articles"},
               503: {"model": ErrorPublic, "description": "Too many ingests waiting"}})
async def post_articles(request: Request) -> JSONResponse:
    """Queue an ingest of articles (a JSON list) by the same rules as `treatywatch ingest`.

    Answers 202 with the job; poll `GET /api/jobs/{id}` (its `Location`) for the status and, once done, the report.
    """
    body = await read_limited(request, request.app.state.max_body)
    items = await run_in_threadpool(parse_articles, body)
    try:
        job = request.app.state.jobs.submit(items)
    except Busy as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "10"}) from None
    return JSONResponse(job.as_json(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is known to be larger than `limit` bytes (never buffering more)."""
    too_large = HTTPException(413, f"the body is larger than the server's limit of {limit:,} bytes: "
                                   "send the articles in smaller requests")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


def parse_articles(body: bytes) -> list[Article | Skipped]:
    """The body as articles, ready for the ingest job; 422 (as RequestValidationError) when it is not a list of them."""
    from treatywatch.ingest.read import article_from_row

    try:
        rows = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequestValidationError([{"loc": ("body",), "msg": f"not valid JSON ({exc})"}]) from None
    try:
        articles = ARTICLES.validate_python(rows)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
    if not articles:
        raise HTTPException(422, "send at least one article")
    # Straight to the job, no file in between: a text is never split or re-encoded on the way.
    return [article_from_row(a.model_dump(mode="json", exclude_none=True), f"item {number}")
            for number, a in enumerate(articles, 1)]
