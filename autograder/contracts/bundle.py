"""What grading an assignment uses beyond its spec: its bundle's tests and question lists.

The bundle (``autograder/bundles/<name>/``, written by ``densegrade build``) holds the
otter test files, public and hidden, our question lists and the assignment's spec
(:mod:`autograder.contracts.assignments`). Grader-side only: the handout ships the spec alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from autograder.contracts.assignments import get_assignment
from autograder.contracts.otter_format import total_points
from autograder.contracts.project import BUNDLES_DIR

# Files our build adds to each bundle, beside otter's: the autograded questions in
# notebook order (otter keeps no order), and the free-response questions.
QUESTIONS_FILE = "questions.json"
MANUAL_QUESTIONS_FILE = "manual_questions.json"
# The handout's own code cells and the reference's answer code, for the similarity report.
CODE_FILE = "code.json"


def bundle_dir(assignment: str) -> Path:
    return BUNDLES_DIR / get_assignment(assignment).name


def autograded_questions(assignment: str) -> list[str]:
    """The bundle's autograded questions, in notebook order."""
    path = bundle_dir(assignment) / QUESTIONS_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def autograded_points(assignment: str) -> float:
    """The bundle's points, as otter counts them, for rows that could not be scored."""
    return total_points(bundle_dir(assignment) / "tests")
