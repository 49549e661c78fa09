"""Near-duplicate articles (syndicated copies, light rewrites) grouped into stories.

MinHash signatures of word 3-shingles go into an LSH index, so candidate pairs are found
without comparing every pair; each candidate is confirmed on the exact shingles by
containment (shared shingles over the smaller article's), which catches a copy that one
outlet trimmed or padded. Connected components of confirmed pairs are stories.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from hashlib import blake2b

import numpy as np

SHINGLE = 3
NUM_PERM = 64
LSH_THRESHOLD = 0.25       # candidate Jaccard; trimmed copies of one wire story sit near 0.3
CONTAINMENT = 0.5          # confirmed copy: half the smaller article's shingles recur in the other


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower())
    return {" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))}


def _hashed(grams: set[str]) -> np.ndarray:
    """Shingles as sorted 64-bit hashes: a tenth of the memory of the strings."""
    return np.unique(np.fromiter((int.from_bytes(blake2b(g.encode(), digest_size=8).digest(), "little")
                                  for g in grams), dtype=np.uint64, count=len(grams)))


def stories(articles: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Article id -> story id (the smallest article id in its story), for (id, text) pairs."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    grams: dict[str, np.ndarray] = {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ident, text in articles:
        words = shingles(text)
        grams[ident] = _hashed(words)
        parent[ident] = ident
        signature = MinHash(num_perm=NUM_PERM)
        signature.update_batch([g.encode() for g in words])
        for other in lsh.query(signature):
            if containment(grams[ident], grams[other]) >= CONTAINMENT:
                a, b = find(ident), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        lsh.insert(ident, signature)
    return {ident: find(ident) for ident in parent}


def containment(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))
