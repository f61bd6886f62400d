"""Canvas: fill one assignment's column of the gradebook CSV the instructor exported.

Canvas's export (Grades > Export) starts with ``Student,ID,SIS User ID,SIS Login ID,
Section`` and one column per assignment headed ``Title (id)``; its second record is
``Points Possible`` (a third, ``Student, Test``, may follow). The file written is that
file with the assignment's cells filled and every other byte as it was, so Canvas's
import (Grades > Import) changes that column only.

A Canvas student without a submission keeps the cell Canvas had (a grade entered by hand
stays; ``missing_zero`` writes 0 instead); so does one whose submission the grader could
not grade. A broken file (``invalid``) is written as the points it got, never left blank
as if nothing had been handed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder.contracts.typed_files import write_atomically
from autograder.desk.gradebook import Grade
from autograder.desk.lms.csv_fields import Record, field_for, split_records
from autograder.desk.lms.grades import number
from autograder.desk.lms.matching import LmsStudent, match_students

IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID")
MATCH_ORDER = ("SIS Login ID", "SIS User ID", "ID")
POINTS_POSSIBLE = "Points Possible"
TEST_STUDENT = "Student, Test"
COLUMN = re.compile(r"^(?P<title>.*) \((?P<id>\d+)\)$")


class CanvasFileError(ValueError):
    """A file that is not a Canvas gradebook export, or lacks the column: says where."""


@dataclass
class CanvasExport:
    written: Path
    filled: int  # cells written
    missing: list[str]  # Canvas students without a submission
    kept: list[str]  # of those, the ones whose cell already held a grade (kept as it was)
    unmatched: list[str]  # submissions' students found in no Canvas row


def fill_canvas(
    source: Path,
    target: Path,
    column: str,
    grades: list[Grade],
    missing_zero: bool = False,
    rescale: bool = False,
) -> CanvasExport:
    """Fill ``column`` with the final grades. A column worth other points than the grades
    is refused, unless ``rescale`` (then a grade is scaled to Canvas's points)."""
    try:
        raw = source.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CanvasFileError(f"{source}: cannot read it as UTF-8 text: {error}") from error
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # given back as it came
    records = split_records(text)
    if not records:
        raise CanvasFileError(f"{source}: the file is empty")
    header = records[0].values()
    _check_header(header, source)
    index = _column(header, column, source)
    students = _students(records, header)
    scale = _scale(records, index, grades, source, rescale)
    by_row = {g.student: g for g in grades}
    matches = match_students(list(by_row), students)
    missing, kept, filled = [], [], 0
    for student in students:
        record = records[student.row]
        grade = by_row.get(matches.by_row.get(student.row, ""))
        if grade is None:
            missing.append(student.name)
            if not missing_zero:
                if _cell(record, index).strip():
                    kept.append(student.name)
                continue  # Canvas's cell as it was: a grade entered there stays
        if grade is not None and grade.final is None:
            continue  # not graded (the grader failed): never a grade, never a blank
        final = 0.0 if grade is None else round(grade.final * scale, 4)
        _set(record, index, number(final), source, student.row)
        filled += 1
    write_atomically(target, bom + "".join(record.text() for record in records))
    return CanvasExport(target, filled, missing, kept, sorted(matches.unmatched))


def _cell(record: Record, index: int) -> str:
    values = record.values()
    return values[index] if index < len(values) else ""


def _scale(records, index: int, grades: list[Grade], source: Path, rescale: bool) -> float:
    """1, or Canvas's points over ours when asked; refused when they differ unasked."""
    possible = next(
        (
            r.values()[index]
            for r in records[1:]
            if r.values()[:1] and r.values()[0].strip() == POINTS_POSSIBLE
        ),
        "",
    )
    ours = {grade.max_points for grade in grades}
    try:
        canvas_points = float(possible)
    except ValueError:
        return 1.0  # no Points Possible for it: Canvas takes the points as they are
    if ours == {canvas_points} or not ours:
        return 1.0
    if not rescale or len(ours) != 1:
        raise CanvasFileError(
            f"{source}: the column is worth {canvas_points:g} points in Canvas, the grades are "
            f"out of {', '.join(f'{o:g}' for o in sorted(ours))}: set the assignment's points "
            "in Canvas, or export with --rescale"
        )
    return canvas_points / ours.pop()


def _check_header(header: list[str], source: Path) -> None:
    absent = [name for name in IDENTITY if name not in header]
    if absent:
        raise CanvasFileError(
            f"{source}: line 1: not a Canvas gradebook export (no {', '.join(absent)} column)"
        )


def _column(header: list[str], wanted: str, source: Path) -> int:
    """The assignment's column, named as in Canvas (``Title (id)``), by title or by id."""
    found = [
        i
        for i, name in enumerate(header)
        if name == wanted or ((m := COLUMN.match(name)) and wanted in (m["title"], m["id"]))
    ]
    if len(found) != 1:
        columns = ", ".join(name for name in header if COLUMN.match(name)) or "none"
        words = "no" if not found else "more than one"
        raise CanvasFileError(
            f"{source}: line 1: {words} assignment column {wanted!r} (columns: {columns})"
        )
    return found[0]


def _students(records: list[Record], header: list[str]) -> list[LmsStudent]:
    at = {name: header.index(name) for name in IDENTITY}
    students = []
    for row, record in enumerate(records[1:], start=1):
        values = record.values()
        name = values[at["Student"]].strip() if len(values) > at["Student"] else ""
        if not name or name == POINTS_POSSIBLE or name == TEST_STUDENT:
            continue
        ids = tuple(values[at[key]] if len(values) > at[key] else "" for key in MATCH_ORDER)
        students.append(LmsStudent(row, ids, name))
    return students


def _set(record: Record, index: int, cell: str, source: Path, row: int) -> None:
    if len(record.fields) <= index:
        raise CanvasFileError(f"{source}: line {row + 1}: fewer fields than the header")
    record.fields[index] = field_for(cell)
