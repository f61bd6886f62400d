"""How long each public check takes where students run it: `grader.check` in the handout.

    DENSEGRADE_DATA_DIR=../shared/data python -m benchmarks.public_checks [--rounds 3]

For each assignment, the student handout (as `densegrade build` makes it) is unzipped
into a fresh folder, its notebook is filled with the reference answers and run in a
Jupyter kernel of this environment, and the time of every `grader.check(...)` cell is
read from the kernel's own execution timestamps (nbclient records them). A round runs the
whole notebook (ten epochs of training included); the table gives each cell's median
and slowest time over the rounds. Results: docs/benchmarks.md, "Public checks".
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.authoring import build
from autograder.contracts.project import SOURCE_ROOT as PROJECT_ROOT
from autograder.corpus.notebooks import reference_answers
from autograder.corpus.offline import OFFLINE_DATA_CELL
from autograder.drivers.samples import filled_student_notebook


def check_seconds(assignment: str, handout: bytes) -> dict[str, float]:
    """One round: every `grader.check` cell of the filled handout notebook, in seconds."""
    with tempfile.TemporaryDirectory(prefix="densegrade-public-checks-") as scratch:
        with zipfile.ZipFile(io.BytesIO(handout)) as archive:
            archive.extractall(scratch)
        folder = Path(scratch) / assignment
        notebook = filled_student_notebook(assignment, reference_answers(assignment))
        notebook.cells.insert(0, nbformat.v4.new_code_cell(OFFLINE_DATA_CELL))
        notebook.cells = [cell for cell in notebook.cells if "grader.export" not in cell.source]
        resources = {"metadata": {"path": str(folder)}}
        NotebookClient(notebook, timeout=1800, kernel_name="python3", resources=resources).execute()
    return {
        cell.source.strip(): _duration(cell)
        for cell in notebook.cells
        if cell.source.strip().startswith("grader.check(")
    }


def _duration(cell: nbformat.NotebookNode) -> float:
    timing = cell.metadata["execution"]
    started = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
    ended = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    return (ended - started).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    handouts = build.handouts(build.render_all(PROJECT_ROOT))
    print(f"| assignment | check cell | median s | slowest s | rounds: {rounds} |")
    print("|---|---|---|---|---|")
    for assignment, handout in handouts.items():
        runs = [check_seconds(assignment, handout) for _ in range(rounds)]
        for cell in runs[0]:
            times = [run[cell] for run in runs]
            median, slowest = statistics.median(times), max(times)
            print(f"| {assignment} | `{cell}` | {median:.3f} | {slowest:.3f} | |")


if __name__ == "__main__":
    main()
