"""Checks for the lesson step 'Compile the model': optimizer, loss and metric."""

from __future__ import annotations

from typing import Any

from autograder.checks.model import model_problem
from autograder.checks.outcome import CheckOutcome
from autograder.contracts.assignments import ACCURACY_METRICS, Assignment, get_assignment

QUESTION = "compile"


def check_compiled(model: Any, assignment: str) -> CheckOutcome:
    """Compiled with the reference's optimizer, loss (or its equivalent) and accuracy metric."""
    spec = get_assignment(assignment)
    problem = model_problem(model, spec) or _compile_problem(model, spec)
    if problem:
        return CheckOutcome.fail(problem)
    return CheckOutcome.ok(f"Compiled with {spec.optimizer}, {spec.loss_words} and accuracy.")


def compile_settings(model: Any) -> dict[str, Any] | None:
    """The optimizer, loss and metric names the model was compiled with; None if it was not."""
    try:
        config = model.get_compile_config() or None
    except Exception:  # an uncompiled or foreign object
        return None
    if config is None:
        return None
    return {
        "optimizer": setting_name(config.get("optimizer")),
        "loss": setting_name(config.get("loss")),
        "metrics": [setting_name(metric) for metric in config.get("metrics") or []],
    }


def setting_name(item: Any) -> str:
    """Keras serialises optimizers, losses and metrics as strings or config dicts."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item.get("class_name") or item.get("config", {}).get("name"))
    return type(item).__name__ if item is not None else "missing"


def _compile_problem(model: Any, spec: Assignment) -> str | None:
    settings = compile_settings(model)
    if settings is None:
        return f"`model` has not been compiled. {spec.revisit(QUESTION)}"
    wrong = []
    if settings["optimizer"].lower() != spec.optimizer.lower():
        wrong.append(f"the optimizer is {settings['optimizer']}, expected {spec.optimizer}")
    if settings["loss"] not in spec.losses:
        wrong.append(f"the loss is {settings['loss']}, expected {spec.loss_words}")
    if not set(settings["metrics"]) & set(ACCURACY_METRICS):
        wrong.append("the accuracy metric is missing")
    if wrong:
        text = "; ".join(wrong)  # capitalised at its first letter only: names keep their case
        return text[0].upper() + text[1:] + f". {spec.revisit(QUESTION)}"
    return None
