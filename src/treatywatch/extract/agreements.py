"""Agreement mentions in a Doc, clustered into the agreements one article speaks of."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from treatywatch.extract import gazetteer, reference
from treatywatch.extract.dates import parse_date
from treatywatch.extract.docindex import span_tokens
from treatywatch.extract.entities import SPAN_KEY, entity_spans, state_codes, state_of
from treatywatch.records import AgreementKind, Evidence


@lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads((resources.files("treatywatch") / "data/rules/agreements.json").read_text())


@dataclass(slots=True)
class Mention:
    span: Span                 # the words naming the agreement
    head: Token                # the kind noun ("treaty") or the anaphor ("document")
    kind: AgreementKind | None
    family: str | None
    subject: frozenset[str]
    parties: tuple[str, ...]   # states named inside the title itself
    named: bool                # a proper title ("Treaty on Good-Neighbourly Relations ...")
    background: bool
    cluster: int = -1
    compared: bool = False     # named as what another agreement is likened to ("the equivalent of the X Treaty")
    item_of: int = -1          # the plural that enumerates it ("two agreements: one on X ..."): its token index
    ordinal: int = 0           # its place among a counted plural's instruments ("the second"), else 0


@dataclass(slots=True)
class Cluster:
    index: int
    mentions: list[Mention] = field(default_factory=list)

    @property
    def family(self) -> str | None:
        return next((m.family for m in self.mentions if m.family), None)

    @property
    def subject(self) -> frozenset[str]:
        """The subject of its proper name if it has one, else of its fullest description."""
        subjects = [m.subject for m in self.mentions if m.subject and m.named] or \
            [m.subject for m in self.mentions if m.subject]
        return max(subjects, key=len) if subjects else frozenset()


def find_mentions(doc: Doc) -> list[Mention]:
    """Every mention of an agreement (or of 'the document'), in text order."""
    cfg = rules()
    # an organisation's or a state body's name is no agreement ("Government of National Accord")
    org_tokens = {t.i for span in doc.spans.get(SPAN_KEY, []) if span.label_ in ("ORG", "BODY") for t in span}
    org_tokens |= {t.i for ent in doc.ents if ent.label_ == "ORG" and
                   any(w.lower_ in ("organization", "organisation") for w in ent) for t in ent}
    mentions = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.i in org_tokens or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if lemma in cfg["anaphors"]:
            if token.tag_ in ("NNS", "NNPS"):
                continue
            span = _title_span(doc, token)
            named_by_phrase = span.end > token.i + 1  # "a document on ...", not "a very extensive document"
            subject = _subject(span, token) if named_by_phrase else frozenset()
            if subject - set(cfg["weak_subject_words"]):
                # "a document on the deepening of river transport" names an agreement
                mentions.append(Mention(span, token, AgreementKind.AGREEMENT, "treaty", subject, _title_parties(span),
                                        False, _is_background(doc, span)))
            else:
                mentions.append(Mention(doc[token.i:token.i + 1], token, None, None, frozenset(), (), False, False))
            continue
        spec = cfg["kinds"].get(lemma)
        if _plural_name(token):
            spec = cfg["kinds"][token.lower_[:-1]]
        elif spec is None or token.tag_ in ("NNS", "NNPS"):
            continue
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN") and \
                token.head.lemma_.lower() not in cfg["kinds"]:
            continue  # "treaty organisation", "agreement text"
        if spec.get("needs_signing") and token.dep_ == "compound" and token.head.lemma_.lower() in cfg["kinds"]:
            continue  # "the Defence Framework Agreement": one agreement, its kind the last noun's
        if spec.get("needs_signing") and not (token.text[:1].isupper() or _object_of_signing(token)):
            continue  # "a framework to expand trade" is no instrument; "signed a roadmap", "the Framework for ..." are
        if token.dep_ == "pobj" and token.head.lower_ in spec.get("not_after", ()):
            continue  # "within the Framework of", "the Agreement on the Framework for Fisheries Cooperation"
        span = _title_span(doc, token)
        words = {t.lower_ for t in span}
        if spec.get("needs_modifier") and not words & set(spec["needs_modifier"]) or \
                words & set(spec.get("not_modifiers", ())):
            continue
        if spec.get("needs_subject") and not token.text[:1].isupper() and \
                not _subject(span, token) - set(cfg["weak_subject_words"]):
            continue  # "the arrangements for the talks", "a groundbreaking arrangement": no instrument named
        if any(t.lower_ in cfg["procedural_words"] for t in doc[token.i + 1: span.end]):
            continue  # "the protocol on the exchange of instruments of ratification": a step, not a new agreement
        compared = _is_compared(doc, span)
        predicative = _predicative(token)
        mentions.append(Mention(
            span=span, head=token, kind=AgreementKind(spec["kind"]), family=spec["family"],
            subject=frozenset() if predicative else _subject(span, token),
            parties=_title_parties(span) or _listed_after(span),
            named=_is_named(span, token), background=compared or _is_background(doc, span), compared=compared))
    items = _enumerated_items(doc, mentions)
    return sorted(mentions + items + _counted_items(doc, mentions, items), key=lambda m: m.head.i)


def _enumerated_items(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"inked two agreements: one on the border and a separate pact on security": each item a plural
    enumerates in its sentence by a pronoun ("one on X", "the other on Y") is a mention of its own, of the
    plural's kind, about what its phrase says (an item that is a kind noun is a mention already)."""
    cfg = rules()
    plurals = cfg["enumerated_plurals"]
    taken = {t.i for m in mentions for t in m.span}
    items = []
    for token in doc:
        if token.lower_ not in plurals or token.i in taken:
            continue
        kind = plurals[token.lower_]
        family = cfg["kinds"][kind]["family"]
        for opener, prep, end in enumeration(token):
            if opener.i in taken:
                continue
            subject = _subject(doc[prep.i:end], prep)
            if not subject - set(cfg["weak_subject_words"]):
                continue
            items.append(Mention(
                span=doc[opener.i:end], head=opener, kind=AgreementKind(kind), family=family, subject=subject,
                parties=(), named=False, background=_is_background(doc, doc[token.i:token.i + 1]), item_of=token.i))
    return items


