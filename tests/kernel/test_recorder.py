"""The recorder in this process: every training path leaves a record with signed rows."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from autograder.kernel import recorder as kernel_recorder

ROWS = 64


@pytest.fixture
def recorder(monkeypatch):
    from keras.src.backend.tensorflow import trainer

    for owner, name in (
        (keras.Model, "fit"),
        (keras.Model, "train_on_batch"),
        (keras.Model, "__call__"),
        (keras.optimizers.Optimizer, "apply"),
        (trainer.TFEpochIterator, "__init__"),
    ):
        monkeypatch.setattr(owner, name, getattr(owner, name))  # restored after the test
    monkeypatch.setattr(kernel_recorder, "RECORDS", [])
    kernel_recorder.install()
    return kernel_recorder


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    x = rng.random((ROWS, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[np.arange(ROWS) % 10]
    return x, y


def _model():
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, "softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def _signed(record) -> int:
    return len(record.all_signatures())


def test_fit_on_arrays_is_recorded_with_every_row(recorder, data):
    model = _model()
    history = model.fit(*data, epochs=3, validation_data=data, verbose=0)
    (record,) = recorder.RECORDS
    assert record.kind == "fit" and record.model_id == id(model)
    assert record.history_id == id(history) and record.epochs_run == 3 and record.validation
    assert record.weights_before != record.weights_after
    assert record.weights_after == recorder.weights_fingerprint(model)
    assert record.history_snapshot == recorder.history_values(history)
    assert record.rows_recorded and _signed(record) == ROWS  # validation rows are not signed


def test_a_validation_split_is_not_counted_as_training(recorder, data):
    _model().fit(*data, epochs=1, validation_split=0.25, verbose=0)
    (record,) = recorder.RECORDS
    assert record.validation and _signed(record) == ROWS * 3 // 4


def test_arrays_drawn_in_a_few_steps_are_signed_batch_by_batch(recorder, data):
    _model().fit(*data, epochs=1, steps_per_epoch=2, batch_size=16, verbose=0)
    (record,) = recorder.RECORDS
    assert record.rows_recorded and _signed(record) == 32  # only what was drawn


@pytest.mark.parametrize("source", ["dataset", "generator", "py_dataset"])
def test_fit_on_a_pipeline_signs_the_batches_it_draws(recorder, data, source):
    x, y = data
    if source == "dataset":
        feed = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
    elif source == "generator":

        def batches():
            while True:
                for start in range(0, ROWS, 16):
                    yield x[start : start + 16], y[start : start + 16]

        feed = batches()
    else:

        class Batches(keras.utils.PyDataset):
            def __len__(self):
                return ROWS // 16

            def __getitem__(self, index):
                return x[index * 16 : (index + 1) * 16], y[index * 16 : (index + 1) * 16]

        feed = Batches()
    steps = {"steps_per_epoch": ROWS // 16} if source == "generator" else {}
    _model().fit(feed, epochs=2, verbose=0, **steps)
    (record,) = recorder.RECORDS
    assert record.rows_recorded and _signed(record) == ROWS


def test_train_on_batch_calls_in_a_row_share_a_record(recorder, data):
    model = _model()
    x, y = data
    for start in range(0, ROWS, 16):
        model.train_on_batch(x[start : start + 16], y[start : start + 16])
    (record,) = recorder.RECORDS
    assert record.kind == "train_on_batch" and record.steps == 4 and _signed(record) == ROWS
    assert record.weights_after == recorder.weights_fingerprint(model)


def test_a_custom_loop_through_an_optimizer_is_recorded(recorder, data):
    model, optimizer = _model(), keras.optimizers.SGD()
    loss = keras.losses.CategoricalCrossentropy()
    x, y = data
    model(x[:1])  # outside a tape: not training
    for start in range(0, ROWS, 16):
        with tf.GradientTape() as tape:
            value = loss(y[start : start + 16], model(x[start : start + 16], training=True))
        grads = tape.gradient(value, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
    (record,) = recorder.RECORDS
    assert record.kind == "custom loop" and record.steps == 4 and record.rows_recorded
    assert _signed(record) == ROWS
    assert record.weights_after == recorder.weights_fingerprint(model)


def test_fit_is_not_recorded_twice_by_the_optimizer_hook(recorder, data):
    _model().fit(*data, epochs=1, verbose=0)
    assert [record.kind for record in recorder.RECORDS] == ["fit"]


def test_installing_twice_wraps_once(recorder):
    wrapped = keras.Model.fit
    recorder.install()
    assert keras.Model.fit is wrapped
