"""Runs inside the grading kernel: records every way a Keras model is trained.

Installed before the student's first cell, it sees each path that changes a
model's weights through Keras:

- ``fit``, whatever it is given (arrays, a ``tf.data.Dataset``, a generator, a
  ``keras.utils.PyDataset``): the batches are signed as the training loop draws
  them from the data pipeline;
- ``train_on_batch``;
- custom loops that apply gradients through an optimizer: the inputs a model was
  called on while a gradient tape recorded, attributed to the model whose
  variables the optimizer then updates.

Each record keeps the model, the weights before and after, the epochs, the
History it returned, and a signature of every training row (to tell training
images from test images later). A path the recorder cannot see (a compiled
``tf.function`` loop, ``set_weights``) leaves the model's final weights
unexplained by its records, which the grader reports. The grader judges the
records outside the kernel (:mod:`autograder.judging.training_record`).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from autograder.contracts.handoff import PROJECTIONS, FitRecord, TrainingKind, row_signatures
from autograder.kernel.headroom import grader_headroom

FIT, BATCH, LOOP = TrainingKind.FIT, TrainingKind.BATCH, TrainingKind.LOOP


@dataclass
class TrainingRecord(FitRecord):
    """One way a model was trained: a ``fit`` call, a run of ``train_on_batch`` calls, or
    the optimizer steps of a custom loop, with the rows it was trained on (signed)."""

    signatures: list[np.ndarray] = field(default_factory=list, repr=False)

    def add_rows(self, x: Any) -> None:
        signed = row_signatures(x)
        if signed is None:
            self.rows_recorded = False
        else:
            self.signatures.append(signed)

    def plain(self) -> FitRecord:
        """The record as the export holds it (signatures travel separately)."""
        return FitRecord(**{f.name: getattr(self, f.name) for f in fields(FitRecord)})

    def all_signatures(self) -> np.ndarray:
        if not self.signatures:
            return np.empty((0, PROJECTIONS))
        return np.unique(np.concatenate(self.signatures), axis=0)


RECORDS: list[TrainingRecord] = []
_STATE = threading.local()  # the fit being recorded, and whether Keras itself is training
_PENDING: dict[int, list[np.ndarray]] = {}  # model id -> inputs signed under a gradient tape
_MODELS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()  # model id -> model


def install() -> None:
    """Wrap Keras' training entry points (once) so every training step is recorded."""
    import keras
    from keras.src.backend.tensorflow import trainer

    if getattr(keras.Model.fit, "__densegrade__", False):
        return
    keras.Model.fit = _marked(_recording_fit(keras.Model.fit))
    keras.Model.train_on_batch = _marked(_recording_train_on_batch(keras.Model.train_on_batch))
    keras.Model.__call__ = _marked(_watching_call(keras.Model.__call__))
    optimizer = keras.optimizers.Optimizer
    optimizer.apply = _marked(_recording_apply(optimizer.apply))
    trainer.TFEpochIterator.__init__ = _marked(_signing_iterator(trainer.TFEpochIterator.__init__))


def _marked(function):
    function.__densegrade__ = True
    return function


def _recording_fit(original):
    @functools.wraps(original)
    def fit(self, x=None, y=None, *args, **kwargs):
        record = TrainingRecord(FIT, id(self), weights_fingerprint(self), rows_recorded=False)
        _STATE.fit, _STATE.keras_training, _STATE.claimed = record, True, False
        _STATE.every_row_drawn = kwargs.get("steps_per_epoch") is None
        try:
            history = original(self, x, y, *args, **kwargs)
        finally:
            _STATE.fit, _STATE.keras_training = None, False
            record.weights_after = weights_fingerprint(self)
        record.history_id = id(history)
        record.epochs_run = len(getattr(history, "epoch", []) or [])
        record.validation = kwargs.get("validation_data") is not None or bool(
            kwargs.get("validation_split")
        )
        record.history_snapshot = history_values(history)
        record.params_snapshot = history_params(history)
        RECORDS.append(record)
        return history

    return fit


