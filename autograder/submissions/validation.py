"""Whether a submission can be graded at all, and for which assignment, before it runs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

from autograder.contracts.assignments import ASSIGNMENTS
from autograder.contracts.text import first_line
from autograder.submissions.finding import Submission


class InvalidSubmission(ValueError):
    """The file cannot be graded at all; the message goes in the grades table."""


def read_notebook(content: bytes) -> nbformat.NotebookNode:
    try:
        notebook = nbformat.reads(content.decode("utf-8"), as_version=4)
    except Exception as error:  # not JSON, not a notebook, unsupported version: all one to a TA
        raise InvalidSubmission(f"not a readable notebook: {_first_line(error)}") from error
    if not any(cell.get("cell_type") == "code" for cell in notebook.get("cells", [])):
        raise InvalidSubmission("the notebook has no code cells")
    return notebook


def identify_assignment(notebook: nbformat.NotebookNode, file_name: str) -> str | None:
    """From otter's notebook metadata, falling back to the file name."""
    declared = notebook.get("metadata", {}).get("otter", {}).get("assignment_name")
    if declared in ASSIGNMENTS:
        return declared
    return assignment_in_name(file_name)


def assignment_of(notebook: nbformat.NotebookNode, file_name: str) -> str:
    """The notebook's assignment; :class:`InvalidSubmission` when unknown or contradicted."""
    assignment = identify_assignment(notebook, file_name)
    if assignment is None:
        known = ", ".join(ASSIGNMENTS)
        raise InvalidSubmission(
            f"cannot tell the assignment (notebook metadata or file name: {known})"
        )
    named = assignment_in_name(file_name)
    if named and named != assignment:
        raise InvalidSubmission(
            f"the file is named for {named} but holds the {assignment} notebook: "
            "resubmit the right notebook"
        )
    return assignment


def inspect_submission(submission: Submission) -> tuple[str, str | None]:
    """The file's sha256 (for resume) and its likely assignment (whose reference must be
    graded first), from the file name or else the notebook's metadata."""
    try:
        content = submission.read_bytes()
    except Exception:  # unreadable: graded (as invalid) every time
        return "", None
    assignment = assignment_in_name(submission.file_name)
    if assignment is None:
        try:
            assignment = identify_assignment(nbformat.reads(content.decode(), as_version=4), "")
        except Exception:  # not a notebook: it will be reported as invalid
            assignment = None
    return hashlib.sha256(content).hexdigest(), assignment


def assignment_in_name(file_name: str) -> str | None:
    """The one assignment a file's name names, if exactly one."""
    matches = [name for name in ASSIGNMENTS if name in Path(file_name).stem]
    return matches[0] if len(matches) == 1 else None


def _first_line(error: Exception) -> str:
    return first_line(str(error), 200, default=type(error).__name__)