def _counted_items(doc: Doc, mentions: list[Mention], enumerated: list[Mention]) -> list[Mention]:
    """"Two memoranda were signed in Hanoi ... The first memorandum deals with incidents at sea. The second sets
    out ...": a counted plural whose instruments the next sentences take up by their ordinals. Each is a
    mention where the plural stands (the plural's steps are its steps), about what its own sentence says."""
    cfg = rules()
    plurals, ordinals, counts = cfg["enumerated_plurals"], cfg["enumeration_ordinals"], cfg["party_counts"]
    weak = set(cfg["weak_subject_words"])
    listed = {m.item_of for m in enumerated}
    taken = {t.i for m in mentions for t in m.span}
    sentences: list[Span] = []  # listed only for an article with a counted plural
    items = []
    for token in doc:
        if token.lower_ not in plurals or token.i in listed or token.i in taken:
            continue
        count = next((counts.get(c.lower_) or (int(c.text) if c.text.isdigit() else 0)
                      for c in token.children if c.dep_ == "nummod"), 0)
        if count < 2:
            continue
        kind = plurals[token.lower_]
        sentences = sentences or list(doc.sents)
        number = next(n for n, sent in enumerate(sentences) if sent.start <= token.i < sent.end)
        found: dict[int, frozenset[str]] = {}
        for sent in sentences[number + 1: number + 4]:
            words = [t for t in sent if not t.is_space]
            at = 1 if words and words[0].lower_ == "the" else 0
            if at + 1 >= len(words) or words[at].lower_ not in ordinals:
                continue
            place, start = ordinals[words[at].lower_], at + 1
            if words[start].lemma_.lower() in cfg["kinds"] or words[start].lower_ in (kind, "one") or \
                    words[start].lemma_.lower() in cfg["anaphors"]:
                start += 1  # "the first memorandum", "the second one"
            elif words[start].pos_ not in ("VERB", "AUX"):
                continue  # "the first round of talks": no instrument taken up
            if place > count or place in found or start >= len(words):
                continue
            end = next((w.i for w in words[start:] if w.text in (",", ";", ":", ".")), sent.end)
            subject = _subject(doc[words[start].i:end], words[at])
            if subject - weak:
                found[place] = subject
        if len(found) < 2:
            continue
        span = _title_span(doc, token)
        for place, subject in sorted(found.items()):
            items.append(Mention(
                span=span, head=token, kind=AgreementKind(kind), family=cfg["kinds"][kind]["family"], subject=subject,
                parties=_title_parties(span), named=False, background=_is_background(doc, span), item_of=token.i,
                ordinal=place))
    return items


