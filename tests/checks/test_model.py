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
    assert "differs from the lesson's network in 3 layers, marked *" in outcome.message
    lines = outcome.message.splitlines()
    assert lines[1].split() == ["layer", "yours", "expected"]
    assert "Dense(64, relu), 50,240 parameters" in lines[2] and lines[2].endswith("*")
    assert "Dense(16, sigmoid)" in lines[3] and "Dense(16, relu), 528 parameters" in lines[3]
    assert "Dense(10, sigmoid)" in lines[4] and "Dense(10, softmax)" in lines[4]


def test_flattening_inside_the_model_is_judged_on_its_dense_layers():
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    assert model_checks.check_architecture(model, "mnist_dense").passed
    assert model_checks.check_input_size(model, "mnist_dense").passed


def test_a_missing_layer_is_reported():
    model = build_model(layers=((32, "relu"), (10, "softmax")))
    outcome = model_checks.check_architecture(model, "mnist_dense")
    assert not outcome.passed and "expected 3 layers, found 2" in outcome.message
    assert "(none)" in outcome.message


def test_wrong_input_size_is_reported(lesson_model):
    outcome = model_checks.check_input_size(lesson_model, "cifar10_dense")
    assert not outcome.passed
    assert "3072 inputs" in outcome.message and "found 784" in outcome.message


def test_a_model_that_is_not_a_model():
    outcome = model_checks.check_architecture("Sequential", "mnist_dense")
    assert not outcome.passed and "not a Keras model" in outcome.message


def _functional(inputs: int, flatten: bool = False) -> keras.Model:
    shape = (28, 28) if flatten else (inputs,)
    tensor = first = keras.Input(shape=shape)
    if flatten:
        tensor = keras.layers.Flatten()(tensor)
    for units, activation in ((32, "relu"), (16, "relu"), (10, "softmax")):
        tensor = keras.layers.Dense(units, activation=activation)(tensor)
    return keras.Model(first, tensor)


def test_the_functional_api_is_the_same_network():
    model = _functional(784)
    for check in (model_checks.check_architecture, model_checks.check_input_size):
        outcome = check(model, "mnist_dense")
        assert outcome.passed, outcome.message
    assert [layer.kind for layer in model_checks.describe_layers(model)] == ["Dense"] * 3


def test_a_functional_model_that_flattens_inside():
    assert model_checks.check_input_size(_functional(784, flatten=True), "mnist_dense").passed


def test_a_functional_model_with_the_wrong_input_is_not_called_unbuilt():
    outcome = model_checks.check_input_size(_functional(3072), "mnist_dense")
    assert not outcome.passed
    assert "found 3072" in outcome.message and "not built" not in outcome.message


def test_sequential_built_with_add_is_the_same_network():
    model = keras.Sequential()
    model.add(keras.layers.Dense(units=32, activation="relu", input_shape=(784,)))
    model.add(keras.layers.Dense(units=16, activation="relu"))
    model.add(keras.layers.Dense(units=10, activation="softmax"))
    assert model_checks.check_architecture(model, "mnist_dense").passed
    assert model_checks.check_input_size(model, "mnist_dense").passed
