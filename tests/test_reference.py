from __future__ import annotations

import nbformat

from autograder import reference
from autograder.results import SubmissionResult


def test_the_reference_is_written_to_the_scratch_folder_as_a_student_would_hand_it_in(
    tmp_path, project_root
):
    submission = reference.reference_submission("mnist_dense", tmp_path, project_root)
    assert submission.path.parent == tmp_path
    notebook = nbformat.read(submission.path, as_version=4)
    sources = "\n".join(cell.source for cell in notebook.cells)
    assert "# BEGIN SOLUTION" not in sources and "def test_" not in sources
    assert "Dense(16" in sources


def test_without_solutions_there_is_no_reference(tmp_path):
    assert reference.reference_submission("mnist_dense", tmp_path, tmp_path / "elsewhere") is None


def test_saved_references_load_by_assignment(tmp_path):
    graded = SubmissionResult("x", "x", "x.ipynb", "cifar10_dense", "ok", score=13, max_score=13)
    reference.save(graded, tmp_path)
    assert reference.load_all(tmp_path)["cifar10_dense"].score == 13


def test_full_marks_means_every_point_and_status_ok():
    def graded(status, score):
        return SubmissionResult(
            "x", "x", "x.ipynb", "mnist_dense", status, score=score, max_score=13
        )

    assert reference.full_marks(graded("ok", 13))
    assert not reference.full_marks(graded("ok", 12))
    assert not reference.full_marks(graded("memory", 13))
    assert not reference.full_marks(graded("grader_error", None))
