"""Runs inside the kernel that reads a reference's spec (:mod:`autograder.authoring.spec`).

The reference runs as a student's notebook would, in a kernel prepared like a grading
kernel (the same data layer), until it calls ``fit``: the call is recorded with its
arguments, the model is built on the training inputs' shape instead of trained, and
every later cell is skipped but the one that reports what was read.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

RESULT_MARKER = "DENSEGRADE_SPEC "
KEEP_MARK = "# densegrade: report the spec"  # the one cell run after fit
_FIT: dict[str, Any] = {}


def start() -> None:
    """Replace ``Model.fit`` for this kernel: record the first call, train nothing."""
    import keras

    original = keras.Model.fit

    def fit(self, *args: Any, **kwargs: Any) -> Any:
        if not _FIT:
            _FIT.update(fit_facts(self, original, args, kwargs))
            get_ipython().input_transformers_cleanup.append(_skip_unless_report)  # noqa: F821
        return keras.callbacks.History()

    keras.Model.fit = fit


def fit_facts(model: Any, original: Any, args: tuple, kwargs: dict) -> dict[str, Any]:
    """What the reference's ``fit`` call asks for, and the model built on its inputs."""
    import numpy as np

    bound = inspect.signature(original).bind(model, *args, **kwargs)
    given = set(bound.arguments)
    bound.apply_defaults()
    arguments = bound.arguments
    x = arguments["x"]
    shape = tuple(int(n) for n in np.shape(x)[1:]) if hasattr(x, "shape") else None
    if not model.built and shape is not None:
        model(np.asarray(x[:1]))  # build it as its first training step would
    return {
        "model_id": id(model),
        "epochs": arguments["epochs"],
        "batch_size": arguments["batch_size"] if "batch_size" in given else None,
        "validation": arguments.get("validation_data") is not None
        or bool(arguments.get("validation_split")),
        "validation_split": float(arguments.get("validation_split") or 0.0)
        if arguments.get("validation_data") is None
        else 0.0,
    }


def _skip_unless_report(lines: list[str]) -> list[str]:
    return lines if lines and lines[0].startswith(KEEP_MARK) else []


def report(namespace: dict[str, Any]) -> None:
    """Print what was read, as one JSON line after :data:`RESULT_MARKER`."""
    print(RESULT_MARKER + json.dumps(read(namespace)))


def read(namespace: dict[str, Any]) -> dict[str, Any]:
    from autograder.checks.compile import compile_settings
    from autograder.checks.model import describe_layers

    model = namespace.get("model")
    if not _FIT:
        return {"error": "the reference never calls `fit` (nothing tells the epochs)"}
    if model is None or not hasattr(model, "layers"):
        return {"error": "the reference defines no Keras model named `model`"}
    if id(model) != _FIT["model_id"]:
        return {"error": "the reference trains another model than the one named `model`"}
    settings = compile_settings(model)
    if settings is None:
        return {"error": "the reference's `model` is not compiled before `fit`"}
    layers = [
        {"kind": f.kind, "units": f.units, "activation": f.activation, "settings": f.settings}
        for f in describe_layers(model)
    ]
    return {
        "layers": layers,
        "parameters": int(model.count_params()),
        "compile": settings,
        **{key: value for key, value in _FIT.items() if key != "model_id"},
    }
