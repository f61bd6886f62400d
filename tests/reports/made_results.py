"""Results made by hand for the report tests: no notebook has to run."""

from __future__ import annotations

from autograder.contracts.evidence import (
    ArrayFacts,
    CompileFacts,
    Evidence,
    LayerRecord,
    Mistake,
    Predictions,
)
from autograder.contracts.results import CheckResult, SubmissionResult

HIDDEN_MESSAGE = "Secret hidden message: the grader looked at rows"
HIDDEN_DETAIL = "TA detail of a hidden check"


def layers(*stack: tuple[int, str], inputs: int = 784) -> tuple[LayerRecord, ...]:
    rows = []
    for units, activation in stack:
        rows.append(LayerRecord("Dense", units, activation, inputs, inputs * units + units))
        inputs = units
    return tuple(rows)


LESSON_LAYERS = layers((32, "relu"), (16, "relu"), (10, "softmax"))


def evidence(
    layer_rows: tuple[LayerRecord, ...] = LESSON_LAYERS, accuracy: float = 0.95, scale: float = 1.0
) -> Evidence:
    confusion = tuple(tuple(90 if row == col else 1 for col in range(10)) for row in range(10))
    return Evidence(
        arrays={
            "X_train": ArrayFacts((60000, 784), "float32", 0.0, scale),
            "X_test": ArrayFacts((10000, 784), "float32", 0.0, scale),
            "y_train": ArrayFacts((60000, 10), "float64", 0.0, 1.0),
            "y_test": ArrayFacts((10000, 10), "float64", 0.0, 1.0),
        },
        layers=layer_rows,
        compile=CompileFacts("SGD", "categorical_crossentropy", ("accuracy",)),
        curves={
            "accuracy": (0.8, 0.9, 0.93),
            "val_accuracy": (0.85, 0.91, 0.94),
            "loss": (0.7, 0.4, 0.3),
            "val_loss": (0.6, 0.35, 0.28),
        },
        test=Predictions(accuracy, 1000, confusion, (Mistake(3, 0, 6, 0.91),)),
    )


def result(
    student: str = "ana",
    passed: tuple[bool, bool, bool] = (True, True, True),
    layer_rows: tuple[LayerRecord, ...] = LESSON_LAYERS,
    accuracy: float = 0.95,
    answer: str = "My answer.",
) -> SubmissionResult:
    """A graded MNIST submission: two public checks and one hidden one."""
    public_scaled, public_architecture, hidden_accuracy = passed
    scaled = "Pixel values are scaled." if public_scaled else "`X_train` ranges to 255."
    architecture = "Right layers." if public_architecture else "Layers differ:\nrow 1\nrow 2"
    checks = [
        CheckResult("preprocessing", "scaled", float(public_scaled), 1.0, public_scaled, False,
                    scaled),
        CheckResult("model", "architecture", 2.0 * public_architecture, 2.0, public_architecture,
                    False, architecture),
        CheckResult("evaluation", "accuracy_full", 2.0 * hidden_accuracy, 2.0, hidden_accuracy,
                    True, HIDDEN_MESSAGE, HIDDEN_DETAIL),
    ]  # fmt: skip
    return SubmissionResult(
        submission=f"{student}_mnist_dense",
        student=student,
        path=f"{student}.ipynb",
        assignment="mnist_dense",
        status="ok",
        score=sum(check.points for check in checks),
        max_score=5.0,
        checks=checks,
        evidence=evidence(layer_rows, accuracy, 1.0 if public_scaled else 255.0),
        answers=[
            {
                "name": "curves_reading",
                "points": 2.0,
                "prompt": "**Question 6.** Why?",
                "answer": answer,
                "found": True,
            },
        ],  # fmt: skip
    )
