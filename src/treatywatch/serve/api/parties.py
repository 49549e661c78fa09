"""/api/parties: one state's (or organisation's) agreements and partners."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from treatywatch.errors import NotFound
from treatywatch.serve.api.models import PartyPublic

router = APIRouter(prefix="/api/parties", tags=["parties"])


@router.get("/{code}", response_model=PartyPublic,
            responses={404: {"description": "Neither a party of any agreement nor a state or organisation we know"}})
def get_party(request: Request, code: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    """A party's agreements (earliest first) and its partners with how many agreements they share.

    The code may be in any case. A state or organisation of the gazetteer with no agreement yet has empty
    lists; only a code that is neither a party of an agreement nor known to the gazetteer is 404.
    """
    found = request.app.state.store.party(canonical_party(code))
    if not found["agreements"] and found["party"].upper() not in known_parties():
        raise NotFound(f"no state or organisation with code {code!r}")
    return found


def canonical_party(code: str) -> str:
    """The gazetteer's own spelling of a code given in any case ("afdb" -> "AfDB"); other codes as given."""
    return known_parties().get(code.strip().upper(), code.strip())


@lru_cache(maxsize=1)
def known_parties() -> dict[str, str]:
    """Every state and organisation code of the gazetteer, upper-cased, to its own spelling (loaded once)."""
    from treatywatch.extract import gazetteer

    names = gazetteer.load()
    return {code.upper(): code for code in (*names.state_names, *names.org_members)}
