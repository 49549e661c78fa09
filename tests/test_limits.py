"""Hardening: no input stops a run. Per-article limits, inputs the store cannot hold, and work
that must not grow with the square of an article's length (issue "Hardening: no lost articles,
no stuck database, hostile input and load")."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatywatch.records import Article, ArticleFacts, Skipped

# Sentences written for these tests; {a}, {b} are states, {city} a capital.
SENTENCES = [
    "{a} and {b} signed a treaty on strategic partnership in {city} on 14 March 2024.",
    "The parliament of {a} ratified the agreement on water sharing with {b} on 2 April 2024.",
    "The treaty obliges the parties to consult each other if the security of either is threatened.",
    "Officials of {a} and {b} have talked about a border protocol since 2019.",
    "Trade between {a} and {b} grew last year, the statistics office said.",
    "The sides agreed to set up a joint commission that meets once a year in {city}.",
]
PAIRS = [("Nepal", "Bangladesh", "Kathmandu"), ("Armenia", "Georgia", "Yerevan"),
         ("Kenya", "Tanzania", "Nairobi"), ("Azerbaijan", "Turkmenistan", "Baku")]
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1e", "\t", "\r"]
SCRIPTS = ["\u0414\u043e\u0433\u043e\u0432\u043e\u0440", "\u0627\u062a\u0641\u0627\u0642", "\u6761\u7ea6",
           "\u10ee\u10d4\u10da\u10e8\u10d4", "\u0540\u0561\u0575", "\U0001f91d", "e\u0301", "\ufb01"]


def _sentence(rng: random.Random) -> str:
    a, b, city = rng.choice(PAIRS)
    return rng.choice(SENTENCES).format(a=a, b=b, city=city)


def _news(seed: int, sentences: int = 6) -> str:
    rng = random.Random(seed)
    return "\n\n".join(" ".join(_sentence(rng) for _ in range(3)) for _ in range(max(1, sentences // 3)))


def _evidence(facts: ArticleFacts):
    for mention in facts.agreements:
        yield from mention.evidence
    for item in (*facts.events, *facts.denials, *facts.provisions, *facts.claims):
        yield item.evidence


def _points_into(facts: ArticleFacts, text: str) -> bool:
    return all(0 <= e.start <= e.end <= len(text) and text[e.start:e.end].strip() == e.quote.strip()
               and e.article_id == facts.article.id for e in _evidence(facts))


def _big_article(chars: int) -> str:
    """News paragraphs at both ends of `chars` characters of paragraphs made of long words (cheap to parse)."""
    head = ("Nepal and Bangladesh signed a treaty on allied relations in Kathmandu on 14 March 2024.\n\n"
            "The treaty obliges the parties to consult each other if the security of either is threatened.\n\n")
    tail = "\n\nThe parliament of Armenia ratified the agreement on water sharing with Georgia on 2 April 2024."
    rng = random.Random(5)
    filler = []
    size = len(head) + len(tail)
    while size < chars:
        filler.append(" ".join("%040x" % rng.getrandbits(160) for _ in range(30)))
        size += len(filler[-1]) + 2
    return (head + "\n\n".join(filler))[:chars - len(tail)] + tail


# --- per-article limits -------------------------------------------------------------------

def test_article_over_a_million_characters_does_not_stop_the_others(store):
    from treatywatch.jobs import ingest_articles

    big = _big_article(1_200_000)
    items = [Article(id="n1", text=_news(1)), Article(id="big", text=big, source="big.txt"),
             Article(id="n2", text=_news(2))]
    report = ingest_articles(store, items)
    assert report.failures == []
    assert report.extracted == 3 and store.article_count() == 3
    stored = store.get_article("big")
    assert len(stored["text"]) == 1_200_000


def test_long_article_is_read_in_pieces_with_offsets_into_its_text(nlp):
    from treatywatch.extract.article import extract_all

    big = _big_article(1_200_000)
    [facts] = extract_all([Article(id="big", text=big)])
    assert isinstance(facts, ArticleFacts) and facts.article.text == big
    kinds = {(e.kind.value, e.evidence.start > 1_000_000) for e in facts.events}
    # The signing is in the first piece, the ratification in the last: both found.
    assert ("signed", False) in kinds and ("ratified", True) in kinds
    assert _points_into(facts, big)
    assert len({m.ref for m in facts.agreements}) == len(facts.agreements)  # refs unique across pieces
    refs = {m.ref for m in facts.agreements}
    assert all(e.agreement_ref in refs for e in facts.events)


@pytest.mark.parametrize("chunk_chars", [300, 1000])
def test_small_pieces_keep_every_offset_in_the_stored_text(nlp, chunk_chars):
    from treatywatch.extract.article import extract_all

    text = _news(3, sentences=18)
    [whole] = extract_all([Article(id="a", text=text)])
    [pieces] = extract_all([Article(id="a", text=text)], chunk_chars=chunk_chars)
    assert _points_into(pieces, text) and pieces.article.text == text
    # Every event found whole is found in pieces too (sentences never cross a paragraph break).
    assert {(e.kind, e.evidence.start) for e in whole.events} <= {(e.kind, e.evidence.start) for e in pieces.events}


@pytest.mark.parametrize("chunk_chars", [20_000, 120])
def test_agreement_named_in_two_pieces_is_one_mention_with_both_quotes(nlp, chunk_chars):
    from treatywatch.extract.article import extract_all

    named = "Nepal and Bangladesh signed the Treaty on Allied Relations in Kathmandu on {day} March 2024."
    other = "Trade between the two states grew last year, the statistics office said."
    text = "\n\n".join([named.format(day=14), other, other, named.format(day=20)])
    [facts] = extract_all([Article(id="a", text=text)], chunk_chars=chunk_chars)
    [mention] = facts.agreements
    assert [text[e.start:e.end].strip() for e in mention.evidence] == [named.format(day=14), named.format(day=20)]
    assert sorted((e.agreement_ref, str(e.date)) for e in facts.events) == [
        (mention.ref, "2024-03-14"), (mention.ref, "2024-03-20")]


def test_article_over_the_hard_cap_is_reported_in_one_line(store):
    from treatywatch.extract.pipeline import MAX_CHARS
    from treatywatch.jobs import ingest_articles

    huge = "word " * (MAX_CHARS // 5 + 1)
    report = ingest_articles(store, [Article(id="n1", text=_news(1)), Article(id="huge", text=huge, source="huge.txt"),
                                     Article(id="n2", text=_news(2))])
    assert store.article_count() == 2 and report.extracted == 2
    [failure] = report.failures
    assert failure.source == "huge.txt" and "too long" in failure.reason and "\n" not in failure.reason


@pytest.mark.parametrize("text, expected", [
    ("short", [(0, 5)]),
    ("one two\n\nthree four\n\nfive", [(0, 9), (9, 21), (21, 25)]),   # paragraph breaks
    ("aaaa bbbb cccc dddd", [(0, 10), (10, 19)]),                   # words when no break
    ("x" * 25, [(0, 10), (10, 20), (20, 25)]),                      # nothing to cut at
])
def test_split_text_cuts_at_the_best_break(text, expected):
    from treatywatch.extract.pipeline import split_text

    bounds = split_text(text, 12 if "\n" in text else 10)
    assert bounds == expected
    assert "".join(text[a:b] for a, b in bounds) == text


# --- a failure inside one article's extraction ----------------------------------------------

def test_exception_in_one_articles_extraction_is_reported_and_the_others_go_on(store, monkeypatch):
    from treatywatch.extract import article as article_module
    from treatywatch.jobs import ingest_articles

    real = article_module.extract

    def extract(doc, article):
        if article.id == "boom":
            raise RuntimeError("[E999] something broke\nwith a second line\nand a third")
        return real(doc, article)

    monkeypatch.setattr(article_module, "extract", extract)
    items = [Article(id="n1", text=_news(1)), Article(id="boom", text=_news(4), source="boom.jsonl:2"),
             Article(id="n2", text=_news(2))]
    report = ingest_articles(store, items)
    assert store.article_count() == 2 and report.extracted == 2
    [failure] = report.failures
    assert failure.source == "boom.jsonl:2"
    assert failure.reason == "extraction failed: RuntimeError: [E999] something broke"


def test_exception_in_the_model_for_one_article_is_reported_and_the_batch_goes_on(store, monkeypatch):
    from treatywatch.extract.entities import GazetteerMatcher
    from treatywatch.jobs import ingest_articles

    real = GazetteerMatcher.__call__

    def call(self, doc):
        if "Mongolia" in doc.text:
            raise ValueError("cannot match this one")
        return real(self, doc)

    monkeypatch.setattr(GazetteerMatcher, "__call__", call)
    items = [Article(id=f"n{i}", text=_news(i)) for i in range(5)]
    items.insert(2, Article(id="bad", text="Mongolia and China signed a treaty on 3 May 2024."))
    report = ingest_articles(store, items)
    assert store.article_count() == 5
    assert [(f.source, f.reason) for f in report.failures] == [("bad", "extraction failed: ValueError: cannot match this one")]


def test_exception_in_a_foreign_language_article_is_reported(store, monkeypatch):
    from treatywatch.extract import article as article_module
    from treatywatch.jobs import ingest_articles

    def broken(article, language, published):
        raise KeyError("pack")

    monkeypatch.setattr(article_module, "extract_foreign", broken)
    russian = "\u0420\u043e\u0441\u0441\u0438\u044f \u0438 \u041a\u0430\u0437\u0430\u0445\u0441\u0442\u0430\u043d " \
              "\u043f\u043e\u0434\u043f\u0438\u0441\u0430\u043b\u0438 \u0434\u043e\u0433\u043e\u0432\u043e\u0440."
    report = ingest_articles(store, [Article(id="ru", text=russian), Article(id="n1", text=_news(1))])
    assert store.article_count() == 1
    assert [f.source for f in report.failures] == ["ru"] and "KeyError" in report.failures[0].reason


# --- inputs the store cannot hold -----------------------------------------------------------

@pytest.mark.parametrize("row, expected", [
    ({"id": "a", "text": "Kazakhstan\x00 and Mongolia signed.", "title": "T\x00", "outlet": "O\x00ut"},
     ("a", "Kazakhstan and Mongolia signed.", "T", "Out")),
    ({"id": "a\x00b", "text": "Text."}, ("ab", "Text.", None, None)),
    ({"id": "s", "text": "Lone \ud800 surrogate.", "outlet": "X\udc00"}, ("s", "Lone \ufffd surrogate.", None, "X\ufffd")),
    ({"id": "i" * 200, "text": "Text.", "outlet": "o" * 200}, ("i" * 200, "Text.", None, "o" * 200)),
    ({"id": "m", "text": "Text.", "title": {"nested": True}, "outlet": ["a"], "url": 42}, ("m", "Text.", None, None)),
])
def test_reader_cleans_what_the_store_cannot_hold(row, expected):
    from treatywatch.ingest.read import article_from_row

    article = article_from_row(row, "item 1")
    assert isinstance(article, Article)
    assert (article.id, article.text, article.title, article.outlet) == expected
    assert article.url is None or isinstance(article.url, str)


@pytest.mark.parametrize("row, reason", [
    ({"id": "i" * 201, "text": "Text."}, "id too long: 201 characters (the limit is 200)"),
    ({"id": "a", "text": "Text.", "outlet": "o" * 5000}, "outlet too long: 5,000 characters (the limit is 200)"),
    ({"id": "\x00\x00", "text": "Text."}, "missing 'id'"),
    ({"id": "a", "text": "\x00\x00 \x00"}, "empty article"),
])
def test_reader_reports_what_the_store_cannot_hold(row, reason):
    from treatywatch.ingest.read import article_from_row

    assert article_from_row(row, "item 3") == Skipped("item 3", reason)


def test_nul_and_long_ids_from_a_jsonl_file_end_the_same_in_the_store(tmp_path, store):
    from treatywatch.jobs import ingest

    rows = [{"id": "ok", "text": "Armenia and Georgia signed a treaty\x00 on 3 May 2024.", "outlet": "Daily\x00 News"},
            {"id": "x" * 300, "text": "Armenia and Georgia signed a treaty on 4 May 2024."},
            {"id": "y", "text": "Armenia and Georgia signed a treaty on 5 May 2024.", "outlet": "z" * 201}]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = ingest(store, [str(path)])
    assert store.article_count() == 1
    stored = store.get_article("ok")
    assert "\x00" not in stored["text"] and stored["outlet"] == "Daily News"
    assert sorted((f.source, f.reason.split(":")[0]) for f in report.failures) == [
        (f"{path}:2", "id too long"), (f"{path}:3", "outlet too long")]


# --- work that must stay linear ---------------------------------------------------------------

def _gazetteer_doc(nlp, sentences: int):
    """A Doc with only the gazetteer run (no parse), and its sentences as spans."""
    rng = random.Random(sentences)
    texts = [_sentence(rng) for _ in range(sentences)]
    doc = nlp.make_doc(" ".join(texts))
    doc = nlp.get_pipe("treatywatch_gazetteer_v1")(doc)
    spans, start = [], 0
    for token in doc:
        if token.text == ".":
            spans.append(doc[start:token.i + 1])
            start = token.i + 1
    return doc, spans


def test_entity_spans_per_sentence_is_linear_in_the_doc(nlp):
    from treatywatch.extract import entities
    from treatywatch.extract.entities import SPAN_KEY, STATE_LABELS, entity_spans

    for sentences in (200, 2000):
        doc, spans = _gazetteer_doc(nlp, sentences)
        every = list(doc.spans[SPAN_KEY])
        before = entities.examined
        found = [entity_spans(span, STATE_LABELS) for span in spans]
        examined = entities.examined - before
        # The same spans as a scan of the whole doc would give...
        assert found == [[e for e in every if e.label_ in STATE_LABELS and e.start >= s.start and e.end <= s.end]
                         for s in spans]
        # ...looking at each span about once in all, not once per sentence.
        assert examined <= len(every) + len(spans)


def test_quote_alignment_compares_a_bounded_number_of_pairs(monkeypatch):
    from rapidfuzz import fuzz as real

    from treatywatch.resolve import quotes

    calls = {"n": 0}

    class Counting:
        def __getattr__(self, name):
            scorer = getattr(real, name)

            def counted(*args, **kwargs):
                calls["n"] += 1
                return scorer(*args, **kwargs)
            return counted

    monkeypatch.setattr(quotes, "fuzz", Counting())
    rng = random.Random(9)
    # Made-up words, so that different clauses share a word now and then, as real ones do.
    words = ["".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(400)]
    n = 1500
    clauses = [" ".join(rng.sample(words, 10)) for _ in range(n // 6)]
    items = [quotes.Quote(rng.choice(clauses) + f" {rng.choice(words)}", f"a{i}") for i in range(n)]
    aligned = quotes.align(items)
    assert len(aligned) == len(set(q.text.rsplit(" ", 1)[0] for q in items))  # one per clause written
    # Every pair would be 1,124,250 comparisons; at most 200 per quote, each one or two scorer calls.
    assert calls["n"] <= 2 * 200 * n


# --- properties: no exception escapes, in = stored + reported, offsets into the stored text ---

_odd_text = st.lists(st.one_of(
    st.sampled_from([s.format(a=a, b=b, city=c) for s in SENTENCES for a, b, c in PAIRS]),
    st.sampled_from(SEPARATORS + SCRIPTS + ["\x00", "\ud800", "\udfff", "\n\n", "\u201c", "\u201d", "\ufeff", "\u200b", " "]),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
), max_size=12).map("".join)

_row = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=8), st.integers(), st.just("x" * 250), st.none()),
     "text": st.one_of(_odd_text, st.none(), st.integers())},
    optional={"outlet": st.one_of(st.text(max_size=5), st.just("o" * 250), st.none(), st.integers()),
              "title": st.one_of(st.text(max_size=10), st.dictionaries(st.text(max_size=2), st.integers(), max_size=1)),
              "published": st.one_of(st.just("2024-05-03"), st.text(max_size=12), st.integers()),
              "url": st.one_of(st.text(max_size=20), st.integers())})


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(_row, max_size=6), ascii_only=st.booleans())
def test_reader_turns_every_jsonl_line_into_one_storable_article_or_one_reason(rows, ascii_only):
    from treatywatch.ingest.read import MAX_ID_CHARS, read_jsonl

    lines = [json.dumps(row, ensure_ascii=ascii_only) for row in rows]
    items = list(read_jsonl(lines, "batch.jsonl"))
    assert len(items) == len([line for line in lines if line.strip()])
    for item in items:
        if isinstance(item, Article):
            for value in (item.id, item.text, item.title, item.outlet, item.url):
                assert value is None or (isinstance(value, str) and "\x00" not in value
                                         and not any("\ud800" <= c <= "\udfff" for c in value))
            assert len(item.id) <= MAX_ID_CHARS and (item.outlet is None or len(item.outlet) <= MAX_ID_CHARS)
            assert item.text.strip()
        else:
            assert isinstance(item, Skipped) and item.reason and "\n" not in item.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_odd_text, min_size=1, max_size=4), chunk_chars=st.sampled_from([60, 500, 20_000]))
def test_extractor_gives_each_article_facts_with_offsets_into_its_text(nlp, texts, chunk_chars):
    from treatywatch.extract.article import extract_all
    from treatywatch.ingest.read import read_jsonl

    lines = [json.dumps({"id": f"a{i}", "text": text}) for i, text in enumerate(texts)]
    articles = [a for a in read_jsonl(lines, "p.jsonl") if isinstance(a, Article)]
    results = list(extract_all(articles, chunk_chars=chunk_chars))
    assert sorted(r.article.id if isinstance(r, ArticleFacts) else r.source for r in results) == \
        sorted(a.id for a in articles)
    for facts in results:
        assert isinstance(facts, ArticleFacts), facts  # nothing here should fail to extract
        assert _points_into(facts, facts.article.text)


@settings(max_examples=15, deadline=None)
@given(rows=st.lists(_row, min_size=1, max_size=5))
def test_ingest_balances_articles_in_with_stored_duplicates_and_reported(rows):
    from treatywatch.jobs import ingest
    from treatywatch.store.repo import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        store = Store(f"sqlite:///{Path(folder) / 'p.db'}")
        try:
            report = ingest(store, [str(path)])
            assert store.article_count() + report.duplicates + len(report.failures) == len(rows)
            assert report.extracted + report.irrelevant == store.article_count()
        finally:
            store.close()


# --- a bounded parse of very long texts ---------------------------------------------------------

def test_pieces_within_the_budget_are_all_parsed():
    from treatywatch.extract.budget import pieces_to_parse

    text = "The treaty was signed. " * 100
    bounds = [(0, 1000), (1000, 2000), (2000, len(text))]
    assert pieces_to_parse(text, bounds, budget=len(text)) == [0, 1, 2]


def test_over_the_budget_the_first_piece_and_those_that_can_report_are_parsed():
    from treatywatch.extract.budget import pieces_to_parse

    plain = "Trade grew by a fifth last year, the statistics office said. " * 4
    some = plain + "The agreement was signed."
    many = "The treaty and the protocol were signed; the agreement enters into force."
    pieces = [plain, some, plain, many, plain]
    text, bounds = "", []
    for piece in pieces:
        bounds.append((len(text), len(text) + len(piece)))
        text += piece
    # The first piece, then those naming an agreement while they fit; never a piece that can report on none.
    assert pieces_to_parse(text, bounds, budget=len(plain) * 2 + len(some)) == [0, 1, 3]
    assert pieces_to_parse(text, bounds, budget=len(plain) + len(many)) == [0, 3]
    assert pieces_to_parse(text, bounds, budget=len(text) - 1) == [0, 1, 3]


def test_a_text_over_the_budget_is_read_in_part_and_its_facts_say_how_much(nlp):
    from treatywatch.extract.article import extract_all

    text = _big_article(200_000)
    [facts] = extract_all([Article(id="big", text=text)], parse_budget=50_000)
    assert 150_000 - 20_000 <= facts.unread_chars < 200_000 - 20_000
    kinds = {(e.kind.value, e.evidence.start > 150_000) for e in facts.events}
    assert ("signed", False) in kinds and ("ratified", True) in kinds  # the pieces that name the agreement
    assert _points_into(facts, text) and facts.article.text == text
    [whole] = extract_all([Article(id="small", text=_news(4))], parse_budget=50_000)
    assert whole.unread_chars == 0


def test_ingest_reports_an_article_read_in_part_and_stores_it_whole(store, monkeypatch):
    from treatywatch.extract import article as extract_article
    from treatywatch.jobs import ingest_articles

    real = extract_article.extract_all
    monkeypatch.setattr(extract_article, "extract_all", lambda items, **kw: real(items, parse_budget=50_000, **kw))
    text = _big_article(200_000)
    report = ingest_articles(store, [Article(id="n1", text=_news(1)), Article(id="big", text=text, source="big.txt")])
    assert report.failures == [] and report.extracted == 2
    [note] = report.partial
    assert note.source == "big.txt" and "read in part" in note.reason and "of 200,000 characters" in note.reason
    assert len(store.get_article("big")["text"]) == 200_000


def test_per_sentence_text_and_entities_come_from_one_index(nlp):
    from treatywatch.extract.docindex import ents_in, text_of

    doc = nlp(_news(7, sentences=30))
    assert text_of(doc) == doc.text and text_of(doc) is text_of(doc)
    spans = [*doc.sents, doc[3:40], doc[0:len(doc)], doc[5:5]]
    assert [ents_in(s) for s in spans] == [list(s.ents) for s in spans]


def _tokens_made_per_token(nlp, sentences: int) -> float:
    """spaCy Token objects created while extracting one article, per token of its Doc (counted by cProfile:
    spaCy's Cython classes report their constructors to it)."""
    import cProfile
    import pstats

    from treatywatch.extract.article import extract

    text = _news(3, sentences=sentences)
    article = Article(id="a", text=text)
    doc = nlp(text)
    doc.user_data["article"] = article
    profile = cProfile.Profile()
    profile.enable()
    extract(doc, article)
    profile.disable()
    made = sum(v[1] for k, v in pstats.Stats(profile).stats.items() if k[0].endswith("token.pxd") and k[2] == "cinit")
    if not made:
        pytest.skip("this spaCy build does not report Token constructors to the profiler")
    return made / len(doc)


def test_extraction_work_grows_linearly_with_the_articles_length(nlp):
    # Four times the text, about the same work per token (a scan of the whole doc per sentence or
    # per mention made it four times as much).
    small, large = _tokens_made_per_token(nlp, 60), _tokens_made_per_token(nlp, 240)
    assert large <= small * 1.5
