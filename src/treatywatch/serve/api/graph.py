"""/api/graph: states and organisations as nodes, agreements as edges."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from treatywatch.serve.api.models import GraphPublic

router = APIRouter(prefix="/api/graph", tags=["graph"])


@router.get("", response_model=GraphPublic)
def get_graph(request: Request,
              year: Annotated[int | None, Query(ge=1000, le=2999, description="Only agreements begun by this year's end")] = None) -> Any:
    """The network: one edge per agreement and pair of its parties, with its kind and status."""
    # Sent as is: validating 15,000 edges against the model would double the time (bench/bench_web.py).
    return JSONResponse(request.app.state.store.graph(year=year))
