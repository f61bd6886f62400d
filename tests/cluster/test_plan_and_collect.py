"""A run's plan and its collect job, on results written as tasks write them (no kernel)."""

import csv
import json
import shutil

import nbformat

from autograder.contracts.identity import grader_fingerprint
from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import SubmissionResult
from autograder.contracts.statuses import Status
from autograder.drivers.cluster.collect import ALL_GRADED, SOME_NOT_GRADED, collect
from autograder.drivers.cluster.manifest import Manifest
from autograder.drivers.cluster.plan import plan_entries
from autograder.drivers.reference import REFERENCE_FAILED, reference_digest


def class_folder(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for name, code in (("ann", "x = 1"), ("bob", "x = 2"), ("cid", "x = 3")):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nbformat.write(notebook, folder / f"{name}_mnist_dense.ipynb")
    shutil.copy(folder / "ann_mnist_dense.ipynb", folder / "dan_mnist_dense.ipynb")  # a copy
    return folder


def graded(entry, score=13.0, status=Status.OK) -> SubmissionResult:
    return SubmissionResult(
        submission=entry.name,
        student=entry.student,
        path=entry.path,
        assignment="mnist_dense",
        status=status,
        score=score if status != Status.GRADER_ERROR else None,
        max_score=13.0,
        content_sha256=entry.digest,
        grader=grader_fingerprint(),
    )


def run_of(folder, out, tmp_path) -> Manifest:
    entries = plan_entries([folder], out, grader_fingerprint(), force=False)
    return Manifest(str(out), [str(folder)], grader_fingerprint(), {}, 1, entries)


def test_the_plan_keeps_what_was_graded_and_grades_a_copy_once(tmp_path):
    folder, out = class_folder(tmp_path), tmp_path / "out"
    first = run_of(folder, out, tmp_path)
    assert [(e.name, e.graded, e.same_as) for e in first.entries] == [
        ("ann_mnist_dense", False, None),
        ("bob_mnist_dense", False, None),
        ("cid_mnist_dense", False, None),
        ("dan_mnist_dense", False, "ann_mnist_dense"),
    ]
    by_name = {e.name: e for e in first.entries}
    OutputFolder(out).record(graded(by_name["ann_mnist_dense"]))
    OutputFolder(out).record(graded(by_name["bob_mnist_dense"], status=Status.GRADER_ERROR))
    again = run_of(folder, out, tmp_path)
    assert [e.name for e in again.to_grade] == ["bob_mnist_dense", "cid_mnist_dense"]
    assert {e.name: e.same_as for e in again.entries}["dan_mnist_dense"] == "ann_mnist_dense"


def test_collect_writes_every_row_and_says_what_no_task_finished(tmp_path):
    folder, out = class_folder(tmp_path), tmp_path / "out"
    run = run_of(folder, out, tmp_path)
    OutputFolder(out).record_reference(graded_reference())
    by_name = {e.name: e for e in run.entries}
    OutputFolder(out).record(graded(by_name["ann_mnist_dense"], score=11.0))
    OutputFolder(out).record(graded(by_name["bob_mnist_dense"]))
    collected = collect(run, tmp_path / "run", reports=False)
    assert collected.exit_status == SOME_NOT_GRADED
    rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open())}
    assert (rows["dan_mnist_dense"]["score"], rows["dan_mnist_dense"]["student"]) == (
        "11",
        "dan_mnist_dense",
    )
    assert rows["cid_mnist_dense"]["status"] == "grader_error"
    assert rows["cid_mnist_dense"]["score"] == ""
    assert (
        "the cluster task that had it ended before grading it" in rows["cid_mnist_dense"]["reason"]
    )
    gradescope = json.loads((out / "gradescope/cid_mnist_dense/results.json").read_text())
    assert "score" not in gradescope

    OutputFolder(out).record(graded(by_name["cid_mnist_dense"]))  # the rerun's task
    assert collect(run, tmp_path / "run", reports=False).exit_status == ALL_GRADED


def test_collect_after_a_failed_reference_scores_no_student(tmp_path):
    folder, out = class_folder(tmp_path), tmp_path / "out"
    run = run_of(folder, out, tmp_path)
    OutputFolder(out).record_reference(graded_reference(score=12.0))
    collected = collect(run, tmp_path / "run", reports=False)
    assert collected.exit_status == REFERENCE_FAILED
    assert {r.score for r in collected.results} == {None}
    assert "reference solution of mnist_dense scored 12 / 13" in collected.results[0].reason


def graded_reference(score: float = 13.0) -> SubmissionResult:
    return SubmissionResult(
        submission="+reference-mnist_dense",
        student="",
        path="",
        assignment="mnist_dense",
        status=Status.OK,
        score=score,
        max_score=13.0,
        content_sha256=reference_digest("mnist_dense"),
        grader=grader_fingerprint(),
    )
