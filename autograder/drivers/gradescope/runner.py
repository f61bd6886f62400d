"""What ``run_autograder`` runs on Gradescope: densegrade's own pipeline for one submission.

``python -m autograder.drivers.gradescope.runner /autograder`` (``--check`` at image build).

1. ``results.json`` first: a placeholder that says grading did not finish, so a crash
   at any later point still leaves students and staff a message;
2. the submission: the notebook (or the zip its export cell wrote) in
   ``/autograder/submission``, of this Gradescope assignment's notebook;
3. grading exactly as ``densegrade grade`` grades, in the same sandbox as far as the
   container allows (:func:`autograder.execution.pool.grade_submissions`), with limits
   that fit Gradescope's timeout, the container's memory and its CPU quota;
4. ``results.json`` in Gradescope's format (:mod:`autograder.contracts.output.gradescope`), and
   a summary on standard output, which only staff see.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

from autograder import data
from autograder.contracts import statuses
from autograder.contracts.assignments import get_assignment
from autograder.contracts.identity import grader_fingerprint
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.output.gradescope import (
    gradescope_results,
    not_graded,
    placeholder_results,
)
from autograder.contracts.results import SubmissionResult, score_text
from autograder.contracts.typed_files import write_atomically
from autograder.drivers.gradescope.config import (
    AUTOGRADER_ROOT,
    GradescopeConfig,
    GradescopeRoot,
    limits_for,
)
from autograder.execution.isolation import isolation_level
from autograder.execution.pool import grade_submissions
from autograder.execution.quotas import available_cpus
from autograder.submissions import Submission, find_submissions, inspect_submission

NO_NOTEBOOK = (
    "no notebook was found in the submission: upload the zip file that the notebook's "
    "last cell created (or the .ipynb file itself)"
)


def run(root: Path) -> int:
    """Grade the submission under ``root`` (Gradescope's ``/autograder``); 0 when graded."""
    results_file = GradescopeRoot(root).results_file
    results_file.parent.mkdir(parents=True, exist_ok=True)
    if not results_file.exists():
        write_atomically(results_file, placeholder_results())
    try:
        config = GradescopeConfig.read(GradescopeRoot(root).config_file)
        with served_from(config.data_dir), scratch_in(GradescopeRoot(root).scratch):
            result = grade(root, config)
    except Exception as error:  # the grader's own failure: a message, never a score
        traceback.print_exc()
        message = f"Not graded yet: the autograder failed ({type(error).__name__}: {error})."
        write_atomically(results_file, _json(not_graded(message, statuses.GRADER_ERROR)))
        return 1
    write_atomically(results_file, _json(gradescope_results(result)))
    _print_summary(result, root)
    return 1 if result.grader_failed else 0


def grade(root: Path, config: GradescopeConfig) -> SubmissionResult:
    """Find the submission and grade it; a submission that is not one gets a reason."""
    layout = GradescopeRoot(root)
    student = student_of(layout.metadata_file)
    found = find_submissions([layout.submission])
    ours = [s for s in found if inspect_submission(s)[1] == config.assignment]
    chosen = (ours or found or [None])[0]
    if chosen is None:
        return _invalid(student, config.assignment, NO_NOTEBOOK)
    other = inspect_submission(chosen)[1]
    if other not in (None, config.assignment):
        reason = (
            f"this is the notebook of {other}, not of {config.assignment}: "
            f"submit the {config.assignment} notebook"
        )
        return _invalid(student, config.assignment, reason)
    submission = Submission(student, chosen.path, chosen.origin, chosen.member, chosen.problem)
    limits = limits_for(config)
    print(
        f"densegrade: {submission.label}; isolation: {isolation_level()}; CPUs: "
        f"{available_cpus():g}; notebook limit {limits.timeout:g} s, "
        f"{limits.memory_bytes / 1024**3:.2f} GiB per process, {limits.threads} thread(s)",
        flush=True,
    )
    out = OutputFolder(GradescopeRoot(root).output)
    graded = grade_submissions(
        [submission], out, limits, grader_fingerprint(), hidden=[GradescopeRoot(root).source]
    )
    return graded[0]


def student_of(metadata_file: Path) -> str:
    """The submitters' SIDs (else emails, else names), from Gradescope's metadata."""
    try:
        users = json.loads(metadata_file.read_text(encoding="utf-8")).get("users") or []
    except (OSError, ValueError, AttributeError):
        return "student"
    names = [str(u.get("sid") or u.get("email") or u.get("name") or "") for u in users]
    return "+".join(name for name in names if name) or "student"


def check(root: Path) -> int:
    """At image build: the settings read, the data sets verify, the checks import."""
    config = GradescopeConfig.read(GradescopeRoot(root).config_file)
    with served_from(config.data_dir):
        data.verify(get_assignment(config.assignment).dataset)
    import autograder.judging.harness  # noqa: F401  (TensorFlow, Keras, otter: installed)

    print(f"densegrade: ready to grade {config.assignment}; isolation: {isolation_level()}")
    return 0


@contextlib.contextmanager
def served_from(data_dir: str) -> Iterator[None]:
    """Serve the data sets from the image's verified copies while grading (and only then:
    the variable is how the data layer and the kernels are told)."""
    before = os.environ.get(data.DATA_DIR_ENV)
    os.environ[data.DATA_DIR_ENV] = data_dir
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(data.DATA_DIR_ENV, None)
        else:
            os.environ[data.DATA_DIR_ENV] = before


@contextlib.contextmanager
def scratch_in(folder: Path) -> Iterator[None]:
    """Make the grader's temporary folders (each notebook's job folder: the arrays its
    kernel exports for judging, 1.5 GB for the lesson's CIFAR-10 code) in ``folder`` while
    grading. In a container whose ``/tmp`` is a tmpfs those files would be memory, charged
    to the container beside the notebook at its peak; on disk they are page cache the
    system reclaims. Kernels keep ``/tmp`` as their own TMPDIR; ``folder`` lists nothing to
    them (0711)."""
    folder.mkdir(mode=0o711, exist_ok=True)
    folder.chmod(0o711)
    before = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = str(folder)  # supervisors inherit TMPDIR
    try:
        yield
    finally:
        tempfile.tempdir = before[1]
        if before[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = before[0]


def _invalid(student: str, assignment: str, reason: str) -> SubmissionResult:
    return SubmissionResult(
        submission=student,
        student=student,
        path="",
        assignment=assignment,
        status=statuses.INVALID,
        reason=reason,
    )


def _print_summary(result: SubmissionResult, root: Path) -> None:
    print(f"densegrade: {result.status}; score {score_text(result)}; {result.seconds:g} s")
    if result.reason:
        print(f"reason: {result.reason}")
    if result.peak_memory:
        print(f"kernel peak memory: {result.peak_memory}")
    log = OutputFolder(GradescopeRoot(root).output).log_file(result.submission)
    if result.grader_failed and log.is_file():
        print(f"--- {log} ---\n{log.read_text(encoding='utf-8', errors='replace')[-20000:]}")


def _json(results: dict) -> str:
    return json.dumps(results, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    checking = "--check" in args
    paths = [arg for arg in args if arg != "--check"]
    root = Path(paths[0]) if paths else AUTOGRADER_ROOT
    return check(root) if checking else run(root)


if __name__ == "__main__":
    sys.exit(main())
