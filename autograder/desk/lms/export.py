"""``densegrade export``'s Python side: one function per target, each on the final grades
of one assignment (the only one in the gradebook, or the one named).

What each writes for a submission that has no plain grade, named in :class:`Exported`:
a broken file (``invalid``) is written as the points it got (0 unless overridden) in
every export; a submission the grader failed on (``grader_error``) gets no grade in
Canvas or Moodle (their cell stays as it was) and an empty ``final`` in the plain CSV; a
file whose assignment could not be told is in the plain CSV only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.desk.gradebook import current
from autograder.desk.gradebook.course import course_for
from autograder.desk.lms.canvas import fill_canvas
from autograder.desk.lms.grades import ClassGrades, ExportRefused, final_grades, named
from autograder.desk.lms.moodle import MATCH_BY, write_moodle
from autograder.desk.lms.plain import write_plain
from autograder.desk.lms.returned import write_returned


@dataclass
class Exported:
    written: list[Path]
    assignment: str
    graded: int  # grades written
    pending: int  # written answers still ungraded (exported anyway when asked)
    missing: list[str] = field(default_factory=list)  # LMS students without a submission
    kept: list[str] = field(default_factory=list)  # of those, whose LMS grade was kept
    unmatched: list[str] = field(default_factory=list)  # submissions matched to no one
    broken: list[str] = field(default_factory=list)  # invalid files: written as their points
    not_graded: list[str] = field(default_factory=list)  # the grader failed: no grade written
    unassigned: list[str] = field(default_factory=list)  # assignment unknown: in no column


@dataclass(frozen=True)
class Options:
    assignment: str | None = None
    course_file: Path | None = None
    allow_ungraded: bool = False


def export_canvas(out_dir: Path, source: Path, target: Path, options: Options,
                  column: str | None = None, missing_zero: bool = False,
                  rescale: bool = False) -> Exported:  # fmt: skip
    grades = _grades(out_dir, options)
    due = course_for(OutputFolder(out_dir), options.course_file).due.get(grades.assignment)
    wanted = column or (due.title if due and due.title else grades.assignment)
    done = fill_canvas(source, target, wanted, grades.grades, missing_zero, rescale)
    return _exported(grades, [target], done.filled, done.missing, done.kept, done.unmatched)


def export_moodle(out_dir: Path, source: Path, target: Path, options: Options,
                  title: str | None = None, by: str = MATCH_BY) -> Exported:  # fmt: skip
    grades = _grades(out_dir, options)
    done = write_moodle(source, target, title or grades.assignment, grades.grades, by)
    return _exported(grades, [target], done.filled, done.missing, [], done.unmatched)


def export_plain(out_dir: Path, target: Path, options: Options) -> Exported:
    grades = _grades(out_dir, options)
    rows = grades.grades + grades.unassigned
    written = write_plain(target, rows)
    return _exported(grades, [written], len(rows))


def export_feedback(out_dir: Path, options: Options) -> Exported:
    grades = _grades(out_dir, options)
    written = write_returned(out_dir, grades.grades, options.course_file)
    return _exported(grades, written, len(written))


def _exported(grades: ClassGrades, written: list[Path], count: int, missing=(), kept=(),
              unmatched=()) -> Exported:  # fmt: skip
    return Exported(
        written, grades.assignment, count, grades.pending, list(missing), list(kept),
        list(unmatched), named(grades.broken), named(grades.not_graded),
        named(grades.unassigned),
    )  # fmt: skip


def _grades(out_dir: Path, options: Options) -> ClassGrades:
    assignment = _assignment(out_dir, options)
    return final_grades(out_dir, assignment, options.course_file, options.allow_ungraded)


def _assignment(out_dir: Path, options: Options) -> str:
    with current(out_dir, options.course_file) as gradebook:
        found = [name for name in gradebook.assignments() if name]
    if options.assignment:
        if options.assignment not in found:
            raise ExportRefused(f"{out_dir}: no submission of {options.assignment} (has: {found})")
        return options.assignment
    if len(found) != 1:
        raise ExportRefused(
            f"{out_dir} holds {', '.join(found) or 'nothing'}: name one with --assignment"
        )
    return found[0]
