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
from autograder.execution.headroom import grader_headroom

ARRAY_VARIABLES = ("X_train", "X_test", "y_train", "y_test")
# Arrays are written in files of at most this size: the kernel's file-size cap is the
# student's, and the lesson's own float64 CIFAR-10 array is 1.2 GB.
ARRAY_FILE_BYTES = 64 * 1024**2
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
    """Write what the checks need to ``directory`` (in the grader's memory reserve)."""
    with grader_headroom():
        _export_state(directory)


def _export_state(directory: str) -> None:
    namespace = _ORIGINALS["shell"].user_ns
    _clear_post_run_hooks()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    state: dict[str, Any] = {"variables": {}, "fits": []}
    for name in ARRAY_VARIABLES:
        state["variables"][name] = _export_array(namespace.get(name), out, name)
    state["model"] = _export_model(namespace.get("model"), out / MODEL_FILE)
    state["history"] = _describe_history(namespace.get("history"))
    signatures = {}
    for index, record in enumerate(provenance.RECORDS):
        state["fits"].append(record.plain())
        signatures[f"fit_{index}"] = record.all_signatures()
    _ORIGINALS["save_arrays"](out / SIGNATURES_FILE, **signatures)
    with (out / STATE_FILE).open("w", encoding="utf-8") as handle:
        _ORIGINALS["dump_json"](state, handle)


def _export_array(value: Any, out: Path, name: str) -> dict[str, Any]:
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
    files = []
    for index, piece in enumerate(_pieces(array)):
        path = out / f"{name}.{index:03d}.npy"
        _ORIGINALS["save_array"](path, piece, allow_pickle=False)
        files.append(path.name)
    return {"status": "ok", "files": files}


def _pieces(array: np.ndarray) -> list[np.ndarray]:
    """Row slices of at most ARRAY_FILE_BYTES each (one piece for a 0-d or empty array)."""
    if array.ndim == 0 or len(array) == 0:
        return [array]
    row_bytes = max(1, array[:1].nbytes)
    rows = max(1, ARRAY_FILE_BYTES // row_bytes)
    return [array[start : start + rows] for start in range(0, len(array), rows)]


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
