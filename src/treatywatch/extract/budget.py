"""Which pieces of a very long text are parsed: a bounded amount of work per article, said out loud.

A text over the parse budget (some 30 pages) is not parsed whole: its first piece (headline,
dateline and lead) is, then the pieces that name agreements most often, up to the budget. The
rest cannot report on an agreement as often, and the ingest report names the article and how
much of it was parsed, so nothing is left out without a word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from treatywatch.extract.agreements import rules

# Characters parsed per article at most: about 4 s of extraction on one core (some 30 pages).
PARSE_BUDGET_CHARS = 100_000


@lru_cache(maxsize=1)
def _agreement_words() -> re.Pattern[str]:
    """The nouns that name an instrument (data/rules/agreements.json `kinds`), as whole words."""
    nouns = sorted(rules()["kinds"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in nouns) + r")s?\b", re.IGNORECASE)


def pieces_to_parse(text: str, bounds: list[tuple[int, int]], budget: int = PARSE_BUDGET_CHARS) -> list[int]:
    """Indexes into `bounds` of the pieces to parse, in text order: all of them within `budget`
    characters, else the first one and those with most agreement nouns per character that fit."""
    if bounds[-1][1] - bounds[0][0] <= budget:
        return list(range(len(bounds)))
    words = _agreement_words()

    def density(number: int) -> float:
        start, end = bounds[number]
        return len(words.findall(text, start, end)) / max(end - start, 1)

    chosen, used = [0], bounds[0][1] - bounds[0][0]
    for number in sorted(range(1, len(bounds)), key=lambda n: (-density(n), n)):
        size = bounds[number][1] - bounds[number][0]
        if density(number) > 0 and used + size <= budget:
            chosen.append(number)
            used += size
    return sorted(chosen)


def parsed_note(parsed: int, total: int, budget: int = PARSE_BUDGET_CHARS) -> str:
    """The ingest report's line for an article read in part."""
    return (f"read in part: {parsed:,} of {total:,} characters parsed, the pieces that name agreements most "
            f"often (at most {budget:,} per article); split the text into several articles to read it all")
