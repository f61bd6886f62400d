"""Execute a submission in a fresh Jupyter kernel and collect what the checks need.

The kernel runs: our setup cell (seeds, data layer, training recorder), the
student's cells in order (errors do not stop the run), then our export cell,
which writes the state to a folder whose name the student's code cannot know in
advance. The checks then run elsewhere (:mod:`autograder.judging.harness`).
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.contracts.text import first_line
from autograder.kernel.setup import GRADING_SEED, setup_source
from autograder.student_imports import not_found_module

DEFAULT_CELL_TIMEOUT = 1800  # seconds; a training cell takes about a minute on 2 cores
MAX_EXECUTION_ERRORS = 5
OUTPUT_BUDGET = 1024**2  # bytes of printed output kept per notebook; errors are always kept
SAVED_NOTEBOOK_BYTES = 8 * 1024**2  # the executed notebook kept for TAs


class ExecutionFailed(RuntimeError):
    """The grader's own cells could not run: the submission could not be graded."""


@dataclass
class Execution:
    """A notebook prepared for grading (setup cell, the student's cells, export cell) and,
    once run, what it left: errors, dropped output and the export folder."""

    notebook: nbformat.NotebookNode  # setup, the student's cells, export; outputs as run
    export_dir: Path
    errors: list[str] = field(default_factory=list)  # the student's cells that raised
    missing_modules: list[str] = field(default_factory=list)  # imports that found nothing
    output_dropped_bytes: int = 0  # printed output beyond OUTPUT_BUDGET, not kept

    def student_notebook(self) -> nbformat.NotebookNode:
        """The student's cells with their outputs, as far as they ran (for TAs)."""
        return nbformat.v4.new_notebook(cells=self.notebook.cells[1:-1])


def prepare_execution(
    notebook: nbformat.NotebookNode,
    workdir: Path,
    *,
    seed: int = GRADING_SEED,
    datasets: tuple[str, ...] = (),
) -> Execution:
    """The program a grading kernel runs: our setup cell, the student's cells, our export.

    ``datasets`` are loaded by the setup cell, before any student code runs.
    """
    export_dir = workdir / f".densegrade-export-{secrets.token_hex(8)}"
    setup = nbformat.v4.new_code_cell(
        setup_source(seed, datasets=datasets)
        + "\nimport autograder.kernel.setup as _densegrade_setup"
        + "\n_densegrade_setup.silence_student_checks()\ndel _densegrade_setup"
    )
    export = nbformat.v4.new_code_cell(
        "import autograder.kernel.export as _densegrade_export\n"
        f"_densegrade_export.export_state({str(export_dir)!r})"
    )
    student_cells = [copy.deepcopy(cell) for cell in notebook.cells if cell.cell_type != "raw"]
    for cell in student_cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None  # what the student saw is not ours
    program = nbformat.v4.new_notebook(cells=[setup, *student_cells, export])
    program.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return Execution(program, export_dir)


def run_execution(
    execution: Execution,
    workdir: Path,
    *,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    kernel_manager=None,
    progress: Callable[[int, str], None] | None = None,
) -> None:
    """Run the program; ``progress`` hears of each cell. The kernel's death propagates;
    ``execution.notebook`` keeps the outputs so far."""
    program = execution.notebook
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
    client.on_cell_error = lambda cell, cell_index, execute_reply: keep_replied_error(
        cell, execute_reply
    )
    try:
        client.execute()
    finally:
        execution.output_dropped_bytes = client.dropped_bytes
    for own_cell, role in ((program.cells[0], "setup"), (program.cells[-1], "export")):
        error = _first_error(own_cell)
        if error:
            raise ExecutionFailed(f"the grader's {role} cell failed: {error}")
    errors = [e for cell in program.cells[1:-1] if (e := _first_error(cell, with_source=True))]
    execution.errors = errors[:MAX_EXECUTION_ERRORS]
    missing = [_missing_module(cell) for cell in program.cells[1:-1]]
    execution.missing_modules = list(dict.fromkeys(module for module in missing if module))


def save_notebook(notebook: nbformat.NotebookNode, path: Path) -> str:
    """Write ``notebook`` for TAs, within SAVED_NOTEBOOK_BYTES; returns what was kept."""
    text = nbformat.writes(notebook)
    kept = "with outputs"
    if len(text.encode()) > SAVED_NOTEBOOK_BYTES:
        bare = copy.deepcopy(notebook)
        for cell in bare.cells:
            if cell.cell_type == "code":
                cell.outputs = []
        text, kept = nbformat.writes(bare), "without outputs (too large)"
    if len(text.encode()) > SAVED_NOTEBOOK_BYTES:
        return "not kept (its code alone is too large)"
    path.write_text(text, encoding="utf-8")
    return kept


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


def keep_replied_error(cell: nbformat.NotebookNode, execute_reply: dict) -> None:
    """Give ``cell`` the error its execute reply names when the error output never came.

    The kernel publishes a cell's traceback on IOPub and its status on the shell channel;
    nbclient waits only seconds for the first after the second, so on a loaded machine,
    or from a kernel with no memory left to send it, the traceback can be lost: the
    reply still says how the cell failed.
    """
    if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
        return
    content = execute_reply.get("content", {})
    cell.setdefault("outputs", []).append(
        nbformat.v4.new_output(
            "error",
            ename=str(content.get("ename", "")),
            evalue=str(content.get("evalue", "")),
            traceback=[str(line) for line in content.get("traceback", [])],
        )
    )


def _missing_module(cell: nbformat.NotebookNode) -> str | None:
    """The module the cell failed to import, if that is how it failed."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return not_found_module(output.get("ename", ""), output.get("evalue", ""))
    return None


def _first_error(cell: nbformat.NotebookNode, with_source: bool = False) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            message = f"{output.get('ename')}: {output.get('evalue')}"
            if with_source:
                message += f" (in the cell `{first_line(cell.source, 60)}`)"
            return message
    return None
