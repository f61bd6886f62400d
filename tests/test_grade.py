import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from autograder.drivers import grade
from tests.conftest import seed_references


def _notebook(path: Path, assignment: str | None = None) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    if assignment:
        notebook.metadata["otter"] = {"assignment_name": assignment}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def test_unreadable_and_unidentified_notebooks_are_invalid_without_stopping(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    (tmp_path / "empty.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    unknown = _notebook(tmp_path / "homework.ipynb")
    results = grade.grade_paths([tmp_path], tmp_path / "out", grade.GradeOptions(reports=False))
    by_name = {result.submission: result for result in results}
    assert by_name["broken"].status == "invalid"
    assert "not a readable notebook" in by_name["broken"].reason
    assert by_name["homework"].status == "invalid"
    assert "cannot tell the assignment" in by_name["homework"].reason
    assert by_name["empty"].status == "invalid"
    assert "the zip holds no notebook" in by_name["empty"].reason
    assert (tmp_path / "out/results/broken.json").is_file()
    assert unknown.exists()
    assert (tmp_path / "out/grades.csv").read_text().count("invalid") == 3


def test_a_byte_identical_file_is_graded_once_and_gets_the_same_result(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ann.ipynb").write_text("{ not json")
    (tmp_path / "in" / "bob.ipynb").write_text("{ not json")
    (tmp_path / "in" / "cid.ipynb").write_text("{ other }")
    notes = []

    class Notes(grade.SilentReporter):
        def note(self, text: str) -> None:
            notes.append(text)

    options = grade.GradeOptions(reports=False)
    results = grade.grade_paths([tmp_path / "in"], tmp_path / "out", options, Notes())
    ann, bob, cid = results
    assert notes == ["bob is byte-identical to ann: same result"]
    assert (bob.student, bob.path, bob.seconds) == ("bob", str(tmp_path / "in" / "bob.ipynb"), 0)
    assert (bob.status, bob.reason, bob.score) == (ann.status, ann.reason, ann.score)
    assert json.loads((tmp_path / "out/results/bob.json").read_text())["submission"] == "bob"
    assert (tmp_path / "out/logs/bob.log").is_file() == (tmp_path / "out/logs/ann.log").is_file()
    assert cid.reason != "" and cid.content_sha256 != ann.content_sha256


def _grade_command(folder: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "autograder.cli", "grade", str(folder), "--out", str(out)] + [
        "--json-lines",
        "--no-reports",  # so the first result is a student's, not a reference's
        *extra,
    ]


def _rows_without_timing(out: Path) -> list[dict]:
    rows = list(csv.DictReader((out / "grades.csv").open()))
    return [{k: v for k, v in row.items() if k != "seconds"} for row in rows]


@pytest.mark.notebook
def test_a_killed_batch_resumes_without_regrading(tmp_path, graded_references, project_root):
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    students = ("ann", "ben", "cat", "dan")
    for student in students:  # each a file of its own (identical files are graded once)
        notebook = nbformat.read(stub, as_version=4)
        notebook.metadata["student"] = student
        (tmp_path / "class" / student).mkdir(parents=True)
        nbformat.write(notebook, tmp_path / "class" / student / "mnist_dense.ipynb")
    out = tmp_path / "out"
    seed_references(graded_references, out)
    command = _grade_command(tmp_path / "class", out, "--workers", "1")
    first_run = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=project_root)
    deadline = time.monotonic() + 300
    while not list(out.glob("results/*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    first_run.kill()  # as a power cut or a Ctrl-\ would
    first_run.wait()
    graded_before = {path.stem for path in out.glob("results/*.json")}
    assert 1 <= len(graded_before) < len(students)

    resumed = subprocess.run(command, capture_output=True, text=True, cwd=project_root)
    abandoned = Path(tempfile.gettempdir()).glob(f"densegrade-{first_run.pid}-*")
    assert list(abandoned) == []  # the killed run's private folders are cleared
    events = [json.loads(line) for line in resumed.stdout.splitlines()]
    unchanged = {event["submission"] for event in events if event["event"] == "unchanged"}
    regraded = {event["submission"] for event in events if event["event"] == "graded"}
    assert unchanged == graded_before
    assert regraded == set(students) - graded_before
    after_resume = _rows_without_timing(out)
    assert [row["student"] for row in after_resume] == list(students)
    assert {row["status"] for row in after_resume} == {"ok"}


@pytest.mark.notebook
def test_without_namespaces_grading_falls_back_to_limits_only(
    tmp_path, graded_references, project_root
):
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    shutil.copy(stub, tmp_path / "ann_mnist_dense.ipynb")
    seed_references(graded_references, tmp_path / "out")
    env = dict(os.environ, DENSEGRADE_ISOLATION="limits")
    command = [
        sys.executable,
        "-m",
        "autograder.cli",
        "grade",
        str(tmp_path / "ann_mnist_dense.ipynb"),
        "--no-reports",
    ]
    finished = subprocess.run(
        [*command, "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=project_root,
    )
    assert "Isolation: limits only" in finished.stderr
    row = _rows_without_timing(tmp_path / "out")[0]
    assert (row["status"], row["score"], row["max_score"]) == ("ok", "0", "13")


@pytest.mark.notebook
def test_broken_grader_data_stops_the_batch_before_any_student(tmp_path, data_dir, project_root):
    broken = tmp_path / "data"
    (broken / "mnist").mkdir(parents=True)
    original = (data_dir / "mnist" / "mnist.npz").read_bytes()
    (broken / "mnist" / "mnist.npz").write_bytes(original[: len(original) // 2])  # cut short
    (broken / "cifar10").mkdir()
    (broken / "cifar10" / "cifar10.npz").symlink_to(data_dir / "cifar10" / "cifar10.npz")
    stub = project_root / "assignments" / "mnist_dense" / "mnist_dense.ipynb"
    for student in ("ann", "ben"):
        shutil.copy(stub, tmp_path / f"{student}_mnist_dense.ipynb")
    out = tmp_path / "out"
    finished = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "grade", str(tmp_path), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=project_root,
        env=dict(os.environ, DENSEGRADE_DATA_DIR=str(broken)),
    )
    assert finished.returncode == 3, finished.stderr[-2000:]
    assert "grading stopped before any student" in finished.stderr
    assert "mnist.npz is not a readable .npz file" in finished.stderr
    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert {row["student"] for row in rows} == {"ann_mnist_dense", "ben_mnist_dense"}
    for row in rows:  # a row, a reason, and no score
        assert (row["status"], row["score"]) == ("grader_error", "")
        assert row["reason"].startswith("not graded: a reference solution did not get full")
    results = [json.loads(path.read_text()) for path in out.glob("results/*.json")]
    assert results and all(result["score"] is None for result in results)
    reference = json.loads((out / "reference" / "mnist_dense.json").read_text())
    assert reference["status"] == "grader_error"
    assert "the grader's setup cell failed: DatasetError" in reference["reason"]
    page = json.loads((out / "gradescope" / "ann_mnist_dense" / "results.json").read_text())
    assert "score" not in page and page["output"].startswith("Not graded yet")
