"""What the gradebook records of a result beyond its own fields.

An unreadable file has no assignment in its result; the name the student gave it
usually says which one it was for (``alice_mnist_dense.ipynb``), so its row goes in that
assignment's column, where a broken file must not look like no submission at all. Every
row carries its assignment's total (autograded and written answers), also when it was
never judged, so a grade is out of the same points as its classmates'.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from autograder.bundle import autograded_points
from autograder.free_response import manual_questions
from autograder.results import SubmissionResult
from autograder.submissions.validation import assignment_in_name


@dataclass(frozen=True)
class SubmissionFacts:
    assignment: str  # "": the file could not tell
    autograded_max: float
    max_points: float


def submission_facts(result: SubmissionResult) -> SubmissionFacts:
    assignment = result.assignment or _named(result.path) or ""
    if not assignment:
        return SubmissionFacts("", result.max_score, result.max_score)
    autograded_max = result.max_score or autograded_points(assignment)
    manual = sum(float(question["points"]) for question in manual_questions(assignment))
    return SubmissionFacts(assignment, autograded_max, autograded_max + manual)


def _named(label: str) -> str | None:
    """The assignment a file's name (or the notebook's, inside a zip) names."""
    names = [PurePosixPath(part).name for part in label.split("!") if part]
    return next((found for name in reversed(names) if (found := assignment_in_name(name))), None)
