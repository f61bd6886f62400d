"""The output folder: every path declared once, and record() writing a result's three files."""

import csv
import json

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.results import CheckResult, SubmissionResult
from autograder.contracts.statuses import Status


def _result(name="alice", status=Status.OK, score=3.0, digest="d", grader="g"):
    check = CheckResult("model", "architecture", 0.0, 2.0, False, False, "layer 1 differs", "raw")
    return SubmissionResult(
        name,
        f"{name}-id",
        f"/x/{name}.ipynb",
        "mnist_dense",
        status,
        "",
        score,
        13.0,
        [check],
        content_sha256=digest,
        grader=grader,
    )


def test_record_writes_the_json_the_gradescope_file_and_the_csv_row(tmp_path):
    out = OutputFolder(tmp_path)
    out.record(_result("bob", score=13.0))
    out.record(_result("alice"))
    rows = list(csv.DictReader(out.grades_csv.open()))
    assert [row["submission"] for row in rows] == ["alice", "bob"]
    assert rows[1]["score"] == "13" and rows[0]["student"] == "alice-id"
    saved = json.loads(out.result_file("alice").read_text())
    assert (
        saved["format"] == "densegrade.result"
        and saved["checks"][0]["message"] == "layer 1 differs"
    )
    assert json.loads(out.gradescope_file("bob").read_text())["score"] == 13.0
    assert out.result("alice") == _result("alice")
    assert not list(tmp_path.glob("results/.*"))  # no temporary files left behind


def test_a_row_the_grader_failed_on_carries_no_score(tmp_path):
    out = OutputFolder(tmp_path)
    out.record(_result("dan", status=Status.GRADER_ERROR, score=None))
    (row,) = csv.DictReader(out.grades_csv.open())
    assert (row["status"], row["score"]) == ("grader_error", "")
    back = out.results()[0]
    assert back.score is None and back.grader_failed and not back.final


def test_a_task_without_the_gradebook_writes_no_csv(tmp_path):
    OutputFolder(tmp_path, gradebook=False).record(_result())
    assert not (tmp_path / "grades.csv").exists() and (tmp_path / "results/alice.json").exists()


def test_a_current_result_written_first_stands(tmp_path):
    first, second = OutputFolder(tmp_path, gradebook=False), OutputFolder(tmp_path, gradebook=False)
    assert first.record(_result(score=13.0), keep_current=True) == ["alice"]
    assert second.record(_result(score=1.0), keep_current=True) == []
    assert first.result("alice").score == 13.0
    # a stale result (another grader) or the grader's failure is replaced
    assert second.record(_result(score=2.0, grader="new"), keep_current=True) == ["alice"]
    failed = _result(status=Status.GRADER_ERROR, score=None, grader="new2")
    first.record(failed, keep_current=True)
    assert first.record(_result(score=5.0, grader="new2"), keep_current=True) == ["alice"]


def test_previous_results_are_those_of_the_same_grader(tmp_path):
    out = OutputFolder(tmp_path)
    out.record(_result("ann", grader="g"), _result("ben", grader="other"))
    assert set(out.previous("g")) == {"ann"}


def test_references_load_by_assignment(tmp_path):
    out = OutputFolder(tmp_path)
    out.record_reference(_result("reference", score=13.0))
    assert out.references()["mnist_dense"].score == 13.0
    assert out.reference_file("mnist_dense").is_file()


def test_links_between_pages_are_relative(tmp_path):
    out = OutputFolder(tmp_path)
    page = out.ta_page("a b")
    assert page == tmp_path / "ta" / "a_b.html"
    assert out.link(page, out.index) == "../index.html"
    assert out.link(page, out.log_file("a b")) == "../logs/a b.log"
    assert out.relative(out.feedback_page("a b")) == "feedback/a_b.html"
