"""Which agreement a provision speaks of, read from the parse; a frame phrase frames only its
own clause; treaty formulas of peaceful settlement and of an assistance article extended to
threats; areas of cooperation in the language packs. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.extract.foreign import extract_foreign
from treatywatch.records import Article, Provision

PUBLISHED = date(2024, 6, 5)


def keys(facts, value=True):
    return {p.key for p in facts.provisions if p.value is value}


def keys_of(facts, word):
    """The provisions of the agreement whose title holds `word`."""
    refs = {a.ref for a in facts.agreements if word in a.title.lower()}
    return {p.key for p in facts.provisions if p.agreement_ref in refs and p.value}


@pytest.fixture
def rules_only(monkeypatch):
    monkeypatch.setenv("TREATYWATCH_PROVISIONS", "rules")


def test_the_sentence_s_subject_stays_in_focus_beside_an_older_agreement(facts_of):
    facts = facts_of("Chile and Peru signed a new security treaty in Lima on Monday.\n\n"
                     "The security treaty, which replaces the Fisheries Agreement of 1998 between the two "
                     "countries, was hailed by both presidents.\n\n"
                     "It also commits the two countries to consult each other at once if either of them is "
                     "threatened by an armed attack.", published=PUBLISHED)
    assert Provision.CONSULTATION in keys_of(facts, "security")
    assert Provision.CONSULTATION not in keys_of(facts, "fisheries")


def test_a_cue_in_the_clause_of_an_agreement_speaks_of_it(facts_of, rules_only):
    facts = facts_of("Chile and Peru signed a new border treaty in Lima on Monday.\n\n"
                     "Under the border treaty, the two states will mark the frontier, and the Trade Agreement "
                     "of 2004, which covers trade and investment, stays in force.", published=PUBLISHED)
    assert Provision.ECONOMIC_COOPERATION not in keys_of(facts, "border")


def test_a_frame_phrase_in_another_clause_frames_nothing(facts_of, rules_only):
    facts = facts_of("Chile suspended the fisheries treaty with Peru on Monday, citing drug trafficking on the "
                     "coast and breaches that hinder its fishing rights under the treaty.", published=PUBLISHED)
    assert Provision.SECURITY_COOPERATION not in keys(facts)


def test_a_frame_phrase_frames_its_own_clause(facts_of, rules_only):
    facts = facts_of("Chile and Peru signed a fisheries treaty in Lima on Monday. Under the treaty, the two "
                     "navies will act together against drug trafficking on the coast.", published=PUBLISHED)
    assert Provision.SECURITY_COOPERATION in keys(facts)


def treaty_text(*articles: str) -> str:
    return "\n\n".join(["Treaty of Harlow Bay between the Republic of Veloria and the Kingdom of Ostrania",
                        "The Contracting Parties have agreed as follows:",
                        *(f"Article {n}. {text}" for n, text in enumerate(articles, 1)),
                        f"Article {len(articles) + 1}. This Treaty shall remain in force for twenty years."])


@pytest.mark.parametrize("clause, expected", [
    ("The Contracting Parties shall settle every dispute between them by peaceful means.", Provision.NONAGGRESSION),
    ("The Parties confirm their resolve to settle their disputes by peaceful means, whether the disputes arise "
     "among themselves or with other states.", Provision.NONAGGRESSION),
    ("The assistance promised in this Treaty shall also apply if a third state takes any step that menaces the "
     "independence of either Party and that Party decides to resist it with its armed forces.", Provision.OFFENSE),
])
def test_treaty_formulas(facts_of, rules_only, clause, expected):
    assert expected in keys(facts_of(treaty_text(clause), published=PUBLISHED))


def test_peaceful_settlement_with_third_states_only_is_no_non_aggression(facts_of, rules_only):
    facts = facts_of(treaty_text("The Parties shall help third states settle their disputes by peaceful means."),
                     published=PUBLISHED)
    assert Provision.NONAGGRESSION not in keys(facts)


def foreign(language, text):
    return extract_foreign(Article(id="f1", text=text, published=PUBLISHED), language, PUBLISHED)


@pytest.mark.parametrize("language, text, expected", [
    ("fr", "Le Gabon et le Maroc ont signé lundi à Rabat un traité d'amitié entre le Gabon et le Maroc. Ce traité prévoit une coopération "
           "en matière de défense et d'énergie.",
     {Provision.MILITARY_COOPERATION, Provision.ECONOMIC_COOPERATION}),
    ("es", "Chile y Perú firmaron el lunes en Lima un tratado de amistad. El tratado contempla la lucha conjunta "
           "contra el narcotráfico y el terrorismo.",
     {Provision.SECURITY_COOPERATION}),
])
def test_language_packs_read_areas_of_cooperation(language, text, expected):
    facts = foreign(language, text)
    assert facts.agreements and keys(facts) == expected
    assert all(p.agreement_ref == facts.agreements[0].ref for p in facts.provisions)


@pytest.mark.parametrize("language, text", [
    # no verb of content: talks at the signing
    ("fr", "Le Gabon et le Maroc ont signé lundi à Rabat un traité d'amitié entre le Gabon et le Maroc. Les ministres ont aussi parlé "
           "de défense et d'énergie."),
    # a negation
    ("es", "Chile y Perú firmaron el lunes en Lima un tratado de amistad. El tratado no contempla la "
           "cooperación en defensa."),
    # migration without a word of irregular crossing is no security cooperation
    ("es", "Chile y Perú firmaron el lunes en Lima un tratado de amistad. El tratado contempla las "
           "políticas de migración."),
])
def test_language_packs_code_no_talk_denial_or_bare_migration(language, text):
    assert keys(foreign(language, text)) == set()


def test_security_among_kinds_of_cooperation_counts(facts_of, rules_only):
    facts = facts_of("Chile and Peru signed a fisheries treaty in Lima on Monday. The treaty provides for "
                     "political, security and cultural cooperation.", published=PUBLISHED)
    assert Provision.SECURITY_COOPERATION in keys(facts)


@pytest.mark.parametrize("content", [
    # security in a list of goods is no kind of cooperation
    pytest.param("The minister said the treaty will open a new chapter of peace, stability, security and "
                 "economic cooperation.", id="security_in_a_list_of_goods"),
    pytest.param("It outlines a path to the joint economic development of the coastal provinces.",
                 id="economic_development_as_content"),
])
def test_only_economic_content_is_coded(facts_of, rules_only, content):
    facts = facts_of(f"Chile and Peru signed a fisheries treaty in Lima on Monday. {content}", published=PUBLISHED)
    assert keys(facts) == {Provision.ECONOMIC_COOPERATION}


def test_the_agreement_of_the_main_clause_stays_in_focus(facts_of, rules_only):
    facts = facts_of("Chile and Peru initialled a peace treaty in Lima on Monday.\n\n"
                     "The two foreign ministers put their initials on the Treaty of Lasting Peace, while the "
                     "presidents signed a joint declaration on tourism.\n\n"
                     "Under the agreed text, both countries undertake not to use force against each other.",
                     published=PUBLISHED)
    assert Provision.NONAGGRESSION in keys_of(facts, "peace")
    assert Provision.NONAGGRESSION not in keys_of(facts, "tourism")


def test_a_predicate_is_no_agreement_of_its_own(facts_of, rules_only):
    facts = facts_of("Chile and Peru signed a Naval Access Agreement in Lima on Monday.\n\n"
                     "It is not a mutual defence treaty, an official of the navy said.", published=PUBLISHED)
    assert any(p.key == Provision.DEFENSE and p.value is False for p in facts.provisions)
    assert Provision.DEFENSE in {p.key for p in facts.provisions if p.value is False
                                 and p.agreement_ref in {a.ref for a in facts.agreements if "access" in a.title.lower()}}
