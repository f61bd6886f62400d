"""``densegrade export``'s Python side: one function per target, each on the final grades
of one assignment (the only one in the gradebook, or the one named)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.gradebook import course_for, current_gradebook
from autograder.lms.canvas import fill_canvas
from autograder.lms.grades import ExportRefused, final_grades
from autograder.lms.moodle import write_moodle
from autograder.lms.plain import write_plain
from autograder.lms.returned import write_returned


@dataclass
class Exported:
    written: list[Path]
    assignment: str
    graded: int  # submissions written
    pending: int  # written answers still ungraded (exported anyway when asked)
    missing: list[str] = field(default_factory=list)  # LMS students without a submission
    unmatched: list[str] = field(default_factory=list)  # submissions matched to no one


@dataclass(frozen=True)
class Options:
    assignment: str | None = None
    course_file: Path | None = None
    allow_ungraded: bool = False


def export_canvas(out_dir: Path, source: Path, target: Path, options: Options,
                  column: str | None = None, missing_zero: bool = False,
                  rescale: bool = False) -> Exported:  # fmt: skip
    assignment = _assignment(out_dir, options)
    grades, pending = final_grades(out_dir, assignment, options.course_file, options.allow_ungraded)
    due = course_for(out_dir, options.course_file).due.get(assignment)
    wanted = column or (due.title if due and due.title else assignment)
    done = fill_canvas(source, target, wanted, grades, missing_zero, rescale)
    return Exported([target], assignment, done.filled, pending, done.missing, done.unmatched)


def export_moodle(out_dir: Path, source: Path, target: Path, options: Options,
                  title: str | None = None, by: str = "email") -> Exported:  # fmt: skip
    assignment = _assignment(out_dir, options)
    grades, pending = final_grades(out_dir, assignment, options.course_file, options.allow_ungraded)
    done = write_moodle(source, target, title or assignment, grades, by)
    return Exported([target], assignment, done.filled, pending, done.missing, done.unmatched)


def export_plain(out_dir: Path, target: Path, options: Options) -> Exported:
    assignment = _assignment(out_dir, options)
    grades, pending = final_grades(out_dir, assignment, options.course_file, options.allow_ungraded)
    return Exported([write_plain(target, assignment, grades)], assignment, len(grades), pending)


def export_feedback(out_dir: Path, options: Options) -> Exported:
    assignment = _assignment(out_dir, options)
    grades, pending = final_grades(out_dir, assignment, options.course_file, options.allow_ungraded)
    written = write_returned(out_dir, assignment, grades)
    return Exported(written, assignment, len(written), pending)


def _assignment(out_dir: Path, options: Options) -> str:
    with current_gradebook(out_dir, options.course_file) as gradebook:
        found = sorted({row["assignment"] for row in gradebook.rows()})
    if options.assignment:
        if options.assignment not in found:
            raise ExportRefused(f"{out_dir}: no submission of {options.assignment} (has: {found})")
        return options.assignment
    if len(found) != 1:
        raise ExportRefused(
            f"{out_dir} holds {', '.join(found) or 'nothing'}: name one with --assignment"
        )
    return found[0]
