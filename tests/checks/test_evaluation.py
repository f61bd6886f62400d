import numpy as np

from autograder.checks import evaluation

from .conftest import build_model


def test_the_sample_images_need_no_data_set_and_never_change():
    first, again = (
        evaluation.sample_images("cifar10_dense"),
        evaluation.sample_images("cifar10_dense"),
    )
    assert first.shape == (evaluation.SAMPLE_IMAGES, 3072) and first.dtype == np.float32
    assert 0 <= first.min() and first.max() <= 1 and (first == again).all()


def test_an_untrained_model_predicts_probabilities(data_dir, lesson_model):
    assert evaluation.check_predicts_probabilities(lesson_model, "mnist_dense").passed


def test_a_model_that_flattens_inside_is_fed_images_in_its_own_shape(data_dir):
    import keras

    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, "softmax")]
    )
    assert evaluation.check_predicts_probabilities(model, "mnist_dense").passed


def test_a_model_without_softmax_is_not_a_probability_model(data_dir):
    model = build_model(layers=((32, "relu"), (16, "relu"), (10, "linear")))
    outcome = evaluation.check_predicts_probabilities(model, "mnist_dense")
    assert not outcome.passed and "not probabilities" in outcome.message


def test_a_model_for_the_wrong_input_cannot_predict(data_dir, lesson_model):
    outcome = evaluation.check_predicts_probabilities(lesson_model, "cifar10_dense")
    assert not outcome.passed and "could not predict" in outcome.message
