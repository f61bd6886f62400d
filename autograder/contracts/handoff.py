"""The contract between the grading kernel and the judge: the files of an export.

The kernel (:mod:`autograder.kernel.export`) writes, and the judge
(:mod:`autograder.judging.rebuild`) reads, one folder:

- ``state.json``: an :class:`ExportState` (a typed file, :mod:`autograder.contracts.typed_files`):
  for each gradable variable (:data:`autograder.contracts.assignments.GRADABLE_VARIABLES`) its
  :class:`ExportStatus` and what rebuilds it (:class:`ExportedVariable`), and the
  training records (:class:`FitRecord`);
- ``<array>.<NNN>.npy``: an array in row slices of at most :data:`ARRAY_FILE_BYTES`
  (the judge joins them into ``<array>.joined.npy`` and reads them memory-mapped);
- ``model.keras``: the model, saved by Keras;
- ``fit_signatures.npz``: the row signatures of each training record, as
  ``fit_<record index>`` (:func:`row_signatures`).

The row signatures are part of the contract: the kernel signs the rows a model was
trained on, and the judge signs the data set's images the same way to match them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

import numpy as np

STATE_FILE = "state.json"
MODEL_FILE = "model.keras"
SIGNATURES_FILE = "fit_signatures.npz"
# Arrays are written in files of at most this size: the kernel's file-size cap is the
# student's, and the lesson's own float64 CIFAR-10 array is 1.2 GB.
ARRAY_FILE_BYTES = 64 * 1024**2


class ExportStatus(StrEnum):
    """What the kernel could hand over of a gradable variable."""

    OK = "ok"  # handed over: the judge rebuilds it
    PLACEHOLDER = "placeholder"  # still the stub's `...`
    MISSING = "missing"  # never set (None)
    UNSUPPORTED = "unsupported"  # a value of a kind the grader cannot use
    UNSAVEABLE = "unsaveable"  # a model Keras could not save


OK, PLACEHOLDER, MISSING = ExportStatus.OK, ExportStatus.PLACEHOLDER, ExportStatus.MISSING
UNSUPPORTED, UNSAVEABLE = ExportStatus.UNSUPPORTED, ExportStatus.UNSAVEABLE


class TrainingKind(StrEnum):
    """How a training record trained its model (:mod:`autograder.kernel.recorder`)."""

    FIT = "fit"
    BATCH = "train_on_batch"  # consecutive calls share a record
    LOOP = "custom loop"  # optimizer steps outside Keras' own training


@dataclass(frozen=True)
class ExportedVariable:
    """One gradable variable as the kernel handed it over; which fields are set follows
    its kind (an array's files, a model's file and weights, a history's values)."""

    status: ExportStatus
    type: str = ""  # its Python type, for a value the grader cannot use
    error: str = ""  # why it could not be read or saved
    files: tuple[str, ...] = ()  # an array's row slices, in order
    file: str = ""  # the saved model
    id: int | None = None  # the model's or History's id in the kernel, to match records
    weights: str = ""  # the model's weights fingerprint (recorder.weights_fingerprint)
    values: dict[str, list[float]] = field(default_factory=dict)  # History, as left
    params: dict[str, Any] = field(default_factory=dict)  # History.params


@dataclass
class FitRecord:
    """One way a model was trained, as the export holds it: the kernel's
    :class:`autograder.kernel.recorder.TrainingRecord` (which fills it in as training
    runs) without its row signatures, which travel in :data:`SIGNATURES_FILE`."""

    kind: TrainingKind  # FIT, BATCH (consecutive calls share a record) or LOOP
    model_id: int
    weights_before: str
    weights_after: str = ""
    history_id: int | None = None
    epochs_run: int = 0
    steps: int = 0  # train_on_batch calls or optimizer steps
    validation: bool = False
    history_snapshot: dict[str, list[float]] = field(default_factory=dict)
    params_snapshot: dict[str, Any] = field(default_factory=dict)
    rows_recorded: bool = True  # every batch that trained the model was signed


@dataclass(frozen=True)
class ExportState:
    """``state.json``: the gradable variables by name, and the training records in order
    (a record's index names its signatures)."""

    FORMAT: ClassVar[str] = "densegrade.export-state"
    VERSION: ClassVar[int] = 1

    variables: dict[str, ExportedVariable]
    fits: tuple[FitRecord, ...] = ()


SIGNATURE_SEED = 20261125
PROJECTIONS = 2
CHUNK_ROWS = 1024  # rows signed at once: the memory this costs stays small


def array_file(name: str, piece: int) -> str:
    return f"{name}.{piece:03d}.npy"


def joined_array_file(name: str) -> str:
    """Where the judge joins an array's pieces (beside them, after the kernel is gone)."""
    return f"{name}.joined.npy"


def signatures_key(record_index: int) -> str:
    return f"fit_{record_index}"


def record_index(key: str) -> int:
    return int(key.split("_")[1])


def row_signatures(x: Any) -> np.ndarray | None:
    """Two numbers per image that survive any preprocessing that keeps the image.

    Each row (an image, flattened in its own order) is standardised by its own mean
    and spread, then projected on two fixed random vectors. Scaling by any factor,
    shifting, a change of dtype and flattening (or not) leave the numbers as they
    are, so the grader can compute them for the real training and test images and
    match a student's rows however they were scaled. None when ``x`` is not an array
    of images.
    """
    try:
        array = np.asarray(x)
    except Exception:  # not array-like (a dict of inputs, a ragged list)
        return None
    if array.dtype == object or array.ndim < 2 or not np.issubdtype(array.dtype, np.number):
        return None
    rows = array.reshape(len(array), -1)
    weights = _projection(rows.shape[1])
    signatures = np.empty((len(rows), PROJECTIONS))
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS].astype(np.float64)
        mean = chunk.mean(axis=1, keepdims=True)
        spread = chunk.std(axis=1, keepdims=True)
        spread[spread == 0] = 1.0  # a blank image: all its numbers are 0
        signatures[start : start + CHUNK_ROWS] = ((chunk - mean) / spread) @ weights
    return signatures


@functools.cache
def _projection(width: int) -> np.ndarray:
    return np.random.default_rng(SIGNATURE_SEED).standard_normal((width, PROJECTIONS))
