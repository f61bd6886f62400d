"""The course file: due dates, the late rule and per-student extensions.

::

    # course.toml (beside the output folder, or given with --course)
    extensions = "extensions.csv"      # optional: student,assignment,due
    submission_times = "times.csv"     # optional: student,assignment,submitted_at

    [late]
    per = "hour"                       # or "day"
    percent = 2                        # per started hour or day late
    cap_percent = 50
    grace_minutes = 15
    zero_after_hours = 168             # optional: 0 points after a week

    [assignments.mnist_dense]
    due = 2026-12-10T23:59:00          # local time in the time zone below
    timezone = "America/Toronto"
    title = "MNIST dense network"      # optional: the LMS column's title

Every problem is refused with a message naming the file and the field or line; nothing is
half-read.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from autograder.contracts.output.folder import OutputFolder
from autograder.desk.gradebook.lateness import PenaltyRule, Per

TIMES_CSV = "submission-times CSV"  # the source shown beside a time it gave
EXTENSION_COLUMNS = ("student", "assignment", "due")
TIME_COLUMNS = ("student", "assignment", "submitted_at")


class CourseFileError(ValueError):
    """A course file, an extensions or a times CSV that cannot be used: names where."""


@dataclass(frozen=True)
class Due:
    at: datetime  # aware
    title: str


@dataclass(frozen=True)
class Course:
    rule: PenaltyRule = PenaltyRule()
    due: dict[str, Due] = field(default_factory=dict)  # by assignment
    extensions: dict[tuple[str, str], datetime] = field(default_factory=dict)
    times: dict[tuple[str, str], datetime] = field(default_factory=dict)  # from a CSV
    source: str = ""  # the file it came from, for messages

    def zone(self, assignment: str) -> tzinfo:
        """The assignment's time zone (UTC when the course file gives it no due date)."""
        due = self.due.get(assignment)
        return due.at.tzinfo if due and due.at.tzinfo else UTC

    def due_for(self, student: str, assignment: str) -> tuple[datetime | None, str]:
        """The due date that applies, and a note when it is an extension."""
        extended = self.extensions.get((student, assignment))
        if extended is not None:
            return extended, f"extension to {extended.isoformat(timespec='minutes')}"
        due = self.due.get(assignment)
        return (due.at if due else None), ""


def course_for(out: OutputFolder, course_file: Path | None = None) -> Course:
    """The course file given, else ``OUT/course.toml`` if there is one, else no due dates."""
    path = course_file or out.course_file
    if course_file is None and not path.is_file():
        return Course()
    return read_course(path)


def read_course(path: Path) -> Course:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CourseFileError(f"{path}: cannot read the course file: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise CourseFileError(f"{path}: not valid TOML: {error}") from error
    _only(data, {"extensions", "submission_times", "late", "assignments"}, path, "")
    rule = _rule(data.get("late", {}), path)
    due = {
        name: _due(entry, path, f"assignments.{name}")
        for name, entry in _table(data, "assignments", path).items()
    }
    zones = {name: d.at.tzinfo for name, d in due.items()}
    extensions = _csv_times(_beside(path, data, "extensions"), EXTENSION_COLUMNS, zones)
    times = _csv_times(_beside(path, data, "submission_times"), TIME_COLUMNS, zones)
    return Course(rule, due, extensions, times, str(path))


def check_students(course: Course, students: set[str]) -> None:
    """An extension for a student the gradebook does not know is a typo: refuse it."""
    unknown = sorted({student for student, _ in course.extensions} - students)
    if unknown:
        raise CourseFileError(
            f"{course.source}: the extensions name students with no submission: "
            f"{', '.join(unknown)}"
        )


def _rule(table: object, path: Path) -> PenaltyRule:
    if not isinstance(table, dict):
        raise CourseFileError(f"{path}: [late] must be a table")
    _only(
        table, {"per", "percent", "cap_percent", "grace_minutes", "zero_after_hours"}, path, "late"
    )
    per = table.get("per", "day")
    if per not in {p.value for p in Per}:
        raise CourseFileError(f'{path}: late.per must be "hour" or "day", not {per!r}')
    numbers = {
        key: _number(table[key], path, f"late.{key}")
        for key in ("percent", "cap_percent", "grace_minutes", "zero_after_hours")
        if key in table
    }
    for key in ("percent", "cap_percent"):
        if not 0 <= numbers.get(key, 0) <= 100:
            raise CourseFileError(f"{path}: late.{key} must be between 0 and 100")
    return PenaltyRule(per=Per(per), **numbers)


def _due(entry: object, path: Path, where: str) -> Due:
    if not isinstance(entry, dict):
        raise CourseFileError(f"{path}: [{where}] must be a table")
    _only(entry, {"due", "timezone", "title"}, path, where)
    if "due" not in entry or "timezone" not in entry:
        raise CourseFileError(f"{path}: {where} needs both due and timezone")
    zone = _zone(entry["timezone"], path, f"{where}.timezone")
    value = entry["due"]
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(23, 59))
    if not isinstance(value, datetime):
        raise CourseFileError(f"{path}: {where}.due must be a date and time, not {value!r}")
    at = value.replace(tzinfo=zone) if value.tzinfo is None else value
    return Due(at, str(entry.get("title", "")))


def _zone(name: object, path: Path, where: str) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CourseFileError(f"{path}: {where}: unknown time zone {name!r}") from error


def _csv_times(path: Path | None, columns: tuple[str, ...], zones: dict) -> dict:
    """``(student, assignment) -> aware datetime`` from a CSV; a time without an offset is
    in the assignment's time zone."""
    if path is None:
        return {}
    try:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError) as error:
        raise CourseFileError(f"{path}: cannot read: {error}") from error
    if not rows or tuple(cell.strip() for cell in rows[0]) != columns:
        raise CourseFileError(f"{path}: line 1: the header must be {','.join(columns)}")
    found = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise CourseFileError(f"{path}: line {number}: expected {len(columns)} fields")
        student, assignment, text = (cell.strip() for cell in row)
        if assignment not in zones:
            raise CourseFileError(
                f"{path}: line {number}: assignment {assignment!r} has no due date in the "
                "course file"
            )
        found[(student, assignment)] = _parse_time(text, zones[assignment], path, number)
    return found


def _parse_time(text: str, zone, path: Path, line: int) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise CourseFileError(
            f"{path}: line {line}: {text!r} is not a date and time (2026-12-10T23:59)"
        ) from error
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def _beside(course: Path, data: dict, key: str) -> Path | None:
    name = data.get(key)
    if name is None:
        return None
    if not isinstance(name, str):
        raise CourseFileError(f"{course}: {key} must be a file name")
    return course.parent / name


def _table(data: dict, key: str, path: Path) -> dict:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise CourseFileError(f"{path}: [{key}] must be a table")
    return table


def _number(value: object, path: Path, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CourseFileError(f"{path}: {where} must be a number, not {value!r}")
    if value < 0:
        raise CourseFileError(f"{path}: {where} must not be negative")
    return float(value)


def _only(table: dict, allowed: set[str], path: Path, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        prefix = f"{where}." if where else ""
        raise CourseFileError(f"{path}: unknown field {prefix}{unknown[0]}")
