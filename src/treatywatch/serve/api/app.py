"""The web server: one FastAPI app with the REST API (/api, OpenAPI at /docs) and the pages."""

from __future__ import annotations

import logging
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from treatywatch.errors import NotFound, TreatywatchError
from treatywatch.store.repo import Store

log = logging.getLogger(__name__)

# Article text is untrusted: no inline script or style may run, nothing loads from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def create_app(store: Store, *, token: str | None = None, max_body: int | None = None) -> FastAPI:
    """The app over `store`. Without a token it is read-only: POST /api/articles and /api/jobs do not exist.

    `max_body` caps the bytes of one POST /api/articles body (default 50 MiB); a larger one is 413.
    """
    from treatywatch.serve.api import agreements, articles, docs, graph, jobs, parties
    from treatywatch.serve.web import pages

    app = FastAPI(title="treatywatch", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Interstate agreements extracted from news, with the quotes behind each fact. "
                              "Reads are open; POST /api/articles (an ingest job) and GET /api/jobs/{id} exist "
                              "only when the server has a token.")
    app.state.store = store
    app.state.token = token
    app.state.max_body = articles.MAX_BODY if max_body is None else max_body
    app.state.jobs = jobs.Jobs(store)
    app.state.graph_cache = graph.GraphCache()
    for module in (agreements, articles, parties, graph):
        app.include_router(module.router)
    if token:
        app.include_router(articles.write_router)
        app.include_router(jobs.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("treatywatch") / "serve" / "web" / "static")),
              name="static")

    app.add_middleware(SecurityHeaders)
    for kind in (StarletteHTTPException, RequestValidationError, TreatywatchError, Exception):
        app.add_exception_handler(kind, handle_error)
    return app


class SecurityHeaders:
    """Adds HEADERS to every response. Pure ASGI: it neither buffers nor reads a body, and costs no task per request."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def handle_error(request: Request, exc: Exception) -> Response:
    """The one error handler: JSON `{"error": {"status", "message"}}` under /api, an HTML page elsewhere."""
    headers = None
    if isinstance(exc, StarletteHTTPException):
        status, message, headers = exc.status_code, str(exc.detail), exc.headers
    elif isinstance(exc, RequestValidationError):
        status = 422
        message = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
                            for e in exc.errors()) or "invalid request"
    elif isinstance(exc, NotFound):
        status, message = 404, str(exc)
    elif isinstance(exc, TreatywatchError):
        status, message = 422, str(exc)
    else:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        status, message = 500, "internal error: see the server's log"
    if request.url.path.startswith("/api"):
        response: Response = JSONResponse({"error": {"status": status, "message": message}},
                                          status_code=status, headers=headers)
    else:
        from treatywatch.serve.web.pages import render_error
        response = render_error(request, status, message)
    # Errors raised outside the middleware (a 500) must carry the same headers.
    response.headers.update(HEADERS)
    return response
