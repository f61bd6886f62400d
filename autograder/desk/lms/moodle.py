"""Moodle: a grade import CSV, students identified by email address or ID number.

The input is the participants' or grades' CSV exported from Moodle (it has ``First
name``, ``Last name``, ``ID number`` and ``Email address``); the output has the identifier
and one grade column, which Moodle's Grades > Import > CSV file maps to the assignment
("Map from" the identifier column to "email address" or "idnumber").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts.typed_files import write_atomically
from autograder.desk.gradebook import Grade
from autograder.desk.lms.grades import number
from autograder.desk.lms.matching import LmsStudent, match_students

IDENTIFIERS = {"email": "Email address", "idnumber": "ID number"}
MATCH_BY = "email"  # the identifier a Moodle import matches students by, unless told
NAMES = ("First name", "Last name")
# A student without a submission, or whose submission the grader could not grade, is left
# out of the file: Moodle keeps what it has. A broken file (invalid) is written as its points.


class MoodleFileError(ValueError):
    """A file that is not a Moodle export: names the file and what is missing."""


@dataclass
class MoodleExport:
    written: Path
    filled: int
    missing: list[str]
    unmatched: list[str]


def write_moodle(
    source: Path, target: Path, title: str, grades: list[Grade], by: str = MATCH_BY
) -> MoodleExport:
    try:
        rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise MoodleFileError(f"{source}: cannot read it as a CSV file: {error}") from error
    header = rows[0] if rows else []
    needed = [IDENTIFIERS[by], *NAMES]
    absent = [name for name in needed if name not in header]
    if absent:
        raise MoodleFileError(f"{source}: line 1: no {', '.join(absent)} column")
    at = {name: header.index(name) for name in [*IDENTIFIERS.values(), *NAMES] if name in header}
    order = [IDENTIFIERS[by]] + [v for v in IDENTIFIERS.values() if v != IDENTIFIERS[by]]
    students = []
    for row, values in enumerate(rows[1:], start=1):
        if not any(value.strip() for value in values):
            continue
        ids = tuple(
            values[at[name]] if name in at and at[name] < len(values) else "" for name in order
        )
        name = " ".join(values[at[part]] for part in NAMES if at[part] < len(values))
        students.append(LmsStudent(row, ids, name))
    by_student = {grade.student: grade for grade in grades}
    matches = match_students(list(by_student), students)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([IDENTIFIERS[by], title])
    missing = []
    for student in students:
        grade = by_student.get(matches.by_row.get(student.row, ""))
        if grade is None:
            missing.append(student.name)
        if grade is None or grade.final is None:
            continue  # Moodle keeps what it has for a student absent from the file
        writer.writerow([student.identifiers[0], number(grade.final)])
    write_atomically(target, out.getvalue())
    return MoodleExport(target, len(matches.by_row), missing, sorted(matches.unmatched))
