"""Agreements the extractor must not miss, and words it must not take for one: kind nouns beyond the treaty
family ('arrangement', 'code of conduct'), an organisation as a side, items of an enumeration signed
together, a withdrawal reported in the past progressive; a predicative description and a clause about
something else are no agreement of their own."""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.records import AgreementKind, EventKind


def test_an_arrangement_that_says_what_it_is_about_is_an_agreement(facts_of):
    text = ("Fiji intends to sign a fisheries enforcement arrangement with Australia, the foreign ministry in Suva "
            "said on Monday. The arrangement would let patrol boats of both countries board vessels fishing "
            "illegally.")
    [agreement] = facts_of(text, published=date(2025, 4, 8)).agreements
    assert agreement.kind == AgreementKind.AGREEMENT
    assert agreement.parties == ("AUS", "FJI")


@pytest.mark.parametrize("sentence", [
    "Chile and Peru discussed the arrangements for next year's summit in Lima on Monday.",
    "Chile and Peru praised a groundbreaking arrangement in Lima on Monday.",
])
def test_an_arrangement_that_names_no_subject_is_no_agreement(facts_of, sentence):
    assert facts_of(sentence, published=date(2025, 4, 8)).agreements == []


def test_a_code_of_conduct_is_an_agreement_and_an_organisation_listed_beside_a_state_is_a_side(facts_of):
    text = ("Negotiations between the African Union and Morocco on a code of conduct for migration patrols "
            "resumed on Tuesday, diplomats said. Both sides want the code finished by the end of the year.")
    [agreement] = facts_of(text, published=date(2025, 9, 10)).agreements
    assert agreement.kind == AgreementKind.OTHER
    assert agreement.parties == ("AU", "MAR")


def test_a_criminal_code_is_no_agreement(facts_of):
    text = "Chile and Peru each amended their criminal code in 2024 to punish illegal fishing."
    assert facts_of(text, published=date(2025, 9, 10)).agreements == []


def test_a_description_said_of_the_agreement_in_focus_is_no_agreement_of_its_own(facts_of):
    text = ("Uruguay and Paraguay signed a treaty on river navigation in Asuncion on 3 March 2025. "
            "The two presidents described it as the first treaty of its kind in the region. "
            "The treaty must still be approved by both parliaments.")
    facts = facts_of(text, published=date(2025, 3, 4))
    assert [m.title for m in facts.agreements] == ["Treaty on river navigation"]
    assert [str(e.date) for e in facts.events if e.kind == EventKind.SIGNED] == ["2025-03-03"]


def test_a_phrase_about_a_noun_that_holds_the_agreement_is_not_its_name(facts_of):
    text = ("Kenya and Tanzania signed a treaty on mutual legal assistance in Nairobi on 2 May 2025. "
            "Officials said the first request under the treaty, concerning a lorry driver wanted for smuggling, "
            "would be sent to Dodoma next week. Lawyers expect the treaty to be tested in court.")
    facts = facts_of(text, published=date(2025, 5, 3))
    assert [m.title for m in facts.agreements] == ["Treaty on mutual legal assistance"]


def test_a_withdrawal_a_report_tells_in_the_past_progressive_happened(facts_of):
    text = ("Paraguay announced in February that it was withdrawing from the Treaty on River Navigation "
            "with Uruguay, a government spokesman said.")
    facts = facts_of(text, published=date(2025, 3, 20))
    assert [(e.kind, str(e.date)) for e in facts.events] == [(EventKind.TERMINATED, "2025-02")]


def test_a_withdrawal_only_considered_did_not_happen(facts_of):
    text = ("Paraguay said in February that it was considering withdrawing from the Treaty on River Navigation "
            "with Uruguay.")
    facts = facts_of(text, published=date(2025, 3, 20))
    assert not any(e.kind == EventKind.TERMINATED for e in facts.events)


def test_two_agreements_signed_together_and_enumerated_are_two_agreements(facts_of):
    text = ("Kenya and Tanzania on Monday signed two agreements in Arusha: one on the management of the lake "
            "fisheries and a separate accord on customs clearance, officials said. "
            "The fisheries agreement sets catch limits for the fleets of both countries.")
    facts = facts_of(text, published=date(2025, 6, 10))
    titles = sorted(m.title for m in facts.agreements)
    assert len(titles) == 2 and any("fisheries" in t for t in titles) and any("customs" in t for t in titles)
    signed = {e.agreement_ref for e in facts.events if e.kind == EventKind.SIGNED and str(e.date) == "2025-06-09"}
    assert signed == {m.ref for m in facts.agreements}
    assert all(m.parties == ("KEN", "TZA") for m in facts.agreements)


COUNTED = ("Two memoranda of understanding between the Kenyan Navy and the Tanzanian Navy were signed in Mombasa on "
           "4 March 2025. The first memorandum covers search and rescue off the shared coast. The second sets out "
           "joint training of the two navies' divers. Both documents take effect at once.")


def test_the_instruments_of_a_counted_plural_taken_up_by_ordinals_are_agreements_of_their_own(facts_of):
    facts = facts_of(COUNTED, published=date(2025, 3, 5))
    assert len(facts.agreements) == 2
    assert all(m.kind == AgreementKind.MEMORANDUM and m.parties == ("KEN", "TZA") for m in facts.agreements)
    assert any("rescue" in m.subject.split() for m in facts.agreements)
    assert any("diver" in m.subject.split() for m in facts.agreements)
    signed = {e.agreement_ref for e in facts.events if e.kind == EventKind.SIGNED and str(e.date) == "2025-03-04"}
    assert signed == {m.ref for m in facts.agreements}


def test_a_counted_plural_without_ordinals_names_no_agreement_of_each(facts_of):
    text = ("Two memoranda of understanding between the Kenyan Navy and the Tanzanian Navy were signed in Mombasa on "
            "4 March 2025. The first round of talks on a third one begins in May.")
    assert len(facts_of(text, published=date(2025, 3, 5)).agreements) <= 1


def test_the_instruments_of_a_counted_plural_stay_two_records(tmp_path):
    from conftest import ingested_store

    store = ingested_store(tmp_path, {"a": COUNTED})
    records, _ = store.query()
    store.close()
    assert len(records) == 2 and all(r["parties"] == ["KEN", "TZA"] for r in records)
