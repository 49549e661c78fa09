"""Near-duplicate articles (syndicated copies, light rewrites) grouped into stories.

Two outlets carrying one wire report are one source, not two (issue 4). Every article gets a
MinHash signature (datasketch) of its word 3-shingles; the signature is cut into bands and two
articles that agree on every row of some band are candidates (LSH), so only bucket mates are
ever compared and the work grows with the number of articles, not of pairs. A candidate is
confirmed on the exact shingles by containment, |A ∩ B| / min(|A|, |B|), which also catches
a copy that one outlet trimmed or padded. Stories are the connected components of confirmed
pairs. docs/provenance.md has the measurements behind the constants.

Only an article with something to support is put in a story (`in_stories`): stories count the
sources of a fact, and an article without a mention of an agreement (most of a news feed: the
ones the relevance prefilter turns away) is the source of none. Leaving them out keeps the
story index to the articles that matter; it costs a signature, a story row and 85 bucket rows
an article otherwise.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from treatywatch.records import Article, ArticleFacts
from treatywatch.resolve.groups import Groups

SHINGLE = 3
# 255 of 256 permutations in 85 bands of 3 rows. A pair with 3-shingle Jaccard 0.34 (two
# outlets' translations of one report, as s000/s001) becomes a candidate with probability
# 0.97, at 0.5 with 0.9999; two reports on the same topic (Jaccard <= 0.05) with <= 0.01.
NUM_PERM = 256
BANDS, ROWS = 85, 3
SEED = 1
# Copies of one report in the seeds and dev corpora score 0.55-0.76; the closest two
# different reports 0.34.
CONTAINMENT = 0.5
# Fewer shingles than this (a headline, a one-line brief) says too little to call a copy.
MIN_SHINGLES = 10
# Bucket mates whose MinHash estimate of Jaccard falls this far below the least Jaccard that
# CONTAINMENT allows for their sizes are dropped before the exact check (3.5 standard errors
# of a 256-value estimate near 0.3).
ESTIMATE_MARGIN = 0.1
# A bucket this large (one text copied very many times) is linked as a chain plus a star
# instead of all its pairs: for near-identical copies the components are the same.
BUCKET_ALL_PAIRS = 64

_WORD = re.compile(r"\w+")
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def tokens(text: str) -> list[str]:
    """NFKC-normalised, lowercased \\w+ tokens (NFKC also turns non-breaking spaces into spaces)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def shingles(text: str, *, cache: dict[str, int] | None = None) -> np.ndarray:
    """The text's distinct word 3-shingles as sorted 64-bit hashes.

    A shingle's hash mixes the CRC-32s of its three words: the same in every run and on every
    machine. Two different shingles share a hash with odds of about 2**-64, so comparing
    hashes is comparing the shingles.
    """
    words = tokens(text)
    if len(words) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    cache = {} if cache is None else cache
    for word in set(words).difference(cache):
        cache[word] = zlib.crc32(word.encode())
    ids = np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        mixed = ids[:-2] * _MIX[0] + ids[1:-1] * _MIX[1] + ids[2:] * _MIX[2]
    return np.unique(_fmix64(mixed))


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """|A ∩ B| / min(|A|, |B|) for two sorted arrays of distinct shingle hashes."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def signatures(texts: Sequence[str], *, cache: dict[str, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One row of NUM_PERM MinHash values per text (a uint32 matrix), and each text's shingle count."""
    cache = {} if cache is None else cache
    matrix = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    sizes = np.zeros(len(texts), dtype=np.int64)

    def items(index: int) -> list[int]:
        hashes = shingles(texts[index], cache=cache)
        sizes[index] = len(hashes)
        # The shingles are hashes already: datasketch gets their top 32 bits as they are.
        return (hashes >> np.uint64(32)).tolist()

    minhashes = MinHash.generator(map(items, range(len(texts))), num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    for index, minhash in enumerate(minhashes):
        matrix[index] = minhash.hashvalues
    return matrix, sizes


def candidate_pairs(matrix: np.ndarray) -> np.ndarray:
    """Row pairs (i < j) that share a bucket in at least one band, as an (m, 2) int array."""
    n = len(matrix)
    found: list[np.ndarray] = []  # each pair as one number, i * n + j: cheap to deduplicate
    for band in range(BANDS):
        keys = _band_keys(matrix[:, band * ROWS:(band + 1) * ROWS])
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, n])
        twos = starts[sizes == 2]  # most buckets that hold anything hold one pair
        first, second = order[twos], order[twos + 1]
        found.append(np.minimum(first, second) * n + np.maximum(first, second))
        # Buckets of one size at once: their members as the rows of a matrix, every pair of columns.
        for size in np.unique(sizes[(sizes > 2) & (sizes <= BUCKET_ALL_PAIRS)]).tolist():
            members = np.sort(order[starts[sizes == size][:, None] + np.arange(size)], axis=1)
            i, j = np.triu_indices(size, k=1)
            found.append((members[:, i] * n + members[:, j]).ravel())
        for start, size in zip(starts[sizes > BUCKET_ALL_PAIRS], sizes[sizes > BUCKET_ALL_PAIRS]):
            pairs = _bucket_pairs(order[start:start + size])
            found.append(pairs[:, 0] * n + pairs[:, 1])
    codes = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    return np.column_stack([codes // max(n, 1), codes % max(n, 1)]).astype(np.int64)


def plausible(pairs: np.ndarray, matrix: np.ndarray, sizes: np.ndarray, *, chunk: int = 8192) -> np.ndarray:
    """The candidate pairs whose estimated Jaccard leaves room for containment >= CONTAINMENT.

    With n_small and n_large shingles and containment c, Jaccard is at least
    c*n_small / (n_large + (1 - c)*n_small); the estimate is the share of equal MinHash values.
    """
    small = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    large = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    keep = small >= MIN_SHINGLES
    least = CONTAINMENT * small / np.maximum(large + (1 - CONTAINMENT) * small, 1)
    for start in range(0, len(pairs), chunk):
        part = pairs[start:start + chunk]
        estimate = (matrix[part[:, 0]] == matrix[part[:, 1]]).mean(axis=1)
        keep[start:start + chunk] &= estimate >= least[start:start + chunk] - ESTIMATE_MARGIN
    return pairs[keep]


def components(texts: Sequence[str], *, stats: dict[str, int] | None = None,
               signed: tuple[np.ndarray, np.ndarray] | None = None) -> list[int]:
    """For each text, the index of the first text of its story (its own index when it has no copy).

    `stats`, when given, receives the number of pairs each stage leaves (for bench/); `signed`,
    the texts' `signatures` when they are computed already.
    """
    cache: dict[str, int] = {}
    matrix, sizes = signatures(texts, cache=cache) if signed is None else signed
    candidates = candidate_pairs(matrix)
    pairs = plausible(candidates, matrix, sizes)
    del matrix
    confirmed = 0
    groups = Groups(len(texts))
    exact: dict[int, np.ndarray] = {}
    for i, j in pairs.tolist():
        if groups.find(i) == groups.find(j):
            continue
        if i not in exact:
            exact[i] = shingles(texts[i], cache=cache)
        if j not in exact:
            exact[j] = shingles(texts[j], cache=cache)
        a, b = exact[i], exact[j]
        if min(len(a), len(b)) >= MIN_SHINGLES and containment(a, b) >= CONTAINMENT:
            groups.join(i, j)
            confirmed += 1
    if stats is not None:
        stats.update(candidates=len(candidates), plausible=len(pairs), confirmed=confirmed)
    return [groups.find(i) for i in range(len(texts))]


def in_stories(facts: ArticleFacts) -> bool:
    """Whether an article is put in a story: it mentions an agreement (a fact, or one named in passing)."""
    return bool(facts.agreements or facts.passing)


def stories(articles: Iterable[Article | tuple[str, str]]) -> dict[str, str]:
    """Article id -> story id: the smallest article id among its syndicated copies.

    Takes Articles (or (id, text) pairs). An article with no copy is a story of its own. Only
    the text is compared: wire copies often drop the outlet, the byline and the date.
    """
    return _story_ids(sorted((a.id, a.text) if isinstance(a, Article) else (a[0], a[1]) for a in articles))


def _story_ids(pairs: list[tuple[str, str]], signed: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, str]:
    """Article id -> story id of (id, text) pairs sorted as `stories` sorts them (`signed`: their signatures)."""
    roots = components([text for _, text in pairs], signed=signed)
    return {ident: pairs[root][0] for (ident, _), root in zip(pairs, roots)}


def stories_and_entries(articles: Sequence[tuple[str, str]]) -> tuple[dict[str, str], list[Entry]]:
    """`stories(articles)` and `entries(articles)` of (id, text) pairs with distinct ids, from one
    MinHash signature of each text, which either would compute for itself."""
    matrix, sizes = signatures([text for _, text in articles])
    order = sorted(range(len(articles)), key=lambda i: articles[i])  # stories() reads the pairs sorted
    story_of = _story_ids([articles[i] for i in order], (matrix[order], sizes[order]))
    return story_of, _entries(articles, matrix, sizes)


@dataclass(slots=True)
class Entry:
    """One article's place in the persisted story index: what a later article is compared against."""

    article_id: str
    size: int                 # distinct shingles
    signature: np.ndarray     # NUM_PERM uint32 MinHash values
    buckets: list[int]        # one signed 64-bit LSH bucket per band

    def signature_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()


def entries(articles: Sequence[tuple[str, str]]) -> list[Entry]:
    """The index entries of (id, text) pairs."""
    return _entries(articles, *signatures([text for _, text in articles]))


def _entries(articles: Sequence[tuple[str, str]], matrix: np.ndarray, sizes: np.ndarray) -> list[Entry]:
    keys = bucket_keys(matrix)
    return [Entry(ident, int(size), row, keys[i].tolist())
            for i, ((ident, _), size, row) in enumerate(zip(articles, sizes, matrix))]


def entry_from_bytes(article_id: str, size: int, signature: bytes) -> Entry:
    """A stored entry, for comparing: its buckets are not read back."""
    return Entry(article_id, size, np.frombuffer(signature, dtype="<u4").astype(np.uint32), [])


def bucket_keys(matrix: np.ndarray) -> np.ndarray:
    """(n, BANDS) signed 64-bit keys: band b's key of a row, mixed with b so that bands never share a key."""
    keys = np.empty((len(matrix), BANDS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(BANDS):
            keys[:, band] = _fmix64(_band_keys(matrix[:, band * ROWS:(band + 1) * ROWS]) ^
                                    (np.uint64(band + 1) * _MIX[0]))
    return keys.view(np.int64)


def copies(new: Entry, new_text: str, mates: Sequence[Entry], text_of: Callable[[str], str]) -> list[str]:
    """The ids of the bucket mates that the new article is a copy of, or that are copies of it: the
    estimate and containment checks of `components`. `text_of` is asked only for plausible mates."""
    if not mates:
        return []
    matrix = np.vstack([new.signature] + [m.signature for m in mates])
    sizes = np.array([new.size] + [m.size for m in mates], dtype=np.int64)
    pairs = np.column_stack([np.zeros(len(mates), dtype=np.int64), np.arange(1, len(mates) + 1)])
    kept = plausible(pairs, matrix, sizes)
    cache: dict[str, int] = {}
    own = shingles(new_text, cache=cache) if len(kept) else None
    found = []
    for _, j in kept.tolist():
        mate = mates[j - 1]
        other = shingles(text_of(mate.article_id), cache=cache)
        if min(len(own), len(other)) >= MIN_SHINGLES and containment(own, other) >= CONTAINMENT:
            found.append(mate.article_id)
    return found


def story_members(story_of: dict[str, str]) -> dict[str, list[str]]:
    """Story id -> its article ids, sorted; from the map `stories` returns."""
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story in sorted(story_of.items()):
        members[story].append(article_id)
    return dict(members)


def _band_keys(columns: np.ndarray) -> np.ndarray:
    """One 64-bit bucket key per row from the band's ROWS values."""
    keys = np.zeros(len(columns), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(columns.shape[1]):
            keys = _fmix64(keys ^ (columns[:, k].astype(np.uint64) * _MIX[k % 3]))
    return keys


def _bucket_pairs(members: np.ndarray) -> np.ndarray:
    members = np.sort(members)
    if len(members) <= BUCKET_ALL_PAIRS:
        i, j = np.triu_indices(len(members), k=1)
        return np.column_stack([members[i], members[j]])
    chain = np.column_stack([members[:-1], members[1:]])
    star = np.column_stack([np.full(len(members) - 2, members[0]), members[2:]])
    return np.vstack([chain, star])


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: spreads the mixed words over all bits."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(33))
        h = h * np.uint64(0xFF51AFD7ED558CCD)
        h = h ^ (h >> np.uint64(33))
        h = h * np.uint64(0xC4CEB9FE1A85EC53)
        return h ^ (h >> np.uint64(33))
