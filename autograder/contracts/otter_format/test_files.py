"""Generated otter test files (``tests/*.py``), read by otter's own parser.

otter is imported where it is used: that import takes seconds, and this module is
imported wherever ``autograder.contracts.assignments`` is.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from otter.test_files.exception_test import ExceptionTestFile


@dataclass(frozen=True)
class OtterTestCase:
    name: str
    function: str  # the test function's name
    points: float  # resolved as otter resolves them
    hidden: bool
    parameters: tuple[str, ...]  # the notebook variables otter passes to the function
    source: str  # decorator and function, as written
    body: str  # the function's statements, as written


@dataclass(frozen=True)
class OtterTestFile:
    name: str
    path: str
    cases: tuple[OtterTestCase, ...]
    all_or_nothing: bool

    @property
    def points(self) -> float:
        return float(sum(case.points for case in self.cases))


def load_test_file(path: Path) -> ExceptionTestFile:
    """otter's own object for a test file (it runs the cases)."""
    from otter.test_files.exception_test import ExceptionTestFile

    return ExceptionTestFile.from_file(str(path))


def read_test_file(path: Path) -> OtterTestFile:
    """A test file as otter reads it: its cases, their points, visibility and parameters."""
    return _described(load_test_file(path))


def parse_test_file(source: str, path: str = "<string>") -> OtterTestFile:
    """A test file not on disk (``path`` only names it)."""
    from otter.test_files.exception_test import ExceptionTestFile

    return _described(ExceptionTestFile.from_string(source, path=path))


def total_points(tests_dir: Path) -> float:
    """The points of every test file in a folder, as otter counts them."""
    return float(sum(read_test_file(path).points for path in sorted(tests_dir.glob("*.py"))))


def _described(test_file: ExceptionTestFile) -> OtterTestFile:
    texts = _function_sources(test_file.source)
    cases = tuple(_case(case, texts) for case in test_file.test_cases)
    return OtterTestFile(test_file.name, test_file.path, cases, test_file.all_or_nothing)


def _case(case: Any, texts: dict[str, tuple[str, str]]) -> OtterTestCase:
    function = case.body.test_func  # otter's `test_case` decorator keeps it
    parameters = tuple(inspect.signature(function).parameters)
    points, hidden = float(case.points or 0), bool(case.hidden)
    source, body = texts.get(function.__name__, ("", ""))
    return OtterTestCase(case.name, function.__name__, points, hidden, parameters, source, body)


def _function_sources(source: str) -> dict[str, tuple[str, str]]:
    """Each top-level function's text (with its decorators) and its body's text."""
    lines = source.split("\n")  # ast's line numbers count "\n"
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            start = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
            found[node.name] = (
                "\n".join(lines[start - 1 : node.end_lineno]),
                "\n".join(lines[node.body[0].lineno - 1 : node.end_lineno]),
            )
    return found


def name_test_cases(source: str) -> str:
    """Name each otter test case after its function (otter numbers them otherwise).

    ``@test_case(points=1)`` above ``def test_scaled`` becomes
    ``@test_case(name="scaled", points=1)``; a case that has a name keeps it.
    """
    lines = source.split("\n")  # ast's line numbers count "\n"
    for node in ast.parse(source).body:
        decorators = node.decorator_list if isinstance(node, ast.FunctionDef) else []
        for decorator in filter(_is_unnamed_test_case, decorators):
            name = f'name="{node.name.removeprefix("test_")}"'
            if decorator.args or decorator.keywords:
                name += ", "
            row, column = decorator.func.end_lineno - 1, decorator.func.end_col_offset
            lines[row] = _insert_after_parenthesis(lines[row], column, name)
    return "\n".join(lines)


def _is_unnamed_test_case(decorator: ast.expr) -> bool:
    if not isinstance(decorator, ast.Call):
        return False
    func = decorator.func
    called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return called == "test_case" and all(keyword.arg != "name" for keyword in decorator.keywords)


def _insert_after_parenthesis(line: str, offset: int, text: str) -> str:
    encoded = line.encode()  # ast offsets count UTF-8 bytes
    at = encoded.index(b"(", offset) + 1
    return (encoded[:at] + text.encode() + encoded[at:]).decode()
