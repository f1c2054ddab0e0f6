"""Republished articles: one story carried by several papers (or copied twice) is counted once.

An aggregator such as baomoi carries the same story from several papers, each with its own
headline and a sentence changed here and there; a fact of that story must not be summed once
per copy. Each article gets a MinHash signature of its 5-word shingles (computed with the
article, in the worker); at the final build, locality-sensitive hashing (datasketch's
MinHashLSH) finds the articles whose shingle sets overlap by about 80 % or more, and each
is marked `duplicate_of` the first article of its group in the run's order. The index holds
one signature per group, so it grows with the number of distinct stories, not of copies.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from functools import cache

import numpy as np
import regex
from datasketch import LeanMinHash, MinHashLSH

NUM_PERM = 64          # signature length: 64 x 8 bytes an article
SHINGLE = 5            # words per shingle: long enough that two stories on one topic differ
THRESHOLD = 0.8        # estimated Jaccard similarity of two copies of one story
_WORD = regex.compile(r"\w+")


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Fixed (seeded) multiply-shift hash functions, so signatures agree across workers and runs."""
    generator = np.random.default_rng(20261203)
    high = np.iinfo(np.uint64).max
    return (generator.integers(1, high, NUM_PERM, dtype=np.uint64, endpoint=True) | np.uint64(1),
            generator.integers(0, high, NUM_PERM, dtype=np.uint64, endpoint=True))


def signature(text: str) -> list[int]:
    """The MinHash signature of the text's lower-cased 5-word shingles."""
    words = np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in _WORD.findall(text.lower())),
                        dtype=np.uint64)
    if len(words) == 0:
        words = np.zeros(1, dtype=np.uint64)
    count = max(1, len(words) - SHINGLE + 1)
    shingles = np.zeros(count, dtype=np.uint64)
    for offset in range(min(SHINGLE, len(words))):            # a polynomial of the shingle's words
        shingles = (shingles * np.uint64(1_000_003) + words[offset:offset + count]) & np.uint64(0xFFFFFFFF)
    a, b = _permutations()
    with np.errstate(over="ignore"):                           # multiply-shift: the wrap is the hash
        hashed = (a[:, None] * shingles[None, :] + b[:, None]) >> np.uint64(32)
    return hashed.min(axis=1).astype(np.int64).tolist()


def group(signatures: Iterable[tuple[str, list[int] | None]]) -> dict[str, str]:
    """doc_id -> the doc_id it duplicates, for every article whose text another one earlier
    in `signatures` (in run order) already carries; articles without a signature are left out."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    kept: dict[str, np.ndarray] = {}   # in run order: the first copy of a group is the one kept
    found: dict[str, str] = {}
    order: dict[str, int] = {}
    for doc_id, values in signatures:
        if values is None or len(values) != NUM_PERM:
            continue
        hashes = np.asarray(values, dtype=np.uint64)
        minhash = LeanMinHash(seed=1, hashvalues=hashes, scheme="affine64")
        same = [other for other in lsh.query(minhash) if np.mean(kept[other] == hashes) >= THRESHOLD]
        if same:
            found[doc_id] = min(same, key=order.__getitem__)
        else:
            lsh.insert(doc_id, minhash)
            kept[doc_id] = hashes
            order[doc_id] = len(order)
    return found
