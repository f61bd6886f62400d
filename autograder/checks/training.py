"""Checks for the lesson steps 'Compile the model' and 'Train the model'."""

from __future__ import annotations

from typing import Any

from autograder.assignments import EPOCHS
from autograder.checks.model import model_problem
from autograder.checks.outcome import CheckOutcome, count, placeholder_problem
from autograder.execution import provenance as recorder

COMPILE_STEP = "Compile the model"
TRAIN_STEP = "Train the model"

ACCURACY_METRICS = {"accuracy", "acc", "categorical_accuracy", "CategoricalAccuracy", "Accuracy"}
# The lesson's loss, and the same loss for integer labels (the `one_hot` check charges those).
CROSSENTROPY_LOSSES = {
    "categorical_crossentropy",
    "CategoricalCrossentropy",
    "sparse_categorical_crossentropy",
    "SparseCategoricalCrossentropy",
}


def check_compiled(model: Any) -> CheckOutcome:
    """Compiled with SGD, categorical cross-entropy and the accuracy metric."""
    name = "compiled"
    problem = model_problem(model) or _compile_problem(model)
    if problem:
        return CheckOutcome.fail(name, problem)
    return CheckOutcome.ok(name, "Compiled with SGD, categorical cross-entropy and accuracy.")


def check_history(history: Any) -> CheckOutcome:
    """``history`` comes from ``fit`` over 10 epochs with validation data."""
    name = "history"
    problem = placeholder_problem(history, "history", TRAIN_STEP)
    if problem:
        return CheckOutcome.fail(name, problem)
    metrics = getattr(history, "history", None)
    params = getattr(history, "params", None)
    if not isinstance(metrics, dict) or not isinstance(params, dict):
        return CheckOutcome.fail(
            name,
            f"`history` is a {type(history).__name__}; keep what `model.fit(...)` returns. "
            f"Revisit '{TRAIN_STEP}'.",
        )
    if _edited(history):
        return CheckOutcome.fail(
            name,
            "`history` was changed after training: its values differ from the ones `fit` "
            f"produced. Keep what `fit` returns as it is. Revisit '{TRAIN_STEP}'.",
        )
    epochs = len(metrics.get("loss", []))
    if epochs != EPOCHS:
        return CheckOutcome.fail(
            name,
            f"`history` records {count(epochs, 'epoch')} of training; the lesson asks for "
            f"{EPOCHS}: pass `epochs={EPOCHS}` to `fit`. Revisit '{TRAIN_STEP}'.",
        )
    if "val_loss" not in metrics or "val_accuracy" not in metrics:
        return CheckOutcome.fail(
            name,
            "`history` has no validation results: pass the test set to `fit` as "
            f"`validation_data` (and compile with the accuracy metric). Revisit '{TRAIN_STEP}'.",
        )
    return CheckOutcome.ok(name, f"Trained for {EPOCHS} epochs with validation data.")


def _edited(history: Any) -> bool:
    """The notebook's ``history`` no longer holds what its ``fit`` call returned.

    In the clean process ``history`` is rebuilt from the training record and carries
    what the notebook held at the end (``reported``); in a kernel the record is read
    from the recorder.
    """
    reported = getattr(history, "reported", None)
    if reported is not None:
        return reported != history.history
    returned = [r for r in recorder.RECORDS if r.history_id == id(history)]
    return bool(returned) and returned[-1].history_snapshot != recorder.history_values(history)


def _compile_problem(model: Any) -> str | None:
    config = _compile_config(model)
    if config is None:
        return f"`model` has not been compiled. Revisit '{COMPILE_STEP}'."
    wrong = []
    optimizer = _name_of(config.get("optimizer"))
    if optimizer.lower() != "sgd":
        wrong.append(f"the optimizer is {optimizer}, expected SGD")
    loss = _name_of(config.get("loss"))
    if loss not in CROSSENTROPY_LOSSES:
        wrong.append(f"the loss is {loss}, expected categorical cross-entropy")
    metrics = {_name_of(metric) for metric in config.get("metrics") or []}
    if not metrics & ACCURACY_METRICS:
        wrong.append("the accuracy metric is missing")
    if wrong:
        return "; ".join(wrong).capitalize() + f". Revisit '{COMPILE_STEP}'."
    return None


def _compile_config(model: Any) -> dict | None:
    try:
        return model.get_compile_config() or None
    except Exception:  # an uncompiled or foreign object
        return None


def _name_of(item: Any) -> str:
    """Keras serialises optimizers, losses and metrics as strings or config dicts."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item.get("class_name") or item.get("config", {}).get("name"))
    return type(item).__name__ if item is not None else "missing"
