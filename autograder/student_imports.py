"""What a notebook imports, and which of it the grader will not have.

Pure functions, shared by the student's notebook (its first cell watches each cell it
runs, :func:`watch`) and the grader (which names a module a graded notebook could not
import). Ships in the handout, so it needs only the standard library.

The grader has Python's own modules, a Jupyter kernel's, and every module of its
installed packages: the declared ones (:mod:`autograder.contracts.student_environment`) and what
they depend on. The build writes those modules' names into the handout
(:data:`MODULES_FILE`); in the project's own environment, which is the grader's, they are
read from the installed packages.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from autograder.contracts.student_environment import KERNEL_MODULES, STUDENT_PACKAGES

MODULES_FILE = Path(__file__).with_name("grading_modules.txt")
_WATCHING: dict[int, Callable[[Any], None]] = {}  # shell -> its watch (the first cell may rerun)


def imported_modules(source: str) -> list[str]:
    """The top-level modules ``source`` imports, in order, once each (none when it is not
    Python: a cell's magics are turned into Python before it is read)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module.split(".")[0])
    return list(dict.fromkeys(found))


def not_found_module(error_name: str, error_value: str) -> str | None:
    """The module an error says could not be found (``ModuleNotFoundError``, or the
    ``ImportError`` that older code raises), if that is what it says."""
    found = re.match(r"No module named '([^']+)'", error_value)
    if error_name in ("ModuleNotFoundError", "ImportError") and found:
        return found[1]
    return None


def absent_packages(not_found: Iterable[str]) -> list[str]:
    """The top-level modules among ``not_found`` that are not installed here at all (a
    misspelt submodule of an installed package is the notebook's own error)."""
    tops = dict.fromkeys(name.split(".")[0] for name in not_found)
    return [top for top in tops if importlib.util.find_spec(top) is None]


def missing_from_grader(modules: Iterable[str], grading_modules: frozenset[str]) -> list[str]:
    """The modules the grader will not have."""
    have = grading_modules | set(sys.stdlib_module_names) | set(KERNEL_MODULES)
    return [module for module in modules if module not in have]


def warning(module: str) -> str:
    """The one sentence a student reads when a cell imports ``module``."""
    usable = ", ".join(package.distribution for package in STUDENT_PACKAGES)
    return (
        f"Note: the grader will not have `{module}`, so this import will fail when your "
        f"notebook is graded: use Python's own modules and {usable} (requirements.txt)."
    )


def grading_modules() -> frozenset[str]:
    """The top-level modules of the grader's packages."""
    if MODULES_FILE.is_file():
        return frozenset(MODULES_FILE.read_text(encoding="utf-8").split())
    return frozenset(metadata.packages_distributions())


def watch(shell: Any) -> None:
    """Warn, below the cell, the first time a cell imports a module the grader lacks."""
    have, warned = grading_modules(), set()

    def after_cell(result: Any) -> None:
        source = shell.transform_cell(result.info.raw_cell or "")
        for module in missing_from_grader(imported_modules(source), have):
            if module not in warned:
                warned.add(module)
                print(warning(module))

    previous = _WATCHING.pop(id(shell), None)
    if previous is not None:
        shell.events.unregister("post_run_cell", previous)
    _WATCHING[id(shell)] = after_cell
    shell.events.register("post_run_cell", after_cell)
