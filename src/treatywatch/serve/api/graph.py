"""/api/graph: states and organisations as nodes, agreements as edges."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from treatywatch.serve.api.models import GraphPublic

router = APIRouter(prefix="/api/graph", tags=["graph"])


@router.get("", response_model=GraphPublic)
def get_graph(request: Request,
              year: Annotated[int | None, Query(ge=1000, le=2999, description="Only agreements begun by this year's end")] = None) -> Any:
    """The network: one edge per agreement and pair of its parties, with its kind and status."""
    store = request.app.state.store
    cache: GraphCache = request.app.state.graph_cache
    key = (store.generation(), year)
    body = cache.get(key)
    if body is None:
        # Sent as is: validating 15,000 edges against the model would double the time (bench/bench_web.py).
        body = cache.put(key, JSONResponse(store.graph(year=year)).body)
    return Response(body, media_type="application/json")


class GraphCache:
    """The network's JSON by (store generation, year): the most costly read, the same until a rebuild.

    Built from every agreement, it took half the server's CPU under bench/bench_load.py's mix of reads.
    """

    def __init__(self, size: int = 32):
        self.size = size
        self._bodies: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> bytes:
        with self._lock:
            self._bodies[key] = body
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)
        return body