def enumeration(plural: Token) -> Iterator[tuple[Token, Token, int]]:
    """(opener, preposition, end) of each item a plural enumerates after it in its sentence ("two
    agreements: one on the border and the other on trade"); the item's words run from the preposition to `end`."""
    cfg = rules()
    openers, preps = set(cfg["enumeration_openers"]), set(cfg["enumeration_prepositions"])
    doc, sent = plural.doc, plural.sent
    for opener in doc[plural.i + 1: sent.end - 1]:
        prep = doc[opener.i + 1]
        if opener.lower_ in openers and prep.lower_ in preps:
            yield opener, prep, _item_end(doc, prep.i + 1, sent.end, openers)


def _item_end(doc: Doc, start: int, limit: int, openers: set[str]) -> int:
    """Where one item of an enumeration ends: at a comma, semicolon or colon, or at "and" before the next item."""
    for i in range(start, limit):
        t = doc[i]
        if t.text in (",", ";", ":", ".") or t.lower_ in openers or \
                t.lower_ in ("and", "while", "whereas") and i + 1 < limit and \
                (doc[i + 1].lower_ in openers or doc[i + 1].pos_ == "DET"):
            return i
    return limit


def _predicative(token: Token) -> bool:
    """The noun says what an agreement already spoken of is ("described it as the first treaty of its kind",
    "called the accord a milestone treaty"): after 'as', or the object complement, of a verb of calling.
    It names no agreement of its own, and its words ("of its kind") are no subject."""
    verbs = set(rules()["predicative_verbs"])
    if token.text[:1].isupper():
        return False  # "dubbed the Lakeside Accords": another name of it, which aliases link
    if token.dep_ == "pobj" and token.head.lower_ == "as":
        verb = token.head.head
    elif token.dep_ in ("oprd", "attr") and token.head.pos_ == "VERB":
        verb = token.head
    else:
        return False
    if verb.lemma_.lower() not in verbs:
        return False
    return token.dep_ == "oprd" or any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)


def _object_of_signing(token: Token) -> bool:
    """The noun is what a signing verb signs ("signed a roadmap", "to ink a framework", "the roadmap signed
    on Monday")."""
    verbs = set(rules()["signing_verbs"])
    return token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in verbs or \
        any(c.dep_ == "acl" and c.lemma_.lower() in verbs for c in token.children)


def _listed_after(span: Span) -> tuple[str, ...]:
    """The parties a capitalised name's "for" phrase lists ("the Harbour Accords for Peace between Chile and
    Peru"): the phrase stays out of the name (it would bridge two agreements of one subject), its states are
    the parties."""
    doc, head = span.doc, span.root
    end = span.end
    if not head.text[:1].isupper() or is_headline(head.sent) or end >= head.sent.end or doc[end].lower_ != "for":
        return ()
    for token in doc[end + 1: min(end + 7, head.sent.end)]:
        if token.lower_ in ("between", "among"):
            listed = _clip(doc, token)
            codes = {code for ent in entity_spans(listed, ("STATE", "STATE_ADJ")) if (code := state_of(ent))}
            return tuple(sorted(codes)) if len(codes) >= 2 else ()
        if token.is_punct or token.pos_ in ("VERB", "AUX"):
            return ()
    return ()


def _plural_name(token: Token) -> bool:
    """'the Harbour Accords': one instrument named in the plural, after a capitalised name."""
    spec = rules()["kinds"].get(token.lower_[:-1]) if token.lower_.endswith("s") else None
    before = token.doc[token.i - 1] if token.i > 0 else None
    return bool(spec and spec.get("plural_name")) and token.text[:1].isupper() and before is not None \
        and before.text[:1].isupper() and not before.is_sent_start and not is_headline(token.sent)


def _title_parties(span: Span) -> tuple[str, ...]:
    """States named in the title; a region in the title ("... of Central Asia") names its states,
    and so does a region in the phrase around the title when its sentence names at most one state."""
    head = span.root
    if head.text[:1].isupper():
        codes = {code for ent in entity_spans(span, ("STATE", "STATE_ADJ", "LEADER")) if (code := state_of(ent))}
    else:
        codes = set(state_codes(span))
    around = span.doc[head.left_edge.i: head.right_edge.i + 1].text  # "... aimed at the development of Central Asia"
    texts = [span.text] if codes or len(set(state_codes(span.sent))) > 1 else [span.text, around]
    for name, members in gazetteer.load().regions.items():
        if any(re.search(rf"\b{re.escape(name)}\b", text) for text in texts):
            codes |= set(members)
    return tuple(sorted(codes))


