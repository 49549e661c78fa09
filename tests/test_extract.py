"""Extraction on short articles written for these tests: the hard cases of the pipeline issue."""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.records import EventKind, Provision


def events_of(facts, kind=None):
    return [e for e in facts.events if kind is None or e.kind == kind]


def agreement_of(facts, ref):
    return next(a for a in facts.agreements if a.ref == ref)


@pytest.mark.parametrize("text", [
    "Georgia and Armenia intend to sign a border treaty next year, their foreign ministers said.",
    "The presidents of Mongolia and Kazakhstan will sign the Treaty on Strategic Partnership on Friday.",
    "Officials said it is not yet known when the security agreement between Laos and Vietnam can be signed.",
    "Peru and Chile are expected to sign the fisheries agreement at the summit.",
    "Talks on the friendship treaty between Serbia and Hungary continue in Belgrade.",
])
def test_intentions_are_not_signings(facts_of, text):
    facts = facts_of(text, published=date(2024, 3, 6))
    assert events_of(facts, EventKind.SIGNED) == []


def test_published_draft_is_a_proposal(facts_of):
    facts = facts_of("A draft agreement between Kazakhstan and Mongolia on allied relations was published "
                     "on the government's legal portal on March 2.", published=date(2024, 3, 6))
    [event] = events_of(facts)
    assert event.kind == EventKind.PROPOSED and str(event.date) == "2024-03-02"
    assert agreement_of(facts, event.agreement_ref).parties == ("KAZ", "MNG")


def test_passive_signing_with_place_and_parties(facts_of):
    facts = facts_of("The Treaty on Good-Neighbourliness between Laos and Cambodia was signed in Vientiane "
                     "on 12 January 2024, officials said.", published=date(2024, 1, 13))
    [event] = events_of(facts, EventKind.SIGNED)
    assert (str(event.date), event.place) == ("2024-01-12", "Vientiane")
    agreement = agreement_of(facts, event.agreement_ref)
    assert agreement.parties == ("KHM", "LAO") and agreement.kind.value == "treaty"
    assert event.evidence.quote.startswith("The Treaty on Good-Neighbourliness")


@pytest.mark.parametrize("phrase, expected", [
    ("on Monday", "2024-03-04"),
    ("yesterday", "2024-03-05"),
    ("on February 28", "2024-02-28"),
])
def test_relative_dates_resolve_against_publication(facts_of, phrase, expected):
    facts = facts_of(f"Mongolia and Japan signed a memorandum on defence cooperation {phrase} in Tokyo.",
                     published=date(2024, 3, 6))
    [event] = events_of(facts, EventKind.SIGNED)
    assert str(event.date) == expected


def test_unresolvable_date_stays_unknown(facts_of):
    facts = facts_of("Mongolia and Japan signed a memorandum on defence cooperation on Monday in Tokyo.")
    [event] = events_of(facts, EventKind.SIGNED)
    assert event.date is None


def test_ratification_by_a_chamber_names_party_and_body(facts_of):
    facts = facts_of("The State Duma ratified the treaty on comprehensive strategic partnership with "
                     "North Korea on October 24.", published=date(2024, 10, 25))
    [event] = events_of(facts, EventKind.RATIFIED)
    assert (event.party, event.body, str(event.date)) == ("RUS", "State Duma", "2024-10-24")


def test_date_of_the_signing_is_not_the_ratification_date(facts_of):
    facts = facts_of("Kenya's Senate on April 25 ratified the allied relations treaty with Malawi, "
                     "the document signed in Lilongwe on December 22, 2022.", published=date(2024, 4, 26))
    ratified = events_of(facts, EventKind.RATIFIED)
    assert [(e.party, str(e.date)) for e in ratified] == [("KEN", "2024-04-25")]


