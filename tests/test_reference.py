from __future__ import annotations

import hashlib

import nbformat

from autograder.drivers import reference


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


def test_the_reference_digest_is_that_of_the_file_handed_in(tmp_path, project_root):
    submission = reference.reference_submission("mnist_dense", tmp_path, project_root)
    digest = hashlib.sha256(submission.path.read_bytes()).hexdigest()
    assert reference.reference_digest("mnist_dense", project_root) == digest
