"""The instructor's path on real data, read from the corpus batch (tests/conftest.py): one
`densegrade grade` run over every corpus notebook, the untouched student notebooks among
them, after the batch graded both reference solutions first, each in a real Jupyter
kernel. The data folder is reached through a symbolic link, as a link to a scratch or
shared disk would be."""

import csv
import json

import nbformat
import pytest

from autograder.corpus.cases import CASES

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def graded(corpus_batch):
    _, out = corpus_batch
    rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open())}
    return out, rows, (out / "stdout.txt").read_text()


def _checks(out, submission):
    return json.loads((out / "results" / f"{submission}.json").read_text())["checks"]


def test_every_notebook_gets_a_row(graded):
    out, rows, table = graded
    assert set(rows) == {case.name for case in CASES}
    assert {row["status"] for row in rows.values()} == {"ok"}
    assert "mnist_untouched" in table  # the scores table is printed
    assert (out / "logs" / "mnist_untouched.log").is_file()  # kernel chatter kept aside
    assert (out / "notebooks" / "mnist_untouched.ipynb").is_file()  # as the grader ran it


@pytest.mark.parametrize("assignment", ["mnist_dense", "cifar10_dense"])
def test_reference_solutions_get_full_marks_through_a_linked_data_folder(graded, assignment):
    out, _, _ = graded
    result = json.loads((out / "reference" / f"{assignment}.json").read_text())
    assert result["assignment"] == assignment and result["status"] == "ok"
    assert result["score"] == result["max_score"] == 13
    checks = result["checks"]
    assert [c["check"] for c in checks if not c["passed"]] == []
    assert result["execution_errors"] == []
    assert not any(check["review"] for check in checks)  # nothing for a TA to look at
    assert not (out / "notebooks" / f"+reference-{assignment}.ipynb").exists()  # the solution
    facts = result["training_facts"]
    assert facts["fits"] == 1 and facts["epochs"] == 10 and facts["test_rows_seen"] == 0
    assert facts["train_rows_seen"] == facts["train_size"] and facts["unknown_rows"] == 0
    accuracy = next(c for c in checks if c["check"] == "accuracy_full")
    assert accuracy["detail"].startswith("test accuracy 0.")
    assert any(c["check"].startswith("accuracy") and c["hidden"] for c in checks)
    peak = result["peak_memory"]
    # charged: the kernel and its children (none here), sampled; resident: the kernel's VmHWM
    assert 0 < peak["data_bytes"] and 0 < peak["charged_bytes"] <= peak["resident_bytes"]
    # The grader's own share, measured: beside the kernel, and over the job (judging too).
    assert 0 < peak["grader_bytes"] <= peak["judge_bytes"]


@pytest.mark.parametrize("assignment", ["mnist_dense", "cifar10_dense"])
def test_untouched_student_notebooks_get_zero_with_a_reason_per_check(graded, assignment):
    out, rows, _ = graded
    submission = f"{assignment.split('_')[0]}_untouched"
    row = rows[submission]
    assert float(row["score"]) == 0 and float(row["max_score"]) == 13
    assert row["reason"].startswith("failed: preprocessing")
    checks = _checks(out, submission)
    assert len(checks) >= 10 and not any(c["passed"] for c in checks)
    for check in checks:
        assert "still the placeholder `...`" in check["message"], check
        assert "Error at line" not in check["message"]  # otter's test-code report stays in detail


def test_the_executed_notebook_keeps_the_students_outputs(graded):
    out, _, _ = graded
    notebook = nbformat.read(out / "notebooks" / "mnist_lesson_verbatim.ipynb", as_version=4)
    sources = [cell.source for cell in notebook.cells]
    assert not any("densegrade" in source for source in sources)  # only the student's cells
    fit = next(c for c in notebook.cells if c.source.startswith("history = model.fit("))
    assert fit.outputs and fit.execution_count  # as it ran in the grading kernel


def test_the_gradescope_zip_also_grades_through_otter_run(project_root, data_dir, tmp_path):
    """``otter run`` with the Gradescope zip, for instructors who use it locally: otter's
    own runner, the checks in the kernel."""
    from otter.api import grade_submission

    from autograder.drivers.gradescope.config import GradescopeConfig
    from autograder.drivers.gradescope.package import write_autograder_zip

    config = GradescopeConfig(assignment="mnist_dense")
    bundle = write_autograder_zip(config, project_root, tmp_path / "mnist_dense-autograder.zip")
    submission = nbformat.read(project_root / "solutions" / "mnist_dense.ipynb", as_version=4)
    submission.metadata["otter"] = {"assignment_name": "mnist_dense"}  # as students' carry
    nbformat.write(submission, tmp_path / "mnist_dense.ipynb")
    results = grade_submission(str(tmp_path / "mnist_dense.ipynb"), str(bundle), quiet=True)
    assert results.total == results.possible == 13
