"""How a lifecycle step is read from the parse: laws signed, instruments exchanged, dates that
belong to a name, the actor versus the partners. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.records import EventKind

PUBLISHED = date(2024, 6, 5)  # a Wednesday


def kinds(facts):
    return sorted((e.kind.value, e.party or "", str(e.date) if e.date else "") for e in facts.events)


def test_a_participle_signing_inside_a_ratification_law_stays_a_signing(facts_of):
    facts = facts_of("Deputies backed the bill on ratification of the Agreement between Laos and Cambodia "
                     "on the state border, signed on 12 January 2024 in Vientiane.", published=PUBLISHED)
    signed = [e for e in facts.events if e.kind == EventKind.SIGNED]
    ratified = [e for e in facts.events if e.kind == EventKind.RATIFIED]
    assert [(str(e.date), e.place) for e in signed] == [("2024-01-12", "Vientiane")]
    assert all(e.date is None or str(e.date) != "2024-01-12" for e in ratified)


def test_exchanging_instruments_of_ratification_is_entry_into_force_only(facts_of):
    facts = facts_of("Greece and Egypt exchanged instruments of ratification of their maritime agreement "
                     "on Tuesday, bringing it into force.", published=PUBLISHED)
    assert [e.kind for e in facts.events] == [EventKind.IN_FORCE]
    assert str(facts.events[0].date) == "2024-06-04"


def test_a_year_in_the_name_is_not_the_date_of_the_step(facts_of):
    facts = facts_of("Seoul on Tuesday suspended the 2018 military agreement with Pyongyang in full.",
                     published=PUBLISHED)
    [event] = facts.events
    assert event.kind == EventKind.TERMINATED and str(event.date) == "2024-06-04"


def test_states_named_as_partners_are_not_the_actor(facts_of):
    facts = facts_of("The draft of an agreement on defence cooperation between Chile and Argentina was "
                     "published on Monday on the Chilean government's portal.", published=PUBLISHED)
    [event] = facts.events
    assert event.kind == EventKind.PROPOSED and event.party != "ARG"


def test_a_speaker_who_concludes_signs_nothing(facts_of):
    facts = facts_of("The border treaty between Laos and Cambodia was discussed at length. "
                     "\"We will keep working,\" the minister concluded.", published=PUBLISHED)
    assert [e for e in facts.events if e.kind == EventKind.SIGNED] == []


def test_these_documents_are_every_agreement_in_view(facts_of):
    facts = facts_of("Laos and Cambodia signed a border treaty and an agreement on shared fisheries in "
                     "Vientiane on 2 May.\n\nOn 20 May these documents were ratified by the National "
                     "Assembly of Laos.", published=PUBLISHED)
    ratified = {e.agreement_ref for e in facts.events if e.kind == EventKind.RATIFIED}
    assert len(facts.agreements) == 2 and ratified == {a.ref for a in facts.agreements}


def test_a_count_of_days_runs_from_the_last_day_written(facts_of):
    facts = facts_of("The fisheries treaty with Peru was approved by Chile's Senate on May 14, and the "
                     "Chamber of Deputies of Chile ratified it four days later.", published=PUBLISHED)
    assert sorted(str(e.date) for e in facts.events if e.kind == EventKind.RATIFIED) == \
        ["2024-05-14", "2024-05-18"]


def test_an_upcoming_day_is_not_the_day_of_the_order(facts_of):
    facts = facts_of("President Lula has ordered the signing of a defence pact with Uruguay at an "
                     "upcoming summit on Friday.", published=PUBLISHED)
    [event] = facts.events
    assert event.kind == EventKind.PROPOSED and event.party == "BRA" and str(event.date) == "2024-06-05"


def test_a_head_of_state_approving_the_agreement_is_his_state_s_step(facts_of):
    facts = facts_of("Parliament ratified the fisheries treaty with Peru last week. Chilean President Gabriel "
                     "Boric approved the document on Monday, his office said.", published=PUBLISHED)
    assert ("ratified", "CHL", "2024-06-03") in kinds(facts)


def test_did_the_same_is_the_last_step_taken_by_another_state(facts_of):
    facts = facts_of("On May 29, in Santiago, Chilean President Gabriel Boric signed into law the ratification "
                     "of the fisheries treaty with Peru. The next day, in Lima, Peruvian President Dina "
                     "Boluarte did the same.", published=PUBLISHED)
    assert ("ratified", "CHL", "2024-05-29") in kinds(facts)
    assert ("ratified", "PER", "2024-05-30") in kinds(facts)


def test_an_intention_to_sign_is_no_proposal(facts_of):
    facts = facts_of("Chile and Peru intend to sign a treaty on the maritime boundary next year.",
                     published=PUBLISHED)
    assert kinds(facts) == []


@pytest.mark.parametrize("text, expected", [
    pytest.param("Chilean President Gabriel Boric signed the fisheries treaty with Peru into law "
                 "on 3 June.",
                 [("ratified", "CHL", "2024-06-03")], id="signing_a_treaty_into_law_is_a_ratification"),
    pytest.param("On Monday President Vladimir Putin signed a law suspending Russia's participation "
                 "in the Treaty on Open Skies.",
                 [("terminated", "RUS", "2024-06-03")], id="law_suspending_treaty_terminates_on_day_signed"),
    pytest.param("Uruguay's Chamber of Representatives yesterday approved the fisheries agreement with "
                 "Argentina.",
                 [("ratified", "URY", "2024-06-04")], id="generic_chamber_ratifies"),
    pytest.param("On May 10, the Chilean parliamentary committee on foreign affairs supported a draft "
                 "agreement on the border with Peru.",
                 [("proposed", "CHL", "2024-05-10")], id="a_committee_supporting_a_draft_proposes_it"),
    pytest.param("On Monday the presidents of Chile and Peru agreed to conclude a treaty on the maritime "
                 "boundary before the end of the year.",
                 [("proposed", "", "2024-06-03")], id="agreeing_to_conclude_is_a_proposal"),
])
def test_the_step_read_from_one_sentence(facts_of, text, expected):
    assert kinds(facts_of(text, published=PUBLISHED)) == expected


def test_an_undated_article_keeps_the_day_it_writes_without_a_year(facts_of):
    facts = facts_of("Fiji and Tonga signed a maritime boundary treaty on 8 August in Suva.")
    [event] = facts.events
    assert event.kind == EventKind.SIGNED and event.date is None and event.yearless_day == "08-08"


def test_a_dated_article_resolves_the_day_itself(facts_of):
    facts = facts_of("Fiji and Tonga signed a maritime boundary treaty on 8 August in Suva.", published=PUBLISHED)
    [event] = facts.events
    assert str(event.date) == "2023-08-08" and event.yearless_day is None


def test_a_weekday_is_the_caption_s_day_when_they_agree(facts_of):
    facts = facts_of("Fiji and Tonga signed a maritime boundary treaty on Sunday in Suva.\n\n"
                     "The two prime ministers in Suva, Fiji, April 14, 2024.")
    [event] = facts.events
    assert str(event.date) == "2024-04-14"


def test_a_government_named_for_an_accord_is_no_agreement(facts_of):
    facts = facts_of("On 3 May Malta and the Government of National Accord of Libya signed a memorandum on "
                     "search and rescue at sea.", published=PUBLISHED)
    assert [a.title for a in facts.agreements if "National Accord" in a.title] == []
    [event] = facts.events
    assert event.kind == EventKind.SIGNED and str(event.date) == "2024-05-03"


def test_days_counted_from_a_day_without_a_year_are_two_steps(facts_of):
    facts = facts_of("Mongolia and Kazakhstan signed a border treaty in March. It was ratified by the lower "
                     "house of the Kazakh parliament on 14 May and approved by the upper house four days later.")
    ratified = sorted(e.yearless_day for e in facts.events if e.kind == EventKind.RATIFIED)
    assert ratified == ["05-14", "05-18"]


@pytest.mark.parametrize("text", [
    "Fiji and Tonga have agreed to a fisheries treaty, the Fijian prime minister announced.",
    "Fiji and Tonga agreed a treaty-level fisheries agreement, the Fijian prime minister said on Wednesday.",
])
def test_agreeing_an_agreement_is_a_joint_proposal(facts_of, text):
    [event] = facts_of(text, published=PUBLISHED).events
    assert (event.kind, event.party, str(event.date)) == (EventKind.PROPOSED, None, "2024-06-05")


def test_agreeing_on_the_need_for_an_agreement_is_no_step(facts_of):
    assert facts_of("Fiji and Tonga agreed on the need for a fisheries treaty.", published=PUBLISHED).events == []


def test_the_lead_s_news_is_the_dateline_s_day(facts_of):
    # published on the 6th where the outlet is, filed in Suva on the 5th
    facts = facts_of("SUVA, June 5 (Pacific Wire) - Fiji and Tonga signed a maritime boundary treaty, "
                     "ending two decades of talks.", published=date(2024, 6, 6))
    [event] = facts.events
    assert event.kind == EventKind.SIGNED and str(event.date) == "2024-06-05" and event.date_inferred


def test_a_state_that_did_the_same_the_next_day_takes_that_day_without_a_year(facts_of):
    facts = facts_of("Chile and Peru signed a fisheries treaty in May. On 29 November, Chilean President Gabriel "
                     "Boric signed into law the ratification of the treaty. The next day, Peruvian President "
                     "Dina Boluarte did the same.")
    ratified = sorted((e.party, e.yearless_day) for e in facts.events if e.kind == EventKind.RATIFIED)
    assert ratified == [("CHL", "11-29"), ("PER", "11-30")]


def test_the_year_of_another_event_is_not_the_signing_s(facts_of):
    facts = facts_of("Officials recalled on Monday that the water treaty between Nepal and India, signed after "
                     "the 1990 floods, still governs the shared rivers.", published=PUBLISHED)
    assert all(str(e.date) != "1990" for e in facts.events)


def test_a_participle_signing_of_a_description_with_a_year_is_in_that_year(facts_of):
    facts = facts_of("The minister said the new treaty builds on the 2004 fisheries agreement signed by the then "
                     "presidents of Peru and Chile.", published=PUBLISHED)
    assert [(e.kind, str(e.date)) for e in facts.events if e.kind == EventKind.SIGNED] == [(EventKind.SIGNED, "2004")]


def test_an_undated_proposal_of_a_signed_agreement_is_no_step_of_its_own(facts_of):
    text = ("Peru and Chile signed a fisheries treaty in Lima on Monday, ending a long quarrel over the "
            "southern fishing grounds.\n\nFishing unions in both countries welcomed the news and called for "
            "quick work on the quotas that the two coast guards will enforce.\n\n"
            "The treaty was finalized after years of talks.\n\n"
            "The treaty had been initialled by both delegations on 12 March.")
    assert kinds(facts_of(text, published=PUBLISHED)) == [("proposed", "", "2024-03-12"),
                                                          ("signed", "", "2024-06-03")]


def test_what_the_text_provides_about_entry_into_force_is_no_step(facts_of):
    text = ("The parliament of Ghana ratified the border treaty with Togo on Tuesday, ending a long "
            "quarrel over the villages along the northern stretch of the line.\n\n"
            "Farmers in the border districts welcomed the vote and asked both capitals to open new "
            "crossing points for the markets on each side.\n\n"
            "The treaty comes into force on the date of the exchange of the instruments of ratification.")
    assert [e for e in facts_of(text, published=PUBLISHED).events if e.kind == EventKind.IN_FORCE] == []


def test_a_treaty_entering_into_force_today_is_the_day_s_step(facts_of):
    facts = facts_of("Today, 5 June 2024, the border treaty between Ghana and Togo officially enters into force.",
                     published=PUBLISHED)
    assert [(e.kind, str(e.date)) for e in facts.events] == [(EventKind.IN_FORCE, "2024-06-05")]


def test_talks_that_ended_are_the_negotiation_of_the_agreement_in_focus(facts_of):
    facts = facts_of("Peru and Chile signed the Fisheries Agreement (FA) in Lima on Monday. "
                     "Talks over the FA had concluded in March.", published=PUBLISHED)
    assert kinds(facts) == [("proposed", "", "2024-03"), ("signed", "", "2024-06-03")]



def test_two_memoranda_announced_as_signed_are_every_memorandum_in_view(facts_of):
    text = ("The memorandum between Ghana and Togo on fisheries is fair to both fleets, a Ghanaian "
            "minister said on Monday.\n\n"
            "\"The memorandum between Ghana and Togo on customs will help our traders,\" a Togolese "
            "official said at a briefing in Lome.\n\n"
            "The Ghanaian foreign ministry announced on Monday that Ghana and Togo have signed the two "
            "memoranda.")
    facts = facts_of(text, published=PUBLISHED)
    signed = {(e.agreement_ref, str(e.date)) for e in facts.events if e.kind == EventKind.SIGNED}
    assert len(facts.agreements) == 2 and signed == {(a.ref, "2024-06-03") for a in facts.agreements}


def test_announcing_that_a_treaty_has_been_signed_reports_the_signing(facts_of):
    facts = facts_of("The Chilean foreign ministry announced on Monday that the two neighbours have signed a "
                     "treaty on the Silala river.", published=PUBLISHED)
    assert kinds(facts) == [("signed", "", "2024-06-03")]


def test_a_participle_on_other_indefinite_agreements_is_not_the_focus_s_step(facts_of):
    text = ("Ghana and Togo signed a border treaty in Accra on Monday, ending years of dispute over "
            "the northern villages.\n\n"
            "Officials said the talks drew on technical agreements signed by the two interior ministers "
            "in March.")
    assert kinds(facts_of(text, published=PUBLISHED)) == [("signed", "", "2024-06-03")]


def test_a_definite_agreement_word_outside_any_mention_is_the_article_s_only_agreement(facts_of):
    text = ("The Norwegian parliament on Tuesday approved the herring deal that Oslo struck with "
            "Iceland.\n\n"
            "The agreement, which sets the quotas for herring in the shared waters, received 120 votes "
            "in favour.")
    assert ("ratified", "NOR", "2024-06-04") in kinds(facts_of(text, published=PUBLISHED))


def test_a_step_said_to_have_been_taken_last_month_is_reported_as_done(facts_of):
    facts = facts_of("The water pact between Chile and Bolivia is said to have been initialled last month, "
                     "officials in La Paz told reporters.", published=PUBLISHED)
    assert kinds(facts) == [("proposed", "", "2024-05")]


def test_a_mediator_that_brokered_the_agreement_reports_its_conclusion(facts_of):
    facts = facts_of("Qatar brokered a border agreement between Chad and Sudan in Doha on 12 March 2024, "
                     "officials said.", published=PUBLISHED)
    assert kinds(facts) == [("signed", "", "2024-03-12")]


def test_a_step_told_after_a_summit_takes_the_day_the_next_sentence_gives_it(facts_of):
    text = ("Ghana and Togo adopted the Kpalime Declaration on the Volta basin after a summit of the two "
            "presidents.\n\n"
            "On Tuesday 4 June 2024, the two presidents met in Kpalime to discuss the shared river basin "
            "and its fisheries.")
    assert kinds(facts_of(text, published=date(2024, 6, 6))) == [("signed", "", "2024-06-04")]


def test_a_joint_initialling_dated_by_the_report_is_the_signing_the_article_tells(facts_of):
    text = ("Ghana and Togo initialled a joint declaration on the Volta basin in Accra, the Ghanaian "
            "foreign minister has said.\n\n"
            "Farmers along the river welcomed the news and asked both capitals for quick work on the "
            "shared dams and on the fishing rules.\n\n"
            "The two presidents signed the joint declaration, which sets out a framework for the basin.")
    assert kinds(facts_of(text, published=PUBLISHED)) == [("signed", "", "2024-06-05")]


def _signed(facts):
    titles = {a.ref: a.title for a in facts.agreements}
    return sorted((titles.get(e.agreement_ref, "?"), str(e.date) if e.date else "")
                  for e in facts.events if e.kind == EventKind.SIGNED)


def test_the_verbs_subject_is_signed_not_the_accord_in_its_relative_clause(facts_of):
    facts = facts_of("Chile and Peru signed the Pacific Fisheries Treaty. The Pacific Fisheries Treaty, which "
                     "replaced the 1990 maritime accord between the two states, was signed in Lima on Monday "
                     "by the two foreign ministers.", published=PUBLISHED)
    assert ("Pacific Fisheries Treaty", "2024-06-03") in _signed(facts)
    assert all("accord" not in title for title, _ in _signed(facts))


def test_a_participle_right_after_a_name_is_that_agreements_step(facts_of):
    # "signed" follows the Treaty of Valparaiso, whatever word the parse hangs it on
    facts = facts_of("Chile and Peru signed a new fisheries treaty on Monday in Lima. The ministers praised the "
                     "Treaty of Valparaiso signed in 1961 and revised in 2003 with the Treaty of Arica.",
                     published=PUBLISHED)
    assert ("Treaty of Valparaiso", "1961") in _signed(facts)
    assert all(title != "Treaty of Arica" for title, _ in _signed(facts))


def test_an_agreement_another_is_likened_to_is_no_record_of_the_article(facts_of):
    # its signing year is its own, but its parties are not the article's: it stays in passing
    facts = facts_of("Chile and Peru signed a new fisheries treaty on Monday in Lima. The new treaty is the "
                     "Pacific counterpart of the Treaty of Valparaiso signed in 1961.", published=PUBLISHED)
    assert [a.title for a in facts.agreements] == ["New fisheries treaty"]
    assert _signed(facts) == [("New fisheries treaty", "2024-06-03")]


def test_a_step_in_a_relative_clause_on_the_superseded_agreement_is_not_the_successors(facts_of):
    # the article's clusters join the new treaty and the agreement it supersedes: the 1999 step goes to neither
    facts = facts_of("Chile and Peru signed a new fisheries treaty on Monday in Lima. The new treaty supersedes "
                     "the Chile-Peru Fisheries Agreement, which both legislatures had ratified in 1999.",
                     published=PUBLISHED)
    assert kinds(facts) == [("signed", "", "2024-06-03")]


def test_the_first_signing_of_a_renewed_framework_is_not_the_renewed_ones(facts_of):
    renewed = facts_of("Chile and Peru agreed on Monday to renew the Andean Fisheries Framework. First signed "
                       "in 1994 and renewed every ten years since, the framework is up for renewal again this "
                       "year.", published=PUBLISHED)
    assert all(e.kind != EventKind.SIGNED for e in renewed.events)
    kept = facts_of("The Andean Fisheries Treaty, first signed in 1994 in Lima, entered into force in 1996.",
                    published=PUBLISHED)
    assert ("signed", "", "1994") in kinds(kept)


def test_a_step_of_the_first_one_or_the_previous_one_is_another_agreements(facts_of):
    facts = facts_of("Chile and Peru say the 2022 fisheries agreement takes over from an older text: the "
                     "previous one was concluded in 1998 and ratified in 2000.", published=PUBLISHED)
    assert facts.events == []
    facts = facts_of("Chile and Peru signed the first fisheries agreement in 1998.", published=PUBLISHED)
    assert kinds(facts) == [("signed", "", "1998")]


def test_concluded_talks_are_the_negotiated_agreements_not_a_convention_a_clause_below_names(facts_of):
    facts = facts_of("Chile and Peru will sign a maritime border agreement next month. In March, the two sides "
                     "concluded their talks on fixing the line based on the principles set out in the 1958 "
                     "Geneva Convention on the Continental Shelf. The border agreement will then go to both "
                     "parliaments.", published=PUBLISHED)
    titles = {a.ref: a.title for a in facts.agreements}
    proposed = [(titles[e.agreement_ref], str(e.date)) for e in facts.events if e.kind == EventKind.PROPOSED]
    assert proposed == [("Maritime border agreement", "2024-03")]
    # the talks' own object is still theirs: "negotiations on finalising the text of the agreement"
    facts = facts_of("Chile and Peru have concluded negotiations on finalising the text of the maritime border "
                     "agreement.", published=PUBLISHED)
    assert kinds(facts) == [("proposed", "", "2024-06-05")]


def test_an_entry_into_force_under_a_condition_is_what_the_text_provides(facts_of):
    # in the lead as much as further down: "takes effect N days after ..." is no step taken
    facts = facts_of("Chile and Peru signed an extradition treaty in Lima on Monday. It takes effect thirty days "
                     "after the two sides notify each other that their procedures are complete.",
                     published=PUBLISHED)
    assert kinds(facts) == [("signed", "", "2024-06-03")]
    dated = facts_of("Chile and Peru signed an extradition treaty in Lima in March. It takes effect on Monday, "
                     "after both parliaments approved it.", published=PUBLISHED)
    assert ("in_force", "", "2024-06-03") in kinds(dated)
