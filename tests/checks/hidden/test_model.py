"""The hidden model check: one flattened image in, the lesson's parameter count."""

from autograder.checks.hidden import model as model_checks

from ..conftest import added_layers_model, flattening_model, functional_model, input_shape_model


def test_the_lesson_model_passes(lesson_model):
    assert model_checks.check_input_size(lesson_model, "mnist_dense").passed


def test_input_shape_on_the_first_dense_layer_is_equivalent():
    assert model_checks.check_input_size(input_shape_model(3072), "cifar10_dense").passed


def test_flattening_inside_the_model_is_judged_on_its_dense_layers():
    assert model_checks.check_input_size(flattening_model(), "mnist_dense").passed


def test_wrong_input_size_is_reported(lesson_model):
    outcome = model_checks.check_input_size(lesson_model, "cifar10_dense")
    assert not outcome.passed
    assert "3072 inputs" in outcome.message and "found 784" in outcome.message


def test_the_functional_api_is_the_same_network():
    outcome = model_checks.check_input_size(functional_model(784), "mnist_dense")
    assert outcome.passed, outcome.message


def test_a_functional_model_that_flattens_inside():
    assert model_checks.check_input_size(functional_model(784, flatten=True), "mnist_dense").passed


def test_a_functional_model_with_the_wrong_input_is_not_called_unbuilt():
    outcome = model_checks.check_input_size(functional_model(3072), "mnist_dense")
    assert not outcome.passed
    assert "found 3072" in outcome.message and "not built" not in outcome.message


def test_sequential_built_with_add_is_the_same_network():
    assert model_checks.check_input_size(added_layers_model(), "mnist_dense").passed
