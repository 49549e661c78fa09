"""Articles not in English: a lighter reading driven by a language pack (data/languages/<lang>.json).

The English model cannot parse them, so this reader works on sentences and word stems:
agreement nouns with the subject words that follow them, state names, lifecycle verbs,
ratifying bodies and dates with month names. Subjects are mapped to the English subject
words, so a Russian report of a ratification merges with the English reports of the signing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from functools import lru_cache
from importlib import resources

from treatywatch.extract.dates import day_without_year, latest_full_date
from treatywatch.records import (AgreementKind, AgreementMention, Article, ArticleFacts, EventFact, EventKind,
                                 Evidence, PartialDate)

SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
SCRIPTS = {"cyrillic": re.compile(r"[\u0400-\u04ff]")}
WEAK = frozenset(json.loads((resources.files("treatywatch") / "data/rules/agreements.json").read_text())
                 ["weak_subject_words"])
FAMILY = {"treaty": "treaty", "agreement": "treaty", "declaration": "declaration",
          "memorandum": "memorandum", "protocol": "protocol"}


@lru_cache(maxsize=None)
def packs() -> dict[str, dict]:
    folder = resources.files("treatywatch") / "data" / "languages"
    return {entry.name.removesuffix(".json"): json.loads(entry.read_text(encoding="utf-8"))
            for entry in folder.iterdir() if entry.name.endswith(".json")}


def language_of(text: str) -> str | None:
    """The language pack that fits a text not written in Latin script, if any."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    for name, pack in packs().items():
        script = SCRIPTS.get(pack.get("script", ""))
        if script and sum(1 for c in letters if script.match(c)) / len(letters) > 0.5:
            return name
    return None


def _stem_pattern(stems) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + r")\w*",
                      re.IGNORECASE)


def extract_foreign(article: Article, language: str, published: date | None) -> ArticleFacts:
    pack = packs()[language]
    text = article.text
    sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]
    anchor = published or latest_full_date(text) or _latest_local_date(text, pack)
    nouns = _stem_pattern(pack["agreement_nouns"])
    anaphors = _stem_pattern(pack["anaphors"])
    clusters: list[dict] = []
    facts = ArticleFacts(article=article, published=published)
    last: dict | None = None
    for start, end in sentences:
        sentence = text[start:end]
        evidence = Evidence(article.id, start, end, sentence.strip())
        in_sentence = []
        for match in nouns.finditer(sentence):
            kind = _kind(match.group(), pack)
            title = _title(sentence, match)
            subject = _subject(title, pack)
            if not subject - WEAK:
                subject = frozenset()  # "cooperation" alone names no particular agreement
            target = _cluster_for(clusters, kind, subject, last)
            target["mentions"].append((title, kind, subject, evidence))
            target["sentences"].append(sentence)
            in_sentence.append(target)
            last = target
        if not in_sentence and last is not None and anaphors.search(sentence):
            in_sentence.append(last)
            last["sentences"].append(sentence)
        for cluster in in_sentence[:1] or ([last] if last and _names_event(sentence, pack) else []):
            facts.events.extend(_events(sentence, evidence, f"m{cluster['index']}", pack, published, anchor,
                                        lead=start < 400))
    for cluster in clusters:
        if not cluster["family"]:
            continue
        titles = [m[0] for m in sorted(cluster["mentions"], key=lambda m: -len(m[2]))]
        kinds = Counter(m[1] for m in cluster["mentions"])
        subject = max((m[2] for m in cluster["mentions"]), key=len)
        facts.agreements.append(AgreementMention(
            ref=f"m{cluster['index']}", title=titles[0], kind=AgreementKind(kinds.most_common(1)[0][0]),
            subject=" ".join(sorted(subject)), parties=_parties(cluster["sentences"], text, pack), background=False,
            evidence=list({m[3].start: m[3] for m in cluster["mentions"]}.values())))
    refs = {m.ref for m in facts.agreements}
    facts.events = [e for e in facts.events if e.agreement_ref in refs]
    return facts


def _kind(word: str, pack: dict) -> str:
    lowered = word.lower()
    return next(kind for stem, kind in sorted(pack["agreement_nouns"].items(), key=lambda kv: -len(kv[0]))
                if lowered.startswith(stem))


def _title(sentence: str, match: re.Match[str]) -> str:
    """The noun and the words after it up to a comma, a clause break or twelve words."""
    rest = re.split(r"[,;:()«»\"“”]|\s[—–-]\s", sentence[match.end():], maxsplit=1)[0]
    return (match.group() + " " + " ".join(rest.split()[:12])).strip()


def _subject(title: str, pack: dict) -> frozenset[str]:
    words = set()
    for word in re.findall(r"\w+", title.lower()):
        for stem, canonical in pack["subjects"].items():
            if word.startswith(stem):
                words.add(canonical)
    return frozenset(words)


def _cluster_for(clusters: list[dict], kind: str, subject: frozenset[str], last: dict | None) -> dict:
    family = FAMILY[kind]
    if subject:
        for cluster in clusters:
            if cluster["family"] == family and cluster["subject"] and \
                    len(cluster["subject"] & subject) / min(len(cluster["subject"]), len(subject)) >= 0.5:
                cluster["subject"] |= subject
                return cluster
    elif last is not None and last["family"] == family:
        return last
    cluster = {"index": len(clusters), "family": family if subject else None, "subject": set(subject),
               "mentions": [], "sentences": []}
    if not subject and last is None:
        cluster["family"] = family
    clusters.append(cluster)
    return cluster


