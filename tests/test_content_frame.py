"""Cooperation areas count as an agreement's content only where a sentence states content.
Sentences written for these tests."""

from __future__ import annotations

from datetime import date

from treatywatch.records import Provision

PUBLISHED = date(2024, 6, 5)


def keys(facts):
    return {p.key for p in facts.provisions if p.value}


def test_talks_about_trade_at_a_signing_are_not_the_treaty_s_content(facts_of):
    facts = facts_of("Chile and Peru signed a fisheries treaty in Lima on Monday. The ministers also "
                     "discussed trade and economic cooperation and the fight against drug trafficking.",
                     published=PUBLISHED)
    assert keys(facts) == set()


def test_the_treaty_providing_for_cooperation_is_content(facts_of):
    facts = facts_of("Chile and Peru signed a fisheries treaty in Lima on Monday. The treaty provides for "
                     "joint investment projects and cooperation in the fight against drug trafficking.",
                     published=PUBLISHED)
    assert keys(facts) == {Provision.ECONOMIC_COOPERATION, Provision.SECURITY_COOPERATION}


def test_under_the_agreement_and_a_list_under_it(facts_of):
    facts = facts_of("Laos and Cambodia signed a security agreement on Monday.\n\nUnder the new security "
                     "agreement, the two countries will act together against:\n\nTerrorism;\n\n"
                     "Organised crime;", published=PUBLISHED)
    assert keys(facts) == {Provision.SECURITY_COOPERATION}


def test_a_participle_on_the_ratified_treaty_states_content(facts_of):
    facts = facts_of("The Senate of Chile ratified the treaty with Peru on Tuesday, strengthening defence "
                     "cooperation between the two armies.", published=PUBLISHED)
    assert keys(facts) == {Provision.MILITARY_COOPERATION}


def test_an_agreement_text_speaks_of_its_title_throughout(facts_of):
    clauses = "\n\n".join([
        "Joint Declaration on Strategic Partnership between the Republic of Chile and the Republic of Peru",
        "The Republic of Chile and the Republic of Peru, guided by the Charter of the United Nations, "
        "declare the following:",
        "1. The Parties will deepen political dialogue at all levels.",
        "2. The Parties will expand mutual trade and investment.",
        "3. The Parties will develop cooperation in the political, cultural, scientific, military and "
        "military-technical fields.",
        "4. The Parties will act together against terrorism and transnational organised crime.",
    ])
    facts = facts_of(clauses, published=PUBLISHED)
    title = next(a for a in facts.agreements if a.kind.value == "declaration")
    found = {p.key for p in facts.provisions if p.agreement_ref == title.ref}
    assert {Provision.ECONOMIC_COOPERATION, Provision.MILITARY_COOPERATION,
            Provision.SECURITY_COOPERATION} <= found
    assert all(p.agreement_ref == title.ref for p in facts.provisions)


LEAD = "Chile and Peru signed an extradition treaty in Lima on Monday. "
UNDER = "Under the treaty, each state will hand over people wanted for serious crimes. "
GOES_ON = "Officials said the two police forces would also act jointly against drug smuggling."


def test_a_sentence_that_goes_on_with_the_content_in_its_paragraph_is_content(facts_of):
    assert Provision.SECURITY_COOPERATION in keys(facts_of(LEAD + UNDER + GOES_ON, published=PUBLISHED))


def test_it_is_not_content_after_a_paragraph_break_or_without_content_before_it(facts_of):
    assert Provision.SECURITY_COOPERATION not in keys(facts_of(LEAD + UNDER + "\n\n" + GOES_ON, published=PUBLISHED))
    assert Provision.SECURITY_COOPERATION not in keys(facts_of(LEAD + GOES_ON, published=PUBLISHED))


def test_a_pact_binding_the_parties_states_content(facts_of):
    facts = facts_of("Chile and Peru signed a security pact in Lima on Monday, binding the two navies to work "
                     "together against the drug trade.", published=PUBLISHED)
    assert Provision.SECURITY_COOPERATION in keys(facts)


def test_an_agreement_said_not_to_settle_the_line_denies_border(facts_of):
    facts = facts_of("Chile and Peru signed a fisheries agreement on Monday. The fisheries agreement leaves the "
                     "question of the maritime border open.", published=PUBLISHED)
    assert [(p.key, p.value) for p in facts.provisions] == [(Provision.BORDER, False)]


def test_travel_without_border_checks_denies_nothing(facts_of):
    facts = facts_of("Chile and Peru signed a visa agreement on Monday. Under the agreement, citizens may "
                     "travel without border checks.", published=PUBLISHED)
    assert Provision.BORDER not in {p.key for p in facts.provisions}
