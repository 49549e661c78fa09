"""Quoted clauses aligned across outlets: one clause quoted in slightly different translations."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

QUOTED = re.compile(r"[\"\u201c\u00ab]([^\"\u201c\u201d\u00ab\u00bb]{30,}?)[\"\u201d\u00bb]")
MIN_WORDS = 6
SAME_CLAUSE = 80   # token_set_ratio: word order and a few translated words may differ


def quoted_clauses(text: str) -> list[str]:
    return [m.group(1).strip() for m in QUOTED.finditer(text) if len(m.group(1).split()) >= MIN_WORDS]


def align(quotes: list[tuple[str, str, str | None]]) -> list[dict[str, Any]]:
    """(clause, article id, outlet) triples -> clauses with the articles and outlets that quote them."""
    groups: list[dict[str, Any]] = []
    for clause, article_id, outlet in quotes:
        home = next((g for g in groups if fuzz.token_set_ratio(g["clause"].lower(), clause.lower()) >= SAME_CLAUSE), None)
        if home is None:
            home = {"clause": clause, "articles": [], "outlets": []}
            groups.append(home)
        if article_id not in home["articles"]:
            home["articles"].append(article_id)
        source = outlet or article_id
        if source not in home["outlets"]:
            home["outlets"].append(source)
    for group in groups:
        group["quoted_by"] = len(group["outlets"])
    return sorted(groups, key=lambda g: -g["quoted_by"])
