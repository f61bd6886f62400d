"""Checks for the step 'Build the model': the layers of the assignment's reference network."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from autograder.checks.outcome import CheckOutcome, placeholder_problem
from autograder.contracts.assignments import Assignment, LayerSpec, get_assignment

QUESTION = "model"
# Layers a dense-network course uses besides Dense, and the settings they are compared by.
LAYER_SETTINGS = {
    "Flatten": (),
    "Dropout": ("rate",),
    "BatchNormalization": (),
    "Rescaling": ("scale", "offset"),
    "Normalization": (),
}
SUPPORTED_LAYERS = ("Dense", *LAYER_SETTINGS)


@dataclass(frozen=True)
class LayerFacts:
    """One layer of a model as the checks and the pages describe it."""

    kind: str
    units: int | None
    activation: str | None
    inputs: int | None
    parameters: int | None
    settings: str = ""

    def describe(self) -> str:
        return LayerSpec(self.kind, self.units, self.activation, self.settings).describe()

    def row(self) -> str:
        count = "?" if self.parameters is None else f"{self.parameters:,}"
        return f"{self.describe()}, {count} parameters"


def layer_settings(layer: Any) -> str:
    """A layer's key settings as text ("rate=0.2"), numbers to 6 significant digits."""
    values = []
    for key in LAYER_SETTINGS.get(type(layer).__name__, ()):
        value = getattr(layer, key, None)
        if isinstance(value, float):
            value = f"{value:.6g}"
        values.append(f"{key}={value}")
    return ", ".join(values)


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
        dense = type(layer).__name__ == "Dense"
        facts.append(
            LayerFacts(
                kind=type(layer).__name__,
                units=getattr(layer, "units", None) if dense else None,
                activation=getattr(activation, "__name__", None) if activation else None,
                inputs=int(kernel.shape[0]) if kernel is not None else None,
                parameters=int(layer.count_params()) if built else None,
                settings=layer_settings(layer),
            )
        )
    return facts


def compared_stack(layers: list) -> list:
    """The layers a network is compared by: a leading ``Flatten`` left out.

    Flattening inside the model is an equivalent way to feed a Dense network, so the
    architecture is judged without it on both sides, and the preprocessing checks
    judge separately whether the arrays were flattened.
    """
    return layers[1:] if layers and layers[0].kind == "Flatten" else layers


def dense_stack(model: Any) -> list[LayerFacts]:
    """The student's layers that the reference network is compared with."""
    return compared_stack(describe_layers(model))


def expected_stack(assignment: str | Assignment) -> list[LayerFacts]:
    """The reference network's layers, with the inputs and parameters of each Dense."""
    spec = get_assignment(assignment) if isinstance(assignment, str) else assignment
    layers, inputs = [], spec.input_size
    for layer in compared_stack(list(spec.layers)):
        if layer.kind == "Dense":
            parameters = inputs * layer.units + layer.units
            layers.append(LayerFacts("Dense", layer.units, layer.activation, inputs, parameters))
            inputs = layer.units
        else:
            parameters = 4 * inputs if layer.kind == "BatchNormalization" else 0
            layers.append(LayerFacts(layer.kind, None, None, None, parameters, layer.settings))
    return layers


Pair = tuple[LayerFacts | None, LayerFacts | None]


def paired_layers(yours: list[LayerFacts], expected: list[LayerFacts]) -> list[Pair]:
    """The two networks side by side, aligned so that one missing or extra layer is one
    row with "(none)" on a side, not every layer after it shifted."""
    matcher = difflib.SequenceMatcher(
        a=[layer.describe() for layer in yours],
        b=[layer.describe() for layer in expected],
        autojunk=False,
    )
    pairs: list[Pair] = []
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        common = min(i2 - i1, j2 - j1)  # equal or replaced layers face each other
        pairs += zip(yours[i1 : i1 + common], expected[j1 : j1 + common], strict=True)
        pairs += [(layer, None) for layer in yours[i1 + common : i2]]
        pairs += [(None, layer) for layer in expected[j1 + common : j2]]
    return pairs


def differs(pair: Pair) -> bool:
    have, want = pair
    return have is None or want is None or have.describe() != want.describe()


def architecture_table(yours: list[LayerFacts], expected: list[LayerFacts]) -> list[str]:
    """Side by side, one line per layer; differing layers marked with '*'."""
    rows = [("layer", "yours", "expected", "")]
    for index, (have, want) in enumerate(paired_layers(yours, expected)):
        rows.append(
            (
                str(index + 1),
                have.row() if have else "(none)",
                want.row() if want else "(none)",
                "*" if differs((have, want)) else "",
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
    spec = get_assignment(assignment)
    problem = model_problem(model, spec)
    if problem:
        return CheckOutcome.fail(problem)
    yours, expected = dense_stack(model), expected_stack(assignment)
    differing = sum(differs(pair) for pair in paired_layers(yours, expected))
    table = "\n".join(architecture_table(yours, expected))
    if differing:
        places = "1 layer" if differing == 1 else f"{differing} layers"
        count = (
            ""
            if len(yours) == len(expected)
            else (f" (expected {len(expected)} layers, found {len(yours)})")
        )
        return CheckOutcome.fail(
            f"Your model differs from the assignment's network in {places}{count}, "
            f"marked *:\n{table}\n{spec.revisit(QUESTION)}",
            detail=table,
        )
    return CheckOutcome.ok("The layers, their sizes and activations are right.", table)


def model_problem(model: Any, spec: Assignment) -> str | None:
    problem = placeholder_problem(model, "model", spec.step(QUESTION))
    if problem:
        return problem
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        return f"`model` is a {type(model).__name__}, not a Keras model. {spec.revisit(QUESTION)}"
    return None
