"""Step 6 of a course: the gradebook, where every point of a submission meets.

- :mod:`~autograder.desk.gradebook.schema`: the SQLite file and its migrations;
- :mod:`~autograder.desk.gradebook.sql` and :mod:`~autograder.desk.gradebook.store`: every query,
  and the one class that runs them (:class:`Gradebook`);
- :mod:`~autograder.desk.gradebook.rows`: the frozen rows it returns;
- :mod:`~autograder.desk.gradebook.facts`: what a row records beyond the result;
- :mod:`~autograder.desk.gradebook.course`: the course file (due dates, late rule, extensions,
  submission times);
- :mod:`~autograder.desk.gradebook.lateness`: the late penalty, a pure function;
- :mod:`~autograder.desk.gradebook.finals`: points less the penalty, for pages and exports;
- :mod:`~autograder.desk.gradebook.queues`: what a TA grades next.

Two doors: :func:`take_in` is the batch's (its results in); :func:`current` is every
reader's (a page, an export): it takes in results that changed on disk, reads the course
file, its extensions and times afresh, and returns the gradebook whose :meth:`grades
<Reader.grades>` apply them, so no reader shows a stale grade and none writes one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult
from autograder.desk.gradebook.course import Course, CourseFileError, check_students, course_for
from autograder.desk.gradebook.finals import grade_of
from autograder.desk.gradebook.rows import Grade
from autograder.desk.gradebook.schema import GradebookError
from autograder.desk.gradebook.store import Gradebook


def take_in(out_dir: Path, results: Iterable[SubmissionResult]) -> str:
    """Bring a batch's results into the folder's gradebook (created on first use); manual
    scores are kept. A gradebook that cannot be used is never overwritten: the returned
    text says why it was not updated ("" when it was), and the results on disk stand."""
    try:
        with Gradebook.of(out_dir) as gradebook:
            gradebook.sync(results)
    except GradebookError as error:
        return f"gradebook not updated: {error}"
    return ""


class Reader(Gradebook):
    """The gradebook as a page or an export reads it: results and course current."""

    def grades(self, assignment: str | None = None) -> list[Grade]:
        return [grade_of(entry, self.course) for entry in self.entries(assignment)]

    def grade(self, submission: str) -> Grade | None:
        entry = self.entry(submission)
        return grade_of(entry, self.course) if entry else None


def current(out_dir: Path, course_file: Path | None = None) -> Reader:
    """The output folder's gradebook, up to date: the results on disk taken in when they
    changed, the course file read now (a problem in it is refused, nothing written)."""
    out = OutputFolder(out_dir)
    course = course_for(out, course_file)
    book, *private = out.gradebook_files()
    reader = Reader(book, tuple(private))
    try:
        fingerprint = out.results_fingerprint()
        if reader.results_fingerprint() != fingerprint:
            reader.sync(out.results(), fingerprint)
        check_students(course, reader.students())
        reader.course = course
    except BaseException:
        reader.close()
        raise
    return reader


__all__ = [
    "Course",
    "CourseFileError",
    "Grade",
    "Gradebook",
    "GradebookError",
    "Reader",
    "current",
    "take_in",
]
