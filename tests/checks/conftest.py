"""Small real Keras models for the check tests (built in a second, no data set needed), and
the training facts the checks are given."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.training import TrainingFacts


def build_model(input_size: int = 784, layers=((32, "relu"), (16, "relu"), (10, "softmax"))):
    import keras

    model = keras.Sequential(
        [keras.Input(shape=(input_size,))]
        + [keras.layers.Dense(units, activation=activation) for units, activation in layers]
    )
    return model


@pytest.fixture
def lesson_model():
    model = build_model()
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture
def tiny_training_set():
    rng = np.random.default_rng(0)
    features = rng.random((64, 784), dtype=np.float32)
    labels = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 64)]
    return features, labels


def training_facts(**changes) -> TrainingFacts:
    """The facts of an honest training of the lesson's model on MNIST, with ``changes``."""
    honest = dict(
        fits=1,
        epochs=10,
        weights_match_training=True,
        train_rows_seen=60000,
        test_rows_seen=0,
        unknown_rows=0,
        rows_unseen=False,
        other_test_rows=0,
        train_size=60000,
        test_size=10000,
    )
    return TrainingFacts(**{**honest, **changes})
