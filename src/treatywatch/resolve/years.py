"""Days written without a year ("signed on 8 August" in an article that gives no date of its
own) placed in the year of the agreement's other steps, as other sources date them.

A day goes to the one year that puts it within half a year of a step dated to the month or
the day; a step that follows the signing is not placed before it. Where no year, or more than
one, fits, the day stays unknown: a year off is worse than no year.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from treatywatch.records import EventFact, EventKind, PartialDate

REACH_DAYS = 182
AFTER_SIGNING = (EventKind.RATIFIED, EventKind.IN_FORCE, EventKind.TERMINATED)


def place_yearless_days(facts: list[EventFact]) -> list[EventFact]:
    """`facts` with each day without a year given the year its agreement's dated steps fit."""
    references = [f.date for f in facts if f.date is not None and f.date.precision >= 2]
    if not references or not any(f.yearless_day for f in facts):
        return facts
    signed = min((f.date.as_date() for f in facts if f.kind == EventKind.SIGNED and f.date and
                  f.date.precision == 3), default=None)
    placed = []
    for fact in facts:
        if fact.date is None and fact.yearless_day:
            after = signed if fact.kind in AFTER_SIGNING else None
            year_found = place(fact.yearless_day, references, after)
            if year_found is not None:
                fact = replace(fact, date=year_found)
        placed.append(fact)
    return placed


def place(day: str, references: list[PartialDate], not_before: date | None = None) -> PartialDate | None:
    """The day "MM-DD" in the one year within REACH_DAYS of a reference date, or None."""
    month, number = (int(part) for part in day.split("-"))
    years = {r.year + shift for r in references for shift in (-1, 0, 1)}
    fitting = set()
    for year in years:
        try:
            candidate = date(year, month, number)
        except ValueError:
            continue  # 29 February of a year without one
        if not_before is not None and candidate < not_before:
            continue
        if min(abs(candidate.toordinal() - _middle(r)) for r in references) <= REACH_DAYS:
            fitting.add(candidate)
    return PartialDate.from_date(fitting.pop()) if len(fitting) == 1 else None


def _middle(value: PartialDate) -> int:
    """A date's day, or the middle of its month."""
    return date(value.year, value.month or 7, value.day or 15).toordinal()
