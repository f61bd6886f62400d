"""Each submission's final grade: its points (autograded + manual, or the override), less
the late penalty, written to the ``finals`` table for the pages and the exports.

Recomputed from the course file whenever a page or an export reads the gradebook, so a
changed due date, extension or score is never shown stale.
"""

from __future__ import annotations

import sqlite3

from autograder.gradebook.course import Course
from autograder.gradebook.lateness import lateness
from autograder.gradebook.store import Gradebook
from autograder.gradebook.times import submission_time


def refresh_finals(gradebook: Gradebook, course: Course) -> None:
    with gradebook.transaction() as db:
        for row in db.execute("SELECT * FROM submissions").fetchall():
            _refresh(db, row, course)


def _refresh(db: sqlite3.Connection, row: sqlite3.Row, course: Course) -> None:
    submission = row["submission"]
    manual, manual_max = db.execute(
        "SELECT COALESCE(SUM(m.points), 0), COALESCE(SUM(a.max_points), 0) FROM answers a "
        "LEFT JOIN manual_scores m USING (submission, question) WHERE a.submission = ?",
        (submission,),
    ).fetchone()
    override = db.execute("SELECT points FROM overrides WHERE submission = ?", (submission,))
    override = override.fetchone()
    points = row["autograded"] + manual if row["autograded"] is not None else None
    if override is not None:
        points = override[0]
    when = submission_time(row["student"], row["assignment"], row["path"], course)
    due, extension = course.due_for(row["student"], row["assignment"])
    late = lateness(when.at, due, course.rule, when.marked_late)
    reason = f"{late.reason} ({when.source})" if when.at or when.marked_late else late.reason
    if extension:
        reason += f"; {extension}"
    db.execute(
        "INSERT OR REPLACE INTO submission_times VALUES (?,?,?)",
        (submission, when.at and when.at.isoformat(), when.source),
    )
    db.execute(
        "INSERT OR REPLACE INTO finals VALUES (?,?,?,?,?,?,?)",
        (submission, points, row["autograded_max"] + manual_max, late.minutes_late,
         late.penalty_percent, reason, late.apply(points)),
    )  # fmt: skip
