"""Articles not in English: a lighter reading driven by a language pack (data/languages/<lang>.json).

The English model cannot parse them, so this reader works on sentences and word stems:
agreement nouns with the subject words that name them, state names, lifecycle verbs,
ratifying bodies and dates with month names. Subjects are mapped to the English subject
words, so a report in another language of a ratification merges with the English reports of
the signing.

A pack's keys (ru.json and es.json are full examples). Telling the language: `script` ("latin"
when absent) and `function_words` (its commonest words, which tell it from English and from the
other languages of its script; en.json holds only English's and `default: true`: English has no
pack to read with, language_of returns None for it). Agreements: `agreement_nouns` (stem -> kind),
`anaphors`, `subjects` (stem -> English subject word), `distinct_markers` ("a similar agreement"
is another one), `title_stops` (words that end a name). Steps: `events` (cues: stems, event kind,
and optional `needs`, `needs_body`, `law_means_ratified`, `party_event`, `not_with_law`),
`law_words`, `future`, `negation`. Content: `provisions` (`content`, verbs that say what an
agreement contains, and `keys`, codebook key -> stems of its area). Dates: `months` and `weekdays` (stem -> number), `date_joiners`
and `day_suffixes` ("13 de marzo de 2025", "1er mars"), `month_day` / `year_first` (the order a
date is written in), `date_reach`. Parties: `states` (code -> stems), `gazetteer_states` (also
the gazetteer's state names and leaders, where the language writes them as English does) and
`gazetteer_except`, `bodies`, `regions`, `with_words` / `with_after` (the partner of a
ratification: "with X", "X ile"), `and_words` / `and_clitics`, `subject_markers` (the actor's
postposition: Hindi "ने"). How words are built: `clitics` (particles written onto the next word,
as Arabic's "wa-", "al-"), `letter_variants` (letters written for one another, as the forms of
alef), `not_stems` (words that begin like a stem and are another word), `compounds` (nouns at
the end of a compound: "Sicherheitsabkommen"), `head_final` (the words naming an agreement come
before its noun, as in Turkish "dostluk antlaşması").

A stem matches at the start of a word and takes the rest of the word; a stem ending in a space
matches only the whole word ("no ", "не "); one beginning with "-" is an ending, found inside a
word (Turkish "-acak" of the future, Swahili "-ridhia" after its subject and tense prefixes).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from importlib import resources

from treatywatch.extract import gazetteer
from treatywatch.extract.agreements import subject_overlap
from treatywatch.extract.dates import as_yearless, day_without_year, latest_full_date
from treatywatch.records import (AgreementKind, AgreementMention, Article, ArticleFacts, EventFact, EventKind,
                                 Evidence, PartialDate, Provision, ProvisionFact)

# Combining marks (Arabic vowel signs, Devanagari vowel signs) and the zero-width non-joiner of
# Persian belong to the word they are written in; Python's \w leaves them out.
SCRIPT_MARKS = {"latin": "\u0300-\u036f",
                "cyrillic": "\u0300-\u036f\u0483-\u0487",
                "arabic": "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u200c",
                "devanagari": "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u200c"}
MARKS = "".join(SCRIPT_MARKS.values())  # those of every script (a range twice in a class is the range)
# A letter of a word. Case does not change what it matches, and with re.IGNORECASE Python's
# compiler would case-fold the class anew in every pattern it stands in: it is exempted.
W = rf"(?-i:[\w{MARKS}])"
# A letter of a word in a pack's own script: its stems' patterns use this one. Python compiles a
# class with more than two runs of characters past U+00FF slowly (some 0.2 ms each time it stands
# in a pattern, against 0.05 ms with one or two runs, and a pack's patterns hold it hundreds of
# times): with its script's marks alone, a Latin or Cyrillic pack's class has one or two runs.
LETTER = {script: rf"(?-i:[\w{marks}])" for script, marks in SCRIPT_MARKS.items()}
# Arabic vowel signs and the tatweel, written or not.
TATWEEL_AND_VOWELS = "\u0640" + "".join(chr(c) for c in range(0x064b, 0x0653))
SUPERSCRIPT_ALEF = "\u0670"
OPTIONAL_MARK_CHARS = TATWEEL_AND_VOWELS + SUPERSCRIPT_ALEF
# Any run of them, written as runs of the tatweel and the vowel signs between superscript alefs (the
# same strings; a class of three runs of characters past U+00FF compiles three times slower, and the
# glue stands between every two letters of every Arabic stem). Caseless, so exempted from
# IGNORECASE, as W is.
OPTIONAL_MARKS = f"(?-i:[{TATWEEL_AND_VOWELS}]*(?:{SUPERSCRIPT_ALEF}[{TATWEEL_AND_VOWELS}]*)*)"
SCRIPTS = {"cyrillic": re.compile(r"[\u0400-\u04ff]"),
           "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
           "devanagari": re.compile(r"[\u0900-\u097f]"),
           "latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")}
BODY_REACH = 12        # characters between a body and the state it is of ("Senado de Chile", "litauische Parlament")
DATE_REACH = 80        # characters between a lifecycle word and its date at most (a pack's `date_reach` otherwise)
LEAD = 400             # characters: a lead's step without a date happened on the publication day
SAMPLE = 4000          # characters read to tell the language: enough, and cheap on every article
MIN_SHARE = 0.08       # of the words, the language's function words at least
WORDS = re.compile(rf"{W}+")
ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?!\d)")
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2}) ?[./] ?(\d{1,2}) ?[./] ?(\d{4})(?!\d)")  # day.month.year
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# a year as a step's date, not the first part of a law's number ("legge n. 2024-512")
YEAR_OF_STEP = re.compile(r"(?<![\d-])(\d{4})(?!\d)(?!-\d)")
BOUNDARY = re.compile(r"\n|[.!?؟।](?=\s|$)")
BREAK = re.compile(r"[,;:()«»\"“”„]|\s[—–-]\s")
WEAK = frozenset(json.loads((resources.files("treatywatch") / "data/rules/agreements.json").read_text())
                 ["weak_subject_words"])
FAMILY = {"treaty": "treaty", "agreement": "treaty", "declaration": "declaration",
          "memorandum": "memorandum", "protocol": "protocol"}


@lru_cache(maxsize=None)
def packs() -> dict[str, dict]:
    folder = resources.files("treatywatch") / "data" / "languages"
    return {entry.name.removesuffix(".json"): json.loads(entry.read_text(encoding="utf-8"))
            for entry in folder.iterdir() if entry.name.endswith(".json")}


def _fold(word: str) -> str:
    return word.replace("İ", "i").lower()


@lru_cache(maxsize=None)
def _function_words(language: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in packs()[language].get("function_words", ()))


def language_of(text: str) -> str | None:
    """The language pack to read a text with, or None for English (and for languages without a pack).

    The script most of its letters are written in picks the candidates; among them the pack whose
    function words make up the largest share of the words wins, if that share is at least
    MIN_SHARE. A pack without function words is its script's choice when no other fits.
    """
    sample = text[:SAMPLE]
    counts = {name: len(pattern.findall(sample)) for name, pattern in SCRIPTS.items()}
    letters = sum(1 for c in sample if c.isalpha())
    script = max(counts, key=counts.get)
    if not letters or counts[script] / letters <= 0.5:
        return None
    # whole words of letters only: "3fa9de" is a code, not the words "fa" and "de"
    words = [_fold(w) for w in WORDS.findall(sample) if not any(c.isdigit() or c == "_" for c in w)]
    best, best_share, fallback = None, 0.0, None
    for name, pack in sorted(packs().items()):
        if pack.get("script", "latin") != script:
            continue
        function_words = _function_words(name)
        if not function_words:
            fallback = fallback or name
            continue
        share = sum(1 for w in words if w in function_words) / max(len(words), 1)
        if share > best_share:
            best, best_share = name, share
    chosen = best if best is not None and best_share >= MIN_SHARE else fallback
    return None if chosen is None or packs()[chosen].get("default") else chosen


class _Stems:
    """A pack's stems compiled into one pattern; each match says which stem it is."""

    def __init__(self, stems, pack: dict, *, where: str = "start") -> None:
        """`where` a stem may stand: at a word's "start", "inside" a word (the parts of a compound:
        "Sicherheitsgarantien"), or in a "compound" whose whole word is the match. A stem written
        with a leading "-" is an ending, found inside a word (Turkish "-acak" of the future)."""
        self.keys = sorted(set(stems), key=len, reverse=True)
        w = letter(pack)
        clitics = "|".join(re.escape(c) for c in sorted(pack.get("clitics", ()), key=len, reverse=True))
        # What a stem at a word's start is led by: no letter before it (`shared`, the same test
        # wherever the alternative is), then a clitic or none, then not a word of `not_stems`.
        shared, own = rf"(?<!{w})", f"(?:{clitics})?" if clitics else ""
        if pack.get("not_stems"):  # words that begin like a stem and are another word
            own += "(?!" + "|".join(_stem_source(n, pack) for n in pack["not_stems"]) + ")"
        if not clitics:  # zero-width tests alone: written once before the stems they lead
            shared, own = shared + own, ""
        # Runs of neighbouring alternatives of one kind share their lead, written once: the same
        # matches in the same order of preference, and a pattern several times faster to compile.
        runs: list[tuple[bool, list[str]]] = []
        for i, key in enumerate(self.keys):
            body = f"(?P<s{i}>{_stem_source(key, pack)})"
            led = where == "start" and not key.startswith("-")
            if where == "compound" and not key.startswith("-"):
                body = rf"(?<!{w}){w}*?{body}"
            if runs and runs[-1][0] == led:
                runs[-1][1].append(own + body if led else body)
            else:
                runs.append((led, [own + body if led else body]))
        alternatives = [shared + "(?:" + "|".join(bodies) + ")" if led else "|".join(bodies) for led, bodies in runs]
        self.source = "(?:" + "|".join(alternatives) + ")" + ("" if where == "inside" else f"{w}*")

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Compiled when first used: an article reads some of a pack's stems, and compiling them
        all was most of what a worker spent on its first article in a language."""
        return re.compile(self.source, re.IGNORECASE) if self.keys else None

    def key(self, match: re.Match[str]) -> str:
        return next(self.keys[int(name[1:])] for name, value in match.groupdict().items()
                    if value is not None and name.startswith("s"))

    def finditer(self, text: str) -> Iterator[tuple[re.Match[str], str]]:
        if self.pattern is not None:
            for match in self.pattern.finditer(text):
                yield match, self.key(match)

    def search(self, text: str) -> bool:
        return self.pattern is not None and self.pattern.search(text) is not None


def letter(pack: dict) -> str:
    """The class of a letter of a word in the pack's script (LETTER)."""
    return LETTER[pack.get("script", "latin")]


