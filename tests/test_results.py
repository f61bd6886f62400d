import dataclasses
import json

from autograder.contracts import results, typed_files
from autograder.contracts.evidence import Evidence
from autograder.contracts.results import CheckResult, Currency, SubmissionResult
from autograder.contracts.statuses import Status
from tests.reports.made_results import evidence


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


def test_table_lists_scores_and_reasons():
    failed = _result("carol", status="invalid", score=0.0)
    failed.reason = "not a readable notebook"
    table = results.format_table([_result(), failed])
    assert "alice" in table and "3 / 13" in table and "not a readable notebook" in table


def test_safe_file_stem():
    assert results.safe_file_stem("a b/c:d.ipynb") == "a_b_c_d.ipynb"
    assert results.safe_file_stem("...") == "submission"


def test_a_result_is_current_for_its_file_and_grader_unless_the_grader_failed():
    result = _result()
    result.content_sha256, result.grader = "abc", "g1"
    assert results.currency(result, "abc", "g1") is Currency.CURRENT
    assert results.currency(result, "abd", "g1") is Currency.STALE  # the file changed
    assert results.currency(result, "abc", "g2") is Currency.STALE  # the grader changed
    assert results.currency(None, "abc", "g1") is Currency.STALE
    assert results.currency(result, "", "g1") is Currency.STALE  # an unreadable file
    failed = dataclasses.replace(result, status=Status.GRADER_ERROR, score=None)
    assert results.currency(failed, "abc", "g1") is Currency.FAILED


def test_full_marks_means_every_point_and_status_ok():
    def graded(status, score):
        return SubmissionResult(
            "x", "x", "x.ipynb", "mnist_dense", status, score=score, max_score=13
        )

    assert graded("ok", 13).full_marks
    assert not graded("ok", 12).full_marks
    assert not graded("memory", 13).full_marks
    assert not graded("grader_error", None).full_marks


def test_a_result_file_of_another_version_is_not_read(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({**typed_files.to_plain(_result()), "version": 0}))
    assert results.read_result(path) is None
    typed_files.write(path, _result())
    assert results.read_result(path) == _result()
    assert results.load_results(tmp_path) == [_result()]


def test_a_result_comes_back_with_its_evidence_typed(tmp_path):
    graded = dataclasses.replace(_result(), evidence=evidence())
    path = typed_files.write(tmp_path / "alice.json", graded)
    back = results.read_result(path)
    assert back == graded and back is not None and isinstance(back.evidence, Evidence)


def test_a_result_written_before_the_evidence_was_typed_is_graded_again(tmp_path):
    path = tmp_path / "old.json"
    old = {**typed_files.to_plain(_result()), "format": "densegrade.result", "version": 1}
    old["evidence"] = {"layers": {"unavailable": "`model` is not defined"}, "arrays": {}}
    path.write_text(json.dumps(old))
    unreadable: list[str] = []
    assert results.read_result(path) is None
    assert results.load_results(tmp_path, unreadable) == [] and unreadable == ["old.json"]
