"""The lifecycle picture on an agreement's page: proposed -> signed -> ratified per party -> in force -> terminated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STEP = 132          # pixels between two steps
MARGIN = 70
MAX_PARTY_STEPS = 6  # more ratifying parties than this share one step ("3 of 27 parties")


@dataclass(frozen=True, slots=True)
class Step:
    x: int
    kind: str            # the event kind (a CSS class); "ratified" for each party's step
    label: str
    date: str            # "" when the step is not reported
    detail: str          # party and body, or place
    reached: bool


@dataclass(slots=True)
class Timeline:
    steps: list[Step] = field(default_factory=list)
    width: int = 0

    @property
    def segments(self) -> list[tuple[int, int, bool]]:
        """(x1, x2, solid): solid up to the last reached step, dashed after it."""
        last = max((i for i, s in enumerate(self.steps) if s.reached), default=-1)
        return [(a.x, b.x, i < last) for i, (a, b) in enumerate(zip(self.steps, self.steps[1:]))]


def lifecycle(record: dict[str, Any]) -> Timeline:
    """Every lifecycle step in order: reported ones with their dates, missing ones hollow.

    Termination appears only when reported; ratification gets one step per party (FORMAT.md:
    each `ratified` event is one party's step).
    """
    events = record.get("events") or []
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_kind.setdefault(event["kind"], []).append(event)
    items: list[tuple[str, str, dict[str, Any] | None]] = []   # (kind, label, event)
    for kind, label in (("proposed", "proposed"), ("signed", "signed")):
        items += [(kind, label, e) for e in _by_date(by_kind.get(kind, []))] or [(kind, label, None)]
    items += _ratifications(record.get("parties") or [], by_kind.get("ratified", []))
    items += [("in_force", "in force", e) for e in _by_date(by_kind.get("in_force", []))] or [("in_force", "in force", None)]
    items += [("terminated", "terminated", e) for e in _by_date(by_kind.get("terminated", []))]
    steps = [Step(x=MARGIN + i * STEP, kind=kind, label=label, date=_date(event), detail=_detail(kind, label, event),
                  reached=event is not None)
             for i, (kind, label, event) in enumerate(items)]
    return Timeline(steps=steps, width=2 * MARGIN + STEP * (len(steps) - 1))


def _ratifications(parties: list[str], events: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any] | None]]:
    if len(parties) > MAX_PARTY_STEPS:
        done = sorted({e["party"] for e in events if e.get("party")})
        latest = _by_date(events)[-1] if events else None
        summary = {**latest, "party": f"{len(done)} of {len(parties)} parties"} if latest else None
        return [("ratified", "ratified", summary)]
    items: list[tuple[str, str, dict[str, Any] | None]] = []
    for party in parties:
        own = _by_date([e for e in events if e.get("party") == party])
        items += [("ratified", f"ratified {party}", e) for e in own] or [("ratified", f"ratified {party}", None)]
    # A ratification whose party is unknown, or not among the parties, still shows.
    items += [("ratified", "ratified", e) for e in _by_date(events) if e.get("party") not in parties]
    return items or [("ratified", "ratified", None)]


def _by_date(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(events, key=lambda e: e.get("date") or "9999")


def _date(event: dict[str, Any] | None) -> str:
    if event is None:
        return ""
    return event.get("date") or "date unknown"


def _detail(kind: str, label: str, event: dict[str, Any] | None) -> str:
    if event is None:
        return "not reported"
    if kind == "ratified":
        who = event.get("party") if label == "ratified" else None
        return " · ".join(x for x in (who, event.get("body")) if x)
    return event.get("place") or ""
