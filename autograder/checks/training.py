"""Checks for the lesson step 'Train the model': the history ``fit`` returned.

A pure function of values. What ``fit`` returned before the notebook could edit it
arrives as a :class:`TrainedHistory`: the judge rebuilds it from the export, and in a
grading kernel :func:`as_recorded` reads it from the training recorder. What the
model was trained on is a hidden check (:mod:`autograder.checks.hidden.training`).
"""

from __future__ import annotations

import sys
from typing import Any

from autograder.checks.outcome import CheckOutcome, count, placeholder_problem
from autograder.contracts.assignments import get_assignment

QUESTION = "training"
# Looked up, never imported: only a grading kernel has loaded the training recorder.
RECORDER_MODULE = "autograder.kernel.recorder"


class TrainedHistory:
    """What ``fit`` returned, as recorded when it returned, beside what the notebook kept."""

    def __init__(self, values: dict, params: dict | None, reported: dict) -> None:
        self.history = values
        self.params = params or {}
        self.epoch = list(range(len(values.get("loss", []))))
        self.reported = reported  # what the notebook's history held at the end


def check_history(history: Any, assignment: str) -> CheckOutcome:
    """``history`` comes from ``fit`` over the reference's epochs, with validation data
    when the reference trains with it."""
    spec = get_assignment(assignment)
    epochs_asked, revisit = spec.epochs, spec.revisit(QUESTION)
    problem = placeholder_problem(history, "history", spec.step(QUESTION))
    if problem:
        return CheckOutcome.fail(problem)
    metrics = getattr(history, "history", None)
    params = getattr(history, "params", None)
    if not isinstance(metrics, dict) or not isinstance(params, dict):
        return CheckOutcome.fail(
            f"`history` is a {type(history).__name__}; keep what `model.fit(...)` returns. "
            f"{revisit}",
        )
    reported = getattr(history, "reported", None)
    if reported is not None and reported != metrics:
        return CheckOutcome.fail(
            "`history` was changed after training: its values differ from the ones `fit` "
            f"produced. Keep what `fit` returns as it is. {revisit}",
        )
    epochs = len(metrics.get("loss", []))
    if epochs != epochs_asked:
        return CheckOutcome.fail(
            f"`history` records {count(epochs, 'epoch')} of training; the assignment asks for "
            f"{epochs_asked}: pass `epochs={epochs_asked}` to `fit`. {revisit}",
        )
    if spec.validation and ("val_loss" not in metrics or "val_accuracy" not in metrics):
        return CheckOutcome.fail(
            "`history` has no validation results: pass the test set to `fit` as "
            f"`validation_data` (and compile with the accuracy metric). {revisit}",
        )
    validated = " with validation data" if spec.validation else ""
    return CheckOutcome.ok(f"Trained for {count(epochs_asked, 'epoch')}{validated}.")


def as_recorded(history: Any) -> Any:
    """``history`` as ``fit`` returned it, beside what the notebook holds now, in a kernel
    that records training (``otter run``); anything else as it is.

    The recorder is found among the modules already loaded, not imported: a student's
    kernel has none (and the handout does not ship it), so there is nothing to compare.
    """
    recorder = sys.modules.get(RECORDER_MODULE)
    if isinstance(history, TrainedHistory) or recorder is None:
        return history
    returned = [r for r in recorder.RECORDS if r.history_id == id(history)]
    if not returned:
        return history
    record = returned[-1]
    reported = recorder.history_values(history)
    return TrainedHistory(record.history_snapshot, record.params_snapshot, reported)
