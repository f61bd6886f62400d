"""What grading an assignment uses beyond the lesson: its bundle and accuracy thresholds.

The bundle (``autograder/bundles/<name>/``, written by ``densegrade build``) holds the
otter test files, public and hidden, and our question lists; the thresholds decide the
hidden accuracy checks. Grader-side only: the student's handout never ships this.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder.assignments import ASSIGNMENTS, get_assignment
from autograder.otter_format import total_points

PACKAGE_DIR = Path(__file__).resolve().parent
THRESHOLDS_FILE = PACKAGE_DIR / "thresholds.toml"
BUNDLES_DIR = PACKAGE_DIR / "bundles"
# Files our build adds to each bundle, beside otter's: the autograded questions in
# notebook order (otter keeps no order), and the free-response questions.
QUESTIONS_FILE = "questions.json"
MANUAL_QUESTIONS_FILE = "manual_questions.json"
# The handout's own code cells and the reference's answer code, for the similarity report.
CODE_FILE = "code.json"


@dataclass(frozen=True)
class Thresholds:
    """Test-set accuracy needed for the accuracy question (see thresholds.toml)."""

    full_credit: float
    lesson: float
    partial_credit: float | None = None


def bundle_dir(assignment: str) -> Path:
    return BUNDLES_DIR / get_assignment(assignment).name


def autograded_questions(assignment: str) -> list[str]:
    """The bundle's autograded questions, in notebook order."""
    path = bundle_dir(assignment) / QUESTIONS_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def autograded_points(assignment: str) -> float:
    """The bundle's points, as otter counts them, for rows that could not be scored."""
    return total_points(bundle_dir(assignment) / "tests")


def thresholds(assignment: str) -> Thresholds:
    return load_thresholds()[get_assignment(assignment).name]


@cache
def load_thresholds() -> dict[str, Thresholds]:
    with THRESHOLDS_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    return {
        name: Thresholds(
            full_credit=float(values["full_credit_accuracy"]),
            lesson=float(values["lesson_accuracy"]),
            partial_credit=values.get("partial_credit_accuracy"),
        )
        for name, values in table.items()
        if name in ASSIGNMENTS
    }
