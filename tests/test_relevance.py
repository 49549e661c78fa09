"""The relevance prefilter: a text without an agreement noun or lifecycle cue is not parsed."""

from __future__ import annotations

import pytest

from treatywatch.extract.article import extract_all
from treatywatch.extract.foreign import language_of, packs
from treatywatch.extract.relevance import Verdict, can_report, english_forms, names_party, verb_forms, verdict
from treatywatch.records import Article

IRRELEVANT = [
    "The home side came back from two goals down to win 3-2, according to the league's match report.",
    "Rain will spread from the west overnight, with gusts of up to 80 km/h along the coast on Saturday.",
    "Shares in the carmaker fell 4 % after it cut its forecast; the central bank kept rates on hold.",
    "The minister said in a statement that the new hospital wing would open in the spring.",
    "Traffic lights were out of order and the signal failure delayed trains for significant periods.",
]
RELEVANT = [
    "The two governments signed a ten-year framework for defence cooperation on Monday.",
    "Parliament voted to ratify the Water Sharing Treaty between the two neighbours.",
    "Both ministers praised the accord reached after a week of talks.",
    "The memoranda on customs and transport were initialled in the capital.",
    "Officials published a joint statement after the meeting.",
    "The Document on Strategic Dialogue was adopted at the close of the forum.",
    "The Treaties' texts are online.",
]


@pytest.mark.parametrize("text", IRRELEVANT)
def test_news_about_something_else_cannot_report(text):
    assert not can_report(text)


@pytest.mark.parametrize("text", RELEVANT)
def test_agreement_nouns_and_signing_cues_can_report(text):
    assert can_report(text)


def test_a_statement_needs_its_modifier():
    assert not can_report("In a statement, the ministry denied the report.")
    assert can_report("A bilateral statement followed, and the ministry denied the report.")


def test_english_inflections():
    assert {"treaty", "treaties"} <= english_forms("treaty")
    assert "memoranda" in english_forms("memorandum")
    assert {"signed", "signing", "signs"} <= verb_forms("sign")
    assert {"ratified", "ratifies", "ratifying"} <= verb_forms("ratify")


def _pack_text(language: str, word: str) -> str:
    """A text the pack of `language` is chosen for: its function words (a pack without them is its
    script's choice: its month names then), then `word`."""
    pack = packs()[language]
    return " ".join(pack.get("function_words") or [m.strip() for m in pack["months"]]) + " " + word + " ."


LANGUAGES = sorted(name for name, pack in packs().items() if pack.get("agreement_nouns"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_noun_of_every_pack_can_report(language):
    assert language_of(_pack_text(language, "")) == language
    for stem in packs()[language]["agreement_nouns"]:
        text = _pack_text(language, stem.strip())
        assert can_report(text), (language, stem)
    assert not can_report(_pack_text(language, ""))


def test_a_foreign_pack_does_not_judge_english():
    # Italian "accordi" begins "according", French "conclu" begins "conclusion": an English
    # text is read by the English pipeline, so only English words count for it.
    assert not can_report("According to the conclusions of the panel, the season starts late.")


def test_whatever_is_turned_away_has_no_facts():
    articles = [Article(id=f"x{i}", text=text) for i, text in enumerate(IRRELEVANT)]
    assert all(not facts.agreements for facts in extract_all(articles))


# Reports with an agreement noun or a signing cue that name no state, leader, organisation or body:
# a transfer, a wage deal, a sponsor, a tenancy. They cannot say between which states an agreement is.
NO_PARTY = [
    "Harbour Town have signed the winger on a three-year contract after a fee was agreed with his club.",
    "Bus drivers reached an agreement on pay and hours, ending a strike that had lasted nine days.",
    "The brewery signed a sponsorship agreement with the rugby club worth two million over four seasons.",
    "Tenants and the landlord signed a memorandum on repairs to the tower block on Friday.",
]
WITH_PARTY = [
    "Kenya and Tanzania reached an agreement on pay for cross-border lorry drivers.",
    "The brewery signed a sponsorship agreement with the rugby club, and the European Union fined it.",
    "Lula signed a memorandum on repairs to the port.",
    "The lower house signed off on the accord on Friday.",
]


@pytest.mark.parametrize("text", NO_PARTY)
def test_an_english_report_that_names_no_party_is_not_read(text):
    assert can_report(text) and not names_party(text)
    assert verdict(Article(id="x", text=text)) == Verdict(False)


@pytest.mark.parametrize("text", WITH_PARTY)
def test_a_name_that_can_be_a_party_gets_the_report_read(text):
    assert names_party(text)
    assert verdict(Article(id="x", text=text)) == Verdict(True, None)


def test_a_party_s_name_needs_all_its_words_in_any_order_and_case():
    assert not names_party("The united front of the bakers signed an agreement.")
    assert names_party("An agreement between bakers across the UNITED KINGDOM was reached.")
    assert names_party("The kingdom was united when the bakers signed an agreement.")  # errs towards reading


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_report_in_a_pack_s_language_is_read_without_a_party_test(language):
    stem = next(iter(packs()[language]["agreement_nouns"])).strip()
    assert verdict(Article(id="x", text=_pack_text(language, stem))) == Verdict(True, language)


def test_what_the_party_test_turns_away_gives_no_agreement_with_parties():
    articles = [Article(id=f"n{i}", text=text) for i, text in enumerate(NO_PARTY)]
    assert all(not any(m.parties for m in facts.agreements + facts.passing) for facts in extract_all(articles))


def test_an_ingest_stores_a_report_without_parties_unread_and_makes_no_record_of_it(store):
    from treatywatch.jobs import ingest_articles
    articles = [Article(id=f"n{i}", text=text) for i, text in enumerate(NO_PARTY)] + [
        Article(id="s1", text="Nepal and Bhutan signed an agreement on river patrols in Kathmandu on Monday. "
                              "The two states will hold joint patrols along the river, officials said.")]
    report = ingest_articles(store, articles, workers=1)
    assert (report.read, report.irrelevant, report.extracted) == (5, 4, 1)
    records, total = store.query()
    assert total == 1 and records[0]["parties"] == ["BTN", "NPL"] and records[0]["articles"] == ["s1"]
    assert [g["story"] for g in store.story_groups()] == ["s1"]  # the unread ones are in no story
