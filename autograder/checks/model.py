"""Checks for the lesson step 'Build the model': Dense 32 relu -> 16 relu -> 10 softmax."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograder.assignments import EXPECTED_LAYERS, get_assignment
from autograder.checks.outcome import CheckOutcome, placeholder_problem

STEP = "Build the model"


@dataclass(frozen=True)
class LayerFacts:
    kind: str
    units: int | None
    activation: str | None
    inputs: int | None

    def describe(self) -> str:
        if self.kind != "Dense":
            return self.kind
        return f"Dense({self.units}, {self.activation})"


def describe_layers(model: Any) -> list[LayerFacts]:
    """What a student's model is made of, read from the Keras objects."""
    facts = []
    for layer in getattr(model, "layers", []):
        kind = type(layer).__name__
        activation = getattr(layer, "activation", None)
        kernel = getattr(layer, "kernel", None) if getattr(layer, "built", False) else None
        facts.append(
            LayerFacts(
                kind=kind,
                units=getattr(layer, "units", None),
                activation=getattr(activation, "__name__", None) if activation else None,
                inputs=int(kernel.shape[0]) if kernel is not None else None,
            )
        )
    return facts


def check_architecture(model: Any, assignment: str) -> CheckOutcome:
    """Layer types, sizes and activations; lists every difference at once."""
    name = "architecture"
    problem = model_problem(model)
    if problem:
        return CheckOutcome.fail(name, problem)
    layers = describe_layers(model)
    expected = [f"Dense({units}, {activation})" for units, activation in EXPECTED_LAYERS]
    found = [layer.describe() for layer in layers]
    differences = [
        f"layer {index + 1}: expected {want}, found {have}"
        for index, (want, have) in enumerate(zip(expected, found, strict=False))
        if want != have
    ]
    if len(found) != len(expected):
        differences.append(f"expected {len(expected)} layers, found {len(found)}")
    if differences:
        return CheckOutcome.fail(
            name,
            "Your model differs from the lesson's network: "
            + "; ".join(differences)
            + f". Revisit '{STEP}'.",
            detail=f"found: {' -> '.join(found) or 'no layers'}",
        )
    return CheckOutcome.ok(name, "The layers, their sizes and activations are right.")


def check_input_size(model: Any, assignment: str) -> CheckOutcome:
    """The first layer reads one flattened image and the parameter count is the lesson's."""
    name = "input_size"
    problem = model_problem(model)
    if problem:
        return CheckOutcome.fail(name, problem)
    spec = get_assignment(assignment)
    layers = describe_layers(model)
    inputs = layers[0].inputs if layers else None
    if inputs != spec.input_size:
        found = "an unknown input size (the model is not built)" if inputs is None else inputs
        return CheckOutcome.fail(
            name,
            f"The first layer should take {spec.input_size} inputs (one flattened image); "
            f"found {found}. Revisit '{STEP}'.",
        )
    expected, found = spec.expected_parameter_count(), int(model.count_params())
    if found != expected:
        return CheckOutcome.fail(
            name,
            f"Your model has {found:,} parameters; the lesson's network has {expected:,}. "
            f"Revisit '{STEP}'.",
        )
    return CheckOutcome.ok(name, f"The model takes {inputs} inputs; {found:,} parameters.")


def model_problem(model: Any) -> str | None:
    problem = placeholder_problem(model, "model", STEP)
    if problem:
        return problem
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        return f"`model` is a {type(model).__name__}, not a Keras model. Revisit '{STEP}'."
    return None