def _title_span(doc: Doc, head: Token) -> Span:
    """The head noun with its modifiers and the prepositional phrases that name it."""
    cfg = rules()
    start = head.i
    for child in reversed(list(head.lefts)):
        # Only the unbroken run of modifiers right before the noun ("the Malawian-Zambian border treaty").
        if child.dep_ not in ("compound", "amod", "nmod", "npadvmod", "nummod") or child.lower_ in ("this", "that") \
                or any(t.lemma_.lower() in _cue_lemmas() and t.tag_ not in ("NNS", "NNPS") for t in child.subtree) \
                or child.right_edge.i + 1 != start:
            break
        start = child.left_edge.i
    # Capitalised words right before a capitalised head belong to the name ("Lakeshore Declaration"),
    # except in a title-case headline, where every word is capitalised.
    if head.text[:1].isupper() and not is_headline(head.sent):
        while start > head.sent.start and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start \
                and doc[start - 1].pos_ in ("PROPN", "ADJ", "NOUN"):
            start -= 1
    end = head.i + 1
    rights = list(head.rights)
    for n, child in enumerate(rights):
        if child.dep_ == "prep" and any(_is_date(c) for c in child.children) and child.lower_ != "of":
            break  # "signed the agreement on November 21": a date, not part of the name
        if child.dep_ == "prep" and child.lower_ == "with" and child.i == end and \
                all(_names_state(t) for t in child.subtree if t is not child and t.is_alpha and t.lower_ not in ("the", "and")) and \
                (any(r.dep_ == "prep" and r.lower_ in cfg["title_prepositions"] for r in rights[n + 1:]) or
                 _subject_phrase_after(doc, child.right_edge.i + 1, head)):
            end = child.right_edge.i + 1
            continue  # "an agreement with Uzbekistan on water management": the partner, then the subject
        if child.dep_ == "prep" and child.lower_ in cfg["title_prepositions"]:
            end = max(end, _clip(doc, child).end)
        elif child.dep_ in ("compound", "appos") and child.i == end:
            end = child.i + 1
        else:
            break
    # "between A and B" or "regarding X" is often attached to the verb by the parser: take it
    # when it follows the name at once (skipping a comma), unless it gives a date.
    nxt = end + 1 if end < head.sent.end - 1 and doc[end].text == "," and doc[end + 1].lower_ in ("regarding", "concerning") \
        and not _of_outer_noun(doc[end + 1], head) else end
    if nxt < head.sent.end and doc[nxt].lower_ in cfg["title_prepositions"] and doc[nxt].head.i != head.i \
            and not any(_is_date(c) for c in doc[nxt].children) and doc[nxt].lower_ != "for":
        end = _clip(doc, doc[nxt]).end
    return doc[start:end]


def _of_outer_noun(word: Token, head: Token) -> bool:
    """', concerning X' the parser hangs on a noun whose phrase holds the agreement ("the first request under
    the treaty, concerning a businessman"): it says what that noun is about, not the agreement."""
    outer = word.head
    return outer.i != head.i and outer.pos_ in ("NOUN", "PROPN") and head in outer.subtree and \
        outer.lemma_.lower() not in rules()["kinds"]


def _subject_phrase_after(doc: Doc, i: int, head: Token) -> bool:
    """A phrase that names the subject starts at `i` though the parser hangs it on the verb ("signed an
    agreement with Chile on water management"): a title preposition other than "for", not giving a date."""
    return i < head.sent.end and doc[i].lower_ in rules()["title_prepositions"] and doc[i].lower_ != "for" and \
        doc[i].head.i != head.i and not any(_is_date(c) for c in doc[i].children)


@lru_cache(maxsize=1)
def _cue_lemmas() -> frozenset[str]:
    """Lifecycle verbs ('sign', 'ratify') never belong to an agreement's name."""
    events = json.loads((resources.files("treatywatch") / "data/rules/events.json").read_text())
    return frozenset(lemma for cue in events["cues"] for lemma in cue["lemmas"] if cue["event"] != "proposed")