def _names_event(sentence: str, pack: dict) -> bool:
    return any(_stem_pattern(cue["stems"]).search(sentence) for cue in pack["events"])


def _events(sentence: str, evidence: Evidence, ref: str, pack: dict, published: date | None,
            anchor: date | None, *, lead: bool) -> list[EventFact]:
    lowered = sentence.lower()
    if any(word in lowered for word in pack["future"]) or any(neg in lowered for neg in pack["negation"]):
        return []
    events = []
    for cue in pack["events"]:
        if not _stem_pattern(cue["stems"]).search(sentence):
            continue
        if cue.get("needs") and not any(word in lowered for word in cue["needs"]):
            continue
        body = _body(lowered, pack)
        if cue.get("needs_body") and body is None:
            continue
        kind = EventKind(cue["event"])
        if cue.get("law_means_ratified") and any(w in lowered for w in pack["law_words"]):
            kind = EventKind.RATIFIED
        when = _date(sentence, pack, published, anchor)
        inferred = False
        if when is None and lead and published and kind != EventKind.PROPOSED:
            when, inferred = PartialDate.from_date(published), True
        party, body_name = None, None
        if cue.get("party_event"):
            states = _states(sentence, pack)
            party = states[0] if states else None
        if kind == EventKind.RATIFIED:
            party = body[0] if body else None
            body_name = body[1] if body else None
            if party is None:
                # "the Senate of Kazakhstan ratified ... with Mongolia": the partner is not the ratifier
                states = _states(sentence, pack, skip_after=tuple(pack.get("with_words", ())))
                party = states[0] if len(set(states)) == 1 else None
        events.append(EventFact(kind, ref, when, None, party, body_name, evidence, inferred))
        break  # one event per sentence: the first cue in the pack's order wins
    return events


def _body(lowered: str, pack: dict) -> tuple[str | None, str] | None:
    for body in pack["bodies"]:
        if _stem_pattern(body["stems"]).search(lowered):
            return body["state"], body["body"]
    return None


def _states(sentence: str, pack: dict, *, skip_after: tuple[str, ...] = ()) -> list[str]:
    """States named in the sentence, in order; those right after `skip_after` words ("with X",
    "between X and Y") are left out."""
    found = []
    for code, stems in pack["states"].items():
        for match in _stem_pattern(stems).finditer(sentence):
            found.append((match.start(), code))
    kept, skipping = [], False
    for start, code in sorted(found):
        before = sentence[:start].split()[-2:]
        if before and before[-1].lower() in skip_after:
            skipping = True
            continue
        if skipping and before and before[-1].lower() in pack.get("and_words", ()):
            continue  # the second state of "между X и Y"
        skipping = False
        kept.append(code)
    return kept


def _parties(sentences: list[str], text: str, pack: dict) -> tuple[str, ...]:
    for stem, region in pack.get("regions", {}).items():
        pattern = re.compile(rf"(?<!\w){stem}\w*\s+{region['needs']}", re.IGNORECASE)
        if any(pattern.search(sentence) for sentence in sentences):
            return tuple(sorted(region["members"]))
    near = Counter()
    for sentence in sentences:
        near.update(set(_states(sentence, pack)))
    chosen = [code for code, _ in near.most_common(2)]
    if len(chosen) < 2:
        for code, _ in Counter(_states(text, pack)).most_common():
            if code not in chosen and len(chosen) < 2:
                chosen.append(code)
    return tuple(sorted(chosen))


def _month_pattern(pack: dict) -> re.Pattern[str]:
    months = "|".join(sorted(pack["months"], key=len, reverse=True))
    return re.compile(rf"(?<!\d)([0-3]?\d)\s+({months})\w*(?:\s+((?:19|20)\d\d))?", re.IGNORECASE)


def _date(sentence: str, pack: dict, published: date | None, anchor: date | None) -> PartialDate | None:
    iso = re.search(r"(?<!\d)((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?!\d)", sentence)
    if iso:
        return PartialDate.parse(iso.group(0))
    match = _month_pattern(pack).search(sentence)
    if match:
        month = next(n for stem, n in sorted(pack["months"].items(), key=lambda kv: -len(kv[0]))
                     if match.group(2).lower().startswith(stem))
        day = int(match.group(1))
        if match.group(3):
            try:
                return PartialDate.from_date(date(int(match.group(3)), month, day))
            except ValueError:
                return None
        return day_without_year(month, day, published, anchor)
    year = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", sentence)
    return PartialDate(int(year.group(1))) if year else None


def _latest_local_date(text: str, pack: dict) -> date | None:
    found = []
    for match in _month_pattern(pack).finditer(text):
        if match.group(3):
            month = next(n for stem, n in sorted(pack["months"].items(), key=lambda kv: -len(kv[0]))
                         if match.group(2).lower().startswith(stem))
            try:
                found.append(date(int(match.group(3)), month, int(match.group(1))))
            except ValueError:
                continue
    return max(found) if found else None
