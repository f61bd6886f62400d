"""Array tasks on this machine, without Slurm: two tasks given the same chunk at once
write every result once, and a task refuses to grade students the references did not
vouch for."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from autograder.contracts.results import read_result
from tests.conftest import seed_references

pytestmark = pytest.mark.notebook
CLI = [sys.executable, "-m", "autograder.cli"]


def planned_run(tmp_path, project_root, graded_references=None):
    """Two distinct untouched notebooks planned as one chunk (a dry run); the run folder."""
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    (tmp_path / "class").mkdir()
    for student in ("ann", "bob"):
        notebook = nbformat.read(stub, as_version=4)
        notebook.metadata["student"] = student
        nbformat.write(notebook, tmp_path / "class" / f"{student}_mnist_dense.ipynb")
    out = tmp_path / "out"
    if graded_references is not None:
        seed_references(graded_references, out)
    command = [*CLI, "grade", str(tmp_path / "class"), "--out", str(out), "--backend", "slurm"]
    command += ["--dry-run", "--chunk-size", "3", "--cpus-per-task", "1"]
    subprocess.run(command, check=True, capture_output=True, cwd=project_root)
    (run_dir,) = (out / "cluster").iterdir()
    return run_dir, out


def test_two_tasks_on_the_same_chunk_write_each_result_once(
    tmp_path, project_root, graded_references
):
    run_dir, out = planned_run(tmp_path, project_root, graded_references)
    command = [*CLI, "worker", str(run_dir), "--chunk", "0", "--workers", "1"]
    tasks = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [task.communicate() for task in tasks]
    assert [task.returncode for task in tasks] == [0, 0], [err[-2000:] for _, err in outputs]
    written = [
        set(json.loads(line)["submissions"])
        for stdout, _ in outputs
        for line in stdout.splitlines()
        if json.loads(line)["event"] == "written"
    ]
    names = {"ann_mnist_dense", "bob_mnist_dense"}
    assert written[0] | written[1] == names and not written[0] & written[1]
    for name in names:
        result = read_result(out / "results" / f"{name}.json")
        assert result is not None and (result.status, result.score) == ("ok", 0.0)


def test_a_task_grades_no_student_without_references_that_vouch_for_the_grader(
    tmp_path, project_root
):
    run_dir, out = planned_run(tmp_path, project_root)
    finished = subprocess.run(
        [*CLI, "worker", str(run_dir), "--chunk", "0"],
        capture_output=True,
        text=True,
        cwd=project_root,
    )
    assert finished.returncode == 3, finished.stderr[-2000:]
    assert "reference solution of mnist_dense was not graded" in finished.stderr
    assert not (out / "results").exists()
