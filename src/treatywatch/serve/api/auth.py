"""The write token: a dependency that answers 401 or 403 before anything else of the request is read."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Header, HTTPException, Request


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """401 without `Authorization: Bearer …`, 403 with the wrong token."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "a bearer token is required: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(given.strip().encode(), request.app.state.token.encode()):
        raise HTTPException(403, "the token is not valid")
