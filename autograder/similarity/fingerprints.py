"""Fingerprints of answer code, by copydetect (the winnowing of MOSS, on Pygments tokens).

copydetect's filter replaces every name with ``V``/``F``/``O`` and every string with
``S`` and drops comments and spacing, so renamed variables, new comments and reflowed
lines leave the fingerprints as they were. Each logical line is fingerprinted on its own
too (its filtered text, hashed), so lines moved around still match line for line.
Beside them, the answer's canonical statements (:mod:`~autograder.similarity.programs`):
what the program does, however it is ordered, structured or spelled.
Boilerplate (the handout's cells, the lesson's code blocks) is fingerprinted the same way
and removed: it never counts as shared.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import numpy as np
from copydetect.utils import filter_code, get_document_fingerprints, hashed_kgrams

from autograder.contracts.assignments import get_assignment
from autograder.similarity.lesson import lesson_blocks
from autograder.similarity.notebooks import bundle_code
from autograder.similarity.programs import statement_lines, statement_marks

K = 25  # copydetect's noise threshold: a shared run shorter than this is ignored
WINDOW = 6  # guarantee threshold 30: any shared run of 30 filtered characters is caught
MIN_LINE = 12  # a filtered line shorter than this (``V=V/255``) says nothing about who


@dataclass(frozen=True)
class Fingerprint:
    hashes: frozenset[int]  # winnowed k-gram hashes, boilerplate removed
    lines: frozenset[str]  # digests of the filtered logical lines, boilerplate removed
    statements: frozenset[str] = frozenset()  # canonical statements, boilerplate removed

    @property
    def size(self) -> int:
        return len(self.hashes) + len(self.lines)


def filtered(code: str) -> str:
    return filter_code(code, "answer.py", language="python")[0]


def fingerprint(code: str, assignment: str) -> Fingerprint:
    """The fingerprints of the lines of ``code`` that are not boilerplate lines (a line
    of the lesson or the handout, however named, spaced or commented), then of the
    k-grams of what is left that no boilerplate holds either."""
    kgrams, given = boilerplate(assignment)
    own = [line for line in code.splitlines() if _line_text(line) and _line_text(line) not in given]
    hashes, _ = get_document_fingerprints(filtered("\n".join(own)), K, WINDOW, kgrams)
    lines = {_digest(text) for text in map(_line_text, own) if len(text) >= MIN_LINE}
    statements = statement_marks(code) - boilerplate_statements(assignment)
    return Fingerprint(frozenset(int(h) for h in hashes), frozenset(lines), statements)


def boilerplate_blocks(assignment: str) -> list[str]:
    """The handout's cells, and the lesson's code blocks where students follow the lesson."""
    lesson = lesson_blocks() if get_assignment(assignment).lesson_code else []
    return [*bundle_code(assignment)["handout"], *lesson]


@cache
def boilerplate(assignment: str) -> tuple[np.ndarray, frozenset[str]]:
    """Every k-gram hash and filtered line of what every student was given or shown."""
    blocks = boilerplate_blocks(assignment)
    kgrams = [hashed_kgrams(filtered(block), K) for block in blocks]
    hashes = np.unique(np.concatenate([k for k in kgrams if len(k)] or [np.array([], int)]))
    lines = frozenset(_line_text(line) for block in blocks for line in block.splitlines())
    return hashes, lines - {""}


@cache
def boilerplate_statements(assignment: str) -> frozenset[str]:
    """The canonical statements of what every student was given or shown."""
    blocks = boilerplate_blocks(assignment)
    return frozenset().union(*(statement_marks(block) for block in blocks))


@cache
def _line_text(line: str) -> str:
    return filtered(line).strip() if line.strip() else ""


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def line_kinds(code: str, other: str, assignment: str) -> list[tuple[str, str]]:
    """Each line of ``code`` with what it is beside ``other``: ``shared`` (the other holds
    the same line, however named or spaced, or the same statement however written),
    ``given`` (the lesson's or the handout's) or ``own``; for the side-by-side page."""
    _, given = boilerplate(assignment)
    theirs = {_line_text(line) for line in other.splitlines()} - given - {""}
    everyones = boilerplate_statements(assignment)
    their_statements = statement_marks(other) | everyones
    same_statement = {  # a statement of its own, all the other holds too
        number
        for first, last, statements in statement_lines(code)
        if set(statements) - everyones and set(statements) <= their_statements
        for number in range(first, last + 1)
    }
    kinds = []
    for number, line in enumerate(code.splitlines(), start=1):
        text = _line_text(line)
        same = text in theirs or number in same_statement
        kind = "given" if text in given else ("shared" if text and same else "own")
        kinds.append((line, kind))
    return kinds
