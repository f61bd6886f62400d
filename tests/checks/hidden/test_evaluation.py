"""The hidden evaluation check: the test accuracy the grader measures, and when it counts."""

import numpy as np

from autograder.checks.hidden import evaluation
from autograder.checks.hidden.evaluation import prepared_test_set

from ..conftest import training_facts


class _History:
    history = {"val_accuracy": [0.5, 0.97]}


def test_accuracy_of_a_model_trained_on_the_test_set_does_not_count(data_dir, lesson_model):
    facts = training_facts(test_rows_seen=10000)
    outcome = evaluation.check_accuracy(lesson_model, _History(), facts, "mnist_dense")
    assert not outcome.passed and "cannot count" in outcome.message


def test_an_untrained_model_misses_the_threshold(data_dir, lesson_model):
    outcome = evaluation.check_accuracy(lesson_model, _History(), training_facts(), "mnist_dense")
    assert not outcome.passed and "needs at least 0.900" in outcome.message
    assert outcome.detail.startswith("test accuracy")
    assert "the notebook's history reports 0.9700 (MISMATCH)" in outcome.detail


def test_a_model_that_flattens_inside_is_fed_images_in_its_own_shape(data_dir):
    import keras

    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, "softmax")]
    )
    assert 0 <= evaluation.measure_test_accuracy(model, "mnist_dense") <= 1


def test_accuracy_is_measured_against_the_labels(data_dir, monkeypatch):
    _, labels = prepared_test_set("mnist_dense")

    class Oracle:  # a stand-in model that always answers right
        layers = []

        def count_params(self):
            return 0

        def predict(self, features, **kwargs):
            return np.eye(10)[labels[: len(features)]]

    assert evaluation.measure_test_accuracy(Oracle(), "mnist_dense") == 1.0
    outcome = evaluation.check_accuracy(Oracle(), None, training_facts(), "mnist_dense")
    assert outcome.passed and "reports no validation accuracy" in outcome.detail


def test_the_test_set_is_prepared_by_the_grader(data_dir):
    features, labels = prepared_test_set("mnist_dense")
    assert features.shape == (10000, 784) and features.max() == 1.0
    assert labels.shape == (10000,) and set(np.unique(labels)) == set(range(10))
