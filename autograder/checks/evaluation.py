"""Checks for the lesson step 'Evaluate the model': predictions and test accuracy.

The test set is loaded and prepared by the grader's own code, never taken from the
student's variables, so the accuracy is measured on the real data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.assignments import NUM_CLASSES, get_assignment
from autograder.checks.model import model_problem
from autograder.checks.outcome import CheckOutcome, revisit
from autograder.checks.training import TrainingFacts, accuracy_problems, review_reasons
from autograder.data import load_data

QUESTION = "evaluation"
SAMPLE_IMAGES = 16
REPORT_TOLERANCE = 0.01  # history's val_accuracy vs the grader's measurement


def prepared_test_set(assignment: str) -> tuple[np.ndarray, np.ndarray]:
    """The test images flattened and scaled as the lesson does, with integer labels."""
    spec = get_assignment(assignment)
    _, (x_test, y_test) = load_data(spec.dataset)
    features = x_test.reshape(len(x_test), -1).astype("float32") / 255.0
    return features, y_test.reshape(-1).astype(int)


def shaped_for(model: Any, features: np.ndarray) -> np.ndarray:
    """Flattened images, or images in the model's own input shape when it flattens inside."""
    try:
        shape = tuple(model.inputs[0].shape[1:])
    except Exception:  # not built or not a functional graph: feed flattened rows
        return features
    if None not in shape and len(shape) > 1 and int(np.prod(shape)) == features.shape[1]:
        return features.reshape(len(features), *shape)
    return features


def measure_test_accuracy(model: Any, assignment: str) -> float:
    features, labels = prepared_test_set(assignment)
    inputs = shaped_for(model, features)
    probabilities = np.asarray(model.predict(inputs, batch_size=1024, verbose=0))
    return float(np.mean(np.argmax(probabilities, axis=1) == labels))


def reported_accuracy(history: Any) -> float | None:
    """The last validation accuracy the notebook's own ``history`` claims, if any."""
    values = getattr(history, "reported", None)
    if values is None:
        values = getattr(history, "history", None)
    try:
        return float(values["val_accuracy"][-1])
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def cross_check(reported: float | None, measured: float) -> str:
    """A note for TAs comparing the notebook's claim with the grader's measurement."""
    if reported is None:
        return "; the notebook reports no validation accuracy"
    verdict = "MISMATCH" if abs(reported - measured) > REPORT_TOLERANCE else "consistent"
    return f"; the notebook's history reports {reported:.4f} ({verdict})"


def check_predicts_probabilities(model: Any, assignment: str) -> CheckOutcome:
    """The model maps a flattened image to 10 class probabilities."""
    name = "predicts_probabilities"
    problem = model_problem(model)
    if problem:
        return CheckOutcome.fail(name, problem)
    features, _ = prepared_test_set(assignment)
    try:
        sample = shaped_for(model, features[:SAMPLE_IMAGES])
        output = np.asarray(model.predict(sample, verbose=0))
    except Exception as error:
        return CheckOutcome.fail(
            name,
            f"The model could not predict on flattened, scaled test images ({error}). "
            + revisit("model"),
        )
    if output.shape != (SAMPLE_IMAGES, NUM_CLASSES):
        return CheckOutcome.fail(
            name,
            f"For {SAMPLE_IMAGES} images the model returned shape {output.shape}; expected "
            f"({SAMPLE_IMAGES}, {NUM_CLASSES}): one probability per class.",
        )
    if not np.allclose(output.sum(axis=1), 1.0, atol=1e-3) or (output < 0).any():
        return CheckOutcome.fail(
            name,
            "The model's outputs are not probabilities (each row should be non-negative "
            "and sum to 1): check the last layer's activation.",
        )
    return CheckOutcome.ok(name, "The model predicts 10 class probabilities per image.")


def check_accuracy(
    model: Any,
    history: Any,
    facts: TrainingFacts | None,
    assignment: str,
    level: str = "full",
) -> CheckOutcome:
    """Test-set accuracy of the model that ``fit`` trained reaches the ``full`` or
    ``partial`` credit threshold; it cannot count for a model the training ``facts``
    show was never trained or was trained on test images."""
    name = f"accuracy_{level}"
    problem = model_problem(model) or (None if facts else "No training record was found.")
    if problem:
        return CheckOutcome.fail(name, problem)
    blockers, review = accuracy_problems(facts), review_reasons(facts)
    if blockers:
        return CheckOutcome.fail(
            name,
            f"The test accuracy cannot count: {'; '.join(blockers)}. {revisit('training')}",
        )
    thresholds = get_assignment(assignment).thresholds
    threshold = thresholds.full_credit if level == "full" else thresholds.partial_credit
    if threshold is None:
        raise ValueError(f"{assignment} has no {level}-credit accuracy threshold")
    try:
        accuracy = measure_test_accuracy(model, assignment)
    except Exception as error:
        return CheckOutcome.fail(
            name, f"The model could not be evaluated on the test set ({error})."
        )
    detail = f"test accuracy {accuracy:.4f}, threshold {threshold:.3f}"
    detail += cross_check(reported_accuracy(history), accuracy)
    if accuracy < threshold:
        return CheckOutcome.fail(
            name,
            f"Test accuracy is {accuracy:.3f}; this credit needs at least {threshold:.3f}. "
            "Check preprocessing, model, compile settings and training.",
            detail=detail,
        )
    return CheckOutcome.ok(name, f"Test accuracy is {accuracy:.3f}.", detail, review)
