"""Pydantic shapes at the API's edge: request bodies and the *Public responses (OpenAPI at /docs)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

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


class EventSummary(BaseModel):
    kind: str
    date: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    place: str | None = None
    party: str | None = Field(None, description="The ratifying party; null when the event covers all parties")
    body: str | None = None


class SummaryCounts(BaseModel):
    articles: int = Field(description="Articles reporting on the agreement")
    stories: int = Field(description="Independent stories among them (syndicated copies count once)")
    conflicts: int = Field(description="Open disagreements between sources (the record's `conflicts`)")
    flags: int = Field(description="Other doubts about the record (its `flags`)")


class AgreementSummary(BaseModel):
    """One agreement in a list: what a table row needs, without quotes, evidence or supports.

    `GET /api/agreements/{id}` has the full record with every quote.
    """

    id: str
    title: str
    kind: str
    parties: list[str] | None
    status: str | None = Field(None, description="The furthest lifecycle step; null when only mentioned")
    first_date: str | None = Field(None, description="The earliest event's date")
    last_date: str | None = Field(None, description="The latest event's date")
    events: list[EventSummary] = Field(description="The lifecycle steps, without their quotes")
    provisions: dict[str, bool | None]
    articles: list[str] = Field(description="Ids of the articles reporting on it")
    counts: SummaryCounts


class AgreementPage(BaseModel):
    items: list[AgreementSummary]
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
    irrelevant: int = Field(0, description="Stored unread: nothing in them can report on an agreement")
    created: int
    updated: int
    agreements: int
    failures: list[Failure]
    partial: list[Failure] = Field(default_factory=list, description="Articles stored but parsed only in part "
                                   "(too long to parse whole), with how much of each was read")


class JobProgress(BaseModel):
    extracted: int = Field(description="New articles extracted so far")
    total: int | None = Field(None, description="New articles to extract (the others are copies); "
                                                "null until counted. When all are extracted, the merge runs")


class JobPublic(BaseModel):
    """An ingest sent with `POST /api/articles`, run in the background one at a time."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    articles: int = Field(description="Items sent in the request")
    submitted: datetime
    started: datetime | None = None
    finished: datetime | None = None
    progress: JobProgress
    report: IngestReportPublic | None = Field(None, description="What the ingest did; set once it is done")
    error: str | None = Field(None, description="Why it failed; set when the status is failed")


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorPublic(BaseModel):
    error: ErrorBody
