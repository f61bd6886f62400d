import keras

from autograder.checks import model as model_checks

from .conftest import build_model


def test_the_lesson_model_passes(lesson_model):
    assert model_checks.check_architecture(lesson_model, "mnist_dense").passed
    assert model_checks.check_input_size(lesson_model, "mnist_dense").passed


def test_input_shape_on_the_first_dense_layer_is_equivalent():
    model = keras.Sequential(
        [
            keras.layers.Dense(32, activation="relu", input_shape=(3072,)),
            keras.layers.Dense(16, activation=keras.activations.relu),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    assert model_checks.check_architecture(model, "cifar10_dense").passed
    assert model_checks.check_input_size(model, "cifar10_dense").passed


def test_every_difference_is_listed():
    model = build_model(layers=((64, "relu"), (16, "sigmoid"), (10, "sigmoid")))
    outcome = model_checks.check_architecture(model, "mnist_dense")
    assert not outcome.passed
    for expected in (
        "layer 1: expected Dense(32, relu), found Dense(64, relu)",
        "layer 2: expected Dense(16, relu), found Dense(16, sigmoid)",
        "layer 3: expected Dense(10, softmax), found Dense(10, sigmoid)",
    ):
        assert expected in outcome.message


def test_a_missing_layer_is_reported():
    model = build_model(layers=((32, "relu"), (10, "softmax")))
    outcome = model_checks.check_architecture(model, "mnist_dense")
    assert not outcome.passed and "expected 3 layers, found 2" in outcome.message


def test_wrong_input_size_is_reported(lesson_model):
    outcome = model_checks.check_input_size(lesson_model, "cifar10_dense")
    assert not outcome.passed
    assert "3072 inputs" in outcome.message and "found 784" in outcome.message


def test_a_model_that_is_not_a_model():
    outcome = model_checks.check_architecture("Sequential", "mnist_dense")
    assert not outcome.passed and "not a Keras model" in outcome.message
