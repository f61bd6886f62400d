"""Hidden check for the step 'Build the model': one flattened image in, the lesson's parameters."""

from __future__ import annotations

from typing import Any

from autograder.checks.model import QUESTION, dense_stack, model_problem
from autograder.checks.outcome import CheckOutcome
from autograder.contracts.assignments import get_assignment


def check_input_size(model: Any, assignment: str) -> CheckOutcome:
    """The first layer reads one flattened image and the parameter count is the lesson's."""
    spec = get_assignment(assignment)
    problem = model_problem(model, spec)
    if problem:
        return CheckOutcome.fail(problem)
    layers = dense_stack(model)
    inputs = layers[0].inputs if layers else None
    if inputs != spec.input_size:
        found = "an unknown input size (the model is not built)" if inputs is None else inputs
        return CheckOutcome.fail(
            f"The first layer should take {spec.input_size} inputs (one flattened image); "
            f"found {found}. {spec.revisit(QUESTION)}",
        )
    expected, found = spec.expected_parameter_count(), int(model.count_params())
    if found != expected:
        return CheckOutcome.fail(
            f"Your model has {found:,} parameters; the assignment's network has {expected:,}. "
            + spec.revisit(QUESTION),
        )
    return CheckOutcome.ok(f"The model takes {inputs} inputs; {found:,} parameters.")
