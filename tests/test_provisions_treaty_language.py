"""Provisions in treaty language: formulas the rules read in every mode, a treaty's own text read
whole (hedge words are conditions there, hyphenated line wraps are one word), and the agreement
whose text the article is kept by salience. All texts are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.records import Provision

PUBLISHED = date(2025, 3, 4)
NEWS_LEAD = "Veloria and Ostrania signed the Treaty of Harlow Bay on Monday.\n\n"


def keys(facts, value=True):
    return {p.key for p in facts.provisions if p.value is value}


def treaty_text(*articles: str) -> str:
    """An agreement's own text: a title, an opening, numbered articles."""
    return "\n\n".join(["Treaty of Harlow Bay between the Republic of Veloria and the Kingdom of Ostrania",
                        "The Contracting Parties have agreed as follows:",
                        *(f"Article {n}. {text}" for n, text in enumerate(articles, 1)),
                        f"Article {len(articles) + 1}. This Treaty shall remain in force for twenty years."])


@pytest.fixture
def rules_only(monkeypatch):
    monkeypatch.setenv("TREATYWATCH_PROVISIONS", "rules")


@pytest.mark.parametrize("clause, expected", [
    ("The Parties shall abstain in their relations with each other from the threat or use of force.",
     Provision.NONAGGRESSION),
    ("The two states shall refrain at all times from threats or the use of violence against one another.",
     Provision.NONAGGRESSION),
    ("Should either Party be attacked by a third state, the other Party shall at once give it all the military "
     "and other assistance in its power.", Provision.DEFENSE),
    ("The Parties undertake jointly with their allies to prosecute the war against the common enemy until it "
     "surrenders.", Provision.OFFENSE),
    ("Veloria shall not sign any security agreement with another state without the consent of Ostrania.",
     Provision.NO_HOSTILE_ALLIANCES),
])
def test_treaty_formulas_are_read_by_the_rules(facts_of, rules_only, clause, expected):
    assert expected in keys(facts_of(treaty_text(clause), published=PUBLISHED))


def test_a_call_to_refrain_from_force_in_the_news_is_no_provision(facts_of, rules_only):
    article = NEWS_LEAD + "Neighbouring states have since urged both sides to refrain from the threat of force."
    assert Provision.NONAGGRESSION not in keys(facts_of(article, published=PUBLISHED))


def test_a_word_hyphenated_by_a_line_wrap_is_one_word_for_the_cues(facts_of, rules_only):
    clause = ("The Parties will exchange full and timely informa-\ntion on any development that threatens "
              "their independence.")
    assert Provision.CONSULTATION in keys(facts_of(treaty_text(clause), published=PUBLISHED))


def test_a_hedge_word_in_the_agreement_s_own_text_is_a_condition(facts_of, rules_only):
    clause = ("The Parties will exchange full and timely information on any development which might threaten "
              "their independence.")
    assert Provision.CONSULTATION in keys(facts_of(treaty_text(clause), published=PUBLISHED))


def test_a_hedge_in_the_news_still_voids_the_claim(facts_of, rules_only):
    article = NEWS_LEAD + "Analysts say the treaty might provide military assistance in case of an attack on either."
    assert Provision.DEFENSE not in keys(facts_of(article, published=PUBLISHED))


def test_the_collective_defence_formula_in_russian(facts_of, rules_only):
    clause = ("Если одна из Сторон подвергнется агрессии, то это будет рассматриваться как агрессия против "
              "обеих Сторон.")
    assert Provision.DEFENSE in keys(facts_of(treaty_text(clause), published=PUBLISHED))


def test_the_agreement_whose_text_the_article_is_keeps_its_provisions(facts_of):
    # its only mention is its title, beside another agreement named twice: in news that would be passing
    text = "\n\n".join([
        "Joint Defence and Trade Treaty",
        "The Governments of Veloria and Ostrania, desiring to cooperate for their common defence according to "
        "the principles of the Pact of the Northern League, have agreed as follows:",
        "Article 1. Each Contracting State shall treat an armed attack on the other as an attack on itself.",
        "Article 2. The Contracting States shall consult together whenever the security of either is threatened.",
        "Article 3. In conformity with the Pact of the Northern League, the Council of the League shall be "
        "informed of any measure taken.",
    ])
    facts = facts_of(text, published=PUBLISHED)
    own = next(m for m in facts.agreements if m.title == "Joint Defence and Trade Treaty")
    assert {Provision.DEFENSE, Provision.CONSULTATION} <= {p.key for p in facts.provisions if p.agreement_ref == own.ref}


