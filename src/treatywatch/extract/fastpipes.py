"""Faster stand-ins for two rule components of the packaged English model, giving the same
annotations to the bit: the attribute ruler (tag -> part of speech, morphology, some lemmas)
and the rule lemmatizer.

spaCy's attribute ruler runs a Matcher with all of its ~180 patterns at every token and then
builds a Span per match; its lemmatizer makes a Token object per token. Together they were a
third as costly as the parser. Here both read and write whole columns (`Doc.to_array` /
`Doc.from_array`) and decide once per distinct token what spaCy's rules give it:

* the ruler's single-token patterns depend only on the token's tag, lowercase form,
  dependency label and whether it is a space, so their joined attributes are computed once
  per such combination; its few multi-token patterns are tried where their first token fits;
  attributes are applied in the ruler's own order (a later rule overrides an earlier one);
* the lemma spaCy's rules give depends only on the token's form, part of speech and
  morphology (its own cache is keyed by them), so each combination is asked of the model's
  lemmatizer once and the lemma reused.

Both are built from the loaded model's components (patterns, tables), never from a list of
our own: `pipeline.build` swaps them in, and tests/test_fastpipes.py checks every annotation
against spaCy's on texts of several kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Token attributes the ruler's patterns may test, as the Matcher reads them (strings, a flag).
_READ = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_READ_AT = {key: at for at, key in enumerate(_READ)}
# Attributes the ruler may set, and the order of the columns written back.
_WRITE = (TAG, POS, MORPH, LEMMA, DEP)


class UnsupportedPattern(ValueError):
    """A pattern this stand-in cannot read (the model's own component is then kept)."""


def _predicate(key: str, spec) -> Callable[[str | bool], bool]:
    """One token attribute's test, as spaCy's Matcher makes it of a pattern's value."""
    if isinstance(spec, bool):
        return lambda value: value is spec
    if isinstance(spec, str):
        return lambda value: value == spec
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda value: value in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda value: value not in banned
        if op == "REGEX":
            pattern = re.compile(arg)
            return lambda value: bool(pattern.search(value))
    raise UnsupportedPattern(f"{key}: {spec!r}")


def _token_test(token: dict) -> Callable[[tuple], bool]:
    """The test of one token of a pattern over a token's (tag, lower, dep, is_space)."""
    tests = []
    for key, spec in token.items():
        if key not in _READ:
            raise UnsupportedPattern(key)
        tests.append((tuple(_READ).index(key), _predicate(key, spec)))
    return lambda values: all(test(values[at]) for at, test in tests)


@dataclass(frozen=True, slots=True)
class _Multi:
    rule: int                                    # the rule's place in the ruler (its precedence)
    tests: tuple[Callable[[tuple], bool], ...]   # one per token of the pattern
    index: int                                   # the token of the match that takes the attributes


class FastAttributeRuler:
    """spaCy's AttributeRuler over the same patterns, a column at a time."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab: Vocab = ruler.vocab
        self.attrs: list[dict[int, int]] = [dict(a) for a in ruler.attrs]
        if any(key not in _WRITE for attrs in self.attrs for key in attrs):
            raise UnsupportedPattern("an attribute other than tag, pos, morph, lemma or dep")
        self._single_patterns: list[tuple[int, Callable[[tuple], bool], dict]] = []
        multi: list[_Multi] = []
        for rule, (patterns, index) in enumerate(zip(_patterns(ruler), ruler.indices)):
            for pattern in patterns:
                if any(set(tok) - set(_READ) for tok in pattern) or any(
                        key in tok for tok in pattern for key in ("OP", "_")):
                    raise UnsupportedPattern(repr(pattern))
                tests = tuple(_token_test(tok) for tok in pattern)
                if len(tests) == 1:
                    if index not in (0, -1):
                        raise UnsupportedPattern(f"index {index} of a one-token pattern")
                    self._single_patterns.append((rule, tests[0], pattern[0]))
                else:
                    if not -len(tests) <= index < len(tests):
                        raise UnsupportedPattern(f"index {index} of a {len(tests)}-token pattern")
                    multi.append(_Multi(rule, tests, index % len(tests)))
        self.multi = tuple(multi)
        # Which single-token rules a token may fit, found from the value one of their tests asks
        # for (a tag, a lowercase form...); rules with no such test are tried on every token.
        self._by_value: dict[tuple[int, str], list[int]] = {}
        self._always: list[int] = []
        for n, (_rule, _test, pattern) in enumerate(self._single_patterns):
            anchor = next(((_READ_AT[k], v) for k, v in pattern.items() if isinstance(v, str)), None)
            choices = next(((_READ_AT[k], v["IN"]) for k, v in pattern.items()
                            if isinstance(v, dict) and list(v) == ["IN"]), None)
            if anchor is not None:
                self._by_value.setdefault(anchor, []).append(n)
            elif choices is not None:
                for value in set(choices[1]):
                    self._by_value.setdefault((choices[0], value), []).append(n)
            else:
                self._always.append(n)
        # (tag, lower, dep, is_space) -> (the single-token rules that fit, in order; their joined
        # attributes; the multi-token patterns whose first token fits)
        self._seen: dict[tuple[int, int, int, int], tuple[tuple[int, ...], dict[int, int], tuple[_Multi, ...]]] = {}

    def _decide(self, key: tuple[int, int, int, int]) -> tuple[tuple[tuple[int, int], ...], tuple[_Multi, ...]]:
        """What the single-token rules set on a token of this (tag, lower, dep, is_space), as
        (column, value) pairs, and the multi-token patterns that may start at it."""
        values = self._values(key)
        candidates = set(self._always)
        for at in range(3):
            candidates.update(self._by_value.get((at, values[at]), ()))
        joined: dict[int, int] = {}
        for n in sorted(candidates):  # in the ruler's order: a later rule overrides
            rule, test, _pattern = self._single_patterns[n]
            if test(values):
                joined.update(self.attrs[rule])
        sets = tuple((_WRITE.index(attr), value) for attr, value in joined.items())
        starts = tuple(m for m in self.multi if m.tests[0](values))
        self._seen[key] = decided = (sets, starts)
        return decided

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = [tuple(row) for row in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        seen = self._seen
        decided = [seen.get(k) or self._decide(k) for k in keys]
        extra: dict[int, list[int]] = {}  # token -> the multi-token rules that set it
        for start, (_sets, starts) in enumerate(decided):
            for m in starts:
                end = start + len(m.tests)
                if end <= len(keys) and all(test(self._values(keys[start + k]))
                                            for k, test in enumerate(m.tests[1:], 1)):
                    extra.setdefault(start + m.index, []).append(m.rule)
        rows = doc.to_array(list(_WRITE)).tolist()
        for i, (sets, _starts) in enumerate(decided):
            if i in extra:
                sets = self._joined(keys[i], extra[i])
            row = rows[i]
            for col, value in sets:
                row[col] = value
        doc.from_array(list(_WRITE), np.array(rows, dtype=np.uint64))
        return doc

    def _joined(self, key: tuple[int, int, int, int], more: list[int]) -> tuple[tuple[int, int], ...]:
        """(column, value) pairs of the single-token rules that fit a token and of `more` rules, in order."""
        values = self._values(key)
        rules = {rule for rule, test, _pattern in self._single_patterns if test(values)} | set(more)
        joined: dict[int, int] = {}
        for rule in sorted(rules):
            joined.update(self.attrs[rule])
        return tuple((_WRITE.index(attr), value) for attr, value in joined.items())

    def _values(self, key: tuple[int, int, int, int]) -> tuple:
        strings = self.vocab.strings
        return (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _patterns(ruler: AttributeRuler) -> list[list[list[dict]]]:
    """The token patterns of each rule, in the ruler's order."""
    by_rule: list[list[list[dict]]] = [[] for _ in ruler.attrs]
    for i in range(len(ruler.attrs)):
        _key, patterns = ruler.matcher.get(ruler.vocab.strings[str(i)])
        by_rule[i] = [list(p) for p in patterns]
    return by_rule


class FastLemmatizer:
    """spaCy's rule Lemmatizer, asked once per (form, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise UnsupportedPattern(f"lemmatizer mode {lemmatizer.mode}")
        self.lemmatizer = lemmatizer
        self.overwrite = lemmatizer.overwrite
        self._seen: dict[tuple[int, int, int], int] = {}
        lookups = lemmatizer.lookups
        # spaCy's rules ask `form in index`, and an index is a list of some thousands of words:
        # the same question of a set gives the same answer in a fraction of the time.
        self._index_table = lookups.get_table("lemma_index", {})
        self._index: dict[str, frozenset[str] | None] = {}
        self._exceptions = lookups.get_table("lemma_exc", {})
        self._rules = lookups.get_table("lemma_rules", {})

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = columns.tolist()
        changed = False
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if self.overwrite or lemma == 0:
                key = (orth, pos, morph)
                found = self._seen.get(key)
                if found is None:
                    found = self._seen[key] = strings.add(self._lemma(doc[i]))
                columns[i, 3] = found
                changed = True
        if changed:
            doc.from_array([LEMMA], columns[:, 3:4].copy())
        return doc

    def _lemma(self, token) -> str:
        """The first of the lemmas spaCy's `Lemmatizer.rule_lemmatize` gives the token (its steps, in its order)."""
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space") or self.lemmatizer.is_base_form(token):
            return self.lemmatizer.lemmatize(token)[0]  # spaCy's own path (it warns of a missing part of speech)
        if univ_pos not in self._index:
            words = self._index_table.get(univ_pos)
            self._index[univ_pos] = frozenset(words) if words else None
        index = self._index[univ_pos]
        exceptions = self._exceptions.get(univ_pos)
        rules = self._rules.get(univ_pos)
        if not any((index, exceptions, rules)):
            return string if univ_pos == "propn" else string.lower()
        index = index or frozenset()
        exceptions = exceptions or {}
        lower = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules or []:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lower, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        return forms[0] if forms else string

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("treatywatch_attribute_ruler_v1")
def _make_ruler(nlp: Language, name: str) -> FastAttributeRuler:  # noqa: ARG001
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("treatywatch_lemmatizer_v1")
def _make_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:  # noqa: ARG001
    return FastLemmatizer(nlp.get_pipe("lemmatizer"))


def swap_in(nlp: Language) -> Language:
    """The model's attribute ruler and rule lemmatizer replaced by the stand-ins above (each
    left as it is if it holds something they cannot read)."""
    for name, factory in (("attribute_ruler", "treatywatch_attribute_ruler_v1"),
                          ("lemmatizer", "treatywatch_lemmatizer_v1")):
        if name not in nlp.pipe_names:
            continue
        try:
            nlp.add_pipe(factory, name=f"{name}_fast", after=name)
        except UnsupportedPattern:
            continue
        nlp.remove_pipe(name)
        nlp.rename_pipe(f"{name}_fast", name)
    return nlp
