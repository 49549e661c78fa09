"""Stories: syndicated copies grouped by MinHash LSH and containment; other reports kept apart."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import SHARED
from treatywatch.records import Article
from treatywatch.resolve import stories as st

REPORT = ("YEREVAN, 9 October 2024 - Armenia and Georgia agreed on Wednesday to open a second road crossing on "
          "their shared border before the end of next year, the two prime ministers told reporters after a "
          "meeting in the Armenian capital. The memorandum they signed sets up a joint working group that will "
          "choose the site, draw up the customs arrangements and report back within six months. Officials from "
          "both sides said the new crossing should cut waiting times for lorries carrying fruit and building "
          "materials, which now queue for up to two days in the summer. The working group will also look at a "
          "shared inspection point so that each lorry is checked only once. \u201cThe two governments will "
          "consult each other before changing the rules for goods in transit,\u201d the memorandum says.")
# Another outlet's copy: its own dateline and sign-off, a sentence cut, a few words changed.
EDITED = (REPORT.replace("YEREVAN, 9 October 2024 - ", "(Wire) ")
          .replace("told reporters", "said")
          .replace(" The working group will also look at a shared inspection point so that each lorry is checked "
                   "only once.", "")
          + " Follow us for more regional news.")
# The same report with the quoted clause in another translation and non-breaking spaces.
TRANSLATED = (REPORT.replace("\u201cThe two governments will consult each other before changing the rules for goods "
                             "in transit,\u201d", "\u00abThe governments of the two states shall hold consultations "
                             "before they amend the rules on transit goods,\u00bb")
              .replace("Armenia and Georgia", "Armenia\u00a0and\u00a0Georgia"))
# The same news written afresh by a different outlet: not a copy.
REWRITE = ("Lorry drivers on the Armenian-Georgian frontier may soon spend less time waiting. Meeting in Yerevan on "
           "Wednesday, the heads of government of the two South Caucasus neighbours put their names to a memorandum "
           "on a further road checkpoint, to be chosen by a joint group of officials within half a year. Trucks "
           "loaded with produce sometimes stand in line for forty-eight hours in high season, traders complain.")
# Another report on the same topic and country pair.
OTHER = ("TBILISI, 2 March 2025 - Georgia and Armenia held talks in Tbilisi on Sunday about electricity trade and a "
         "new high-voltage line across their shared border, the energy ministries said. No document was signed; "
         "the ministers agreed to meet again in the summer to discuss tariffs and the financing of the line by an "
         "international bank, which has asked both governments for a feasibility study.")


@pytest.mark.parametrize("copy", [REPORT, EDITED, TRANSLATED], ids=["identical", "lightly-edited", "translated-quote"])
def test_copies_of_one_report_are_one_story(copy):
    story_of = st.stories([Article("r1", REPORT), Article("r2", copy)])
    assert story_of == {"r1": "r1", "r2": "r1"}


@pytest.mark.parametrize("other", [REWRITE, OTHER], ids=["rewrite-of-the-same-news", "same-topic"])
def test_other_reports_stay_apart(other):
    story_of = st.stories([Article("r1", REPORT), Article("r2", other)])
    assert story_of == {"r1": "r1", "r2": "r2"}


def test_story_id_is_the_smallest_article_id_and_order_does_not_matter():
    texts = [("c", EDITED), ("a", OTHER), ("b", REPORT), ("d", TRANSLATED)]
    forward, backward = st.stories(texts), st.stories(list(reversed(texts)))
    assert forward == backward == {"a": "a", "b": "b", "c": "b", "d": "b"}
    assert st.story_members(forward) == {"a": ["a"], "b": ["b", "c", "d"]}


def test_copy_of_a_copy_joins_the_story():
    first = REPORT
    second = EDITED
    third = EDITED.replace("lorries carrying fruit", "trucks with fruit").replace("(Wire) ", "")
    assert set(st.stories([("x", first), ("y", second), ("z", third)]).values()) == {"x"}


@pytest.mark.parametrize("text, expected", [
    ("", 0),
    ("Two words", 0),
    ("One two three", 1),
    ("One two three one two three", 3),   # 'one two three', 'two three one', 'three one two'
    ("Non\u00a0breaking SPACE here", 2),  # NFKC and lowercase: same shingles as 'non breaking space here'
])
def test_shingles_are_distinct_word_triples(text, expected):
    assert len(st.shingles(text)) == expected


def test_shingles_normalise_case_spacing_and_compatibility_forms():
    assert np.array_equal(st.shingles("Non\u00a0breaking SPACE here"), st.shingles("non breaking space here"))


def test_containment_is_shared_over_the_smaller():
    whole = st.shingles(REPORT)
    part = st.shingles(REPORT[: REPORT.index(" ", len(REPORT) // 2)])
    assert st.containment(part, whole) == 1.0
    assert st.containment(whole, st.shingles(OTHER)) < 0.1
    assert st.containment(whole, np.empty(0, dtype=np.uint64)) == 0.0


def test_short_texts_are_never_copies():
    story_of = st.stories([("h1", "Border deal signed today"), ("h2", "Border deal signed today")])
    assert story_of == {"h1": "h1", "h2": "h2"}


def test_a_crowded_bucket_is_linked_without_all_pairs():
    matrix = np.zeros((1000, st.NUM_PERM), dtype=np.uint32)  # a thousand identical signatures
    pairs = st.candidate_pairs(matrix)
    assert len(pairs) < 3 * 1000
    assert set(pairs[:, 0].tolist()) | set(pairs[:, 1].tolist()) == set(range(1000))


def test_seeds_copies_are_one_story_and_the_rewrite_is_not():
    folder = SHARED / "corpus" / "seeds" / "articles"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/seeds is not here")
    story_of = st.stories([Article(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))])
    assert story_of["s001"] == story_of["s000"]
    assert len({story_of["s000"], story_of["s002"], story_of["s003"], story_of["s004"]}) == 4


def test_dev_reports_of_different_agreements_are_not_merged():
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not here")
    import json
    gold, articles = {}, []
    for name in ("dev", "seeds"):
        for line in (corpus / name / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            gold[row["id"]] = set(row["agreements"])
            articles.append(Article(row["id"], (corpus / name / "articles" / f"{row['id']}.txt").read_text(encoding="utf-8")))
    members = st.story_members(st.stories(articles))
    for story, ids in members.items():
        # copies report the same agreements: every pair in a story shares at least one
        assert all(gold[a] & gold[b] for a in ids for b in ids if a != b), (story, ids)


def _pairs_by_brute_force(matrix: np.ndarray) -> set[tuple[int, int]]:
    """Every row pair that agrees on all rows of some band, found by comparing each pair."""
    found = set()
    for band in range(st.BANDS):
        columns = matrix[:, band * st.ROWS:(band + 1) * st.ROWS]
        for i in range(len(matrix)):
            for j in range(i + 1, len(matrix)):
                if (columns[i] == columns[j]).all():
                    found.add((i, j))
    return found


def test_candidate_pairs_are_every_pair_that_shares_a_bucket():
    rng = np.random.default_rng(5)
    matrix = rng.integers(0, 2**32, size=(90, st.NUM_PERM), dtype=np.uint32)
    # buckets of 2, 3, 4 and 7 rows in some bands, two of them in the same band
    for band, rows in [(0, [1, 2]), (0, [10, 11, 12]), (3, [20, 21, 22, 23]), (40, [30, 31, 32, 33, 34, 35, 36]),
                       (84, [2, 20, 36])]:
        matrix[rows, band * st.ROWS:(band + 1) * st.ROWS] = matrix[rows[0], band * st.ROWS:(band + 1) * st.ROWS]
    found = {tuple(p) for p in st.candidate_pairs(matrix).tolist()}
    assert found == _pairs_by_brute_force(matrix)
    assert (30, 36) in found and (2, 36) in found and len(found) == 1 + 3 + 6 + 21 + 3


def test_stories_and_entries_from_one_signature_are_what_each_gives():
    texts = [("c", EDITED), ("a", OTHER), ("b", REPORT), ("d", TRANSLATED), ("e", REWRITE)]
    story_of, indexed = st.stories_and_entries(texts)
    assert story_of == st.stories(texts) == {"a": "a", "b": "b", "c": "b", "d": "b", "e": "e"}
    alone = st.entries(texts)
    assert [e.article_id for e in indexed] == [e.article_id for e in alone] == ["c", "a", "b", "d", "e"]
    for mine, theirs in zip(indexed, alone):
        assert mine.size == theirs.size and mine.buckets == theirs.buckets
        assert np.array_equal(mine.signature, theirs.signature)