def _stem_source(stem: str, pack: dict) -> str:
    variants = {c: group for group in pack.get("letter_variants", ()) for c in group}
    glue = OPTIONAL_MARKS if pack.get("script") == "arabic" else ""
    parts = []
    for char in stem.strip().lstrip("-"):
        if char == " ":
            parts.append(r"\s+")
        elif char in variants:
            parts.append("[" + "".join(re.escape(v) for v in variants[char]) + "]")
        else:
            parts.append(re.escape(char))
    source = glue.join(parts)
    return source + (rf"(?!{letter(pack)})" if stem.endswith(" ") else "")


class _Reader:
    """One language pack, compiled once."""

    def __init__(self, language: str) -> None:
        self.language = language
        pack = self.pack = packs()[language]
        compounds = bool(pack.get("compounds"))
        self.nouns = _Stems(pack["agreement_nouns"], pack)
        # In a compound the agreement noun is the last part: "Sicherheitsabkommen"
        self.compound_nouns = _Stems(pack["agreement_nouns"], pack, where="compound") if compounds else None
        self.anaphors = _Stems(pack.get("anaphors", ()), pack)
        self.distinct = _Stems(pack.get("distinct_markers", ()), pack)
        self.subjects = _Stems(pack["subjects"], pack, where="inside" if compounds else "start")
        self.cues = [(cue, _Stems(cue["stems"], pack), _Stems(cue.get("needs", ()), pack)) for cue in pack["events"]]
        self.any_cue = _Stems([s for cue in pack["events"] for s in cue["stems"]], pack)
        self.law = _Stems(pack.get("law_words", ()), pack)
        self.future = _Stems(pack.get("future", ()), pack)
        self.negation = _Stems(pack.get("negation", ()), pack)
        # A name ends where the sentence goes on to say something of it: a lifecycle word, a
        # modal or negation, a verb of content ("prévoit"), or a word of the pack's `title_stops`
        # ("que", "después").
        self.content = _Stems(pack.get("provisions", {}).get("content", ()), pack)
        self.title_stops = _Stems([*pack.get("title_stops", ()), *self.any_cue.keys, *self.future.keys,
                                   *self.negation.keys, *self.content.keys], pack)
        self.bodies = [(_Stems(body["stems"], pack), body["state"], body["body"]) for body in pack.get("bodies", ())]
        self.states = [(code, _Stems(stems, pack)) for code, stems in pack.get("states", {}).items()]
        self.english_states = _english_states(tuple(pack.get("gazetteer_except", ()))) \
            if pack.get("gazetteer_states") else None
        self.with_words = {_fold(w) for w in pack.get("with_words", ())}
        self.with_after = {_fold(w) for w in pack.get("with_after", ())}
        self.and_words = {_fold(w) for w in pack.get("and_words", ())}
        self.subject_markers = {_fold(w) for w in pack.get("subject_markers", ())}
        self.and_clitics = tuple(_fold(w) for w in pack.get("and_clitics", ()))
        provisions = pack.get("provisions", {})
        self.provision_keys = [(Provision(key), _Stems(stems, pack)) for key, stems in provisions.get("keys", {}).items()]
        self.months = _Stems(pack["months"], pack)
        self.weekdays = _Stems(pack.get("weekdays", {}), pack)
        joiners = "|".join(re.escape(j) for j in pack.get("date_joiners", ()))
        joiner = rf"(?:(?:{joiners})\s+)?" if joiners else ""
        suffixes = "|".join(re.escape(s) for s in pack.get("day_suffixes", ()))
        day = r"(?<!\d)(\d{1,2})" + (f"(?:{suffixes})?" if suffixes else "")
        year = r"(\d{4})(?!\d)"
        self.day_month = re.compile(rf"{day}[.\-]?\s*{joiner}{self.months.source}(?:[\s,]+{joiner}{year})?",
                                    re.IGNORECASE)
        # "2024-жылдын 11-июнунда": the year first, where the language writes it so
        self.year_day_month = re.compile(rf"(?<!\d){year}\S*\s+{day}[.\-]?\s*{self.months.source}", re.IGNORECASE) \
            if pack.get("year_first") else None
        self.month_year = re.compile(rf"{self.months.source}[\s,]+{joiner}{year}", re.IGNORECASE)
        # "Machi 13, 2025": the month first, where the language writes it so
        self.month_day = re.compile(rf"{self.months.source}\s+(\d{{1,2}})(?!\d),?\s+{year}", re.IGNORECASE) \
            if pack.get("month_day") else None
        w = letter(pack)
        self.regions = [(re.compile(rf"(?<!{w}){stem}{w}*\s+{region['needs']}", re.IGNORECASE), region["members"])
                        for stem, region in pack.get("regions", {}).items()]


