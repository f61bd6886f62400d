"""What the gradebook records of a result beyond its own fields: its assignment's total
points (autograded and written answers), also for a file that was never judged, so a
grade is out of the same points as its classmates'.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.contracts.bundle import autograded_points
from autograder.contracts.results import SubmissionResult
from autograder.submissions.free_response import manual_questions


@dataclass(frozen=True)
class SubmissionFacts:
    assignment: str  # "": the file could not tell (and its name does not say)
    autograded_max: float
    max_points: float


def submission_facts(result: SubmissionResult) -> SubmissionFacts:
    assignment = result.assignment or ""
    if not assignment:
        return SubmissionFacts("", result.max_score, result.max_score)
    autograded_max = result.max_score or autograded_points(assignment)
    manual = sum(float(question["points"]) for question in manual_questions(assignment))
    return SubmissionFacts(assignment, autograded_max, autograded_max + manual)
