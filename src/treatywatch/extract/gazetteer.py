"""The gazetteer data files (states, leaders, organisations, ratifying bodies), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from treatywatch.records import PartialDate
from treatywatch.rules import load_rules


@dataclass(frozen=True, slots=True)
class Leader:
    id: str
    name: str
    state: str
    role: str
    title: str
    start: date | None
    end: date | None

    def in_office(self, when: date | None) -> bool:
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class Body:
    id: str
    state: str | None
    body: str
    chamber: str


@dataclass(frozen=True, slots=True)
class Gazetteer:
    # phrase -> (label, code); labels: STATE, STATE_ADJ, CAPITAL, CITY, ORG
    phrases: dict[str, tuple[str, str]]
    leaders: dict[str, tuple[Leader, ...]]     # phrase -> leaders known by it
    bodies: dict[str, tuple[Body, ...]]        # lower-cased phrase -> bodies
    state_names: dict[str, str]                # code -> common name
    org_members: dict[str, tuple[str, ...]]
    leader_by_id: dict[str, Leader]
    body_by_id: dict[str, Body]
    regions: dict[str, tuple[str, ...]]         # region name -> member states


def _as_date(value: str | None, *, end: bool = False) -> date | None:
    if not value:
        return None
    partial = PartialDate.parse(value)
    if end:  # an end given as a month or year lasts to its end
        return date(partial.year, partial.month or 12, partial.day or (28 if partial.month else 31))
    return date(partial.year, partial.month or 1, partial.day or 1)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    phrases: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}
    for row in load_rules("gazetteer/states.jsonl", required=("id", "name", "names")):
        code = row["id"]
        names[code] = row["name"]
        for label, key in (("CITY", "cities"), ("CAPITAL", "capitals"),
                           ("STATE_ADJ", "demonyms"), ("STATE_ADJ", "adjectives"),
                           ("STATE", "names")):
            for phrase in row.get(key) or ():
                phrases[phrase] = (label, code)  # later keys win: a name beats a city
        phrases[row["name"]] = ("STATE", code)
    members: dict[str, tuple[str, ...]] = {}
    for row in load_rules("gazetteer/organisations.jsonl", required=("id", "names")):
        members[row["id"]] = tuple(row.get("members") or ())
        for phrase in row["names"]:
            phrases.setdefault(phrase, ("ORG", row["id"]))
    leaders: dict[str, list[Leader]] = {}
    for row in load_rules("gazetteer/leaders.jsonl", required=("id", "name", "state", "role")):
        leader = Leader(row["id"], row["name"], row["state"], row["role"], row.get("title") or "",
                        _as_date(row.get("start")), _as_date(row.get("end"), end=True))
        for phrase in {row["name"], *(row.get("aliases") or ())}:
            leaders.setdefault(phrase, []).append(leader)
    bodies: dict[str, list[Body]] = {}
    for row in load_rules("gazetteer/bodies.jsonl", required=("id", "names", "body")):
        body = Body(row["id"], row.get("state"), row["body"], row.get("chamber") or "")
        for phrase in row["names"]:
            bodies.setdefault(phrase.lower(), []).append(body)
    return Gazetteer(phrases, {k: tuple(v) for k, v in leaders.items()},
                     {k: tuple(v) for k, v in bodies.items()}, names, members,
                     {x.id: x for group in leaders.values() for x in group},
                     {x.id: x for group in bodies.values() for x in group},
                     {name: tuple(row["members"]) for row in load_rules("gazetteer/regions.jsonl", required=("id", "names", "members"))
                      for name in row["names"]})
