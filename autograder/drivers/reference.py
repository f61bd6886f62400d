"""The reference solution, graded like any submission: the grader's check, and the pages' yardstick.

The reference notebook of each assignment in a batch is graded before any student,
in the same pool and sandbox as the students' (``DIR/reference/<assignment>.json``),
and regraded when the grader or the reference changes or when it did not get full
marks. A reference without full marks means its bundle is stale (the reference changed
after the build) or the grader or its environment is wrong, and the batch stops before
grading students (:class:`ReferenceCheckFailed`), naming the checks it fails. Its
layers, compile settings and curves are what feedback pages put beside a student's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

from autograder.contracts.assignments import ASSIGNMENTS, get_assignment
from autograder.contracts.bundle import autograded_points
from autograder.contracts.otter_format import solved_cells
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.project import SOURCE_ROOT, ProjectFolder
from autograder.contracts.results import Currency, SubmissionResult, currency, score_text
from autograder.contracts.statuses import Status
from autograder.contracts.text import first_line
from autograder.contracts.typed_files import write_atomically
from autograder.execution.events import Reporter
from autograder.execution.pool import GradingPool
from autograder.submissions import Submission, Task, reference_name

ORIGIN = "reference"  # a reference's Submission.origin
REFERENCE_FAILED = 3  # exit status of a command whose batch a reference stopped


class ReferenceCheckFailed(RuntimeError):
    """A reference solution did not get full marks: a stale bundle, or the grader or its
    environment is wrong, so no student was graded (their rows say "not graded")."""


def reference_notebook(assignment: str, project_root: Path = SOURCE_ROOT) -> nbformat.NotebookNode:
    """The reference of ``assignment`` as a student who solved it would hand it in: its
    solved cells, otter's markers and hidden tests gone."""
    cells = solved_cells(ProjectFolder(project_root).reference(assignment))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["otter"] = {"assignment_name": assignment}
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


def reference_submission(
    assignment: str, scratch: Path, project_root: Path = SOURCE_ROOT
) -> Submission | None:
    """The reference as a student would hand it in, written to ``scratch`` (not the output
    folder, where a later batch could take it for a submission); None without ``solutions/``."""
    if not has_reference(assignment, project_root):
        return None
    path = scratch / f"{assignment}.ipynb"
    write_atomically(path, reference_text(assignment, project_root))
    return Submission(student=reference_name(assignment), path=path, origin=ORIGIN)


def reference_text(assignment: str, project_root: Path = SOURCE_ROOT) -> str:
    """The reference notebook as handed in: its bytes are what a result of it stands for."""
    notebook = reference_notebook(assignment, project_root)
    return nbformat.writes(notebook) + "\n"


def reference_digest(assignment: str, project_root: Path = SOURCE_ROOT) -> str:
    return hashlib.sha256(reference_text(assignment, project_root).encode()).hexdigest()


def not_graded(
    task: Task, assignment: str | None, fingerprint: str, reason: str
) -> SubmissionResult:
    """A student's row that the grader could not give a score: no score, and ``reason``
    (graded again by the next run)."""
    return SubmissionResult(
        submission=task.name,
        student=task.submission.student,
        path=task.submission.label,
        assignment=assignment,
        status=Status.GRADER_ERROR,
        reason=reason,
        score=None,
        max_score=autograded_points(assignment) if assignment else 0.0,
        content_sha256=task.digest,
        grader=fingerprint,
    )


def has_reference(assignment: str, project_root: Path = SOURCE_ROOT) -> bool:
    """Whether the grader can be checked on this assignment (``solutions/`` is beside it)."""
    return ProjectFolder(project_root).reference(assignment).is_file()


def verdict(result: SubmissionResult) -> str:
    """What a reference got, for the sentence that stops a batch: the checks it failed,
    each with the first line of its message."""
    if result.score is None:
        return f"was not graded ({result.reason})"
    failed = [check for check in result.checks if not check.passed]
    if not failed:
        return f"scored {score_text(result)} ({result.status}; {result.reason or 'no reason'})"
    named = "; ".join(f"{c.check} ({first_line(c.message).rstrip(':')})" for c in failed)
    return f"scored {score_text(result)}: it fails {named}"


