"""Text normalisation and removal of boilerplate lines (share buttons, comment forms)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from treatywatch.rules import load_rules


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rule["pattern"], re.IGNORECASE)
                 for rule in load_rules("rules/boilerplate.jsonl", required=("pattern",)))


def normalise(text: str) -> str:
    """NFKC (turns non-breaking spaces into spaces), Unix newlines, no trailing blanks."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def remove_boilerplate(text: str) -> str:
    """Drop lines that are boilerplate as a whole; article sentences are never cut."""
    kept = [line for line in text.split("\n")
            if not any(p.match(line.strip()) for p in _patterns())]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def clean(text: str) -> str:
    return remove_boilerplate(normalise(text))
