import csv
import json

from autograder import results
from autograder.results import CheckResult, SubmissionResult
from autograder.statuses import Status


def _result(name="alice", status="ok", score=3.0):
    check = CheckResult("model", "architecture", 0.0, 2.0, False, False, "layer 1 differs", "raw")
    return SubmissionResult(
        name, f"{name}-id", f"/x/{name}.ipynb", "mnist_dense", status, "", score, 13.0, [check]
    )


def test_student_message_is_split_from_otters_report():
    raw = (
        "Error at line 9 in test model:\n  model_checks.check(...)\nCheckFailed: expected 32 units"
    )
    message, detail = results.split_failure_message(raw, passed=False)
    assert message == "expected 32 units" and detail == raw


def test_an_unexpected_error_in_a_check_gets_a_readable_message():
    message, _ = results.split_failure_message("Traceback ...\nNameError: name 'np'", False)
    assert message == "The check could not run on your notebook: NameError: name 'np'"


def test_json_and_csv_hold_every_submission(tmp_path):
    graded = [_result("bob", score=13.0), _result("alice")]
    for result in graded:
        results.write_submission(result, tmp_path)
    results.write_grades_csv(graded, tmp_path)
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert [row["submission"] for row in rows] == ["alice", "bob"]
    assert rows[1]["score"] == "13" and rows[1]["max_score"] == "13"
    assert rows[0]["student"] == "alice-id"
    assert set(results.CSV_COLUMNS) <= set(rows[0])
    saved = json.loads((tmp_path / "results/alice.json").read_text())
    assert saved["checks"][0]["message"] == "layer 1 differs"
    assert not list(tmp_path.glob("results/.*"))  # no temporary files left behind


def test_table_lists_scores_and_reasons():
    failed = _result("carol", status="invalid", score=0.0)
    failed.reason = "not a readable notebook"
    table = results.format_table([_result(), failed])
    assert "alice" in table and "3 / 13" in table and "not a readable notebook" in table


def test_safe_file_stem():
    assert results.safe_file_stem("a b/c:d.ipynb") == "a_b_c_d.ipynb"
    assert results.safe_file_stem("...") == "submission"


def test_a_row_the_grader_failed_on_carries_no_score(tmp_path):
    failed = _result("dan", status="grader_error", score=0.0)
    failed.score = None
    results.write_grades_csv([failed], tmp_path)
    (row,) = csv.DictReader((tmp_path / "grades.csv").open())
    assert (row["status"], row["score"]) == ("grader_error", "")
    assert "not graded" in results.format_table([failed])
    results.write_submission(failed, tmp_path)
    back = results.load_results(tmp_path / "results")[0]
    assert back.score is None
    assert back.status is Status.GRADER_ERROR and back.grader_failed and not back.final
