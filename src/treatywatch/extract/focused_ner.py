"""The model's named-entity recogniser, run only on the sentences the extractors read entities in.

NER is half of what the packaged English pipeline costs, and news reports on an agreement in a
few of its sentences: the rest (the talks' background, quotes on other matters, the outlet's
boilerplate) is parsed for sentences and tags, but nothing reads its dates, places or persons.
Every entity the extractors use lies in a sentence that has an agreement noun or a lifecycle cue
(the English words of the relevance prefilter, extract/relevance.py): a mention's name, the
date, place and acting person of a step. This component runs the model's own `ner` on those
sentences alone, joined into one short Doc per article, and writes its entities back; every
other token is outside any entity.

The model's NER reads only the words (its own embedding of norm, prefix, suffix and shape, not
the shared tok2vec), four tokens either side, so a kept sentence gets the entities it gets in the
whole article except where its first or last words see a different neighbour. On the five
corpora every article's facts are the same as with the full NER (tests/test_focused_ner.py
checks it on our own articles; docs/accuracy.md gives the measurement).
`TREATYWATCH_NER=full` runs the model's NER on every sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span

from treatywatch.extract.relevance import english_words
from treatywatch.settings import choice

MODES = ("focused", "full")


def ner_mode() -> str:
    """`TREATYWATCH_NER` (focused or full; default focused)."""
    return choice("ner", MODES)


def kept_tokens(doc: Doc, words: frozenset[str]) -> list[int]:
    """Indices of the tokens of the sentences that hold one of `words` (lowercase forms), in order."""
    kept: list[int] = []
    for sent in doc.sents:
        if any(t.lower_ in words for t in sent):
            kept.extend(range(sent.start, sent.end))
    return kept


class FocusedNer:
    """Wraps the model's `ner`: same labels and weights, fewer tokens."""

    def __init__(self, ner, words: frozenset[str]) -> None:
        self.ner = ner
        self.words = words

    def _excerpt(self, doc: Doc) -> tuple[Doc, list[int]]:
        kept = kept_tokens(doc, self.words)
        # A kept sentence that does not end in a space is followed by one in the excerpt,
        # where the next kept token is not the next one of the article.
        spaces = [bool(doc[i].whitespace_) or (n + 1 < len(kept) and kept[n + 1] != i + 1)
                  for n, i in enumerate(kept)]
        return Doc(doc.vocab, words=[doc[i].text for i in kept], spaces=spaces), kept

    @staticmethod
    def _write_back(doc: Doc, excerpt: Doc, kept: list[int]) -> Doc:
        # An entity that runs from one kept sentence into the next, where they are not neighbours in
        # the article, would cover everything between them: it is none.
        doc.set_ents([Span(doc, kept[e.start], kept[e.end - 1] + 1, e.label_) for e in excerpt.ents
                      if kept[e.end - 1] - kept[e.start] == e.end - 1 - e.start], default="outside")
        return doc

    def __call__(self, doc: Doc) -> Doc:
        excerpt, kept = self._excerpt(doc)
        return self._write_back(doc, self.ner(excerpt) if kept else excerpt, kept)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            excerpts = [self._excerpt(doc) for doc in batch]
            tagged = self.ner.pipe([excerpt for excerpt, _kept in excerpts], batch_size=batch_size)
            for doc, (_excerpt, kept), done in zip(batch, excerpts, tagged):
                yield self._write_back(doc, done, kept)


@Language.factory("treatywatch_focused_ner_v1")
def make_focused_ner(nlp: Language, name: str) -> FocusedNer:
    return FocusedNer(nlp.get_pipe("ner"), english_words())


def swap_in(nlp: Language) -> Language:
    """The model's `ner` replaced by the focused one."""
    if "ner" not in nlp.pipe_names:
        return nlp
    nlp.add_pipe("treatywatch_focused_ner_v1", name="ner_focused", after="ner")
    nlp.remove_pipe("ner")
    nlp.rename_pipe("ner_focused", "ner")
    return nlp
