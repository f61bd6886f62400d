"""What a TA grades next: one question's answers in a fixed anonymous order, and progress.

The order is a hash of the submission's name, so it is the same for every TA and every
visit, and says nothing about who wrote an answer (not alphabetical, not by score).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from autograder.gradebook.store import Gradebook


@dataclass(frozen=True)
class QueuedAnswer:
    number: int  # 1-based place in the queue: the anonymous name ("Answer 7")
    submission: str
    student: str
    answer: str
    max_points: float
    points: float | None  # None: not graded yet
    comment: str
    grader: str
    version: int  # 0: never saved
    changed: bool  # the answer changed since it was scored: look again

    @property
    def graded(self) -> bool:
        return self.points is not None and not self.changed


def queue(gradebook: Gradebook, assignment: str, question: str) -> list[QueuedAnswer]:
    rows = gradebook.db.execute(
        "SELECT a.submission, s.student, a.answer, a.max_points, m.points, m.comment, "
        "m.grader, m.version, (m.answer_sha256 IS NOT NULL "
        "AND m.answer_sha256 != a.answer_sha256) AS changed FROM answers a "
        "JOIN submissions s USING (submission) "
        "LEFT JOIN manual_scores m USING (submission, question) "
        "WHERE s.assignment = ? AND a.question = ?",
        (assignment, question),
    ).fetchall()
    rows = sorted(rows, key=lambda row: _anonymous_key(row["submission"]))
    return [
        QueuedAnswer(
            number=number,
            submission=row["submission"],
            student=row["student"],
            answer=row["answer"],
            max_points=row["max_points"],
            points=row["points"],
            comment=row["comment"] or "",
            grader=row["grader"] or "",
            version=row["version"] or 0,
            changed=bool(row["changed"]),
        )
        for number, row in enumerate(rows, start=1)
    ]


def next_to_grade(answers: list[QueuedAnswer], after: int = 0) -> QueuedAnswer | None:
    """The first answer after number ``after`` (wrapping round) still to grade."""
    ordered = answers[after:] + answers[:after]
    return next((answer for answer in ordered if not answer.graded), None)


@dataclass(frozen=True)
class Progress:
    assignment: str
    question: str
    graded: int
    total: int
    by_grader: dict[str, int]


def progress(gradebook: Gradebook) -> list[Progress]:
    """Per question: answers graded (and still current) of all, and each TA's count."""
    rows = gradebook.db.execute(
        "SELECT s.assignment, a.question, COUNT(*) AS total, "
        "SUM(m.points IS NOT NULL AND m.answer_sha256 = a.answer_sha256) AS graded "
        "FROM answers a JOIN submissions s USING (submission) "
        "LEFT JOIN manual_scores m USING (submission, question) "
        "GROUP BY s.assignment, a.question ORDER BY s.assignment, MIN(a.rowid)"
    ).fetchall()
    graders = gradebook.db.execute(
        "SELECT s.assignment, m.question, m.grader, COUNT(*) FROM manual_scores m "
        "JOIN submissions s USING (submission) GROUP BY s.assignment, m.question, m.grader"
    ).fetchall()
    return [
        Progress(
            row["assignment"],
            row["question"],
            row["graded"] or 0,
            row["total"],
            {g[2]: g[3] for g in graders if (g[0], g[1]) == (row["assignment"], row["question"])},
        )
        for row in rows
    ]


def _anonymous_key(submission: str) -> str:
    return hashlib.sha256(f"densegrade-queue:{submission}".encode()).hexdigest()
