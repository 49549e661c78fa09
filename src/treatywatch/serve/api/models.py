"""Pydantic shapes at the API's edge: request bodies and the *Public responses (OpenAPI at /docs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class EventPublic(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: str
    date: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    place: str | None = None
    party: str | None = Field(None, description="The ratifying party; null when the event covers all parties")
    body: str | None = None
    articles: list[str] = []


class AgreementPublic(BaseModel):
    """The export record (FORMAT.md + `evidence`); any key a later version adds (`flags`, `conflicts`) is kept."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    kind: str
    parties: list[str] | None
    status: str | None = Field(None, description="The furthest lifecycle step; null when only mentioned")
    events: list[EventPublic]
    provisions: dict[str, bool | None]
    articles: list[str]
    evidence: dict[str, Any] | None = Field(None, description="Quotes (article_id, start, end, quote) behind each fact")


class AgreementPage(BaseModel):
    items: list[AgreementPublic]
    total: int
    limit: int
    offset: int
    next: int | None = Field(description="The offset of the next page; null on the last")


class ArticlePublic(BaseModel):
    id: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    text: str = Field(description="Plain text as stored; clients must not render it as HTML")
    agreements: list[str]


class AgreementBrief(BaseModel):
    id: str
    title: str
    kind: str
    status: str | None
    first_date: str | None


class Partner(BaseModel):
    party: str
    agreements: int = Field(description="Agreements shared with the party asked for")


class PartyPublic(BaseModel):
    party: str
    agreements: list[AgreementBrief]
    partners: list[Partner]


class Node(BaseModel):
    id: str
    agreements: int


class Edge(BaseModel):
    source: str
    target: str
    agreement: str
    title: str
    kind: str
    status: str | None
    first_date: str | None


class GraphPublic(BaseModel):
    nodes: list[Node]
    edges: list[Edge] = Field(description="One edge per agreement and pair of its parties")


class ArticleIn(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None


class Failure(BaseModel):
    source: str
    reason: str


class IngestReportPublic(BaseModel):
    read: int
    duplicates: int
    extracted: int
    created: int
    updated: int
    agreements: int
    failures: list[Failure]


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorPublic(BaseModel):
    error: ErrorBody
