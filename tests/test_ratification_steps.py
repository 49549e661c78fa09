"""Each kind of step of a ratification chain, and the stages before and after it, read from
sentences written for these tests (other states, invented agreements). One row: the text, and
the steps it reports as (kind, party, date)."""

from __future__ import annotations

from datetime import date

import pytest

PUBLISHED = date(2024, 6, 5)  # a Wednesday


def steps(facts):
    return sorted((e.kind.value, e.party or "", str(e.date) if e.date else "") for e in facts.events)


def bodies(facts):
    return sorted((e.party or "", e.body or "") for e in facts.events if e.kind.value == "ratified")


CHAIN = [
    pytest.param("Chile's Senate on Tuesday approved the fisheries treaty with Peru, after the Chamber of "
                 "Deputies passed it on 28 May.",
                 [("ratified", "CHL", "2024-05-28"), ("ratified", "CHL", "2024-06-04")], id="earlier_chamber_after"),
    pytest.param("The fisheries treaty between Chile and Peru will enter into force after both parliaments "
                 "ratify it.", [], id="condition_after"),
    pytest.param("Chile's Chamber of Deputies on Tuesday approved the fisheries treaty with Peru.",
                 [("ratified", "CHL", "2024-06-04")], id="lower_house_vote"),
    pytest.param("The Senate of Chile ratified the fisheries treaty with Peru on 28 May.",
                 [("ratified", "CHL", "2024-05-28")], id="upper_house_vote"),
    pytest.param("Ghana's Parliament voted on Monday to ratify the energy agreement with Togo.",
                 [("ratified", "GHA", "2024-06-03")], id="unicameral_parliament"),
    pytest.param("Mali's National Transitional Council ratified the defence pact with Niger on 30 May.",
                 [("ratified", "MLI", "2024-05-30")], id="transitional_council"),
    pytest.param("Chilean President Gabriel Boric signed the law ratifying the fisheries treaty with Peru on 2 June.",
                 [("ratified", "CHL", "2024-06-02")], id="president_signs_the_law"),
    pytest.param("The Thai Senate ratified the river treaty with Laos on 20 May, and King Vajiralongkorn "
                 "signed the ratification act three days later.",
                 [("ratified", "THA", "2024-05-20"), ("ratified", "THA", "2024-05-23")],
                 id="monarch_signs_after_the_vote"),
    pytest.param("The law ratifying the fisheries treaty with Peru was published in Chile's official gazette "
                 "on 3 June.", [("ratified", "CHL", "2024-06-03")], id="published_in_the_official_gazette"),
    pytest.param("On 1 June, Kenya completed its domestic procedures for the trade agreement with Uganda.",
                 [("ratified", "KEN", "2024-06-01")], id="domestic_procedures_completed"),
    pytest.param("The Vanuatu Parliament ratified the policing treaty with Fiji on 14 May. Fiji completed "
                 "its own ratification procedures on 21 May.",
                 [("ratified", "FJI", "2024-05-21"), ("ratified", "VUT", "2024-05-14")],
                 id="the_other_party_s_own_procedure"),
    pytest.param("Tonga and Samoa exchanged instruments of ratification of their fisheries treaty on 3 June.",
                 [("in_force", "", "2024-06-03")], id="exchange_of_instruments"),
    pytest.param("The fisheries treaty between Tonga and Samoa entered into force on 1 May.",
                 [("in_force", "", "2024-05-01")], id="entry_into_force_on_a_date"),
    pytest.param("Tonga and Samoa exchanged notes on 20 March, and the fisheries treaty between them entered "
                 "into force on the first day of the month following the exchange.",
                 [("in_force", "", "2024-04-01")], id="first_day_of_the_month_after"),
    pytest.param("Tonga and Samoa exchanged the last notes on 2 May; the fisheries treaty between them "
                 "entered into force 30 days after that exchange.",
                 [("in_force", "", "2024-06-01")], id="thirty_days_after"),
    pytest.param("The river treaty between Laos and Thailand, signed on 2 February, entered into force upon "
                 "signature.",
                 [("in_force", "", "2024-02-02"), ("signed", "", "2024-02-02")], id="in_force_upon_signature"),
    pytest.param("Ghana's Parliament had already voted to approve the energy agreement with Togo on 21.5.2024, "
                 "with 180 members in favour.",
                 [("ratified", "GHA", "2024-05-21")], id="vote_dated_in_its_infinitive"),
    pytest.param("Ghana's Parliament ratified the energy treaty on 21.5.2024, with 180 members in favour.",
                 [("ratified", "GHA", "2024-05-21")], id="date_after_on_ends_the_mention"),
    pytest.param("The water treaty between Namibia and Botswana was signed in January and ratified over the "
                 "spring by both parliaments, the ministry said.",
                 [("ratified", "", ""), ("signed", "", "2024-01")], id="ratified_after_a_dated_signing_not_today"),
    pytest.param("Ghana and Togo signed an energy agreement in March. Ghana's Parliament gave its approval on "
                 "28 May.", [("ratified", "GHA", "2024-05-28"), ("signed", "", "2024-03")],
                 id="a_chamber_gave_its_approval"),
    pytest.param("Ghana and Togo will sign an energy agreement next week. The cabinet gave its approval to "
                 "the signing on Monday.", [("proposed", "", "2024-06-03")], id="approval_of_the_signing_is_no_ratification"),
]


