"""One submission's feedback page, in a student view and a TA view.

The student view is built only from student-facing facts: public checks with
their messages, and hidden checks as an outcome and points with no name, message
or code. The TA view adds what the hidden checks are, their details and test
code, the training facts and the notebook's errors. What a view may not show is
left out of its context, so no template choice can leak it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from autograder.assignments import get_assignment
from autograder.checks.model import LayerFacts, expected_stack
from autograder.data import DatasetError, load_data, spec_for
from autograder.reference import full_marks
from autograder.reports import plots
from autograder.results import CheckResult, SubmissionResult, score_text

STUDENT, TA = "student", "ta"
LESSON_COMPILE = {"optimizer": "sgd", "loss": "categorical_crossentropy", "metrics": ["accuracy"]}


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


@dataclass
class Comparison:
    """One line of 'yours beside the reference'; ``differs`` highlights it."""

    label: str
    yours: str
    reference: str

    @property
    def differs(self) -> bool:
        return self.yours != self.reference


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
        **(comparison or comparison_sections(result, reference)),
    }
    if view == TA:
        context["training_facts"] = result.training_facts
        context["reason"] = result.reason
        context["review"] = result.review
        context["notebook"] = result.notebook  # the executed notebook, never for students
    return context


def comparison_sections(
    result: SubmissionResult, reference: SubmissionResult | None
) -> dict[str, Any]:
    """The student's work beside the reference: tables, curves, the test set."""
    evidence = result.evidence or {}
    reference_evidence = (reference.evidence if reference else None) or {}
    return {
        "has_evidence": bool(evidence),
        "data_rows": data_comparison(evidence, reference_evidence),
        "model_rows": model_comparison(evidence, reference_evidence, result.assignment),
        "compile_rows": compile_comparison(evidence, reference_evidence),
        "curves": curve_figures(evidence, reference_evidence),
        "test": test_section(evidence, result.assignment),
        "reference_status": _reference_status(reference),
        "comparison_problem": "",
    }


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


def _reference_status(reference: SubmissionResult | None) -> str:
    if reference is None:
        return "The reference solution was not graded, so only the lesson's spec is shown."
    if not full_marks(reference):
        return (
            f"Warning: the reference solution scored {score_text(reference)} "
            f"({reference.status}) under this grader."
        )
    return ""


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
    path = get_assignment(assignment).bundle_dir / "tests" / f"{question}.py"
    if not path.is_file():
        return ""
    blocks = re.split(r"\n(?=@test_case\()", path.read_text(encoding="utf-8"))
    marker = f'@test_case(name="{check}"'
    return next((block.strip() for block in blocks if block.startswith(marker)), "")


def data_comparison(evidence: dict, reference: dict) -> list[Comparison]:
    arrays, expected = evidence.get("arrays") or {}, reference.get("arrays") or {}
    return [
        Comparison(name, array_text(arrays.get(name)), array_text(expected.get(name)))
        for name in ("X_train", "X_test", "y_train", "y_test")
        if name in arrays or name in expected
    ]


def array_text(facts: dict | None) -> str:
    if not facts:
        return "(not graded)"
    if "unavailable" in facts:
        return "(unavailable)"
    shape = "(" + ", ".join(f"{size:,}" for size in facts["shape"]) + ")"
    text = f"{shape} {facts['dtype']}"
    if "min" in facts:
        text += f", values {facts['min']:g} to {facts['max']:g}"
    return text


def model_comparison(evidence: dict, reference: dict, assignment: str | None) -> list[Comparison]:
    yours = _layers(evidence.get("layers"))
    if isinstance(reference.get("layers"), list):
        expected = _layers(reference["layers"])
    else:
        expected = expected_stack(assignment) if assignment else []
    if yours is None:
        reason = (evidence.get("layers") or {}).get("unavailable", "no model was graded")
        return [Comparison("model", f"(unavailable: {reason})", f"{len(expected)} layers")]
    rows = [
        Comparison(
            f"layer {index + 1}",
            _layer_text(yours[index] if index < len(yours) else None),
            _layer_text(expected[index] if index < len(expected) else None),
        )
        for index in range(max(len(yours), len(expected)))
    ]
    rows.append(Comparison("parameters", _total(yours), _total(expected)))
    return rows