def test_the_mode_is_a_setting(monkeypatch):
    from treatywatch.extract.provisions import provision_mode
    monkeypatch.setenv("TREATYWATCH_PROVISIONS", "Rules")
    assert provision_mode() == "rules"
    monkeypatch.delenv("TREATYWATCH_PROVISIONS")
    assert provision_mode() == "both"


@pytest.mark.parametrize("sentence, expected", [
    ("The treaty will strengthen collaboration in research, industry and energy.",
     Provision.ECONOMIC_COOPERATION),
    ("The pact sets out commitments to halt all hostilities between the two armies.", Provision.NONAGGRESSION),
    ("The declaration is built on sovereignty, territorial integrity and renunciation of force.",
     Provision.NONAGGRESSION),
    ("The agreement concerns two billion euros in military aid this year.", Provision.MILITARY_COOPERATION),
    ("The accord sets up frameworks for political, security and economic cooperation.",
     Provision.SECURITY_COOPERATION),
    ("The agreement cements the two countries' work together in cooperation areas such as disaster relief, "
     "policing and defence.", Provision.MILITARY_COOPERATION),
    ("Under the pact, Ostrania agreed it will not enter defence pacts with any other countries without "
     "Veloria's approval.", Provision.NO_HOSTILE_ALLIANCES),
])
def test_loosely_told_content(facts_of, sentence, expected):
    assert expected in keys(facts_of(NEWS_LEAD + sentence, published=PUBLISHED))


def test_a_joint_statement_is_the_source_of_the_agreement_s_content(facts_of):
    article = (NEWS_LEAD + "Any attack on either country will be considered an attack on both, according to a joint "
               "statement released after the ceremony.")
    facts = facts_of(article, published=PUBLISHED)
    treaty = next(m for m in facts.agreements if "Harlow" in m.title)
    assert Provision.DEFENSE in {p.key for p in facts.provisions if p.agreement_ref == treaty.ref}
    # aggression against one being aggression against both is defence, not a promise to abstain
    assert Provision.NONAGGRESSION not in keys(facts)


def test_news_of_an_attack_states_no_duty(facts_of):
    article = (NEWS_LEAD + "The attack has raised tension along the frontier, with exchanges of gunfire reported "
               "between the two armies.")
    assert not {Provision.DEFENSE, Provision.NONAGGRESSION} & keys(facts_of(article, published=PUBLISHED))


def test_a_border_security_agreement_delimits_no_border(facts_of):
    article = ("Veloria and Ostrania signed a border security agreement on Monday.\n\n"
               "Under the agreement, Ostrania will disarm the armed groups along the common border.")
    facts = facts_of(article, published=PUBLISHED)
    assert Provision.BORDER not in keys(facts)


PROMISE_NOT_TO_ACT = ("Each Party undertakes not to join any grouping of states, nor to take part in any action "
                      "or measure, aimed against the other Party.")


def test_a_promise_not_to_act_against_the_partner_is_nonaggression_in_the_treaty_text(facts_of, rules_only):
    found = keys(facts_of(treaty_text(PROMISE_NOT_TO_ACT), published=PUBLISHED))
    assert {Provision.NONAGGRESSION, Provision.NO_HOSTILE_ALLIANCES} <= found


def test_a_news_report_of_that_promise_is_no_hostile_alliances_only(facts_of, rules_only):
    article = NEWS_LEAD + ("Under the treaty, the two governments also pledge never to join any action "
                           "or measure aimed against the other side.")
    found = keys(facts_of(article, published=PUBLISHED))
    assert Provision.NO_HOSTILE_ALLIANCES in found
    assert Provision.NONAGGRESSION not in found


def test_neither_party_taking_part_in_hostile_actions_is_read(facts_of, rules_only):
    article = NEWS_LEAD + "Under the treaty, neither country will take part in actions aimed against the other."
    assert Provision.NO_HOSTILE_ALLIANCES in keys(facts_of(article, published=PUBLISHED))
