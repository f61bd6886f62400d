"""Preparing and running a notebook in one call: the tests' shortcut past the pool."""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.execution.runner import Execution, prepare_execution, run_execution


def execute_submission(notebook: nbformat.NotebookNode, workdir: Path, **options) -> Execution:
    """Prepare and run in one call (``options``: those of both steps)."""
    preparing = {key: options.pop(key) for key in ("seed", "datasets") if key in options}
    execution = prepare_execution(notebook, workdir, **preparing)
    run_execution(execution, workdir, **options)
    return execution
