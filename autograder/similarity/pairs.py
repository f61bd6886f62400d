"""Pairs of submissions ranked by the answer code they share, and matches with the reference.

What many students share is nobody's: a fingerprint found in more than
:attr:`Thresholds.common_share` of the class (and at least three submissions) is dropped,
as MOSS drops what is too common. A pair's score is the share of the smaller answer's
remaining fingerprints that the other holds too (containment, so a copy padded with
extra code still scores high). Pairs are found through an index of who holds each
fingerprint: only submissions that share something are ever compared.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from autograder.similarity.fingerprints import Fingerprint


@dataclass(frozen=True)
class Thresholds:
    """The report's thresholds, named on its pages (``densegrade similarity --help``)."""

    pair_score: float = 0.5  # share of the smaller answer's fingerprints held by both
    min_shared: int = 12  # fingerprints shared at the least: tiny answers prove nothing
    common_share: float = 0.2  # held by more of the class than this: everyone's
    reference_score: float = 0.6  # share of the answer that is the hidden reference's


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    score: float
    shared: int


def common_marks(prints: dict[str, Fingerprint], thresholds: Thresholds) -> set:
    """The fingerprints too many submissions hold to say anything about any of them."""
    counts = Counter(mark for fp in prints.values() for mark in _marks(fp))
    limit = max(3, thresholds.common_share * len(prints))
    return {mark for mark, count in counts.items() if count > limit}


def similar_pairs(prints: dict[str, Fingerprint], thresholds: Thresholds) -> list[Pair]:
    common = common_marks(prints, thresholds)
    own = {name: _marks(fp) - common for name, fp in prints.items()}
    holders: dict[object, list[str]] = defaultdict(list)
    for name, marks in own.items():
        for mark in marks:
            holders[mark].append(name)
    shared: Counter = Counter()
    for names in holders.values():
        for pair in combinations(sorted(names), 2):
            shared[pair] += 1
    pairs = []
    for (first, second), count in shared.items():
        score = count / max(1, min(len(own[first]), len(own[second])))
        if count >= thresholds.min_shared and score >= thresholds.pair_score:
            pairs.append(Pair(first, second, round(score, 3), count))
    return sorted(pairs, key=lambda pair: (-pair.score, pair.first, pair.second))


def reference_share(print_: Fingerprint, reference: Fingerprint) -> tuple[float, int]:
    """The share of a submission's own fingerprints that are the reference's, and how many."""
    mine, theirs = _marks(print_), _marks(reference)
    held = len(mine & theirs)
    return (held / len(mine) if mine else 0.0), held


def _marks(fp: Fingerprint) -> set:
    return {("k", h) for h in fp.hashes} | {("l", line) for line in fp.lines}