def _signing_iterator(original):
    """The first epoch iterator a ``fit`` call makes is its training data: sign its batches."""

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        record = getattr(_STATE, "fit", None)
        if record is None or _STATE.claimed:
            return  # not inside fit, or the validation iterator
        _STATE.claimed = True
        import tensorflow as tf
        from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

        adapter = getattr(self, "data_adapter", None)
        dataset = getattr(self, "_distributed_dataset", None)
        if isinstance(adapter, ArrayDataAdapter) and _STATE.every_row_drawn:
            # Arrays (after any validation split): every epoch draws every row, so they
            # are signed once, in one pass, rather than batch by batch.
            with grader_headroom():
                record.add_rows(_first_tensor(adapter._inputs))
            record.rows_recorded = True
        elif isinstance(dataset, tf.data.Dataset):
            self._distributed_dataset = dataset.map(_batch_signer(record))
            record.rows_recorded = True

    return init


def _batch_signer(record: TrainingRecord):
    import tensorflow as tf

    def sign(features: np.ndarray) -> np.int64:
        with grader_headroom():
            record.add_rows(features)
        return np.int64(0)

    def signed(*element):
        features = _first_tensor(element)
        done = tf.numpy_function(sign, [features], tf.int64, stateful=True)
        with tf.control_dependencies([done]):
            element = tf.nest.map_structure(tf.identity, element)
        return element if len(element) > 1 else element[0]

    return signed


def _first_tensor(element: Any) -> Any:
    """The inputs of a batch: ``x`` of ``(x, y[, weights])``, the first input of several."""
    import tensorflow as tf

    inputs = element[0] if isinstance(element, tuple) else element
    return tf.nest.flatten(inputs)[0]


def _recording_train_on_batch(original):
    @functools.wraps(original)
    def train_on_batch(self, x, *args, **kwargs):
        record = _open_record(self, BATCH)
        _STATE.keras_training = True
        try:
            result = original(self, x, *args, **kwargs)
        finally:
            _STATE.keras_training = False
        with grader_headroom():
            record.add_rows(x)
        record.steps += 1
        record.weights_after = weights_fingerprint(self)
        return result

    return train_on_batch


def _watching_call(original):
    """Sign the inputs a model is called on while a gradient tape records (custom loops)."""

    @functools.wraps(original)
    def call(self, *args, **kwargs):
        if args and _custom_training_step():
            _MODELS[id(self)] = self
            with grader_headroom():
                signed = row_signatures(args[0])
            if signed is not None:
                _PENDING.setdefault(id(self), []).append(signed)
        return original(self, *args, **kwargs)

    return call


def _recording_apply(original):
    """An optimizer step outside Keras' own training belongs to a custom loop."""

    @functools.wraps(original)
    def apply(self, grads, trainable_variables=None, *args, **kwargs):
        if getattr(_STATE, "keras_training", False):
            return original(self, grads, trainable_variables, *args, **kwargs)
        import tensorflow as tf

        variables = trainable_variables or getattr(self, "_trainable_variables", None) or []
        updated = {id(variable) for variable in variables}
        models = [m for m in list(_MODELS.values()) if updated & _variable_ids(m)]
        records = [_open_record(model, LOOP) for model in models]  # before the step
        result = original(self, grads, trainable_variables, *args, **kwargs)
        for model, record in zip(models, records, strict=True):
            pending = _PENDING.pop(id(model), [])
            record.signatures.extend(pending)
            if not pending or not tf.executing_eagerly():
                record.rows_recorded = False  # a compiled loop: its steps are not seen
            record.steps += 1
            record.weights_after = weights_fingerprint(model)
        return result

    return apply


def _variable_ids(model: Any) -> set[int]:
    return {id(variable) for variable in model.trainable_variables}


def _custom_training_step() -> bool:
    """Eager code under a recording gradient tape, outside Keras' own training."""
    if getattr(_STATE, "keras_training", False):
        return False
    import tensorflow as tf
    from tensorflow.python.eager import record

    return tf.executing_eagerly() and record.could_possibly_record()


def _open_record(model: Any, kind: str) -> TrainingRecord:
    """The model's latest record if it is of ``kind`` (steps in a row share one), else new."""
    last = RECORDS[-1] if RECORDS else None
    if last is not None and last.kind == kind and last.model_id == id(model):
        if last.weights_after == weights_fingerprint(model):
            return last
    record = TrainingRecord(kind, id(model), weights_fingerprint(model))
    RECORDS.append(record)
    return record


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
