"""/api/agreements: the filtered, paged list of summaries and one agreement with its evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from treatywatch.records import AgreementKind, EventKind
from treatywatch.serve.api.models import AgreementPage, AgreementPublic
from treatywatch.serve.api.parties import canonical_party

# Offsets past any real table, but small enough for every database's integers (the hardening issue: 2**64 was a 500).
MAX_OFFSET = 1_000_000_000

router = APIRouter(prefix="/api/agreements", tags=["agreements"])

# The same shape as a party code in the records: ISO3 or an organisation's acronym.
PartyCode = Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z][\w .-]*$",
                                        description="ISO3 code or organisation acronym (any case)")]


@router.get("", response_model=AgreementPage)
def list_agreements(request: Request, party: PartyCode = None,
                    kind: AgreementKind | None = None,
                    status: Annotated[EventKind | None, Query(description="The furthest lifecycle step")] = None,
                    since: Annotated[date | None, Query(description="With an event on or after YYYY-MM-DD")] = None,
                    until: Annotated[date | None, Query(description="With an event on or before YYYY-MM-DD")] = None,
                    q: Annotated[str | None, Query(max_length=200, description="Words in the title or id")] = None,
                    limit: Annotated[int, Query(ge=1, le=500)] = 50,
                    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Any:
    """Summaries of the agreements matching every filter given, by id, a page at a time.

    A summary has no quotes: `GET /api/agreements/{id}` has the full record with its evidence.
    """
    items, total = request.app.state.store.summaries(
        party=canonical_party(party) if party else None, kind=kind.value if kind else None,
        status=status.value if status else None, since=since, until=until, text=q, limit=limit, offset=offset)
    # Sent as is: the summaries come from the store in the documented shape; validating 500 of them costs more
    # than the query.
    return JSONResponse({"items": items, "total": total, "limit": limit, "offset": offset,
                         "next": offset + limit if offset + limit < total else None})


@router.get("/{agreement_id:path}", response_model=AgreementPublic)
def get_agreement(request: Request, agreement_id: str) -> dict[str, Any]:
    """One agreement: events, provisions, evidence (quotes with offsets), articles; flags and conflicts if any."""
    return request.app.state.store.agreement_records(agreement_id)
