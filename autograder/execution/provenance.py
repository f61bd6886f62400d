"""Runs inside the grading kernel: records every call that trains a Keras model.

``keras.Model.fit`` is wrapped before the student's first cell runs, so each
training call leaves a record: which model, how many samples, a signature of
every training row (to tell the training set from the test set later), the
epochs, the validation data, the weights before and after, and the History it
returned. The grader judges these records outside the kernel.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

SIGNATURE_SEED = 20261125
CHUNK_ROWS = 5000
_SIGNATURE_WEIGHTS: dict[int, np.ndarray] = {}


@dataclass
class FitRecord:
    model_id: int
    history_id: int
    samples: int | None
    epochs_run: int
    validation: bool
    weights_before: str
    weights_after: str
    history_snapshot: dict[str, list[float]]
    params_snapshot: dict[str, Any]
    row_signatures: np.ndarray | None = field(default=None, repr=False)


RECORDS: list[FitRecord] = []


def install() -> None:
    """Wrap ``keras.Model.fit`` (once) so every training call is recorded."""
    import keras

    original = keras.Model.fit
    if getattr(original, "__densegrade__", False):
        return

    @functools.wraps(original)
    def recording_fit(self, x=None, y=None, *args, **kwargs):
        before = weights_fingerprint(self)
        history = original(self, x, y, *args, **kwargs)
        RECORDS.append(
            FitRecord(
                model_id=id(self),
                history_id=id(history),
                samples=_length(x),
                epochs_run=len(getattr(history, "epoch", []) or []),
                validation=kwargs.get("validation_data") is not None
                or bool(kwargs.get("validation_split")),
                weights_before=before,
                weights_after=weights_fingerprint(self),
                history_snapshot=history_values(history),
                params_snapshot=history_params(history),
                row_signatures=row_signatures(x),
            )
        )
        return history

    recording_fit.__densegrade__ = True
    keras.Model.fit = recording_fit


def weights_fingerprint(model: Any) -> str:
    digest = hashlib.sha256()
    for variable in getattr(model, "weights", []):
        digest.update(np.ascontiguousarray(np.asarray(variable)).tobytes())
    return digest.hexdigest()


def history_values(history: Any) -> dict[str, list[float]]:
    values = getattr(history, "history", None)
    if not isinstance(values, dict):
        return {}
    try:
        return {str(key): [float(v) for v in series] for key, series in values.items()}
    except (TypeError, ValueError):
        return {}


def history_params(history: Any) -> dict[str, Any]:
    params = getattr(history, "params", None)
    if not isinstance(params, dict):
        return {}
    return {key: value for key, value in params.items() if isinstance(value, int | float | str)}


def row_signatures(x: Any) -> np.ndarray | None:
    """One integer per image that does not depend on dtype, scaling or flattening order.

    Pixels are mapped back to 0..255 (scaled inputs are multiplied by 255), then
    every row is projected on a fixed random integer vector. The grader computes the
    same signatures for the real training and test images and compares.
    """
    try:
        array = np.asarray(x)
    except Exception:  # a generator or dataset: nothing to sign
        return None
    if array.dtype == object or array.ndim < 2 or array.size == 0:
        return None
    rows = array.reshape(len(array), -1)
    scale = 255.0 if float(rows.max()) <= 1.5 else 1.0
    weights = _signature_weights(rows.shape[1])
    signatures = np.empty(len(rows), dtype=np.int64)
    for start in range(0, len(rows), CHUNK_ROWS):  # in slices: CIFAR-10 is 150M pixels
        chunk = rows[start : start + CHUNK_ROWS].astype(np.float64) * scale
        pixels = np.clip(np.rint(chunk), 0, 255).astype(np.int64)
        signatures[start : start + CHUNK_ROWS] = pixels @ weights
    return signatures


def _signature_weights(width: int) -> np.ndarray:
    if width not in _SIGNATURE_WEIGHTS:
        rng = np.random.default_rng(SIGNATURE_SEED)
        _SIGNATURE_WEIGHTS[width] = rng.integers(1, 2**20, size=width, dtype=np.int64)
    return _SIGNATURE_WEIGHTS[width]


def _length(x: Any) -> int | None:
    try:
        return len(x)
    except TypeError:
        return None
