"""Typed records passed between the stages (ingest -> extract -> resolve -> store)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class AgreementKind(StrEnum):
    TREATY = "treaty"
    AGREEMENT = "agreement"
    DECLARATION = "declaration"
    MEMORANDUM = "memorandum"
    PROTOCOL = "protocol"
    OTHER = "other"


class EventKind(StrEnum):
    """Lifecycle steps, in lifecycle order (FORMAT.md)."""

    PROPOSED = "proposed"
    SIGNED = "signed"
    RATIFIED = "ratified"
    IN_FORCE = "in_force"
    TERMINATED = "terminated"


class Provision(StrEnum):
    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NONAGGRESSION = "nonaggression"
    CONSULTATION = "consultation"
    NO_HOSTILE_ALLIANCES = "no_hostile_alliances"
    NO_TERRITORY_USE = "no_territory_use"
    MILITARY_COOPERATION = "military_cooperation"
    SECURITY_COOPERATION = "security_cooperation"
    ECONOMIC_COOPERATION = "economic_cooperation"
    BORDER = "border"


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date as precise as the source gives it: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PARTIAL_DATE.match(text)
        if not match:
            raise ValueError(f"not a YYYY[-MM[-DD]] date: {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None:
            date(year, month, day or 1)  # validates month and day
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    def as_date(self) -> date:
        """The day itself; only for a date with a day."""
        if self.day is None or self.month is None:
            raise ValueError(f"{self} has no day")
        return date(self.year, self.month, self.day)

    def truncate(self, precision: int) -> PartialDate:
        """Keep 1 (year), 2 (month) or 3 (day) parts."""
        return PartialDate(self.year, self.month if precision > 1 else None,
                           self.day if precision > 2 else None)

    @property
    def precision(self) -> int:
        return 1 + (self.month is not None) + (self.day is not None)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str                      # normalised, boilerplate removed; offsets point here
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    source: str | None = None      # the file it came from, for messages


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    start: int                     # character offsets into Article.text
    end: int
    quote: str
    # True when the quote is the agreement's own words (inside quotation marks).
    primary: bool = False


@dataclass(slots=True)
class AgreementMention:
    """One agreement as one article speaks of it (all its mentions clustered)."""

    ref: str                       # local to the article: "m1", "m2"...
    title: str
    kind: AgreementKind
    subject: str                   # normalised content words of the title: identity key
    parties: tuple[str, ...]
    background: bool               # only named in passing as the basis of something else
    evidence: list[Evidence] = field(default_factory=list)
    year: int | None = None        # a year named with it ("the 1993 treaty")
    form: str = "name"             # "name" when a source gives a proper name, else "description"


@dataclass(frozen=True, slots=True)
class EventFact:
    kind: EventKind
    agreement_ref: str
    date: PartialDate | None
    place: str | None
    party: str | None              # ratifying state; None when the event covers all parties
    body: str | None
    evidence: Evidence
    # True when no date was written and the publication date stands in (a lead's news).
    date_inferred: bool = False
    # For a ratification whose party is not named: the partner it was ratified *with*.
    counterpart: str | None = None
    # "signed on 8 August" in an article that gives no year: "MM-DD", for the merge to place
    # in the year of the agreement's other steps (`date` is then None).
    yearless_day: str | None = None


@dataclass(frozen=True, slots=True)
class ProvisionFact:
    key: Provision
    value: bool
    agreement_ref: str
    evidence: Evidence


@dataclass(slots=True)
class ArticleFacts:
    article: Article
    published: date | None         # the publication date used to resolve relative dates
    agreements: list[AgreementMention] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    provisions: list[ProvisionFact] = field(default_factory=list)
    # An outlet's claims about content (e.g. "will jointly respond to attacks"): never coded
    # as provisions, checked against the agreement's quoted text instead.
    claims: list[ProvisionFact] = field(default_factory=list)
    # Steps an article says have NOT happened ("has not yet been ratified").
    denials: list[EventFact] = field(default_factory=list)
    # Agreements named only in passing (a legal basis, another agreement beside the one reported on), each
    # with enough to tell which it is: they join the record their parties have, never start one (resolve/merge.py).
    passing: list[AgreementMention] = field(default_factory=list)
    # Characters of a very long text left unparsed (extract/budget.py); the ingest reports them.
    unread_chars: int = 0


@dataclass(slots=True)
class Event:
    kind: EventKind
    date: PartialDate | None
    place: str | None
    party: str | None
    body: str | None
    articles: list[str]
    evidence: list[Evidence]


@dataclass(slots=True)
class Agreement:
    """One agreement merged across articles: the exported record."""

    id: str
    title: str
    kind: AgreementKind
    parties: list[str] | None
    events: list[Event]
    provisions: dict[Provision, bool]
    provision_evidence: dict[Provision, list[Evidence]]
    articles: list[str]
    evidence: list[Evidence]       # where the agreement itself is named
    identity: list[dict] = field(default_factory=list)  # each mention joined, and why (resolve/identity.py)

    @property
    def status(self) -> EventKind | None:
        """The furthest lifecycle step any source reports."""
        order = list(EventKind)
        kinds = [e.kind for e in self.events]
        return max(kinds, key=order.index) if kinds else None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not ingested, and why."""

    source: str
    reason: str
