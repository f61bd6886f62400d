"""The student's work beside the reference solution's, for the feedback pages.

Built from the evidence both results carry (:class:`autograder.contracts.evidence.Evidence`): the
prepared arrays, the layers, the compile settings, the learning curves and the test
set, with the images of its mistakes as drawn at grading (so a page needs neither the
data set nor TensorFlow). Without a graded reference, the lesson's own spec stands in
for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from autograder.checks.model import LayerFacts, expected_stack, paired_layers
from autograder.contracts.assignments import ARRAY, ASSIGNMENTS, get_assignment, variables_of_kind
from autograder.contracts.evidence import CompileFacts, Evidence, LayerRecord, array_part
from autograder.contracts.results import SubmissionResult, score_text
from autograder.data import spec_for
from autograder.reports import plots

# What the lesson compiles with, shown when no reference was graded.
COMPILE_SETTINGS = ("optimizer", "loss", "metrics")


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
    evidence = result.evidence or Evidence()
    reference_evidence = (reference.evidence if reference else None) or Evidence()
    return {
        "has_evidence": result.evidence is not None,
        "data_rows": data_comparison(evidence, reference_evidence),
        "model_rows": model_comparison(evidence, reference_evidence, result.assignment),
        "compile_rows": compile_comparison(evidence, reference_evidence, result.assignment),
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


def data_comparison(evidence: Evidence, reference: Evidence) -> list[Comparison]:
    return [
        Comparison(name, array_text(evidence, name), array_text(reference, name))
        for name in variables_of_kind(ARRAY)
        if _recorded(evidence, name) or _recorded(reference, name)
    ]


def _recorded(evidence: Evidence, name: str) -> bool:
    """Whether the judge read the array ``name``, or said why it could not."""
    return name in evidence.arrays or bool(evidence.why(array_part(name)))


def array_text(evidence: Evidence, name: str) -> str:
    facts = evidence.arrays.get(name)
    if facts is None:
        return "(unavailable)" if evidence.why(array_part(name)) else "(not graded)"
    shape = "(" + ", ".join(f"{size:,}" for size in facts.shape) + ")"
    text = f"{shape} {facts.dtype}"
    if facts.min is not None and facts.max is not None:
        text += f", values {facts.min:g} to {facts.max:g}"
    return text


def model_comparison(
    evidence: Evidence, reference: Evidence, assignment: str | None
) -> list[Comparison]:
    if reference.layers is not None:
        expected = layer_facts(reference.layers)
    else:
        expected = expected_stack(assignment) if assignment in ASSIGNMENTS else []
    if evidence.layers is None:
        reason = evidence.why("layers") or "no model was graded"
        return [Comparison("model", f"(unavailable: {reason})", f"{len(expected)} layers")]
    yours = layer_facts(evidence.layers)
    rows = [
        Comparison(f"layer {index + 1}", _layer_text(have), _layer_text(want))
        for index, (have, want) in enumerate(paired_layers(yours, expected))
    ]
    rows.append(Comparison("parameters", _total(yours), _total(expected)))
    return rows


def layer_facts(records: Sequence[LayerRecord]) -> list[LayerFacts]:
    """The recorded layers as the checks describe them (the same fields)."""
    return [LayerFacts(**asdict(record)) for record in records]


def _layer_text(layer: LayerFacts | None) -> str:
    return layer.row() if layer else "(none)"


def _total(layers: list[LayerFacts]) -> str:
    return f"{sum(layer.parameters or 0 for layer in layers):,}"


def compile_comparison(
    evidence: Evidence, reference: Evidence, assignment: str | None
) -> list[Comparison]:
    expected = reference.compile or spec_compile(assignment)
    if evidence.compile is None:
        reason = evidence.why("compile") or "not recorded"
        return [Comparison("compile", f"({reason})", _compile_text(expected))]
    return [
        Comparison(
            key,
            _compile_value(getattr(evidence.compile, key)),
            _compile_value(getattr(expected, key)),
        )
        for key in COMPILE_SETTINGS
    ]


def spec_compile(assignment: str | None) -> CompileFacts:
    """The compile settings the assignment's spec records (when no reference was graded)."""
    if assignment not in ASSIGNMENTS:
        return CompileFacts("-", "-", ())
    spec = get_assignment(assignment)
    return CompileFacts(spec.optimizer, spec.loss, spec.metrics)


def _compile_text(settings: CompileFacts) -> str:
    return ", ".join(_compile_value(getattr(settings, key)) for key in COMPILE_SETTINGS)


def _compile_value(value: str | tuple[str, ...]) -> str:
    return value if isinstance(value, str) else ", ".join(value)


def curve_figures(evidence: Evidence, reference: Evidence) -> dict[str, Any]:
    curves = evidence.curves
    if not curves:
        return {"unavailable": evidence.why("curves") or "no training history was recorded"}
    expected = reference.curves or None
    return {
        "figures": [
            plots.learning_curve(metric, curves, expected) for metric in ("accuracy", "loss")
        ],
        "reference": expected is not None,
        "epochs": len(curves.get("loss", ())),
    }


def test_section(evidence: Evidence, assignment: str | None) -> dict[str, Any]:
    test = evidence.test
    if not assignment or test is None:
        return {"unavailable": evidence.why("test") or "the model could not be evaluated"}
    spec = get_assignment(assignment)
    classes = spec_for(spec.dataset).classes
    return {
        "accuracy": test.accuracy,
        "images": test.images,
        "threshold": spec.thresholds.full_credit,
        "classes": classes,
        "confusion": confusion_cells(test.confusion),
        "mistakes": [
            {
                **asdict(mistake),  # with its image as recorded at grading
                "true_name": classes[mistake.true],
                "predicted_name": classes[mistake.predicted],
            }
            for mistake in test.mistakes
        ],
    }


def confusion_cells(matrix: Sequence[Sequence[int]]) -> list[list[dict[str, Any]]]:
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
