"""What a grading pool tells whoever drives it: a submission started, stopped, finished.

The pool (:mod:`autograder.execution.pool`) and the batch around it report through a
:class:`Reporter`; :mod:`autograder.drivers.progress` draws a bar, prints JSON lines or stays quiet.
Declared here, beside the pool, so the pool needs nothing of how progress is shown.
"""

from __future__ import annotations

from autograder.contracts.results import SubmissionResult
from autograder.submissions import Submission


class Reporter:
    """Does nothing; subclasses say what they show."""

    def start(self, total: int, skipped: int, references: int = 0) -> None:
        """``total`` submissions, ``skipped`` of them unchanged; ``references`` reference
        solutions are graded first, to check the grader (and reported like them)."""

    def started(self, submission: Submission, name: str) -> None: ...

    def stopped(self, name: str) -> None:
        """The submission's worker is free again (its result is reported next)."""

    def finished(self, result: SubmissionResult, skipped: bool = False) -> None: ...

    def note(self, text: str) -> None:
        """Something the instructor should know about the whole batch."""

    def summary(self, results: list[SubmissionResult]) -> None: ...


class SilentReporter(Reporter):
    """``--quiet``: results go to files only."""