@lru_cache(maxsize=None)
def _reader(language: str) -> _Reader:
    return _Reader(language)


@lru_cache(maxsize=None)
def _english_states(excluded: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """The gazetteer's state names and leaders as the English pipeline knows them, matched as
    written (case and whole word): many languages write "Indonesia" or "Macron" the same way."""
    known = gazetteer.load()
    names = {phrase: code for phrase, (label, code) in known.phrases.items() if label == "STATE"}
    for phrase, leaders in known.leaders.items():
        if len({leader.state for leader in leaders}) == 1 and phrase not in names:
            names[phrase] = leaders[0].state
    for phrase in excluded:
        names.pop(phrase, None)
    if not names:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!{W})(?:{alternatives})(?!{W})"), names


def extract_foreign(article: Article, language: str, published: date | None) -> ArticleFacts:
    """The agreements an article not in English speaks of, with their steps, read with the pack
    of `language` sentence by sentence. An agreement whose parties the text does not name, one
    named once with nothing said of it, and an earlier agreement named in passing give no mention."""
    reader = _reader(language)
    text = article.text
    anchor = published or latest_full_date(text) or _latest_local_date(text, reader)
    clusters: list[dict] = []
    facts = ArticleFacts(article=article, published=published)
    last: dict | None = None
    for start, end in _sentences(text, reader):
        sentence = text[start:end]
        evidence = Evidence(article.id, start, end, sentence)
        in_sentence: list[tuple[int, dict]] = []
        for position, title, kind, another, proper in _mentions(sentence, reader):
            if another:  # another agreement than the one in focus, of which nothing more is read
                in_sentence.append((position, {"index": -1, "family": None, "subject": set(), "names": set(),
                                               "mentions": [], "sentences": [], "named": Counter()}))
                continue
            name = _name_word(title, reader)
            subject = _subject(title, reader) | name
            if not subject - WEAK:
                subject = frozenset()  # "cooperation" alone names no particular agreement
            target = _cluster_for(clusters, kind, subject, last, frozenset(_states(title, reader)), reader,
                                  name=name)
            target["mentions"].append((title, kind, subject, evidence, proper))
            target["sentences"].append(sentence)
            in_sentence.append((position, target))
            last = target
        named_here = bool(in_sentence)
        if not in_sentence and last is not None and reader.anaphors.search(sentence):
            in_sentence.append((0, last))
            last["sentences"].append(sentence)
        elif not in_sentence and last is not None and reader.any_cue.search(sentence):
            in_sentence.append((0, last))
        if not in_sentence:
            continue
        facts.provisions += _provisions(sentence, evidence, reader, [m[1] for m in in_sentence])
        for target, event in _events(sentence, evidence, reader, [m[0] for m in in_sentence], published, anchor,
                                     lead=start < LEAD):
            ref = f"m{in_sentence[target][1]['index']}"
            if not named_here and any(e.agreement_ref == ref and e.kind == event.kind and e.date and event.date and
                                      not e.date_inferred and e.date.year != event.date.year for e in facts.events):
                continue  # "more than 30 documents were signed in 2021": not the agreement dated before
            facts.events.append(replace(event, agreement_ref=ref))
    with_events = {e.agreement_ref for e in facts.events}
    for cluster in clusters:
        parties = _parties(cluster, text, reader)
        if not cluster["family"] or len(parties) < 2:
            continue  # an agreement whose parties the text does not name cannot be told from others
        if f"m{cluster['index']}" not in with_events and len(cluster["mentions"]) < 2 and not cluster["subject"]:
            continue  # "a joint declaration", named once and nothing said of it: no record of its own
        if _older(cluster, published or anchor or _latest_year(text), facts.events):
            continue  # "the 1982 convention": an earlier agreement the news refers to
        titles = [m[0] for m in sorted(cluster["mentions"], key=lambda m: -len(m[2]))]
        kinds = Counter(m[1] for m in cluster["mentions"])
        subject = cluster["subject"]  # all its mentions' words: "Garigliano" and "river navigation"
        facts.agreements.append(AgreementMention(
            ref=f"m{cluster['index']}", title=titles[0], kind=AgreementKind(kinds.most_common(1)[0][0]),
            subject=" ".join(sorted(subject)), parties=parties,
            background=False, evidence=list({m[3].start: m[3] for m in cluster["mentions"]}.values()),
            # a description ("the agreement to restore relations") joins the named agreement of its parties
            form="name" if any(m[4] for m in cluster["mentions"]) else "description"))
    refs = {m.ref for m in facts.agreements}
    written = [(e.kind, e.agreement_ref, e.party, e.body) for e in facts.events if e.date and not e.date_inferred]
    # The lead's undated step is the one the article dates further down: no second day for it.
    facts.events = [replace(e, date=None, date_inferred=False)
                    if e.date_inferred and any(w[:3] == (e.kind, e.agreement_ref, e.party) and e.body in (None, w[3])
                                               for w in written) else e
                    for e in facts.events if e.agreement_ref in refs]
    facts.provisions = [p for p in facts.provisions if p.agreement_ref in refs]
    return facts


