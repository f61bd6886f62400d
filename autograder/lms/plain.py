"""A plain CSV of final grades, for any other LMS or a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.lms.grades import FinalGrade, number
from autograder.typed_files import write_atomically

COLUMNS = (
    "student",
    "assignment",
    "autograded",
    "manual",
    "penalty_percent",
    "penalty",
    "final",
    "max_points",
)


def write_plain(target: Path, assignment: str, grades: list[FinalGrade]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for grade in grades:
        writer.writerow(
            [
                grade.student, assignment, number(grade.autograded), number(grade.manual),
                number(grade.penalty_percent), grade.penalty_reason, number(grade.final),
                number(grade.max_points),
            ]
        )  # fmt: skip
    write_atomically(target, out.getvalue())
    return target
