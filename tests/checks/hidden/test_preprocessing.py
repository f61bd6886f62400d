"""The hidden preprocessing check: the prepared arrays are the data set's, in order."""

import numpy as np
import pytest

from autograder.checks.hidden import preprocessing
from autograder.data import load_data


def test_the_lesson_preprocessing_matches_the_dataset(prepared_mnist):
    assert preprocessing.check_matches_dataset(*prepared_mnist.values(), "mnist_dense").passed


def test_a_subset_or_shuffled_labels_do_not_match_the_dataset(prepared_mnist):
    p = dict(prepared_mnist)
    subset = preprocessing.check_matches_dataset(
        p["X_train"][:1000], p["X_test"], p["y_train"], p["y_test"], "mnist_dense"
    )
    assert not subset.passed and "1000 rows but the data set has 60000" in subset.message
    shifted = preprocessing.check_matches_dataset(
        p["X_train"], p["X_test"], np.roll(p["y_train"], 1, axis=0), p["y_test"], "mnist_dense"
    )
    assert not shifted.passed and "`y_train` does not hold the loaded labels" in shifted.message


def _raw(split: str):
    (x_train, y_train), (x_test, y_test) = load_data("mnist")
    return {"train": (x_train, y_train), "test": (x_test, y_test)}[split]


@pytest.mark.parametrize(
    "prepare",
    [
        lambda x: x / x.max(),  # the lesson's float64
        lambda x: x.astype("float32") / 255 / 255,  # scaled twice: `scaled` charges it
        lambda x: x // 255,  # integer division: `scaled` charges it
        lambda x: x.reshape(len(x), 28, 28).astype("float32") / 255,  # `flattened` charges it
        lambda x: (x - x.mean()) / x.std(),  # standardised instead of scaled
    ],
    ids=["lesson float64", "scaled twice", "integer division", "not flattened", "standardised"],
)
def test_matches_dataset_judges_identity_not_scaling_or_shape(prepared_mnist, prepare):
    p = dict(prepared_mnist)
    x_train, _ = _raw("train")
    x_test, _ = _raw("test")
    p["X_train"] = prepare(x_train.reshape(60000, 784).astype("float64"))
    p["X_test"] = prepare(x_test.reshape(10000, 784).astype("float64"))
    outcome = preprocessing.check_matches_dataset(*p.values(), "mnist_dense")
    assert outcome.passed, outcome.message


def test_matches_dataset_accepts_integer_labels_and_extra_columns(prepared_mnist):
    p = dict(prepared_mnist)
    _, y_train = _raw("train")
    _, y_test = _raw("test")
    integer = preprocessing.check_matches_dataset(
        p["X_train"], p["X_test"], y_train, y_test.reshape(-1, 1), "mnist_dense"
    )
    assert integer.passed, integer.message
    wide = preprocessing.check_matches_dataset(
        p["X_train"], p["X_test"], np.eye(11)[y_train], np.eye(11)[y_test], "mnist_dense"
    )
    assert wide.passed, wide.message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda x: x[::-1], "`X_train` does not hold the loaded images"),  # reordered
        (lambda x: x / x.max(axis=1, keepdims=True), "does not hold the loaded images"),
        (lambda x: 1 - x, "does not hold the loaded images"),  # inverted: darker is brighter
        (lambda x: np.zeros_like(x), "does not hold the loaded images"),
    ],
    ids=["reordered", "per-image scaling", "inverted", "blank"],
)
def test_images_that_are_not_the_data_set_in_order_fail(prepared_mnist, change, expected):
    p = dict(prepared_mnist)
    p["X_train"] = change(p["X_train"])
    outcome = preprocessing.check_matches_dataset(*p.values(), "mnist_dense")
    assert not outcome.passed and expected in outcome.message
