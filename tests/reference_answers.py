"""Each reference's solution code per question, as the tests fill student notebooks."""

from __future__ import annotations

from pathlib import Path

from autograder.otter_format import read_master, solved_source
from autograder.samples import PROJECT_ROOT


def reference_answers(assignment: str, project_root: Path = PROJECT_ROOT) -> dict[str, str]:
    """Each autograded question's solution code, as ``filled_student_notebook`` takes it."""
    master = read_master(project_root / "solutions" / f"{assignment}.ipynb")
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
