"""The catalog: the lesson's spec, the assignments, and the variables the checks grade.

Everything a check relies on, declared once. The student's handout ships this module
with the public checks, so it holds nothing grader-only (see :mod:`autograder.bundle`)
and needs only the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Assignment:
    """One assignment of the lesson: its data set and the size of one flattened image."""

    name: str
    dataset: str
    input_size: int

    def expected_parameter_count(self) -> int:
        count, inputs = 0, self.input_size
        for units, _ in LESSON.layers:
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
