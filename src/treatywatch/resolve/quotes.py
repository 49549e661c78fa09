"""Quoted clauses aligned across outlets: one clause of an agreement quoted in slightly different words.

Outlets translate the same clause differently ("the parties" / "the contracting parties",
"preparing or carrying out" / "preparation or realization"), quote more or less of it, and
mix quotation marks (“…”, «…», "…"). Two quotes are one clause when their word-sorted texts
are close (rapidfuzz token_sort_ratio >= SAME_CLAUSE) or when the shorter, long enough to
be a clause, is nearly contained in the longer (partial_ratio >= SAME_FRAGMENT). Callers
align only quotes of one agreement, so two agreements' like-worded clauses never merge.

Comparing every pair of an agreement's quotes took minutes on an agreement reported by a few
hundred articles, so `align` blocks: quotes in the same words are one clause without a
comparison, and two wordings are compared only when they share a word stem, the best-sharing
candidates first and a bounded number per quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from treatywatch.resolve.groups import Groups

# Any opening mark to the next closing mark with no mark in between; straight quotes open and
# close, and one outlet may open with “ and close with ".
QUOTED = re.compile(r"[\u201c\u00ab\"]([^\u201c\u201d\u00ab\u00bb\"]+)[\u201d\u00bb\"]")
# Shorter quotes are names and phrases ("historic", "a new stage"), not clauses.
MIN_WORDS = 5
# Measured on the quotes of articles that report one agreement in the seeds and dev corpora
# (412 pairs): one clause in two translations scores 75-100 on token_sort_ratio, two
# different clauses at most 69, so 75 sits at the top of the gap.
SAME_CLAUSE = 75
# A fragment of a quoted clause scores ~100 on partial_ratio against the whole; different
# clauses score at most 67. Fragments under FRAGMENT_WORDS words match too easily.
SAME_FRAGMENT = 85
FRAGMENT_WORDS = 8
# Blocking. A word's first STEM_CHARS letters are its stem ("consult" ~ "consultations"); two
# wordings that share no stem are never one clause (the shortest quote has MIN_WORDS words).
STEM_CHARS = 4
# A stem every quote has ("part" of "parties") finds candidates among its latest POSTINGS quotes only.
POSTINGS = 400
# Each new wording is compared with at most TRIES earlier ones outside its clause, those that
# share most stems first (a clause it has joined is not compared again). Fewer than TRIES
# quotes are compared exhaustively, as before blocking.
TRIES = 200


class Quote(NamedTuple):
    """One quoted clause in one article; start/end are offsets into Article.text (-1: unknown)."""

    text: str
    article_id: str
    outlet: str | None = None
    start: int = -1
    end: int = -1


def quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, clause) for every quotation of at least MIN_WORDS words; offsets exclude the marks."""
    spans = []
    for match in QUOTED.finditer(text):
        clause = match.group(1).strip()
        if len(_words(clause).split()) >= MIN_WORDS:
            start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
            spans.append((start, start + len(clause), clause))
    return spans


def same_clause(a: str, b: str) -> bool:
    """Whether two quotes are one clause in different wording, or one a fragment of the other."""
    return _same(_Wording(_words(a)), _Wording(_words(b)))


class _Wording:
    """A quote's normalised words, prepared once for every comparison it takes part in."""

    __slots__ = ("words", "sorted", "count", "stems")

    def __init__(self, words: str):
        tokens = words.split()
        self.words = words
        self.sorted = " ".join(sorted(tokens))  # what token_sort_ratio compares
        self.count = len(tokens)
        self.stems = {t[:STEM_CHARS] for t in tokens if len(t) >= STEM_CHARS} or set(tokens)


def _same(x: _Wording, y: _Wording) -> bool:
    if not x.words or not y.words:
        return False
    if fuzz.ratio(x.sorted, y.sorted, score_cutoff=SAME_CLAUSE):
        return True
    return min(x.count, y.count) >= FRAGMENT_WORDS and \
        bool(fuzz.partial_ratio(x.words, y.words, score_cutoff=SAME_FRAGMENT))


def _link(items: list[str], groups_of: Groups) -> int:
    """Join the quotes that are one clause (`items`: their normalised words); returns the comparisons made."""
    prepared: dict[int, _Wording] = {}
    first: dict[str, int] = {}
    postings: dict[str, list[int]] = defaultdict(list)  # stem -> earlier distinct wordings
    compared = 0
    for i, words in enumerate(items):
        if not words:
            continue  # nothing to compare: a clause of its own
        if words in first:
            groups_of.join(first[words], i)  # the same words: the same clause
            continue
        first[words] = i
        wording = prepared[i] = _Wording(words)
        shared: Counter = Counter()
        for stem in wording.stems:
            shared.update(postings[stem][-POSTINGS:])
        tries = 0
        for j, _ in shared.most_common():
            if tries >= TRIES:
                break
            if groups_of.find(j) == groups_of.find(i):
                continue
            tries += 1
            if _same(wording, prepared[j]):
                groups_of.join(i, j)
        for stem in wording.stems:
            postings[stem].append(i)
        compared += tries
    return compared


def align(quotes: Iterable[Quote | tuple], story_of: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Group the quotes of one agreement into clauses, most widely quoted first.

    Each clause: its longest wording (`clause`), `quoted_by` (distinct outlets; an article
    with no outlet counts as its own), `outlets`, `articles`, `stories` (independent stories,
    when `story_of` is given, else articles) and every `quotes` entry with its offsets.
    """
    items = [q if isinstance(q, Quote) else Quote(*q) for q in quotes]
    groups_of = Groups(len(items))
    _link([_words(q.text) for q in items], groups_of)
    groups: dict[int, list[Quote]] = {}
    for i, item in enumerate(items):
        groups.setdefault(groups_of.find(i), []).append(item)
    story_of = story_of or {}
    clauses = []
    for members in groups.values():
        outlets = list(dict.fromkeys(q.outlet or q.article_id for q in members))
        articles = list(dict.fromkeys(q.article_id for q in members))
        clauses.append({
            "clause": max((q.text for q in members), key=len),
            "quoted_by": len(outlets), "outlets": outlets, "articles": articles,
            "stories": len({story_of.get(a, a) for a in articles}),
            "quotes": [{"article_id": q.article_id, "start": q.start, "end": q.end, "text": q.text} for q in members],
        })
    return sorted(clauses, key=lambda c: (-c["quoted_by"], -c["stories"]))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))