def _clip(doc: Doc, prep: Token) -> Span:
    """A prepositional subtree, cut at the first comma, relative clause, finite verb or
    coordinated second agreement ("... and the protocol on ...")."""
    cfg = rules()
    kinds = cfg["kinds"]
    listing = prep.lower_ in ("between", "among")
    end = prep.i + 1
    skip_to = -1
    for token in doc[prep.i + 1: prep.right_edge.i + 1]:
        if token.i <= skip_to:
            end = token.i + 1 if listing else end
            continue
        if token.text == "(" and listing and token.i + 2 < len(doc) and doc[token.i + 2].text == ")" \
                and doc[token.i + 1].text.isupper():
            skip_to = token.i + 2
            end = token.i + 1
            continue  # "(DRC)"
        if token.text == "(" and not listing and _acronym_in_brackets(doc, token.i):
            skip_to = token.i + 2
            continue  # "a memorandum of understanding (MoU) on ...": the acronym does not end the name
        if token.text == "," and listing and token.i + 1 < len(doc) and _names_state(doc[token.i + 1]):
            end = token.i + 1
            continue  # "between Tajikistan, Kyrgyzstan and Uzbekistan"
        if token.text == "," and token.i + 1 < len(doc) and not _names_state(doc[token.i + 1]) and (
                (prep.head.text[:1].isupper() and doc[token.i + 1].text[:1].isupper())
                or (doc[token.i + 1].dep_ == "conj" and prep.i < doc[token.i + 1].head.i < token.i)
                or (doc[token.i + 1].lower_ in ("and", "or") and token.i + 2 < len(doc)
                    and doc[token.i + 2].dep_ == "conj" and prep.i < doc[token.i + 2].head.i < token.i)):
            end = token.i + 1
            continue  # "Treaty on Friendship, Good-Neighbourliness and Cooperation", "on trade, transit and ..."
        if token.dep_ == "prep" and token.lower_ != "of" and any(_is_date(c) for c in token.children):
            break  # "... on November 21": when, not what
        if token.text == "," and token.ent_type_ == "DATE":
            end = token.i + 1
            continue  # "of September 14, 2015"
        if token.dep_ == "prep" and token.lower_ in cfg["title_stops"] and not (
                token.lower_ == "within" and doc[token.i + 1: token.i + 3].text.lower() == "the framework") \
                and not _field_of(token):
            break  # "... in Tashkent", "... during the summit": where, not what
        if token.text in (",", ";", "(", ":", "\u201c", "\u201d", '"') or token.lower_ in ("which", "that", "who") \
                or token.lower_ in cfg["title_breaking_words"] \
                or token.tag_ in ("VBD", "VBZ", "VBP", "MD") or token.is_sent_start \
                or (token.dep_ in ("acl", "relcl") and token.tag_ == "VBN"):
            break
        if token.lower_ in ("and", "as well as") and any(
                t.lemma_.lower() in kinds for t in doc[token.i + 1: min(token.i + 4, len(doc))]):
            break
        end = token.i + 1
    else:
        if listing and end == prep.right_edge.i + 1:
            end = _second_of_pair(doc, prep, end)
    return doc[prep.i:end]


def _acronym_in_brackets(doc: Doc, i: int) -> bool:
    """'(MoU)', '(SOFA)' at token i: a bracketed short form of the name just given."""
    if i < 0 or i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
        return False
    word = doc[i + 1].text
    return word.isalpha() and len(word) <= 10 and sum(c.isupper() for c in word) >= 2


def _field_of(prep: Token) -> bool:
    """'cooperation in fisheries and ports': the field of a cooperation the name is about, not a place or
    a time ("cooperation in Tashkent", "cooperation in 2024")."""
    fields = rules()["field_prepositions"]
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    if before is None or before.lemma_.lower() not in fields.get(prep.lower_, ()):
        return False
    objects = [t for t in prep.subtree if t is not prep]
    return bool(objects) and not any(t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME", "EVENT") or t.like_num
                                     for t in objects) and not any(
        span.label_ in ("STATE", "STATE_ADJ", "CAPITAL") and span.start <= t.i < span.end
        for span in prep.doc.spans.get(SPAN_KEY, []) for t in objects)


def _second_of_pair(doc: Doc, prep: Token, end: int) -> int:
    """'between A and B' whose 'and B' the parser hung on the verb ("... between the Government of
    X and the Government of Y"): the list goes on to the second state when only one is named yet."""
    if end < len(doc) and doc[end].text == ")" and "(" in doc[prep.i:end].text:
        end += 1  # the bracket of an acronym: "(DRC)"
    if end >= len(doc) or doc[end].lower_ != "and" or len(set(state_codes(doc[prep.i:end]))) != 1:
        return end
    for span in doc.spans.get(SPAN_KEY, []):
        if span.label_ == "STATE" and end < span.start <= end + 8 and \
                all(t.lower_ == "the" or t.text[:1].isupper() or t.lower_ == "of" for t in doc[end + 1: span.start]):
            return span.end
    return end


