"""The data sets densegrade knows: their specification, declared once.

The Keras image data sets by name, with the sha256 of each array where it is published
here; an instructor's own ``.npz`` is named by its file name
(:data:`autograder.contracts.assignments.OWN_SUFFIX`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

ARRAY_KEYS = ("x_train", "y_train", "x_test", "y_test")

Split = tuple[np.ndarray, np.ndarray]


class DatasetError(RuntimeError):
    """A data set could not be served; the message says what to do."""


@dataclass(frozen=True)
class DatasetSpec:
    """A data set as the grader serves it: where its local copy lives and its checksums."""

    name: str
    relative_path: str
    # sha256 of each array's raw C-order bytes, as listed beside the local copies.
    sha256: dict[str, str]
    classes: tuple[str, ...] = tuple(str(digit) for digit in range(10))  # label -> name
    # Arrays whose checksum covers only their first rows: the offline copy holds those
    # rows, Keras' download (the official set) more, and both are accepted.
    checked_rows: dict[str, int] = field(default_factory=dict)


DATASETS: dict[str, DatasetSpec] = {
    "mnist": DatasetSpec(
        name="mnist",
        relative_path="mnist/mnist.npz",
        sha256={
            "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
            "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
            "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
            "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
        },
    ),
    "cifar10": DatasetSpec(
        name="cifar10",
        relative_path="cifar10/cifar10.npz",
        sha256={
            "x_train": "47af8b02cfcfb6cdf3dbbd1969ad7f1b70f4413f6f80f437b020ee4e5bc8304a",
            "y_train": "2b7cd2f24487317614016b72ffd53071c3062f592f0eb300c18a770d41ae1253",
            "x_test": "da362006b99671213d1a5d856cab2bedf64d40bad4501630ee60f4ceb2d3ec7f",
            "y_test": "636a087e604331a0b9dafc94b6e9ade0c9cec72c4400d12473ccdb3e264474c1",
        },
        classes=(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
        ),  # fmt: skip
        checked_rows={"x_test": 1000, "y_test": 1000},
    ),
    # Digests recorded by the build from the copy it read (see recorded_sha256).
    "fashion_mnist": DatasetSpec(
        name="fashion_mnist",
        relative_path="fashion_mnist/fashion_mnist.npz",
        sha256={},
        classes=(
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ),  # fmt: skip
    ),
    "cifar100": DatasetSpec(
        name="cifar100",
        relative_path="cifar100/cifar100.npz",
        sha256={},
        classes=tuple(
            (
                "apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy "
                "bridge bus butterfly camel can castle caterpillar cattle chair chimpanzee clock "
                "cloud cockroach couch crab crocodile cup dinosaur dolphin elephant flatfish "
                "forest fox girl hamster house kangaroo keyboard lamp lawn_mower leopard lion "
                "lizard lobster man maple_tree motorcycle mountain mouse mushroom oak_tree orange "
                "orchid otter palm_tree pear pickup_truck pine_tree plain plate poppy porcupine "
                "possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk skyscraper "
                "snail snake spider squirrel streetcar sunflower sweet_pepper table tank "
                "telephone television tiger tractor train trout tulip turtle wardrobe whale "
                "willow_tree wolf woman worm"
            ).split()
        ),
    ),
}


def array_sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
