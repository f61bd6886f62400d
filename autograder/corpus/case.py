"""What a corpus case is, and the edits and verdicts many cases share."""

from __future__ import annotations

from dataclasses import dataclass, field

# Lines of the reference solutions that edits replace.
MNIST_FIT = "history = model.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))"
ONE_EPOCH_FIT = MNIST_FIT.replace("epochs=10", "epochs=1")
CIFAR_FIT = MNIST_FIT
COMPILE = 'model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])'


@dataclass(frozen=True)
class Case:
    name: str
    assignment: str
    description: str
    score: float
    failing: frozenset[str] = field(default_factory=frozenset)
    edits: tuple[tuple[str, str], ...] = ()
    answers: tuple[tuple[str, str], ...] = ()  # question -> the student's code for its stub
    extra_cells: tuple[str, ...] = ()  # the student's own cells before the export cell
    untouched: bool = False  # the student notebook handed in as it was handed out
    missing: tuple[str, ...] = ()  # modules it imports that the grader lacks (for review)


def fails(*checks: str) -> frozenset[str]:
    return frozenset(checks)


def after_fit(code: str) -> tuple[str, str]:
    """The edit that runs ``code`` right after the reference's training."""
    return (MNIST_FIT, f"{MNIST_FIT}\n{code}")


def one_epoch_then(code: str) -> tuple[str, str]:
    """Train for 1 epoch (as `mnist_one_epoch`), then run ``code``."""
    return (MNIST_FIT, f"{ONE_EPOCH_FIT}\n{code}")


def replace_layers(
    first: str, rest: str = 'Dense(16, activation="relu"),\n    Dense(10, activation="softmax"),'
) -> tuple[str, str]:
    """The edit that swaps the reference's three Dense layers for ``first`` and ``rest``."""
    old = (
        '    Dense(32, activation="relu"),\n'
        '    Dense(16, activation="relu"),\n'
        '    Dense(10, activation="softmax"),'
    )
    return (old, f"    {first}\n    {rest}")


# Verdicts shared by several cases.
NOT_TRAINED = fails("history", "trained", "accuracy_full")
UNTOUCHED = (
    "flattened",
    "scaled",
    "one_hot",
    "matches_dataset",
    "architecture",
    "input_size",
    "compiled",
    "history",
    "trained",
    "predicts_probabilities",
    "accuracy_full",
)
LEAKED = fails("history", "trained", "accuracy_full")
