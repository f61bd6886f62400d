"""The class dashboard: where the class stands and which checks it failed, per assignment.

Built from the results alone (``DIR/results/*.json``), so it can be rewritten at
any time with ``densegrade report DIR``. It is for instructors and TAs: hidden
checks are named here.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.contracts.assignments import ARCHITECTURE_CHECK, DATA_QUESTION, get_assignment
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult, score_text
from autograder.contracts.text import first_line
from autograder.reports import plots
from autograder.reports.comparison import layer_facts

TOP_MISTAKES = 5


@dataclass
class ItemRow:
    """One check across the class (item analysis)."""

    question: str
    check: str
    hidden: bool
    failed: int = 0
    graded: int = 0
    messages: Counter = field(default_factory=Counter)

    @property
    def failure_rate(self) -> float:
        return self.failed / self.graded if self.graded else 0.0

    @property
    def common_messages(self) -> list[tuple[str, int]]:
        return self.messages.most_common(2)


def accuracy_of(result: SubmissionResult) -> float | None:
    test = result.evidence.test if result.evidence else None
    return test.accuracy if test else None


def item_analysis(results: list[SubmissionResult]) -> list[ItemRow]:
    """Every check's failure rate among the submissions the checks ran on, worst first."""
    rows: dict[tuple[str, str], ItemRow] = {}
    for result in results:
        for check in result.checks:
            row = rows.setdefault(
                (check.question, check.check), ItemRow(check.question, check.check, check.hidden)
            )
            row.graded += 1
            if not check.passed:
                row.failed += 1
                # Messages with a table (the architecture check's) group by their opening.
                row.messages[first_line(check.message)] += 1
    return sorted(rows.values(), key=lambda row: (-row.failure_rate, row.question, row.check))


def architecture_of(result: SubmissionResult) -> str | None:
    """The model's layers in a line; None when they were not recorded."""
    layers = result.evidence.layers if result.evidence else None
    if layers is None:
        return None
    return " → ".join(layer.describe() for layer in layer_facts(layers)) or "(no layers)"


def wrong_architectures(results: list[SubmissionResult]) -> list[tuple[str, list[str]]]:
    """Architectures of the models that failed the architecture check, most common first."""
    students: dict[str, list[str]] = defaultdict(list)
    for result in results:
        failed = any(c.check == ARCHITECTURE_CHECK and not c.passed for c in result.checks)
        architecture = architecture_of(result)
        if failed and architecture:
            students[architecture].append(result.student)
    ranked = sorted(students.items(), key=lambda item: (-len(item[1]), item[0]))
    return ranked[:TOP_MISTAKES]


def preprocessing_mistakes(items: list[ItemRow]) -> list[ItemRow]:
    return [row for row in items if row.question == DATA_QUESTION and row.failed]


def question_names(results: list[SubmissionResult]) -> list[str]:
    names: dict[str, None] = {}
    for result in results:
        for check in result.checks:
            names.setdefault(check.question, None)
    return list(names)


def question_scores_csv(results: list[SubmissionResult], manual: list[str]) -> str:
    """Per-question points for the gradebook; free-response columns are left for the TA."""
    questions = question_names(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "submission", "status", *questions, *manual, "autograded_total"])
    for result in sorted(results, key=lambda item: item.student):
        points: Counter[str] = Counter()
        for check in result.checks:
            points[check.question] += check.points
        row = [result.student, result.submission, result.status]
        row += [f"{points[question]:g}" for question in questions] + [""] * len(manual)
        writer.writerow(row + ["" if result.score is None else f"{result.score:g}"])
    return buffer.getvalue()


def assignment_section(assignment: str, results: list[SubmissionResult]) -> dict[str, Any]:
    scored = [result for result in results if result.checks]
    max_score = max((result.max_score for result in results), default=0.0)
    accuracies = [value for value in map(accuracy_of, scored) if value is not None]
    items = item_analysis(scored)
    section = {
        "name": assignment,
        "count": len(results),
        "scored": len(scored),
        "max_score": max_score,
        "mean_score": float(np.mean([r.score for r in scored])) if scored else None,
        "threshold": get_assignment(assignment).thresholds.full_credit,
        "items": items,
        "architectures": wrong_architectures(scored),
        "preprocessing": preprocessing_mistakes(items),
        "accuracy_count": len(accuracies),
    }
    scores = [r.score for r in results if r.score is not None]  # not-graded rows have none
    if scores:
        bins = np.arange(0, max_score + 2) - 0.5
        section["score_figure"] = plots.histogram(
            scores, bins, f"autograded score (out of {max_score:g})"
        )
    if accuracies:
        section["accuracy_figure"] = plots.histogram(
            accuracies,
            np.linspace(0, 1, 21),
            "test accuracy measured by the grader",
            threshold=get_assignment(assignment).thresholds.full_credit,
            threshold_label=f"full credit ({get_assignment(assignment).thresholds.full_credit:g})",
        )
    return section


def table_rows(results: list[SubmissionResult], out: OutputFolder) -> list[dict]:
    return [
        {
            "student": result.student,
            "submission": result.submission,
            "assignment": result.assignment or "",
            "status": result.status,
            "score": result.score,
            "score_text": score_text(result),
            "max_score": result.max_score,
            "accuracy": accuracy_of(result),
            "reason": result.reason,
            "review": result.review,
            "ta_link": out.relative(out.ta_page(result.submission)),
            "feedback_link": out.relative(out.feedback_page(result.submission)),
        }
        for result in sorted(results, key=lambda item: item.student)
    ]
