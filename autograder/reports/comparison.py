"""The student's work beside the reference solution's, for the feedback pages.

Built from the evidence both results carry (:mod:`autograder.judging.evidence`): the
prepared arrays, the layers, the compile settings, the learning curves and the test
set. Without a graded reference, the lesson's own spec stands in for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from autograder.assignments import ARRAY, LESSON, get_assignment, variables_of_kind
from autograder.bundle import thresholds
from autograder.checks.model import LayerFacts, expected_stack
from autograder.data import DatasetError, load_data, spec_for
from autograder.reports import plots
from autograder.results import SubmissionResult, score_text

# What the lesson compiles with, shown when no reference was graded.
LESSON_COMPILE = {
    "optimizer": LESSON.optimizer,
    "loss": LESSON.losses[0],
    "metrics": [LESSON.metrics[0]],
}


@dataclass
class Comparison:
    """One line of 'yours beside the reference'; ``differs`` highlights it."""

    label: str
    yours: str
    reference: str

    @property
    def differs(self) -> bool:
        return self.yours != self.reference


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


def _reference_status(reference: SubmissionResult | None) -> str:
    if reference is None:
        return "The reference solution was not graded, so only the lesson's spec is shown."
    if not reference.full_marks:
        return (
            f"Warning: the reference solution scored {score_text(reference)} "
            f"({reference.status}) under this grader."
        )
    return ""


def data_comparison(evidence: dict, reference: dict) -> list[Comparison]:
    arrays, expected = evidence.get("arrays") or {}, reference.get("arrays") or {}
    return [
        Comparison(name, array_text(arrays.get(name)), array_text(expected.get(name)))
        for name in variables_of_kind(ARRAY)
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
    return layer.row() if layer else "(none)"


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
        "threshold": thresholds(assignment).full_credit,
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
