"""Can a text report on an agreement? A test cheap enough to run before parsing anything.

Every record the extractors make hangs on a mention, and every mention is an agreement noun:
in English a token whose lemma is one of `data/rules/agreements.json`'s kinds or anaphors
(extract/agreements.py), in another language a stem of a pack's `agreement_nouns`
(extract/foreign.py), and a text is read either by the English pipeline or by the one pack that
`foreign.language_of` picks for it. News also reports a signing or a ratification of an instrument it calls
by another word ("a ten-year framework"), which the extractors may learn to read: the cues of
`data/rules/relevance.json` keep such an article too. A text with neither, in English or in any
language pack, cannot report on an agreement: `can_report` says False and the article is stored
unread (parsing it would give no facts).

The test is a few set look-ups per word, and it only ever errs towards reading: English forms
are matched as whole words in any case (a kind that needs a modifier, "joint statement", counts
when the modifier is anywhere in the text) whatever the language; the stems of the text's pack
as the start of a word (a stem written with a final space, and a word of a stem of several but
its last, as a whole word), or as a part of a word where the pack lets a stem stand inside one
(compounds, endings, clitics, scripts whose vowel signs Python does not count as letters).
Whatever a pack's own reader matches, this test matches too (the pack's of another language
would not: Italian's "accordi" begins "according"); bench/bench_relevance.py measures both
promises on corpora.

An English text that can report is read only if it also names someone who could be a party
(`names_party`: a state, its adjective or capital, a leader, an organisation, a body, a region of
the gazetteer, all of a name's words in the text in any case). News signs players and reaches
wage deals in every edition; without a party such a report gives at most an agreement between no
one named. `verdict` makes both tests and gives the language the text is read in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from treatywatch.extract import gazetteer
from treatywatch.extract.agreements import rules
from treatywatch.extract.foreign import OPTIONAL_MARK_CHARS, SCRIPTS, language_of, packs
from treatywatch.records import Article

WORD = re.compile(r"[^\W\d_]+")
# Scripts whose vowel signs Python's \w leaves out: a word of them is not one \w+ run.
SPLIT_SCRIPTS = ("arabic", "devanagari")


def english_forms(lemma: str) -> set[str]:
    """The written forms of a noun whose lemma is `lemma`: singular and plural ("treaty", "treaties",
    "memoranda"); a possessive ends at the apostrophe, which a whole-word match already allows."""
    forms = {lemma, lemma + "s", lemma + "es"}
    if lemma.endswith("y"):
        forms.add(lemma[:-1] + "ies")
    if lemma.endswith("um"):
        forms.add(lemma[:-2] + "a")
    return forms


def verb_forms(lemma: str) -> set[str]:
    """The written forms of a verb ("sign", "signs", "signed", "signing"; "ratified", "ratifies")."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