def _provisions(sentence: str, evidence: Evidence, reader: _Reader, targets: list[dict]) -> list[ProvisionFact]:
    """Areas of cooperation a sentence says an agreement covers: the sentence names the agreement
    (or refers to it), has one of the pack's `provisions.content` verbs ("prévoit", "contempla") and
    no negation; each area of `provisions.keys` it names is a provision of that agreement."""
    target = next((t for t in targets if t["index"] >= 0), None)
    if target is None or not reader.content.search(sentence) or reader.negation.search(sentence):
        return []
    return [ProvisionFact(key, True, f"m{target['index']}", evidence)
            for key, stems in reader.provision_keys if stems.search(sentence)]


def _latest_year(text: str) -> date | None:
    years = [y for y in (_year(d) for d in YEAR.findall(text)) if y]
    return date(max(years), 1, 1) if years else None


def _older(cluster: dict, today: date | None, events: list[EventFact]) -> bool:
    """An earlier agreement named in passing: its name carries a year long before the article's,
    or all the article says of it is that it was signed long before."""
    if today is None:
        return False
    years = [_year(y) for title, *_ in cluster["mentions"] for y in YEAR.findall(title)]
    if any(y and y < today.year - 2 for y in years):
        return True
    mine = [e for e in events if e.agreement_ref == f"m{cluster['index']}"]
    return bool(mine) and all(e.kind == EventKind.SIGNED and e.date and e.date.year < today.year - 2 for e in mine)


