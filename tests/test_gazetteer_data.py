"""The shape of the gazetteer data files (states, leaders, organisations, ratifying bodies).

Reads the JSONL files directly (no project imports): every line parses, keys have the
right types, ids are unique, codes point at states.jsonl, and no surface form is
claimed by two states.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

GAZETTEER = Path(__file__).parents[1] / "src/treatywatch/data/gazetteer"
FILES = ("states.jsonl", "leaders.jsonl", "organisations.jsonl", "bodies.jsonl")
SURFACE_KEYS = ("names", "adjectives", "demonyms", "capitals", "cities")
ROLES = {"head_of_state", "head_of_government", "foreign_minister"}
CHAMBERS = {"lower", "upper", "unicameral", "whole", "government", "president"}
NON_UN_ENTITIES = {"PSE", "VAT", "TWN", "XKX"}  # observers and partly recognised states
LEADER_EXTRA_PARTIES = {"EU", "AU"}
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

STR, LIST, OPT_STR = "str", "list", "str|None"
SCHEMAS = {
    "states.jsonl": {"id": STR, "name": STR, "names": LIST, "adjectives": LIST, "demonyms": LIST,
                     "capitals": LIST, "cities": LIST, "note": STR},
    "leaders.jsonl": {"id": STR, "name": STR, "aliases": LIST, "state": STR, "role": STR, "title": STR,
                      "start": OPT_STR, "end": OPT_STR},
    "organisations.jsonl": {"id": STR, "names": LIST, "members": LIST, "note": STR},
    "bodies.jsonl": {"id": STR, "state": OPT_STR, "names": LIST, "body": STR, "chamber": STR},
}
NON_EMPTY_LISTS = {"states.jsonl": ("names",), "organisations.jsonl": ("names",), "bodies.jsonl": ("names",)}


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[dict, ...]:
    out = []
    for number, line in enumerate((GAZETTEER / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{name}:{number}: not valid JSON ({exc.msg})")
        assert isinstance(row, dict), f"{name}:{number}: not a JSON object"
        out.append(row)
    return tuple(out)


def state_codes() -> set[str]:
    return {row["id"] for row in rows("states.jsonl")}


def surface_owners() -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows("states.jsonl"):
        owners[row["name"]].add(row["id"])
        for key in SURFACE_KEYS:
            for phrase in row.get(key) or ():
                owners[phrase].add(row["id"])
    return owners


def _type_ok(value, kind: str) -> bool:
    if kind == STR:
        return isinstance(value, str)
    if kind == OPT_STR:
        return value is None or isinstance(value, str)
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


def _bounds(value: str) -> tuple[date, date]:
    """The first and last day a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) covers."""
    match = PARTIAL_DATE.match(value)
    assert match, f"not a partial ISO date: {value!r}"
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    assert 1 <= month <= 12, value
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    exact = date(year, month, day)  # raises on 2023-02-30
    return exact, exact


@pytest.mark.parametrize("name", FILES)
def test_lines_parse_with_required_keys_and_unique_ids(name):
    data = rows(name)
    assert data, f"{name} is empty"
    for row in data:
        for key, kind in SCHEMAS[name].items():
            assert key in row, f"{name} {row.get('id')}: missing {key}"
            assert _type_ok(row[key], kind), f"{name} {row.get('id')}: {key} should be {kind}"
        for key in NON_EMPTY_LISTS.get(name, ()):
            assert row[key], f"{name} {row['id']}: {key} is empty"
        assert row["id"].strip(), f"{name}: empty id"
    ids = [row["id"] for row in data]
    duplicates = sorted({x for x in ids if ids.count(x) > 1})
    assert not duplicates, f"{name}: duplicate ids {duplicates}"


def test_state_codes_cover_the_un_and_other_entities():
    codes = state_codes()
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert NON_UN_ENTITIES <= codes
    assert len(codes - NON_UN_ENTITIES) >= 193
    un = next(row for row in rows("organisations.jsonl") if row["id"] == "UN")
    assert len(set(un["members"])) in (0, 193)


def test_each_state_lists_its_own_name():
    for row in rows("states.jsonl"):
        assert row["name"] in row["names"], row["id"]


def test_no_surface_form_names_two_states():
    ambiguous = {phrase: sorted(codes) for phrase, codes in surface_owners().items() if len(codes) > 1}
    assert ambiguous == {}


def test_leaders_point_at_states_and_have_valid_dates():
    codes = state_codes() | LEADER_EXTRA_PARTIES
    for leader in rows("leaders.jsonl"):
        assert leader["state"] in codes, leader["id"]
        assert leader["role"] in ROLES, leader["id"]
        start, end = leader.get("start"), leader.get("end")
        spans = {key: _bounds(value) for key, value in (("start", start), ("end", end)) if value}
        if "start" in spans and "end" in spans:
            assert spans["start"][0] <= spans["end"][1], f"{leader['id']}: start {start} after end {end}"


def test_organisation_members_are_states_and_names_unambiguous():
    codes = state_codes()
    states = surface_owners()
    owner: dict[str, str] = {}
    for org in rows("organisations.jsonl"):
        assert set(org["members"]) <= codes, (org["id"], sorted(set(org["members"]) - codes))
        assert len(org["members"]) == len(set(org["members"])), org["id"]
        for phrase in org["names"]:
            assert phrase not in states, f"{org['id']}: {phrase!r} is also a state surface form"
            assert owner.setdefault(phrase, org["id"]) == org["id"], f"{phrase!r}: {owner[phrase]} and {org['id']}"


def test_bodies_point_at_states_and_have_known_chambers():
    codes = state_codes()
    for body in rows("bodies.jsonl"):
        assert body["state"] is None or body["state"] in codes, body["id"]
        assert body["chamber"] in CHAMBERS, body["id"]


def test_a_body_name_belongs_to_one_state_or_none():
    owners: dict[str, set] = defaultdict(set)
    for body in rows("bodies.jsonl"):
        for phrase in body["names"]:
            owners[phrase.lower()].add(body["state"])  # bodies match in any case
    assert {phrase: states for phrase, states in owners.items() if len(states) > 1} == {}


@pytest.mark.parametrize("phrase, code", [
    ("Kyrgyz Republic", "KGZ"), ("Türkiye", "TUR"), ("Tashkent", "UZB"), ("Azerbaijani", "AZE"),
    ("Belarusian", "BLR"), ("DPRK", "PRK"), ("Taiwan", "TWN"), ("Kosovo", "XKX"), ("Palestine", "PSE"),
])
def test_state_spot_checks(phrase, code):
    assert surface_owners().get(phrase) == {code}


def test_body_and_organisation_spot_checks():
    jogorku = [b for b in rows("bodies.jsonl") if "jogorku kenesh" in {n.lower() for n in b["names"]}]
    assert [b["state"] for b in jogorku] == ["KGZ"]
    generic = {n.lower() for b in rows("bodies.jsonl") if b["state"] is None for n in b["names"]}
    assert {"senate", "parliament", "lower house", "upper house", "national assembly"} <= generic
    csto = [o for o in rows("organisations.jsonl") if o["id"] == "CSTO"]
    assert csto and "CSTO" in csto[0]["names"]
    assert set(csto[0]["members"]) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