def test_two_agreements_in_one_article_keep_their_provisions(facts_of):
    text = ("The presidents of Bolivia and Paraguay signed a treaty on allied relations and an agreement "
            "on the demarcation of the state border in La Paz on December 22, 2022.\n\n"
            "Under the border agreement, 1,300 border markers were installed along the demarcated line.\n\n"
            "The alliance treaty obliges the parties not to join any blocs or alliances directed against each other.")
    facts = facts_of(text, published=date(2022, 12, 23))
    assert len(facts.agreements) == 2
    by_subject = {a.subject: a.ref for a in facts.agreements}
    border = next(ref for subject, ref in by_subject.items() if "border" in subject)
    alliance = next(ref for subject, ref in by_subject.items() if "allied" in subject)
    signed = {e.agreement_ref for e in events_of(facts, EventKind.SIGNED) if str(e.date) == "2022-12-22"}
    assert signed == {border, alliance}
    provisions = {(p.agreement_ref, p.key) for p in facts.provisions}
    assert (border, Provision.BORDER) in provisions
    assert (alliance, Provision.NO_HOSTILE_ALLIANCES) in provisions
    assert (border, Provision.NO_HOSTILE_ALLIANCES) not in provisions


def test_background_agreement_carries_its_own_date(facts_of):
    text = ("Guided by the Treaty on Perpetual Friendship of 1997, the presidents of Ecuador and Peru "
            "signed a declaration on strategic partnership on Monday.")
    facts = facts_of(text, published=date(2024, 3, 6))
    dated = {agreement_of(facts, e.agreement_ref).title: str(e.date) for e in events_of(facts, EventKind.SIGNED)}
    assert dated["Treaty on Perpetual Friendship of 1997"] == "1997"
    assert any(title.lower().startswith("declaration") and day == "2024-03-04" for title, day in dated.items())
    background = [a for a in facts.agreements if a.background]
    assert [a.title for a in background] == ["Treaty on Perpetual Friendship of 1997"]


@pytest.mark.parametrize("text, key, value", [
    ("Officials stressed that the pact between Japan and the Philippines contains no mutual defence clause.",
     Provision.DEFENSE, False),
    ("Under the treaty between Russia and North Korea, if one side comes under armed attack, the other will "
     "immediately provide military assistance with all means at its disposal.", Provision.DEFENSE, True),
    ("The treaty between Benin and Togo obliges the parties to hold consultations without delay if a threat "
     "to the security of either side arises.", Provision.CONSULTATION, True),
    ("The agreement between Ghana and Togo commits both states not to allow their territory to be used for "
     "aggression against the other.", Provision.NO_TERRITORY_USE, True),
])
def test_provisions_and_denials(facts_of, text, key, value):
    facts = facts_of(text, published=date(2024, 3, 6))
    assert (key, value) in {(p.key, p.value) for p in facts.provisions}


def test_hedged_claim_is_not_a_provision(facts_of):
    facts = facts_of("Some analysts suggest the agreement between Samoa and New Zealand might later include "
                     "defence cooperation.", published=date(2024, 3, 6))
    assert facts.provisions == []


@pytest.mark.parametrize("text, kind, expected", [
    ("The agreement between Zambia and Malawi entered into force on March 31, 2025.", EventKind.IN_FORCE, "2025-03-31"),
    ("Russia withdrew from the Treaty on Open Skies in December 2021.", EventKind.TERMINATED, "2021-12"),
])
def test_entry_into_force_and_withdrawal(facts_of, text, kind, expected):
    facts = facts_of(text, published=date(2025, 4, 2))
    assert [str(e.date) for e in events_of(facts, kind)] == [expected]


def test_condition_is_not_entry_into_force(facts_of):
    facts = facts_of("The border treaty between Tanzania and Malawi will be reviewed every ten years "
                     "after it comes into force.", published=date(2025, 4, 2))
    assert events_of(facts, EventKind.IN_FORCE) == []


def test_not_only_is_no_denial(facts_of):
    facts = facts_of("The agreement between Chile and Peru covers not only security cooperation but also "
                     "fisheries and trade.", published=date(2024, 3, 6))
    values = {(p.key, p.value) for p in facts.provisions}
    assert (Provision.SECURITY_COOPERATION, False) not in values
    assert (Provision.SECURITY_COOPERATION, True) in values
