"""One assignment's final grades, as every export writes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.gradebook import current_gradebook


class ExportRefused(ValueError):
    """An export that would write what is not final: the message says what to do."""


@dataclass(frozen=True)
class FinalGrade:
    student: str
    submission: str
    autograded: float | None
    manual: float
    penalty_percent: float
    penalty_reason: str
    final: float | None  # None: not graded (the grader failed): never written as 0
    max_points: float


def final_grades(
    out_dir: Path, assignment: str, course_file: Path | None = None, allow_ungraded: bool = False
) -> tuple[list[FinalGrade], int]:
    """The assignment's grades and how many written answers are still ungraded; refused
    while any are, unless ``allow_ungraded``."""
    with current_gradebook(out_dir, course_file) as gradebook:
        rows = gradebook.rows(assignment)
        ungraded = gradebook.ungraded_answers(assignment)
        changed = [
            c for c in gradebook.changed_answers() if c[0] in {r["submission"] for r in rows}
        ]
    if not rows:
        raise ExportRefused(f"{out_dir}: the gradebook has no submission of {assignment}")
    pending = ungraded + len(changed)
    if pending and not allow_ungraded:
        raise ExportRefused(
            f"{pending} written answer(s) of {assignment} are not graded yet "
            f"({len(changed)} of them changed since they were scored): grade them in "
            "`densegrade serve`, or export anyway with --allow-ungraded (they count 0)"
        )
    grades = [
        FinalGrade(
            row["student"],
            row["submission"],
            row["autograded"],
            row["manual"],
            row["penalty_percent"],
            row["penalty_reason"],
            row["final"],
            row["max_points"],
        )  # fmt: skip
        for row in rows
    ]
    return grades, pending


def number(value: float | None) -> str:
    """A grade as the LMS reads it: ``12.5``, ``13``; empty when there is none."""
    return "" if value is None else f"{value:g}"
