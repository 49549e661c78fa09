"""The focused NER: the model's entities in the sentences that can speak of an agreement, none
elsewhere, and the same facts as the full NER. Texts written for these tests."""

from __future__ import annotations

import dataclasses
import json

import pytest
from spacy.tokens import Doc, Span

from treatywatch.errors import TreatywatchError
from treatywatch.extract import focused_ner
from treatywatch.extract.article import extract
from treatywatch.extract.pipeline import build_with
from treatywatch.ingest.read import read
from treatywatch.records import Article

from conftest import TEST_CORPUS

TEXT = ("The ministers of Ghana and Togo met in Lome on Tuesday, 4 March 2025, after a week of rain.\n\n"
        "Officials in Accra praised the talks, and President Mahama spoke of new roads.\n\n"
        "On Wednesday the two states signed a treaty on the shared Volta basin in Lome, "
        "and Togo's parliament ratified it on 9 April 2025.\n\n"
        "The football season in Kumasi starts in August.")


def _ents(doc):
    return [(e.start, e.end, e.label_) for e in doc.ents]


def test_swapped_in_by_default_and_named_like_the_models():
    nlp = build_with("focused")
    assert isinstance(nlp.get_pipe("ner"), focused_ner.FocusedNer)
    assert not isinstance(build_with("full").get_pipe("ner"), focused_ner.FocusedNer)


def test_entities_of_a_kept_sentence_are_the_full_ners_and_others_have_none():
    focused, full = build_with("focused")(TEXT), build_with("full")(TEXT)
    kept = [s for s in focused.sents if "treaty" in s.text or "signed" in s.text]
    assert len(kept) == 1
    sent = kept[0]
    inside = [e for e in _ents(full) if sent.start <= e[0] and e[1] <= sent.end]
    assert inside and [e for e in _ents(focused)] == inside
    assert {"DATE", "GPE"} <= {label for _s, _e, label in inside}
    # the sentences about the talks and the football have entities in the full run, none here
    assert len(_ents(full)) > len(inside)
    assert all(t.ent_iob_ == "O" for t in focused if not sent.start <= t.i < sent.end)


def test_a_text_without_agreement_words_gets_no_entities():
    doc = build_with("focused")("Kenya beat Uganda 2-1 in Nairobi on Sunday.")
    assert list(doc.ents) == []
    assert build_with("full")("Kenya beat Uganda 2-1 in Nairobi on Sunday.").ents


def test_an_entity_across_two_kept_sentences_that_are_apart_is_dropped():
    doc = build_with("full").make_doc("Kenya signed. Rain fell. Uganda signed.")
    kept = [0, 1, 2, 6, 7, 8]  # the first and the last sentence
    excerpt = Doc(doc.vocab, words=[doc[i].text for i in kept])
    excerpt.ents = [Span(excerpt, 0, 1, "GPE"), Span(excerpt, 2, 4, "ORG")]  # the second runs across the gap
    focused_ner.FocusedNer._write_back(doc, excerpt, kept)
    assert [(e.text, e.label_) for e in doc.ents] == [("Kenya", "GPE")]  # ". Uganda" would have covered "Rain fell."


def test_batches_give_what_one_doc_at_a_time_gives():
    texts = [TEXT, "No agreement words here at all.", "Chile and Peru signed a fisheries accord in Lima."]
    nlp = build_with("focused")
    assert [_ents(d) for d in nlp.pipe(texts, batch_size=2)] == [_ents(nlp(t)) for t in texts]


def test_same_facts_as_the_full_ner_on_our_corpus():
    articles = [a for a in read([str(TEST_CORPUS / "articles")]) if isinstance(a, Article)]
    assert len(articles) >= 40
    focused, full = build_with("focused"), build_with("full")

    def facts(nlp):
        return [json.dumps(dataclasses.asdict(extract(doc, a)), default=str, sort_keys=True)
                for doc, a in zip(nlp.pipe([a.text for a in articles]), articles)]

    assert facts(focused) == facts(full)


def test_an_unknown_mode_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("TREATYWATCH_NER", "partial")
    with pytest.raises(TreatywatchError, match="TREATYWATCH_NER='partial': expected one of focused, full"):
        focused_ner.ner_mode()
