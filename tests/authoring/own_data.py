"""A small data set of the instructor's own, made here: 10x10 grey images of 3 kinds of
stroke (a horizontal bar, a vertical bar, a diagonal), with noise, as a course makes one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

CLASSES = ("horizontal", "vertical", "diagonal")
SIDE = 10


def strokes(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(CLASSES), size=count)
    images = rng.integers(0, 60, size=(count, SIDE, SIDE))
    for image, label in zip(images, labels, strict=True):
        where = rng.integers(1, SIDE - 1)
        if label == 0:
            image[where, :] += 180
        elif label == 1:
            image[:, where] += 180
        else:
            image[np.arange(SIDE), np.arange(SIDE)] += 180
    return np.clip(images, 0, 255).astype(np.uint8), labels.astype(np.uint8)


def write_strokes(path: Path, train: int = 900, test: int = 300) -> Path:
    x_train, y_train = strokes(train, seed=1)
    x_test, y_test = strokes(test, seed=2)
    np.savez(
        path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test,
        class_names=np.array(CLASSES),
    )  # fmt: skip
    return path
