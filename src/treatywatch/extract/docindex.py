"""What a Doc computes afresh on every call, computed once per Doc and kept in its user_data.

spaCy builds `Doc.text` by joining every token and `Span.ents` by walking every entity of the
Doc, so a step that asks for them once per sentence (or a set of tokens once per mention)
costs time with the square of the text's length. These give the same answers from an index built on first use.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

_TEXT = "treatywatch.text"
_ENTS = "treatywatch.ents"
_SPAN_TOKENS = "treatywatch.span_tokens"


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def ents_in(span: Span) -> list[Span]:
    """`span.ents`: the Doc's entities that lie wholly inside `span`, in order."""
    index = span.doc.user_data.get(_ENTS)
    if index is None:
        ents = list(span.doc.ents)
        index = span.doc.user_data[_ENTS] = ([e.start for e in ents], ents)
    starts, ents = index
    found = []
    for ent in ents[bisect_left(starts, span.start):]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            found.append(ent)
    return found


def span_tokens(doc: Doc, key: str, labels: tuple[str, ...]) -> frozenset[int]:
    """Indexes of the tokens inside the spans of `doc.spans[key]` labelled with one of `labels`."""
    cache = doc.user_data.setdefault(_SPAN_TOKENS, {})
    if (key, labels) not in cache:
        cache[key, labels] = frozenset(t.i for span in doc.spans.get(key, []) if span.label_ in labels for t in span)
    return cache[key, labels]
