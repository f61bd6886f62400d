"""The assignments this package grades, and the facts every check relies on."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder import __version__
from autograder.otter_format import total_points

PACKAGE_DIR = Path(__file__).resolve().parent
THRESHOLDS_FILE = PACKAGE_DIR / "thresholds.toml"
BUNDLES_DIR = PACKAGE_DIR / "bundles"
# Files our build adds to each bundle, beside otter's: the autograded questions in
# notebook order (otter keeps no order), and the free-response questions.
QUESTIONS_FILE = "questions.json"
MANUAL_QUESTIONS_FILE = "manual_questions.json"


@dataclass(frozen=True)
class Lesson:
    """What the lesson asks of every assignment: a lesson change is an edit here."""

    steps: dict[str, str]  # question name -> the lesson step it checks (for "Revisit ...")
    layers: tuple[tuple[int, str], ...]  # (units, activation) of each Dense layer
    num_classes: int
    epochs: int
    optimizer: str  # Keras' name of the optimizer class
    losses: tuple[str, ...]  # accepted loss names (the lesson's first)
    metrics: tuple[str, ...]  # accepted names of the accuracy metric
    data_question: str  # the question on preparing the data (the dashboard lists its mistakes)
    architecture_check: str  # the check on the layers (the dashboard groups its failures)


LESSON = Lesson(
    steps={
        "preprocessing": "Preprocess the data",
        "model": "Build the model",
        "compile": "Compile the model",
        "training": "Train the model",
        "evaluation": "Evaluate the model",
    },
    layers=((32, "relu"), (16, "relu"), (10, "softmax")),
    num_classes=10,
    epochs=10,
    optimizer="SGD",
    # The lesson's loss, and the same loss for integer labels (`one_hot` charges those).
    losses=(
        "categorical_crossentropy",
        "CategoricalCrossentropy",
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
    ),
    metrics=("accuracy", "acc", "categorical_accuracy", "CategoricalAccuracy", "Accuracy"),
    data_question="preprocessing",
    architecture_check="architecture",
)

# Kept for readers of the lesson's numbers by name.
EXPECTED_LAYERS = LESSON.layers
NUM_CLASSES = LESSON.num_classes
EPOCHS = LESSON.epochs


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


@dataclass(frozen=True)
class Thresholds:
    """Test-set accuracy needed for the accuracy question (see thresholds.toml)."""

    full_credit: float
    lesson: float
    partial_credit: float | None = None


@dataclass(frozen=True)
class Assignment:
    """One assignment of the lesson: its data set, and where its bundle lives."""

    name: str
    dataset: str
    input_size: int

    @property
    def thresholds(self) -> Thresholds:
        return load_thresholds()[self.name]

    @property
    def bundle_dir(self) -> Path:
        return BUNDLES_DIR / self.name

    def autograded_questions(self) -> list[str]:
        """The bundle's autograded questions, in notebook order."""
        return json.loads((self.bundle_dir / QUESTIONS_FILE).read_text(encoding="utf-8"))

    def autograded_points(self) -> float:
        """The bundle's points, as otter counts them, for rows that could not be scored."""
        return total_points(self.bundle_dir / "tests")

    def expected_parameter_count(self) -> int:
        count, inputs = 0, self.input_size
        for units, _ in EXPECTED_LAYERS:
            count += inputs * units + units
            inputs = units
        return count


ASSIGNMENTS: dict[str, Assignment] = {
    "mnist_dense": Assignment("mnist_dense", "mnist", 784),
    "cifar10_dense": Assignment("cifar10_dense", "cifar10", 3072),
}


class UnknownAssignment(KeyError):
    def __str__(self) -> str:
        return f"unknown assignment {self.args[0]!r}; known: {', '.join(ASSIGNMENTS)}"


def get_assignment(name: str) -> Assignment:
    try:
        return ASSIGNMENTS[name]
    except KeyError:
        raise UnknownAssignment(name) from None


@cache
def load_thresholds() -> dict[str, Thresholds]:
    with THRESHOLDS_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    return {
        name: Thresholds(
            full_credit=float(values["full_credit_accuracy"]),
            lesson=float(values["lesson_accuracy"]),
            partial_credit=values.get("partial_credit_accuracy"),
        )
        for name, values in table.items()
        if name in ASSIGNMENTS
    }


def grader_fingerprint() -> str:
    """Changes whenever anything that decides a grade changes: a rerun then regrades."""
    digest = hashlib.sha256(__version__.encode())
    for name in sorted(ASSIGNMENTS):
        bundle = get_assignment(name).bundle_dir
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(bundle).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update(THRESHOLDS_FILE.read_bytes())
    return digest.hexdigest()[:16]
