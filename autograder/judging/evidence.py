"""What the feedback pages show beside the checks, gathered where the checks run.

The judge (:mod:`autograder.judging.harness`) has the rebuilt model, arrays and
history; from them it records plain facts for the reports: the layers,
the compile settings, the prepared arrays' shapes and ranges, the training curves,
and the model's predictions on the grader's own test set (a confusion matrix and
the most confident mistakes). Each part that cannot be read says why instead.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import numpy as np

from autograder.assignments import ARRAY, GRADABLE_VARIABLES, LESSON, variables_of_kind
from autograder.checks.compile import compile_settings
from autograder.checks.evaluation import shaped_for
from autograder.checks.hidden.evaluation import prepared_test_set
from autograder.checks.model import describe_layers, model_problem
from autograder.checks.outcome import placeholder_problem, step

CURVES = ("accuracy", "val_accuracy", "loss", "val_loss")
MISTAKES_SHOWN = 8


def collect(env: dict[str, Any], assignment: str) -> dict[str, Any]:
    """Facts for the reports; a part that fails holds ``{"unavailable": why}``."""
    return {
        "arrays": {
            name: _guarded(describe_array, env.get(name), name) for name in variables_of_kind(ARRAY)
        },
        "layers": _guarded(layer_rows, env.get("model")),
        "compile": _guarded(compile_facts, env.get("model")),
        "curves": _guarded(training_curves, env.get("history")),
        "test": _guarded(test_predictions, env.get("model"), assignment),
    }


def _guarded(function, *args) -> Any:
    try:
        return function(*args)
    except Exception as error:  # a report part must never cost the verdict
        return {"unavailable": f"{type(error).__name__}: {error}"}


def describe_array(value: Any, name: str) -> dict[str, Any]:
    problem = placeholder_problem(value, name, step(GRADABLE_VARIABLES[name].question))
    if problem:
        return {"unavailable": problem}
    array = np.asarray(value)
    facts: dict[str, Any] = {"shape": list(array.shape), "dtype": str(array.dtype)}
    if array.size and np.issubdtype(array.dtype, np.number):
        facts.update(min=float(array.min()), max=float(array.max()))
    return facts


def layer_rows(model: Any) -> list[dict[str, Any]] | dict[str, str]:
    problem = model_problem(model)
    if problem:
        return {"unavailable": problem}
    return [asdict(layer) for layer in describe_layers(model)]


def compile_facts(model: Any) -> dict[str, Any]:
    problem = model_problem(model)
    if problem:
        return {"unavailable": problem}
    return compile_settings(model) or {"unavailable": "the model was not compiled"}


def training_curves(history: Any) -> dict[str, Any]:
    """The per-epoch values ``fit`` produced (as recorded, not as the notebook left them)."""
    problem = placeholder_problem(history, "history", step(GRADABLE_VARIABLES["history"].question))
    if problem:
        return {"unavailable": problem}
    values = getattr(history, "history", None)
    if not isinstance(values, dict):
        return {"unavailable": "`history` holds no per-epoch values"}
    return {
        key: [float(value) for value in values[key]]
        for key in CURVES
        if isinstance(values.get(key), list | tuple)
    }


def test_predictions(model: Any, assignment: str) -> dict[str, Any]:
    """Accuracy, confusion matrix and the most confident mistakes on the grader's test set."""
    problem = model_problem(model)
    if problem:
        return {"unavailable": problem}
    features, labels = prepared_test_set(assignment)
    probabilities = np.asarray(
        model.predict(shaped_for(model, features), batch_size=1024, verbose=0)
    )
    if probabilities.shape != (len(labels), LESSON.num_classes):
        return {"unavailable": f"the model's output has shape {probabilities.shape}"}
    predicted = probabilities.argmax(axis=1)
    confusion = np.zeros((LESSON.num_classes, LESSON.num_classes), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probabilities[wrong, predicted[wrong]]
    shown = wrong[np.argsort(-confidence, kind="stable")[:MISTAKES_SHOWN]]
    return {
        "accuracy": float(np.mean(predicted == labels)),
        "images": int(len(labels)),
        "confusion": confusion.tolist(),  # rows: true class, columns: predicted class
        "mistakes": [
            {
                "index": int(index),
                "true": int(labels[index]),
                "predicted": int(predicted[index]),
                "confidence": round(float(probabilities[index, predicted[index]]), 4),
            }
            for index in shown
        ],
    }
