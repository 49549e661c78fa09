"""Which pieces of a very long text are parsed: a bounded amount of work per article, said out loud.

A text over the parse budget (some 30 pages) is not parsed whole: its first piece (headline,
dateline and lead) is, then, in text order, the pieces that can report on an agreement
(extract/relevance.py) while they fit the budget. The ingest report names the article and how
much of it was parsed, so nothing is left out without a word.
"""

from __future__ import annotations

from treatywatch.extract.relevance import can_report

# Characters parsed per article at most: about 4 s of extraction on one core.
PARSE_BUDGET_CHARS = 100_000


def pieces_to_parse(text: str, bounds: list[tuple[int, int]], budget: int = PARSE_BUDGET_CHARS) -> list[int]:
    """Indexes into `bounds` of the pieces to parse, in text order: all of them within `budget`
    characters, else the first one and, earliest first, those that can report on an agreement and fit."""
    if bounds[-1][1] - bounds[0][0] <= budget:
        return list(range(len(bounds)))
    chosen, used = [0], bounds[0][1] - bounds[0][0]
    for number, (start, end) in enumerate(bounds[1:], 1):
        if used + end - start <= budget and can_report(text[start:end]):
            chosen.append(number)
            used += end - start
    return chosen


def parsed_note(parsed: int, total: int, budget: int = PARSE_BUDGET_CHARS) -> str:
    """The ingest report's line for an article read in part."""
    return (f"read in part: {parsed:,} of {total:,} characters parsed, the first piece and those that can report "
            f"on an agreement (at most {budget:,} per article); split the text into several articles to read it all")
