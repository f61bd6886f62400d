"""Step 6 of a course: the gradebook, where every point of a submission meets.

- :mod:`~autograder.gradebook.schema`: the SQLite file and its migrations;
- :mod:`~autograder.gradebook.store`: autograded points, manual points, overrides, finals
  and the audit log;
- :mod:`~autograder.gradebook.course`: the course file (due dates, late rule, extensions);
- :mod:`~autograder.gradebook.times`: when each submission was handed in;
- :mod:`~autograder.gradebook.lateness`: the late penalty, a pure function;
- :mod:`~autograder.gradebook.finals`: points less the penalty, for pages and exports;
- :mod:`~autograder.gradebook.queues`: what a TA grades next, and progress.

:func:`current_gradebook` is what every reader calls: it takes in the output folder's
results and recomputes the finals, so a page or an export never shows a stale grade.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from autograder.gradebook.course import COURSE_FILE, Course, check_students, read_course
from autograder.gradebook.finals import refresh_finals
from autograder.gradebook.schema import GradebookError
from autograder.gradebook.store import Gradebook
from autograder.output.folder import OutputFolder
from autograder.results import SubmissionResult


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


def course_for(out_dir: Path, course_file: Path | None = None) -> Course:
    """The course file given, else ``OUT/course.toml`` if there is one, else no due dates."""
    path = course_file or Path(out_dir) / COURSE_FILE
    if course_file is None and not path.is_file():
        return Course()
    return read_course(path)


def current_gradebook(out_dir: Path, course_file: Path | None = None) -> Gradebook:
    """The output folder's gradebook, with its latest results and finals."""
    course = course_for(out_dir, course_file)  # refused before the gradebook changes
    results = OutputFolder(out_dir).results()
    gradebook = Gradebook.of(out_dir)
    try:
        check_students(course, {r.student for r in results} | gradebook.students())
        gradebook.sync(results)
        refresh_finals(gradebook, course)
    except BaseException:
        gradebook.close()
        raise
    return gradebook
