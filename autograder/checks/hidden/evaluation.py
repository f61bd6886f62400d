"""Hidden checks for the step 'Evaluate the model': the test accuracy, measured by the grader.

The test set is loaded and prepared by the grader's own code, never taken from the
student's variables, so the accuracy is measured on the real data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.evaluation import shaped_for
from autograder.checks.hidden.training import TrainingFacts, accuracy_problems, review_reasons
from autograder.checks.model import model_problem
from autograder.checks.outcome import CheckOutcome
from autograder.contracts.assignments import get_assignment
from autograder.data import read_only_data

REPORT_TOLERANCE = 0.01  # history's val_accuracy vs the grader's measurement


def prepared_test_set(assignment: str) -> tuple[np.ndarray, np.ndarray]:
    """The test images flattened and scaled as the lesson does, with integer labels."""
    return prepared_test_set_of(get_assignment(assignment).dataset)


def prepared_test_set_of(dataset: str) -> tuple[np.ndarray, np.ndarray]:
    _, (x_test, y_test) = read_only_data(dataset)
    features = x_test.reshape(len(x_test), -1).astype("float32") / 255.0
    return features, y_test.reshape(-1).astype(int)


def measure_test_accuracy(model: Any, assignment: str) -> float:
    return measure_accuracy_on(model, get_assignment(assignment).dataset)


def measure_accuracy_on(model: Any, dataset: str) -> float:
    """The model's accuracy on ``dataset``'s test split, prepared by the grader."""
    features, labels = prepared_test_set_of(dataset)
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
    spec = get_assignment(assignment)
    problem = model_problem(model, spec) or (None if facts else "No training record was found.")
    if problem:
        return CheckOutcome.fail(problem)
    blockers, review = accuracy_problems(facts), review_reasons(facts)
    if blockers:
        return CheckOutcome.fail(
            f"The test accuracy cannot count: {'; '.join(blockers)}. {spec.revisit('training')}",
        )
    thresholds = spec.thresholds
    if thresholds is None:
        raise ValueError(f"{assignment} has no accuracy thresholds: run `densegrade build`")
    threshold = thresholds.full_credit if level == "full" else thresholds.partial_credit
    if threshold is None:
        raise ValueError(f"{assignment} has no {level}-credit accuracy threshold")
    try:
        accuracy = measure_test_accuracy(model, assignment)
    except Exception as error:
        return CheckOutcome.fail(f"The model could not be evaluated on the test set ({error}).")
    detail = f"test accuracy {accuracy:.4f}, threshold {threshold:.3f}"
    detail += cross_check(reported_accuracy(history), accuracy)
    if accuracy < threshold:
        return CheckOutcome.fail(
            f"Test accuracy is {accuracy:.3f}; this credit needs at least {threshold:.3f}. "
            "Check preprocessing, model, compile settings and training.",
            detail=detail,
        )
    return CheckOutcome.ok(f"Test accuracy is {accuracy:.3f}.", detail, review)
