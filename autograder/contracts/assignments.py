"""The catalog: each assignment's spec, as ``densegrade build`` read it from its reference.

What the checks expect of an assignment (the data set and its image shape, the layers,
the optimizer, loss and metric, the epochs, the step titles, the thresholds) is read
from the reference notebook and its settings file by the build
(:mod:`autograder.authoring.spec`) and recorded in the bundle as ``assignment.json``;
this module reads those records. The catalog is what the build found: an assignment
is known when its bundle holds a spec. The student's handout ships this module with
the public checks and its own assignment's spec, so it needs only the standard library.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder.contracts.project import BUNDLES_DIR

OWN_SUFFIX = ".npz"  # a data set named so is the instructor's own file
SPEC_FILE = "assignment.json"  # in each bundle, beside otter's files
SPEC_VERSION = 1

# Names of our own checks that reports single out (the dashboard groups their failures).
DATA_QUESTION = "preprocessing"  # the question on preparing the data
ARCHITECTURE_CHECK = "architecture"  # the check on the layers
# The step a question checks, when the reference gives its question no heading.
DEFAULT_STEPS = {
    "preprocessing": "Preprocess the data",
    "model": "Build the model",
    "compile": "Compile the model",
    "training": "Train the model",
    "evaluation": "Evaluate the model",
}
# One loss for one-hot labels and for integer labels; either is accepted where the
# reference uses the other (the label-encoding check charges the labels, once).
LOSS_FAMILIES = (
    (
        "categorical_crossentropy",
        "CategoricalCrossentropy",
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
    ),
    ("binary_crossentropy", "BinaryCrossentropy"),
    ("mean_squared_error", "mse", "MeanSquaredError"),
)
ACCURACY_METRICS = (
    "accuracy",
    "acc",
    "categorical_accuracy",
    "CategoricalAccuracy",
    "sparse_categorical_accuracy",
    "SparseCategoricalAccuracy",
    "Accuracy",
)
LOSS_WORDS = {
    "categorical_crossentropy": "categorical cross-entropy",
    "sparse_categorical_crossentropy": "sparse categorical cross-entropy",
    "binary_crossentropy": "binary cross-entropy",
    "mean_squared_error": "mean squared error",
}


@dataclass(frozen=True)
class LayerSpec:
    """One layer as the checks compare it: its type and the settings that matter."""

    kind: str
    units: int | None = None
    activation: str | None = None
    settings: str = ""  # the key settings of other layers, e.g. "rate=0.2"

    def describe(self) -> str:
        if self.kind == "Dense":
            return f"Dense({self.units}, {self.activation})"
        return f"{self.kind}({self.settings})" if self.settings else self.kind


@dataclass(frozen=True)
class Thresholds:
    """Test-set accuracy needed for the accuracy question, from the assignment's settings."""

    full_credit: float
    lesson: float  # the accuracy the notebook promises (a proposal never exceeds it)
    partial_credit: float | None = None
    calibrated_for: str = ""  # the fingerprint of the spec they were calibrated on
    set_by_hand: bool = False


