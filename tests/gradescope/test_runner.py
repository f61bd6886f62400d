"""run_autograder's Python side, for what it decides before any kernel runs."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import nbformat

from autograder.drivers.gradescope import runner
from autograder.drivers.gradescope.config import CONFIG_FILE, GradescopeConfig


def _autograder(tmp_path, assignment="mnist_dense"):
    (tmp_path / "source").mkdir()
    (tmp_path / "submission").mkdir()
    (tmp_path / "source" / CONFIG_FILE).write_text(GradescopeConfig(assignment).to_json())
    return tmp_path


def _notebook(assignment: str) -> str:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    notebook.metadata["otter"] = {"assignment_name": assignment}
    return nbformat.writes(notebook)


def test_an_empty_submission_gets_a_reason_and_zero(tmp_path):
    root = _autograder(tmp_path)
    assert runner.run(root) == 0
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and results["extra_data"]["status"] == "invalid"
    assert "no notebook was found in the submission" in results["output"]


def test_the_other_assignments_notebook_is_refused(tmp_path):
    root = _autograder(tmp_path)
    with zipfile.ZipFile(root / "submission" / "export.zip", "w") as archive:
        archive.writestr("cifar10_dense.ipynb", _notebook("cifar10_dense"))
    runner.run(root)
    results = json.loads((root / "results" / "results.json").read_text())
    assert "this is the notebook of cifar10_dense, not of mnist_dense" in results["output"]


def test_unreadable_settings_are_the_graders_failure(tmp_path):
    root = _autograder(tmp_path)
    (root / "source" / CONFIG_FILE).write_text("{")
    assert runner.run(root) == 1
    results = json.loads((root / "results" / "results.json").read_text())
    assert "score" not in results and results["tests"] == []
    assert results["output"].startswith("Not graded yet: the autograder failed (FileFormatError")
    assert f"{CONFIG_FILE}: not JSON" in results["output"]


def test_the_student_is_named_by_gradescopes_metadata(tmp_path):
    metadata = tmp_path / "submission_metadata.json"
    users = [{"name": "A", "sid": "s1", "email": "a@x"}, {"name": "B", "email": "b@x"}]
    metadata.write_text(json.dumps({"users": users}))
    assert runner.student_of(metadata) == "s1+b@x"
    assert runner.student_of(tmp_path / "missing.json") == "student"


def test_job_folders_go_to_the_scratch_folder_on_disk_and_tmpdir_is_restored(tmp_path, monkeypatch):
    """/tmp may be a tmpfs (its files are memory): the grader's job folders, with the
    arrays a kernel exports, go to the container's disk while grading, and only then."""
    monkeypatch.setenv("TMPDIR", str(tmp_path / "before"))
    scratch = tmp_path / "autograder" / "densegrade-scratch"
    scratch.parent.mkdir()
    with runner.scratch_in(scratch):
        job = Path(tempfile.mkdtemp(prefix="job-"))
        assert job.parent == scratch and os.environ["TMPDIR"] == str(scratch)
    assert scratch.stat().st_mode & 0o777 == 0o711  # the kernels can list nothing in it
    assert os.environ["TMPDIR"] == str(tmp_path / "before")
    assert tempfile.gettempdir() != str(scratch)
