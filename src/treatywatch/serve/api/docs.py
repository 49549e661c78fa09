"""/docs: Swagger UI over /openapi.json from the vendored copy, so the docs work offline under the CSP."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

# FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script: neither works here.
PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>treatywatch API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui" data-url="/openapi.json"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