def _sentences(text: str, reader: _Reader) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, without surrounding spaces. A full stop followed by a
    lower-case word ends none ("14 мая 2024 г. в"), nor one after a day before its month
    ("am 4. Dezember"), nor one after a short abbreviation before a number ("n. 45")."""
    start = 0
    for match in BOUNDARY.finditer(text):
        if match.group() != "\n":
            following = text[match.end():match.end() + 30].lstrip()
            if following[:1].islower():
                continue
            if match.group() == "." and re.search(r"(?<!\d)\d{1,2}$", text[start:match.start()]) \
                    and reader.months.pattern.match(following):
                continue
            if match.group() == "." and following[:1].isdigit() and \
                    re.search(r"(?:^|\s)[^\W\d_]{1,3}$", text[start:match.start()]):
                continue  # "legge n. 45", "art. 3": an abbreviation before a number
        yield from _trimmed(text, start, match.end())
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    if piece.strip():
        start += len(piece) - len(piece.lstrip())
        yield start, start + len(piece.strip())


def _mentions(sentence: str, reader: _Reader) -> Iterator[tuple[int, str, str, bool, bool]]:
    """(where, title, kind, another, proper) of each agreement noun in the sentence; `another` when
    a word of the pack's `distinct_markers` stands by it ("ein ähnliches Abkommen", "un acuerdo
    similar": one of the two words before or the word after); `proper` when it is written as a
    proper name ("el Tratado de Amistad", not "el tratado"), which a script with capitals and a
    language that does not capitalise every noun can tell."""
    stems = reader.compound_nouns or reader.nouns
    cased = reader.pack.get("script", "latin") in ("latin", "cyrillic") and not reader.pack.get("compounds")
    for match, stem in stems.finditer(sentence):
        near = sentence[max(0, match.start() - 40):match.start()].split()[-2:] + sentence[match.end():].split()[:1]
        another = any(reader.distinct.search(word + " ") for word in near)
        before = sentence[:match.start()].rstrip()
        # not the capital every sentence starts with, unless a quotation mark opens the name
        mid_sentence = bool(before) and (before[-1].isalnum() or before[-1] in "«“\"„'’")
        proper = cased and match.group()[:1].isupper() and mid_sentence
        yield match.start(), _title(sentence, match, reader), reader.pack["agreement_nouns"][stem], another, proper


def _title(sentence: str, match: re.Match[str], reader: _Reader) -> str:
    """The noun and the words that name it: those after it up to a comma, a clause break, a
    title stop or twelve words, or in a language that puts them first, those before it."""
    if reader.pack.get("head_final"):
        before = BREAK.split(sentence[:match.start()])[-1]
        stops = [m.end() for m, _ in reader.title_stops.finditer(before)]
        before = before[stops[-1]:] if stops else before
        return " ".join(before.split()[-10:] + [match.group()])
    rest = BREAK.split(sentence[match.end():], maxsplit=1)[0]
    stop = next(reader.title_stops.finditer(rest), None)
    rest = rest[:stop[0].start()] if stop else rest
    return (match.group() + " " + " ".join(rest.split()[:12])).strip()


def _subject(title: str, reader: _Reader) -> frozenset[str]:
    return frozenset(reader.pack["subjects"][stem] for _, stem in reader.subjects.finditer(title))


def _name_word(title: str, reader: _Reader) -> frozenset[str]:
    """The proper name an agreement is called by, as written ("Trattato del Garigliano", "Tratado de
    Tumbes"): a capitalised word among the three after its noun that is no subject word, state
    or common word. Only where capitals mark names alone (a Latin-script language that puts the
    name after the noun and does not capitalise every noun)."""
    pack = reader.pack
    if pack.get("script", "latin") != "latin" or pack.get("head_final") or pack.get("compounds"):
        return frozenset()
    for word in title.split()[1:4]:
        word = re.split(r"['’]", word)[-1].strip(".,;:")
        if not word[:1].isupper() or len(word) < 3 or not word.isalpha():
            continue
        if _fold(word) in _function_words(reader.language) or reader.subjects.search(word) or \
                _states(word, reader) or reader.months.search(word) or reader.weekdays.search(word):
            return frozenset()
        return frozenset([_fold(word)])
    return frozenset()


def _cluster_for(clusters: list[dict], kind: str, subject: frozenset[str], last: dict | None,
                 named: frozenset[str], reader: _Reader, *, name: frozenset[str] = frozenset()) -> dict:
    """The agreement a mention speaks of: one of its family sharing its subject (not only the weak
    words, and not one between two other states), the last one for a mention without a subject,
    else a new one. `named` are the states its own words name ("between Russia and X"), `name`
    its proper name. A mention called only by its name ("the Garigliano Treaty") and one that says
    what it is about ("the treaty between Italy and Malta on river navigation") are one
    agreement when their parties agree; two names are two agreements."""
    family = FAMILY[kind]

    def fits(cluster: dict) -> bool:
        return not (len(named) >= 2 and len(seen := _parties(cluster, "", reader)) >= 2 and set(seen) != named)

    def join(cluster: dict) -> dict:
        cluster["subject"] |= subject
        cluster["names"] |= name
        cluster["named"].update([named] if len(named) >= 2 else [])
        return cluster

    if subject:
        for cluster in clusters:
            if cluster["family"] == family and cluster["subject"] and \
                    subject_overlap(cluster["subject"], subject) >= 0.5 and fits(cluster):
                return join(cluster)
        name_only = subject <= name
        for cluster in reversed(clusters):
            if cluster["family"] == family and cluster["subject"] and fits(cluster) and \
                    name_only != (cluster["subject"] <= cluster["names"]):
                return join(cluster)
    elif last is not None and last["family"] == family:
        last["named"].update([named] if len(named) >= 2 else [])
        return last
    cluster = {"index": len(clusters), "family": family if subject else None, "subject": set(subject),
               "names": set(name), "mentions": [], "sentences": [], "named": Counter([named] if len(named) >= 2 else [])}
    if not subject and last is None:
        cluster["family"] = family
    clusters.append(cluster)
    return cluster


def _events(sentence: str, evidence: Evidence, reader: _Reader, mentions: list[int], published: date | None,
            anchor: date | None, *, lead: bool) -> list[tuple[int, EventFact]]:
    """The lifecycle steps the sentence reports, in the pack's order of cues: the first, and after
    it those whose own date is written ("ratified on 3 May the treaty signed on 2 June"). Each
    party's ratification is a step of its own ("X ratified it years ago, Y's parliament on 14
    February"). A draft's sentence reports nothing more ("approved the draft he had signed").

    Each step belongs to the agreement (of those named at `mentions`) named last before its word
    ("the agreement, which replaces the security agreement signed in 2001"), else the first after
    it; the steps come back as (index into `mentions`, event)."""
    found: list[tuple[EventKind, int, str | None, str | None, dict, int]] = []
    for cue, stems, needs in reader.cues:
        matches = list(stems.pattern.finditer(sentence)) if stems.pattern else []
        if not matches or (cue.get("needs") and not needs.search(sentence)):
            continue
        for match in matches:
            start, end = _clause(sentence, match)
            clause = sentence[start:end]
            # Negation is read in the cue's clause ("France has ratified it, but Spain has not"), a
            # future or modal word anywhere up to its end ("it is planned that they will ratify").
            if reader.negation.search(clause) or reader.future.search(sentence[:end]):
                continue
            body = _body(clause, reader) or (_body(sentence, reader) if len(matches) == 1 else None)
            if cue.get("needs_body") and body is None:
                continue
            if cue.get("not_with_law") and reader.law.search(clause):
                continue  # the draft of the ratification law is a step of the ratification, not a proposal
            kind = EventKind(cue["event"])
            if cue.get("law_means_ratified") and reader.law.search(sentence):
                kind = EventKind.RATIFIED
            party, body_name = None, None
            if cue.get("party_event") or kind in (EventKind.PROPOSED, EventKind.TERMINATED):
                party = _actor(clause, reader) or _actor(sentence, reader)
            if kind == EventKind.RATIFIED:
                party, body_name = body if body else (None, None)
                if party is None:
                    # "the Senate of Kazakhstan ratified ... with Mongolia": the partner is not the ratifier
                    states = _states(clause, reader, skip_partner=True) or \
                        _states(sentence, reader, skip_partner=True)
                    party = states[0] if len(set(states)) == 1 else None
            target = max([i for i, p in enumerate(mentions) if p <= match.start()], default=0)
            if any(f[0] == kind and f[5] == target and (kind != EventKind.RATIFIED or f[2] == party) for f in found):
                continue
            found.append((kind, match.start(), party, body_name, cue, target))
        if found and found[0][0] == EventKind.PROPOSED:
            break
    dates = _dates(_without_dateline(sentence), reader, published, anchor) if found else []
    cue_starts = [f[1] for f in found]
    events = []
    for number, (kind, position, party, body_name, cue, target) in enumerate(found):
        when = _date_of(position, cue_starts, dates, reader.pack.get("date_reach", DATE_REACH))
        if number and when is None:
            continue
        # a day without a year in an undated article: the merge gives it the year of the other steps
        day = when if isinstance(when, str) else None
        when = None if day else when
        inferred = False
        if when is None and day is None and lead and published and kind != EventKind.PROPOSED:
            when, inferred = PartialDate.from_date(published), True
        events.append((target, EventFact(kind, "", when, None, party, body_name, evidence, inferred,
                                         yearless_day=day)))
    ratification = next((f for f in found if f[0] == EventKind.RATIFIED), None)
    if ratification is not None:
        # "after the favourable vote of the Chamber on 10 April and of the Senate on 22 May": each
        # chamber's vote is a step of the ratifying state, on its own day
        votes = _chamber_votes(sentence, reader, dates)
        if votes:
            # the law or decree the sentence tells beside the votes is no chamber's step: another
            # body it names (the president's ratification), else none
            voting = {b for b, _ in votes}
            before = sentence[:_vote_start(sentence, reader)]
            other = next((body for stems, _, body in reader.bodies if body not in voting and stems.pattern
                          and stems.pattern.search(before)), None)
            days = {when for _, when in votes}
            events = [(t, replace(e, body=other, date=None if e.date in days else e.date))
                      if e.kind == EventKind.RATIFIED and (e.body in voting or e.date in days) else (t, e)
                      for t, e in events]
        for body_name, when in votes:
            events.append((ratification[5], EventFact(EventKind.RATIFIED, "", when, None, ratification[2], body_name,
                                                      evidence)))
    return events


def _vote_start(sentence: str, reader: _Reader) -> int:
    """Where the sentence's first vote word (the pack's `vote_words`) starts; -1 if it has none."""
    lowered = sentence.lower()
    return min((i for i in (lowered.find(w) for w in reader.pack.get("vote_words", ())) if i >= 0), default=-1)


def _chamber_votes(sentence: str, reader: _Reader, dates: list[tuple[int, PartialDate | str]]
                   ) -> list[tuple[str, PartialDate]]:
    """(body, day) of each chamber's vote a sentence lists after a vote word (the pack's
    `vote_words`): the text after it is cut at commas and 'and'; a part naming a chamber takes the
    full date written in it, or else in the part right after it ("of the Senate, on 8 February")."""
    start = _vote_start(sentence, reader)
    if start < 0:
        return []
    joiners = "|".join(re.escape(w) for w in sorted(reader.pack.get("and_words", ()), key=len, reverse=True))
    cut = re.compile(BREAK.pattern + (rf"|\s(?:{joiners})\s" if joiners else ""), re.IGNORECASE)
    bounds = [start] + [m.end() for m in cut.finditer(sentence, start)] + [len(sentence)]
    parts = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]

    def body_in(a: int, b: int) -> str | None:
        text = sentence[a:b]
        for stems, _, body in reader.bodies:  # the pack lists longer names first
            if stems.pattern and stems.pattern.search(text):
                return body
        return None

    def day_in(a: int, b: int) -> PartialDate | None:
        return next((v for p, v in dates if a <= p < b and isinstance(v, PartialDate) and v.precision == 3), None)

    votes = []
    for n, (a, b) in enumerate(parts):
        body = body_in(a, b)
        if body is None:
            continue
        when = day_in(a, b)
        if when is None and n + 1 < len(parts) and body_in(*parts[n + 1]) is None:
            when = day_in(*parts[n + 1])
        if when is not None and (body, when) not in votes:
            votes.append((body, when))
    return votes if len(votes) >= 2 else []


def _clause(sentence: str, match: re.Match[str]) -> tuple[int, int]:
    """Where the clause around a match starts and ends (commas, semicolons, brackets, dashes)."""
    starts = [b.end() for b in BREAK.finditer(sentence, 0, match.start())]
    after = BREAK.search(sentence, match.end())
    return (starts[-1] if starts else 0), (after.start() if after else len(sentence))


def _body(sentence: str, reader: _Reader) -> tuple[str | None, str] | None:
    """(state, name) of the first ratifying body the sentence names. A body of no particular
    state takes the state named right by it ("el Senado de Chile", "भारत की संसद", "Bunge la Kenya")."""
    for stems, state, body in reader.bodies:
        match = stems.pattern.search(sentence) if stems.pattern else None
        if match is None:
            continue
        if state is None:
            near = [code for start, end, code in _states(sentence, reader, spans=True)
                    if match.end() <= start <= match.end() + BODY_REACH or match.start() - BODY_REACH <= end <= match.start()]
            state = near[0] if len(set(near)) == 1 else None
        return state, body
    return None


def _states(sentence: str, reader: _Reader, *, skip_partner: bool = False, spans: bool = False) -> list:
    """States named in the sentence, in order; with `skip_partner`, those named as a partner
    ("with X", "between X and Y", "X ile") are left out."""
    found = [(match.start(), match.end(), code) for code, stems in reader.states
             for match, _ in stems.finditer(sentence)]
    if reader.english_states is not None:
        pattern, names = reader.english_states
        found += [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(sentence)]
    found = sorted({start: (start, end, code) for start, end, code in sorted(found)}.values())  # the longest per start
    if spans:
        return found
    if not skip_partner:
        return [code for _, _, code in found]
    kept, skipping = [], False
    for start, end, code in found:
        # the word before, or the one before that ("entre la France", "kati ya Kenya")
        words = [_fold(w) for w in sentence[:start].split()[-2:]]
        before = {*words, " ".join(words)}
        after = [_fold(w) for w in sentence[end:].split()[:1]]
        if before & reader.with_words or (after and after[0] in reader.with_after):
            skipping = True
            continue
        written = _fold(sentence[start:end])
        if skipping and (before & reader.and_words or any(written.startswith(c) for c in reader.and_clitics)):
            continue  # the second state of "между X и Y", "بين الأردن والعراق"
        skipping = False
        kept.append(code)
    return kept


def _actor(text: str, reader: _Reader) -> str | None:
    """The state that takes a step on its own (joins, proposes, withdraws): the one the pack's
    `subject_markers` mark ("पाकिस्तान ने"), else the first named."""
    states = _states(text, reader, spans=True)
    for start, end, code in states:
        following = text[end:].split()[:1]
        if following and _fold(following[0]) in reader.subject_markers:
            return code
    return states[0][2] if states else None


def _parties(cluster: dict, text: str, reader: _Reader) -> tuple[str, ...]:
    """The states its own words name ("the treaty between X and Y"), else a region's members, else
    the two states its sentences name most (then the article)."""
    sentences = cluster["sentences"]
    if cluster["named"]:
        return tuple(sorted(cluster["named"].most_common(1)[0][0]))
    for pattern, members in reader.regions:
        if any(pattern.search(sentence) for sentence in sentences):
            return tuple(sorted(members))
    near = Counter()
    for sentence in sentences:
        near.update(set(_states(sentence, reader)))
    ranked = near.most_common()
    chosen = [code for code, _ in ranked[:2]]
    if len(ranked) >= 3 and ranked[2][1] == ranked[1][1] == ranked[0][1]:
        # "the presidents of X, Y and Z signed": as many parties as are named alike, up to five
        tied = [code for code, count in ranked if count == ranked[0][1]]
        chosen = tied if len(tied) <= 5 else chosen
    if len(chosen) < 2:
        for code, _ in Counter(_states(text, reader)).most_common():
            if code not in chosen and len(chosen) < 2:
                chosen.append(code)
    return tuple(sorted(chosen))


def _year(digits: str | None) -> int | None:
    """A year from its digits (in any script's numerals), if it is a plausible one."""
    if not digits:
        return None
    year = int(digits)
    return year if 1900 <= year <= 2099 else None


def _full_date(year: int, month: int, day: int) -> PartialDate | None:
    try:
        return PartialDate.from_date(date(year, month, day))
    except ValueError:
        return None




_DATELINE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}")