@pytest.mark.parametrize("text, expected", CHAIN)
def test_each_step_of_a_ratification_chain(facts_of, text, expected):
    assert steps(facts_of(text, published=PUBLISHED)) == expected


def test_a_chamber_s_step_names_its_body(facts_of):
    facts = facts_of("Chile's Chamber of Deputies on Tuesday approved the fisheries treaty with Peru.",
                     published=PUBLISHED)
    assert bodies(facts) == [("CHL", "Chamber of Deputies")]


def test_a_minister_signing_the_instrument_on_behalf_of_a_state_is_that_state_s_step(facts_of):
    facts = facts_of("The Solomon Islands and Fiji signed a policing treaty in 2019. On 21 May the foreign "
                     "minister signed the instrument of ratification on behalf of the Government of Fiji.",
                     published=PUBLISHED)
    assert ("ratified", "FJI", "2024-05-21") in steps(facts)


STAGES = [
    pytest.param("Delegations of Bolivia and Paraguay initialled the text of the water-sharing agreement on "
                 "Monday.", [("proposed", "", "2024-06-03")], id="initialled"),
    pytest.param("Bolivia and Paraguay have concluded negotiations on the text of the water-sharing "
                 "agreement, their foreign ministers said on Monday.", [("proposed", "", "2024-06-03")],
                 id="negotiations_concluded"),
    pytest.param("Negotiators agreed on the text of the water-sharing agreement between Bolivia and Paraguay "
                 "on 29 May.", [("proposed", "", "2024-05-29")], id="text_agreed"),
    pytest.param("On Tuesday the Bolivian cabinet approved the signing of the water-sharing agreement with "
                 "Paraguay.", [("proposed", "BOL", "2024-06-04")], id="approved_for_signing"),
    pytest.param("Paraguay's government on Monday gave the green light to the signing of the water-sharing "
                 "agreement with Bolivia.", [("proposed", "PRY", "2024-06-03")], id="green_light"),
    pytest.param("The water-sharing agreement between Bolivia and Paraguay was initialled rather than signed "
                 "on Monday.", [("proposed", "", "2024-06-03")], id="initialled_rather_than_signed"),
    pytest.param("Bolivia and Paraguay will sign the water-sharing agreement on Friday.\n\nPhoto: the signing "
                 "of the water-sharing agreement between Bolivia and Paraguay.", [],
                 id="a_caption_s_signing_is_no_signing"),
    pytest.param("The signing of the water-sharing agreement between Bolivia and Paraguay is scheduled for "
                 "20 June.", [], id="a_scheduled_signing"),
    pytest.param("The proposed water-sharing agreement between Bolivia and Paraguay will be examined by a "
                 "committee of the Senate before a vote.", [], id="the_proposed_agreement_is_a_description"),
]


@pytest.mark.parametrize("text, expected", STAGES)
def test_stages_before_the_signing_are_proposals_or_nothing(facts_of, text, expected):
    assert steps(facts_of(text, published=PUBLISHED)) == expected


ENDS = [
    pytest.param("Ecuador on Monday suspended the air services agreement with Peru.",
                 [("terminated", "ECU", "2024-06-03")], id="suspended"),
    pytest.param("Senegal's government decided on Tuesday to hold the fisheries agreement with Gambia in "
                 "abeyance.", [("terminated", "SEN", "2024-06-04")], id="held_in_abeyance"),
    pytest.param("Nicaragua denounced the extradition treaty with Costa Rica on 30 May.",
                 [("terminated", "NIC", "2024-05-30")], id="denounced"),
    pytest.param("Burkina Faso withdrew from the security pact with Mali on Monday.",
                 [("terminated", "BFA", "2024-06-03")], id="withdrew"),
    pytest.param("On Tuesday Niger froze its participation in the defence pact with Chad.",
                 [("terminated", "NER", "2024-06-04")], id="froze_its_participation"),
    pytest.param("Chad threatened on Monday to withdraw from the defence pact with Niger.", [],
                 id="a_threat_to_withdraw"),
    pytest.param("Togo's fisheries ministry says it has suspended the fishing agreement with Benin with "
                 "immediate effect.", [("terminated", "TGO", "2024-06-05")], id="a_ministry_says_it_suspended"),
    pytest.param("Opposition lawmakers in Chad denounced the defence pact with Niger as a sell-out.", [],
                 id="denounced_as_criticism"),
    pytest.param("Niger and Chad renounced the use of force under the defence pact signed last year.", [],
                 id="renouncing_force_ends_nothing"),
]


