"""The reference solution, graded like any submission: the grader's check, and the pages' yardstick.

When a batch writes reports, the reference notebook of each assignment in it is
graded before any student, in the same pool and sandbox as the students'
(``DIR/reference/<assignment>.json``), and regraded when the grader or the
reference changes or when it did not get full marks. A reference without full
marks means the grader or its environment is wrong, and the batch stops before
grading students (see :mod:`autograder.grade`). Its layers, compile settings and
curves are what feedback pages put beside a student's.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from autograder import statuses
from autograder.results import SubmissionResult, load_results, write_atomically
from autograder.samples import PROJECT_ROOT, edited_reference
from autograder.submissions import Submission

REFERENCE_DIR = "reference"
# Submission names are file stems of [A-Za-z0-9._-] only, so no student can be taken for
# a reference (or overwrite its result) by naming a notebook after one.
NAME_PREFIX = "+reference-"


def result_name(assignment: str) -> str:
    return f"{NAME_PREFIX}{assignment}"


def reference_submission(
    assignment: str, scratch: Path, project_root: Path = PROJECT_ROOT
) -> Submission | None:
    """The reference as a student would hand it in, written to ``scratch`` (not the output
    folder, where a later batch could take it for a submission); None without ``solutions/``."""
    if not (project_root / "solutions" / f"{assignment}.ipynb").is_file():
        return None
    notebook = edited_reference(assignment, project_root=project_root, label="reference")
    path = scratch / f"{assignment}.ipynb"
    write_atomically(path, nbformat.writes(notebook) + "\n")
    return Submission(student=result_name(assignment), path=path, origin=REFERENCE_DIR)


def full_marks(result: SubmissionResult) -> bool:
    """The reference got every autograded point: the grader and its environment work."""
    return result.status == statuses.OK and result.score == result.max_score > 0


def save(result: SubmissionResult, out_dir: Path) -> None:
    path = out_dir / REFERENCE_DIR / f"{result.assignment}.json"
    write_atomically(path, json.dumps(result.to_json(), indent=2) + "\n")


def load_all(out_dir: Path) -> dict[str, SubmissionResult]:
    """Every reference graded in ``out_dir``, by assignment."""
    graded = load_results(out_dir / REFERENCE_DIR)
    return {result.assignment: result for result in graded if result.assignment}
