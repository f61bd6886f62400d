"""Rebuild a notebook's gradable variables from what its grading kernel exported.

The student's kernel is gone by now: the model is rebuilt from its saved
architecture and weights (``safe_mode``: no student code is deserialised), the
arrays are read back, and ``history`` is rebuilt as ``fit`` returned it, beside
what the notebook held at the end. Which variables, and how each kind is read,
follows :data:`autograder.contracts.assignments.GRADABLE_VARIABLES` and the file contract of
:mod:`autograder.contracts.handoff`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras
import numpy as np

from autograder.checks.outcome import Unavailable
from autograder.checks.training import TrainedHistory
from autograder.contracts import handoff, typed_files
from autograder.contracts.assignments import ARRAY, GRADABLE_VARIABLES, HISTORY, MODEL
from autograder.contracts.handoff import (
    MISSING,
    OK,
    PLACEHOLDER,
    STATE_FILE,
    UNSAVEABLE,
    ExportedVariable,
    ExportState,
)

MAPPED_FROM_BYTES = 1024**2  # smaller array files are read into memory


def read_state(export_dir: Path) -> ExportState:
    """The export's state; :class:`~autograder.contracts.typed_files.FileFormatError` when it is
    absent or malformed (the grader's failure: the kernel writes it after the student)."""
    return typed_files.read(ExportState, export_dir / STATE_FILE)


def read_signatures(export_dir: Path) -> dict[int, np.ndarray]:
    """Each training record's row signatures, by record index."""
    with np.load(export_dir / handoff.SIGNATURES_FILE) as saved:
        return {handoff.record_index(key): saved[key] for key in saved.files}


def rebuild_variables(state: ExportState, export_dir: Path) -> dict[str, Any]:
    """Every gradable variable as the checks take it, by name."""
    readers = {ARRAY: _array, MODEL: _model, HISTORY: _history}
    return {
        name: readers[variable.kind](name, state.variables[name], export_dir, state)
        for name, variable in GRADABLE_VARIABLES.items()
    }


def _unset(info: ExportedVariable, variable: str) -> Any:
    if info.status == PLACEHOLDER:
        return Ellipsis
    if info.status == MISSING:
        return None
    return Unavailable(f"`{variable}` is a {info.type or 'value'} the grader cannot use.")


def _array(name: str, info: ExportedVariable, export_dir: Path, state: ExportState) -> Any:
    if info.status != OK:
        return _unset(info, name)
    files = [export_dir / file for file in info.files]
    if len(files) == 1:
        return _mapped(files[0])
    return _joined(files, export_dir / handoff.joined_array_file(name))


def _mapped(path: Path) -> np.ndarray:
    """The array in ``path``, read from disk as it is used (memory-mapped, read-only): the
    judge holds no copy of a large array in its own memory, only pages the checks read."""
    if path.stat().st_size < MAPPED_FROM_BYTES:  # not worth a mapping (nor can an empty one be)
        return np.load(path, allow_pickle=False)
    return np.load(path, mmap_mode="r", allow_pickle=False)


def _joined(files: list[Path], path: Path) -> np.ndarray:
    """The pieces' rows in one file, read back memory-mapped: a concatenation without a
    copy in memory. The file is written with plain writes, one piece mapped at a time: a
    writable mapping of the whole (or every piece mapped at once) would keep each page it
    touched resident until the end, 1.5 GB more for the lesson's CIFAR-10 arrays."""
    pieces = [_mapped(file) for file in files]  # headers only: no page of data is read
    shape = (sum(len(piece) for piece in pieces), *pieces[0].shape[1:])
    dtype = np.result_type(*pieces)
    del pieces
    header = {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False}
    with path.open("wb") as out:
        np.lib.format.write_array_header_2_0(out, {**header, "shape": shape})
        for file in files:
            out.write(np.ascontiguousarray(_mapped(file), dtype=dtype).data)
    return np.load(path, mmap_mode="r", allow_pickle=False)


def _model(name: str, info: ExportedVariable, export_dir: Path, state: ExportState) -> Any:
    if info.status == UNSAVEABLE:
        return Unavailable(
            f"`{name}` could not be saved for grading, so it cannot be checked "
            f"({info.error or 'unknown error'}). Use only standard Keras layers."
        )
    if info.status != OK:
        return _unset(info, name)
    try:
        return keras.saving.load_model(export_dir / info.file, safe_mode=True)
    except Exception as error:
        return Unavailable(
            f"`{name}` could not be rebuilt from its saved form ({type(error).__name__}: "
            f"{error}). Use only standard Keras layers."
        )


def _history(name: str, info: ExportedVariable, export_dir: Path, state: ExportState) -> Any:
    if info.status != OK:
        return _unset(info, name)
    returned = [fit for fit in state.fits if fit.history_id == info.id]
    if not returned:
        return Unavailable(
            f"`{name}` is not what `model.fit(...)` returned: keep the object that `fit` "
            "gives back. Revisit 'Train the model'."
        )
    # Judge what training produced, not what the notebook may have written into it since.
    record = returned[-1]
    return TrainedHistory(record.history_snapshot, record.params_snapshot, info.values)


def exported_model(state: ExportState) -> ExportedVariable:
    """The export's description of the model (its id and weights fingerprint)."""
    model = next(name for name, v in GRADABLE_VARIABLES.items() if v.kind == MODEL)
    return state.variables[model]
