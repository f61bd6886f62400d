"""The grader's identity: one fingerprint of everything that can change a grade.

A result records the identity of the grader that made it (``SubmissionResult.grader``),
and a rerun keeps a result only while the identity is the same
(:func:`autograder.contracts.results.currency`). The identity covers the source of every module
the grading processes run, found by following their imports from their entry points and
from the bundles' test files (as the student handout finds the public checks), every file
of the bundles (the spec and its accuracy thresholds among them); the data sets' specification is in
:mod:`autograder.data`, which the kernel imports. Code no grade depends on (the reports,
their templates, the command line, the cluster's planning) is outside it, so changing it
regrades nothing.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from autograder import __version__
from autograder.contracts.assignments import ASSIGNMENTS
from autograder.contracts.bundle import bundle_dir
from autograder.contracts.package_imports import closure, module_files
from autograder.contracts.project import PACKAGE_DIR

# Where grading code starts running, in each process a submission passes through.
GRADING_ENTRY_POINTS = (
    "autograder.execution.pool",  # the grading process: a verdict becomes a row
    "autograder.execution.supervisor",  # one submission's supervisor, and its judge
    "autograder.kernel.setup",  # the grading kernel's first cell
    "autograder.kernel.export",  # and its last
)


def grading_modules() -> list[str]:
    """Every module whose code can change a grade, by dotted name."""
    sources = [f"import {module}" for module in GRADING_ENTRY_POINTS]
    sources += [path.read_text(encoding="utf-8") for path in _bundle_test_files()]
    return closure(sources)


@cache
def grader_fingerprint() -> str:
    """Changes whenever anything that decides a grade changes: a rerun then regrades."""
    digest = hashlib.sha256(__version__.encode())
    modules = module_files()
    for module in grading_modules():
        path = modules[module]
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    for name in sorted(ASSIGNMENTS):
        bundle = bundle_dir(name)
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(bundle).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _bundle_test_files() -> list[Path]:
    return [
        path
        for name in sorted(ASSIGNMENTS)
        for path in sorted((bundle_dir(name) / "tests").glob("*.py"))
    ]
