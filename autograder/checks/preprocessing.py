"""Checks for the lesson step 'Preprocess the data': flatten, scale, one-hot."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.outcome import CheckOutcome, first_placeholder
from autograder.contracts.assignments import get_assignment

QUESTION = "preprocessing"


def check_flattened(X_train: Any, X_test: Any, assignment: str) -> CheckOutcome:
    """Both image sets are 2-D: one row per image, one column per pixel value."""
    spec = get_assignment(assignment)
    columns, step = spec.input_size, spec.step(QUESTION)
    problem = first_placeholder({"X_train": X_train, "X_test": X_test}, step)
    if problem:
        return CheckOutcome.fail(problem)
    for variable, value in (("X_train", X_train), ("X_test", X_test)):
        shape = np.shape(value)
        if len(shape) != 2 or shape[1] != columns:
            return CheckOutcome.fail(
                f"`{variable}` has shape {shape}; expected a 2-D array with one row per image "
                f"and {columns} columns (every pixel value of an image in one row). "
                f"Revisit '{step}': flatten the images.",
            )
    return CheckOutcome.ok(f"Both image sets are flattened to {columns} columns.")


def check_scaled(X_train: Any, X_test: Any, assignment: str) -> CheckOutcome:
    """Pixel values are floats scaled from 0..255 to [0, 1], exactly once."""
    step = get_assignment(assignment).step(QUESTION)
    problem = first_placeholder({"X_train": X_train, "X_test": X_test}, step)
    if problem:
        return CheckOutcome.fail(problem)
    for variable, value in (("X_train", X_train), ("X_test", X_test)):
        array = np.asarray(value)
        if not np.issubdtype(array.dtype, np.floating):
            return CheckOutcome.fail(
                f"`{variable}` holds {array.dtype} values; expected floats between 0 and 1. "
                f"Revisit '{step}': convert to float and scale.",
            )
        low, high = float(array.min()), float(array.max())
        if low < 0 or high > 1:
            return CheckOutcome.fail(
                f"`{variable}` ranges from {low:g} to {high:g}; expected values in [0, 1]. "
                f"Revisit '{step}': divide the pixel values by their maximum, 255.",
            )
        if high < 0.5:
            return CheckOutcome.fail(
                f"`{variable}` ranges from {low:g} to {high:g}, so its brightest pixel is "
                f"far below 1. Were the values scaled more than once? Revisit '{step}'.",
            )
    return CheckOutcome.ok("Pixel values are scaled to [0, 1].")


def check_one_hot(y_train: Any, y_test: Any, assignment: str) -> CheckOutcome:
    """Labels are one-hot rows, one column per class."""
    spec = get_assignment(assignment)
    classes, step = spec.num_classes, spec.step(QUESTION)
    problem = first_placeholder({"y_train": y_train, "y_test": y_test}, step)
    if problem:
        return CheckOutcome.fail(problem)
    for variable, value in (("y_train", y_train), ("y_test", y_test)):
        array = np.asarray(value)
        if array.ndim != 2 or array.shape[1] != classes:
            return CheckOutcome.fail(
                f"`{variable}` has shape {array.shape}; expected one row per image with "
                f"{classes} columns, one per class. Revisit '{step}': one-hot encode "
                "the labels.",
            )
        is_binary = np.isin(array, (0, 1)).all()
        if not is_binary or not (array.sum(axis=1) == 1).all():
            return CheckOutcome.fail(
                f"`{variable}` is not one-hot: every row must hold a single 1 and zeros "
                f"elsewhere. Revisit '{step}'.",
            )
    return CheckOutcome.ok("Labels are one-hot encoded.")