def _is_date(token: Token) -> bool:
    """A word of a date ('November', '21', 'Friday'); the model sometimes runs a DATE entity
    on into a title ('May 20, 2024 - The Treaty on Strategic Partnership')."""
    return token.ent_type_ == "DATE" and (token.like_num or parse_date(token.text, date.today()) is not None
                                          or parse_date(f"{token.text} 1", date.today()) is not None)


def _names_state(token: Token) -> bool:
    return any(span.start <= token.i < span.end for span in token.doc.spans.get(SPAN_KEY, [])
               if span.label_ in ("STATE", "STATE_ADJ")) or token.lower_ == "the"


def _subject(span: Span, head: Token) -> frozenset[str]:
    cfg = rules()
    stop = set(cfg["subject_stopwords"])
    evaluative = set(cfg["evaluative_words"])
    synonyms = cfg["subject_synonyms"]
    labels = ("STATE", "STATE_ADJ", "LEADER") if head.text[:1].isupper() else ("STATE", "STATE_ADJ", "CAPITAL", "LEADER")
    entity_tokens = span_tokens(span.doc, SPAN_KEY, labels)
    words = set()
    joined: set[int] = set()
    for token in span:
        # "Vel-Arosa" and "Velarosa" are one name: hyphenated words are joined.
        if token.text == "-" and not token.whitespace_ and token.i > span.start and token.i + 1 < span.end \
                and not token.doc[token.i - 1].whitespace_ and token.i - 1 not in entity_tokens:
            left, right = token.doc[token.i - 1], token.doc[token.i + 1]
            words.discard(synonyms.get(left.lemma_.lower(), left.lemma_.lower()))
            joined.add(right.i)
            if not ({left.lower_, right.lower_, right.lemma_.lower()} & (stop | set(cfg["party_counts"]))) \
                    and not left.like_num:  # "five-party", "10-year", "11-point" say nothing of the subject
                joined_word = left.lower_ + right.lower_
                words.add(synonyms.get(joined_word, joined_word))
            continue
        if token.i in joined or token.i == head.i or token.i in entity_tokens or token.is_punct \
                or token.like_num or token.is_space or _acronym_in_brackets(token.doc, token.i - 1):
            continue
        lemma = token.lemma_.lower()
        if lemma in stop or token.lower_ in stop or lemma in cfg["kinds"] or token.is_stop \
                or token.lower_ in evaluative or token.pos_ == "ADV":
            continue
        words.add(synonyms.get(lemma, synonyms.get(token.lower_, lemma)))
    return frozenset(words)


