import keras
import numpy as np
import pytest

from autograder.execution import provenance


@pytest.fixture
def recorder(monkeypatch):
    monkeypatch.setattr(keras.Model, "fit", keras.Model.fit)  # restored after the test
    monkeypatch.setattr(provenance, "RECORDS", [])
    provenance.install()
    return provenance


def test_every_fit_is_recorded(recorder):
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, "softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).random((40, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[np.arange(40) % 10]
    history = model.fit(x, y, epochs=3, validation_data=(x, y), verbose=0)
    (record,) = recorder.RECORDS
    assert record.model_id == id(model) and record.history_id == id(history)
    assert record.samples == 40 and record.epochs_run == 3 and record.validation
    assert record.weights_before != record.weights_after
    assert record.weights_after == recorder.weights_fingerprint(model)
    assert record.history_snapshot == recorder.history_values(history)
    assert len(record.row_signatures) == 40


def test_installing_twice_wraps_once(recorder):
    wrapped = keras.Model.fit
    recorder.install()
    assert keras.Model.fit is wrapped


def test_signatures_ignore_dtype_scaling_and_flattening():
    images = np.random.default_rng(1).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    raw = provenance.row_signatures(images)
    scaled = provenance.row_signatures(images.reshape(5, 784).astype("float32") / 255)
    assert np.array_equal(raw, scaled)
    assert len(set(raw.tolist())) == 5  # distinct images, distinct signatures


def test_inputs_without_rows_have_no_signature():
    assert provenance.row_signatures(None) is None
    assert provenance.row_signatures(np.zeros(5)) is None
