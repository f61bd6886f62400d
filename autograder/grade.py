"""Grade notebooks: find them, tell their assignment, run otter, record the results.

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

SKIPPED_DIRS = {".ipynb_checkpoints", "__pycache__", ".git", ".venv"}
CHECK_TIMEOUT = 600  # seconds for the clean process that runs the checks

Progress = Callable[[int, int, Path, SubmissionResult | None], None]


def find_notebooks(paths: Iterable[Path]) -> list[Path]:
    """Every ``.ipynb`` under the given files and folders, skipping checkpoints."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = sorted(path.rglob("*.ipynb"))
            found += [c for c in candidates if not SKIPPED_DIRS & set(c.parts)]
        elif path.suffix == ".ipynb" and path.is_file():
            found.append(path)
        elif not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        else:
            raise ValueError(f"not a notebook or a folder: {path}")
    return list(dict.fromkeys(p.resolve() for p in found))


def submission_names(notebooks: list[Path]) -> dict[Path, str]:
    """Short unique names: the file stem, qualified by folder names only where stems clash."""
    names = {notebook: safe_file_stem(notebook.stem) for notebook in notebooks}
    for depth in range(1, max((len(n.parts) for n in notebooks), default=0) + 1):
        clashing = [n for n in notebooks if list(names.values()).count(names[n]) > 1]
        if not clashing:
            return names
        for notebook in clashing:
            names[notebook] = _qualified_name(notebook, depth)
    return {n: safe_file_stem("-".join(n.with_suffix("").parts[1:])) for n in notebooks}


def _qualified_name(notebook: Path, depth: int) -> str:
    # Skip folders named like the notebook: assignments/mnist_dense/mnist_dense.ipynb
    # reads best as "assignments-mnist_dense".
    folders = [part for part in notebook.parent.parts[1:] if part != notebook.stem][-depth:]
    return safe_file_stem("-".join([*folders, notebook.stem]))


def identify_assignment(notebook: nbformat.NotebookNode, path: Path) -> str | None:
    """From otter's notebook metadata, falling back to the file name."""
    declared = notebook.get("metadata", {}).get("otter", {}).get("assignment_name")
    if declared in ASSIGNMENTS:
        return declared
    matches = [name for name in ASSIGNMENTS if name in path.stem]
    return matches[0] if len(matches) == 1 else None


def grade_paths(
    paths: Iterable[Path], out_dir: Path, progress: Progress | None = None
) -> list[SubmissionResult]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # kernels inherit it: quieter logs
    notebooks = find_notebooks(paths)
    names = submission_names(notebooks)
    results: list[SubmissionResult] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for index, notebook in enumerate(notebooks):
        if progress:
            progress(index, len(notebooks), notebook, None)
        log = out_dir / "logs" / f"{names[notebook]}.log"
        with stderr_to(log):  # kernels' TensorFlow chatter goes to a log, not the terminal
            result = grade_one(notebook, names[notebook])
        results.append(result)
        write_submission(result, out_dir)
        write_grades_csv(results, out_dir)
        if progress:
            progress(index, len(notebooks), notebook, result)
    return results


def grade_one(path: Path, submission: str) -> SubmissionResult:
    """Execute one notebook in a kernel, then judge it in a clean process."""
    started = time.monotonic()
    result = SubmissionResult(submission=submission, path=str(path), assignment=None, status="ok")
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # not JSON, not a notebook, unreadable: all the same to a TA
        result.status, result.reason = "invalid", f"not a readable notebook: {error}"
        return result
    result.assignment = identify_assignment(notebook, path)
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
