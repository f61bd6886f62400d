import os
import shutil
import subprocess
import sys
import tempfile

import nbformat
import pytest

from autograder.contracts.identity import grader_fingerprint
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.statuses import Status
from autograder.execution.limits import Limits
from autograder.execution.pool import (
    PRIVATE_PREFIX,
    GradingPool,
    grade_submissions,
    remove_abandoned_folders,
)
from autograder.submissions import Submission, Task


def test_a_file_that_cannot_be_graded_is_invalid_without_a_supervisor(tmp_path, data_dir):
    broken = tmp_path / "in" / "broken.ipynb"
    broken.parent.mkdir()
    broken.write_text("{ not json")
    homework = tmp_path / "in" / "homework.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), homework)
    tasks = [Task(Submission(path.stem, path, "in"), path.stem) for path in (broken, homework)]
    pool = GradingPool(OutputFolder(tmp_path / "out"), Limits(), workers=2)
    results = {result.submission: result for result in pool.grade(tasks)}
    assert results["broken"].status is Status.INVALID
    assert "not a readable notebook" in results["broken"].reason
    assert results["homework"].status is Status.INVALID
    assert "cannot tell the assignment" in results["homework"].reason
    assert not (tmp_path / "out" / "logs").exists()  # no supervisor was started


def test_only_the_folders_of_a_grader_that_is_gone_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    abandoned = tmp_path / f"{PRIVATE_PREFIX}{gone.stdout.strip()}-reference-x"
    running = tmp_path / f"{PRIVATE_PREFIX}{os.getpid()}-x"
    for folder in (abandoned, running):
        folder.mkdir()
    remove_abandoned_folders()
    assert not abandoned.exists() and running.exists()


@pytest.mark.notebook
def test_an_explicit_list_is_graded_into_a_folder_without_batch_machinery(
    tmp_path, data_dir, project_root
):
    """The entry point for a Gradescope runner or a cluster task: no references, no pages."""
    untouched = tmp_path / "in" / "alice_mnist_dense.ipynb"
    untouched.parent.mkdir()
    shutil.copy(project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb", untouched)
    broken = tmp_path / "in" / "bob_mnist_dense.ipynb"
    broken.write_text("{ not json")
    submissions = [Submission(path.stem, path, "in") for path in (untouched, broken)]
    out = tmp_path / "out"
    results = grade_submissions(
        submissions, OutputFolder(out), Limits(timeout=300), grader_fingerprint(), workers=2
    )
    assert [r.submission for r in results] == ["alice_mnist_dense", "bob_mnist_dense"]
    alice, bob = results
    assert alice.status is Status.OK and alice.score == 0 and alice.max_score == 13
    assert alice.notebook == "notebooks/alice_mnist_dense.ipynb"
    assert bob.status is Status.INVALID
    assert sorted(p.name for p in (out / "results").iterdir()) == [
        "alice_mnist_dense.json",
        "bob_mnist_dense.json",
    ]
    assert (out / "grades.csv").read_text().count("\n") == 3
    assert (out / "logs" / "alice_mnist_dense.log").is_file()
    assert not (out / "reference").exists() and not (out / "index.html").exists()
