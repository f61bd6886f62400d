"""Small real Keras models for the check tests (built in a second, no data set needed), the
lesson's preprocessed MNIST, and the training facts the checks are given. Shared by the
public checks' tests here and the hidden checks' tests in ``hidden/``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.hidden.training import TrainingFacts
from autograder.data import load_data


def build_model(input_size: int = 784, layers=((32, "relu"), (16, "relu"), (10, "softmax"))):
    import keras

    model = keras.Sequential(
        [keras.Input(shape=(input_size,))]
        + [keras.layers.Dense(units, activation=activation) for units, activation in layers]
    )
    return model


def input_shape_model(input_size: int = 784):
    """The lesson's network with the input shape given to its first Dense layer."""
    import keras

    return keras.Sequential(
        [
            keras.layers.Dense(32, activation="relu", input_shape=(input_size,)),
            keras.layers.Dense(16, activation=keras.activations.relu),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def flattening_model():
    """The lesson's network for MNIST, flattening the 28x28 images inside the model."""
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def added_layers_model():
    """The lesson's network for MNIST, built with ``Sequential.add``."""
    import keras

    model = keras.Sequential()
    model.add(keras.layers.Dense(units=32, activation="relu", input_shape=(784,)))
    model.add(keras.layers.Dense(units=16, activation="relu"))
    model.add(keras.layers.Dense(units=10, activation="softmax"))
    return model


def functional_model(inputs: int, flatten: bool = False):
    """The lesson's network through the functional API, flattening 28x28 images inside
    when ``flatten``."""
    import keras

    shape = (28, 28) if flatten else (inputs,)
    tensor = first = keras.Input(shape=shape)
    if flatten:
        tensor = keras.layers.Flatten()(tensor)
    for units, activation in ((32, "relu"), (16, "relu"), (10, "softmax")):
        tensor = keras.layers.Dense(units, activation=activation)(tensor)
    return keras.Model(first, tensor)


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


@pytest.fixture(scope="module")
def prepared_mnist(data_dir):
    """MNIST flattened, scaled and one-hot encoded as the lesson does."""
    (x_train, y_train), (x_test, y_test) = load_data("mnist")
    return {
        "X_train": x_train.reshape(len(x_train), 784).astype("float32") / 255,
        "X_test": x_test.reshape(len(x_test), 784).astype("float32") / 255,
        "y_train": np.eye(10, dtype="float32")[y_train],
        "y_test": np.eye(10, dtype="float32")[y_test],
    }


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
