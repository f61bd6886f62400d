"""The status of a graded submission: declared once, for every step that writes or reads one.

Every status but ``grader_error`` is about the student's notebook and comes with a
score (0 when the notebook never got as far as the checks). ``grader_error`` means
the grader or its environment failed (data it could not serve, its own cell or
checks that crashed, a sandbox that would not start): such a row carries no score,
is shown as "not graded" everywhere, and is graded again by the next run.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A submission's status; its value is what the CSV, JSON and pages show."""

    OK = "ok"  # the notebook ran and was scored (errors its cells raised are listed)
    INVALID = "invalid"  # the file is not a gradable notebook of a known assignment
    TIMEOUT = "timeout"  # the notebook ran past the time limit; the reason names the cell
    MEMORY = "memory"  # it ran out of memory under the limit; the reason names the cell
    ERROR = "error"  # the notebook stopped its own kernel (exited Python, crashed, ...)
    GRADER_ERROR = "grader_error"  # not graded: the grader or its environment failed

    @property
    def grader_failed(self) -> bool:
        """The grader or its environment failed: the row carries no score."""
        return self is Status.GRADER_ERROR

    @property
    def stopped_early(self) -> bool:
        """The notebook never got as far as every check (progress lists these)."""
        return self in (Status.ERROR, Status.INVALID, Status.MEMORY, Status.GRADER_ERROR)


OK, INVALID, TIMEOUT, MEMORY, ERROR, GRADER_ERROR = (
    Status.OK,
    Status.INVALID,
    Status.TIMEOUT,
    Status.MEMORY,
    Status.ERROR,
    Status.GRADER_ERROR,
)
