"""Provisions (codebook keys) stated for an agreement, with the sentence that states each."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from treatywatch.extract.agreements import Mention
from treatywatch.records import Evidence, Provision, ProvisionFact
from treatywatch.rules import load_rules

# Sentences after the last mention of an agreement that may still describe it.
FOCUS_REACH = 4
BORDER_SUBJECTS = frozenset({"border", "junction"})
QUOTES = "\"\u201c\u201d\u00ab\u00bb"


@dataclass(frozen=True, slots=True)
class Rule:
    key: Provision
    cues: tuple[re.Pattern[str], ...]
    denial: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    extra = json.loads((resources.files("treatywatch") / "data/rules/provisions.json").read_text())
    rules = []
    for row in load_rules("codebook/provisions.jsonl", required=("id", "cues", "nouns")):
        rules.append(Rule(Provision(row["id"]),
                          tuple(re.compile(c, re.I) for c in row["cues"]),
                          re.compile(extra["denial"] + "(?:" + row["nouns"] + ")", re.I)))
    return tuple(rules), tuple(extra["hedges"])


@lru_cache(maxsize=1)
def _claims() -> tuple[tuple[Provision, re.Pattern[str]], ...]:
    return tuple((Provision(row["key"]), re.compile(row["pattern"], re.I))
                 for row in load_rules("rules/claims.jsonl", required=("id", "key", "pattern")))


def find_provisions(doc: Doc, mentions: list[Mention], article_id: str,
                    claims: list[ProvisionFact] | None = None) -> list[ProvisionFact]:
    """Provision facts; an outlet's looser claims about content go to `claims` when given."""
    rules, hedges = _rules()
    facts: list[ProvisionFact] = []
    focus: Mention | None = None
    since_focus = 0
    subjects: dict[int, frozenset[str]] = {}
    for mention in mentions:
        subjects[mention.cluster] = subjects.get(mention.cluster, frozenset()) | mention.subject
    for sent in doc.sents:
        in_sent = [m for m in mentions if m.cluster >= 0 and sent.start <= m.head.i < sent.end]
        if any(not m.background for m in in_sent):
            since_focus = 0
        else:
            since_focus += 1
        text = sent.text
        lowered = text.lower()
        if any(re.search(rf"\b{h}", lowered) for h in hedges):
            continue
        candidates = [m for m in in_sent if not m.background]
        if not candidates and (focus is None or since_focus > FOCUS_REACH):
            continue
        if claims is not None:
            for key, pattern in _claims():
                if (hit := pattern.search(text)) and not _quoted(doc.text, sent.start_char + hit.start()):
                    target = candidates[0] if candidates else focus
                    claims.append(ProvisionFact(key, True, f"m{target.cluster}",
                                                Evidence(article_id, sent.start_char, sent.end_char, text.strip())))
        for rule in rules:
            denied = rule.denial.search(text)
            hit = denied or next((m for c in rule.cues if (m := c.search(text))), None)
            if hit is None:
                continue
            offset = sent.start_char + hit.start()
            target = min(candidates, key=lambda m: abs(m.span.start_char - offset)) if candidates else focus
            if rule.key == Provision.BORDER and not (subjects.get(target.cluster, frozenset()) & BORDER_SUBJECTS):
                continue  # borders come up in every neighbourly treaty; only a border agreement delimits one
            evidence = Evidence(article_id, sent.start_char, sent.end_char, text.strip(),
                                primary=_quoted(doc.text, sent.start_char + hit.start()))
            facts.append(ProvisionFact(rule.key, denied is None, f"m{target.cluster}", evidence))
        reported = [m for m in in_sent if not m.background]
        if reported:
            focus = reported[-1]  # "on the basis of the UN Charter" does not change the subject
    return facts


def _quoted(text: str, offset: int) -> bool:
    """Inside quotation marks: the agreement's own words rather than the outlet's summary."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    return sum(before.count(q) for q in QUOTES) % 2 == 1
