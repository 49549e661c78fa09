"""The stand-ins for the model's attribute ruler and lemmatizer annotate as spaCy's own do."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer

from conftest import TEST_CORPUS
from treatywatch.extract import fastpipes
from treatywatch.extract.pipeline import MODEL, build
from treatywatch.ingest.read import read
from treatywatch.records import Article

TEXTS = [
    "",
    "   ",
    "\n\n",
    "Ghana and Togo signed a maritime boundary treaty in Accra on Tuesday, ending a dispute that had "
    "lasted two decades. The parliaments of both countries are expected to ratify it before June.",
    "\"We ain't giving up,\" the minister said. \"Y'all know we're gonna sign it, and then let's see.\"",
    "There is no deadline. There were doubts, and there's still a gap: it isn't settled, nor has it been.",
    "I'm sure they'd've agreed; he's got ta wait. C'mon, it gets done, it got done, I've done it.",
    "WHO, NATO and the A.U. welcomed the accord.\tTalks resume on 3/4/2025 at 10:30 a.m. in Brasília.",
    "Peru  and  Chile\n\nagreed\n \non a fisheries pact worth $1.2bn — or €1.1bn — over ten years.",
    "Nothin' was said. Nuthin' will be. Y' all wait. Gon na go. Got ta go. Let 's go.",
]
COLUMNS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]


@lru_cache(maxsize=1)
def _stock() -> spacy.Language:
    return spacy.load(MODEL)


def _same(ours, theirs) -> None:
    assert np.array_equal(ours.to_array(COLUMNS), theirs.to_array(COLUMNS))
    assert [(t.lemma_, t.pos_, t.tag_, str(t.morph), t.dep_) for t in ours] == \
        [(t.lemma_, t.pos_, t.tag_, str(t.morph), t.dep_) for t in theirs]


def test_swapped_in_by_the_pipeline() -> None:
    nlp = build()
    assert isinstance(nlp.get_pipe("attribute_ruler"), fastpipes.FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), fastpipes.FastLemmatizer)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer") < nlp.pipe_names.index("ner")


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotations_as_spacy(text: str) -> None:
    fast = fastpipes.swap_in(spacy.load(MODEL))
    _same(fast(text), _stock()(text))


def test_same_annotations_on_the_test_corpus_in_batches() -> None:
    """Batches through nlp.pipe, with caches filled by earlier documents, as an ingest runs."""
    texts = [a.text for a in read([str(TEST_CORPUS / "articles")]) if isinstance(a, Article)] + TEXTS
    fast = fastpipes.swap_in(spacy.load(MODEL))
    for ours, theirs in zip(fast.pipe(texts, batch_size=8), _stock().pipe(texts, batch_size=8), strict=True):
        _same(ours, theirs)


def test_multi_token_patterns_apply() -> None:
    """The ruler's patterns over two tokens ("gon na" -> go + to) take effect, over the tag rules."""
    doc = fastpipes.swap_in(spacy.load(MODEL))("We are gonna sign it, and y'all will see.")
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert (lemmas["gon"], lemmas["na"]) == ("go", "to")
    assert lemmas["y'"] == "you"


def test_a_pattern_it_cannot_read_keeps_spacys_component() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "pact", "OP": "+"}]], {"LEMMA": "pact"})
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    fastpipes.swap_in(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), Lemmatizer)
