"""The result of one check: what a student reads and what a TA reads."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


class CheckFailed(AssertionError):
    """Raised by ``require()``; otter records its message as the failure reason."""


@dataclass(frozen=True)
class CheckOutcome:
    """What one check found: pass or fail, with words for the student and for TAs.

    An outcome has no name of its own: it is the outcome of the test case that
    required it, and that case's name (its test function's, in the reference notebook)
    is the only place a check is named. Otter keeps only a failing check's message; a
    harness that wants every outcome (passing ones carry a message and may carry a
    review flag) runs the cases under :func:`collecting` and :func:`running_case`.
    """

    passed: bool
    message: str  # for the student
    detail: str = ""  # for TAs: what the check measured
    review: str = ""  # for TAs: why this outcome needs a person's look (the row is flagged)

    def require(self) -> CheckOutcome:
        collector = _COLLECTOR.get()
        if collector is not None:
            collector.record(self)
        if not self.passed:
            raise CheckFailed(self.message)
        return self

    @classmethod
    def ok(cls, message: str, detail: str = "", review: str = "") -> CheckOutcome:
        return cls(True, message, detail, review)

    @classmethod
    def fail(cls, message: str, detail: str = "", review: str = "") -> CheckOutcome:
        return cls(False, message, detail, review)


class _Collector:
    """The outcomes required while a harness collects, by the test case that required them."""

    def __init__(self) -> None:
        self.outcomes: dict[str, CheckOutcome] = {}
        self.case: str | None = None

    def record(self, outcome: CheckOutcome) -> None:
        if self.case is None:
            raise RuntimeError("a check was required outside a test case the harness runs")
        self.outcomes[self.case] = outcome


_COLLECTOR: ContextVar[_Collector | None] = ContextVar("densegrade_check_outcomes", default=None)


@contextmanager
def collecting() -> Iterator[dict[str, CheckOutcome]]:
    """Collect every outcome ``require()`` sees within the block, by test case name."""
    collector = _Collector()
    token = _COLLECTOR.set(collector)
    try:
        yield collector.outcomes
    finally:
        _COLLECTOR.reset(token)


def running_case(case: str, test: Callable[..., None]) -> Callable[..., None]:
    """``test`` (a test case's function), recording what it requires under ``case``."""

    @functools.wraps(test)  # otter reads the parameters through ``__wrapped__``
    def run(*args: Any, **kwargs: Any) -> None:
        collector = _COLLECTOR.get()
        if collector is not None:
            collector.case = case
        try:
            test(*args, **kwargs)
        finally:
            if collector is not None:
                collector.case = None

    return run


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
