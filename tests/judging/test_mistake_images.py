"""The mistakes' images are drawn at grading: decodable PNGs of the data set's own pixels."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from autograder.data import read_only_data
from autograder.judging import evidence

PREFIX = "data:image/png;base64,"


def decoded(uri: str) -> np.ndarray:
    assert uri.startswith(PREFIX)
    with Image.open(io.BytesIO(base64.b64decode(uri.removeprefix(PREFIX)))) as png:
        png.load()
        assert png.format == "PNG"
        return np.asarray(png)


@pytest.mark.parametrize("shape", [(28, 28), (32, 32, 3)])
def test_an_image_is_written_as_a_png_of_its_own_pixels(shape):
    pixels = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    assert np.array_equal(decoded(evidence.png_uri(pixels)), pixels)


@pytest.mark.parametrize(
    "pixels",
    [np.zeros((28, 28), np.float32), np.zeros((28, 28, 4), np.uint8), np.zeros(9, np.uint8)],
)
def test_what_is_not_a_uint8_grey_or_rgb_image_is_refused(pixels):
    with pytest.raises(ValueError):
        evidence.png_uri(pixels)


def test_each_mistake_shown_carries_its_test_image():
    labels = np.array([0, 1, 2, 3, 4])
    probabilities = np.full((5, 10), 0.01)
    probabilities[[0, 1, 2, 3, 4], [0, 7, 2, 9, 4]] = [0.9, 0.6, 0.9, 0.8, 0.9]  # 1 and 3 wrong
    pixels = np.random.default_rng(1).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    facts = evidence.predictions(probabilities, labels, pixels)
    assert [(m.index, m.true, m.predicted) for m in facts.mistakes] == [(3, 3, 9), (1, 1, 7)]
    for mistake in facts.mistakes:
        assert np.array_equal(decoded(mistake.image), pixels[mistake.index])


def test_an_image_that_cannot_be_drawn_leaves_the_labels_alone():
    labels = np.array([0, 1])
    probabilities = np.eye(10)[[0, 5]]
    facts = evidence.predictions(probabilities, labels, np.zeros((2, 28, 28), np.float32))
    assert [(m.index, m.predicted, m.image) for m in facts.mistakes] == [(1, 5, "")]


def test_the_judge_draws_the_raw_test_images_of_the_data_set(lesson_model, data_dir):
    facts = evidence.test_predictions(lesson_model, "mnist_dense")
    _, (x_test, _) = read_only_data("mnist")
    assert len(facts.mistakes) == evidence.MISTAKES_SHOWN
    for mistake in facts.mistakes:
        drawn = decoded(mistake.image)
        assert drawn.shape == (28, 28) and np.array_equal(drawn, x_test[mistake.index])
