"""Provenance: syndicated copies grouped, quotes aligned, disagreements and unsupported claims flagged."""

from __future__ import annotations

import pytest

from conftest import SHARED
from treatywatch.jobs import ingest
from treatywatch.resolve.quotes import align
from treatywatch.resolve.stories import stories

WIRE = ("BAKU, March 4, 2024 - The presidents of Azerbaijan and Georgia signed a declaration on strategic "
        "partnership in Baku on Monday, pledging closer cooperation in energy, transport and trade. Officials said "
        "the declaration also commits both governments to regular meetings of their foreign ministers and to joint "
        "work on the Middle Corridor railway. \"The parties will not take part in any alliances or blocs directed "
        "against each other,\" the text of the declaration reads. The document was signed after talks that lasted "
        "more than three hours, the presidential press service said. Both leaders called the declaration a new "
        "chapter in relations between the two South Caucasus neighbours.")
LIGHT_EDIT = WIRE.replace("pledging closer cooperation", "promising deeper cooperation").replace(
    "more than three hours", "over three hours") + " Share this story."
TRANSLATED = WIRE.replace("\"The parties will not take part in any alliances or blocs directed against each other,\"",
                          "\"The sides shall not take part in any blocs or alliances directed against one another,\"")
SAME_TOPIC = ("Georgia and Azerbaijan deepened their partnership this week. In Baku, the two presidents put their "
              "names to a strategic partnership declaration that analysts described as the most important document "
              "between the neighbours in a decade; it covers energy, railways and customs procedures, according to "
              "a statement released after the meeting.")


def test_copies_are_one_story_and_other_reports_are_not():
    groups = stories([("w1", WIRE), ("w2", WIRE), ("w3", LIGHT_EDIT), ("w4", TRANSLATED), ("other", SAME_TOPIC)])
    assert groups["w1"] == groups["w2"] == groups["w3"] == groups["w4"] == "w1"
    assert groups["other"] == "other"


def test_translated_quotes_align_as_one_clause():
    clauses = align([("The parties will not take part in any alliances or blocs directed against each other", "a", "A"),
                     ("The sides shall not take part in any blocs or alliances directed against one another", "b", "B"),
                     ("The sides will cooperate in energy and transport projects of common interest", "c", "C")])
    assert [c["quoted_by"] for c in clauses] == [2, 1]


def write(folder, files):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text)


def test_story_copies_count_once_in_support(store, tmp_path):
    write(tmp_path / "in", {"w1": WIRE, "w3": LIGHT_EDIT, "other": SAME_TOPIC})
    ingest(store, [str(tmp_path / "in")])
    [record] = [r for r in store.query()[0] if r["kind"] == "declaration"]
    signed = record["provenance"]["events"][0]
    assert (signed["sources"], signed["stories"]) == (2, 1)  # two copies of one wire story: one source
    groups = {g["story"]: [a["id"] for a in g["articles"]] for g in store.story_groups()}
    assert groups == {"w1": ["w1", "w3"], "other": ["other"]}


@pytest.mark.parametrize("second, field", [
    ("ASTANA, May 20, 2024 - Kazakhstan and Mongolia signed the Treaty on Strategic Partnership between Mongolia "
     "and the Republic of Kazakhstan in Astana on 16 May 2024, officials said.", "events.signed.date"),
    ("ASTANA, May 20, 2024 - Kazakhstan and Mongolia signed the Treaty on Strategic Partnership between Mongolia "
     "and the Republic of Kazakhstan in Astana on 14 May 2024, officials said.", "events.signed.place"),
    ("ASTANA, May 20, 2024 - The Treaty on Strategic Partnership between Mongolia and the Republic of Kazakhstan "
     "has not been signed, officials in Astana said, contradicting earlier reports.", "events.signed"),
])
def test_disagreements_are_flagged_with_both_sides(store, tmp_path, second, field):
    first = ("ULAANBAATAR, May 15, 2024 - The presidents of Mongolia and Kazakhstan signed the Treaty on Strategic "
             "Partnership between Mongolia and the Republic of Kazakhstan in Ulaanbaatar on 14 May 2024.")
    write(tmp_path / "in", {"first": first, "second": second})
    ingest(store, [str(tmp_path / "in")])
    flags = store.conflicts(party="MNG")
    flag = next(f for f in flags if f["field"] == field)
    sides = [sorted({s["article_id"] for s in v["supports"]}) for v in flag["values"]]
    assert sorted(sides) == [["first"], ["second"]]


def test_unsupported_defence_claim_is_flagged_not_coded(store, tmp_path):
    text = ("TASHKENT, June 3, 2024 - Uzbekistan and Turkmenistan signed a treaty on allied relations on Monday, "
            "an alliance that will jointly respond to armed attacks on either country, commentators said.\n\n"
            "The treaty states that \"if a threat to the security of one of the parties arises, the parties will "
            "hold consultations without delay to coordinate their positions.\"")
    write(tmp_path / "in", {"t": text})
    ingest(store, [str(tmp_path / "in")])
    [record] = store.query()[0]
    assert record["provisions"].get("consultation") is True and "defense" not in record["provisions"]
    [flag] = [c for c in record["conflicts"] if c["kind"] == "unsupported_claim"]
    assert flag["claim"] == "defense" and "jointly respond" in flag["quote"]
    assert flag["quoted_text_supports"] == ["consultation"]


def test_seeds_provenance(store):
    seeds = SHARED / "corpus" / "seeds" / "articles"
    if not seeds.is_dir():
        pytest.skip("the shared seeds are not present")
    ingest(store, [str(seeds)])
    groups = {g["story"]: [a["id"] for a in g["articles"]] for g in store.story_groups()}
    assert groups["s000"] == ["s000", "s001"]
    claims = [c for c in store.conflicts() if c["kind"] == "unsupported_claim"]
    assert sorted(c["article_id"] for c in claims) == ["s002", "s004"]
    for record in store.query()[0]:
        assert "defense" not in record["provisions"]
    kgz = next(r for r in store.query(party="KGZ")[0] if "s001" in r["articles"])
    assert max(c["quoted_by"] for c in kgz["quoted_clauses"]) >= 2
