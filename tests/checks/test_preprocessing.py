import numpy as np
import pytest

from autograder.checks import preprocessing


def test_the_lesson_preprocessing_passes_every_check(prepared_mnist):
    p = prepared_mnist
    assert preprocessing.check_flattened(p["X_train"], p["X_test"], "mnist_dense").passed
    assert preprocessing.check_scaled(p["X_train"], p["X_test"], "mnist_dense").passed
    assert preprocessing.check_one_hot(p["y_train"], p["y_test"], "mnist_dense").passed


def test_unflattened_images_are_reported_with_their_shape():
    images = np.zeros((5, 28, 28), np.float32)
    outcome = preprocessing.check_flattened(images, images, "mnist_dense")
    assert not outcome.passed
    assert "(5, 28, 28)" in outcome.message and "784 columns" in outcome.message


def test_cifar_needs_3072_columns():
    images = np.zeros((5, 784), np.float32)
    outcome = preprocessing.check_flattened(images, images, "cifar10_dense")
    assert not outcome.passed and "3072 columns" in outcome.message


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (np.full((3, 784), 255, np.uint8), "holds uint8 values"),
        (np.full((3, 784), 255.0), "ranges from 255 to 255"),
        (np.full((3, 784), 1 / 255), "scaled more than once"),
    ],
)
def test_unscaled_or_twice_scaled_values_fail(values, expected):
    outcome = preprocessing.check_scaled(values, values, "mnist_dense")
    assert not outcome.passed and expected in outcome.message


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (np.arange(5), "expected one row per image with 10 columns"),
        (np.eye(11)[:5], "(5, 11)"),
        (np.full((5, 10), 0.1), "not one-hot"),
    ],
)
def test_labels_must_be_one_hot_with_ten_columns(labels, expected):
    outcome = preprocessing.check_one_hot(labels, labels, "mnist_dense")
    assert not outcome.passed and expected in outcome.message


def test_placeholders_fail_with_the_step_name():
    outcome = preprocessing.check_one_hot(..., ..., "mnist_dense")
    assert not outcome.passed and "'Preprocess the data'" in outcome.message
