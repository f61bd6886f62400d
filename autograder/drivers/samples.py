"""Sample submissions made from the reference solutions: for the demo, the corpus and tests.

A sample is ``solutions/<assignment>.ipynb`` as a student who solved it would have it
(otter markup, tests and prompts removed: ``otter_format.solved_cells``), with edits
applied (each must match exactly once, so a changed reference fails loudly) and
optionally an extra cell after the imports. The reference stays the one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.contracts.project import SOURCE_ROOT, ProjectFolder
from autograder.drivers.reference import reference_notebook

# Markup in a free-response answer, which report pages must show as text, never run or load.
HOSTILE_ANSWER = (
    "<script>document.title = 'pwned'</script>"
    '<img src="http://198.51.100.7/track.png" onerror="document.title = \'pwned\'">'
)
HEIDI_ANSWER_START = "No: training and validation accuracy rise together"
Edit = tuple[str, str]


def edited_reference(
    assignment: str,
    edits: tuple[Edit, ...] = (),
    extra_cell: str | None = None,
    project_root: Path = SOURCE_ROOT,
    label: str = "sample",
) -> nbformat.NotebookNode:
    """The reference of ``assignment`` as a student's notebook, with ``edits`` applied."""
    notebook = reference_notebook(assignment, project_root)
    for old, new in edits:  # code or markdown (a free-response answer)
        matches = sum(cell.source.count(old) for cell in notebook.cells)
        if matches != 1:
            raise ValueError(f"{label}: edit {old!r} matches {matches} times, not once")
        for cell in notebook.cells:
            if old in cell.source:
                cell.source = cell.source.replace(old, new)
    if extra_cell is not None:
        first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
        notebook.cells.insert(first_code + 1, nbformat.v4.new_code_cell(extra_cell))
    return notebook


def filled_student_notebook(
    assignment: str,
    answers: dict[str, str],
    extra_cells: tuple[str, ...] = (),
    project_root: Path = SOURCE_ROOT,
) -> nbformat.NotebookNode:
    """The generated student notebook with its stubs filled in, as a student hands it in.

    ``answers`` maps a question to the code that replaces its stub (the code cell just
    before that question's ``grader.check`` cell); ``extra_cells`` go before the export
    cell. Unlike :func:`edited_reference`, nothing of the reference's own code remains
    in the answered cells: this is how students who paste the lesson write.
    """
    path = ProjectFolder(project_root).student_notebook(assignment)
    notebook = nbformat.read(path, as_version=4)
    cells = notebook.cells
    for question, code in answers.items():
        check = next(
            (i for i, c in enumerate(cells) if c.source.strip() == f'grader.check("{question}")'),
            None,
        )
        if check is None:
            raise ValueError(f"{assignment}: no grader.check cell for question {question!r}")
        stub = max(i for i in range(check) if cells[i].cell_type == "code")
        cells[stub].source = code
    export = max(i for i, cell in enumerate(cells) if cell.cell_type == "code")
    for offset, code in enumerate(extra_cells):
        cells.insert(export + offset, nbformat.v4.new_code_cell(code))
    return notebook


@dataclass(frozen=True)
class Sample:
    student: str
    assignment: str
    description: str
    edits: tuple[Edit, ...] = ()
    extra_cell: str | None = None
    raw: bytes | None = None  # a file that is not a notebook at all


SAMPLES: tuple[Sample, ...] = (
    Sample("alice", "mnist_dense", "correct"),
    Sample("bob", "cifar10_dense", "correct"),
    Sample(
        "carol",
        "mnist_dense",
        "forgot to scale the pixels to [0, 1]",
        edits=(
            ('X_train = X_train.astype("float32") / 255', 'X_train = X_train.astype("float32")'),
            ('X_test = X_test.astype("float32") / 255', 'X_test = X_test.astype("float32")'),
        ),
    ),
    Sample(
        "dave",
        "mnist_dense",
        "sigmoid instead of softmax on the output layer",
        edits=(('Dense(10, activation="softmax"),', 'Dense(10, activation="sigmoid"),'),),
    ),
    Sample(
        "erin",
        "mnist_dense",
        "left out the 16-unit hidden layer",
        edits=(('    Dense(16, activation="relu"),\n', ""),),
    ),
    Sample(
        "frank",
        "cifar10_dense",
        "trained for 1 epoch instead of 10",
        edits=(("epochs=10, validation_data", "epochs=1, validation_data"),),
    ),
    Sample(
        "grace",
        "mnist_dense",
        "a broken file: the notebook was truncated on upload",
        raw=b'{"cells": [{"cell_type": "code", "source": "import numpy',
    ),
    Sample(
        "heidi",
        "mnist_dense",
        "hostile: looks for the hidden tests, replaces otter's grader, puts markup in an answer",
        edits=((HEIDI_ANSWER_START, f"{HOSTILE_ANSWER} {HEIDI_ANSWER_START}"),),
        extra_cell=(
            "import pathlib, autograder, otter\n"
            "bundles = pathlib.Path(autograder.__file__).parent / 'bundles'\n"
            "print([path.read_text() for path in bundles.rglob('*.py')])\n"
            "print([path.read_text() for path in pathlib.Path('/').glob('*/*/solutions/*')])\n"
            "otter.Notebook.check = lambda *args, **kwargs: 'All tests passed!'"
        ),
    ),
)


def write_samples(folder: Path, samples: tuple[Sample, ...] = SAMPLES) -> list[Path]:
    """One notebook per sample, named ``<student>_<assignment>.ipynb``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in samples:
        path = folder / f"{sample.student}_{sample.assignment}.ipynb"
        if sample.raw is not None:
            path.write_bytes(sample.raw)
        else:
            notebook = edited_reference(
                sample.assignment, sample.edits, sample.extra_cell, label=sample.student
            )
            nbformat.write(notebook, path)
        paths.append(path)
    return paths
