"""The result of one check: what a student reads and what a TA reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from autograder.assignments import LESSON


class CheckFailed(AssertionError):
    """Raised by ``require()``; otter records its message as the failure reason."""


@dataclass(frozen=True)
class CheckOutcome:
    """What one check found: pass or fail, with words for the student and for TAs.

    Otter only keeps a failing check's message; a harness that wants every outcome
    (passing ones carry a message and may carry a review flag) collects them with
    :func:`collecting`.
    """

    name: str
    passed: bool
    message: str  # for the student
    detail: str = ""  # for TAs: what the check measured
    review: str = ""  # for TAs: why this outcome needs a person's look (the row is flagged)

    def require(self) -> CheckOutcome:
        collected = _COLLECTED.get()
        if collected is not None:
            collected[self.name] = self
        if not self.passed:
            raise CheckFailed(self.message)
        return self

    @classmethod
    def ok(cls, name: str, message: str, detail: str = "", review: str = "") -> CheckOutcome:
        return cls(name, True, message, detail, review)

    @classmethod
    def fail(cls, name: str, message: str, detail: str = "", review: str = "") -> CheckOutcome:
        return cls(name, False, message, detail, review)


# The outcomes ``require()`` saw, by check name, while a harness collects them.
_COLLECTED: ContextVar[dict[str, CheckOutcome] | None] = ContextVar(
    "densegrade_check_outcomes", default=None
)


@contextmanager
def collecting() -> Iterator[dict[str, CheckOutcome]]:
    """Collect every outcome ``require()`` sees within the block, by check name."""
    outcomes: dict[str, CheckOutcome] = {}
    token = _COLLECTED.set(outcomes)
    try:
        yield outcomes
    finally:
        _COLLECTED.reset(token)


def revisit(question: str) -> str:
    """'Revisit 'Train the model'.': where in the lesson a student finds the step."""
    return f"Revisit '{LESSON.steps[question]}'."


def step(question: str) -> str:
    return LESSON.steps[question]


class Unavailable:
    """Stands for a notebook value the grader could not recover; says why to the student."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __repr__(self) -> str:
        return f"Unavailable({self.message!r})"


def placeholder_problem(value: Any, variable: str, step: str) -> str | None:
    """Say why ``value`` is not an answer yet (the stub's ``...``, unset, unusable), else None."""
    if isinstance(value, Unavailable):
        return value.message
    if value is Ellipsis:
        return (
            f"`{variable}` is still the placeholder `...`: complete the step "
            f"'{step}' and run its cell."
        )
    if value is None:
        return f"`{variable}` is not defined: complete the step '{step}' and run its cell."
    return None


def count(number: int, noun: str) -> str:
    """'1 epoch', '3 epochs'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def first_placeholder(values: dict[str, Any], step: str) -> str | None:
    for variable, value in values.items():
        problem = placeholder_problem(value, variable, step)
        if problem:
            return problem
    return None