@dataclass(frozen=True)
class Assignment:
    """Everything a check relies on for one assignment, read from its reference."""

    name: str
    dataset: str  # a Keras data set's name, or "<name>.npz" (the instructor's own)
    image_shape: tuple[int, ...]  # one image as the data set stores it
    classes: tuple[str, ...]  # label -> name
    layers: tuple[LayerSpec, ...]  # the reference's model, InputLayer left out
    parameters: int  # the reference model's parameter count
    optimizer: str  # Keras' class name (SGD, Adam, ...)
    loss: str  # as the reference names it
    metrics: tuple[str, ...]
    epochs: int
    batch_size: int | None  # None when the reference leaves Keras' default
    validation: bool  # the reference trains with validation data
    steps: dict[str, str] = field(default_factory=dict)  # question -> its step's title
    thresholds: Thresholds | None = None
    lesson_code: bool = False  # the lesson's code blocks are boilerplate in the similarity report
    validation_split: float = 0.0  # the share of the training set fit holds out, if any
    dataset_sha256: dict[str, str] = field(default_factory=dict)  # per array, at build
    source: str = ""  # digest of what the spec was read from (the build reuses it)

    @property
    def input_size(self) -> int:
        """Values in one flattened image."""
        return math.prod(self.image_shape)

    @property
    def own_dataset(self) -> bool:
        """The instructor's own ``.npz`` (kept in the bundle, handed out beside the notebook)."""
        return self.dataset.endswith(OWN_SUFFIX)

    @property
    def dataset_digest(self) -> str:
        """One digest of the data set's arrays."""
        record = json.dumps(self.dataset_sha256, sort_keys=True).encode()
        return hashlib.sha256(record).hexdigest()[:16]

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def expected_parameter_count(self) -> int:
        return self.parameters

    @property
    def losses(self) -> tuple[str, ...]:
        """The reference's loss and its equivalents (names and classes, one-hot or sparse)."""
        for family in LOSS_FAMILIES:
            if self.loss in family:
                return family
        return (self.loss,)

    @property
    def loss_words(self) -> str:
        plain = self.loss if self.loss in LOSS_WORDS else _snake(self.loss)
        return LOSS_WORDS.get(plain, self.loss)

    def step(self, question: str) -> str:
        return self.steps.get(question) or DEFAULT_STEPS.get(question, question)

    def revisit(self, question: str) -> str:
        """ "Revisit 'Train the model'.": where in the notebook a student finds the step."""
        return f"Revisit '{self.step(question)}'."

    def summary(self) -> list[str]:
        """The spec in a few lines, as the build prints it and the docs show it."""
        network = " -> ".join(layer.describe() for layer in self.layers)
        batch = f", batch size {self.batch_size}" if self.batch_size else ""
        validation = ", with validation data" if self.validation else ""
        if self.validation_split:
            validation = f", validation_split={self.validation_split:g}"
        limits = self.thresholds
        credit = ""
        if limits is not None:
            how = "set by hand" if limits.set_by_hand else f"calibrated for {limits.calibrated_for}"
            partial = f", partial at {limits.partial_credit:.3f}" if limits.partial_credit else ""
            credit = f"full credit at test accuracy {limits.full_credit:.3f}{partial} ({how})"
        shape = "x".join(map(str, self.image_shape))
        return [
            f"{self.name}: {self.dataset} ({shape} images, {self.num_classes} classes)",
            f"  network: {network}; {self.parameters:,} parameters",
            f"  compile: {self.optimizer}, {self.loss}, {', '.join(self.metrics)}",
            f"  fit: {self.epochs} epochs{batch}{validation}",
            f"  {credit}" if credit else "",
            "  steps: " + "; ".join(f"{q}: {t!r}" for q, t in sorted(self.steps.items())),
        ]

    def to_json(self) -> str:
        record = {"version": SPEC_VERSION, **asdict(self)}
        return json.dumps(record, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Assignment:
        record = json.loads(text)
        if record.pop("version", None) != SPEC_VERSION:
            raise ValueError("an assignment spec of another version: run `densegrade build`")
        layers = tuple(LayerSpec(**layer) for layer in record.pop("layers"))
        thresholds = record.pop("thresholds", None)
        return cls(
            **{
                **record,
                "image_shape": tuple(record["image_shape"]),
                "classes": tuple(record["classes"]),
                "metrics": tuple(record["metrics"]),
            },
            layers=layers,
            thresholds=Thresholds(**thresholds) if thresholds else None,
        )


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


@dataclass(frozen=True)
class GradableVariable:
    """A notebook variable the checks may take as an argument.

    Grading exports exactly these from the student's kernel and rebuilds them in the
    judging process; a check on any other name would see ``None`` there, so the build
    refuses a test that asks for one.
    """

    name: str
    kind: str  # ARRAY, MODEL or HISTORY: how it is exported and rebuilt
    question: str  # the question whose step defines it (for "complete the step ...")


ARRAY, MODEL, HISTORY = "array", "model", "history"
GRADABLE_VARIABLES: dict[str, GradableVariable] = {
    variable.name: variable
    for variable in (
        GradableVariable("X_train", ARRAY, "preprocessing"),
        GradableVariable("X_test", ARRAY, "preprocessing"),
        GradableVariable("y_train", ARRAY, "preprocessing"),
        GradableVariable("y_test", ARRAY, "preprocessing"),
        GradableVariable("model", MODEL, "model"),
        GradableVariable("history", HISTORY, "training"),
    )
}


def variables_of_kind(kind: str) -> tuple[str, ...]:
    return tuple(name for name, variable in GRADABLE_VARIABLES.items() if variable.kind == kind)


class UnknownAssignment(KeyError):
    def __str__(self) -> str:
        known = ", ".join(ASSIGNMENTS) or "none (run `densegrade build`)"
        return f"unknown assignment {self.args[0]!r}; known: {known}"


class Catalog(Mapping[str, Assignment]):
    """The assignments the build recorded, by name (read when asked: a build adds one)."""

    def __init__(self, bundles: Path = BUNDLES_DIR) -> None:
        self.bundles = bundles

    def _files(self) -> dict[str, Path]:
        found = sorted(self.bundles.glob(f"*/{SPEC_FILE}")) if self.bundles.is_dir() else []
        return {path.parent.name: path for path in found}

    def __getitem__(self, name: str) -> Assignment:
        path = self._files().get(name)
        if path is None:
            raise UnknownAssignment(name)
        return _read(path, path.stat().st_mtime_ns)

    def __iter__(self) -> Iterator[str]:
        return iter(self._files())

    def __len__(self) -> int:
        return len(self._files())


@lru_cache(maxsize=32)
def _read(path: Path, mtime_ns: int) -> Assignment:
    return Assignment.from_json(path.read_text(encoding="utf-8"))


ASSIGNMENTS = Catalog()


def get_assignment(name: str) -> Assignment:
    return ASSIGNMENTS[name]
