"""/api/parties: one state's (or organisation's) agreements and partners."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from treatywatch.serve.api.models import PartyPublic

router = APIRouter(prefix="/api/parties", tags=["parties"])


@router.get("/{code}", response_model=PartyPublic)
def get_party(request: Request, code: str) -> dict[str, Any]:
    """A party's agreements (earliest first) and its partners with how many agreements they share."""
    return request.app.state.store.party(code)
