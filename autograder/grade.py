"""Grade submissions: find them, tell their assignment, run and judge them, record results.

Each notebook runs in a fresh Jupyter kernel (no Docker) prepared by
:mod:`autograder.execution.runner`; the bundle's checks then judge what it
exported in a separate clean process (:mod:`autograder.checks.clean_run`), so
nothing the notebook does to its own kernel can change a score.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import nbformat

from autograder.assignments import ASSIGNMENTS
from autograder.execution.runner import execute_submission
from autograder.results import (
    SubmissionResult,
    check_result,
    safe_file_stem,
    write_grades_csv,
    write_submission,
)
from autograder.submissions import Submission, find_submissions

CHECK_TIMEOUT = 600  # seconds for the clean process that runs the checks

Progress = Callable[[int, int, Submission, SubmissionResult | None], None]


def submission_names(submissions: list[Submission]) -> dict[Submission, str]:
    """Unique names for result files: the student, then the notebook, then the input path."""
    names = {s: s.student for s in submissions}
    qualifiers = (
        lambda s: _with_notebook_name(s.student, Path(s.file_name).stem),
        lambda s: f"{s.origin}-{names[s]}",
        lambda s: f"{s.origin}-{s.student}-{Path(s.label).stem}",
    )
    for qualify in qualifiers:
        counts = Counter(names.values())
        clashing = [s for s in submissions if counts[names[s]] > 1]
        if not clashing:
            break
        for submission in clashing:
            names[submission] = safe_file_stem(qualify(submission))
    return names


def _with_notebook_name(student: str, stem: str) -> str:
    return student if stem == student else f"{student}-{stem}"


def identify_assignment(notebook: nbformat.NotebookNode, file_name: str) -> str | None:
    """From otter's notebook metadata, falling back to the file name."""
    declared = notebook.get("metadata", {}).get("otter", {}).get("assignment_name")
    if declared in ASSIGNMENTS:
        return declared
    matches = [name for name in ASSIGNMENTS if name in Path(file_name).stem]
    return matches[0] if len(matches) == 1 else None


def grade_paths(
    paths: Iterable[Path], out_dir: Path, progress: Progress | None = None
) -> list[SubmissionResult]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # kernels inherit it: quieter logs
    submissions = find_submissions(list(paths))
    names = submission_names(submissions)
    results: list[SubmissionResult] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for index, submission in enumerate(submissions):
        if progress:
            progress(index, len(submissions), submission, None)
        log = out_dir / "logs" / f"{names[submission]}.log"
        with stderr_to(log):  # kernels' TensorFlow chatter goes to a log, not the terminal
            result = grade_one(submission, names[submission])
        results.append(result)
        write_submission(result, out_dir)
        write_grades_csv(results, out_dir)
        if progress:
            progress(index, len(submissions), submission, result)
    return results


def grade_one(submission: Submission, name: str) -> SubmissionResult:
    """Execute one notebook in a kernel, then judge it in a clean process."""
    started = time.monotonic()
    result = SubmissionResult(
        submission=name,
        student=submission.student,
        path=submission.label,
        assignment=None,
        status="ok",
    )
    try:
        notebook = nbformat.reads(submission.read_bytes().decode("utf-8"), as_version=4)
    except Exception as error:  # not JSON, not a notebook, unreadable: all the same to a TA
        result.status, result.reason = "invalid", f"not a readable notebook: {error}"
        return result
    result.assignment = identify_assignment(notebook, submission.file_name)
    if result.assignment is None:
        known = ", ".join(ASSIGNMENTS)
        result.status = "invalid"
        result.reason = f"cannot tell the assignment (notebook metadata or file name: {known})"
        return result
    try:
        with tempfile.TemporaryDirectory(
            prefix="densegrade-submission-", ignore_cleanup_errors=True
        ) as scratch:
            execution = execute_submission(notebook, Path(scratch))
            judged = judge_in_clean_process(execution.export_dir, result.assignment)
    except Exception as error:
        result.status, result.reason = "error", f"grading failed: {type(error).__name__}: {error}"
        return result
    finally:
        result.seconds = round(time.monotonic() - started, 1)
    result.checks = [check_result(outcome) for outcome in judged["checks"]]
    result.training_facts = judged.get("training_facts")
    result.score = sum(check.points for check in result.checks)
    result.max_score = sum(check.max_points for check in result.checks)
    result.execution_errors = execution.errors
    result.reason = summarise_failures(result)
    return result


def judge_in_clean_process(export_dir: Path, assignment: str) -> dict:
    """Run the bundle's checks in a fresh Python process on the exported state."""
    result_file = export_dir / "checks.json"
    command = [
        sys.executable,
        "-m",
        "autograder.checks.clean_run",
        str(export_dir),
        assignment,
        str(result_file),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=CHECK_TIMEOUT)
    sys.stderr.write(finished.stderr)  # into this submission's log
    if finished.returncode != 0 or not result_file.is_file():
        last = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the checks could not run: {last}")
    return json.loads(result_file.read_text(encoding="utf-8"))


@contextlib.contextmanager
def stderr_to(path: Path) -> Iterator[None]:
    """Send this process's and its children's stderr (file descriptor 2) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with path.open("wb") as log:
            os.dup2(log.fileno(), 2)
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def summarise_failures(result: SubmissionResult) -> str:
    failed = Counter(check.question for check in result.checks if not check.passed)
    if not failed:
        return ""
    return "failed: " + ", ".join(f"{question} ({count})" for question, count in failed.items())
