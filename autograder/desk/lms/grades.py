"""One assignment's final grades, as every export writes them, and what each export must
say about the submissions it cannot write as a plain grade."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.desk.gradebook import Grade, current


class ExportRefused(ValueError):
    """An export that would write what is not final: the message says what to do."""


@dataclass(frozen=True)
class ClassGrades:
    """An assignment's grades, and the submissions an export must name."""

    assignment: str
    grades: list[Grade]  # every submission of the assignment, broken files included
    unassigned: list[Grade]  # files whose assignment could not be told: in no column
    pending: int  # written answers still to grade (counted 0 when exported anyway)

    @property
    def not_graded(self) -> list[Grade]:
        """The grader failed on these: no grade is written for them, ever a 0."""
        return [grade for grade in self.grades if grade.not_graded]

    @property
    def broken(self) -> list[Grade]:
        """Handed in, but not a gradable notebook (``invalid``): written as their points."""
        return [grade for grade in self.grades if grade.status == "invalid"]


def final_grades(
    out_dir: Path, assignment: str, course_file: Path | None = None, allow_ungraded: bool = False
) -> ClassGrades:
    """The assignment's grades; refused while written answers are still to grade, unless
    ``allow_ungraded``."""
    with current(out_dir, course_file) as gradebook:
        grades = gradebook.grades(assignment)
        unassigned = gradebook.grades("") if assignment else []
    if not grades:
        raise ExportRefused(f"{out_dir}: the gradebook has no submission of {assignment}")
    pending = sum(grade.to_grade for grade in grades)
    if pending and not allow_ungraded:
        raise ExportRefused(
            f"{pending} written answer(s) of {assignment} are not graded yet (or changed "
            "since they were scored): grade them in `densegrade serve`, or export anyway "
            "with --allow-ungraded (they count 0)"
        )
    return ClassGrades(assignment, grades, unassigned, pending)


def number(value: float | None) -> str:
    """A grade as the LMS reads it: ``12.5``, ``13``; empty when there is none."""
    return "" if value is None else f"{value:g}"


def named(grades: list[Grade]) -> list[str]:
    """Who, and why, for an export's message: ``alice (invalid: not a readable notebook)``."""
    return [
        f"{grade.student} ({grade.status}: {grade.reason or 'no reason given'})" for grade in grades
    ]
