"""The web server: one FastAPI app with the REST API (/api, OpenAPI at /docs) and the pages."""

from __future__ import annotations

import logging
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from treatywatch.errors import NotFound, TreatywatchError
from treatywatch.store.repo import Store

log = logging.getLogger(__name__)

# Article text is untrusted: no inline script or style may run, nothing loads from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def create_app(store: Store, *, token: str | None = None) -> FastAPI:
    """The app over `store`. Without a token it is read-only: POST /api/articles does not exist."""
    from treatywatch.serve.api import agreements, articles, docs, graph, parties
    from treatywatch.serve.web import pages

    app = FastAPI(title="treatywatch", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Interstate agreements extracted from news, with the quotes behind each fact. "
                              "Reads are open; POST /api/articles exists only when the server has a token.")
    app.state.store = store
    app.state.token = token
    for module in (agreements, articles, parties, graph):
        app.include_router(module.router)
    if token:
        app.include_router(articles.write_router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("treatywatch") / "serve" / "web" / "static")),
              name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next) -> Response:
        response = await call_next(request)
        response.headers.update(HEADERS)
        return response

    for kind in (StarletteHTTPException, RequestValidationError, TreatywatchError, Exception):
        app.add_exception_handler(kind, handle_error)
    return app


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
