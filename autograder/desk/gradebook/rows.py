"""The gradebook's rows, declared once: what the store returns, frozen and typed.

Pages, exports and the grading app read these attributes, never a query's columns. An
:class:`Entry` is a submission as the gradebook holds it; a :class:`Grade` is that entry
with the course file applied (lateness and the final score), built by
:mod:`~autograder.desk.gradebook.finals` each time it is read, so it is never stale.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.contracts.results import HandedIn
from autograder.contracts.statuses import Status
from autograder.desk.gradebook.lateness import Lateness


@dataclass(frozen=True)
class Entry:
    """One submission: the batch's result, the TAs' points and the override."""

    submission: str
    student: str
    assignment: str  # "": the batch could not tell (an unreadable file)
    status: Status
    reason: str  # why it was not scored in full (invalid, timeout, grader_error, ...)
    autograded: float | None  # None: not graded (the grader failed)
    autograded_max: float
    manual: float  # the TAs' points so far
    max_points: float  # the assignment's total: autograded and written answers
    to_grade: int  # written answers never scored, or changed since they were
    override: float | None
    override_reason: str
    override_by: str
    handed_in: HandedIn  # as the batch found it

    @property
    def not_graded(self) -> bool:
        """The grader failed on it: no points at all until it is graded again."""
        return self.status.grader_failed

    @property
    def points(self) -> float | None:
        """Before lateness: the override, else autograded plus manual points."""
        if self.override is not None:
            return self.override
        return None if self.autograded is None else self.autograded + self.manual


@dataclass(frozen=True)
class Grade(Entry):
    """An entry with the course applied: what every page and export shows."""

    time: HandedIn  # the time the penalty used: the course's CSV, else the batch's
    late: Lateness
    extension: str  # "" or the extension's words

    @property
    def final(self) -> float | None:
        return self.late.apply(self.points)

    @property
    def penalty_percent(self) -> float:
        return self.late.penalty_percent

    @property
    def penalty_reason(self) -> str:
        return f"{self.late.reason}; {self.extension}" if self.extension else self.late.reason

    @property
    def is_final(self) -> bool:
        """Nothing is left to grade: the final will not change unless someone changes it."""
        return not self.to_grade and not self.not_graded

    @property
    def pending(self) -> str:
        """Why the final is not final yet ("" when it is)."""
        if self.not_graded:
            return "not graded: the grader failed on it (grade it again)"
        if self.to_grade:
            plural = "s" if self.to_grade != 1 else ""
            return f"{self.to_grade} written answer{plural} still to grade"
        return ""


@dataclass(frozen=True)
class ManualScore:
    submission: str
    question: str
    points: float
    comment: str
    grader: str
    version: int
    updated_at: str  # ISO 8601 in UTC


@dataclass(frozen=True)
class AnswerState:
    """One written answer and its score, if any, for a question's queue."""

    submission: str
    student: str
    answer: str
    max_points: float
    points: float | None  # None: never scored
    comment: str
    grader: str
    version: int  # 0: never saved
    updated_at: str
    changed: bool  # the answer changed since it was scored: look again
    to_grade: bool


@dataclass(frozen=True)
class Progress:
    assignment: str
    question: str
    graded: int
    total: int
    by_grader: dict[str, int]


@dataclass(frozen=True)
class AuditEntry:
    at: str
    who: str
    submission: str
    field: str
    old: str | None
    new: str | None
