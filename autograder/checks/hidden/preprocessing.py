"""Hidden check for the step 'Preprocess the data': the arrays are the data set's, in order."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.outcome import CheckOutcome, first_placeholder
from autograder.checks.preprocessing import QUESTION
from autograder.contracts.assignments import get_assignment
from autograder.data import read_only_data

CHUNK_ROWS = 1000  # compare big arrays in slices: 0.1 GB of temporaries for CIFAR-10


def check_matches_dataset(
    X_train: Any, X_test: Any, y_train: Any, y_test: Any, assignment: str
) -> CheckOutcome:
    """The prepared arrays hold every image and label of the data set, in order.

    Only identity and order are judged here: shape, scaling and encoding have their
    own checks, so a mistake there is not charged twice. Images count as the data
    set's when one rule maps each pixel value to a number (dividing by 255 once,
    twice or by integer division, changing dtype, flattening or not) and brighter
    stays brighter; labels when they give the original label, one-hot or not.
    """
    spec = get_assignment(assignment)
    STEP = spec.step(QUESTION)  # noqa: N806
    values = {"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test}
    problem = first_placeholder(values, STEP)
    if problem:
        return CheckOutcome.fail(problem)
    (raw_x_train, raw_y_train), (raw_x_test, raw_y_test) = read_only_data(spec.dataset)
    expected = {
        "X_train": raw_x_train,
        "X_test": raw_x_test,
        "y_train": raw_y_train,
        "y_test": raw_y_test,
    }
    for variable, raw in expected.items():
        array = np.asarray(values[variable])
        if array.ndim == 0 or len(array) != len(raw):
            return CheckOutcome.fail(
                f"`{variable}` has {_rows(array)} rows but the data set has {len(raw)}: "
                f"keep every image and label, in order. Revisit '{STEP}'.",
            )
        if variable.startswith("X"):
            same = _same_images(array, raw)
            what = "the loaded images, in their order"
        else:
            same = _same_labels(array, raw)
            what = "the loaded labels, in their order"
        if not same:
            return CheckOutcome.fail(f"`{variable}` does not hold {what}. Revisit '{STEP}'.")
    return CheckOutcome.ok("The prepared arrays hold the whole data set, in order.")


def _rows(array: np.ndarray) -> int:
    return 0 if array.ndim == 0 else len(array)


def _same_images(array: np.ndarray, raw: np.ndarray) -> bool:
    """Each value is the same non-decreasing, non-constant function of the raw pixel."""
    if array.size != raw.size or not np.issubdtype(array.dtype, np.number):
        return False
    values, raw_rows = array.reshape(len(raw), -1), raw.reshape(len(raw), -1)
    mapping = np.full(256, np.nan)
    for start in range(0, len(raw), CHUNK_ROWS):
        pixels = raw_rows[start : start + CHUNK_ROWS].ravel()
        mapped = values[start : start + CHUNK_ROWS].ravel().astype(np.float64)
        seen = np.full(256, np.nan)
        seen[pixels] = mapped  # one value per pixel level (any, if the rule holds)
        mapping = np.where(np.isnan(mapping), seen, mapping)
        expected = mapping[pixels]
        tolerance = 1e-6 * (np.nanmax(np.abs(mapping)) + 1e-12)
        if not np.all(np.abs(mapped - expected) <= tolerance):
            return False
    present = mapping[~np.isnan(mapping)]
    return bool(np.all(np.diff(present) >= 0) and present.max() > present.min())


def _same_labels(array: np.ndarray, raw: np.ndarray) -> bool:
    """One-hot rows (any width) whose argmax is the label, or the labels themselves."""
    labels = raw.reshape(-1)
    if array.ndim == 2 and array.shape[1] > 1:
        return bool((np.argmax(array, axis=1) == labels).all())
    flat = array.reshape(len(array), -1)
    return flat.shape[1] == 1 and bool((flat[:, 0] == labels).all())
