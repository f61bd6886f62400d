"""One submission's feedback page, in a student view and a TA view.

The student view is built only from student-facing facts: public checks with
their messages, and hidden checks as an outcome and points with no name, message
or code. The TA view adds what the hidden checks are, their details and test
code, the training facts and the notebook's errors. What a view may not show is
left out of its context, so no template choice can leak it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from autograder.contracts.bundle import bundle_dir
from autograder.contracts.otter_format import read_test_file
from autograder.contracts.results import (
    CheckResult,
    SubmissionResult,
    missing_packages_note,
    score_text,
)
from autograder.reports.comparison import comparison_sections

STUDENT, TA = "student", "ta"


@dataclass
class CheckRow:
    passed: bool
    points: float
    max_points: float
    hidden: bool
    name: str = ""  # empty in the student view for hidden checks
    message: str = ""
    detail: str = ""  # TA view only
    code: str = ""  # TA view only


@dataclass
class QuestionRow:
    name: str
    points: float = 0.0
    max_points: float = 0.0
    checks: list[CheckRow] = field(default_factory=list)


def feedback_context(
    result: SubmissionResult,
    reference: SubmissionResult | None,
    view: str,
    comparison: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything one page shows; hidden-check facts only when ``view`` is TA.

    ``comparison`` (from :func:`comparison_sections`) is the same for both views, so
    a caller writing both passes it in to draw the figures once.
    """
    context: dict[str, Any] = {
        "view": view,
        "result": _summary(result),
        "questions": question_rows(result, view),
        "answers": result.answers,
        "manual_points": sum(answer.get("points", 0) for answer in result.answers),
        "execution_errors": result.execution_errors,
        "missing_packages": missing_packages_note(result.missing_packages)
        if result.missing_packages
        else "",
        **(comparison or comparison_sections(result, reference)),
        "final": None,  # the grade handed back (autograder.desk.lms.returned) fills it in
    }
    if view == TA:
        context["training_facts"] = result.training_facts
        context["reason"] = result.reason
        context["review"] = result.review
    return context


def _summary(result: SubmissionResult) -> dict[str, Any]:
    return {
        "submission": result.submission,
        "student": result.student,
        "assignment": result.assignment or "unknown assignment",
        "status": result.status,
        "score": result.score,
        "score_text": score_text(result),
        "max_score": result.max_score,
        "reason": result.reason if result.status != "ok" else "",
    }


def question_rows(result: SubmissionResult, view: str) -> list[QuestionRow]:
    questions: dict[str, QuestionRow] = {}
    for check in result.checks:
        row = questions.setdefault(check.question, QuestionRow(check.question))
        row.points += check.points
        row.max_points += check.max_points
        row.checks.append(check_row(check, result.assignment, view))
    return list(questions.values())


def check_row(check: CheckResult, assignment: str | None, view: str) -> CheckRow:
    row = CheckRow(check.passed, check.points, check.max_points, check.hidden)
    if view == TA:
        row.name, row.message, row.detail = check.check, check.message, check.detail
        row.code = test_code(assignment, check.question, check.check) if assignment else ""
    elif not check.hidden:
        row.name, row.message = check.check, check.message
    return row


@cache
def test_code(assignment: str, question: str, check: str) -> str:
    """The bundle's test function for one check (TA view)."""
    path = bundle_dir(assignment) / "tests" / f"{question}.py"
    if not path.is_file():
        return ""
    return next((case.source for case in read_test_file(path).cases if case.name == check), "")
