import json

from autograder.contracts.output.folder import OutputFolder
from autograder.contracts.output.gradescope import gradescope_results, placeholder_results
from autograder.contracts.results import CheckResult, SubmissionResult


def _result(status="ok", reason=""):
    checks = [
        CheckResult("model", "architecture", 2, 2, True, False, "passed"),
        CheckResult(
            "evaluation",
            "accuracy",
            0,
            2,
            False,
            True,
            "Test accuracy is 0.81; the lesson's bar is 0.90.",
            detail="def test_accuracy(model): check_accuracy(model).require()",
        ),
    ]
    return SubmissionResult(
        submission="ann",
        student="ann",
        path="ann.ipynb",
        assignment="mnist_dense",
        status=status,
        reason=reason,
        score=2 if status == "ok" else 0,
        max_score=4,
        seconds=31.6,
        checks=checks if status == "ok" else [],
    )


def test_every_check_is_a_test_and_hidden_ones_wait_for_publication():
    results = gradescope_results(_result())
    assert results["score"] == 2 and results["execution_time"] == 32
    public, hidden = results["tests"]
    assert (public["name"], public["score"], public["max_score"]) == ("model: architecture", 2, 2)
    assert public["visibility"] == "visible"
    assert hidden["visibility"] == "after_published"
    assert hidden["output"] == "Test accuracy is 0.81; the lesson's bar is 0.90."


def test_no_ta_detail_or_test_code_is_written(tmp_path):
    OutputFolder(tmp_path).record(_result())
    path = tmp_path / "gradescope" / "ann" / "results.json"
    assert "check_accuracy" not in path.read_text()
    assert json.loads(path.read_text())["tests"][1]["status"] == "failed"


def test_a_submission_that_could_not_be_scored_says_why():
    results = gradescope_results(_result("timeout", "the notebook ran longer than 900 s"))
    assert results["tests"] == [] and results["score"] == 0
    assert results["output"].startswith("Grading stopped: the notebook ran longer than 900 s")


def test_a_submission_the_grader_failed_on_gets_no_score_at_all():
    result = _result("grader_error", "the grader's setup cell failed: DatasetError: ...")
    result.score = None
    results = gradescope_results(result)
    assert "score" not in results and results["tests"] == []
    assert results["output"].startswith("Not graded yet: the autograder itself failed")
    assert "DatasetError" not in results["output"]  # the grader's trouble is for staff


def test_the_placeholder_says_grading_did_not_finish():
    placeholder = json.loads(placeholder_results())
    assert "score" not in placeholder and placeholder["extra_data"] == {"status": "not_finished"}
