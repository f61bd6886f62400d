"""Pairs of submissions ranked by the answer code they share, and matches with the reference.

What many students share is nobody's: a fingerprint found in more than
:attr:`Thresholds.common_share` of the class (and at least three submissions) is dropped,
as MOSS drops what is too common. A pair's score is the share of the smaller answer's
remaining fingerprints that the other holds too (containment, so a copy padded with
extra code still scores high), for the token fingerprints and for the canonical
statements apart; the higher counts. Pairs are found through an index of who holds each
fingerprint: only submissions that share something are ever compared.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from autograder.similarity.fingerprints import Fingerprint

TOKENS, STATEMENTS = "token fingerprints", "canonical statements"
# An answer with fewer of its own marks than this scores as if it had this many: an
# honest answer of seven statements sharing three plotting idioms with another honest
# one is not 3/7 of a copy (measured on tests/similarity/test_disguises.py's class).
SMALL_ANSWER = {TOKENS: 12, STATEMENTS: 8}


@dataclass(frozen=True)
class Thresholds:
    """The report's thresholds, named on its pages (``densegrade similarity --help``)."""

    pair_score: float = 0.5  # share of the smaller answer's fingerprints held by both
    min_shared: int = 12  # token fingerprints shared at the least: tiny answers prove nothing
    min_statements: int = 5  # canonical statements shared at the least, likewise
    common_share: float = 0.2  # held by more of the class than this: everyone's
    reference_score: float = 0.6  # share of the answer that is the hidden reference's
    top_pairs: int = 10  # the class's most similar pairs, listed with their rank


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    score: float
    shared: int  # what both hold of the signal that scored higher
    signal: str = TOKENS  # TOKENS or STATEMENTS

    @property
    def detail(self) -> str:
        signal = self.signal if self.shared != 1 else self.signal.removesuffix("s")
        return f"{self.shared} {signal} shared"


def common_marks(prints: dict[str, Fingerprint], thresholds: Thresholds) -> set:
    """The fingerprints too many submissions hold to say anything about any of them."""
    counts = Counter(mark for fp in prints.values() for mark in _marks(fp) | _statements(fp))
    limit = max(3, thresholds.common_share * len(prints))
    return {mark for mark, count in counts.items() if count > limit}


def pair_scores(prints: dict[str, Fingerprint], thresholds: Thresholds) -> list[Pair]:
    """Every pair that shares anything, best first. Each signal scores the share of the
    smaller answer that both hold, as if it held at least :data:`SMALL_ANSWER` (so two
    small answers sharing a few idioms do not top the class); the higher of the two
    signals is the pair's score."""
    common = common_marks(prints, thresholds)
    scored: dict[tuple[str, str], Pair] = {}
    for signal, marks_of, least in (
        (TOKENS, _marks, max(thresholds.min_shared, SMALL_ANSWER[TOKENS])),
        (STATEMENTS, _statements, max(thresholds.min_statements, SMALL_ANSWER[STATEMENTS])),
    ):
        own = {name: marks_of(fp) - common for name, fp in prints.items()}
        for (first, second), count in _shared_counts(own).items():
            score = round(count / max(least, min(len(own[first]), len(own[second]))), 3)
            best = scored.get((first, second))
            if best is None or score > best.score:
                scored[(first, second)] = Pair(first, second, score, count, signal)
    return sorted(scored.values(), key=lambda pair: (-pair.score, pair.first, pair.second))


def similar_pairs(prints: dict[str, Fingerprint], thresholds: Thresholds) -> list[Pair]:
    """The pairs listed as ``code`` findings: from the score and the signal's minimum."""
    return flagged(pair_scores(prints, thresholds), thresholds)


def flagged(pairs: list[Pair], thresholds: Thresholds) -> list[Pair]:
    least = {TOKENS: thresholds.min_shared, STATEMENTS: thresholds.min_statements}
    return [p for p in pairs if p.score >= thresholds.pair_score and p.shared >= least[p.signal]]


def _shared_counts(own: dict[str, set]) -> Counter:
    """How many marks each pair holds in common, through an index of who holds each."""
    holders: dict[object, list[str]] = defaultdict(list)
    for name, marks in own.items():
        for mark in marks:
            holders[mark].append(name)
    shared: Counter = Counter()
    for names in holders.values():
        for pair in combinations(sorted(names), 2):
            shared[pair] += 1
    return shared


def reference_share(
    print_: Fingerprint, reference: Fingerprint, thresholds: Thresholds
) -> tuple[float, int, str]:
    """The share of a submission's own fingerprints that are the reference's, how many,
    and of which signal (the larger share of those holding the signal's minimum)."""
    best = (0.0, 0, TOKENS)
    for signal, marks_of, least in (
        (TOKENS, _marks, thresholds.min_shared),
        (STATEMENTS, _statements, thresholds.min_statements),
    ):
        mine, theirs = marks_of(print_), marks_of(reference)
        held = len(mine & theirs)
        if mine and held >= least and held / len(mine) > best[0]:
            best = (held / len(mine), held, signal)
    return best


def _marks(fp: Fingerprint) -> set:
    return {("k", h) for h in fp.hashes} | {("l", line) for line in fp.lines}


def _statements(fp: Fingerprint) -> set:
    return {("s", statement) for statement in fp.statements}
