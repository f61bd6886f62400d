"""The corpus cases as notebooks, written as a student hands them in."""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.corpus.cases import CASES, Case
from autograder.samples import PROJECT_ROOT, edited_reference, filled_student_notebook

__all__ = ["PROJECT_ROOT", "case_notebook", "write_corpus"]


def case_notebook(case: Case, project_root: Path = PROJECT_ROOT) -> nbformat.NotebookNode:
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
