from autograder.checks import model as model_checks

from .conftest import (
    added_layers_model,
    build_model,
    flattening_model,
    functional_model,
    input_shape_model,
)


def test_the_lesson_model_passes(lesson_model):
    assert model_checks.check_architecture(lesson_model, "mnist_dense").passed


def test_input_shape_on_the_first_dense_layer_is_equivalent():
    assert model_checks.check_architecture(input_shape_model(3072), "cifar10_dense").passed


def test_every_difference_is_listed():
    model = build_model(layers=((64, "relu"), (16, "sigmoid"), (10, "sigmoid")))
    outcome = model_checks.check_architecture(model, "mnist_dense")
    assert not outcome.passed
    assert "differs from the assignment's network in 3 layers, marked *" in outcome.message
    lines = outcome.message.splitlines()
    assert lines[1].split() == ["layer", "yours", "expected"]
    assert "Dense(64, relu), 50,240 parameters" in lines[2] and lines[2].endswith("*")
    assert "Dense(16, sigmoid)" in lines[3] and "Dense(16, relu), 528 parameters" in lines[3]
    assert "Dense(10, sigmoid)" in lines[4] and "Dense(10, softmax)" in lines[4]


def test_flattening_inside_the_model_is_judged_on_its_dense_layers():
    assert model_checks.check_architecture(flattening_model(), "mnist_dense").passed


def test_a_missing_layer_is_reported():
    model = build_model(layers=((32, "relu"), (10, "softmax")))
    outcome = model_checks.check_architecture(model, "mnist_dense")
    assert not outcome.passed and "expected 3 layers, found 2" in outcome.message
    assert "(none)" in outcome.message


def test_a_model_that_is_not_a_model():
    outcome = model_checks.check_architecture("Sequential", "mnist_dense")
    assert not outcome.passed and "not a Keras model" in outcome.message


def test_the_functional_api_is_the_same_network():
    model = functional_model(784)
    outcome = model_checks.check_architecture(model, "mnist_dense")
    assert outcome.passed, outcome.message
    assert [layer.kind for layer in model_checks.describe_layers(model)] == ["Dense"] * 3


def test_sequential_built_with_add_is_the_same_network():
    assert model_checks.check_architecture(added_layers_model(), "mnist_dense").passed


def test_a_missing_layer_is_one_row_not_every_layer_after_it():
    model = build_model(layers=((32, "relu"), (10, "softmax")))
    outcome = model_checks.check_architecture(model, "mnist_dense")
    assert "differs from the assignment's network in 1 layer (expected 3 layers, found 2)" in (
        outcome.message
    )
    rows = outcome.message.splitlines()[2:5]
    assert rows[0].startswith("1") and not rows[0].endswith("*")  # Dense(32, relu) on both
    assert "(none)" in rows[1] and "Dense(16, relu)" in rows[1] and rows[1].endswith("*")
    assert not rows[2].endswith("*")  # Dense(10, softmax) on both
