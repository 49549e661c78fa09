"""Provisions (codebook keys) stated for an agreement, with the sentence that states each."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from treatywatch.extract.agreements import Mention
from treatywatch.extract.docindex import text_of
from treatywatch.records import Evidence, Provision, ProvisionFact
from treatywatch.rules import load_rules
from treatywatch.settings import choice

# Sentences after the last mention of an agreement that may still describe it.
FOCUS_REACH = 4
# Who codes provisions: the codebook cues ("rules"), the sentence classifier ("model", with the
# rules' denials, hedges and frame), or both (the default; docs/accuracy.md has the measurements).
MODES = ("rules", "model", "both")
# A line at least this long that stops without punctuation was wrapped, not a headline.
WRAPPED_LINE = 40
BORDER_SUBJECTS = frozenset({"border", "junction"})
NOT_DELIMITATION = frozenset({"security"})  # a border-security agreement polices a border, it does not draw one
WRAP_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[a-z])")
QUOTES = "\"\u201c\u201d\u00ab\u00bb"


@dataclass(frozen=True, slots=True)
class Rule:
    key: Provision
    cues: tuple[re.Pattern[str], ...]
    denial: re.Pattern[str]
    content_frame: bool  # a cooperation area: counts only where the sentence states content
    in_name: bool = False  # ... or where its cue is part of the agreement's own name
    # cues read only in the agreement's own text: ATOP codes some clauses further than a news
    # report of them is coded (codebook, "treaty_text_cues")
    text_cues: tuple[re.Pattern[str], ...] = ()
    # the row's own denials ("denials"), which say outright that the agreement lacks the key
    explicit_denial: re.Pattern[str] | None = None

    def cues_for(self, own_text: bool) -> tuple[re.Pattern[str], ...]:
        return self.cues + self.text_cues if own_text else self.cues


@lru_cache(maxsize=1)
def _extra() -> dict:
    return json.loads((resources.files("treatywatch") / "data/rules/provisions.json").read_text())


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[Rule, ...], re.Pattern[str]]:
    extra = _extra()
    rules = []
    for row in load_rules("codebook/provisions.jsonl", required=("id", "cues", "nouns")):
        rules.append(Rule(Provision(row["id"]),
                          tuple(re.compile(c, re.I) for c in row["cues"]),
                          re.compile("|".join([extra["denial"] + "(?:" + row["nouns"] + ")", *row.get("denials", ())]), re.I),
                          bool(row.get("content_frame")), bool(row.get("in_name")),
                          tuple(re.compile(c, re.I) for c in row.get("treaty_text_cues", ())),
                          re.compile("|".join(row["denials"]), re.I) if row.get("denials") else None))
    # one pattern for the hedges: a sentence has one where any of them matches at a word's start
    return tuple(rules), re.compile("|".join(rf"(?:\b{h})" for h in extra["hedges"]))


@lru_cache(maxsize=1)
def _claims() -> tuple[tuple[Provision, re.Pattern[str]], ...]:
    return tuple((Provision(row["key"]), re.compile(row["pattern"], re.I))
                 for row in load_rules("rules/claims.jsonl", required=("id", "key", "pattern")))


@dataclass(slots=True)
class _Pending:
    """A sentence the classifier reads once the whole document has been walked."""
    sent: Span
    candidates: list[Mention]
    focus: Mention | None
    framed: bool
    ruled: set[Provision] = field(default_factory=set)  # keys a cue or a denial already decided here
    obligation_words: bool = False  # a word of some obligation: only then may it give one


def provision_mode() -> str:
    """`TREATYWATCH_PROVISIONS` (rules, model or both; default both)."""
    return choice("provisions", MODES)


def find_provisions(doc: Doc, mentions: list[Mention], article_id: str,
                    claims: list[ProvisionFact] | None = None, *, mode: str | None = None) -> list[ProvisionFact]:
    """Provision facts; an outlet's looser claims about content go to `claims` when given.

    `mode` (default `provision_mode()`): "rules" codes from the codebook cues, "model" from the
    sentence classifier, "both" from either. In every mode the rules decide denials, hedges and
    which agreement a sentence speaks of.
    """
    mode = mode or provision_mode()
    rules, hedges = _rules()
    facts: list[ProvisionFact] = []
    pending: list[_Pending] = []
    focus: Mention | None = None
    since_focus = 0
    subjects: dict[int, frozenset[str]] = {}
    for mention in mentions:
        subjects[mention.cluster] = subjects.get(mention.cluster, frozenset()) | mention.subject
    # An article that is the agreement's own text ("The Parties shall ...", numbered clauses)
    # speaks of its title's agreement throughout; other agreements it names are references.
    own_text = own_text_agreement(doc, mentions)
    framed = False
    previous: Span | None = None
    for sent in _clauses(doc):
        # "it is not a defence treaty": a predicate says what the subject is, it names no agreement
        in_sent = [m for m in mentions if m.cluster >= 0 and sent.start <= m.head.i < sent.end and m.head.dep_ != "attr"]
        if any(not m.background for m in in_sent):
            since_focus = 0
        else:
            since_focus += 1
        text = sent.text
        read = _unhyphenated(text)  # what the cues read; quotes keep the text as written
        lowered = read.lower()
        whole = own_text is not None or (framed and (_list_item(sent) or _continues(sent, previous))) \
            or _verb_frame(sent)
        previous = sent
        scopes = [] if whole else _phrase_frames(sent, lowered)  # a phrase frames only its own clause
        framed = whole or bool(scopes)
        if own_text is None and hedges.search(lowered):
            continue  # an outlet's guess; in the agreement's own text "might" is a clause's condition
        # a joint statement that reports the agreement is its source, not the agreement spoken of
        candidates = [m for m in in_sent if not m.background and not _statement(m)] or \
            [m for m in in_sent if not m.background and focus is None]
        if own_text is not None:
            candidates, focus, since_focus = [], own_text, 0
        if not candidates and (focus is None or since_focus > FOCUS_REACH):
            continue
        if claims is not None:
            for key, pattern in _claims():
                if (hit := pattern.search(read)) and not _quoted(text_of(doc), sent.start_char + hit.start()):
                    target = candidates[0] if candidates else focus
                    claims.append(ProvisionFact(key, True, f"m{target.cluster}",
                                                Evidence(article_id, sent.start_char, sent.end_char, text.strip())))
        item = _Pending(sent, candidates, focus, framed)
        for rule in rules:
            denied = rule.denial.search(read)
            hit = denied or (next((m for c in rule.cues_for(own_text is not None) if (m := c.search(read))), None) if mode != "model" else None)
            if hit is None or (rule.content_frame and denied is None
                               and not (framed and (whole or _in_frame(scopes, sent, sent.start_char + hit.start())))
                               and not (rule.in_name and _in_name(sent.start_char + hit.start(), candidates))):
                continue
            offset = sent.start_char + hit.start()
            target = _governing(doc, offset, candidates) or \
                (min(candidates, key=lambda m: abs(m.span.start_char - offset)) if candidates else focus)
            if rule.key == Provision.BORDER and not _delimits(subjects.get(target.cluster, frozenset())) \
                    and not (denied and rule.explicit_denial and rule.explicit_denial.search(read)):
                continue  # borders come up in every neighbourly treaty; only a border agreement delimits one
                # (or is said outright not to: "the ceasefire does not settle where the frontier runs")
            evidence = Evidence(article_id, sent.start_char, sent.end_char, text.strip(),
                                primary=_quoted(text_of(doc), sent.start_char + hit.start()))
            facts.append(ProvisionFact(rule.key, denied is None, f"m{target.cluster}", evidence))
            item.ruled.add(rule.key)
        if mode != "rules":
            item.obligation_words, cooperation_words = _model_words_in(lowered)
            # The classifier costs some 9 ms a sentence: it reads one with a word of an obligation,
            # or with a word of a cooperation area where the sentence states content.
            if item.obligation_words or (cooperation_words and framed):
                pending.append(item)
        reported = [m for m in in_sent if not m.background and not _statement(m)]
        if reported:
            # the sentence's own subject stays in focus ("The treaty, which extends an older
            # accord, ..."); else the last one named ("on the basis of the UN Charter" does not change it)
            focus = _main_subject(sent, reported) or _main_clause(sent, reported) or reported[-1]
    if pending:
        facts += _classified(doc, pending, article_id, subjects)
    return facts


def _classified(doc: Doc, pending: list[_Pending], article_id: str,
                subjects: dict[int, frozenset[str]]) -> list[ProvisionFact]:
    """Provisions the classifier reads in the pending sentences, under the rules' frame:
    a cooperation area (or a border) only where the sentence states content or names the
    agreement, a border only for a border agreement, nothing the rules already decided in that
    sentence, nothing in a denial."""
    from treatywatch.extract import provision_model
    from treatywatch.extract.embed import embedder

    model = provision_model.load()
    readable = [(item, keys) for item in pending if (keys := _open_keys(item, model.keys, subjects))]
    if not readable:
        return []
    # Only sentences where some key may still be given are embedded, all of one article at once.
    vectors = embedder().embed([_model_text(item.sent.text) for item, _keys in readable])
    facts = []
    second = _extra()["model"]["second_key"]
    for (item, open_keys), found in zip(readable, model.predict(vectors)):
        if not found:
            continue
        # One sentence usually states one obligation: a second key needs a surer reading
        # (ranked among all the keys read, before the ones this sentence cannot give drop out).
        found = sorted(found, key=lambda kp: -kp[1])
        found = found[:1] + [(k, p) for k, p in found[1:] if p >= second]
        target = _main_subject(item.sent, item.candidates) or (item.candidates[0] if item.candidates else item.focus)
        first = next((t.idx for t in item.sent if t.is_alpha), item.sent.start_char)
        evidence = Evidence(article_id, item.sent.start_char, item.sent.end_char, item.sent.text.strip(),
                            primary=_quoted(text_of(doc), first))
        facts += [ProvisionFact(key, True, f"m{target.cluster}", evidence) for key, _p in found if key in open_keys]
    return facts


def _open_keys(item: _Pending, keys: tuple[Provision, ...],
               subjects: dict[int, frozenset[str]]) -> frozenset[Provision]:
    """The keys the classifier may give in this sentence, whatever it reads there; none in a denial."""
    text = item.sent.text
    if _model_negation().search(text):
        return frozenset()
    target = item.candidates[0] if item.candidates else item.focus
    area = item.framed or bool(item.candidates)  # a cooperation area: the sentence states content or names the agreement
    obligation = item.obligation_words and _commitment_words().search(text) is not None
    key_words = _key_words()
    return frozenset(
        key for key in keys
        if key not in item.ruled
        and (area if key in _cooperation_keys() else obligation)  # an obligation needs a word of one and of commitment
        and (key not in key_words or key_words[key].search(text) is not None)  # a promise to abstain says so
        and (key != Provision.BORDER or _delimits(subjects.get(target.cluster, frozenset()))))


def _owner(token: Token, mentions: list[Mention]) -> Mention | None:
    """The mention whose words hold the token, if any; a plural ("such agreements") names no one
    agreement."""
    return next((m for m in mentions if m.span.start <= token.i < m.span.end and m.head.tag_ not in ("NNS", "NNPS")),
                None)


def _governing(doc: Doc, offset: int, candidates: list[Mention]) -> Mention | None:
    """The agreement a cue at `offset` speaks of by the parse, where the sentence names several:
    the one whose words or clause hold the cue ("the agreement on trade", "the accord, which covers
    trade"), else the subject of the nearest verb above it that has an agreement as its subject
    ("the pact will supersede an older accord and set the frame for ... cooperation")."""
    if len(candidates) < 2:
        return None
    token = next((t for t in doc[candidates[0].span.start].sent if t.idx <= offset < t.idx + len(t.text) + 1), None)
    steps = 0
    while token is not None and steps < 40:
        steps += 1
        if (owner := _owner(token, candidates)) is not None:
            return owner
        if token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and (owner := _owner(child, candidates)) is not None:
                    return owner
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _main_subject(sent: Span, mentions: list[Mention]) -> Mention | None:
    """The agreement named as the subject of the sentence's main verb (or of a verb joined to it)."""
    if len(mentions) < 2:
        return None
    verbs = [sent.root, *(c for c in sent.root.children if c.dep_ == "conj")]
    for verb in verbs:
        for child in verb.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if (owner := _owner(child, mentions)) is not None:
                # the subject's own words, without a clause about it ("the treaty, which extends the accord")
                clauses = {t.i for c in child.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
                inside = {t.i for t in child.subtree} - clauses
                if any(m is not owner and m.head.i in inside for m in mentions):
                    return None  # "the declaration and the protocol on ... were adopted": no one subject
                return owner
    return None


SUBORDINATE = frozenset({"advcl", "relcl", "acl", "ccomp", "parataxis"})


def _main_clause(sent: Span, mentions: list[Mention]) -> Mention | None:
    """The one agreement named in the sentence's main clause, beside others named in a clause under
    it ("put their initials on the agreement, while the leaders signed a declaration")."""
    if len(mentions) < 2:
        return None
    main = []
    for mention in mentions:
        token, steps = mention.head, 0
        while token.head.i != token.i and token.dep_ not in SUBORDINATE and steps < 40:
            token, steps = token.head, steps + 1
        if token.dep_ not in SUBORDINATE and token.i == sent.root.i:
            main.append(mention)
    return main[0] if len(main) == 1 else None


def _statement(mention: Mention) -> bool:
    """A statement or communique ("according to a joint statement"): no record of its own."""
    return mention.head.lemma_.lower() in _non_record_heads()


@lru_cache(maxsize=1)
def _non_record_heads() -> frozenset[str]:
    from treatywatch.extract.agreements import rules
    return frozenset(rules()["non_record_heads"])


def _delimits(subject: frozenset[str]) -> bool:
    """Only a border agreement delimits a border; a border-security agreement does not."""
    return bool(subject & BORDER_SUBJECTS) and not subject & NOT_DELIMITATION


def _in_name(offset: int, mentions: list[Mention]) -> bool:
    """The cue is part of an agreement's own name or description ("a defence cooperation
    agreement", "the memorandum on military cooperation"): the name says what it covers."""
    return any(m.span.start_char <= offset < m.span.end_char for m in mentions)


def _model_text(text: str) -> str:
    """The sentence as the classifier reads it: one line, without list numbering."""
    return re.sub(r"\s+", " ", _unhyphenated(text)).strip()


def _unhyphenated(text: str) -> str:
    """A word a hard line wrap hyphenated ("informa-\\ntion") whole again, for the cues to read."""
    return WRAP_HYPHEN.sub("", text)


@lru_cache(maxsize=1)
def _model_negation() -> re.Pattern[str]:
    return re.compile(_extra()["model"]["negation"], re.I)


@lru_cache(maxsize=1)
def _model_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = _extra()["model"]
    return re.compile(words["obligation_words"], re.I), re.compile(words["cooperation_words"], re.I)


@lru_cache(maxsize=1)
def _key_words() -> dict[Provision, re.Pattern[str]]:
    return {Provision(k): re.compile(v, re.I) for k, v in _extra()["model"]["key_words"].items()}


@lru_cache(maxsize=1)
def _commitment_words() -> re.Pattern[str]:
    return re.compile(_extra()["model"]["commitment_words"], re.I)


@lru_cache(maxsize=1)
def _cooperation_keys() -> frozenset[Provision]:
    return frozenset(rule.key for rule in _rules()[0] if rule.content_frame) | {Provision.BORDER}


def _model_words_in(lowered: str) -> tuple[bool, bool]:
    """Whether the sentence has a word of some obligation, and of some area of cooperation
    (rules/provisions.json `model`); an obligation is given only where it has a word of one."""
    obligations, cooperation = _model_words()
    return obligations.search(lowered) is not None, cooperation.search(lowered) is not None


def _clauses(doc: Doc) -> list[Span]:
    """Sentences, with a clause that a hard line wrap cut in two joined again: within a paragraph,
    a line that ends without closing punctuation and either runs long (a wrapped line) or is
    followed by a line in lower case is one sentence with the next line."""
    out: list[Span] = []
    for sent in doc.sents:
        if out and _wrapped(text_of(doc), out[-1], sent):
            out[-1] = doc[out[-1].start:sent.end]
        else:
            out.append(sent)
    return out


def _wrapped(text: str, before: Span, sent: Span) -> bool:
    """`sent` goes on the clause of `before`: within a paragraph, `before` stops without closing
    punctuation and `sent` starts in lower case (or with a comma), or `before` ends a long line."""
    # The spans' texts as slices of the Doc's (Span.text joins the tokens anew at every call).
    first = text[sent.start_char:sent.start_char + 1]
    last = text[before.start_char:before.end_char].rstrip()
    if _new_paragraph(text, before, sent):
        return False
    if not last or last[-1] in ".;:!?\"\u201d\u00bb)":
        return False
    if first.islower() or first in ",;":
        return True
    if "\n" not in text[before.end_char - 1:sent.start_char + 1]:
        return False  # the parser's own sentence break, not a line break
    line = last[last.rfind("\n") + 1:]
    return len(line) >= WRAPPED_LINE and (last[-1].isalpha() or last[-1] == ",")


def _new_paragraph(text: str, before: Span, sent: Span) -> bool:
    """A paragraph ends between `before` and `sent` (the blank line may lie in either span's whitespace)."""
    own, next_text = text[before.start_char:before.end_char], text[sent.start_char:sent.end_char]
    gap = own[len(own.rstrip()):] + text[before.end_char:sent.start_char] + \
        next_text[:len(next_text) - len(next_text.lstrip())]
    return "\n\n" in gap


def own_text_agreement(doc: Doc, mentions: list[Mention]) -> Mention | None:
    """The agreement whose text the article is, if it is one (rules/provisions.json `text_note`):
    the agreement named first before its first clause, else the first one named at all."""
    frame = _extra()["content_frame"]
    markers = [m.start() for m in re.finditer(frame["text_markers"], text_of(doc), re.I | re.M)]
    words = [m.start() for m in re.finditer(frame["text_words"], text_of(doc), re.I)]
    length = max(len(text_of(doc).split()), 1)
    if not (len(markers) >= frame["text_min_markers"] or len(markers) + len(words) >= frame["text_min_signs"]
            or (len(words) >= frame["text_min_words"] and len(words) * 100 / length >= frame["text_words_per_100"])):
        return None
    first = min(markers + words)
    named = [m for m in mentions if m.cluster >= 0 and not m.background]
    before = [m for m in named if m.span.start_char < first]
    return min(before or named, key=lambda m: m.span.start_char) if named else None


@lru_cache(maxsize=1)
def _frame_phrases() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _extra()["content_frame"]["phrases"])


def _states_content(sent: Span, lowered: str) -> bool:
    """The sentence says what an agreement contains: 'the treaty provides for ...',
    'under the agreement ...', 'the parties will ...'."""
    return bool(_phrase_frames(sent, lowered)) or _verb_frame(sent)


def _phrase_frames(sent: Span, lowered: str) -> list[Token | None]:
    """For each frame phrase in the sentence ('under the treaty', 'the parties will'), the verb of
    the clause it belongs to (None where the phrase maps onto no word of the parse)."""
    verbs: list[Token | None] = []
    for pattern in _frame_phrases():
        for hit in pattern.finditer(lowered):
            offset = sent.start_char + hit.start() + len(hit.group(0)) - len(hit.group(0).lstrip(" \t\n\"'\u201c(-"))
            token = next((t for t in sent if t.idx <= offset < t.idx + len(t.text)), None)
            verbs.append(_clause_verb(token) if token is not None else None)
    return verbs


def _clause_verb(token: Token) -> Token:
    """The verb of the clause a word belongs to (itself if it is one; the root if none is above it)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _in_frame(scopes: list[Token | None], sent: Span, offset: int) -> bool:
    """A cue at `offset` lies in the clause that a frame phrase governs ('under the treaty, the
    parties will fight terrorism'), not beside it ('citing terrorism and violations that impede
    rights under the treaty')."""
    token = next((t for t in sent if t.idx <= offset < t.idx + len(t.text)), None)
    if token is None or any(v is None for v in scopes):
        return True
    above = {t.i for t in token.ancestors} | {token.i}
    return any(v.i in above for v in scopes)


def _verb_frame(sent: Span) -> bool:
    """An agreement (or 'it', 'which') as the subject of a verb of content."""
    frame = _extra()["content_frame"]
    verbs, subjects = set(frame["verbs"]), set(frame["subjects"])
    for token in sent:
        if token.lemma_.lower() not in verbs:
            continue
        verb = token
        for _ in range(3):  # "the treaty aims to expand": the subject is the governing verb's
            args = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
            args = [next((g for g in a.children if g.dep_ == "pobj"), a) if a.dep_ == "agent" else a for a in args]
            if any(a.lemma_.lower() in subjects or a.lower_ in subjects for a in args):
                return True
            if not args and verb.dep_ in ("advcl", "acl") and _names_agreement(verb.head, subjects):
                return True  # "ratified the treaty, strengthening defence cooperation"
            if args or verb.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "prep", "pobj"):
                break
            verb = verb.head
    return False


def _names_agreement(token: Token, subjects: set[str]) -> bool:
    """The token is an agreement noun, or a verb whose object is one."""
    if token.lemma_.lower() in subjects and token.pos_ in ("NOUN", "PROPN"):
        return True
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in subjects for c in token.children)


def _continues(sent: Span, previous: Span | None) -> bool:
    """The sentence goes on with the content its paragraph's previous sentence stated ('Under the
    treaty, each state will ... The police would also work together against ...'): an additive
    word and a modal of duty, in the same paragraph (rules/provisions.json `content_frame`)."""
    if previous is None or _new_paragraph(text_of(sent.doc), previous, sent):
        return False
    frame = _extra()["content_frame"]
    lowered = sent.text.lower()
    return re.search(frame["continuation_words"], lowered) is not None and \
        re.search(frame["continuation_modals"], lowered) is not None


def _list_item(sent: Span) -> bool:
    """A short line of a list ('Terrorism;', '- trade and investment') under a sentence that
    states content."""
    words = [t for t in sent if t.is_alpha]
    return len(words) <= 12 and (sent.text.rstrip().endswith((";", ",", ".")) or sent.text.lstrip().startswith(("-", "•", "*")))


def _quoted(text: str, offset: int) -> bool:
    """Inside quotation marks: the agreement's own words rather than the outlet's summary."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    return sum(before.count(q) for q in QUOTES) % 2 == 1
