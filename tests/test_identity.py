"""Agreement identity: descriptions and names within an article, roles of states, and joins across
articles with their reasons. Every text is written for these tests."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import ingested_store
from treatywatch.records import EventKind

LIMA = ("Chile and Peru signed the Treaty on Andean Water Sharing in Lima on 3 March 2025. "
        "The historic pact divides the flow of three border rivers. "
        "Officials called it a very ambitious agreement that ends a long quarrel.")


def test_descriptions_refer_to_the_named_agreement_in_focus(facts_of):
    facts = facts_of(LIMA, published=date(2025, 3, 4))
    [agreement] = facts.agreements
    assert agreement.parties == ("CHL", "PER") and agreement.form == "name"
    assert "Water Sharing" in agreement.title
    # all three mentions are quoted as evidence of the one agreement
    assert len(agreement.evidence) == 3


def test_a_headline_description_folds_into_the_named_agreement(facts_of):
    facts = facts_of("Landmark River Deal Sealed\n\n" + LIMA, published=date(2025, 3, 4))
    assert len(facts.agreements) == 1


def test_a_similar_agreement_is_another_one_named_in_passing(facts_of):
    facts = facts_of(LIMA + " Argentina and Bolivia reached a similar agreement years ago.",
                     published=date(2025, 3, 4))
    assert [a.parties for a in facts.agreements] == [("CHL", "PER")]


def test_an_agreement_said_to_be_about_something_else_stays_apart(facts_of):
    facts = facts_of(LIMA + " The two ministers also signed an agreement on visa-free travel for students.",
                     published=date(2025, 3, 4))
    titles = sorted(a.title for a in facts.agreements)
    assert len(titles) == 2 and any("visa-free travel" in t for t in titles)


@pytest.mark.parametrize("text", [
    "Ethiopia and Eritrea signed a peace accord on border trade brokered by Kenya in Nairobi on 2 May 2025.",
    "Ethiopia and Eritrea signed a Kenyan-mediated peace accord on border trade on 2 May 2025.",
    "With the mediation of Kenya, Ethiopia and Eritrea signed a peace accord on border trade on 2 May 2025.",
])
def test_mediators_and_hosts_are_no_parties(facts_of, text):
    facts = facts_of(text, published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.parties == ("ERI", "ETH")


@pytest.mark.parametrize("text", [
    pytest.param("After the talks in Hanoi, Vietnam and Laos issued a joint statement on their friendship. "
                 "The leaders praised the progress of trade.", id="a_joint_statement_of_the_talks"),
    # "binding" is evaluative: a hoped-for agreement with no subject is no record
    pytest.param("Envoys of Ghana and Togo met in Lome and said they hoped to reach a fair and binding "
                 "agreement soon.", id="a_binding_agreement_hoped_for"),
])
def test_texts_that_report_no_agreement_make_no_record(facts_of, text):
    facts = facts_of(text, published=date(2025, 5, 3))
    assert facts.agreements == []


def test_a_title_stops_at_the_headline_verb(facts_of):
    facts = facts_of("Treaty of Montebello Enters Into Force\n\nThe Treaty of Montebello between Chile and Peru "
                     "entered into force on 1 June 2025.", published=date(2025, 6, 2))
    [agreement] = facts.agreements
    assert agreement.title.endswith("Montebello between Chile and Peru")


ARTICLES = {
    "n1": "Chile and Peru signed the Treaty of Montebello on Andean water sharing in Lima on 3 March 2025.",
    "n2": "The Treaty of Montebelo between Chile and Peru was ratified by the Congress of Peru on 2 May 2025.",
    "d1": "Lawmakers in Santiago debated the contentious water agreement between Chile and Peru on Tuesday. "
          "Critics said the agreement favours farmers upstream.",
    "x1": "Chile and Peru also signed an agreement on student exchanges in Lima on 3 March 2025.",
}


def test_names_spelling_variants_and_descriptions_join_across_articles(tmp_path):
    store = ingested_store(tmp_path, ARTICLES)
    records, _ = store.query(party="CHL")
    store.close()
    by_articles = {tuple(r["articles"]): r for r in records}
    assert set(by_articles) == {("d1", "n1", "n2"), ("x1",)}
    record = by_articles[("d1", "n1", "n2")]
    reasons = {j["article"]: j["reason"] for j in record["identity"]}
    assert reasons["n1"] == "first mention of this agreement"
    assert "subject overlap" in reasons["n2"]
    assert reasons["d1"].startswith("description of the named agreement")
    assert {e["kind"] for e in record["events"]} >= {EventKind.SIGNED.value, EventKind.RATIFIED.value}


def test_show_explains_the_joins(tmp_path, cli):
    store = ingested_store(tmp_path, ARTICLES)
    records, _ = store.query(party="CHL")
    store.close()
    ident = next(r["id"] for r in records if len(r["articles"]) == 3)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    code, out, _ = cli("show", ident, "--db", db)
    text = " ".join(out.split())  # the console wraps long lines
    assert code == 0 and "Why these mentions are one agreement" in text and "description of the named" in text
    code, out, _ = cli("show", ident, "--db", db, "--json")
    assert len(json.loads(out)["identity"]) == 3


def test_a_state_one_article_counts_as_party_is_dropped_when_no_name_includes_it(tmp_path):
    store = ingested_store(tmp_path, {
        "a": "Ethiopia and Eritrea signed the Treaty of Asmara on Border Trade in Nairobi on 2 May 2025.",
        "b": "Kenya, Ethiopia and Eritrea celebrated the Treaty of Asmara on Border Trade in Addis Ababa "
             "on 5 May 2025.",
    })
    records, _ = store.query()
    store.close()
    [record] = [r for r in records if "Asmara" in r["title"]]
    assert record["parties"] == ["ERI", "ETH"] and record["articles"] == ["a", "b"]
    assert any("parties differ only by KEN" in j["reason"] for j in record["identity"])


def test_a_third_party_named_in_a_title_stays_a_party(tmp_path):
    store = ingested_store(tmp_path, {
        "a": "The Agreement between Chile, Peru and Bolivia on the Andean Tripoint was signed in La Paz "
             "on 2 May 2025.",
        "b": "Chile and Peru praised the Agreement on the Andean Tripoint in Lima on 9 May 2025.",
    })
    records, _ = store.query()
    store.close()
    [record] = [r for r in records if "Tripoint" in r["title"]]
    assert record["parties"] == ["BOL", "CHL", "PER"] and record["articles"] == ["a", "b"]


@pytest.mark.parametrize("text, expected", [
    ("Malaysia and Vietnam signed an agreement on fishing zones in the South China Sea on 2 May 2025.",
     ("MYS", "VNM")),
    ("Brazil and Chile signed a South American agreement on rail transit on 2 May 2025.", ("BRA", "CHL")),
])
def test_states_inside_place_names_are_no_parties(facts_of, text, expected):
    facts = facts_of(text, published=date(2025, 5, 3))
    assert [a.parties for a in facts.agreements] == [expected]


@pytest.mark.parametrize("text", [
    "The Treaty on Andean Water Sharing between Chile and Peru, known as the Montebello Pact, was signed in "
    "Lima on 3 March 2025.",
    "The Treaty on Andean Water Sharing between Chile and Peru, the so-called Montebello Pact, was signed in "
    "Lima on 3 March 2025.",
    "The Montebello Pact is a water-sharing treaty between Chile and Peru. It was signed in Lima on 3 March 2025.",
])
def test_aliases_the_text_gives_are_one_agreement(facts_of, text):
    facts = facts_of(text, published=date(2025, 3, 4))
    assert len(facts.agreements) == 1


def test_two_names_listed_side_by_side_stay_two(facts_of):
    facts = facts_of("Chile and Peru signed two documents in Lima on 3 March 2025: the Treaty on Andean Water "
                     "Sharing, the Agreement on Student Exchanges.", published=date(2025, 3, 4))
    assert len(facts.agreements) == 2


@pytest.mark.parametrize("text, expected", [
    ("The Montebello Pact is not a water-sharing treaty.", False),
    ("The Montebello Pact is a water-sharing treaty.", True),
])
def test_a_negated_apposition_is_no_alias(nlp, text, expected):
    from treatywatch.extract import agreements, reference

    first, second = agreements.find_mentions(nlp(text))[:2]
    assert reference.aliased(first, second) is expected


def test_a_description_about_something_else_is_not_the_named_agreement(facts_of):
    facts = facts_of("Chile and Peru signed the Treaty on Andean Water Sharing in Lima on 3 March 2025. "
                     "Critics recalled the fisheries pact that collapsed in 2019.", published=date(2025, 3, 4))
    [agreement] = facts.agreements
    assert "fisheries" not in agreement.subject


def test_a_state_that_signs_is_a_party_even_when_it_hosts(facts_of):
    facts = facts_of("Kenya hosted the talks, and Kenya and Ethiopia signed the Agreement on Rift Valley Railways "
                     "in Nairobi on 2 May 2025.", published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.parties == ("ETH", "KEN")


def test_evaluative_words_are_no_subject(facts_of):
    facts = facts_of("Chile and Peru signed a groundbreaking and very ambitious water agreement in Lima on "
                     "3 March 2025.", published=date(2025, 3, 4))
    [agreement] = facts.agreements
    assert set(agreement.subject.split()) == {"water"}


def test_one_subject_with_two_partners_is_two_agreements(facts_of):
    facts = facts_of("Moldova signed an agreement on security cooperation with France in Paris on 2 May 2025. "
                     "A day later Moldova signed an agreement on security cooperation with Italy in Rome.",
                     published=date(2025, 5, 4))
    assert sorted(a.parties for a in facts.agreements) == [("FRA", "MDA"), ("ITA", "MDA")]


def test_a_description_counting_a_guest_state_joins_the_named_agreement_of_the_parties(tmp_path):
    store = ingested_store(tmp_path, {
        "a": "Ghana and Togo signed the Agreement on Coastal Fisheries in Accra on 2 May 2025.",
        "b": "Ghana and Togo celebrated a landmark fisheries agreement in Lagos on Friday. Nigerian President "
             "Bola Tinubu attended the ceremony. Nigeria praised the agreement as a model for the region.",
    })
    records, _ = store.query()
    store.close()
    [record] = records
    assert record["parties"] == ["GHA", "TGO"] and record["articles"] == ["a", "b"]
    assert any("but NGA, a third state" in j["reason"] for j in record["identity"])


def test_a_description_never_takes_a_state_beyond_an_unnamed_agreements_parties():
    from treatywatch.records import AgreementKind, AgreementMention
    from treatywatch.resolve import identity

    mention = AgreementMention("m0", "Landmark fisheries agreement", AgreementKind.AGREEMENT, "fishery",
                               ("GHA", "NGA", "TGO"), False, form="description")
    args = ("treaty", frozenset({"GHA", "TGO"}), {"fishery"}, "Fisheries deal", set())
    assert identity.score(*args, False, mention, [], loose_parties=True) is None
    assert identity.score(*args, True, mention, [], loose_parties=True) is not None
    assert identity.score(*args, True, mention, [], loose_parties=False) is None


def test_a_description_with_its_year_is_that_years_agreement(nlp):
    from treatywatch.extract import agreements

    doc = nlp("Norway and Iceland signed a new security treaty in Oslo on 2 May 2025. The treaty replaces "
              "the 1998 security pact, which Iceland suspended in 2003.")
    clusters = agreements.cluster(agreements.find_mentions(doc))
    by_text = {m.span.text: c.index for c in clusters for m in c.mentions if m.subject}
    assert by_text["new security treaty"] != by_text["1998 security pact"]


@pytest.mark.parametrize("group_years, group_title, joins", [
    ({2025}, "Treaty on Arctic Security", False),
    (set(), "Treaty on Arctic Security", False),
    ({1998}, "Treaty on Arctic Security", True),
    (set(), "1998 Arctic security pact", True),
    ({1999}, "Treaty on Arctic Security", True),      # a step reported a year off
    (set(), "1999 Arctic security pact", False),      # a year its own title writes is exact
])
def test_a_description_with_a_year_joins_only_an_agreement_known_to_be_of_that_year(group_years, group_title, joins):
    from treatywatch.records import AgreementKind, AgreementMention
    from treatywatch.resolve import identity

    mention = AgreementMention("m0", "1998 security pact", AgreementKind.AGREEMENT, "security",
                               ("ISL", "NOR"), False, form="description")
    found = identity.score("treaty", frozenset({"ISL", "NOR"}), {"security", "arctic"}, group_title, group_years,
                           True, mention, [])
    assert (found is not None) is joins


def test_between_a_and_b_reaches_the_second_state_the_parse_hangs_elsewhere(facts_of):
    facts = facts_of("Kenya hosted the Signing of a Memorandum of Cooperation between the Government of the "
                     "Republic of Ghana (ROG) and the Government of the Republic of Togo in Nairobi.",
                     published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.parties == ("GHA", "TGO") and agreement.title.endswith("Republic of Togo")


def test_accords_named_in_the_plural_are_one_agreement_and_their_city_is_no_party(facts_of):
    facts = facts_of("The leaders of Ghana and Togo signed the Lome Accords at a ceremony on 2 May 2025. "
                     "The Lome Accords end a long dispute over fishing grounds.", published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.title == "Lome Accords" and agreement.parties == ("GHA", "TGO")


def test_the_states_that_sign_are_the_parties_whoever_else_speaks_of_it(facts_of):
    facts = facts_of("The accord, signed by Ghana's President John Mahama and President Faure Gnassingbe of Togo, "
                     "ends a long dispute. Nigerian President Bola Tinubu welcomed the accord, and Senegal praised it.",
                     published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.parties == ("GHA", "TGO")


def test_named_agreements_one_state_apart_compare_their_names_not_their_descriptions(tmp_path):
    store = ingested_store(tmp_path, {
        "a": "Ghana and Togo signed the Lome Accord on 2 May 2025.",
        "b": "US President Donald Trump, Ghana and Togo signed the Lome Accords on 2 May 2025. Ghana called "
             "it a fisheries agreement.",
    })
    records, _ = store.query()
    store.close()
    [record] = [r for r in records if "Lome" in r["title"]]
    assert record["parties"] == ["GHA", "TGO"] and record["articles"] == ["a", "b"]


def test_an_agreement_dated_only_by_its_name_is_named_in_passing(facts_of):
    facts = facts_of("Ghana and Togo signed the Agreement on Coastal Fisheries in Accra on 2 May 2025. The agreement "
                     "gives effect to the region's 2016 Lome Charter on ocean governance and builds on years of "
                     "patrols.", published=date(2025, 5, 3))
    assert [a.title for a in facts.agreements] == ["Agreement on Coastal Fisheries"]


def test_a_count_with_its_unit_is_no_subject(facts_of):
    facts = facts_of("Ghana and Togo signed a 12-point agreement in Accra on 2 May 2025. Officials said the 10-year "
                     "agreement would be renewed.", published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.subject == ""



def test_an_existing_agreement_with_another_partner_is_named_in_passing_even_with_content(nlp):
    from treatywatch.extract import agreements, reference

    doc = nlp("Norway and Kenya signed the Logistics Support Agreement in Nairobi on 2 May 2025. To date, Kenya "
              "has an existing naval logistics agreement with Japan and a reciprocal naval logistics agreement "
              "with Chile.")
    clusters = agreements.cluster(agreements.find_mentions(doc))
    focus = reference.focus_of(clusters)
    others = [c for c in clusters if c is not focus and any(m.subject for m in c.mentions)]
    assert others and all(reference.salience(c, focus, has_events=False, has_provisions=True) == "passing"
                          for c in others)
    texts = {m.span.text: c.index for c in clusters for m in c.mentions}
    assert texts["existing naval logistics agreement"] != texts["reciprocal naval logistics agreement"]


def test_a_name_whose_article_names_one_party_joins_the_agreement_it_belongs_to(tmp_path):
    store = ingested_store(tmp_path, {
        "a": "Norway and Kenya signed the Naval Logistics Support Agreement in Nairobi on 2 May 2025.",
        "b": "Norway's parliament debated the Naval Logistics Support Agreement on 9 May 2025, and the defence "
             "minister defended the Logistics Support Agreement in Oslo.",
    })
    records, _ = store.query()
    store.close()
    [record] = [r for r in records if "Logistics" in r["title"]]
    assert record["parties"] == ["KEN", "NOR"] and record["articles"] == ["a", "b"]


def test_nations_is_no_subject_word_that_joins_a_description_to_another_named_agreement(facts_of):
    facts = facts_of("Ghana and Togo signed a coastal patrol agreement in Accra on 2 May 2025. The coastal patrol "
                     "agreement between both nations lets each navy enter the other's waters. Both states uphold "
                     "the United Nations Convention on Migratory Seabirds, the minister said.",
                     published=date(2025, 5, 3))
    patrol = [a for a in facts.agreements if "patrol" in a.subject]
    assert patrol and all("patrol" not in a.subject for a in facts.agreements if "Convention" in a.title)
    assert all("nation" not in a.subject.split() for a in facts.agreements)


@pytest.mark.parametrize("text, field_kept", [
    ("Ghana and Togo signed an agreement on cooperation in fisheries and coastal security on 2 May 2025.", True),
    ("Ghana and Togo signed an agreement on cooperation in Accra on 2 May 2025.", False),
    ("Ghana and Togo signed an agreement on cooperation in 2025.", False),
])
def test_cooperation_in_a_field_is_part_of_the_name_a_place_or_time_is_not(nlp, text, field_kept):
    from treatywatch.extract import agreements

    [mention] = agreements.find_mentions(nlp(text))
    assert ("fisheries" in mention.span.text) is field_kept
    assert "Accra" not in mention.span.text and "2025" not in mention.span.text


def test_an_agreement_for_closer_cooperation_is_a_description_that_joins_the_named_agreement(tmp_path):
    store = ingested_store(tmp_path, {
        "a": "Ghana and Togo signed the Coastal Patrol Agreement in Accra on 2 May 2025.",
        "b": "Speaking in Lome, officials of Ghana and Togo welcomed the agreement for stronger coastguard "
             "cooperation along their shared coast. Under it each navy may patrol the other's waters.",
    })
    records, _ = store.query()
    store.close()
    [record] = records
    assert record["title"] == "Coastal Patrol Agreement" and record["articles"] == ["a", "b"]


def test_an_acronym_in_brackets_does_not_end_the_name(nlp):
    from treatywatch.extract import agreements

    doc = nlp("Ghana and Togo signed a memorandum of understanding (MoU) on coastal fisheries on 2 May 2025.")
    [mention] = agreements.find_mentions(doc)
    assert mention.span.text.endswith("on coastal fisheries")
    assert "mou" not in mention.subject and {"coastal", "fishery"} <= set(mention.subject)


def test_the_agreement_a_statement_of_talks_announces_is_not_the_statement(facts_of):
    facts = facts_of("After four days of talks in Hanoi, Vietnam and Laos issued a joint statement on their river "
                     "dispute. Under the agreement, both sides will reopen their embassies within two months.",
                     published=date(2025, 5, 3))
    assert all(a.kind.value != "declaration" and "statement" not in a.title.lower() for a in facts.agreements)


def test_a_convention_named_once_is_not_the_focus_of_an_agreement_described_throughout(nlp):
    from treatywatch.extract import agreements, reference

    doc = nlp("Ghana and Togo sign coastal patrol agreement\n\nGhana and Togo signed a coastal patrol agreement in "
              "Accra on 2 May 2025. The coastal patrol agreement lets each navy enter the other's waters. Under the "
              "patrol agreement the navies will share radar data. Both states respect the United Nations Convention "
              "on Migratory Seabirds, the minister said.")
    clusters = agreements.cluster(agreements.find_mentions(doc))
    focus = reference.focus_of(clusters)
    assert "patrol" in focus.subject
    [convention] = [c for c in clusters if c is not focus]
    assert reference.salience(convention, focus, has_events=False, has_provisions=False) == "passing"


@pytest.mark.parametrize("text", [
    "At a meeting in Saint Lucia, the leaders of Ghana and Togo signed a declaration on coastal fisheries. "
    "Ghana and Togo will patrol their waters together.",
    "After the talks held in Saint Lucia, Ghana and Togo signed a declaration on coastal fisheries. "
    "Ghana and Togo will patrol their waters together.",
])
def test_a_state_named_as_the_venue_of_talks_is_no_party(facts_of, text):
    facts = facts_of(text, published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.parties == ("GHA", "TGO")


def test_a_signed_roadmap_is_an_instrument_of_its_own(facts_of):
    facts = facts_of("On Monday the defence ministers of Ghana and Togo signed a roadmap for joint coastal "
                     "patrols. Under the roadmap the first patrols sail before 2027.",
                     published=date(2025, 5, 6))
    [roadmap] = facts.agreements
    assert roadmap.kind.value == "other" and roadmap.parties == ("GHA", "TGO")


@pytest.mark.parametrize("text", [
    "Ghana and Togo said they would draw up a roadmap for cocoa exports.",
    "There is a broad legal framework between Ghana and Togo, and both signed many documents over the years.",
    "Within the framework of the talks, Ghana and Togo discussed cocoa exports.",
    "The agreement between Ghana and Togo foresees a regional framework to expand trade.",
])
def test_a_roadmap_or_framework_that_nobody_signs_is_no_instrument(nlp, text):
    from treatywatch.extract import agreements

    assert all(m.head.lemma_ not in ("roadmap", "framework") for m in agreements.find_mentions(nlp(text)))


def test_a_named_framework_and_its_signing_make_a_record(facts_of):
    facts = facts_of("In Accra on Friday, Ghana and Togo signed the Framework for the Ghana-Togo Coastal Security "
                     "Partnership, which runs for ten years.", published=date(2025, 5, 3))
    [framework] = facts.agreements
    assert "Coastal Security" in framework.title and framework.parties == ("GHA", "TGO")


def test_the_agreement_of_another_year_is_another_agreement(nlp):
    from treatywatch.extract import agreements

    doc = nlp("Ghana and Togo signed an agreement on their maritime boundary in Accra on 2 May 2025. The 2025 "
              "agreement completes the 2009 agreement, which drew the first stretch of the line. Under the 2009 "
              "agreement both navies patrolled the coast.")
    clusters = agreements.cluster(agreements.find_mentions(doc))
    by_text = {m.span.text: c.index for c in clusters for m in c.mentions}
    assert by_text["2025 agreement"] == by_text["agreement on their maritime boundary"]
    assert by_text["2009 agreement"] != by_text["2025 agreement"]


def test_a_description_that_calls_it_a_treaty_gives_the_kind(facts_of):
    facts = facts_of("Ghana and Togo settled a bilateral maritime security treaty in Accra on 2 May 2025. "
                     "The agreement came after two years of negotiation, and the agreement is to be signed in June.",
                     published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.kind.value == "treaty"


def test_a_headline_description_folds_into_the_agreement_the_text_tells_by_its_year(facts_of):
    facts = facts_of("Togo ends maritime treaty\n\nTogo ended its 2016 maritime cooperation treaty with Ghana on "
                     "2 May 2025, and also left the 2014 fisheries agreement between the two states.",
                     published=date(2025, 5, 3))
    maritime = [a for a in facts.agreements if "maritime" in a.subject]
    assert len(maritime) == 1 and "2016" in maritime[0].title


def test_the_parties_a_names_for_phrase_lists_are_its_parties(facts_of):
    facts = facts_of("The presidents of Kenya and Uganda looked on at the ceremony for the Harbour Accords for Peace "
                     "between Ghana and Togo. Kenya's president praised the Harbour Accords.", published=date(2025, 5, 3))
    [accords] = facts.agreements
    assert accords.parties == ("GHA", "TGO") and accords.title == "Harbour Accords"


def test_a_description_that_says_treaty_leans_to_the_treaty_of_its_parties(tmp_path):
    store = ingested_store(tmp_path, {
        "a": "Chile and Peru signed the Agreement on Andean Defence Cooperation in Lima on 3 March 2024.",
        "b": "Chile and Peru signed the Treaty on Coastal Security in Lima on 5 June 2025.",
        "c": "Lawmakers in Santiago debated the new defence treaty between Chile and Peru on Tuesday. Critics said "
             "the treaty binds Chile for decades.",
    })
    records, _ = store.query()
    store.close()
    by_title = {r["title"]: r["articles"] for r in records}
    assert by_title["Treaty on Coastal Security"] == ["b", "c"]
    assert by_title["Agreement on Andean Defence Cooperation"] == ["a"]


def test_strategic_is_no_subject_that_keeps_a_description_apart(facts_of):
    facts = facts_of("Ghana and Togo signed the Volta Agreement in Accra on 2 May 2025. Officials said the strategic "
                     "pact would last for decades.", published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.title == "Volta Agreement" and len(agreement.evidence) == 2


def test_the_kind_comes_from_the_description_not_the_bare_anaphors(facts_of):
    facts = facts_of("Ghana and Togo signed a memorandum on coastal fisheries in Accra on 2 May 2025. The agreement "
                     "opens both coasts to licensed boats. Critics said the agreement favours trawlers, and the "
                     "agreement will be reviewed in 2027.", published=date(2025, 5, 3))
    [memorandum] = facts.agreements
    assert memorandum.kind.value == "memorandum"


def test_a_parliament_approving_a_motion_on_a_memorandum_ratifies_it(facts_of):
    facts = facts_of("On Saturday Ghana's parliament ratified a motion approving the memorandum of understanding "
                     "on coastal security with Togo.", published=date(2025, 5, 4))
    [memorandum] = facts.agreements
    assert memorandum.kind.value == "memorandum"
    assert [e.kind for e in facts.events] == [EventKind.RATIFIED]


def test_a_money_amount_is_no_subject(facts_of):
    facts = facts_of("Ghana and Togo signed the Volta Agreement in Accra on 2 May 2025. Critics of the multi-million "
                     "dollar agreement said it favours the ports.", published=date(2025, 5, 3))
    [agreement] = facts.agreements
    assert agreement.title == "Volta Agreement" and len(agreement.evidence) == 2


RAILWAY = ("Ghana and Togo signed the Treaty on Cross-Border Railways in Lome on 4 June 2025. The treaty links the "
           "two capitals by a new line. It builds on a 2024 Ghana-Togo coastal patrol agreement, officials said.")
PATROL = "Ghana and Togo signed the Coastal Patrol Agreement in Accra on 2 May 2024. Each navy may patrol both coasts."


def test_an_agreement_named_in_passing_joins_the_record_its_parties_have(tmp_path):
    store = ingested_store(tmp_path, {"a": PATROL, "b": RAILWAY})
    records, _ = store.query()
    store.close()
    by_title = {r["title"]: r["articles"] for r in records}
    assert by_title == {"Coastal Patrol Agreement": ["a", "b"], "Treaty on Cross-Border Railways": ["b"]}
    [patrol] = [r for r in records if r["title"] == "Coastal Patrol Agreement"]
    # it brings the article, not a step: the signing of 2024 is the one article a reports
    assert [e["articles"] for e in patrol["events"]] == [["a"]]


def test_an_agreement_named_in_passing_starts_no_record(tmp_path):
    store = ingested_store(tmp_path, {"b": RAILWAY})
    records, _ = store.query()
    store.close()
    assert [r["title"] for r in records] == ["Treaty on Cross-Border Railways"]


@pytest.mark.parametrize("sentence, kept", [
    ("It builds on a 2024 Ghana-Togo coastal patrol agreement, officials said.", True),
    ("Officials also hope for an expected coastal patrol agreement soon.", False),  # as likely the treaty again
    ("Officials said the agreement was a good start.", False),  # says nothing of which agreement
])
def test_only_an_agreement_named_in_passing_that_the_text_identifies_is_kept(facts_of, sentence, kept):
    text = RAILWAY.rsplit(". ", 1)[0] + ". " + sentence
    facts = facts_of(text, published=date(2025, 6, 5))
    assert [m.title for m in facts.agreements] == ["Treaty on Cross-Border Railways"]
    assert [(m.parties, m.form) for m in facts.passing] == ([(("GHA", "TGO"), "passing")] if kept else [])


def test_a_mention_in_passing_stored_before_its_record_joins_it_when_the_record_arrives(tmp_path, monkeypatch):
    from treatywatch.store.repo import Store
    others = {f"x{n}": f"Chile and Peru signed the Treaty on Fisheries Quota {n} in Lima on {n} March 2024."
              for n in range(1, 5)}
    store = ingested_store(tmp_path, {"b": RAILWAY, **others})
    later = tmp_path / "later"
    later.mkdir()
    (later / "a.txt").write_text(PATROL)
    from treatywatch.jobs import ingest
    monkeypatch.setattr(store, "_rebuild", lambda session: pytest.fail("took the full path"))
    ingest(store, [str(later)])
    monkeypatch.undo()
    incremental = store.query()[0]
    store.rebuild()
    assert store.query()[0] == incremental
    store.close()
    assert {r["title"]: r["articles"] for r in incremental}["Coastal Patrol Agreement"] == ["a", "b"]


# Agreements named in the plural with their partners (extract/partners.py).
HARBOUR = ("Ghana and Togo signed the Harbour Pilotage Agreement in Lome on 4 June 2025. The agreement lets the pilots "
           "of either port guide ships into the other.")
PILOTS = "Ghana and Benin signed the Harbour Pilotage Agreement in Accra on 2 May 2024. Pilots of both navies may work in either port."


@pytest.mark.parametrize("sentence, partners", [
    pytest.param("Ghana has signed pilotage agreements with Benin and Nigeria.", ["BEN", "NGA"], id="own_subject"),
    pytest.param("Similar deals are being discussed with Benin and Nigeria, an official said.", ["BEN", "NGA"],
                 id="similar_deals_on_the_verb"),
    pytest.param("He compared it with the deals reached with Benin, Nigeria and Liberia.", ["BEN", "LBR", "NGA"],
                 id="participle"),
    pytest.param("Ghana has signed pilotage agreements before.", [], id="no_partner"),
    pytest.param("Ghana has signed a pilotage agreement with Benin.", [], id="singular"),
])
def test_a_plural_with_partners_names_each_partners_agreement_in_passing(facts_of, sentence, partners):
    facts = facts_of(HARBOUR + " " + sentence, published=date(2025, 6, 5))
    assert [m.title for m in facts.agreements] == ["Harbour Pilotage Agreement"]
    plural = [m for m in facts.passing if m.ref.startswith("p")]
    # the partner's agreement is of the state the focus shares: Ghana, the one the sentence or the article names
    assert sorted(m.parties for m in plural) == sorted(tuple(sorted(("GHA", p))) for p in partners)
    assert all(m.form == "passing" and "pilotage" in m.subject.split() for m in plural)


def test_a_plural_partners_agreement_joins_its_record_and_starts_none(tmp_path):
    text = HARBOUR + " Similar deals have been signed with Benin and Nigeria."
    store = ingested_store(tmp_path, {"a": PILOTS, "b": text})
    records, _ = store.query()
    store.close()
    by_parties = {tuple(r["parties"]): r["articles"] for r in records}
    # Nigeria's agreement has no record: the mention waits, it makes none
    assert by_parties == {("BEN", "GHA"): ["a", "b"], ("GHA", "TGO"): ["b"]}


SIGNED_FRAMEWORK = ("Chile and Peru signed the Pacific Coast Defence Framework in Lima on 3 March 2025. "
                    "The framework sets yearly naval drills.")
PLANNED_FRAMEWORK = ("Officials in Lima said Chile and Peru intend to sign the Pacific Coast Defence Framework before "
                     "the end of the year.")


def test_a_named_framework_not_yet_signed_is_named_in_passing(tmp_path):
    store = ingested_store(tmp_path, {"a": SIGNED_FRAMEWORK, "b": PLANNED_FRAMEWORK})
    records, _ = store.query()
    store.close()
    assert [(r["parties"], r["articles"]) for r in records] == [(["CHL", "PER"], ["a", "b"])]


def test_a_framework_not_yet_signed_starts_no_record(tmp_path, facts_of):
    facts = facts_of(PLANNED_FRAMEWORK, published=date(2025, 3, 4))
    assert facts.agreements == [] and [m.parties for m in facts.passing] == [("CHL", "PER")]
    store = ingested_store(tmp_path, {"b": PLANNED_FRAMEWORK})
    assert store.query()[0] == []
    store.close()


def test_a_bilateral_agreement_has_two_parties(facts_of):
    text = ("The Chilean president and his Peruvian counterpart signed a bilateral agreement on fisheries quotas "
            "on 3 March 2025. \"Argentina and Bolivia have also signed this agreement,\" the minister added.")
    [agreement] = facts_of(text, published=date(2025, 3, 4)).agreements
    assert agreement.parties == ("CHL", "PER")


def test_a_subject_phrase_after_the_partner_belongs_to_the_name(facts_of):
    # the parser hangs "on the ..." on the verb, after "with Chile": it still says what the agreement is about
    text = ("Peru signed the Andean Fisheries Treaty with Chile in Lima on 3 March 2025. "
            "Lima has also signed an agreement with Chile on the building of a Border Power Grid")
    facts = facts_of(text, published=date(2025, 3, 4))
    titles = sorted(a.title for a in facts.agreements)
    assert any("building of a Border Power Grid" in t for t in titles) and len(titles) == 2


PATROL_MOU = ("Ghana and Togo signed the Memorandum of Understanding on Coastal Patrols in Accra on 2 May 2024. "
              "Each navy may patrol both coasts.")
ENUMERATED = (RAILWAY.rsplit(". ", 1)[0] + ". Accra and Lome had signed two memoranda the year before: one on "
              "customs clearance and the other on coastal patrols.")


def test_a_plural_that_enumerates_its_subjects_names_each_agreement_in_passing(facts_of):
    facts = facts_of(ENUMERATED, published=date(2025, 6, 5))
    assert [m.title for m in facts.agreements] == ["Treaty on Cross-Border Railways"]
    enumerated = sorted((m.parties, m.kind.value, m.subject) for m in facts.passing if m.ref.startswith("e"))
    assert [(p, k) for p, k, _ in enumerated] == [(("GHA", "TGO"), "memorandum")] * 2
    assert sorted(s for _, _, s in enumerated) == ["clearance custom", "coastal patrol"]


def test_an_enumerated_agreement_joins_the_record_of_its_subject(tmp_path):
    store = ingested_store(tmp_path, {"a": PATROL_MOU, "b": ENUMERATED})
    records, _ = store.query()
    store.close()
    by_title = {r["title"]: r["articles"] for r in records}
    assert by_title == {"Memorandum of Understanding on Coastal Patrols": ["a", "b"],
                        "Treaty on Cross-Border Railways": ["b"]}


RENEWED = ("Chile and Peru signed a new ten-year Coastal Defence Framework in Lima on 3 March 2025. "
           "The framework, originally concluded in 1998 and extended twice since then, sets out the aims of their "
           "naval cooperation.")


def test_a_first_versions_signing_is_not_the_renewed_agreements(facts_of):
    facts = facts_of(RENEWED, published=date(2025, 3, 4))
    assert sorted(str(e.date) for e in facts.events if e.kind == EventKind.SIGNED) == ["2025-03-03"]


def test_an_original_signing_without_a_renewal_stays(facts_of):
    text = RENEWED.replace("The framework, originally concluded in 1998 and extended twice since then, sets",
                           "Originally signed in 2025, the framework sets")
    facts = facts_of(text, published=date(2025, 3, 4))
    assert any(e.kind == EventKind.SIGNED and e.evidence.quote.startswith("Originally") for e in facts.events)


ANCHOVY = ("Chile and Peru signed the Agreement on the Pacific Anchovy Quota in Lima on 3 March 2025. "
           "Under the fisheries deal each fleet may land a fixed share of the catch.")
ANCHOVY_RATIFIED = "The Peruvian congress ratified the agreement on fisheries between Chile and Peru on 10 May 2025."


@pytest.mark.parametrize("sentence, added", [
    ("Under the fisheries deal each fleet may land a fixed share of the catch.", True),
    ("A separate fisheries deal is still under discussion.", False),  # marked as another one
    ("Officials said a fisheries deal with Ecuador may follow.", False),  # another partner
    ("The two governments also hope to negotiate a fisheries deal next year.", False),  # indefinite: maybe another
])
def test_the_deal_an_article_of_one_agreement_speaks_of_names_it(facts_of, sentence, added):
    text = ANCHOVY.rsplit(". ", 1)[0] + ". " + sentence
    [agreement] = facts_of(text, published=date(2025, 3, 4)).agreements
    assert ("fishery" in agreement.subject.split()) == added


def test_a_deals_subject_joins_the_agreement_named_otherwise(tmp_path):
    store = ingested_store(tmp_path, {"a": ANCHOVY, "b": ANCHOVY_RATIFIED})
    records, _ = store.query()
    store.close()
    assert [r["articles"] for r in records] == [["a", "b"]]


def test_an_agreement_also_signed_is_not_the_one_spoken_of_before(facts_of):
    text = ("Ghana and Togo signed the agreement in Lome on 4 June 2025. The agreement opens their border to trucks "
            "at night. Both governments also signed a fisheries agreement, officials said.")
    facts = facts_of(text, published=date(2025, 6, 5))
    subjects = sorted(a.subject for a in facts.agreements)
    assert len(subjects) == 2 and subjects[0] == "" and "fishery" in subjects[1].split()


def test_a_headline_description_is_the_articles_agreement_whatever_its_subject(facts_of):
    text = ("Leaders gather for historic Chile-Peru peace accord in Quito\n\n"
            "Chile and Peru signed the Quito Accords on 3 March 2025. The Quito Accords end a quarrel over "
            "the border.")
    facts = facts_of(text, published=date(2025, 3, 4))
    [agreement] = facts.agreements
    assert facts.passing == [] and any(e.quote.startswith("Leaders gather") for e in agreement.evidence)
