"""Runs inside the grading kernel, after the student's last cell: export what the checks need.

The checks themselves run later in the supervisor (:mod:`autograder.judging`), so
nothing the student's code did to this kernel can change a verdict; the kernel only
hands over data, in the files :mod:`autograder.contracts.handoff` declares: every gradable
variable (:data:`autograder.contracts.assignments.GRADABLE_VARIABLES`, by its kind) and the
training records. Functions used here are captured when the kernel is prepared,
before any student code runs, so later monkeypatching cannot swap them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from autograder.contracts import handoff, typed_files
from autograder.contracts.assignments import ARRAY, GRADABLE_VARIABLES, HISTORY, MODEL
from autograder.contracts.handoff import (
    ARRAY_FILE_BYTES,
    MISSING,
    MODEL_FILE,
    OK,
    PLACEHOLDER,
    SIGNATURES_FILE,
    STATE_FILE,
    UNSAVEABLE,
    UNSUPPORTED,
    ExportedVariable,
    ExportState,
)
from autograder.kernel import recorder
from autograder.kernel.headroom import grader_headroom

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
        dumps=typed_files.dumps,
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
    variables = {
        name: EXPORTERS[variable.kind](namespace.get(name), out, name)
        for name, variable in GRADABLE_VARIABLES.items()
    }
    records = list(recorder.RECORDS)
    signatures = {
        handoff.signatures_key(index): record.all_signatures()
        for index, record in enumerate(records)
    }
    _ORIGINALS["save_arrays"](out / SIGNATURES_FILE, **signatures)
    state = ExportState(variables, tuple(record.plain() for record in records))
    (out / STATE_FILE).write_text(_ORIGINALS["dumps"](state, None), encoding="utf-8")


def _unset(value: Any) -> ExportedVariable | None:
    """The status of a variable the notebook left as the stub's ``...`` or never set."""
    if value is Ellipsis:
        return ExportedVariable(PLACEHOLDER)
    if value is None:
        return ExportedVariable(MISSING)
    return None


def _export_array(value: Any, out: Path, name: str) -> ExportedVariable:
    if (unset := _unset(value)) is not None:
        return unset
    kind = type(value).__name__
    try:
        array = np.asarray(value)
    except Exception as error:
        return ExportedVariable(UNSUPPORTED, type=kind, error=str(error))
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        return ExportedVariable(UNSUPPORTED, type=kind)
    files = []
    for index, piece in enumerate(_pieces(array)):
        path = out / handoff.array_file(name, index)
        _ORIGINALS["save_array"](path, piece, allow_pickle=False)
        files.append(path.name)
    return ExportedVariable(OK, files=tuple(files))


def _pieces(array: np.ndarray) -> list[np.ndarray]:
    """Row slices of at most ARRAY_FILE_BYTES each (one piece for a 0-d or empty array)."""
    if array.ndim == 0 or len(array) == 0:
        return [array]
    row_bytes = max(1, array[:1].nbytes)
    rows = max(1, ARRAY_FILE_BYTES // row_bytes)
    return [array[start : start + rows] for start in range(0, len(array), rows)]


def _export_model(value: Any, out: Path, name: str) -> ExportedVariable:
    if (unset := _unset(value)) is not None:
        return unset
    if not isinstance(value, _ORIGINALS["keras_model"]):
        return ExportedVariable(UNSUPPORTED, type=type(value).__name__)
    described = {"id": id(value), "weights": recorder.weights_fingerprint(value)}
    try:
        _ORIGINALS["save_model"](value, out / MODEL_FILE)
    except Exception as error:
        return ExportedVariable(UNSAVEABLE, error=f"{type(error).__name__}: {error}", **described)
    return ExportedVariable(OK, file=MODEL_FILE, **described)


def _describe_history(value: Any, out: Path, name: str) -> ExportedVariable:
    if (unset := _unset(value)) is not None:
        return unset
    values = recorder.history_values(value)
    return ExportedVariable(
        OK if values or hasattr(value, "params") else UNSUPPORTED,
        type=type(value).__name__,
        id=id(value),
        values=values,
        params=recorder.history_params(value),
    )


# How each kind of gradable variable is handed over.
EXPORTERS = {ARRAY: _export_array, MODEL: _export_model, HISTORY: _describe_history}


def _clear_post_run_hooks() -> None:
    """A student's IPython hook could otherwise rewrite the export after this cell."""
    shell = _ORIGINALS["shell"]
    for event in ("post_execute", "post_run_cell", "pre_execute", "pre_run_cell"):
        shell.events.callbacks[event] = []
