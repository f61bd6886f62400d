"""The corpus cases as notebooks, written as a student hands them in."""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.contracts.otter_format import read_master, solved_source
from autograder.contracts.project import SOURCE_ROOT, ProjectFolder
from autograder.corpus.cases import CASES, Case
from autograder.drivers.samples import edited_reference, filled_student_notebook

__all__ = ["case_notebook", "reference_answers", "write_corpus"]


def case_notebook(case: Case, project_root: Path = SOURCE_ROOT) -> nbformat.NotebookNode:
    """The notebook of ``case``: its stubs filled, or the reference with its edits. Its
    metadata names the case, so each case is a file of its own: the reference case is
    graded again, not given the reference's result (identical files are graded once)."""
    if case.answers or case.untouched:
        notebook = filled_student_notebook(
            case.assignment, dict(case.answers), case.extra_cells, project_root
        )
    else:
        notebook = edited_reference(
            case.assignment, case.edits, project_root=project_root, label=case.name
        )
    notebook.metadata["densegrade_case"] = case.name
    return notebook


def write_corpus(folder: Path, cases: tuple[Case, ...] = CASES) -> list[Path]:
    """Write each case as ``folder/<case name>.ipynb``; returns the paths in case order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in cases:
        path = folder / f"{case.name}.ipynb"
        nbformat.write(case_notebook(case), path)
        paths.append(path)
    return paths


def reference_answers(assignment: str, project_root: Path = SOURCE_ROOT) -> dict[str, str]:
    """Each autograded question's solution code, as ``filled_student_notebook`` takes it."""
    master = read_master(ProjectFolder(project_root).reference(assignment))
    answers = {}
    for question in master.questions:
        code = [
            solved_source(cell.cell.source)
            for cell in question.cells
            if cell.solution and cell.cell.cell_type == "code"
        ]
        if code and not question.manual:
            answers[question.name] = "\n".join(code)
    return answers
