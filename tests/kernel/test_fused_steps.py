"""``fit`` on arrays in the grading kernel: many steps per call, the same training."""

import hashlib

import keras
import numpy as np
import pytest

from autograder.kernel import fused_steps


@pytest.fixture
def fused():
    """keras.Model.fit fused for one test, then Keras' own again."""
    original = keras.Model.fit
    fused_steps.install()
    yield
    keras.Model.fit = original


def train(**fit_options):
    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(0)
    x = rng.random((1000, 20), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 1000)]
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(
        x, y, epochs=3, batch_size=32, validation_data=(x[:100], y[:100]), verbose=0, **fit_options
    )
    weights = hashlib.sha256(b"".join(w.numpy().tobytes() for w in model.weights)).hexdigest()
    return model, weights, history.history


def test_a_fused_fit_trains_the_same_weights_and_history_bit_for_bit(fused, monkeypatch):
    steps = []
    make = keras.Model.make_train_function

    def spy(self, force=False):
        steps.append(self.steps_per_execution)
        return make(self, force)

    monkeypatch.setattr(keras.Model, "make_train_function", spy)
    model, weights, history = train()
    assert set(steps) == {fused_steps.STEPS_PER_CALL}
    keras.Model.fit = keras.Model.fit.__wrapped__  # Keras' own fit
    steps.clear()
    _, own_weights, own_history = train()
    assert set(steps) == {1}
    assert (weights, history) == (own_weights, own_history)
    assert model.steps_per_execution == 1 and model.train_function is None  # given back


def test_only_a_plain_fit_on_arrays_is_fused():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((4, 2), np.float32)
    assert fused_steps._plain(model, {"x": x, "y": x[:, :1], "validation_data": (x, x[:, :1])})
    for changed in (
        {"callbacks": [keras.callbacks.History()]},
        {"steps_per_epoch": 2},
        {"x": list(x)},
        {"validation_data": ([1], [1])},
    ):
        assert not fused_steps._plain(model, {"x": x, "y": x[:, :1], **changed}), changed
    model.compile(optimizer="sgd", loss="mse", steps_per_execution=4)  # the student's own
    assert not fused_steps._plain(model, {"x": x, "y": x[:, :1]})


def test_a_students_own_steps_per_execution_is_kept(fused):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", steps_per_execution=4)
    model.fit(np.zeros((8, 2), np.float32), np.zeros((8, 1), np.float32), verbose=0)
    assert model.steps_per_execution == 4
