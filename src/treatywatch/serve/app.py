"""The web server: one FastAPI app with the REST API (/api, OpenAPI at /docs) and the pages."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from treatywatch.errors import NotFound, TreatywatchError
from treatywatch.store.repo import Store

# No inline script or style may run: article text is untrusted input.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def create_app(store: Store, *, token: str | None = None) -> FastAPI:
    """The app over `store`. Without a token it is read-only: POST /api/articles does not exist."""
    from treatywatch.serve import pages, rest

    app = FastAPI(title="treatywatch", version="0.1.0",
                  description="Interstate agreements extracted from news, with the quotes behind each fact.")
    app.state.store = store
    app.state.token = token
    app.include_router(rest.router)
    if token:
        app.include_router(rest.write_router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("treatywatch") / "serve" / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return _error(request, 404, str(exc))

    @app.exception_handler(TreatywatchError)
    async def bad_request(request: Request, exc: TreatywatchError):
        return _error(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, details or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    return app


def _error(request: Request, status: int, message: str, headers=None):
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    from treatywatch.serve.pages import render_error
    return render_error(request, status, message)