@lru_cache(maxsize=1)
def cues() -> dict:
    return json.loads((resources.files("treatywatch") / "data/rules/relevance.json").read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    return text.replace("İ", "i").lower()


@lru_cache(maxsize=1)
def _english() -> tuple[frozenset[str], list[tuple[frozenset[str], frozenset[str]]]]:
    """The English words that make a mention (or report a step) by themselves, and (nouns,
    modifiers) pairs for the kinds that make one only with a modifier ("joint statement")."""
    cfg = rules()
    plain = set().union(*(english_forms(w) for w in cfg["anaphors"]),
                        *(english_forms(w) | verb_forms(w) for w in cues()["english_cues"]))
    guarded = []
    for lemma, spec in cfg["kinds"].items():
        if spec.get("needs_modifier"):
            guarded.append((frozenset(english_forms(lemma)), frozenset(_fold(m) for m in spec["needs_modifier"])))
        else:
            plain |= english_forms(lemma)
    return frozenset(_fold(w) for w in plain), guarded


def english_words() -> frozenset[str]:
    """Every lowercase English form that can make a mention or report a step (a kind that needs a
    modifier counts by its noun): where an English text can speak of an agreement."""
    plain, guarded = _english()
    return plain.union(*(nouns for nouns, _modifiers in guarded))


@dataclass(frozen=True, slots=True)
class _Pack:
    """One language pack's stems, ready for the test."""

    starts: dict[str, tuple[str, ...]]   # a word's first two letters -> the stems it may begin with
    whole: frozenset[str]                # stems that are whole words
    phrases: tuple[tuple[tuple[str, ...], str, bool], ...]  # stems of several words: (whole words, last, whole?)
    inside: tuple[str, ...]              # stems that may stand anywhere in the text
    canonical: dict[int, int | None]     # str.translate table: letter variants to one letter, marks dropped

    def found_in(self, folded: str, words: set[str]) -> bool:
        if self.canonical:
            folded = folded.translate(self.canonical)
            words = set(WORD.findall(folded))
        if not words.isdisjoint(self.whole) or any(stem in folded for stem in self.inside):
            return True
        if any(all(w in words for w in first) and (last in words if whole else
                                                    any(word.startswith(last) for word in words))
               for first, last, whole in self.phrases):
            return True
        return any(word.startswith(stem) for word in words
                   for stem in self.starts.get(word[:2], ()) + self.starts.get(word[:1], ()))


def _pack(pack: dict) -> _Pack:
    """Agreement nouns and the stems of the cues of `pack_cue_events` that need nothing else."""
    events = set(cues()["pack_cue_events"])
    stems = [*pack.get("agreement_nouns", ()),
             *(stem for cue in pack.get("events", ()) if cue["event"] in events
               and not any(key.startswith("needs") for key in cue) for stem in cue["stems"])]
    canonical: dict[int, int | None] = {}
    for group in pack.get("letter_variants", ()):
        canonical.update({ord(v): ord(group[0]) for v in group[1:]})
    if pack.get("script") == "arabic":
        canonical.update({ord(c): None for c in OPTIONAL_MARK_CHARS})
    anywhere = bool(pack.get("compounds") or pack.get("clitics")) or pack.get("script") in SPLIT_SCRIPTS
    starts: dict[str, list[str]] = {}
    whole, phrases, inside = set(), set(), []
    for raw in stems:
        stem = _fold(raw).strip().translate(canonical)
        if raw.startswith("-") or anywhere:
            inside.append(stem.lstrip("-"))
            continue
        parts = stem.split()
        if len(parts) > 1:  # every word but the last is followed by a space: whole words
            phrases.add((tuple(parts[:-1]), parts[-1], raw.endswith(" ")))
        elif raw.endswith(" "):
            whole.add(stem)
        else:
            starts.setdefault(stem[:2], []).append(stem)
    return _Pack({k: tuple(v) for k, v in starts.items()}, frozenset(whole), tuple(sorted(phrases)),
                 tuple(sorted(set(inside))), canonical)


@lru_cache(maxsize=None)
def _pack_of(language: str) -> _Pack:
    return _pack(packs()[language])


@lru_cache(maxsize=1)
def _any_pack() -> tuple[_Pack, list[tuple[str, _Pack]]]:
    """Every pack's stems in one test, and apart (with their script) the packs that rewrite letters
    (Arabic's variants): a text none of these can match needs no `language_of`, the costlier step."""
    union: list[_Pack] = []
    own: list[tuple[str, _Pack]] = []
    for language, pack in packs().items():
        if pack.get("agreement_nouns"):
            compiled = _pack_of(language)
            (own.append((pack.get("script", "latin"), compiled)) if compiled.canonical else union.append(compiled))
    starts: dict[str, tuple[str, ...]] = {}
    for compiled in union:
        for key, stems in compiled.starts.items():
            starts[key] = starts.get(key, ()) + stems
    return _Pack(starts, frozenset().union(*(p.whole for p in union)), tuple(p for c in union for p in c.phrases),
                 tuple(sorted({i for c in union for i in c.inside})), {}), own


def can_report(text: str) -> bool:
    """False when `text` has no agreement noun or lifecycle cue of English or of any language pack,
    so that no extractor can find an agreement in it; True when it may (it must be read to know)."""
    return _tested(text)[0]


def _tested(text: str) -> tuple[bool, set[str], tuple[str | None, ...]]:
    """`can_report`'s answer, the text's lowercase words, and (its language,) where the answer
    needed `language_of` (else ()): what `verdict` would otherwise work out again."""
    folded = _fold(text)
    words = set(WORD.findall(folded))
    plain, guarded = _english()
    if not words.isdisjoint(plain):
        return True, words, ()
    if any(not words.isdisjoint(nouns) and not words.isdisjoint(modifiers) for nouns, modifiers in guarded):
        return True, words, ()
    union, own = _any_pack()
    if not union.found_in(folded, words) and \
            not any(SCRIPTS[script].search(text) and pack.found_in(folded, words) for script, pack in own):
        return False, words, ()
    language = language_of(text)
    return language is not None and _pack_of(language).found_in(folded, words), words, (language,)


@lru_cache(maxsize=1)
def _party_names() -> dict[str, tuple[frozenset[str], ...]]:
    """Every name the English reader can take a party from (a state, its adjective or capital, a
    leader, an organisation, a ratifying body, a region of states) as the set of its lowercase
    words, filed under its longest word."""
    known = gazetteer.load()
    names = [phrase for phrase, (label, _code) in known.phrases.items() if label != "CITY"]
    names += [*known.leaders, *known.bodies, *known.regions]
    index: dict[str, list[frozenset[str]]] = {}
    for name in names:
        words = frozenset(WORD.findall(_fold(name)))
        key = max(words, key=lambda w: (len(w), w), default="")
        index.setdefault(key, []).append(words - {key})
    return {key: tuple(rests) for key, rests in index.items()}


def names_party(text: str) -> bool:
    """Whether an English text may name a party of an agreement: some name of the gazetteer has
    all its words in the text, in any case and order (the reader matches names as written and in
    order, so this errs only towards True). A text naming none can report on an agreement only
    without saying between whom: parsing it could give an agreement with no parties, and the gold
    of every shared corpus has such an agreement only as an optional one (named in passing)."""
    return _names_party_in(set(WORD.findall(_fold(text))))


def _names_party_in(words: set[str]) -> bool:
    index = _party_names()
    if "" in index:  # a name without letters ("5+5"): nothing tells whether the text has it
        return True
    return any(rest <= words for word in words.intersection(index) for rest in index[word])


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an article is parsed, and the language pack it is read with (None: English)."""

    read: bool
    language: str | None = None


def verdict(article: Article) -> Verdict:
    """An article is parsed when its text can report on an agreement (`can_report`) and, in
    English, when it names a state, leader, organisation or body that could be a party
    (`names_party`). A text in a pack's language is read whenever it can report: the pack's own
    state names are stems, not whole words, and are not tested here."""
    can, words, known = _tested(article.text)
    if not can:
        return Verdict(False)
    language = known[0] if known else language_of(article.text)
    return Verdict(language is not None or _names_party_in(words), language)


def is_relevant(article: Article) -> bool:
    """Whether the article is worth parsing (`verdict`)."""
    return verdict(article).read
