"""A supervisor's verdict on one submission, and the result the grader makes of it.

The supervisor (:mod:`autograder.execution.supervisor`) writes a :class:`Verdict`
as JSON; the grading pool reads it back into the same dataclass and turns it into
the submission's :class:`~autograder.results.SubmissionResult`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from autograder.bundle import autograded_points
from autograder.results import CheckResult, SubmissionResult
from autograder.statuses import Status


@dataclass
class Verdict:
    """What a supervisor found: how the notebook ran, and every check's result."""

    status: Status = Status.OK
    reason: str = ""
    checks: list[CheckResult] = field(default_factory=list)
    training_facts: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None  # what the reports show beside the checks
    execution_errors: list[str] = field(default_factory=list)
    output_dropped_bytes: int = 0
    peak_memory: dict[str, int] = field(default_factory=dict)  # the kernel's, in bytes
    notebook: str = "not kept"  # the executed notebook for TAs: with outputs, without, ...
    notebook_file: str = ""  # where the grader kept it: notebooks/<submission>.ipynb

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Verdict:
        data = json.loads(path.read_text(encoding="utf-8"))
        checks = [CheckResult(**check) for check in data.pop("checks", [])]
        return cls(**{**data, "status": Status(data["status"]), "checks": checks})


def fill_result(result: SubmissionResult, verdict: Verdict) -> None:
    """Score ``result`` from ``verdict``: the checks' points, unless the grader failed."""
    result.status = verdict.status
    result.checks = verdict.checks
    result.training_facts = verdict.training_facts
    result.evidence = verdict.evidence
    result.execution_errors = verdict.execution_errors
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


def summarise_failures(result: SubmissionResult) -> str:
    failed = Counter(check.question for check in result.checks if not check.passed)
    if not failed:
        return ""
    return "failed: " + ", ".join(f"{question} ({count})" for question, count in failed.items())