def likely_cause(assignment: str, project_root: Path = SOURCE_ROOT) -> str:
    """Why a reference fails its own bundle's checks: the reference changed after the
    bundle was built, or else the grader's environment."""
    from autograder.authoring.settings import SettingsError, read_settings
    from autograder.authoring.spec import source_digest

    master = ProjectFolder(project_root).reference(assignment)
    try:
        current = source_digest(master, read_settings(master))
    except (OSError, SettingsError):
        current = None
    if current is not None and current != get_assignment(assignment).source:
        return (
            f"solutions/{assignment}.ipynb (or its settings) changed after its bundle was "
            f"built, so the bundle expects the old spec: run `densegrade build` (and "
            f"`densegrade calibrate {assignment}` if it asks)"
        )
    return (
        "the reference and its bundle agree, so the grader or its environment (data sets, "
        "limits, installed packages) is at fault"
    )


def failed_check(needed: set, out: OutputFolder, fingerprint: str) -> str:
    """Why the references of the ``needed`` assignments do not vouch for this grader, in one
    sentence; "" when each has a current result with full marks (or no reference here)."""
    references = out.references()
    causes = []
    for assignment in sorted(a for a in needed if a in ASSIGNMENTS and has_reference(a)):
        result = references.get(assignment)
        if currency(result, reference_digest(assignment), fingerprint) is Currency.STALE:
            causes.append(f"the reference solution of {assignment} was not graded")
        elif not result.full_marks:
            causes.append(f"the reference solution of {assignment} {verdict(result)}")
    return "; ".join(causes)


class Check:
    """The references a batch needs: those kept from an earlier run with full marks, and
    those to grade (first, in the batch's pool)."""

    def __init__(
        self, out: OutputFolder, fingerprint: str, force: bool, scratch: Path, needed: set
    ) -> None:
        self.out = out
        graded = {} if force else out.references()
        self.references: dict[str, SubmissionResult] = {}
        self.to_grade: list[Task] = []
        self.unverified: list[str] = []  # assignments without a reference here
        for assignment in sorted(needed & set(ASSIGNMENTS)):
            submission = reference_submission(assignment, scratch)
            if submission is None:
                self.unverified.append(assignment)
                continue
            digest = reference_digest(assignment)
            earlier = graded.get(assignment)
            if currency(earlier, digest, fingerprint) is Currency.CURRENT and earlier.full_marks:
                self.references[assignment] = earlier
                continue
            self.to_grade.append(Task(submission, reference_name(assignment), digest))

    def notes(self) -> list[str]:
        return [
            f"No reference solution for {assignment} (solutions/ is not beside the package): "
            "the grader is not checked on it before grading."
            for assignment in self.unverified
        ]

    def grade(self, pool: GradingPool, reporter: Reporter) -> dict[str, SubmissionResult]:
        """Grade the references still to grade; every reference, by assignment."""
        for result in pool.grade(self.to_grade, reporter):
            self.references[result.assignment] = result
            self.out.record_reference(result)
        return self.references

    @property
    def failing(self) -> list[SubmissionResult]:
        return [r for r in self.references.values() if not r.full_marks]

    def causes(self) -> str:
        """What each failing reference got, in one sentence."""
        return "; ".join(
            f"the reference solution of {r.assignment} {verdict(r)}" for r in self.failing
        )

    def not_graded(self, task: Task, assignment: str | None, fingerprint: str) -> SubmissionResult:
        """A student's row when the references failed: no score, and why."""
        reason = (
            "not graded: a reference solution did not get full marks, so the grader "
            f"was not trusted with this batch ({self.causes()})"
        )
        return not_graded(task, assignment, fingerprint, reason)

    def failure(self) -> ReferenceCheckFailed:
        likely = "; ".join(
            f"for {result.assignment}: {likely_cause(result.assignment)}" for result in self.failing
        )
        return ReferenceCheckFailed(
            f"{self.causes()}. Likely cause {likely}. No student was graded. See "
            f"{self.out.references_dir} and {self.out.root / self.out.LOGS}, fix the cause "
            "and run again (`densegrade verify` grades the references alone), or pass "
            "--ignore-reference-failure."
        )
