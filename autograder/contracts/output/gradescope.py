"""Results in Gradescope's autograder format, one ``results.json`` each.

``DIR/gradescope/<submission>/results.json``
(:class:`~autograder.contracts.output.folder.OutputFolder`) follows the layout a
Gradescope autograder writes to ``/autograder/results/results.json``, so a batch graded here
can be uploaded or compared with a Gradescope run. Only student-facing text goes
in: the messages, never the TA detail or test code; hidden checks are shown to the
student only once grades are published, as in the bundle. Every text is marked
plain text (``output_format``): a student's words or markup inside a message are
shown as written, never rendered as HTML.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from autograder.contracts import statuses
from autograder.contracts.results import SubmissionResult, missing_packages_note
from autograder.contracts.statuses import Status


class Placeholder(StrEnum):
    """The status of a results file written before a submission was graded."""

    NOT_FINISHED = "not_finished"  # run_autograder's first file: grading never finished


STATUS_OUTPUT = {
    statuses.INVALID: "This submission could not be graded: {reason}.",
    statuses.TIMEOUT: "Grading stopped: {reason}. Make sure every cell finishes.",
    statuses.MEMORY: "Grading stopped: {reason}.",
    statuses.ERROR: "Grading stopped: {reason}.",
}
PLAIN_TEXT = {"output_format": "text", "test_output_format": "text", "test_name_format": "text"}
NOT_FINISHED = (
    "Not graded yet: the autograder stopped before it finished this submission. "
    "This is not a score; course staff will grade it again."
)
NOT_GRADED = (
    "Not graded yet: the autograder itself failed on this submission, not your work. "
    "This is not a score; course staff will grade it again."
)


def gradescope_results(result: SubmissionResult) -> dict[str, Any]:
    """One submission in Gradescope's results format.

    A submission the grader failed on gets no score and no tests, only a message:
    Gradescope then shows the autograder as failed, never a grade.
    """
    if result.score is None:
        return not_graded(NOT_GRADED, result.status)
    tests = [
        {
            "name": f"{check.question}: {check.check}",
            "number": f"{index}",
            "score": check.points,
            "max_score": check.max_points,
            "status": "passed" if check.passed else "failed",
            "output": check.message,
            "output_format": "text",
            "name_format": "text",
            "visibility": "after_published" if check.hidden else "visible",
        }
        for index, check in enumerate(result.checks, start=1)
    ]
    template = STATUS_OUTPUT.get(result.status)
    said = [template.format(reason=result.reason)] if template else []
    if result.missing_packages:
        said.append(missing_packages_note(result.missing_packages))
    output = " ".join(said)
    return {
        "score": result.score,
        "execution_time": round(result.seconds),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        **PLAIN_TEXT,
        "extra_data": {"status": str(result.status)},
        "tests": tests,
    }


def not_graded(message: str, status: Status | Placeholder) -> dict[str, Any]:
    """No score and no tests, only ``message``: the grader's failure, never a grade."""
    return {
        "output": message,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        **PLAIN_TEXT,
        "extra_data": {"status": str(status)},
        "tests": [],
    }


def placeholder_results() -> str:
    """What ``run_autograder`` writes before anything else: read if grading never ends."""
    return json.dumps(not_graded(NOT_FINISHED, Placeholder.NOT_FINISHED), indent=2) + "\n"
