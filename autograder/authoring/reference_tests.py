"""What the build requires of a reference's tests, and the error it refuses one with.

Grading rebuilds only the declared variables in the judging process, and reports a
check's outcome under the name of the test that requires it: a test must ask for
declared variables and require exactly one outcome. A test asking for partial credit
needs its threshold in the settings.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

from autograder.contracts.assignments import GRADABLE_VARIABLES, Assignment
from autograder.contracts.otter_format import OtterTestCase, name_test_cases, parse_test_file

GRADABLE_DECLARATION = "GRADABLE_VARIABLES in autograder/contracts/assignments.py"
PARTIAL_LEVEL = re.compile(r"""level\s*=\s*["']partial["']""")


class BuildError(RuntimeError):
    """A reference notebook cannot be built (otter assign or our checks); the message says why."""


def check_partial_credit(spec: Assignment, tests_dir: Path, master: Path) -> None:
    """Refuse a test asking for partial credit when the settings give no such threshold
    (grading would fail on it for every student, the reference first)."""
    asks = any(
        PARTIAL_LEVEL.search(path.read_text(encoding="utf-8")) for path in tests_dir.glob("*.py")
    )
    if asks and spec.thresholds.partial_credit is None:
        raise BuildError(
            f'{spec.name}: a test in {master} asks for partial credit (level="partial") but '
            f"{master.with_suffix('.toml')} sets no partial_credit_accuracy: set one below "
            "full_credit_accuracy under [thresholds], or delete that test from the reference."
        )


def check_test_cases(assignment: str, tests_dir: Path) -> None:
    """Refuse a test that grading could not judge as the student's page says it does.

    Grading rebuilds only the declared variables in the judging process (otter would
    pass ``None`` for any other parameter, and the check would fail every student);
    and a check's outcome is reported under the name of the test that requires it, so
    each test requires exactly one.
    """
    cases = [
        (path, case)
        for path in sorted(tests_dir.glob("*.py"))
        for case in parse_test_file(name_test_cases(path.read_text("utf-8")), path.name).cases
    ]
    undeclared = [
        f"{_case_name(assignment, path, case)} asks for the undeclared variable {parameter!r}"
        for path, case in cases
        for parameter in case.parameters
        if parameter not in GRADABLE_VARIABLES
    ]
    unrequired = [
        f"{_case_name(assignment, path, case)} requires {required} check outcomes, not one"
        for path, case in cases
        if (required := _requires(case.body)) != 1
    ]
    problems = []
    if undeclared:
        declared = ", ".join(GRADABLE_VARIABLES)
        problems += undeclared + [
            f"The checks see only the variables declared in {GRADABLE_DECLARATION} "
            f"({declared}): declare the variable there, or change the test in "
            f"solutions/{assignment}.ipynb."
        ]
    if unrequired:
        problems += unrequired + [
            "A test calls one check and requires its outcome (`check_...(...).require()`): "
            "the outcome is reported under the test's name, in solutions/"
            f"{assignment}.ipynb."
        ]
    if problems:
        raise BuildError("\n".join(problems))


def _case_name(assignment: str, path: Path, case: OtterTestCase) -> str:
    return f"{assignment}: test file tests/{path.name}, test case {case.name!r} ({case.function})"


def _requires(body: str) -> int:
    """How many ``.require()`` calls a test function's statements make."""
    return sum(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "require"
        for node in ast.walk(ast.parse(textwrap.dedent(body)))
    )