def _layers(rows: Any) -> list[LayerFacts] | None:
    return [LayerFacts(**row) for row in rows] if isinstance(rows, list) else None


def _layer_text(layer: LayerFacts | None) -> str:
    if layer is None:
        return "(none)"
    count = "?" if layer.parameters is None else f"{layer.parameters:,}"
    return f"{layer.describe()}: {count} parameters"


def _total(layers: list[LayerFacts]) -> str:
    return f"{sum(layer.parameters or 0 for layer in layers):,}"


def compile_comparison(evidence: dict, reference: dict) -> list[Comparison]:
    yours = evidence.get("compile") or {}
    expected = reference.get("compile") if "optimizer" in (reference.get("compile") or {}) else None
    expected = expected or LESSON_COMPILE
    if "unavailable" in yours:
        return [Comparison("compile", f"({yours['unavailable']})", _compile_text(expected))]
    return [
        Comparison(key, _compile_value(yours.get(key)), _compile_value(expected.get(key)))
        for key in ("optimizer", "loss", "metrics")
    ]


def _compile_text(settings: dict) -> str:
    return ", ".join(_compile_value(settings.get(key)) for key in ("optimizer", "loss", "metrics"))


def _compile_value(value: Any) -> str:
    if value is None:
        return "(none)"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def curve_figures(evidence: dict, reference: dict) -> dict[str, Any]:
    curves = evidence.get("curves") or {}
    if "unavailable" in curves or not curves:
        return {"unavailable": curves.get("unavailable", "no training history was recorded")}
    expected = reference.get("curves")
    expected = expected if expected and "unavailable" not in expected else None
    return {
        "figures": [
            plots.learning_curve(metric, curves, expected) for metric in ("accuracy", "loss")
        ],
        "reference": expected is not None,
        "epochs": len(curves.get("loss", [])),
    }


def test_section(evidence: dict, assignment: str | None) -> dict[str, Any]:
    test = evidence.get("test") or {}
    if not assignment or "unavailable" in test or not test:
        return {"unavailable": test.get("unavailable", "the model could not be evaluated")}
    spec = get_assignment(assignment)
    classes = spec_for(spec.dataset).classes
    return {
        "accuracy": test["accuracy"],
        "images": test["images"],
        "threshold": spec.thresholds.full_credit,
        "classes": classes,
        "confusion": confusion_cells(test["confusion"]),
        "mistakes": [
            {
                **mistake,
                "image": test_image(spec.dataset, mistake["index"]),
                "true_name": classes[mistake["true"]],
                "predicted_name": classes[mistake["predicted"]],
            }
            for mistake in test["mistakes"]
        ],
    }


def confusion_cells(matrix: list[list[int]]) -> list[list[dict[str, Any]]]:
    """Each count with a shade: the row's share, so every true class reads the same way."""
    rows = []
    for true_class, counts in enumerate(matrix):
        total = max(1, sum(counts))
        rows.append(
            [
                {"count": count, "share": round(count / total, 3), "diagonal": true_class == guess}
                for guess, count in enumerate(counts)
            ]
        )
    return rows


def test_image(dataset: str, index: int) -> str | None:
    """One test image as a data URI; None when the data set cannot be loaded here."""
    images = test_images(dataset)
    return plots.image_uri(images[index]) if images is not None else None


@cache
def test_images(dataset: str) -> np.ndarray | None:
    try:
        _, (images, _) = load_data(dataset)
    except DatasetError:  # pages are still written, with the labels only
        return None
    return images
