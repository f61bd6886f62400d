"""The result of one check: what a student reads and what a TA reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class CheckFailed(AssertionError):
    """Raised by ``require()``; otter records its message as the failure reason."""


RECORDED: dict[str, CheckOutcome] = {}


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    message: str  # for the student
    detail: str = ""  # for TAs: what the check measured
    review: str = ""  # for TAs: why this outcome needs a person's look (the row is flagged)

    def require(self) -> CheckOutcome:
        RECORDED[self.name] = self  # lets a grader report the full outcome, not only failures
        if not self.passed:
            raise CheckFailed(self.message)
        return self

    @classmethod
    def ok(cls, name: str, message: str, detail: str = "", review: str = "") -> CheckOutcome:
        return cls(name, True, message, detail, review)

    @classmethod
    def fail(cls, name: str, message: str, detail: str = "", review: str = "") -> CheckOutcome:
        return cls(name, False, message, detail, review)


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
