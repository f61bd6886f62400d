"""The execution signal: training numbers that two students' own runs both saved.

Only what training printed counts (Keras' progress lines, a printed ``history``, a line
naming a loss or an accuracy): a Unix timestamp or a random draw is no run's signature.

A notebook comes in with the outputs of the student's own run: Keras' epoch lines
(``loss: 0.2345 - accuracy: 0.9312``), a printed ``history``, a test accuracy. Each run
starts from its own random weights (neither the handout nor the lesson sets a seed), so
two runs agree on such numbers to four decimals only if they were one run, whatever was
done to the code since. Numbers many notebooks print alike (a count, a shape, 0.1000)
are dropped, as common code is. In a class of hundreds, two runs can share a few values
by chance (accuracies crowd between 0.9 and 1), so a pair must share a run of
:data:`MIN_RUN` consecutive values, in the order the notebooks printed them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

# A number with at least four decimals, not a round one (0.1000): what training prints.
PRECISE = re.compile(r"(?<![\w.])\d+\.(?!\d000(?!\d))\d{4,}(?:e-?\d+)?(?![\w.])")
MIN_RUN = 6  # consecutive equal values: chance alone does not line up six
# What training printed: a Keras progress line or a history printed (a dict naming a metric).
TRAINING_LINE = re.compile(r"\b(?:val_)?(?:loss|acc|accuracy|categorical_accuracy)\b")
HISTORY = re.compile(r"\{[^{}]*\}", re.DOTALL)


@dataclass(frozen=True)
class OutputPair:
    first: str
    second: str
    values: tuple[str, ...]  # the numbers both saved, a few of them shown on the page


def precise_numbers(outputs: str) -> tuple[str, ...]:
    """The precise numbers training printed, in the order they were printed: on Keras'
    progress lines and other lines naming a loss or an accuracy, and in a printed
    ``history`` dict however it is wrapped. Any other number (a Unix timestamp, a
    random draw, a pixel) says nothing about one run and is not counted."""
    numbers: list[str] = []
    rest = 0
    for history in HISTORY.finditer(outputs):
        if TRAINING_LINE.search(history.group()):
            numbers += _on_training_lines(outputs[rest : history.start()])
            numbers += PRECISE.findall(history.group())
            rest = history.end()
    return tuple(numbers + _on_training_lines(outputs[rest:]))


def _on_training_lines(text: str) -> list[str]:
    return [n for line in text.splitlines() if TRAINING_LINE.search(line)
            for n in PRECISE.findall(line)]  # fmt: skip


def shared_outputs(numbers: dict[str, tuple[str, ...]], common_share: float) -> list[OutputPair]:
    counts = Counter(value for values in numbers.values() for value in set(values))
    limit = max(2, common_share * len(numbers))
    holders: dict[str, list[str]] = defaultdict(list)
    for name, values in numbers.items():
        for value in set(values):
            if counts[value] <= limit:
                holders[value].append(name)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for value, names in holders.items():
        for pair in combinations(sorted(names), 2):
            shared[pair].append(value)
    pairs = []
    for (first, second), values in shared.items():
        if len(values) >= MIN_RUN:
            run = longest_common_run(numbers[first], numbers[second])
            if len(run) >= MIN_RUN:
                pairs.append(OutputPair(first, second, run))
    return sorted(pairs, key=lambda pair: (-len(pair.values), pair.first, pair.second))


def longest_common_run(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """The longest stretch of consecutive values both sequences hold, in the same order."""
    best, end = 0, 0
    previous = [0] * (len(second) + 1)
    for i, value in enumerate(first, start=1):
        current = [0] * (len(second) + 1)
        for j, other in enumerate(second, start=1):
            if value == other:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, end = current[j], i
        previous = current
    return first[end - best : end]
