"""Each submission's final grade: its points (autograded + manual, or the override), less
the late penalty. A pure function of a gradebook entry and the course file, applied each
time the gradebook is read, so a changed due date, extension, time or score shows at
once, and nothing derived is stored to go stale.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from autograder.contracts.results import HandedIn
from autograder.desk.gradebook.course import TIMES_CSV, Course
from autograder.desk.gradebook.lateness import lateness
from autograder.desk.gradebook.rows import Entry, Grade


def grade_of(entry: Entry, course: Course) -> Grade:
    time = time_used(entry, course)
    due, extension = course.due_for(entry.student, entry.assignment)
    at = datetime.fromisoformat(time.at) if time.at else None
    late = lateness(at, due, course.rule, time.marked_late, time.source)
    fields = {name: getattr(entry, name) for name in asdict(entry)}  # shallow: keep types
    return Grade(**fields, time=time, late=late, extension=extension)


def time_used(entry: Entry, course: Course) -> HandedIn:
    """The course's submission-times CSV first (an instructor's word), else what the
    batch recorded when it found the submission."""
    listed = course.times.get((entry.student, entry.assignment))
    if listed is not None:
        return HandedIn(listed.isoformat(), TIMES_CSV)
    return entry.handed_in
