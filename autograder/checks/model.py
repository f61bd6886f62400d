"""Checks for the lesson step 'Build the model': Dense 32 relu -> 16 relu -> 10 softmax."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograder.assignments import LESSON, get_assignment
from autograder.checks.outcome import CheckOutcome, placeholder_problem, revisit, step

QUESTION = "model"


@dataclass(frozen=True)
class LayerFacts:
    """One layer of a model as the checks and the pages describe it."""

    kind: str
    units: int | None
    activation: str | None
    inputs: int | None
    parameters: int | None

    def describe(self) -> str:
        if self.kind != "Dense":
            return self.kind
        return f"Dense({self.units}, {self.activation})"

    def row(self) -> str:
        count = "?" if self.parameters is None else f"{self.parameters:,}"
        return f"{self.describe()}, {count} parameters"


def describe_layers(model: Any) -> list[LayerFacts]:
    """What a student's model is made of, read from the Keras objects."""
    facts = []
    for layer in getattr(model, "layers", []):
        if type(layer).__name__ == "InputLayer":
            # A Functional model lists its `Input` among its layers, a Sequential does
            # not: it holds no weights and is not one of the lesson's layers.
            continue
        activation = getattr(layer, "activation", None)
        built = getattr(layer, "built", False)
        kernel = getattr(layer, "kernel", None) if built else None
        facts.append(
            LayerFacts(
                kind=type(layer).__name__,
                units=getattr(layer, "units", None),
                activation=getattr(activation, "__name__", None) if activation else None,
                inputs=int(kernel.shape[0]) if kernel is not None else None,
                parameters=int(layer.count_params()) if built else None,
            )
        )
    return facts


def dense_stack(model: Any) -> list[LayerFacts]:
    """The layers that the lesson's network is compared with.

    A leading ``Flatten`` is left out: flattening inside the model is an equivalent way
    to feed a Dense network, so the architecture is judged on its Dense layers, and the
    preprocessing checks judge separately whether the arrays were flattened.
    """
    layers = describe_layers(model)
    return layers[1:] if layers and layers[0].kind == "Flatten" else layers


def expected_stack(assignment: str) -> list[LayerFacts]:
    layers, inputs = [], get_assignment(assignment).input_size
    for units, activation in LESSON.layers:
        layers.append(LayerFacts("Dense", units, activation, inputs, inputs * units + units))
        inputs = units
    return layers


def architecture_table(yours: list[LayerFacts], expected: list[LayerFacts]) -> list[str]:
    """Side by side, one line per layer; differing layers marked with '*'."""
    rows = [("layer", "yours", "expected", "")]
    for index in range(max(len(yours), len(expected))):
        have = yours[index] if index < len(yours) else None
        want = expected[index] if index < len(expected) else None
        differs = have is None or want is None or have.describe() != want.describe()
        rows.append(
            (
                str(index + 1),
                have.row() if have else "(none)",
                want.row() if want else "(none)",
                "*" if differs else "",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    return [
        (
            "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
            + "  "
            + row[3]
        ).rstrip()
        for row in rows
    ]


def check_architecture(model: Any, assignment: str) -> CheckOutcome:
    """Layer types, sizes and activations; shows every difference at once, side by side."""
    problem = model_problem(model)
    if problem:
        return CheckOutcome.fail(problem)
    yours, expected = dense_stack(model), expected_stack(assignment)
    differing = sum(
        1
        for index in range(max(len(yours), len(expected)))
        if index >= len(yours)
        or index >= len(expected)
        or yours[index].describe() != expected[index].describe()
    )
    table = "\n".join(architecture_table(yours, expected))
    if differing:
        places = "1 layer" if differing == 1 else f"{differing} layers"
        count = (
            ""
            if len(yours) == len(expected)
            else (f" (expected {len(expected)} layers, found {len(yours)})")
        )
        return CheckOutcome.fail(
            f"Your model differs from the lesson's network in {places}{count}, marked *:\n"
            f"{table}\n{revisit(QUESTION)}",
            detail=table,
        )
    return CheckOutcome.ok("The layers, their sizes and activations are right.", table)


def model_problem(model: Any) -> str | None:
    problem = placeholder_problem(model, "model", step(QUESTION))
    if problem:
        return problem
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        return f"`model` is a {type(model).__name__}, not a Keras model. {revisit(QUESTION)}"
    return None
