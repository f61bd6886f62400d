"""Public check for the lesson step 'Evaluate the model': the model predicts probabilities.

It feeds the model made-up images of the right size, so it needs no data set and answers
at once; the test accuracy is a hidden check (:mod:`autograder.checks.hidden.evaluation`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.model import model_problem
from autograder.checks.outcome import CheckOutcome
from autograder.contracts.assignments import get_assignment

QUESTION = "evaluation"
SAMPLE_IMAGES = 16
SAMPLE_SEED = 0  # the same made-up images every time


def shaped_for(model: Any, features: np.ndarray) -> np.ndarray:
    """Flattened images, or images in the model's own input shape when it flattens inside."""
    try:
        shape = tuple(model.inputs[0].shape[1:])
    except Exception:  # not built or not a functional graph: feed flattened rows
        return features
    if None not in shape and len(shape) > 1 and int(np.prod(shape)) == features.shape[1]:
        return features.reshape(len(features), *shape)
    return features


def sample_images(assignment: str) -> np.ndarray:
    """Made-up flattened images with values in [0, 1], as many as the check feeds."""
    columns = get_assignment(assignment).input_size
    return np.random.default_rng(SAMPLE_SEED).random((SAMPLE_IMAGES, columns), dtype=np.float32)


def check_predicts_probabilities(model: Any, assignment: str) -> CheckOutcome:
    """The model maps a flattened image to one probability per class."""
    spec = get_assignment(assignment)
    classes = spec.num_classes
    problem = model_problem(model, spec)
    if problem:
        return CheckOutcome.fail(problem)
    try:
        sample = shaped_for(model, sample_images(assignment))
        output = np.asarray(model.predict(sample, verbose=0))
    except Exception as error:
        return CheckOutcome.fail(
            f"The model could not predict on flattened images scaled to [0, 1] ({error}). "
            + spec.revisit("model"),
        )
    if output.shape != (SAMPLE_IMAGES, classes):
        return CheckOutcome.fail(
            f"For {SAMPLE_IMAGES} images the model returned shape {output.shape}; expected "
            f"({SAMPLE_IMAGES}, {classes}): one probability per class.",
        )
    if not np.allclose(output.sum(axis=1), 1.0, atol=1e-3) or (output < 0).any():
        return CheckOutcome.fail(
            "The model's outputs are not probabilities (each row should be non-negative "
            "and sum to 1): check the last layer's activation.",
        )
    return CheckOutcome.ok(f"The model predicts {classes} class probabilities per image.")
