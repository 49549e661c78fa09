"""The shape of the gazetteer data files: every line valid, codes consistent, names unambiguous."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

GAZETTEER = Path(__file__).parents[1] / "src" / "treatywatch" / "data" / "gazetteer"
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def rows(name: str) -> list[dict]:
    lines = (GAZETTEER / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


STATES = rows("states.jsonl")
CODES = {row["id"] for row in STATES}


@pytest.mark.parametrize("name, required", [
    ("states.jsonl", {"id": str, "name": str, "names": list}),
    ("leaders.jsonl", {"id": str, "name": str, "aliases": list, "state": str, "role": str}),
    ("organisations.jsonl", {"id": str, "names": list, "members": list}),
    ("bodies.jsonl", {"id": str, "names": list, "body": str, "chamber": str}),
    ("regions.jsonl", {"id": str, "names": list, "members": list}),
])
def test_required_keys_and_unique_ids(name, required):
    data = rows(name)
    assert data
    for row in data:
        for key, kind in required.items():
            assert isinstance(row.get(key), kind), f"{name} {row.get('id')}: {key}"
    ids = [row["id"] for row in data]
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"


def test_all_un_members_and_other_entities():
    assert len(CODES) >= 195
    assert {"TWN", "XKX", "PSE", "VAT"} <= CODES
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in CODES)


def test_no_surface_form_names_two_states():
    owners = defaultdict(set)
    for row in STATES:
        for key in ("names", "adjectives", "demonyms", "capitals", "cities"):
            for phrase in row.get(key) or ():
                owners[phrase].add(row["id"])
    ambiguous = {phrase: codes for phrase, codes in owners.items() if len(codes) > 1}
    assert not ambiguous


def test_references_point_at_known_states():
    for leader in rows("leaders.jsonl"):
        assert leader["state"] in CODES | {"EU", "AU"}, leader["id"]
        assert leader["role"] in {"head_of_state", "head_of_government", "foreign_minister"}
        for key in ("start", "end"):
            assert leader.get(key) is None or PARTIAL_DATE.match(leader[key]), leader["id"]
        if leader.get("start") and leader.get("end"):
            assert leader["start"] <= leader["end"], leader["id"]
    for org in rows("organisations.jsonl") + rows("regions.jsonl"):
        assert set(org["members"]) <= CODES, org["id"]
    for body in rows("bodies.jsonl"):
        assert body["state"] is None or body["state"] in CODES, body["id"]


def test_a_body_name_belongs_to_one_state_or_none():
    owners = defaultdict(set)
    for body in rows("bodies.jsonl"):
        for phrase in body["names"]:
            owners[phrase.lower()].add(body["state"])
    assert {phrase: states for phrase, states in owners.items() if len(states) > 1} == {}


@pytest.mark.parametrize("phrase, code", [
    ("Kyrgyz Republic", "KGZ"), ("Türkiye", "TUR"), ("Tashkent", "UZB"), ("Azerbaijani", "AZE"),
    ("Belarusian", "BLR"), ("DPRK", "PRK"), ("Taiwan", "TWN"), ("Kosovo", "XKX"), ("Palestine", "PSE"),
])
def test_spot_checks(phrase, code):
    from treatywatch.extract import gazetteer
    assert gazetteer.load().phrases[phrase][1] == code


def test_spot_checks_of_bodies_and_organisations():
    from treatywatch.extract import gazetteer
    gaz = gazetteer.load()
    assert gaz.bodies["jogorku kenesh"][0].state == "KGZ"
    assert gaz.phrases["CSTO"] == ("ORG", "CSTO")