def is_headline(sent: Span) -> bool:
    """A title-case line ("Malawian, Zambian Leaders Sign Border Agreement")."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3 or len(words) > 16 or sent.text.rstrip().endswith("."):
        return False  # prose full of names and titles is not a headline
    return sum(t.text[:1].isupper() for t in words) / len(words) > 0.7


def _is_named(span: Span, head: Token) -> bool:
    return head.text[:1].isupper() and not (head.is_sent_start and len(span) == 1) and not is_headline(head.sent)


def _is_background(doc: Doc, span: Span) -> bool:
    """Named as the basis of something else: "guided by the Treaty ...", "Article 51 of the UN Charter"."""
    before = doc[max(span.sent.start, span.start - 6):span.start].text.lower()
    return any(cue in before for cue in rules()["background_cues"]) or \
        any(re.search(p, before + " ") for p in rules()["background_patterns"])


def _is_compared(doc: Doc, span: Span) -> bool:
    """Named as what another agreement is likened to ("modelled on the X Treaty", "the regional
    counterpart of the Y Pact"): another agreement, whose own steps make it no record here."""
    before = doc[max(span.sent.start, span.start - 6):span.start].text.lower()
    return any(re.search(rf"\b{re.escape(cue)}\b", before) for cue in rules()["comparison_cues"])


def cluster(mentions: list[Mention]) -> list[Cluster]:
    """Mentions of the same agreement within one article, grouped.

    A mention with a subject joins the cluster with the same family whose subject
    overlaps it; 'the treaty' or 'the document' joins the agreement last spoken of.
    """
    clusters: list[Cluster] = []
    seen: list[Mention] = []
    last: Cluster | None = None
    for mention in mentions:
        target = None
        if mention.subject:
            candidates = [c for c in clusters if c.family == mention.family and c.subject
                          and _compatible(c, mention) and _same_year(c, mention)]
            target = max(candidates, key=lambda c: _overlap(c.subject, mention.subject), default=None)
            if target is None and not mention.background and not reference.is_distinct(mention):
                # A bare first mention ("the agreement" in a headline) takes the first subject it meets
                # (not one marked as another: "they also inked a fisheries pact").
                target = next((c for c in clusters if not c.subject and c.family in (None, mention.family)), None)
        elif reference.year_of(mention) is not None:
            target = _cluster_of_year(clusters, last, mention)
        else:
            # "the treaty" prefers the last agreement called a treaty, then the last of its family.
            same_noun = next((clusters[m.cluster] for m in reversed(seen)
                              if m.head.lemma_.lower() == mention.head.lemma_.lower() and m.subject), None)
            if mention.family is not None and same_noun is not None and same_noun.family == mention.family:
                target = same_noun
            elif last is not None and (mention.family is None or last.family in (None, mention.family)):
                target = last
            else:
                target = next((c for c in reversed(clusters)
                               if mention.family is None or c.family in (None, mention.family)), None)
                if target is None and last is not None and last.subject and reference.is_instrument(last) \
                        and not needs_signing(last):
                    target = last  # journalists call a declaration "the treaty" too (not a statement of talks:
                    # "the agreement" it announces is what the talks reached)
        if target is None:
            target = Cluster(len(clusters))
            clusters.append(target)
        target.mentions.append(mention)
        mention.cluster = target.index
        if not mention.background:
            seen.append(mention)
            last = target  # "the agreement" never refers back to a mere legal basis
    return reference.fold_descriptions(reference.link_aliases([c for c in clusters if c.family is not None]))


def _cluster_of_year(clusters: list[Cluster], last: Cluster | None, mention: Mention) -> Cluster | None:
    """'the 2003 agreement' beside 'the 2022 agreement': the cluster that carries its year, else the agreement
    last spoken of unless that one carries another year (then it is another agreement: a new cluster)."""
    year = reference.year_of(mention)

    def fits(group: Cluster) -> bool:
        return mention.family is None or group.family in (None, mention.family)

    dated = next((c for c in reversed(clusters) if fits(c) and any(reference.year_of(m) == year for m in c.mentions)),
                 None)
    if dated is not None:
        return dated
    if last is not None and fits(last) and not any(reference.year_of(m) not in (None, year) for m in last.mentions):
        return last
    return None


def _same_year(cluster_: Cluster, mention: Mention) -> bool:
    """A description with its year ("the 1995 security pact") is the agreement of that year: it joins
    only a cluster that carries the same year."""
    year = reference.year_of(mention)
    return year is None or any(reference.year_of(m) == year for m in cluster_.mentions)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return subject_overlap(a, b)


def subject_overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Shared subject words over the shorter subject; 'relations' or 'cooperation' alone
    are shared by too many agreements to make two mentions one."""
    if not a or not b:
        return 0.0
    shared = a & b
    if not shared - set(rules()["weak_subject_words"]):
        return 0.0 if len(a) > len(shared) and len(b) > len(shared) else len(shared) / min(len(a), len(b)) / 2
    return len(shared) / min(len(a), len(b))


def _compatible(cluster_: Cluster, mention: Mention) -> bool:
    if _overlap(cluster_.subject, mention.subject) < 0.5:
        return False
    named_parties = {m.parties for m in cluster_.mentions if len(m.parties) >= 2}
    if len(mention.parties) >= 2 and named_parties and mention.parties not in named_parties:
        return False
    if _another_partner(cluster_, mention):
        return False
    # "Moldova's transit agreement with Romania" and "... with Hungary", in sentences that each name
    # two states, one of them another: two bilateral agreements of one subject.
    pair = sentence_pair(mention)
    pairs = {p for m in cluster_.mentions if (p := sentence_pair(m))}
    return not (pair and pairs and all(len(pair & p) == 1 for p in pairs))


def _another_partner(cluster_: Cluster, mention: Mention) -> bool:
    """The mention is another instrument than the cluster's: coordinated with one of its mentions ("an
    agreement with Chile and an agreement with Peru"), or made with a partner ("an agreement with Peru")
    that no sentence of the cluster names."""
    if any(_coordinated(m, mention) for m in cluster_.mentions):
        return True
    partner = partner_of(mention)
    return bool(partner) and not any(partner in state_codes(m.span.sent) for m in cluster_.mentions)


def partner_of(mention: Mention) -> str | None:
    """The state in 'with X' right after the mention ("a defence pact with Chile")."""
    doc, end = mention.span.doc, mention.span.end
    if end >= len(doc) or doc[end].lower_ != "with":
        return None
    ent = next((e for e in entity_spans(doc[end + 1: min(end + 4, len(doc))], ("STATE",))), None)
    return state_of(ent) if ent is not None else None


def _coordinated(a: Mention, b: Mention) -> bool:
    """Two mentions joined by 'and' or 'or' name two agreements."""
    x, y = a.head, b.head
    return (y.dep_ == "conj" and y.head.i == x.i) or (x.dep_ == "conj" and x.head.i == y.i)


def sentence_pair(mention: Mention) -> frozenset[str] | None:
    """The two states a mention's sentence names, when it names exactly two."""
    codes = frozenset(state_codes(mention.span.sent))
    return codes if len(codes) == 2 else None


def title_of(cluster_: Cluster) -> str:
    named = [m for m in cluster_.mentions if m.named and m.family]
    pool = named or [m for m in cluster_.mentions if m.family]
    best = max(pool, key=lambda m: (len(m.subject), len(m.span)))
    text = best.span.text
    if best.ordinal:  # the second of "two memoranda of understanding between ...": "memorandum of understanding
        # between ... (the second of two)"
        plural, doc = best.head, best.span.doc
        place = next(word for word, n in rules()["enumeration_ordinals"].items() if n == best.ordinal)
        count = next((c.lower_ for c in plural.children if c.dep_ == "nummod"), "")
        text = f"{rules()['enumerated_plurals'][plural.lower_]} {doc[plural.i + 1: best.span.end].text}" \
            f" (the {place} of {count})"
    elif best.item_of >= 0:  # "one on the border" of "two agreements": "agreement on the border"
        plural = best.span.doc[best.item_of]
        text = f"{rules()['enumerated_plurals'][plural.lower_]} {best.span.doc[best.head.i + 1: best.span.end].text}"
    text = re.sub(r"^(?:the|a|an|this|that)\s+", "", text, flags=re.I)
    text = text.rstrip(" \u201d\u2019\"'")
    text = re.sub(r"\s*\([^)]*$", "", text)  # a bracket the parse left open: "... Congo (DRC"
    return text[:1].upper() + text[1:]


def needs_signing(cluster_: Cluster) -> bool:
    """Every kind noun of the cluster is one that names an instrument only once signed ("a roadmap")."""
    kinds = rules()["kinds"]
    heads = [m.head.lemma_.lower() for m in cluster_.mentions if m.family]
    return bool(heads) and all(kinds.get(h, {}).get("needs_signing") for h in heads)


def kind_of(cluster_: Cluster) -> AgreementKind:
    """The kind its proper names give, else its descriptions ("the memorandum on maritime jurisdiction",
    not the bare "agreement" of later sentences), else its mentions; "agreement" is also the generic word for
    any instrument, so a name or a description with its subject that calls it a treaty wins over it."""
    pool = [m for m in cluster_.mentions if m.named and m.kind] or \
        [m for m in cluster_.mentions if m.kind and m.subject] or [m for m in cluster_.mentions if m.kind]
    best = Counter(m.kind for m in pool).most_common(1)[0][0]
    if best == AgreementKind.AGREEMENT and any(m.kind == AgreementKind.TREATY and (m.named or m.subject) for m in pool):
        return AgreementKind.TREATY
    return best


def title_span(doc: Doc, head: Token) -> Span:
    """The words that name the agreement whose kind noun is `head` (its modifiers and naming phrases)."""
    return _title_span(doc, head)


def subject_of(span: Span, head: Token) -> frozenset[str]:
    """The subject words of the naming words `span` of the kind noun `head`."""
    return _subject(span, head)


def evidence_of(mention: Mention, article_id: str) -> Evidence:
    sent = mention.span.sent
    return Evidence(article_id, sent.start_char, sent.end_char, sent.text.strip())
