"""The execution signal: training numbers that two students' own runs both saved.

A notebook comes in with the outputs of the student's own run: Keras' epoch lines
(``loss: 0.2345 - accuracy: 0.9312``), a printed ``history``, a test accuracy. Each run
starts from its own random weights (neither the handout nor the lesson sets a seed), so
two runs agree on such numbers to four decimals only if they were one run, whatever was
done to the code since. Numbers many notebooks print alike (a count, a shape, 0.1000)
are dropped, as common code is.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

# A number with at least four decimals, not padded with zeros: what training prints.
PRECISE = re.compile(r"(?<![\w.])\d+\.\d{3}[1-9]\d*(?:e-?\d+)?(?![\w.])")
MIN_SHARED_VALUES = 6  # fewer equal numbers can be chance (one epoch's rounded loss)


@dataclass(frozen=True)
class OutputPair:
    first: str
    second: str
    values: tuple[str, ...]  # the numbers both saved, a few of them shown on the page


def precise_numbers(outputs: str) -> frozenset[str]:
    return frozenset(PRECISE.findall(outputs))


def shared_outputs(numbers: dict[str, frozenset[str]], common_share: float) -> list[OutputPair]:
    counts = Counter(value for values in numbers.values() for value in values)
    limit = max(2, common_share * len(numbers))
    holders: dict[str, list[str]] = defaultdict(list)
    for name, values in numbers.items():
        for value in values:
            if counts[value] <= limit:
                holders[value].append(name)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for value, names in holders.items():
        for pair in combinations(sorted(names), 2):
            shared[pair].append(value)
    pairs = [
        OutputPair(first, second, tuple(sorted(values)))
        for (first, second), values in shared.items()
        if len(values) >= MIN_SHARED_VALUES
    ]
    return sorted(pairs, key=lambda pair: (-len(pair.values), pair.first, pair.second))
