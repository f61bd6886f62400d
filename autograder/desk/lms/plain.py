"""A plain CSV of final grades, for any other LMS or a spreadsheet.

Every submission has a row, broken and ungraded ones too, with its status and reason.
The columns add up: ``points`` is ``override`` when there is one, else ``autograded`` +
``manual``; ``final`` is ``points`` less ``penalty_percent``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.contracts.typed_files import write_atomically
from autograder.desk.gradebook import Grade
from autograder.desk.lms.grades import number

COLUMNS = (
    "student",
    "submission",
    "assignment",
    "status",
    "reason",
    "autograded",
    "manual",
    "override",
    "points",
    "penalty_percent",
    "penalty",
    "final",
    "max_points",
)


def write_plain(target: Path, grades: list[Grade]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for grade in grades:
        writer.writerow(
            [
                grade.student, grade.submission, grade.assignment, str(grade.status),
                grade.reason, number(grade.autograded), number(grade.manual),
                number(grade.override), number(grade.points), number(grade.penalty_percent),
                grade.penalty_reason, number(grade.final), number(grade.max_points),
            ]
        )  # fmt: skip
    write_atomically(target, out.getvalue())
    return target
