"""Execute a submission in a fresh Jupyter kernel and collect what the checks need.

The kernel runs: our setup cell (seeds, data layer, training recorder), the
student's cells in order (errors do not stop the run), then our export cell,
which writes the state to a folder whose name the student's code cannot know in
advance. The checks then run elsewhere (:mod:`autograder.checks.clean_run`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.execution.kernel_setup import GRADING_SEED, setup_source

DEFAULT_CELL_TIMEOUT = 1800  # seconds; a training cell takes about a minute on 2 cores
MAX_EXECUTION_ERRORS = 5
OUTPUT_BUDGET = 1024**2  # bytes of printed output kept per notebook; errors are always kept


class ExecutionFailed(RuntimeError):
    """The grader's own cells could not run: the submission could not be graded."""


@dataclass
class Execution:
    notebook: nbformat.NotebookNode
    export_dir: Path
    errors: list[str] = field(default_factory=list)  # the student's cells that raised
    output_dropped_bytes: int = 0  # printed output beyond OUTPUT_BUDGET, not kept


def execute_submission(
    notebook: nbformat.NotebookNode,
    workdir: Path,
    *,
    seed: int = GRADING_SEED,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    kernel_manager=None,
    progress: Callable[[int, str], None] | None = None,
) -> Execution:
    """Run setup, the student's cells and the export; ``progress`` hears of each cell."""

    export_dir = workdir / f".densegrade-export-{secrets.token_hex(8)}"
    setup = nbformat.v4.new_code_cell(
        setup_source(seed)
        + "\nimport autograder.execution.kernel_setup as _densegrade_setup"
        + "\n_densegrade_setup.silence_student_checks()\ndel _densegrade_setup"
    )
    export = nbformat.v4.new_code_cell(
        "import autograder.execution.export as _densegrade_export\n"
        f"_densegrade_export.export_state({str(export_dir)!r})"
    )
    student_cells = [cell for cell in notebook.cells if cell.cell_type != "raw"]
    program = nbformat.v4.new_notebook(cells=[setup, *student_cells, export])
    program.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    client = _bounded_output_client()(
        program,
        km=kernel_manager,
        timeout=cell_timeout,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    if progress:
        client.on_cell_execute = lambda cell, cell_index: progress(cell_index, cell.source)
    client.execute()
    for own_cell, role in ((program.cells[0], "setup"), (program.cells[-1], "export")):
        error = _first_error(own_cell)
        if error:
            raise ExecutionFailed(f"the grader's {role} cell failed: {error}")
    errors = [e for cell in program.cells[1:-1] if (e := _first_error(cell, with_source=True))]
    return Execution(program, export_dir, errors[:MAX_EXECUTION_ERRORS], client.dropped_bytes)


def _bounded_output_client():
    """A notebook client that keeps errors but only the first megabyte of other output.

    A notebook printing hundreds of megabytes must not fill the grader's memory.
    """
    from nbclient import NotebookClient

    class BoundedOutputClient(NotebookClient):
        kept_bytes = 0
        dropped_bytes = 0

        def output(self, outs, msg, display_id, cell_index):
            if msg["msg_type"] != "error":
                size = len(str(msg.get("content", "")))
                if self.kept_bytes + size > OUTPUT_BUDGET:
                    self.dropped_bytes += size
                    return None
                self.kept_bytes += size
            return super().output(outs, msg, display_id, cell_index)

    return BoundedOutputClient


def _first_error(cell: nbformat.NotebookNode, with_source: bool = False) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            message = f"{output.get('ename')}: {output.get('evalue')}"
            if with_source:
                first_line = (cell.source.strip().splitlines() or [""])[0][:60]
                message += f" (in the cell `{first_line}`)"
            return message
    return None
