"""The status of a graded submission: declared once, for every step that writes or reads one.

Every status but ``grader_error`` is about the student's notebook and comes with a
score (0 when the notebook never got as far as the checks). ``grader_error`` means
the grader or its environment failed (data it could not serve, its own cell or
checks that crashed, a sandbox that would not start): such a row carries no score,
is shown as "not graded" everywhere, and is graded again by the next run.
"""

from __future__ import annotations

OK = "ok"
INVALID = "invalid"
TIMEOUT = "timeout"
MEMORY = "memory"
ERROR = "error"
GRADER_ERROR = "grader_error"

DESCRIPTIONS = {
    OK: "the notebook ran and was scored (errors its cells raised are listed)",
    INVALID: "the file is not a gradable notebook of a known assignment",
    TIMEOUT: "the notebook ran past the time limit; the reason names the cell",
    MEMORY: "the notebook ran out of memory under the limit; the reason names the cell",
    ERROR: "the notebook stopped its own kernel (exited Python, crashed, killed itself)",
    GRADER_ERROR: "not graded: the grader or its environment failed, not the notebook",
}
STATUSES = tuple(DESCRIPTIONS)


def has_score(status: str) -> bool:
    """Whether a row with this status carries a score (all but the grader's failures)."""
    return status != GRADER_ERROR
