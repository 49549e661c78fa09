"""One article's facts: agreements it speaks of, their events and provisions, with evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Doc
from spacy.util import minibatch

from treatywatch.extract import agreements as agr
from treatywatch.extract import partners, reference, roles
from treatywatch.extract import gazetteer
from treatywatch.extract.budget import PARSE_BUDGET_CHARS, pieces_to_parse
from treatywatch.extract.dates import publication_date
from treatywatch.extract.entities import STATE_LABELS, entity_spans, is_place, state_codes, state_of
from treatywatch.extract.events import find_events, one_per_sentence
from treatywatch.extract.foreign import extract_foreign, language_of
from treatywatch.extract.pipeline import CHUNK_CHARS, MAX_CHARS, build, failure, join_facts, parse, split_text, too_long
from treatywatch.extract.provisions import find_provisions, own_text_agreement
from treatywatch.records import AgreementMention, Article, ArticleFacts, EventKind, Skipped


def extract_all(articles: Iterable[Article], *, batch_size: int = 16, max_chars: int = MAX_CHARS,
                chunk_chars: int = CHUNK_CHARS, parse_budget: int = PARSE_BUDGET_CHARS,
                languages: Sequence[str | None] | None = None) -> Iterator[ArticleFacts | Skipped]:
    """Facts of each article, in order (those not in English first); the model is loaded once.

    Nothing in one article stops the others: one over `max_chars` characters, or one whose
    extraction raises, comes back as Skipped with a one-line reason. A text over `chunk_chars`
    is parsed in pieces cut at paragraph breaks, and the pieces' facts are joined. Of a text
    over `parse_budget` characters only the first piece and those that can report on an agreement are parsed
    (extract/budget.py); its facts say how many characters were left (`unread_chars`).
    `languages`, when given, holds what `language_of` says of each article (a caller that has
    asked already: the test reads the start of the text, and is not free).
    """
    nlp = build()
    english: list[Article] = []
    for number, article in enumerate(articles):
        if (skipped := too_long(article, max_chars)) is not None:
            yield skipped
            continue
        try:
            language = language_of(article.text) if languages is None else languages[number]
            if language is None:
                english.append(article)
                continue
            # not English: read with the language pack, without the model
            published = article.published or publication_date(article.text, article.url)
            yield extract_foreign(article, language, published)
        except Exception as exc:  # noqa: BLE001 - whatever breaks on one article is its failure
            yield failure(article, exc)

    def pieces() -> Iterator[tuple[Article, int, int, int, Doc | Exception]]:
        """(article, piece number, pieces, start in the article's text, the piece's Doc or what stopped it)."""
        for article in english:
            try:
                published = article.published or publication_date(article.text, article.url)
                bounds = split_text(article.text, chunk_chars)
                bounds = [bounds[n] for n in pieces_to_parse(article.text, bounds, parse_budget)]
            except Exception as exc:  # noqa: BLE001
                yield article, 0, 1, 0, exc
                continue
            for number, (start, end) in enumerate(bounds):
                whole = len(bounds) == 1 and end - start == len(article.text)
                part = article if whole else replace(article, text=article.text[start:end])
                try:
                    doc = nlp.make_doc(part.text)
                except Exception as exc:  # noqa: BLE001
                    yield article, number, len(bounds), start, exc
                    continue
                doc.user_data["article"] = part
                doc.user_data["published"] = published
                yield article, number, len(bounds), start, doc

    parts: list[tuple[int, ArticleFacts]] = []
    error: Exception | None = None
    for batch in minibatch(pieces(), batch_size):
        parsed = iter(parse(nlp, [p[4] for p in batch if isinstance(p[4], Doc)], batch_size))
        for article, number, count, start, doc in batch:
            if number == 0:
                parts, error = [], None
            if isinstance(doc, Doc):
                doc = next(parsed)
            if error is None and isinstance(doc, Exception):
                error = doc
            elif error is None:
                try:
                    parts.append((start, extract(doc, doc.user_data["article"])))
                except Exception as exc:  # noqa: BLE001
                    error = exc
            if number == count - 1:
                if error is not None:
                    yield failure(article, error)
                else:
                    whole = count == 1 and parts[0][1].article is article
                    facts = parts[0][1] if whole else join_facts(article, parts, parts[0][1].published)
                    facts.unread_chars = len(article.text) - sum(len(f.article.text) for _, f in parts)
                    yield facts


def extract(doc: Doc, article: Article) -> ArticleFacts:
    published = doc.user_data.get("published")
    mentions = agr.find_mentions(doc)
    clusters = agr.cluster(mentions)
    denials: list = []
    claims: list = []
    events = find_events(doc, mentions, published, article.id, denials)
    first = _first_version_sentences(doc)
    events = [e for e in events if not (e.kind == EventKind.SIGNED and e.evidence.start in first)]
    provisions = find_provisions(doc, mentions, article.id, claims)
    third = roles.third_states(doc)
    article_states = Counter(code for code in state_codes(doc) if code not in third)
    # An agreement the leaders sign without any state named near it ("the leaders also signed
    # the declaration") takes the party set of the article's first agreement that has one.
    main_parties = next((_parties(doc, g, article_states, third=third) for g in clusters
                         if not all(m.background for m in g.mentions) and _near_states(g)), ())
    if len(main_parties) < 2:
        main_parties = ()
    kept = []
    focus = reference.focus_of(clusters)
    own_text = own_text_agreement(doc, mentions)
    for group in clusters:
        ref = f"m{group.index}"
        has_events = any(e.agreement_ref == ref for e in events)
        has_provisions = any(p.agreement_ref == ref for p in provisions)
        named = any(m.named for m in group.mentions if m.family)
        background = all(m.background for m in group.mentions)
        # Named in passing (a legal basis without a date of its own, another agreement beside the focus):
        # kept only to join the record its parties already have elsewhere (merge), never one of its own.
        # (an agreement another is likened to stays in passing, whatever steps the comparison recalls)
        compared = all(m.compared for m in group.mentions)
        passing = background and not (named and has_events and not compared)
        if not passing:
            spoken_of = group is focus and sum(1 for m in group.mentions if m.family) >= 2 and len(article_states) >= 2
            if not group.subject and not has_events and not has_provisions and not spoken_of:
                continue  # "an agreement" with nothing said of it (unless the article is about it)
            # A date inside its name places a legal basis in time; it reports nothing of an agreement named in passing.
            reported = has_events if background else \
                any(e.agreement_ref == ref and not reference.dated_by_name(e, group) for e in events)
            primary_text = own_text is not None and own_text.cluster == group.index
            passing = reference.salience(group, focus, has_events=reported, has_provisions=has_provisions,
                                         primary_text=primary_text) == "passing" or _enumerated_beside(group, focus)
        if not reference.is_instrument(group):
            continue  # a joint statement to the press, a communique of the talks
        if agr.needs_signing(group) and not any(e.agreement_ref == ref and e.kind == EventKind.SIGNED for e in events):
            # "a roadmap to boost trade" is a plan until it is signed: no record of its own, but a named one
            # ("agreed to sign the new Coral Defence Framework") may be a record's that other articles sign
            passing = True
        subject = _subject_words(group)
        if passing and not (subject - set(agr.rules()["weak_subject_words"]) and reference.identified(group)):
            continue  # "an agreement" or "the security deal" named in passing says too little to find its record
        kept.append(AgreementMention(
            ref=ref, title=agr.title_of(group), kind=agr.kind_of(group), subject=" ".join(sorted(subject)),
            parties=_parties(doc, group, article_states, main_parties, third=third), background=background,
            form="passing" if passing else
            "name" if named or any(reference.says_what(m) or m.ordinal for m in group.mentions) else "description",
            evidence=_unique_evidence([agr.evidence_of(m, article.id) for m in group.mentions])))
    for mention in kept:
        if len(mention.parties) == 1:
            mention.parties = _add_host(mention, events)
    parties = {m.ref: m.parties for m in kept}
    # One event per sentence, agreement and kind, once counterparts have named the ratifying party.
    refs = {m.ref for m in kept if m.form != "passing"}  # a mention in passing brings no facts of its own
    events = one_per_sentence([_resolve_counterpart(e, parties[e.agreement_ref])
                               for e in events if e.agreement_ref in refs])
    # "Chile has signed similar pacts with Peru and Ghana": each partner's agreement named in passing.
    focus_mention = next((m for m in kept if focus is not None and m.ref == f"m{focus.index}" and m.ref in refs), None)
    if focus_mention is not None and sum(1 for m in kept if m.ref in refs) == 1:
        extra = _deal_subjects(doc, focus_mention)
        if extra:
            focus_mention.subject = " ".join(sorted(set(focus_mention.subject.split()) | extra))
    plural = partners.partner_mentions(doc, focus_mention, article_states, article.id) + \
        partners.enumerated_mentions(doc, focus_mention, [m for m in kept if m.ref in refs], article.id)
    return ArticleFacts(article=article, published=published, agreements=[m for m in kept if m.ref in refs],
                        passing=[m for m in kept if m.ref not in refs] + plural,
                        events=events,
                        claims=[c for c in claims if c.agreement_ref in refs],
                        denials=[d for d in denials if d.agreement_ref in refs],
                        provisions=[p for p in provisions if p.agreement_ref in refs])


def _enumerated_beside(group: agr.Cluster, focus: agr.Cluster | None) -> bool:
    """Only ever an item of a plural ("had signed two memoranda the year before: one on customs ..."), in a
    sentence that does not speak of the agreement in focus: another agreement named in passing. Items told
    beside the focus ("inked two agreements: one on the border and a separate pact on security") are news."""
    spoken = [m for m in group.mentions if not m.background]
    if focus is None or group is focus or not spoken or any(m.item_of < 0 for m in spoken):
        return False
    sentences = {m.span.sent.start for m in spoken}
    return not any(m.span.sent.start in sentences for m in focus.mentions)


def _deal_subjects(doc: Doc, focus: AgreementMention) -> set[str]:
    """Subject words of the definite "deals" an article of one agreement speaks of ("the fisheries deal", "the
    Chile-Peru fisheries deal"): another name of that agreement, unless marked as another ("the separate deal"),
    with a partner or states that are not its parties."""
    cfg = agr.rules()
    dropped = set(cfg["distinct_markers"]) | set(cfg["weak_subject_words"])
    words: set[str] = set()
    for token in doc:
        if token.lower_ not in cfg["alias_only_heads"]:
            continue
        # the words right before it (the tagger often reads "the fisheries deal" as a verb after its subject)
        start = token.i
        while start > token.sent.start and token.i - start < 3 and doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ") \
                and not doc[start - 1].is_sent_start:
            start -= 1
        if start == token.i or start == token.sent.start or \
                not (doc[start - 1].lower_ in ("the", "this", "that") or doc[start - 1].tag_ == "PRP$"):
            continue  # definite only ("the fisheries deal"): "to negotiate a trade deal" may be another one
        span = doc[start: token.i + 1]
        if any(t.lower_ in dropped for t in span) or (doc[span.end].lower_ == "with" if span.end < len(doc) else False):
            continue
        if not set(state_codes(span)) <= set(focus.parties):
            continue
        words |= set(agr.subject_of(span, token)) - dropped
    return words


def _first_version_sentences(doc: Doc) -> set[int]:
    """Where sentences start that date a first version ("the pact, first concluded in 1990 and
    renewed twice since, ..."): a signing verb with a first-version adverb beside a renewal; its signing
    is the first version's, not the renewed agreement's."""
    cfg = agr.rules()
    words, verbs = cfg["first_version"], set(cfg["signing_verbs"])
    found = set()
    for sent in doc.sents:
        if not any(t.lemma_.lower() in words["renewal_lemmas"] for t in sent):
            continue
        if any(t.lemma_.lower() in verbs and any(c.dep_ == "advmod" and c.lower_ in words["adverbs"] for c in t.children)
               for t in sent):
            found.add(sent.start_char)
    return found


def _subject_words(group: agr.Cluster) -> frozenset[str]:
    """The subject words of every proper name the article gives (aliases included: "the Treaty on
    Enhanced Cooperation, the so-called Montebello Treaty"), else of its fullest description."""
    named = [m.subject for m in group.mentions if m.named and m.family]
    return frozenset().union(*named) or group.subject


def _add_host(mention: AgreementMention, events) -> tuple[str, ...]:
    """A bilateral instrument signed in the capital of a state not yet named as a party:
    that state is the other party ('the declaration signed in Moscow')."""
    gaz = gazetteer.load()
    for event in events:
        if event.agreement_ref == mention.ref and event.place:
            label, code = gaz.phrases.get(event.place, (None, None))
            if label == "CAPITAL" and code not in mention.parties:
                return tuple(sorted((*mention.parties, code)))
    return mention.parties


def _resolve_counterpart(event, parties: tuple[str, ...]):
    """A bilateral agreement ratified 'with X' was ratified by the other party."""
    if event.party is None and event.counterpart in parties and len(parties) == 2:
        other = next(p for p in parties if p != event.counterpart)
        return replace(event, party=other)
    return event


def _parties(doc: Doc, group: agr.Cluster, article_states: Counter,
             main_parties: tuple[str, ...] = (), *, third: set[str] = frozenset()) -> tuple[str, ...]:
    """States named in the title; else those around its mentions, topped up from the article.

    The states that sign it (`roles.signing_states`) come next, when they are two or more;
    'the three countries' or 'trilateral' near a mention says how many parties there are;
    states in a third party's role (`roles.third_states`: brokers, mediators, hosts) are no parties.
    """
    sides = _sides_with_organisation(group)
    if sides:
        return sides
    titled = Counter(m.parties for m in group.mentions if len(m.parties) >= 2)
    wanted = _party_count(group)
    if titled:
        best = titled.most_common(1)[0][0]
        if wanted is None or len(best) >= wanted:
            return best
    signed = set().union(*(roles.signing_states(m.head) for m in group.mentions if m.family))
    if len(signed) >= 2 and (wanted is None or len(signed) == wanted):
        return tuple(sorted(signed))  # "Chile and Peru signed the treaty": the signers are its parties
    near = Counter({code: n for code, n in _near_states(group).items() if code not in third})
    if not near and main_parties and wanted is None:
        return main_parties  # "the leaders also signed the declaration": the article's own parties
    chosen = [code for code, n in near.most_common() if n >= max(1, near.most_common(1)[0][1] / 2)] if near else []
    if wanted is not None:
        chosen = chosen[:wanted]
    for code, _ in article_states.most_common():
        if len(chosen) >= (wanted or 2):
            break
        if code not in chosen:
            chosen.append(code)
    return tuple(sorted(chosen))


def _sides_with_organisation(group: agr.Cluster) -> tuple[str, ...]:
    """An organisation listed as a side with a state ("the code of conduct between ASEAN and China",
    "negotiations between ASEAN and China on a code of conduct"): the sides, the organisation by its id.
    The list is the mention's own "between" phrase, or that of the talks the mention is the subject of."""
    gathering = set(agr.rules()["gathering_nouns"])
    for mention in group.mentions:
        if mention.family is None:
            continue
        head = mention.head
        owners = [head]
        if head.dep_ == "pobj" and head.head.lower_ in ("on", "about", "over", "concerning", "regarding"):
            noun = head.head.head
            if noun.lemma_.lower() in gathering or noun.lower_ in gathering:
                owners.append(noun)
        for owner in owners:
            for prep in owner.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("between", "among") or head in prep.subtree:
                    continue
                listed = mention.span.doc[prep.i + 1: prep.right_edge.i + 1]
                organisations = [e.kb_id_ for e in entity_spans(listed, ("ORG",)) if e.kb_id_]
                states = [code for e in entity_spans(listed, STATE_LABELS) if (code := state_of(e))]
                if organisations and states:
                    return tuple(sorted(set(organisations) | set(states)))
    return ()


SUBORDINATE = ("advcl", "relcl", "acl", "ccomp", "parataxis", "appos")


def _clause_states(mention: agr.Mention) -> list[str]:
    """States in the clause that speaks of the agreement, not in side clauses
    ("..., its first alliance since it joined the Coral Reef Pact with its neighbours")."""
    verb = next((t for t in [mention.head, *mention.head.ancestors] if t.pos_ in ("VERB", "AUX")),
                mention.span.sent.root)
    skip: set[int] = set()
    for child in verb.children:
        if child.dep_ in SUBORDINATE and mention.head not in child.subtree and mention.head != child:
            skip |= {t.i for t in child.subtree}
    doc = mention.span.doc
    tokens = [t for t in verb.subtree if t.i not in skip]
    if not tokens:
        return state_codes(mention.span.sent)
    clause = doc[min(t.i for t in tokens): max(t.i for t in tokens) + 1]
    return [code for ent in entity_spans(clause, STATE_LABELS)
            if not is_place(ent) and not any(t.i in skip for t in ent) and (code := state_of(ent))] \
        or state_codes(mention.span.sent)


def _near_states(group: agr.Cluster) -> Counter:
    """States around the mentions that name the agreement ('the document' names none)."""
    near: Counter = Counter()
    for mention in group.mentions:
        if mention.family is not None:
            near.update(dict.fromkeys(_clause_states(mention)).keys())  # in text order: ties are stable
    return near


def _party_count(group: agr.Cluster) -> int | None:
    counts = agr.rules()["party_counts"]
    for mention in group.mentions:
        sent = mention.span.sent
        for token in sent:
            if token.lower_ in counts and token.head.lemma_.lower() in ("country", "state", "nation", "side", "party", "president", "leader") \
                    or token.lower_ in ("bilateral", "trilateral", "tripartite", "quadrilateral") and token.head.i == mention.head.i:
                return counts[token.lower_]
    return None


def _unique_evidence(items):
    seen, out = set(), []
    for item in items:
        if (item.start, item.end) not in seen:
            seen.add((item.start, item.end))
            out.append(item)
    return out