@pytest.mark.parametrize("text, expected", ENDS)
def test_a_party_s_end_of_an_agreement(facts_of, text, expected):
    found = [s for s in steps(facts_of(text, published=PUBLISHED)) if s[0] == "terminated"]
    assert found == expected


OWNED = [
    pytest.param("In a statement on Friday, the ministry welcomed the signing of the air services agreement "
                 "between Ecuador and Peru.", [], id="a_date_of_another_clause"),
    pytest.param("Ecuador and Peru signed the air services agreement, the two foreign ministries announced on "
                 "Monday.", [("signed", "", "2024-06-03")], id="a_step_told_by_the_day_s_report"),
    pytest.param("A committee of Ecuador's National Assembly on 2 June backed the ratification of the air "
                 "services agreement with Peru.", [], id="a_committee_recommends"),
    pytest.param("The air services agreement between Ecuador and Peru, signed in Quito on 12 March, was "
                 "ratified by the National Assembly of Ecuador on 30 May.",
                 [("ratified", "ECU", "2024-05-30"), ("signed", "", "2024-03-12")],
                 id="each_step_its_own_date"),
    pytest.param("Peru's Congress voted against the air services agreement with Ecuador on Tuesday.", [],
                 id="a_vote_against"),
]


@pytest.mark.parametrize("text, expected", OWNED)
def test_a_step_owns_only_the_dates_of_its_clause(facts_of, text, expected):
    assert steps(facts_of(text, published=PUBLISHED)) == expected


def test_an_approval_of_a_treaty_yet_to_be_signed_is_a_proposal(facts_of):
    facts = facts_of("The border treaty between Ghana and Togo was approved on Tuesday by the Ghanaian "
                     "president and the Togolese president, although it will not be signed until March.", published=PUBLISHED)
    assert steps(facts) == [("proposed", "", "2024-06-04")]


def test_an_approval_of_a_signed_treaty_stays_a_ratification(facts_of):
    facts = facts_of("The border treaty between Ghana and Togo, signed in Accra on 2 April, was approved on "
                     "Tuesday by the National Assembly of Ghana.", published=PUBLISHED)
    assert ("ratified", "GHA", "2024-06-04") in steps(facts)


def test_a_step_just_taken_is_the_day_s_news_anywhere_in_the_article(facts_of):
    text = ("Fishing crews on both sides of the lake have waited many years for a settled line between "
            "the two countries, local officials said.\n\n"
            "Several rounds of talks stalled over the islands in the northern part of the lake during the "
            "last decade, diplomats recall.\n\n"
            "Ghana and Togo have just concluded negotiations over a border treaty, the two "
            "foreign ministers told reporters.")
    assert steps(facts_of(text, published=PUBLISHED)) == [("proposed", "", "2024-06-05")]


def test_a_measure_of_the_capital_s_government_is_that_state_s_step(facts_of):
    facts = facts_of("In response to Nairobi's latest decisions, including suspending the fisheries agreement with "
                     "Uganda, the Ugandan government recalled its ambassador.", published=PUBLISHED)
    assert [(e.kind.value, e.party) for e in facts.events] == [("terminated", "KEN")]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Fiji's president on Monday signed the law ratifying the fisheries agreement with Tonga. "
                 "Parliament approved the text on 28 May.", ("ratified", "", "2024-05-28"), id="the_text"),
])
def test_the_text_is_the_agreement_in_focus(facts_of, text, expected):
    assert expected in steps(facts_of(text, published=PUBLISHED))


def test_the_text_of_something_else_is_not_the_agreement(facts_of):
    facts = facts_of("Fiji's president on Monday signed the law ratifying the fisheries agreement with Tonga. "
                     "Parliament approved the text of the budget on 28 May.", published=PUBLISHED)
    assert all(str(e.date) != "2024-05-28" for e in facts.events)
