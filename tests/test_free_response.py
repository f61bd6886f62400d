from __future__ import annotations

import nbformat

from autograder.drivers.samples import edited_reference
from autograder.submissions.free_response import MAX_ANSWER_CHARS, read_answers


def student_notebook(project_root):
    return nbformat.read(project_root / "assignments/mnist_dense/mnist_dense.ipynb", as_version=4)


def answers_by_name(notebook):
    return {a["name"]: (a["answer"], a["found"]) for a in read_answers(notebook, "mnist_dense")}


def test_untouched_student_notebook_has_empty_answers(project_root):
    assert answers_by_name(student_notebook(project_root)) == {
        "curves_reading": ("", True),
        "first_hyperparameter": ("", True),
    }


def test_answers_are_read_from_the_cells_after_each_prompt(project_root):
    notebook = student_notebook(project_root)
    answer_cells = [c for c in notebook.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    answer_cells[-2].source = "It does not overfit.\n\nBoth curves rise."
    answer_cells[-1].source = "The learning rate."
    assert answers_by_name(notebook) == {
        "curves_reading": ("It does not overfit.\n\nBoth curves rise.", True),
        "first_hyperparameter": ("The learning rate.", True),
    }


def test_an_answer_typed_into_the_prompt_cell_counts(project_root):
    notebook = student_notebook(project_root)
    prompt = next(c for c in notebook.cells if "**Question 7.**" in c.source)
    prompt.source += "\n\nMore epochs."
    assert answers_by_name(notebook)["first_hyperparameter"] == ("More epochs.", True)


def test_a_deleted_question_is_reported_as_not_found(project_root):
    notebook = student_notebook(project_root)
    notebook.cells = [c for c in notebook.cells if "**Question 6.**" not in c.source]
    assert answers_by_name(notebook)["curves_reading"] == ("", False)


def test_a_sample_made_from_the_reference_carries_the_reference_answer():
    answer, found = answers_by_name(edited_reference("mnist_dense"))["curves_reading"]
    assert found and answer.startswith("No: training and validation accuracy rise together")


def test_huge_answers_are_cut(project_root):
    notebook = student_notebook(project_root)
    cell = next(c for c in notebook.cells if "otter_answer_cell" in c.metadata.get("tags", []))
    cell.source = "x" * (MAX_ANSWER_CHARS * 3)
    for answer, _ in answers_by_name(notebook).values():
        assert len(answer) <= MAX_ANSWER_CHARS