def _without_dateline(sentence: str) -> str:
    """' date 2024-10-16 The Senate ...': the day the report was filed, no step's own date
    (blanked, so that positions in the sentence stay where they are)."""
    match = _DATELINE.match(sentence)
    return " " * match.end() + sentence[match.end():] if match else sentence


def _dates(sentence: str, reader: _Reader, published: date | None, anchor: date | None
           ) -> list[tuple[int, PartialDate | str]]:
    """Every date the sentence writes, with where it starts: full dates first, then a day and
    month, a month and year, a year; a shorter form inside a longer one is not counted again.
    A day and month that nothing in the article places in a year is kept as "MM-DD"."""
    months = reader.pack["months"]

    def day_month(m: re.Match[str]) -> PartialDate | str | None:
        month, day, year = months[reader.months.key(m)], int(m.group(1)), _year(m.groups()[-1])
        if year:
            return _full_date(year, month, day)
        if not 1 <= day <= 31:
            return None
        return day_without_year(month, day, published, anchor) or as_yearless(month, day)

    readers = [(ISO_DATE, lambda m: _full_date(*(int(g) for g in m.groups()))),
               (reader.year_day_month, lambda m: _full_date(_year(m.group(1)) or 0, months[reader.months.key(m)],
                                                            int(m.group(2)))),
               (reader.day_month, day_month),
               (reader.month_day, lambda m: _full_date(_year(m.groups()[-1]) or 0, months[reader.months.key(m)],
                                                       int(m.groups()[-2]))),
               (NUMERIC_DATE, lambda m: _full_date(_year(m.group(3)) or 0, int(m.group(2)), int(m.group(1)))),
               (reader.month_year, lambda m: PartialDate(_year(m.groups()[-1]), months[reader.months.key(m)])
                if _year(m.groups()[-1]) else None),
               (YEAR_OF_STEP, lambda m: PartialDate(_year(m.group(1))) if _year(m.group(1)) else None),
               # "signé jeudi": the last such weekday on or before the publication date
               (reader.weekdays.pattern if published else None,
                lambda m: PartialDate.from_date(published - timedelta(
                    days=(published.weekday() - reader.pack["weekdays"][reader.weekdays.key(m)]) % 7)))]
    found: list[tuple[int, PartialDate | str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, build in readers:
        if pattern is None:
            continue
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            value = build(match)
            if value is not None:
                found.append((match.start(), value))
    return sorted(found, key=lambda d: d[0])


def _date_of(position: int, cue_starts: list[int], dates: list[tuple[int, PartialDate | str]], reach: int
             ) -> PartialDate | str | None:
    """The date that belongs to the step's word at `position`: of the dates nearer to it than to
    the sentence's other steps' words, the nearest ("ratified the treaty signed on 14 May" dates
    the signing only), at most `reach` characters away (a language that puts the verb last
    writes the date far before it: the pack's `date_reach`)."""
    best = None
    for start, value in dates:
        distance = abs(start - position)
        if distance <= reach and distance <= min(abs(start - p) for p in cue_starts) and \
                (best is None or distance < best[0]):
            best = (distance, value)
    return best[1] if best else None


def _latest_local_date(text: str, reader: _Reader) -> date | None:
    found = []
    for match in reader.day_month.finditer(text):
        year = _year(match.groups()[-1])
        if year:
            value = _full_date(year, reader.pack["months"][reader.months.key(match)], int(match.group(1)))
            if value:
                found.append(value.as_date())
    return max(found) if found else None
