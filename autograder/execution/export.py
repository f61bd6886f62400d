"""Runs inside the grading kernel, after the student's last cell: export what the checks need.

The checks themselves run later in a clean process (``autograder.checks.clean_run``),
so nothing the student's code did to this kernel can change a verdict; the kernel
only hands over data: the prepared arrays, the model file, the history values and
the training records. Functions used here are captured when the kernel is
prepared, before any student code runs, so later monkeypatching cannot swap them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from autograder.execution import provenance

ARRAY_VARIABLES = ("X_train", "X_test", "y_train", "y_test")
STATE_FILE = "state.json"
MODEL_FILE = "model.keras"
SIGNATURES_FILE = "fit_signatures.npz"

_ORIGINALS: dict[str, Any] = {}


def capture_originals() -> None:
    """Keep references to the functions the export relies on (called at kernel setup)."""
    import keras
    from IPython import get_ipython

    _ORIGINALS.update(
        shell=get_ipython(),
        save_array=np.save,
        save_arrays=np.savez,
        save_model=keras.saving.save_model,
        keras_model=keras.Model,
        dump_json=json.dump,
    )


def export_state(directory: str) -> None:
    namespace = _ORIGINALS["shell"].user_ns
    _clear_post_run_hooks()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    state: dict[str, Any] = {"variables": {}, "fits": []}
    for name in ARRAY_VARIABLES:
        state["variables"][name] = _export_array(namespace.get(name), out / f"{name}.npy")
    state["model"] = _export_model(namespace.get("model"), out / MODEL_FILE)
    state["history"] = _describe_history(namespace.get("history"))
    signatures = {}
    for index, record in enumerate(provenance.RECORDS):
        entry = {k: v for k, v in vars(record).items() if k != "row_signatures"}
        state["fits"].append(entry)
        if record.row_signatures is not None:
            signatures[f"fit_{index}"] = record.row_signatures
    _ORIGINALS["save_arrays"](out / SIGNATURES_FILE, **signatures)
    with (out / STATE_FILE).open("w", encoding="utf-8") as handle:
        _ORIGINALS["dump_json"](state, handle)


def _export_array(value: Any, path: Path) -> dict[str, Any]:
    if value is Ellipsis:
        return {"status": "placeholder"}
    if value is None:
        return {"status": "missing"}
    try:
        array = np.asarray(value)
    except Exception as error:
        return {"status": "unsupported", "type": type(value).__name__, "error": str(error)}
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        return {"status": "unsupported", "type": type(value).__name__}
    _ORIGINALS["save_array"](path, array, allow_pickle=False)
    return {"status": "ok", "file": path.name}


def _export_model(value: Any, path: Path) -> dict[str, Any]:
    if value is Ellipsis:
        return {"status": "placeholder"}
    if value is None:
        return {"status": "missing"}
    if not isinstance(value, _ORIGINALS["keras_model"]):
        return {"status": "unsupported", "type": type(value).__name__}
    description = {"id": id(value), "weights": provenance.weights_fingerprint(value)}
    try:
        _ORIGINALS["save_model"](value, path)
    except Exception as error:
        return {**description, "status": "unsaveable", "error": f"{type(error).__name__}: {error}"}
    return {**description, "status": "ok", "file": path.name}


def _describe_history(value: Any) -> dict[str, Any]:
    if value is Ellipsis:
        return {"status": "placeholder"}
    if value is None:
        return {"status": "missing"}
    values = provenance.history_values(value)
    return {
        "status": "ok" if values or hasattr(value, "params") else "unsupported",
        "type": type(value).__name__,
        "id": id(value),
        "values": values,
        "params": provenance.history_params(value),
    }


def _clear_post_run_hooks() -> None:
    """A student's IPython hook could otherwise rewrite the export after this cell."""
    shell = _ORIGINALS["shell"]
    for event in ("post_execute", "post_run_cell", "pre_execute", "pre_run_cell"):
        shell.events.callbacks[event] = []
