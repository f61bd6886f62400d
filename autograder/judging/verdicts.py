"""A supervisor's verdict on one submission, and the result the grader makes of it.

The judge (:mod:`autograder.judging.harness`) returns a :class:`Judgement`; the
supervisor (:mod:`autograder.execution.supervisor`) writes a :class:`Verdict` as a typed
file (:mod:`autograder.contracts.typed_files`); the grading pool reads it back and turns it into
the submission's :class:`~autograder.contracts.results.SubmissionResult`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import ClassVar

from autograder.checks.hidden.training import TrainingFacts
from autograder.contracts.bundle import autograded_points
from autograder.contracts.evidence import Evidence
from autograder.contracts.results import CheckResult, SubmissionResult
from autograder.contracts.statuses import Status
from autograder.submissions.validation import assignment_in_name


@dataclass(frozen=True)
class Judgement:
    """What the judge found in an export: every check's result, the training facts, and
    the reports' evidence."""

    checks: tuple[CheckResult, ...]
    training_facts: TrainingFacts
    evidence: Evidence


@dataclass(frozen=True)
class Verdict:
    """What a supervisor found: how the notebook ran, and every check's result."""

    FORMAT: ClassVar[str] = "densegrade.verdict"
    VERSION: ClassVar[int] = 3  # 2: no missing_packages; 1: the evidence was an untyped dict

    status: Status = Status.OK
    reason: str = ""
    checks: tuple[CheckResult, ...] = ()
    training_facts: TrainingFacts | None = None
    evidence: Evidence | None = None  # what the reports show beside the checks
    execution_errors: tuple[str, ...] = ()
    missing_packages: tuple[str, ...] = ()  # imported, but not installed where it was graded
    output_dropped_bytes: int = 0
    peak_memory: dict[str, int] = field(default_factory=dict)  # the kernel's, in bytes
    notebook: str = "not kept"  # the executed notebook for TAs: with outputs, without, ...
    notebook_file: str = ""  # where the grader kept it: notebooks/<submission>.ipynb


def fill_result(result: SubmissionResult, verdict: Verdict) -> None:
    """Score ``result`` from ``verdict``: the checks' points, unless the grader failed."""
    result.status = verdict.status
    result.checks = list(verdict.checks)
    facts = verdict.training_facts
    result.training_facts = asdict(facts) if facts is not None else None
    result.evidence = verdict.evidence
    result.execution_errors = list(verdict.execution_errors)
    result.missing_packages = list(verdict.missing_packages)
    result.peak_memory = verdict.peak_memory
    result.notebook = verdict.notebook_file
    result.score = sum(check.points for check in result.checks)
    if verdict.status.grader_failed:
        result.score = None
    result.max_score = sum(check.max_points for check in result.checks)
    if not result.checks and result.assignment:  # stopped before the checks: still out of 13
        result.max_score = autograded_points(result.assignment)
    reasons = [verdict.reason, summarise_failures(result)]
    if result.execution_errors:
        reasons.append(f"first error: {result.execution_errors[0][:160]}")
    if verdict.output_dropped_bytes:
        reasons.append(f"{verdict.output_dropped_bytes / 1e6:.1f} MB of printed output dropped")
    result.reason = "; ".join(reason for reason in reasons if reason)


def fill_invalid(result: SubmissionResult, file_name: str, reason: str) -> SubmissionResult:
    """A file that never ran: status ``invalid``, 0 points of its assignment's, the
    assignment being the one its notebook or file name says (``alice_mnist_dense.ipynb``),
    so its row stands in that assignment's column, where a broken file must never look
    like no submission at all."""
    result.status, result.reason, result.score = Status.INVALID, reason, 0.0
    result.assignment = result.assignment or assignment_in_name(file_name)
    if result.assignment:
        result.max_score = autograded_points(result.assignment)
    return result


def summarise_failures(result: SubmissionResult) -> str:
    failed = Counter(check.question for check in result.checks if not check.passed)
    if not failed:
        return ""
    return "failed: " + ", ".join(f"{question} ({count})" for question, count in failed.items())
