"""The contract between the grading kernel and the judge: the files of an export.

The kernel (:mod:`autograder.kernel.export`) writes, and the judge
(:mod:`autograder.judging.rebuild`) reads, one folder:

- ``state.json``: for each gradable variable (:data:`autograder.assignments.GRADABLE_VARIABLES`)
  its status (``ok``, ``placeholder``, ``missing``, ``unsupported``, ``unsaveable``)
  and what rebuilds it; and the training records (``fits``), one dict each;
- ``<array>.<NNN>.npy``: an array in row slices of at most :data:`ARRAY_FILE_BYTES`;
- ``model.keras``: the model, saved by Keras;
- ``fit_signatures.npz``: the row signatures of each training record, as
  ``fit_<record index>`` (:func:`row_signatures`).

The row signatures are part of the contract: the kernel signs the rows a model was
trained on, and the judge signs the data set's images the same way to match them.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

STATE_FILE = "state.json"
MODEL_FILE = "model.keras"
SIGNATURES_FILE = "fit_signatures.npz"
# Arrays are written in files of at most this size: the kernel's file-size cap is the
# student's, and the lesson's own float64 CIFAR-10 array is 1.2 GB.
ARRAY_FILE_BYTES = 64 * 1024**2

# Statuses of an exported variable.
OK, PLACEHOLDER, MISSING, UNSUPPORTED, UNSAVEABLE = (
    "ok",
    "placeholder",
    "missing",
    "unsupported",
    "unsaveable",
)

SIGNATURE_SEED = 20261125
PROJECTIONS = 2
CHUNK_ROWS = 1024  # rows signed at once: the memory this costs stays small


def array_file(name: str, piece: int) -> str:
    return f"{name}.{piece:03d}.npy"


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
